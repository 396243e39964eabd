// Package dbpass keeps the password of a shared shop's PostgreSQL database in the
// system's keyring (macOS Keychain, Windows Credential Manager, the Secret Service
// of a Linux desktop), never in a file: the window's "remember on this computer"
// and `rapport password` put it there, and the store asks for it (Install) when
// neither the address, PGPASSWORD nor ~/.pgpass gives one.
package dbpass

import (
	"errors"
	"fmt"
	"sync"

	"github.com/rapport-app/rapport/data/secret"
	"github.com/rapport-app/rapport/data/store/engine"
)

// service names Rapport's entries in the keyring; each entry's user is the
// database's address without a password (engine.RedactURL).
const service = "Rapport shared shop"

// ErrNoKeyring is wrapped when the system has no keyring to keep the password in.
var ErrNoKeyring = secret.ErrNoKeyring

// session holds passwords typed in this run of Rapport and not remembered: in
// memory only, gone when Rapport closes.
var session struct {
	sync.Mutex
	pw map[string]string
}

// Install makes the keyring (and what was typed in this run) the store's source
// of a shared shop's password.
func Install() { engine.SetPasswordLookup(Lookup) }

// Lookup is the password of the database at the address db: one typed in this run,
// else the keyring's; "" when neither has one. A keyring that is missing or not
// answering counts as having none.
func Lookup(db string) string {
	key := engine.RedactURL(db)
	session.Lock()
	pw := session.pw[key]
	session.Unlock()
	if pw != "" {
		return pw
	}
	pw, _ = secret.Get(service, key)
	return pw
}

// Remembered reports whether the keyring holds a password for db.
func Remembered(db string) (bool, error) {
	pw, err := secret.Get(service, engine.RedactURL(db))
	return pw != "", err
}

// ForSession uses password for db until Rapport closes, without keeping it.
func ForSession(db, password string) {
	session.Lock()
	defer session.Unlock()
	if session.pw == nil {
		session.pw = map[string]string{}
	}
	if password == "" {
		delete(session.pw, engine.RedactURL(db))
		return
	}
	session.pw[engine.RedactURL(db)] = password
}

// Remember keeps password for db in the keyring. Without a keyring it is kept
// only until Rapport closes, and the error (wrapping ErrNoKeyring) says so.
func Remember(db, password string) error {
	if password == "" {
		return errors.New("there is no password to remember")
	}
	ForSession(db, password)
	if err := secret.Set(service, engine.RedactURL(db), password); err != nil {
		// The keyring's own error (a D-Bus message, say) means nothing to the owner.
		return fmt.Errorf("%w, so it is kept only until Rapport closes; put it in ~/.pgpass or PGPASSWORD instead", ErrNoKeyring)
	}
	return nil
}

// Forget takes db's password out of the keyring and out of this run's memory;
// it reports whether the keyring had one.
func Forget(db string) (bool, error) {
	ForSession(db, "")
	return secret.Delete(service, engine.RedactURL(db))
}
