package outbox

import (
	"errors"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/rapport-app/rapport/data/shop"
)

// The tests never touch the keyring of the computer they run on: go-keyring's
// in-memory provider stands in for it, with and without an error.

func TestThePasswordComesFromTheKeyringElseTheEnvironment(t *testing.T) {
	keyring.MockInit()
	set := shop.EmailSettings{Host: "smtp.example.com", User: "shop@example.com", From: "shop@example.com", TLS: shop.TLSStartTLS}
	t.Setenv(PasswordEnv, "from-env")
	if pw, src := Password(set); pw != "from-env" || src != FromEnv {
		t.Errorf("with an empty keyring: %q from %q", pw, src)
	}
	if err := SavePassword(set, "from-keyring"); err != nil {
		t.Fatal(err)
	}
	if pw, src := Password(set); pw != "from-keyring" || src != FromKeyring {
		t.Errorf("after saving: %q from %q", pw, src)
	}
	other := set
	other.User = "someone-else@example.com"
	if pw, src := Password(other); pw != "from-env" || src != FromEnv {
		t.Errorf("another login got %q from %q", pw, src)
	}
	if err := SavePassword(set, ""); err != nil {
		t.Fatal(err)
	}
	if _, src := Password(set); src != FromEnv {
		t.Errorf("after removing it the password comes from %q", src)
	}
}

func TestWithoutAKeyringThePasswordIsKeptUntilRapportCloses(t *testing.T) {
	keyring.MockInitWithError(errors.New("org.freedesktop.DBus.Error.ServiceUnknown"))
	t.Setenv(PasswordEnv, "")
	set := shop.EmailSettings{Host: "smtp.example.com", User: "shop@example.com", From: "shop@example.com", TLS: shop.TLSStartTLS}
	err := SavePassword(set, "typed")
	if !errors.Is(err, ErrNoKeyring) {
		t.Fatalf("SavePassword without a keyring: %v", err)
	}
	for _, raw := range []string{"DBus", "freedesktop"} {
		if strings.Contains(err.Error(), raw) {
			t.Errorf("the message %q shows the keyring's raw error", err)
		}
	}
	if pw, src := Password(set); pw != "typed" || src != FromSession {
		t.Errorf("got %q from %q", pw, src)
	}
	if err := SavePassword(set, ""); !errors.Is(err, ErrNoKeyring) {
		t.Errorf("removing: %v", err)
	}
	if pw, src := Password(set); pw != "" || src != FromNowhere {
		t.Errorf("after removing it: %q from %q", pw, src)
	}
}
