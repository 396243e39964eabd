package ui

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/engine"
	"github.com/rapport-app/rapport/ui/autostart"
)

// computerTab is Settings → This computer: what belongs to this computer rather
// than the shop (kept in the app's preferences, never in the database): who uses
// it, whether Rapport keeps running in the tray, and whether it starts at login.
type computerTab struct {
	u *UI

	who        *widget.Select
	whoIDs     []int64
	keep       *widget.Check
	keepNote   *widget.Label
	login      *widget.Check
	loginNote  *widget.Label
	reminders  *widget.Label
	status     *widget.Label
	refreshing bool // fill is setting the widgets: their callbacks do nothing

	// A shop with several computers (issue 16): the shared shop's address, what
	// this computer opens, copying this shop there.
	shared     *entry
	sharedNote *widget.Label
	ownFile    *widget.Button
}

func newComputerTab(u *UI) *computerTab { return &computerTab{u: u} }

func (c *computerTab) content() fyne.CanvasObject {
	c.who = widget.NewSelect(nil, c.onWho)
	c.keep = widget.NewCheck("Keep running in the tray when the window is closed", c.onKeep)
	c.keepNote = wrapped("")
	c.login = widget.NewCheck("Start Rapport when I log in", c.onLogin)
	c.loginNote = wrapped("")
	c.reminders = wrapped("")
	c.status = wrapped("")
	c.status.Importance = widget.SuccessImportance
	form := widget.NewForm(
		&widget.FormItem{Text: "Who uses it", Widget: c.who, HintText: "Their calls show first on Today, and reminders of their calls and promises come here"},
	)
	desk := container.NewVBox(c.keep, c.keepNote, c.login, c.loginNote)
	return container.NewVScroll(container.NewVBox(
		wrapped("These settings belong to this computer, not to the shop: each computer on a shared database has its own."),
		card("This computer", form),
		card("Reminders", c.reminders),
		card("On the desktop", desk),
		card("A shop with several computers", c.sharedContent()),
		c.status,
	))
}

// sharedContent is the card of the shared shop: its address, copying this shop
// there, and opening it on this computer from the next start.
func (c *computerTab) sharedContent() fyne.CanvasObject {
	c.shared = newEntry()
	c.shared.SetPlaceHolder("postgres://user@server:5432/shop")
	c.sharedNote = wrapped("")
	c.ownFile = widget.NewButton("Back to this computer's own file", c.onOwnFile)
	form := widget.NewForm(&widget.FormItem{Text: "Shared shop", Widget: c.shared,
		HintText: "A PostgreSQL database; Rapport asks for its password when the server wants one (kept in the system's keyring if you say so, never in a file)"})
	return container.NewVBox(c.sharedNote, form, container.NewHBox(
		widget.NewButton("Copy this shop there", c.onCopyShared),
		widget.NewButton("Open it from the next start", c.onOpenShared),
		c.ownFile,
	))
}

// reloadShared shows which shop this computer works on.
func (c *computerTab) reloadShared() {
	if c.u.st.IsPostgres() {
		c.sharedNote.SetText("This computer works on the shared shop at " + c.u.st.Path() + ". " +
			"Every computer that opens it sees the same customers, calls and letters.")
	} else {
		c.sharedNote.SetText("This shop is in a file on this computer (" + c.u.st.Path() + "). " +
			"For several computers, copy it to an empty PostgreSQL database on a server and open that on each computer.")
	}
	if engine.SharedShop() != "" {
		c.ownFile.Show()
	} else {
		c.ownFile.Hide()
	}
}

// sharedAddress is the address typed, or an error that names the field.
func (c *computerTab) sharedAddress() (string, error) {
	db := strings.TrimSpace(c.shared.Text)
	if !engine.IsURL(db) {
		return "", shop.FieldErrorf("shared_shop", "Shared shop: %q is not a PostgreSQL address such as postgres://user@server:5432/shop", db)
	}
	if engine.RedactURL(db) != db {
		return "", shop.FieldErrorf("shared_shop", "Shared shop: leave the password out; Rapport asks for it when the server wants one")
	}
	return db, nil
}

func (c *computerTab) onCopyShared() {
	db, err := c.sharedAddress()
	if err != nil {
		c.u.showErrorThen(err, c.shared)
		return
	}
	var tables []engine.TableCopy
	c.u.runBusy("Copying the shop to "+db+"…", func() error {
		var err error
		tables, err = c.u.st.CopyTo(c.u.ctx, db)
		return err
	}, func() {
		rows := 0
		for _, t := range tables {
			rows += t.Rows
		}
		c.status.SetText(fmt.Sprintf("Copied the shop to %s: %d rows in %d tables, every table checked. "+
			"Open it from the next start to work on it here.", db, rows, len(tables)))
	})
}

