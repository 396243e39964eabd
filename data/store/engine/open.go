package engine

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DB is the database under a shop: a SQLite file, or a PostgreSQL database shared
// by several computers (pg.go). Its methods are safe for concurrent use.
type DB struct {
	db   *sql.DB
	path string
	// Now is the clock. Tests and the --now flag replace it so that "today" is
	// reproducible (the day's backup).
	Now func() time.Time
	// steps are the migrations written in Go (Options.Steps).
	steps Steps

	// backingUp is held while a backup is written, so that Close waits for it (a
	// window closed while the day's backup runs behind it).
	backingUp sync.Mutex

	// pg: the database is PostgreSQL (pg.go, dialect.go), path its URL without the
	// password; there is no file, no file lock and no application_id then.
	pg       bool
	pgConfig *pgx.ConnConfig // the server and how to reach it (Changes)

	use    *lockFile   // the use lock, held shared from Open to Close (lock.go)
	opened os.FileInfo // the file as Open found it, to tell at Close whether it was replaced
	closed bool
}

// Steps are the steps of migrations written in Go, by migration number: each runs
// in its migration's transaction after the migration's SQL. They belong to the
// package that knows what the rows mean (store).
type Steps map[int]func(ctx context.Context, tx *sql.Tx) error

// SQL is the connection pool, for the reads and writes of package store (and its
// tests). Its errors are the driver's: what a person may see goes through Plain
// or Explain first.
func (s *DB) SQL() *sql.DB { return s.db }

// ErrReplaced is wrapped by Close when the database file was replaced or removed
// while the store had it open: what was written since went into the old file.
var ErrReplaced = errors.New("the database file was replaced while Rapport had it open")

// openWait is how long Open waits for a restore, or another process creating or
// updating the file, to finish.
const openWait = time.Minute

// Open opens the Rapport database at path, creating it (and its folder,
// owner-only) when it does not exist, and bringing its schema up to date. A path
// that is not a regular file (a folder, a device, a FIFO, a socket), a file that
// is not Rapport's (another program's database), a damaged one or one made by a
// newer Rapport is refused with an *OpenError and left untouched; nothing that
// this call did not create is ever removed. created reports whether this call
// made the file (or filled an empty one).
//
// The store holds the use lock shared until Close (see lock.go): a restore waits
// for it. Open waits (up to a minute) for a restore in progress.
func Open(path string, steps Steps) (s *DB, created bool, err error) { return open(path, true, steps) }

// OpenExisting opens the Rapport database at path as Open does, but never makes
// one: a missing or empty file is an *OpenError that wraps fs.ErrNotExist. It is
// for the commands that only look.
func OpenExisting(path string, steps Steps) (*DB, error) {
	s, _, err := open(path, false, steps)
	return s, err
}

func open(path string, create bool, steps Steps) (*DB, bool, error) {
	if IsURL(path) {
		return openPG(path, create, steps)
	}
	refuse := func(err error) (*DB, bool, error) {
		var oe *OpenError
		if errors.As(err, &oe) && oe.Path == path && oe.Backup == "" && !errors.Is(err, fs.ErrNotExist) {
			oe.Backup = latestBackup(path)
		}
		return nil, false, err
	}
	// What can be told without SQLite or a lock: not a regular file, not SQLite,
	// another program's, cut short. Nothing is made beside such a file.
	kind, err := lookFile(path)
	if err != nil {
		return refuse(err)
	}
	switch {
	case kind == fileMissing && !create:
		return refuse(&OpenError{Path: path, Reason: "it does not exist", Err: fs.ErrNotExist})
	case kind == fileZero && !create:
		return refuse(&OpenError{Path: path, Reason: "it is empty: there is no shop in it yet", Err: fs.ErrNotExist})
	case kind == fileMissing:
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return refuse(&OpenError{Path: path, Reason: fmt.Sprintf("its folder cannot be made (%v)", plainPathError(err)), Err: err})
		}
	default:
		// SQLite would quietly open a read-only file read-only, and the first save
		// would fail; say so now.
		f, err := os.OpenFile(path, os.O_RDWR|openNoBlock, 0)
		if err != nil {
			return refuse(&OpenError{Path: path, Reason: fmt.Sprintf("it is read-only (%v); Rapport needs to write to it", plainPathError(err)), Err: err})
		}
		f.Close()
	}
	lk, err := openLockFile(LockPath(path))
	if err != nil {
		return refuse(err)
	}
	s, created, err := openLocked(path, create, lk, steps)
	if err != nil {
		lk.close()
		return refuse(err)
	}
	return s, created, nil
}

