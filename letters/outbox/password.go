package outbox

import (
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/rapport-app/rapport/data/secret"
	"github.com/rapport-app/rapport/data/shop"
)

// The mail server's password is never stored in the database (and so never in
// a backup or an export): it is kept in the system's keyring (macOS Keychain,
// Windows Credential Manager, the Secret Service of a Linux desktop) where
// there is one, else read from the environment variable PasswordEnv, which is
// also how a scheduled `rapport send` without a desktop session gets it.

// PasswordEnv is the environment variable the password is read from when the
// keyring has none.
const PasswordEnv = "RAPPORT_SMTP_PASSWORD"

// keyringService names Rapport's entries in the keyring.
const keyringService = "Rapport mail server"

// keyringUser is the entry of a login at a server: "shop@example.com at
// smtp.example.com".
func keyringUser(set shop.EmailSettings) string {
	return strings.TrimSpace(set.User) + " at " + strings.ToLower(strings.TrimSpace(set.Host))
}

// PasswordSource says where the password came from.
type PasswordSource string

// Password sources.
const (
	FromKeyring PasswordSource = "the system keyring"
	FromEnv     PasswordSource = "the environment variable " + PasswordEnv
	FromSession PasswordSource = "what was typed since Rapport started (this computer has no keyring)"
	FromNowhere PasswordSource = ""
)

// session holds passwords typed in this run of Rapport on a computer without a
// keyring: in memory only, gone when Rapport closes.
var session struct {
	sync.Mutex
	pw map[string]string
}

// Password finds the mail server's password for the settings' login: the
// keyring's entry, else one typed in this run (without a keyring), else
// $RAPPORT_SMTP_PASSWORD; FromNowhere with "" when none has one (fine for a
// server that needs no login). A keyring that is missing or not answering
// counts as having none.
func Password(set shop.EmailSettings) (string, PasswordSource) {
	if strings.TrimSpace(set.User) != "" && strings.TrimSpace(set.Host) != "" {
		if pw, err := secret.Get(keyringService, keyringUser(set)); err == nil && pw != "" {
			return pw, FromKeyring
		}
		session.Lock()
		pw := session.pw[keyringUser(set)]
		session.Unlock()
		if pw != "" {
			return pw, FromSession
		}
	}
	if pw := os.Getenv(PasswordEnv); pw != "" {
		return pw, FromEnv
	}
	return "", FromNowhere
}

// ErrNoKeyring is wrapped when the system has no keyring to keep the password in.
var ErrNoKeyring = secret.ErrNoKeyring

// SavePassword keeps the password for the settings' login in the system's
// keyring; an empty password removes it. Without a keyring it keeps it in
// memory until Rapport closes and fails with ErrNoKeyring: a scheduled
// rapport send must then get it from $RAPPORT_SMTP_PASSWORD.
func SavePassword(set shop.EmailSettings, password string) error {
	if strings.TrimSpace(set.User) == "" || strings.TrimSpace(set.Host) == "" {
		return &shop.FieldError{Field: "smtp_user", Msg: "set the mail server and the login before the password"}
	}
	var err error
	if password == "" {
		_, err = secret.Delete(keyringService, keyringUser(set))
	} else {
		err = secret.Set(keyringService, keyringUser(set), password)
	}
	session.Lock()
	defer session.Unlock()
	if session.pw == nil {
		session.pw = map[string]string{}
	}
	if err != nil && password != "" {
		session.pw[keyringUser(set)] = password
		// The keyring's own error (a D-Bus message, say) means nothing to the owner.
		return fmt.Errorf("%w, so it is kept only until Rapport closes; for good, set %s in the environment Rapport runs in", ErrNoKeyring, PasswordEnv)
	}
	delete(session.pw, keyringUser(set))
	if err != nil {
		return fmt.Errorf("%w; set %s in the environment Rapport runs in instead", ErrNoKeyring, PasswordEnv)
	}
	return nil
}
