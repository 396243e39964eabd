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

// TestTheCommandLineRefusesUnboundedTextBadYearsAndSkippedTimes: the command line
// gets the shop's checks: a name too long, NUL in an issue's summary, a year out of
// bounds and a local time the clocks skip are refused, naming the field, and
// nothing is stored.
func TestTheCommandLineRefusesUnboundedTextBadYearsAndSkippedTimes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shop.db")
	if _, errs, code := rapport(t, "--db", db, "customer", "add", "Ann", "email=ann@example.com", "time_zone=America/New_York"); code != 0 {
		t.Fatal(errs)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"customer", "add", strings.Repeat("N", 5000)}, "name=NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN…: is 5000 characters long; at most 200 are accepted"},
		{[]string{"customer", "set", "ann@example.com", "notes=" + strings.Repeat("n", 20000)}, "notes=" + strings.Repeat("n", 39) + "…: is 20000 characters long"},
		{[]string{"issue", "ann@example.com", "--type", "complaint", "--summary", "cold\x00coffee"}, "Summary: holds a NUL character"},
		{[]string{"issue", "ann@example.com", "--type", "complaint", "--summary", "caf\xe9"}, "Summary: is not valid text (UTF-8)"},
		{[]string{"sale", "ann@example.com", "--amount", "5", "--items", strings.Repeat("i", 2001)}, "Items: is 2001 characters long"},
		{[]string{"sale", "ann@example.com", "--amount", "5", "--at", "1850-06-01 10:00"}, "the year 1850 is not between 1900 and 2200"},
		{[]string{"sale", "ann@example.com", "--amount", "5", "--at", "2026-03-08 02:30"}, "02:30 does not exist on 8 March in New York"},
	} {
		_, errs, code := rapport(t, append([]string{"--db", db}, tc.args...)...)
		if code != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("%.60q: exit %d, %.300q; want it refused with %q", tc.args, code, errs, tc.want)
		}
	}
	out, _, _ := rapport(t, "--db", db, "export", "sales", filepath.Join(t.TempDir(), "s.csv"))
	if out == "" || !strings.HasPrefix(out, "Exported 0 sales") {
		t.Errorf("export after the refusals: %q; want no sales stored", out)
	}
}

// TestPDFsPrintedFromTheCommandLineAreOwnerOnly: labels and cards written by print
// are readable by their owner only, even over a file that was not.
func TestPDFsPrintedFromTheCommandLineAreOwnerOnly(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	for _, what := range []string{"labels", "cards"} {
		out := filepath.Join(dir, what+".pdf")
		if err := os.WriteFile(out, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, errs, code := rapport(t, "--db", db, "print", what, "--out", out); code != 0 {
			t.Fatalf("print %s: exit %d, %s", what, code, errs)
		}
		st, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		if m := st.Mode().Perm(); m != 0o600 {
			t.Errorf("%s has mode %v; want 0600", out, m)
		}
	}
}
