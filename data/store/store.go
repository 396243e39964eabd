package store

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	_ "modernc.org/sqlite"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is Rapport's SQLite database. Its methods are safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
	// Now is the clock. Tests and the --now flag replace it so that "today" and the
	// planner are reproducible.
	Now func() time.Time

	search searchIndex // the customer search (customers.go)
	// refreshing lets one RefreshPlan at a time re-plan a new day (replan.go).
	refreshing sync.Mutex
	// backingUp is held while a backup is written, so that Close waits for it (a
	// window closed while the day's backup runs behind it).
	backingUp sync.Mutex
}

// ErrNotFound is returned when a row asked for by ID does not exist.
var ErrNotFound = errors.New("not found")

// sqliteMagic opens every SQLite 3 database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// OpenError says why Open (or CheckBackup) refused a file. The file is never
// changed when it is returned, and Backup names the newest backup of it, if any,
// so the caller can offer it.
type OpenError struct {
	Path   string // the file refused
	Reason string // what is wrong with it, for people
	Backup string // the newest backup of Path ("" for none)
	Err    error  // the underlying error, if any
}

func (e *OpenError) Error() string { return "cannot open " + e.Path + ": " + e.Reason }

func (e *OpenError) Unwrap() error { return e.Err }

// Open opens the Rapport database at path, creating it (and its folder, owner-only)
// when it does not exist and bringing its schema up to date. A file that is not an
// SQLite database, an SQLite database of some other program, a damaged database or
// one made by a newer Rapport is refused with an *OpenError and left untouched.
// created reports whether the file is new.
func Open(path string) (s *Store, created bool, err error) {
	if err := checkFile(path); err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			var oe *OpenError
			if errors.As(err, &oe) {
				oe.Backup = latestBackup(path)
			}
			return nil, false, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, false, fmt.Errorf("create the folder for %s: %w", path, err)
		}
		// Create the file owner-only before SQLite does: its -wal and -shm files
		// take the database file's permissions.
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, false, fmt.Errorf("create %s: %w", path, err)
		}
		f.Close()
		created = true
	} else if f, err := os.OpenFile(path, os.O_RDWR, 0); err != nil {
		// SQLite would quietly open a read-only file read-only, and the first save
		// would fail; say so now.
		return nil, false, &OpenError{Path: path, Reason: fmt.Sprintf("it is read-only (%v); Rapport needs to write to it", err), Err: err}
	} else {
		f.Close()
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, false, fmt.Errorf("open %s: %w", path, err)
	}
	s = &Store{db: db, path: path, Now: time.Now}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		if created {
			os.Remove(path)
			os.Remove(path + "-wal")
			os.Remove(path + "-shm")
		}
		if serr := storageError(err); serr != err {
			return nil, false, &OpenError{Path: path, Reason: strings.Replace(serr.Error(), "so nothing was saved", "so Rapport cannot work on it", 1), Err: err}
		}
		return nil, false, fmt.Errorf("open %s: %w", path, err)
	}
	return s, created, nil
}

// dsn is the data source name of a read-write connection to path: the pragmas go
// in it so that every pooled connection gets them.
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

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

// newestMigration is the highest version among the embedded migrations.
func newestMigration() int {
	names, _ := fs.Glob(migrationFiles, "migrations/*.sql")
	newest := 0
	for _, n := range names {
		if v, err := strconv.Atoi(strings.SplitN(filepath.Base(n), "_", 2)[0]); err == nil && v > newest {
			newest = v
		}
	}
	return newest
}

// checkFile refuses, without writing a byte, a file that is not an SQLite database,
// that holds another program's tables, that is damaged (truncated or corrupt) or
// whose schema is newer than this Rapport's. It returns fs.ErrNotExist for a
// missing (or empty) file, which Open then creates.
func checkFile(path string) error {
	_, err := inspect(path)
	return err
}