// openLocked is Open once the use lock file is open: it takes the lock, and
// creates, fills or migrates the file when needed, alone (the lock exclusive).
func openLocked(path string, create bool, lk *lockFile, steps Steps) (*DB, bool, error) {
	// Alone on the file (nobody has it open), Open may clear leftovers and look
	// for damage after an unclean close; otherwise it waits for a restore only.
	alone, err := lk.lock(exclusive, 0)
	if err != nil {
		return nil, false, err
	}
	if !alone {
		if ok, err := lk.lock(shared, openWait); err != nil {
			return nil, false, err
		} else if !ok {
			return nil, false, lk.busy(path, "open", openWait)
		}
	}
	ctx := context.Background()
	tidied, checked := false, false
	for round := 0; round < 8; round++ {
		full := false
		if lk.held == exclusive {
			if !tidied {
				tidy(path)
				tidied = true
			}
			// A -wal with something in it while nobody has the file open is what a
			// crash (of Rapport or of the machine) leaves: look at every page.
			full = !checked && walHasContent(path)
		}
		kind, version, err := look(path, full)
		if err != nil {
			return nil, false, err
		}
		checked = checked || full
		switch {
		case kind == fileMissing && !create:
			return nil, false, &OpenError{Path: path, Reason: "it does not exist", Err: fs.ErrNotExist}
		case (kind == fileZero || kind == fileBlank) && !create:
			return nil, false, &OpenError{Path: path, Reason: "it is empty: there is no shop in it yet", Err: fs.ErrNotExist}
		}
		if kind == fileCurrent {
			s := newDB(path, lk, steps)
			// Reading makes the -wal and -shm SQLite needs beside the file: in a
			// folder Rapport cannot write to, that fails now rather than at the
			// first save.
			var n int
			if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
				s.db.Close()
				if serr := s.Plain(err); serr != err {
					return nil, false, &OpenError{Path: path, Reason: strings.Replace(serr.Error(), "so nothing was saved", "so Rapport cannot work on it", 1), Err: err}
				}
				return nil, false, fmt.Errorf("open %s: %w", path, Explain(err))
			}
			if lk.held == exclusive {
				if err := s.share(); err != nil {
					s.db.Close()
					return nil, false, err
				}
				if !s.stillOpened() {
					s.db.Close()
					continue // a restore came in between: look again
				}
			}
			return s, false, nil
		}
		// The file must be made, filled or migrated: that is done alone.
		if lk.held != exclusive {
			lk.unlock()
			if ok, err := lk.lock(exclusive, openWait); err != nil {
				return nil, false, err
			} else if !ok {
				return nil, false, lk.busy(path, "open", openWait)
			}
			continue // someone else may have done it meanwhile
		}
		if kind == fileOlder && version > 0 && !checked {
			// Never migrate a damaged file: look at every page first (once per
			// migration, so rarely).
			if _, _, err := look(path, true); err != nil {
				return nil, false, err
			}
			checked = true
		}
		var made os.FileInfo
		switch kind {
		case fileMissing:
			f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
			if errors.Is(err, fs.ErrExist) {
				if _, serr := os.Stat(path); errors.Is(serr, fs.ErrNotExist) {
					return nil, false, &OpenError{Path: path, Reason: "it is a link to a file that does not exist; Rapport does not create files through links", Err: err}
				}
				continue // made by a program outside the lock: look at it
			}
			if err != nil {
				return nil, false, createError(path, err)
			}
			made, err = f.Stat()
			f.Close()
			if err != nil {
				return nil, false, createError(path, err)
			}
		case fileZero:
			// An empty file given as the database is Rapport's to fill; it is made
			// owner-only first, and so are the -wal and -shm SQLite makes beside it,
			// which take its permissions.
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				if st, err := os.Lstat(p); err == nil && st.Mode().IsRegular() {
					os.Chmod(p, 0o600) //nolint:errcheck // a file not ours to change keeps its mode
				}
			}
		}
		s := newDB(path, lk, steps)
		if err := s.migrate(ctx); err != nil {
			s.db.Close()
			if made != nil {
				removeMade(path, made)
			}
			if serr := s.Plain(err); serr != err {
				return nil, false, &OpenError{Path: path, Reason: strings.Replace(serr.Error(), "so nothing was saved", "so Rapport cannot work on it", 1), Err: err}
			}
			return nil, false, fmt.Errorf("open %s: %w", path, err)
		}
		if err := s.share(); err != nil {
			s.db.Close()
			return nil, false, err
		}
		if !s.stillOpened() {
			s.db.Close()
			continue
		}
		return s, made != nil || kind == fileZero, nil
	}
	return nil, false, &OpenError{Path: path, Reason: "it kept being replaced while Rapport opened it; try again"}
}

