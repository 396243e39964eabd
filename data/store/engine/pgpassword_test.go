package engine

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/store/pgtest"
)

// A server that asks for a password the URL, PGPASSWORD and ~/.pgpass do not
// give is refused in plain words that PasswordRefused recognises; the lookup the
// program sets (the keyring) is asked with the URL without a password, and what
// it gives opens the shop.
func TestThePasswordOfASharedShopComesFromTheLookupWhenNothingElseGivesIt(t *testing.T) {
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "no-pgpass"))
	db, pw := pgtest.NewPasswordDatabase(t)
	t.Cleanup(func() { SetPasswordLookup(nil) })

	_, _, err := Open(db, nil)
	if !PasswordRefused(err) {
		t.Fatalf("without a password: %v; want the server's refusal", err)
	}
	var oe *OpenError
	if !errors.As(err, &oe) || !strings.Contains(err.Error(), "refused the user name or password") || strings.Contains(err.Error(), "SQLSTATE") {
		t.Errorf("without a password the message is %q", err)
	}

	var asked []string
	SetPasswordLookup(func(d string) string {
		asked = append(asked, d)
		if d == db {
			return "wrong"
		}
		return ""
	})
	if _, _, err := Open(db, nil); !PasswordRefused(err) {
		t.Fatalf("with a wrong password from the lookup: %v; want the server's refusal", err)
	}
	SetPasswordLookup(func(d string) string {
		asked = append(asked, d)
		if d == db {
			return pw
		}
		return ""
	})
	st, _, err := Open(db, nil)
	if err != nil {
		t.Fatalf("with the password from the lookup: %v", err)
	}
	defer st.Close()
	if st.Path() != db || strings.Contains(st.Path(), pw) {
		t.Errorf("the shop's path is %q; want %q", st.Path(), db)
	}
	for _, d := range asked {
		if d != db {
			t.Errorf("the lookup was asked for %q; want the URL without a password, %q", d, db)
		}
	}

	// A password in the URL is used as it is: the lookup is not asked.
	asked = nil
	st2, _, err := Open(strings.Replace(db, "@", ":"+pw+"@", 1), nil)
	if err != nil {
		t.Fatalf("with the password in the URL: %v", err)
	}
	st2.Close()
	if len(asked) != 0 {
		t.Errorf("with the password in the URL the lookup was asked for %q", asked)
	}
}
