package ui

import (
	"errors"
	"net/url"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/assets"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
	"github.com/rapport-app/rapport/ui/dbpass"
)

// The window of Rapport's first start on a computer, before there is a shop:
// this computer's own shop (a file, made with the demo shop in it to look around
// in) or a shared shop on a PostgreSQL server, whose address the user types. The
// same window asks for a shared shop's password when its server wants one, at
// the first start or any later one.

// Opener opens the shop the user chose: "" for this computer's own file (made
// with the demo shop on a first start), or the address of a shared shop (never
// seeded with the demo). The command line makes it (cli.FirstStart): it holds the
// file's lock and the day's backup, and closes the store when the windows close.
type Opener func(db string) (*store.Store, error)

// Choices of the first start.
const (
	chooseOwn    = "This computer's own shop"
	chooseShared = "A shared shop on a server"
)

// startWindow is the first-start window: the choice, the shared shop's address
// and, when its server asks, its password.
type startWindow struct {
	app  fyne.App
	win  fyne.Window
	open Opener
	// main builds and shows the main window on the shop opened (New in the app).
	main func(st *store.Store)
	do   func(func())
	// askOnly is set when the window only asks for the password of the shared
	// shop at db (a later start): the choice of this computer's own shop is gone.
	askOnly bool

	choice   *widget.RadioGroup
	about    *widget.Label
	shared   *fyne.Container
	address  *entry
	password *entry
	pwItems  *fyne.Container
	pwNote   *widget.Label
	remember *widget.Check
	problem  *widget.Label
	busy     *widget.Activity
	openBtn  *widget.Button
	pending  sync.WaitGroup // the open under way (tests wait for it)
}

// FirstStart is the window of Rapport's first start on this computer: the user
// chooses this computer's own shop (the demo) or a shared one, open opens it and
// the main window takes over on it. The caller shows the window.
func FirstStart(a fyne.App, open Opener) fyne.Window {
	trayBeforeRun(a)
	return newStartWindow(a, open, func(st *store.Store) { New(a, st).Show() }, fyne.Do, "", nil).win
}

// AskPassword is the window that asks for the password of the shared shop at db,
// whose server refused the one it had (err) or wanted one; open opens the shop
// with it and the main window takes over. The caller shows the window.
func AskPassword(a fyne.App, db string, err error, open Opener) fyne.Window {
	trayBeforeRun(a)
	return newStartWindow(a, open, func(st *store.Store) { New(a, st).Show() }, fyne.Do, db, err).win
}

// trayBeforeRun puts Rapport in the system tray before the app runs: Fyne starts
// the tray only when the app starts running, so the main window, made once the
// shop is open, could not start it (and the app would fail as it quits). The main
// window's tray menu replaces this one.
func trayBeforeRun(a fyne.App) {
	if desk, ok := a.(desktop.App); ok {
		desk.SetSystemTrayMenu(fyne.NewMenu("Rapport"))
	}
}

// newStartWindow builds the window; db and err, when db is not "", make it ask
// for that shared shop's password only.
func newStartWindow(a fyne.App, open Opener, main func(*store.Store), do func(func()), db string, err error) *startWindow {
	a.Settings().SetTheme(newTheme())
	s := &startWindow{app: a, open: open, main: main, do: do, askOnly: db != ""}
	s.win = a.NewWindow("Rapport")
	icon := fyne.NewStaticResource("icon.png", assets.Icon)
	a.SetIcon(icon)
	s.win.SetIcon(icon)
	s.win.SetContent(s.content())
	s.win.Resize(fyne.NewSize(640, 0))
	// Enter is the window's button wherever the focus is, as in the app's dialogs.
	s.win.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) {
		if e.Name == fyne.KeyReturn || e.Name == fyne.KeyEnter {
			s.onOpen()
		}
	})
	if s.askOnly {
		s.address.SetText(db)
		s.choice.SetSelected(chooseShared)
		s.askForPassword(err)
	} else {
		s.choice.SetSelected(chooseOwn)
	}
	return s
}

func (s *startWindow) content() fyne.CanvasObject {
	title := "Welcome to Rapport"
	intro := "Rapport keeps a shop's customers, sales and issues, and plans the calls and letters that follow them up. " +
		"Which shop does this computer work on?"
	if s.askOnly {
		title = "The shared shop's password"
		intro = "The shop this computer works on is on a server that wants a password."
	}
	head := heading(title)
	head.Truncation = fyne.TextTruncateOff
	s.choice = widget.NewRadioGroup([]string{chooseOwn, chooseShared}, s.onChoice)
	s.choice.Required = true
	s.about = wrapped("")

	s.address = newEntry()
	s.address.SetPlaceHolder("postgres://user@server:5432/shop")
	s.address.OnSubmitted = func(string) { s.onOpen() }
	s.password = newEntry()
	s.password.Password = true
	s.password.OnSubmitted = func(string) { s.onOpen() }
	s.remember = widget.NewCheck("Remember it on this computer (in the system's keyring, never in a file)", nil)
	s.pwNote = wrapped("")
	s.pwItems = container.NewVBox(s.pwNote,
		container.New(layout.NewFormLayout(), widget.NewLabelWithStyle("Password", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), s.password),
		s.remember)
	s.pwItems.Hide()
	s.shared = container.NewVBox(
		widget.NewForm(&widget.FormItem{Text: "Address", Widget: s.address,
			HintText: "Whoever set the server up gives it; the password is asked for when the server wants one"}),
		s.pwItems)

	s.problem = wrapped("")
	s.problem.Importance = widget.DangerImportance
	s.problem.Hide()
	s.busy = widget.NewActivity()
	s.busy.Hide()
	s.openBtn = widget.NewButton("Open", s.onOpen)
	s.openBtn.Importance = widget.HighImportance
	quit := widget.NewButton("Quit", s.win.Close)
	buttons := container.NewHBox(layout.NewSpacer(), s.busy, quit, s.openBtn)

	body := container.NewVBox(head, wrapped(intro))
	if s.askOnly {
		s.choice.Hide()
		s.about.Hide()
	} else {
		body.Add(s.choice)
		body.Add(s.about)
	}
	body.Add(s.shared)
	body.Add(s.problem)
	return container.NewPadded(container.NewBorder(nil, buttons, nil, nil, body))
}