// newDB opens the connection pool on path and notes the file it opened.
func newDB(path string, lk *lockFile, steps Steps) *DB {
	db, _ := sql.Open("sqlite", dsn(path)) // sql.Open only records the DSN
	s := &DB{db: db, path: path, Now: time.Now, use: lk, steps: steps}
	s.opened, _ = os.Stat(path)
	return s
}

// share turns the exclusive lock Open took into the shared one the store keeps.
func (s *DB) share() error {
	ok, err := s.use.lock(shared, openWait)
	if err != nil {
		return err
	}
	if !ok {
		return s.use.busy(s.path, "open", openWait)
	}
	return nil
}

// stillOpened reports whether the path is still the file the store opened.
func (s *DB) stillOpened() bool {
	st, err := os.Stat(s.path)
	if err != nil || s.opened == nil {
		return false
	}
	if !os.SameFile(st, s.opened) {
		return false
	}
	return true
}

// removeMade removes the file Open made, with what SQLite made beside it, when it
// is still that file.
func removeMade(path string, made os.FileInfo) {
	if st, err := os.Stat(path); err != nil || !os.SameFile(st, made) {
		return
	}
	os.Remove(path)
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
}

func createError(path string, err error) error {
	if errors.Is(err, fs.ErrPermission) || isReadOnlyFS(err) {
		return &OpenError{Path: path, Reason: "its folder is read-only, so Rapport cannot make the file there", Err: err}
	}
	return &OpenError{Path: path, Reason: fmt.Sprintf("it cannot be made (%v)", plainPathError(err)), Err: err}
}

// plainPathError is an *fs.PathError without its path, which the message names
// already.
func plainPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// dsn is the data source name of a read-write connection to path: the pragmas go
// in it so that every pooled connection gets them.
//
// SQLite reads the file through a memory map of up to mmapBytes (PRAGMA
// mmap_size) rather than copying each page it reads into its page cache: a big
// shop's day list reads pages all over the customers, far more than the page
// cache of 2 MB holds. Writes still go through the write-ahead log. The catch
// (sqlite.org/mmap.html) is that a mapped page that cannot be read stops the
// program, where a read call would have failed with an error to put in words:
// an I/O error of the disk (one taken away mid-read), after which the file is as
// a crash leaves it, which the log recovers; or the file cut shorter in place
// while open, by another program copying a shorter file over it, after which the
// file is as that program left it, and the next Open checks every page, as
// after any unclean close. Rapport itself never cuts the file: a restore renames
// a new file over it, a backup writes a new file.
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", fmt.Sprintf("mmap_size(%d)", mmapBytes))
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// mmapBytes is SQLite's own ceiling for mmap_size (SQLITE_MAX_MMAP_SIZE,
// 0x7fff0000): files up to 2 GB, the million-customer shop's included, are read
// through the map whole, and a larger one through it as far as that.
const mmapBytes = 0x7fff0000

// readOnlyDSN opens path read-only. Without a -wal file beside it the file is
// whole in itself and is read as immutable, so that not even an empty -wal or -shm
// is left beside a file that is refused; with one, SQLite must read it, and the
// file may be in use.
func readOnlyDSN(path string) string {
	dsn := "file:" + path + "?mode=ro&_pragma=busy_timeout(5000)"
	if _, err := os.Stat(path + "-wal"); errors.Is(err, fs.ErrNotExist) {
		dsn += "&immutable=1"
	}
	return dsn
}

// walHasContent reports whether a -wal with something in it lies beside path.
func walHasContent(path string) bool {
	st, err := os.Stat(path + "-wal")
	return err == nil && st.Size() > 0
}

// Path is the database file.
func (s *DB) Path() string { return s.path }

