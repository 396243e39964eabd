package cli

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestALookingCommandOnAMissingFileMakesNothing: a --db file (or folder) that does
// not exist is said to be missing by the commands that only look, which make
// nothing. Once a mistyped path made folders and an empty shop and said
// "Exported 0 customers".
func TestALookingCommandOnAMissingFileMakesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "typo", "shop.db")
	out := filepath.Join(dir, "customers.csv")
	for _, args := range [][]string{
		{"export", "customers", out},
		{"today"},
		{"agenda"},
		{"shop"},
		{"customer", "ann@example.com"},
		{"imports"},
		{"backup"},
	} {
		stdout, errs, code := rapport(t, append([]string{"--db", db}, args...)...)
		if code != 1 || !strings.Contains(errs, "there is no shop at "+db) || !strings.Contains(errs, "folder "+filepath.Dir(db)+" does not exist") {
			t.Errorf("%v: exit %d, %q %q; want a refusal saying there is no shop there", args, code, stdout, errs)
		}
	}
	if _, err := os.Stat(filepath.Dir(db)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the folder was made (%v)", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an export was written (%v)", err)
	}
}

// TestACommandThatAddsToAMissingFileSaysItIsANewShop: a command that adds to the
// shop starts one, and says so.
func TestACommandThatAddsToAMissingFileSaysItIsANewShop(t *testing.T) {
	db := filepath.Join(t.TempDir(), "new", "shop.db")
	_, errs, code := rapport(t, "--db", db, "customer", "add", "Ada Lovelace")
	if code != 0 || !strings.Contains(errs, db+" did not exist: this is a new, empty shop (its folder "+filepath.Dir(db)+" was made too)") {
		t.Errorf("exit %d, stderr %q; want it to say that this is a new, empty shop", code, errs)
	}
	if _, errs, code = rapport(t, "--db", db, "customer", "add", "Charles Babbage"); code != 0 || errs != "" {
		t.Errorf("second command: exit %d, stderr %q; want nothing said", code, errs)
	}
}
