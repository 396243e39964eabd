package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
	"github.com/rapport-app/rapport/data/store/pgtest"
	"github.com/rapport-app/rapport/ui/dbpass"
)

// startWindows are the windows of a start under test: the first-start one runs
// choose with the opener it is given, the main one records the shop it got.
func startWindows(t *testing.T, choose func(open Opener), main *string) Windows {
	return Windows{
		Main: func(st *store.Store) error { *main = st.Path(); return nil },
		Error: func(err error, _ func(string) error) {
			t.Errorf("error window: %v", err)
		},
		First: func(open Opener) error { choose(open); return nil },
	}
}

// At the first start the window lets the user choose: a shared shop opens as it
// is (never seeded with the demo), is opened from then on, and no file is made
// on this computer; an address that does not open is not kept.
func TestTheFirstStartOpensTheSharedShopChosen(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	db := pgtest.NewDatabase(t)
	path, err := DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	var main string
	var out, errb bytes.Buffer
	w := startWindows(t, func(open Opener) {
		if _, err := open("postgres://rapport@127.0.0.1:1/shop?sslmode=disable"); err == nil {
			t.Error("a server nobody listens on opened")
		}
		if engine.SharedShop() != "" {
			t.Errorf("an address that did not open is kept: %q", engine.SharedShop())
		}
		st, err := open(db)
		if err != nil {
			t.Fatalf("open the shared shop: %v", err)
		}
		if cs, err := st.Customers(t.Context(), ""); err != nil || len(cs) != 0 {
			t.Errorf("the shared shop has %d customers (%v); want none", len(cs), err)
		}
	}, &main)
	if code := MainWindows(nil, &out, &errb, w); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if engine.SharedShop() != db {
		t.Errorf("after the first start this computer opens %q; want %q", engine.SharedShop(), db)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a file was made on this computer (%v)", err)
	}
	// The next start opens the shared shop, with no question.
	w.First = func(Opener) error { t.Error("the first-start window at the second start"); return nil }
	if code := MainWindows(nil, &out, &errb, w); code != 0 || main != db {
		t.Fatalf("the second start: exit %d, the window on %q: %s", code, main, errb.String())
	}
}

// This computer's own shop, chosen at the first start, is the default file with
// the demo shop in it.
func TestTheFirstStartOpensTheDemoShopChosen(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	path, err := DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	var main string
	var out, errb bytes.Buffer
	w := startWindows(t, func(open Opener) {
		st, err := open("")
		if err != nil {
			t.Fatalf("open this computer's own shop: %v", err)
		}
		if st.Path() != path {
			t.Errorf("opened %s; want %s", st.Path(), path)
		}
		if cs, _ := st.Customers(t.Context(), ""); len(cs) == 0 {
			t.Error("this computer's own shop starts empty; want the demo shop")
		}
	}, &main)
	if code := MainWindows(nil, &out, &errb, w); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if engine.SharedShop() != "" {
		t.Errorf("this computer now opens the shared shop %q", engine.SharedShop())
	}
	if bs, _ := engine.ListBackups(path); len(bs) != 1 {
		t.Errorf("%d backups after the first start; want the day's one", len(bs))
	}
	w.First = func(Opener) error { t.Error("the first-start window at the second start"); return nil }
	if code := MainWindows(nil, &out, &errb, w); code != 0 || main != path {
		t.Fatalf("the second start: exit %d, the window on %q: %s", code, main, errb.String())
	}
}

// A later start on a shared shop whose server wants a password it was not given
// asks for it in a window (not the error window), and the password typed there
// opens the shop.
func TestAStartWithoutThePasswordAsksForIt(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "no-pgpass"))
	db, pw := pgtest.NewPasswordDatabase(t)
	t.Cleanup(func() { dbpass.Forget(db) })
	asked := false
	var out, errb bytes.Buffer
	w := Windows{
		Main:  func(*store.Store) error { t.Error("the main window opened without a password"); return nil },
		Error: func(err error, _ func(string) error) { t.Errorf("error window: %v", err) },
		AskPassword: func(shown string, refused error, open Opener) error {
			asked = true
			if shown != db || !engine.PasswordRefused(refused) {
				t.Errorf("asked for the password of %q after %v", shown, refused)
			}
			dbpass.ForSession(db, pw) // what the window does with the password typed
			st, err := open(shown)
			if err != nil {
				t.Fatalf("open with the password typed: %v", err)
			}
			if st.Path() != db {
				t.Errorf("opened %s", st.Path())
			}
			return nil
		},
	}
	if code := MainWindows([]string{"--db", db}, &out, &errb, w); code != 0 || !asked {
		t.Fatalf("exit %d, asked %v: %s", code, asked, errb.String())
	}
}
