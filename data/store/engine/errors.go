package engine

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

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

// StorageError is an error of the database said in plain words: what happened to
// the work, and what to do. The driver's own error is kept for errors.As but is
// not part of the message.
type StorageError struct {
	Msg string
	Err error
}

func (e *StorageError) Error() string { return e.Msg }

func (e *StorageError) Unwrap() error { return e.Err }

// SQLite's primary result codes that a person may meet.
const (
	sqliteError      = 1
	sqliteBusy       = 5
	sqliteLocked     = 6
	sqliteReadOnly   = 8
	sqliteIOErr      = 10
	sqliteCorrupt    = 11
	sqliteFull       = 13
	sqliteCantOpen   = 14
	sqliteConstraint = 19
	sqliteNotADB     = 26
)

// driverError is the SQLite error in err's chain, if any.
func driverError(err error) (code int, e error, ok bool) {
	var se interface {
		error
		Code() int
	}
	if err == nil || !errors.As(err, &se) {
		return 0, nil, false
	}
	return se.Code() & 0xff, se, true
}

var noSuchTable = regexp.MustCompile(`no such table: (?:main\.)?([A-Za-z_]+)`)

// plainStorage is the sentence for a driver error that is about the file or the
// disk rather than about the data, "" for others. holders names who holds the
// file, for a busy one.
func plainStorage(code int, raw error, holders []string) string {
	const restore = "restore the latest backup (rapport backups lists them)"
	switch code {
	case sqliteFull:
		return "the disk is full, so nothing was saved; free some space and try again"
	case sqliteReadOnly:
		return "the database file or its folder is read-only, so nothing was saved"
	case sqliteIOErr, sqliteCantOpen:
		return "the disk could not be written, so nothing was saved"
	case sqliteBusy, sqliteLocked:
		who := "another Rapport (a command or the window)"
		if len(holders) > 0 {
			who = strings.Join(holders, ", ")
		}
		return fmt.Sprintf("the database is busy: %s is working on it, so nothing was saved; try again when it has finished", who)
	case sqliteCorrupt, sqliteNotADB:
		return "the database file is damaged, so nothing was saved; " + restore
	case sqliteError:
		if m := noSuchTable.FindStringSubmatch(raw.Error()); m != nil {
			return fmt.Sprintf("the database file is damaged: its table %s is missing, so nothing was saved; %s", m[1], restore)
		}
	}
	return ""
}

// Plain says in plain words what SQLite's "database or disk is full",
// "database is locked" and kin mean for the user: the write was not made, who
// holds the file, and what to do.
func (s *DB) Plain(err error) error {
	if s.pg {
		// As on SQLite, a refused change keeps the driver's words here (Explain
		// puts them plainly at the edge); what is about the server is said now.
		var pe *pgconn.PgError
		if errors.As(err, &pe) && strings.HasPrefix(pe.Code, "23") {
			return err
		}
		if e := explainPG(err); e != nil {
			return e
		}
		return err
	}
	code, raw, ok := driverError(err)
	if !ok {
		return err
	}
	var holders []string
	if (code == sqliteBusy || code == sqliteLocked) && s.use != nil && s.use.f != nil {
		holders = describeOthers(s.path, s.use.f)
	}
	if msg := plainStorage(code, raw, holders); msg != "" {
		return &StorageError{Msg: replaceRaw(err, raw, msg), Err: err}
	}
	return err
}

// replaceRaw is err's message with the driver's text in it replaced by plain.
func replaceRaw(err, raw error, plain string) string {
	msg := err.Error()
	if r := raw.Error(); r != "" && strings.Contains(msg, r) {
		return strings.Replace(msg, r, plain, 1)
	}
	return plain
}

// Explain is err with any of SQLite's own wording in its message replaced by
// plain words, for the edges that show errors to people (the window, the command
// line). Errors the store has already put in plain words, and errors that are not
// the database's, are returned as they are.
func Explain(err error) error {
	var se *StorageError
	if errors.As(err, &se) {
		return err
	}
	if e := explainPG(err); e != nil {
		return e
	}
	code, raw, ok := driverError(err)
	if !ok || !strings.Contains(err.Error(), raw.Error()) {
		return err // not the database's, or already in plain words
	}
	msg := plainStorage(code, raw, nil)
	if msg == "" {
		switch code {
		case sqliteConstraint:
			msg = "the database refused the change (it would break one of its rules), so nothing was saved"
		default:
			msg = fmt.Sprintf("the database reported an error it has no words for (SQLite code %d), so nothing was saved", code)
		}
	}
	return &StorageError{Msg: replaceRaw(err, raw, msg), Err: err}
}
