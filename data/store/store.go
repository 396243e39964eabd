package store

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"github.com/rapport-app/rapport/data/store/engine"
	"github.com/rapport-app/rapport/data/store/tables"
)

// Store is the shop's reads and writes over its database (package engine: a
// SQLite file, or a PostgreSQL database shared by several computers). The
// engine's methods (Close, Path, Backup, Changes, CopyTo…) are the store's too.
// Its methods are safe for concurrent use.
type Store struct {
	*engine.DB
	db *sql.DB // the engine's connection pool

	search searchIndex // the customer search (customers.go)
	// refreshing lets one RefreshPlan at a time re-plan a new day (plan.go).
	refreshing sync.Mutex
}

// ErrNotFound is returned when a row asked for by ID does not exist.
var ErrNotFound = tables.ErrNotFound

// Open opens the shop's database at path (a file, or a postgres:// URL),
// creating it when it does not exist and bringing its schema up to date: see
// engine.Open, which says what is refused and left untouched. created reports
// whether this call made the file (or filled an empty one).
func Open(path string) (s *Store, created bool, err error) {
	db, created, err := engine.Open(path, migrationSteps)
	if err != nil {
		return nil, false, err
	}
	return newStore(db), created, nil
}

// OpenExisting opens the shop's database at path as Open does, but never makes
// one: a missing or empty file is an *engine.OpenError that wraps
// fs.ErrNotExist. It is for the commands that only look.
func OpenExisting(path string) (*Store, error) {
	db, err := engine.OpenExisting(path, migrationSteps)
	if err != nil {
		return nil, err
	}
	return newStore(db), nil
}

func newStore(db *engine.DB) *Store { return &Store{DB: db, db: db.SQL()} }

// Restore replaces the shop at path (a file or a postgres:// URL) with the backup
// at backupPath, waiting up to engine.DefaultRestoreWait for the processes that
// have the file open: see engine.Restore.
func Restore(path, backupPath string) error {
	return RestoreWaiting(path, backupPath, engine.DefaultRestoreWait)
}

// RestoreWaiting is Restore waiting up to wait.
func RestoreWaiting(path, backupPath string, wait time.Duration) error {
	return engine.Restore(path, backupPath, wait, migrationSteps)
}

// RestoreShared replaces the shared shop at the URL db with the backup at
// backupPath, refused while other computers are connected unless force: see
// engine.RestoreShared.
func RestoreShared(ctx context.Context, db, backupPath string, force bool) error {
	return engine.RestoreShared(ctx, db, backupPath, force, migrationSteps)
}