func (c *computerTab) onOpenShared() {
	db, err := c.sharedAddress()
	if err == nil {
		err = engine.SetSharedShop(db)
	}
	if err != nil {
		c.u.showErrorThen(err, c.shared)
		return
	}
	c.reloadShared()
	c.status.SetText("From its next start, Rapport on this computer opens the shared shop at " + db + ".")
}

func (c *computerTab) onOwnFile() {
	if err := engine.SetSharedShop(""); err != nil {
		c.u.showError(err)
		return
	}
	c.reloadShared()
	c.status.SetText("From its next start, Rapport on this computer opens its own file again.")
}

// reload shows the settings as they are.
func (c *computerTab) reload() {
	u := c.u
	c.refreshing = true
	defer func() { c.refreshing = false }()
	names, ids := u.whoChoices()
	c.who.Options = names
	c.whoIDs = ids
	me := u.me()
	c.who.ClearSelected()
	for i, id := range ids {
		if id == me {
			c.who.SetSelected(names[i])
		}
	}
	c.reloadShared()
	c.reminders.SetText("Reminders come 15 minutes before a promise is due, when it is broken, and when a call may be made; " +
		"at most one an hour about each customer, and none outside the shop's opening hours (" +
		orText(u.business.Hours.String(), "Mon-Sat 09:00-18:00") + ", " + orText(u.business.TimeZone, "UTC") + ", set in Settings → Shop). " +
		"A reminder carries no button of its own: open Rapport from the tray, or bring its window to the front, and Today shows what the last reminder was about.")
	if u.hasTray() {
		c.keep.Enable()
		c.keep.SetChecked(u.keepRunning())
		c.keepNote.SetText("Closing the window leaves Rapport in the tray, where its menu opens it again, shows today's calls, pauses the reminders for an hour or quits.")
	} else {
		c.keep.SetChecked(false)
		c.keep.Disable()
		c.keepNote.SetText("This desktop shows no system tray, so closing the window quits Rapport and its reminders.")
	}
	if autostart.Supported() {
		c.login.Enable()
		c.login.SetChecked(autostart.Enabled())
		c.loginNote.SetText(loginNote())
	} else {
		c.login.SetChecked(false)
		c.login.Disable()
		c.loginNote.SetText("Rapport cannot start itself at login on this system; add it to the system's start-up programs instead.")
	}
}

func loginNote() string {
	switch runtime.GOOS {
	case "darwin":
		return "A launch agent in your Library starts Rapport on this database when you log in."
	case "windows":
		return "An entry in your Run key of the registry starts Rapport on this database when you log in."
	}
	return "An autostart entry in your configuration folder (readable by you only) starts Rapport on this database when you log in."
}

func (c *computerTab) onWho(name string) {
	if c.refreshing {
		return
	}
	for i, n := range c.who.Options {
		if n == name {
			c.u.setMe(c.whoIDs[i])
			c.status.SetText("Saved: this is " + name + "'s computer.")
		}
	}
}

func (c *computerTab) onKeep(on bool) {
	if c.refreshing {
		return
	}
	c.u.app.Preferences().SetBool(prefKeepRunning, on)
	c.u.applyKeepRunning()
	if on {
		c.status.SetText("Closing the window now leaves Rapport running in the tray.")
	} else {
		c.status.SetText("Closing the window now quits Rapport.")
	}
}

func (c *computerTab) onLogin(on bool) {
	if c.refreshing {
		return
	}
	var err error
	if on {
		var e autostart.Entry
		db, aerr := filepath.Abs(c.u.st.Path())
		if aerr != nil || engine.IsURL(c.u.st.Path()) {
			db = c.u.st.Path()
		}
		if e, err = autostart.Command("--db", db); err == nil {
			err = autostart.Enable(e)
		}
	} else {
		err = autostart.Disable()
	}
	if err != nil {
		c.refreshing = true
		c.login.SetChecked(autostart.Enabled())
		c.refreshing = false
		c.u.showError(err)
		return
	}
	if on {
		c.status.SetText("Rapport now starts when you log in.")
	} else {
		c.status.SetText("Rapport no longer starts when you log in.")
	}
}
