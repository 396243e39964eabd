package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/zalando/go-keyring"

	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
	"github.com/rapport-app/rapport/data/store/pgtest"
	"github.com/rapport-app/rapport/ui/dbpass"
)

// startUnderTest is the first-start window with the queue of its UI work, what
// it opened and the shop the main window was given.
type startUnderTest struct {
	*startWindow
	q      *callQueue
	opened []string
	main   *store.Store
}

// newStartUnderTest builds the first-start window (or, with db, the one that asks
// for db's password after err) on an opener that opens shared shops with the
// store as the command line's does.
func newStartUnderTest(t *testing.T, db string, err error) *startUnderTest {
	t.Helper()
	a := test.NewTempApp(t)
	s := &startUnderTest{q: &callQueue{}}
	open := func(db string) (*store.Store, error) {
		s.opened = append(s.opened, db)
		if db == "" {
			t.Error("the test opened this computer's own shop")
			return nil, store.ErrNotFound
		}
		st, _, err := store.Open(db)
		if err == nil {
			t.Cleanup(func() { st.Close() })
		}
		return st, err
	}
	s.startWindow = newStartWindow(a, open, func(st *store.Store) { s.main = st }, s.q.push, db, err)
	s.win.Show()
	t.Cleanup(func() {
		if s.isOpen() {
			s.win.Close()
		}
	})
	return s
}

// isOpen reports whether the start window is still open.
func (s *startUnderTest) isOpen() bool {
	for _, w := range s.app.Driver().AllWindows() {
		if w == s.win {
			return true
		}
	}
	return false
}

// wait lets the open finish and runs what it reports back.
func (s *startUnderTest) wait() {
	for {
		s.pending.Wait()
		calls := s.q.take()
		if len(calls) == 0 {
			return
		}
		for _, f := range calls {
			f()
		}
	}
}

// tapOpen taps the window's Open button and waits for what it started.
func (s *startUnderTest) tapOpen() {
	test.Tap(s.openBtn)
	s.wait()
}

// The first start offers this computer's own (demo) shop first; a shared shop's
// address is checked before anything is opened, with a message that names the
// field, and a server that cannot be reached is said in plain words.
func TestFirstStartChecksTheSharedShopsAddress(t *testing.T) {
	s := newStartUnderTest(t, "", nil)
	if s.choice.Selected != chooseOwn || s.openBtn.Text != "Open the demo shop" || s.shared.Visible() {
		t.Errorf("the first start offers %q (button %q, address shown %v); want this computer's own demo shop", s.choice.Selected, s.openBtn.Text, s.shared.Visible())
	}
	s.choice.SetSelected(chooseShared)
	if !s.shared.Visible() || s.openBtn.Text != "Open the shared shop" || s.pwItems.Visible() {
		t.Fatalf("choosing a shared shop shows the address %v, the password %v, button %q", s.shared.Visible(), s.pwItems.Visible(), s.openBtn.Text)
	}
	for _, c := range []struct{ typed, want string }{
		{"", "Address: type the shared shop's address"},
		{"shop.example.com/shop", `Address: "shop.example.com/shop" is not a PostgreSQL address`},
		{"postgres://owner:secret@server/shop", "Address: leave the password out"},
	} {
		s.address.SetText(c.typed)
		s.tapOpen()
		if !s.problem.Visible() || !strings.HasPrefix(s.problem.Text, c.want) {
			t.Errorf("address %q: the window says %q (shown %v); want %q", c.typed, s.problem.Text, s.problem.Visible(), c.want)
		}
	}
	if len(s.opened) != 0 {
		t.Errorf("a bad address was opened: %q", s.opened)
	}

	// Nobody listens on port 1.
	s.address.SetText("postgres://rapport@127.0.0.1:1/shop?sslmode=disable&connect_timeout=5")
	s.tapOpen()
	if !strings.Contains(s.problem.Text, "the database server cannot be reached") || strings.Contains(s.problem.Text, "SQLSTATE") || strings.Contains(s.problem.Text, "dial tcp") {
		t.Errorf("an unreachable server: the window says %q", s.problem.Text)
	}
	if s.main != nil || s.openBtn.Disabled() {
		t.Errorf("after a failed open the main window was given a shop (%v), or Open stays disabled (%v)", s.main != nil, s.openBtn.Disabled())
	}
}

