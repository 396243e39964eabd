package secret

import (
	"errors"
	"testing"

	"github.com/zalando/go-keyring"
)

// A password kept is read back and taken out; none kept reads as "", and taking
// it out again says there was none.
func TestAPasswordIsKeptReadAndTakenOut(t *testing.T) {
	keyring.MockInit()
	if pw, err := Get("Rapport test", "ada"); pw != "" || err != nil {
		t.Fatalf("nothing kept: %q, %v; want \"\", nil", pw, err)
	}
	if err := Set("Rapport test", "ada", "s3cret"); err != nil {
		t.Fatal(err)
	}
	if pw, err := Get("Rapport test", "ada"); pw != "s3cret" || err != nil {
		t.Fatalf("kept: %q, %v", pw, err)
	}
	if pw, _ := Get("Rapport test", "bob"); pw != "" {
		t.Errorf("another user's password: %q", pw)
	}
	if had, err := Delete("Rapport test", "ada"); !had || err != nil {
		t.Errorf("Delete = %v, %v; want true", had, err)
	}
	if had, err := Delete("Rapport test", "ada"); had || err != nil {
		t.Errorf("Delete again = %v, %v; want false, nil", had, err)
	}
}

// A keyring that fails is ErrNoKeyring to every call, without its own words.
func TestAFailingKeyringIsNoKeyring(t *testing.T) {
	keyring.MockInitWithError(errors.New("org.freedesktop.DBus.Error.ServiceUnknown: the name is not activatable"))
	t.Cleanup(keyring.MockInit)
	_, gerr := Get("Rapport test", "ada")
	serr := Set("Rapport test", "ada", "x")
	_, derr := Delete("Rapport test", "ada")
	for _, err := range []error{gerr, serr, derr} {
		if !errors.Is(err, ErrNoKeyring) || err.Error() != ErrNoKeyring.Error() {
			t.Errorf("error %v; want ErrNoKeyring alone", err)
		}
	}
}
