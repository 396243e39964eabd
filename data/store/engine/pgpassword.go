package engine

import (
	"errors"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// The password of a shared shop comes from the URL, PGPASSWORD or ~/.pgpass
// (pgx reads those) and, when none has one, from a lookup the program sets: the
// system keyring (Rapport never writes a password to a file). The store does not
// know where the lookup looks.

// passwordLookup is the lookup SetPasswordLookup set, nil for none.
var passwordLookup atomic.Pointer[func(db string) string]

// SetPasswordLookup makes lookup the source of the password of a PostgreSQL URL
// that has none and that neither PGPASSWORD nor ~/.pgpass supplies: it is given
// the URL without a password (RedactURL) and returns "" when it knows none. nil
// takes it away.
func SetPasswordLookup(lookup func(db string) string) {
	if lookup == nil {
		passwordLookup.Store(nil)
		return
	}
	passwordLookup.Store(&lookup)
}

// withKeyringPassword fills in cfg's password from the lookup when cfg has none.
func withKeyringPassword(cfg *pgx.ConnConfig, shown string) {
	if cfg.Password != "" {
		return
	}
	if f := passwordLookup.Load(); f != nil {
		cfg.Password = (*f)(shown)
	}
}

// PasswordRefused reports whether err is the server refusing the password given,
// or asking for one when none was: the window then asks for it.
func PasswordRefused(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "28P01"
}