// A shared shop opened at the first start goes to the main window as it is: an
// empty database is an empty shop, never the demo.
func TestFirstStartOpensASharedShopWithoutTheDemo(t *testing.T) {
	db := pgtest.NewDatabase(t)
	s := newStartUnderTest(t, "", nil)
	s.choice.SetSelected(chooseShared)
	test.Type(s.address, db)
	s.tapOpen()
	if s.main == nil {
		t.Fatalf("the shared shop did not open; the window says %q", s.problem.Text)
	}
	if !s.main.IsPostgres() || s.main.Path() != db {
		t.Errorf("the main window got %s; want the shared shop %s", s.main.Path(), db)
	}
	if cs, err := s.main.Customers(t.Context(), ""); err != nil || len(cs) != 0 {
		t.Errorf("the shared shop has %d customers (%v); want none: it is never seeded with the demo", len(cs), err)
	}
	if s.opened[0] != db {
		t.Errorf("opened %q; want %q", s.opened, db)
	}
	if s.isOpen() {
		t.Error("the first-start window is still open beside the main window")
	}
}

// A server that wants a password gets the window to ask for it; a wrong one is
// said so and not kept; the right one, with "remember", goes into the keyring
// (never a file) and the shop opens.
func TestFirstStartAsksForThePasswordTheServerWants(t *testing.T) {
	keyring.MockInit()
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "no-pgpass"))
	dbpass.Install()
	t.Cleanup(func() { engine.SetPasswordLookup(nil) })
	db, pw := pgtest.NewPasswordDatabase(t)
	t.Cleanup(func() { dbpass.Forget(db) })

	s := newStartUnderTest(t, "", nil)
	s.choice.SetSelected(chooseShared)
	test.Type(s.address, db)
	s.tapOpen()
	if !s.pwItems.Visible() || !strings.Contains(s.pwNote.Text, "asks for the password of rapport_pw_") || s.main != nil {
		t.Fatalf("a server that wants a password: password shown %v, %q", s.pwItems.Visible(), s.pwNote.Text)
	}
	test.Type(s.password, "wrong")
	s.tapOpen()
	if !strings.Contains(s.pwNote.Text, "refused that password") || s.main != nil {
		t.Errorf("a wrong password: %q", s.pwNote.Text)
	}
	if dbpass.Lookup(db) != "" {
		t.Error("a wrong password is kept")
	}
	test.Type(s.password, pw)
	test.Tap(s.remember)
	s.tapOpen()
	if s.main == nil {
		t.Fatalf("the right password did not open the shop: %q %q", s.pwNote.Text, s.problem.Text)
	}
	if got, err := keyring.Get("Rapport shared shop", db); err != nil || got != pw {
		t.Errorf("the keyring holds %q, %v for %s; want the password", got, err, db)
	}
}

// At a later start the window asks only for the password of the shop this
// computer works on: the address is given and the choice is gone.
func TestALaterStartAsksOnlyForThePassword(t *testing.T) {
	keyring.MockInit()
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "no-pgpass"))
	dbpass.Install()
	t.Cleanup(func() { engine.SetPasswordLookup(nil) })
	db, pw := pgtest.NewPasswordDatabase(t)
	t.Cleanup(func() { dbpass.Forget(db) })
	_, _, refused := store.Open(db)
	if !engine.PasswordRefused(refused) {
		t.Fatalf("opening without the password: %v", refused)
	}

	s := newStartUnderTest(t, db, refused)
	if s.choice.Visible() || !s.pwItems.Visible() || s.address.Text != db {
		t.Errorf("the password window: choice shown %v, password shown %v, address %q", s.choice.Visible(), s.pwItems.Visible(), s.address.Text)
	}
	test.Type(s.password, pw)
	s.tapOpen()
	if s.main == nil || s.main.Path() != db {
		t.Fatalf("the password did not open the shop: %q %q", s.pwNote.Text, s.problem.Text)
	}
	if got, _ := keyring.Get("Rapport shared shop", db); got != "" {
		t.Errorf("a password not to remember is in the keyring: %q", got)
	}
}

// Enter is the window's button wherever the focus is, as in the app's dialogs:
// with nothing focused it opens what is chosen (here a bad address, which is
// refused naming the field).
func TestEnterInTheFirstStartWindowPressesItsButton(t *testing.T) {
	s := newStartUnderTest(t, "", nil)
	s.choice.SetSelected(chooseShared)
	s.address.SetText("mysql://shop@nas/rapport")
	s.win.Canvas().Unfocus()
	typed := s.win.Canvas().OnTypedKey()
	if typed == nil {
		t.Fatal("the window does not take keys when nothing is focused")
	}
	typed(&fyne.KeyEvent{Name: fyne.KeyReturn})
	s.wait()
	if !s.problem.Visible() || !strings.HasPrefix(s.problem.Text, "Address: ") {
		t.Errorf("after Enter the window says %q (shown %v); want the address refused", s.problem.Text, s.problem.Visible())
	}
}