// Close closes the database, once a backup being written has finished, and lets
// go of the use lock. It returns an error wrapping ErrReplaced when the file at
// the store's path is no longer the one it opened (replaced or removed behind
// Rapport's back, where locks are not enforced): what was saved since is not in
// the file there, and must not be reported as saved.
func (s *DB) Close() error {
	s.backingUp.Lock()
	defer s.backingUp.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	err := s.db.Close()
	if s.pg {
		return explainPG(err)
	}
	if err == nil && !s.stillOpened() {
		err = fmt.Errorf("%w (%s); what was saved since it was opened is not in the file there. Nothing should be taken as saved: check the file and do it again", ErrReplaced, s.path)
	}
	s.use.close()
	return err
}

// rapportAppID is the application ID (PRAGMA application_id) in the header of
// every Rapport database: "Rapp".
const rapportAppID = 0x52617070

// migration is one embedded migration file.
type migration struct {
	version int
	name    string
}

// migrations lists the embedded migrations in the order of their numbers.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var migs []migration
	for _, n := range names {
		base := filepath.Base(n)
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its number", base)
		}
		migs = append(migs, migration{v, n})
	}
	sort.Slice(migs, func(i, j int) bool { return migs[i].version < migs[j].version })
	return migs, nil
}

// newestMigration is the highest version among the embedded migrations.
func newestMigration() int {
	migs, _ := migrations()
	if len(migs) == 0 {
		return 0
	}
	return migs[len(migs)-1].version
}

// migrate applies the embedded migrations not yet recorded, each in its own
// transaction, in the order of their numbers. Each reads the schema version inside
// its transaction, so that two processes can never apply one twice, and stamps the
// file as Rapport's (application_id) with its first change.
func (s *DB) migrate(ctx context.Context) error {
	migs, err := migrations()
	if err != nil {
		return err
	}
	stamp := fmt.Sprintf(`PRAGMA application_id = %d`, rapportAppID)
	for _, m := range migs {
		body, err := migrationFiles.ReadFile(m.name)
		if err != nil {
			return err
		}
		if s.pg {
			pgBody, err := pgSchema(m, string(body))
			if err != nil {
				return err
			}
			body = []byte(pgBody)
		}
		err = s.InTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
				return fmt.Errorf("create schema_migrations: %w", err)
			}
			var newest int
			if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&newest); err != nil {
				return err
			}
			if last := migs[len(migs)-1].version; newest > last {
				return fmt.Errorf("the database has schema version %d, newer than this Rapport knows (%d); update Rapport", newest, last)
			}
			if m.version <= newest {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", filepath.Base(m.name), err)
			}
			if step := s.steps[m.version]; step != nil {
				if err := step(ctx, tx); err != nil {
					return fmt.Errorf("migration %s: %w", filepath.Base(m.name), err)
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, m.version, time.Now().Unix()); err != nil {
				return err
			}
			if s.pg {
				return nil
			}
			_, err := tx.ExecContext(ctx, stamp)
			return err
		})
		if err != nil {
			return err
		}
	}
	if s.pg {
		return nil
	}
	var id int64
	if err := s.db.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&id); err != nil {
		return err
	}
	if id != rapportAppID {
		return s.InTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, stamp)
			return err
		})
	}
	return nil
}

// SchemaVersion is the newest migration applied.
func (s *DB) SchemaVersion() (int, error) {
	var v int
	err := s.db.QueryRow(`SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// InTx runs fn in one transaction: committed if fn returns nil, rolled back
// otherwise, so a multi-row write lands whole or not at all.
func (s *DB) InTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.Plain(err)
	}
	return s.run(tx, fn)
}

// run runs fn in the transaction tx begun for it, and commits it if fn returns
// nil; otherwise, or if the commit fails, tx is rolled back. Errors are in plain
// words.
func (s *DB) run(tx *sql.Tx, fn func(tx *sql.Tx) error) error {
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := fn(tx); err != nil {
		return s.Plain(err)
	}
	return s.Plain(tx.Commit())
}

// Checkpoint folds the write-ahead log into the database file, so that a plain
// copy of the file is the whole database (a benchmark shop copied per run). It
// runs outside any transaction.
func (s *DB) Checkpoint(ctx context.Context) error {
	if s.pg {
		return nil // no file to copy
	}
	_, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

// AppID is the application ID (PRAGMA application_id) in the header of every
// Rapport database file.
const AppID = rapportAppID

// MigrationFiles are the embedded migrations (migrations/NNNN_name.sql), for the
// tests that build a database as an older Rapport left it.
func MigrationFiles() fs.FS { return migrationFiles }

// DSN is the data source name of a read-write connection to the SQLite file at
// path, with the pragmas every connection of Rapport's gets.
func DSN(path string) string { return dsn(path) }