// inspect is checkFile that also gives the file's schema version (0 for an SQLite
// file without Rapport's tables yet).
func inspect(path string) (version int, err error) {
	refuse := func(err error, format string, args ...any) error {
		return &OpenError{Path: path, Reason: fmt.Sprintf(format, args...), Err: err}
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, err
		}
		return 0, refuse(err, "cannot read it: %v", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, refuse(err, "cannot read it: %v", err)
	}
	if st.IsDir() {
		return 0, refuse(nil, "it is a folder, not a Rapport database")
	}
	if st.Size() == 0 {
		return 0, fs.ErrNotExist
	}
	head := make([]byte, len(sqliteMagic))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, sqliteMagic) {
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return 0, refuse(err, "cannot read it: %v", err)
		}
		return 0, refuse(nil, "it is not a Rapport database: it is not an SQLite file")
	}
	// Look inside read-only: journal_mode(WAL) would otherwise rewrite the header of
	// a database that is not ours, and a migration would write into a damaged one.
	ro, err := sql.Open("sqlite", readOnlyDSN(path))
	if err != nil {
		return 0, refuse(err, "cannot read it: %v", err)
	}
	defer ro.Close()
	damaged := func(err error) error {
		return refuse(err, "it is damaged (%v); it was left as it is", err)
	}
	var tables, ours int
	err = ro.QueryRow(`SELECT count(*), count(*) FILTER (WHERE name = 'schema_migrations') FROM sqlite_master WHERE type = 'table'`).Scan(&tables, &ours)
	if err != nil {
		return 0, damaged(err)
	}
	if tables > 0 && ours == 0 {
		return 0, refuse(nil, "it is an SQLite database of another program, not Rapport's; choose another file")
	}
	// quick_check reads every page: a truncated file or a damaged page shows here,
	// before anything is written.
	rows, err := ro.Query(`PRAGMA quick_check`)
	if err != nil {
		return 0, damaged(err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return 0, damaged(err)
		}
		problems = append(problems, line)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return 0, damaged(err)
	}
	rows.Close()
	if len(problems) != 1 || problems[0] != "ok" {
		if len(problems) > 3 {
			problems = append(problems[:3], "…")
		}
		return 0, damaged(errors.New(strings.Join(problems, "; ")))
	}
	if ours == 0 {
		return 0, nil
	}
	var v int
	if err := ro.QueryRow(`SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, damaged(err)
	}
	if known := newestMigration(); v > known {
		return 0, refuse(nil, "it was made by a newer Rapport (schema version %d; this one knows up to %d); update Rapport to open it", v, known)
	}
	return v, nil
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database, once a backup being written has finished.
func (s *Store) Close() error {
	s.backingUp.Lock()
	defer s.backingUp.Unlock()
	return s.db.Close()
}

// migrate applies the embedded migrations not yet recorded, each in its own
// transaction, in the order of their numbers.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return err
	}
	type mig struct {
		version int
		name    string
	}
	var migs []mig
	for _, n := range names {
		base := filepath.Base(n)
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its number", base)
		}
		migs = append(migs, mig{v, n})
	}
	sort.Slice(migs, func(i, j int) bool { return migs[i].version < migs[j].version })
	var newest int
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&newest); err != nil {
		return err
	}
	if len(migs) > 0 && newest > migs[len(migs)-1].version {
		return fmt.Errorf("the database has schema version %d, newer than this Rapport knows (%d); update Rapport", newest, migs[len(migs)-1].version)
	}
	for _, m := range migs {
		if m.version <= newest {
			continue
		}
		body, err := migrationFiles.ReadFile(m.name)
		if err != nil {
			return err
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", filepath.Base(m.name), err)
			}
			if step := migrationSteps[m.version]; step != nil {
				if err := step(ctx, tx); err != nil {
					return fmt.Errorf("migration %s: %w", filepath.Base(m.name), err)
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, m.version, time.Now().Unix())
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// SchemaVersion is the newest migration applied.
func (s *Store) SchemaVersion() (int, error) {
	var v int
	err := s.db.QueryRow(`SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// inTx runs fn in one transaction: committed if fn returns nil, rolled back
// otherwise, so a multi-row write lands whole or not at all.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return storageError(err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := fn(tx); err != nil {
		return storageError(err)
	}
	return storageError(tx.Commit())
}

// SQLite's primary result codes for a disk that cannot take the write.
const (
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteFull     = 13
	sqliteCantOpen = 14
)

// storageError says in plain words what SQLite's "database or disk is full" and
// kin mean for the user: the write was not made, and what to do.
func storageError(err error) error {
	var se interface{ Code() int }
	if err == nil || !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqliteFull:
		return fmt.Errorf("the disk is full, so nothing was saved; free some space and try again (%w)", err)
	case sqliteReadOnly:
		return fmt.Errorf("the database file or its folder is read-only, so nothing was saved (%w)", err)
	case sqliteIOErr, sqliteCantOpen:
		return fmt.Errorf("the disk could not be written, so nothing was saved (%w)", err)
	}
	return err
}

// Time columns are Unix seconds in UTC; these convert at the boundary.

func unix(t time.Time) int64 { return t.Unix() }

func fromUnix(v int64) time.Time { return time.Unix(v, 0).UTC() }

func nullUnix(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.Unix()
}

func nullTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromUnix(v.Int64)
	return &t
}

func zeroUnix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

func nullID(id shop.ID) any {
	if id == 0 {
		return nil
	}
	return id
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// dayOf is the calendar date of t in loc, as the followups.day column holds it.
func dayOf(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.DateOnly) }