// onChoice shows what the choice means and what it needs.
func (s *startWindow) onChoice(choice string) {
	s.setProblem("")
	if choice == chooseShared {
		s.about.SetText("The shop several computers work on together, kept in a PostgreSQL database on the owner's desktop, " +
			"a NAS or a hosted server. Nothing of it is kept on this computer but its daily backups.")
		s.shared.Show()
		s.openBtn.SetText("Open the shared shop")
		s.focusSoon(s.address)
		return
	}
	s.about.SetText("Kept in a file on this computer. It starts as a demo shop, with made-up customers, sales and calls to look around in; " +
		"Settings → Import brings in your own, and Settings → This computer moves the shop to a server later.")
	s.shared.Hide()
	s.openBtn.SetText("Open the demo shop")
	// The desktop driver leaves the focus on the item clicked, which would take
	// Enter and answer it with nothing: the window's Enter is its button.
	go s.do(func() { s.win.Canvas().Unfocus() })
}

// askForPassword shows the password field, saying why: the server wants one
// (none was given) or refused the one given.
func (s *startWindow) askForPassword(err error) {
	user := "its user"
	if u, perr := url.Parse(strings.TrimSpace(s.address.Text)); perr == nil && u.User != nil && u.User.Username() != "" {
		user = u.User.Username()
	}
	if s.pwItems.Visible() && s.password.Text != "" {
		s.pwNote.SetText("The server refused that password for " + user + ". Type it again.")
	} else {
		s.pwNote.SetText("The server asks for the password of " + user + ".")
	}
	if err != nil && !engine.PasswordRefused(err) {
		s.pwNote.SetText(sentence(engine.Explain(err).Error()) + ".")
	}
	s.pwItems.Show()
	s.password.SetText("")
	s.focusSoon(s.password)
}

// focusSoon puts the cursor in e once the window has drawn it: a field just
// shown is not part of the window until then.
func (s *startWindow) focusSoon(e *entry) {
	go s.do(func() { s.win.Canvas().Focus(e) })
}

// setProblem shows what stops the shop from opening ("" for nothing).
func (s *startWindow) setProblem(msg string) {
	if msg == "" {
		s.problem.Hide()
		return
	}
	s.problem.SetText(msg)
	s.problem.Show()
}

// sharedAddressFrom is the shared shop's address typed, or an error that names
// the field.
func sharedAddressFrom(text string) (string, error) {
	db := strings.TrimSpace(text)
	if db == "" {
		return "", shop.FieldErrorf("shared_shop", "Address: type the shared shop's address, such as postgres://user@server:5432/shop")
	}
	if !engine.IsURL(db) {
		return "", shop.FieldErrorf("shared_shop", "Address: %q is not a PostgreSQL address such as postgres://user@server:5432/shop", db)
	}
	if _, err := url.Parse(db); err != nil {
		return "", shop.FieldErrorf("shared_shop", "Address: %q cannot be read as an address (postgres://user@server:5432/shop)", db)
	}
	if engine.RedactURL(db) != db {
		return "", shop.FieldErrorf("shared_shop", "Address: leave the password out of the address; Rapport asks for it when the server wants one")
	}
	return db, nil
}

// onOpen opens the shop chosen, off the UI goroutine, and hands over to the main
// window; what stops it is said under the choice, and nothing is kept.
func (s *startWindow) onOpen() {
	if !s.openBtn.Visible() || s.openBtn.Disabled() {
		return
	}
	db := ""
	pw := ""
	if s.choice.Selected == chooseShared {
		var err error
		if db, err = sharedAddressFrom(s.address.Text); err != nil {
			s.setProblem(sentence(err.Error()) + ".")
			s.win.Canvas().Focus(s.address)
			return
		}
		if s.pwItems.Visible() {
			pw = s.password.Text
			dbpass.ForSession(db, pw) // the store asks for it (dbpass.Install)
		}
	}
	s.setProblem("")
	s.openBtn.Disable()
	s.busy.Show()
	s.busy.Start()
	s.pending.Add(1)
	go func() {
		defer s.pending.Done()
		st, err := s.open(db)
		s.do(func() { s.opened(db, pw, st, err) })
	}()
}

// opened hands over to the main window on st, or says why the shop did not open.
func (s *startWindow) opened(db, pw string, st *store.Store, err error) {
	s.busy.Stop()
	s.busy.Hide()
	s.openBtn.Enable()
	if err != nil {
		if db != "" {
			dbpass.ForSession(db, "") // a password that did not open it is forgotten
		}
		if db != "" && engine.PasswordRefused(err) {
			s.askForPassword(err)
			return
		}
		s.setProblem(sentence(engine.Explain(err).Error()) + ".")
		return
	}
	if pw != "" && s.remember.Checked {
		if rerr := dbpass.Remember(db, pw); rerr != nil && errors.Is(rerr, dbpass.ErrNoKeyring) {
			// The shop is open all the same; the owner learns it next time.
			s.pwNote.SetText(sentence(rerr.Error()) + ".")
		}
	}
	s.main(st)
	s.win.Close()
}
