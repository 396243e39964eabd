package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// A shop with several computers keeps its data in one PostgreSQL database, named
// by a URL (postgres://user@host:5432/dbname?sslmode=…) wherever a file path is
// accepted. The password is never part of what Rapport writes: pgx reads it from
// PGPASSWORD or ~/.pgpass (PGPASSFILE) when the URL has none, and Rapport shows
// and stores the URL without it (Store.Path).

// IsURL reports whether db names a PostgreSQL database rather than a file.
func IsURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// RedactURL is a PostgreSQL URL without its password, to show and to keep.
func RedactURL(db string) string {
	u, err := url.Parse(db)
	if err != nil || u.User == nil {
		return db
	}
	if _, has := u.User.Password(); has {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}

// IsPostgres reports whether the store is a PostgreSQL database.
func (s *DB) IsPostgres() bool { return s.pg }

// pgConnectWait is how long a connection to the server is waited for.
const pgConnectWait = 15 * time.Second

// openPG opens the PostgreSQL database at the URL db, bringing its schema up to
// date (making it in an empty database when create). A database that has tables
// but not Rapport's is refused and left untouched.
func openPG(db string, create bool, steps Steps) (*DB, bool, error) {
	shown := RedactURL(db)
	cfg, err := pgx.ParseConfig(db)
	if err != nil {
		return nil, false, &OpenError{Path: shown, Reason: "it is not a PostgreSQL address Rapport can read (postgres://user@host:5432/dbname)", Err: err}
	}
	withKeyringPassword(cfg, shown)
	if _, ok := cfg.RuntimeParams["application_name"]; !ok {
		cfg.RuntimeParams["application_name"] = pgApplicationName
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = pgConnectWait
	}
	sdb := sql.OpenDB(pgConnector{inner: stdlib.GetConnector(*cfg)})
	// Each connection is a server process: a window and its commands need few.
	sdb.SetMaxOpenConns(8)
	sdb.SetMaxIdleConns(4)
	sdb.SetConnMaxIdleTime(5 * time.Minute)
	s := &DB{db: sdb, path: shown, Now: time.Now, pg: true, pgConfig: cfg, steps: steps}
	ctx := context.Background()
	fail := func(err error) (*DB, bool, error) {
		sdb.Close()
		var oe *OpenError
		if errors.As(err, &oe) {
			return nil, false, err
		}
		return nil, false, &OpenError{Path: shown, Reason: pgReason(err), Err: err}
	}
	var haveSchema bool
	var tables int
	if err := sdb.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL,
		(SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema())`).Scan(&haveSchema, &tables); err != nil {
		return fail(err)
	}
	switch {
	case !haveSchema && tables > 0:
		return fail(&OpenError{Path: shown, Reason: "it is not a Rapport database: it has tables of another program and no Rapport schema"})
	case !haveSchema && !create:
		return fail(&OpenError{Path: shown, Reason: "it is empty: there is no shop in it yet", Err: fs.ErrNotExist})
	}
	if v, err := s.SchemaVersionOrZero(ctx); err != nil {
		return fail(err)
	} else if v == newestMigration() {
		return s, false, nil
	}
	if err := s.migrate(ctx); err != nil {
		return fail(err)
	}
	return s, !haveSchema, nil
}

// SchemaVersionOrZero is the newest migration applied, 0 before the first.
func (s *DB) SchemaVersionOrZero(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT coalesce((SELECT max(version) FROM schema_migrations), 0)`).Scan(&v)
	if err != nil && s.pg {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "42P01" { // no schema_migrations yet
			return 0, nil
		}
	}
	return v, err
}

// pgReason says why the server or database at cfg cannot be used, in plain words.
func pgReason(err error) string {
	if msg := pgPlain(err); msg != "" {
		return msg
	}
	return "the database server reported an error Rapport has no words for"
}

// pgPlain is the sentence for a PostgreSQL error a person may meet, "" for others.
func pgPlain(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "28P01" || pe.Code == "28000":
			return "the database server refused the user name or password: give the password when Rapport asks for it, keep it in this computer's keyring (rapport password), or put it in ~/.pgpass or PGPASSWORD"
		case pe.Code == "3D000":
			return "the database does not exist on the server; make it first (createdb, or ask whoever runs the server)"
		case pe.Code == "42501":
			return "the database user may not do this (permission denied); ask whoever runs the server to give it the rights on the database"
		case pe.Code == "53100":
			return "the database server's disk is full, so nothing was saved; free some space there and try again"
		case pe.Code == "53300":
			return "the database server has too many connections open; close some Rapport windows or try again shortly"
		case pe.Code == "40001" || pe.Code == "40P01" || pe.Code == "55P03":
			return "the database is busy: another Rapport is working on it, so nothing was saved; try again when it has finished"
		case pe.Code == "25006":
			return "the database is read-only, so nothing was saved"
		case strings.HasPrefix(pe.Code, "57P"):
			return "the database server was shut down or restarted, so nothing was saved; try again when it is back"
		case strings.HasPrefix(pe.Code, "23"):
			return "the database refused the change (it would break one of its rules), so nothing was saved"
		case pe.Code == "42P01":
			return "the database is damaged: one of Rapport's tables is missing, so nothing was saved; restore the latest backup"
		}
		return ""
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	switch {
	case errors.As(err, &ce):
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) {
			return "the database server's name cannot be found (" + dnsErr.Name + "); check the address"
		}
		if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
			return "the database server did not answer in time; check the address and that the server is running"
		}
		return "the database server cannot be reached (is it running, and is the address right?)"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed), errors.As(err, &ne):
		return "the connection to the database server was lost, so nothing was saved; try again"
	}
	if pgconn.Timeout(err) {
		return "the database server did not answer in time, so nothing was saved; try again"
	}
	return ""
}

// isPGError reports whether err comes from PostgreSQL or the connection to it.
func isPGError(err error) bool {
	var pe *pgconn.PgError
	var ce *pgconn.ConnectError
	return errors.As(err, &pe) || errors.As(err, &ce) || pgPlain(err) != ""
}

// explainPG is err with a PostgreSQL error put in plain words, or nil when err is
// not one.
func explainPG(err error) error {
	if !isPGError(err) {
		return nil
	}
	msg := pgPlain(err)
	var raw error = err
	var pe *pgconn.PgError
	var ce *pgconn.ConnectError
	switch {
	case errors.As(err, &pe):
		raw = pe
	case errors.As(err, &ce):
		raw = ce
	}
	if raw != err && !strings.Contains(err.Error(), raw.Error()) {
		return err // already in plain words
	}
	if msg == "" {
		code := ""
		if pe != nil {
			code = " " + pe.Code
		}
		msg = fmt.Sprintf("the database server reported an error it has no words for (PostgreSQL code%s), so nothing was saved", code)
	}
	return &StorageError{Msg: replaceRaw(err, raw, msg), Err: err}
}

// OpenSQL is a bare connection pool to the database db (a file or a URL) speaking
// the store's SQL (dialect.go), without its services, lock or migrations: for
// tests and tools that look underneath the store, as another program would.
func OpenSQL(db string) (*sql.DB, error) {
	if !IsURL(db) {
		return sql.Open("sqlite", dsn(db))
	}
	cfg, err := pgx.ParseConfig(db)
	if err != nil {
		return nil, err
	}
	withKeyringPassword(cfg, RedactURL(db))
	return sql.OpenDB(pgConnector{inner: stdlib.GetConnector(*cfg)}), nil
}
