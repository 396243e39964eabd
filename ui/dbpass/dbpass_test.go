package dbpass

import (
	"errors"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

// The tests never touch the keyring of the computer they run on: go-keyring's
// mock stands in for it.

// A password is kept under the address without a password, found by the
// address with or without one, and forgotten.
func TestThePasswordIsKeptUnderTheAddressWithoutIt(t *testing.T) {
	keyring.MockInit()
	const db = "postgres://shop@server:5432/shop?sslmode=require"
	if pw := Lookup(db); pw != "" {
		t.Fatalf("an empty keyring gave %q", pw)
	}
	if err := Remember(db, "s3cret"); err != nil {
		t.Fatal(err)
	}
	ForSession(db, "") // what the keyring holds, not this run's memory
	if got, err := keyring.Get(service, db); err != nil || got != "s3cret" {
		t.Errorf("the keyring's entry for %s: %q, %v", db, got, err)
	}
	if pw := Lookup("postgres://shop:old@server:5432/shop?sslmode=require"); pw != "s3cret" {
		t.Errorf("looked up with a password in the address: %q", pw)
	}
	if on, err := Remembered(db); !on || err != nil {
		t.Errorf("Remembered: %v, %v", on, err)
	}
	if had, err := Forget(db); !had || err != nil {
		t.Errorf("Forget: %v, %v", had, err)
	}
	if pw := Lookup(db); pw != "" {
		t.Errorf("after Forget the lookup gives %q", pw)
	}
	if had, err := Forget(db); had || err != nil {
		t.Errorf("Forget of nothing: %v, %v", had, err)
	}
}

// Without a keyring a password typed is used until Rapport closes, and the
// message says so in plain words.
func TestWithoutAKeyringThePasswordLastsTheRun(t *testing.T) {
	keyring.MockInitWithError(errors.New("org.freedesktop.DBus.Error.ServiceUnknown"))
	const db = "postgres://shop@server/shop"
	t.Cleanup(func() { ForSession(db, "") })
	err := Remember(db, "typed")
	if !errors.Is(err, ErrNoKeyring) || strings.Contains(err.Error(), "DBus") || !strings.Contains(err.Error(), "until Rapport closes") {
		t.Errorf("Remember without a keyring: %v", err)
	}
	if pw := Lookup(db); pw != "typed" {
		t.Errorf("the password typed is %q for the rest of the run", pw)
	}
	if _, err := Remembered(db); !errors.Is(err, ErrNoKeyring) {
		t.Errorf("Remembered without a keyring: %v", err)
	}
}
