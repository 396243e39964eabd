package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/store/pgtest"
	"github.com/rapport-app/rapport/ui/dbpass"
)

// withInput runs f with line as the standard input, as if piped in.
func withInput(t *testing.T, line string, f func()) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	w.WriteString(line)
	w.Close()
	old := os.Stdin
	os.Stdin = r
	defer func() { os.Stdin = old; r.Close() }()
	f()
}

// rapport password checks the password with the server and keeps it in the
// keyring, where every later command finds it; a wrong one is refused and not
// kept; --forget takes it out again.
func TestPasswordRemembersTheSharedShopsPasswordInTheKeyring(t *testing.T) {
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "no-pgpass"))
	db, pw := pgtest.NewPasswordDatabase(t)
	t.Cleanup(func() { dbpass.Forget(db) })

	if _, errs, code := rapport(t, "--db", db, "demo"); code != 1 || !strings.Contains(errs, "refused the user name or password") {
		t.Fatalf("without a password: exit %d, %q", code, errs)
	}
	var out, errs string
	var code int
	withInput(t, "wrong\n", func() { out, errs, code = rapport(t, "--db", db, "password") })
	if code != 1 || !strings.Contains(errs, "refused the user name or password") || !strings.Contains(errs, "not remembered") {
		t.Errorf("a wrong password: exit %d, %q %q", code, out, errs)
	}
	if got := dbpass.Lookup(db); got != "" {
		t.Errorf("a wrong password was kept: %q", got)
	}
	withInput(t, pw+"\n", func() { out, errs, code = rapport(t, "--db", db, "password") })
	if code != 0 || !strings.Contains(out, "Remembered the password of "+db) || strings.Contains(out+errs, pw) {
		t.Fatalf("the right password: exit %d, %q %q", code, out, errs)
	}
	if out, errs, code := rapport(t, "--db", db, "demo"); code != 0 {
		t.Fatalf("with the password in the keyring: exit %d, %q %q", code, out, errs)
	}
	if out, errs, code := rapport(t, "--db", db, "password", "--forget"); code != 0 || !strings.Contains(out, "Forgot the password") {
		t.Errorf("--forget: exit %d, %q %q", code, out, errs)
	}
	if _, errs, code := rapport(t, "--db", db, "shop"); code != 1 || !strings.Contains(errs, "refused the user name or password") {
		t.Errorf("after --forget: exit %d, %q; want the password refused again", code, errs)
	}
	file := filepath.Join(t.TempDir(), "shop.db")
	if _, errs, code := rapport(t, "--db", file, "password"); code != 1 || !strings.Contains(errs, "has no password") {
		t.Errorf("password on a file: exit %d, %q", code, errs)
	}
}
