// Package secret keeps passwords in the system's keyring (macOS Keychain, Windows
// Credential Manager, the Secret Service of a Linux desktop), never in a file:
// the mail server's (letters/outbox) and a shared shop's database's (ui/dbpass).
// Every call is bounded by Wait: a locked desktop keyring may ask the user to
// unlock it, and a broken session bus may never answer.
package secret

import (
	"errors"
	"time"

	"github.com/zalando/go-keyring"
)

// Wait is how long a keyring call may take before it counts as no keyring.
const Wait = 5 * time.Second

// ErrNoKeyring is wrapped when the system has no keyring to keep the password in,
// or its keyring does not answer.
var ErrNoKeyring = errors.New("this computer has no keyring to keep the password in")

// Get is the password kept for user under service: "" when none is kept.
func Get(service, user string) (string, error) {
	pw, err := bounded(func() (string, error) { return keyring.Get(service, user) })
	if errors.Is(err, keyring.ErrNotFound) {
		return "", nil
	}
	return pw, err
}

// Set keeps password for user under service.
func Set(service, user, password string) error {
	_, err := bounded(func() (string, error) { return "", keyring.Set(service, user, password) })
	return err
}

// Delete takes user's password under service out of the keyring and reports
// whether one was kept.
func Delete(service, user string) (bool, error) {
	_, err := bounded(func() (string, error) { return "", keyring.Delete(service, user) })
	if errors.Is(err, keyring.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// bounded runs a keyring call, giving up after Wait. An error of the keyring
// other than ErrNotFound (a D-Bus message, say) means nothing to the owner: it is
// ErrNoKeyring.
func bounded(f func() (string, error)) (string, error) {
	type result struct {
		s   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		s, err := f()
		ch <- result{s, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil && !errors.Is(r.err, keyring.ErrNotFound) {
			return "", ErrNoKeyring
		}
		return r.s, r.err
	case <-time.After(Wait):
		return "", ErrNoKeyring
	}
}
