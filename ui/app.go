// Package ui is Rapport's desktop window: one screen per file (today's calls, the
// calendar, customers, sales, issues, settings), each a thin layer that calls the
// data package and formats what it returns. Business rules live in data, never here.
package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/assets"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
)

// AppID is the application's unique ID; it names the preferences and storage folder.
const AppID = "app.rapport.desktop"

// Preference keys.
const (
	prefTab    = "ui.lastTab"
	prefWidth  = "ui.windowWidth"
	prefHeight = "ui.windowHeight"
)

const (
	defaultWidth  = 1100
	defaultHeight = 720
)

// screen is what every tab implements: its content, and a reload that runs each
// time the tab is shown so it never shows stale rows after work on another tab.
type screen interface {
	content() fyne.CanvasObject
	reload()
}

// UI is the main window and what its screens share.
type UI struct {
	app fyne.App
	win fyne.Window
	st  *store.Store
	ctx context.Context
	// ownStore is set when the window opened st itself (after restoring a backup),
	// so it closes st when it closes; the store it was given belongs to the caller.
	ownStore bool

	tabs *container.AppTabs
	// built holds each tab's screen once it was first shown (or asked for): a
	// screen is built when it is needed, so a start builds only the one shown.
	built [tabCount]screen

	// Cached profile, rules and staff: read at start and after Settings saves them,
	// because nearly every screen formats with them.
	business shop.Business
	country  string // the shop's country: the currency of the sums shown
	rules    shop.Rules
	staff    []shop.Staff

	// do runs a function on the UI goroutine: fyne.Do in the app. Tests queue the
	// functions instead and run them on the test goroutine, as an event loop would,
	// because the test driver's fyne.Do runs them at once on the calling goroutine.
	do func(func())
	// pending counts background jobs whose work has not finished; busy is the same
	// count as a number, for the restore of a backup, which must not swap the
	// store under work still using it.
	pending sync.WaitGroup
	busy    atomic.Int32

	// planTried is the shop-local day for which the stored plan was last brought up
	// to date (or tried to be), so that a window left open overnight plans the new
	// day once.
	planTried string
	// searchWarm is set once the customer search index is being read (warmSearch).
	searchWarm bool
	// stopChanges stops following the store's changes (changes.go);
	// changeWaiting is set while a change waits for a dialog to close.
	stopChanges   func()
	changeWaiting bool

	// reminders sends the desktop notifications; tray is Rapport in the system
	// tray (tray.go), set up by New.
	reminders *reminders
	tray      *tray

	// shown are the dialogs open that answer Enter and Escape (keys.go).
	shown []*shownDialog
}

// New builds Rapport's main window on an open store, with its content set and sized
// as the user left it last time. The screens show the stored plan; when it was made
// on an earlier day, the whole shop is planned for today in the background (the
// day's first start does it once) and the call list is shown again when that is
// done. The caller shows the window.
func New(a fyne.App, st *store.Store) fyne.Window {
	u := newUI(a, st, fyne.Do)
	u.replanInBackground()
	// What other computers and commands write shows in Today and the calendar.
	u.watchChanges()
	// The tray, and the reminders once the computer's user is known.
	u.setUpDesktop()
	return u.win
}

// replanInBackground brings the stored plan up to date off the UI goroutine when it
// was made on an earlier day, with Today saying so, then reloads the screen shown.
// When that cannot be done (the file is busy, the disk is full) the screens keep
// showing the stored plan, and the user is told.
func (u *UI) replanInBackground() {
	u.todayTab().setPlanning(true)
	u.planTried = u.now().Format(time.DateOnly)
	var replanned bool
	var planErr error
	u.async(func() error {
		replanned, planErr = u.st.RefreshPlan(u.ctx)
		return nil
	}, func(err error) {
		u.todayTab().setPlanning(false)
		if err == nil && planErr != nil {
			err = fmt.Errorf("today's follow-ups could not be planned, so the lists show those planned before: %w", planErr)
		}
		if err != nil {
			u.showError(err)
			return
		}
		if replanned {
			u.screenAt(u.tabs.SelectedIndex()).reload()
		}
	})
}

// warmSearch reads the customer search index once (a third of a second at 100,000
// customers), so that the pickers, which search as the user types on the UI
// goroutine, never wait for it. Today calls it once it has drawn its list: read
// beside Today's own rows, the index would slow the first screen down.
func (u *UI) warmSearch() {
	if u.searchWarm {
		return
	}
	u.searchWarm = true
	u.async(func() error {
		_, err := u.st.SearchCustomers(u.ctx, "")
		return err
	}, func(err error) {
		if err != nil {
			u.showError(err)
		}
	})
}

// newUI builds the window; do hands work to the UI goroutine (fyne.Do in the app).
func newUI(a fyne.App, st *store.Store, do func(func())) *UI {
	a.Settings().SetTheme(newTheme())
	u := &UI{app: a, st: st, ctx: context.Background(), do: do}
	u.reminders = newReminders(u)
	u.win = a.NewWindow("Rapport")
	u.win.SetMaster()
	icon := fyne.NewStaticResource("icon.png", assets.Icon)
	a.SetIcon(icon)
	u.win.SetIcon(icon)
	// Short reads at start-up, so the title and the first screen are right at once.
	u.loadShared()

	u.tabs = container.NewAppTabs()
	for _, t := range tabList() {
		// An empty stand-in until the tab is first shown (screenAt).
		u.tabs.Append(container.NewTabItemWithIcon(t.name, t.icon, container.NewStack()))
	}
	prefs := a.Preferences()
	last := prefs.IntWithFallback(prefTab, 0)
	if last < 0 || last >= len(u.tabs.Items) {
		last = 0
	}
	u.screenAt(last)
	u.tabs.SelectIndex(last)
	u.tabs.OnSelected = u.onTabSelected
	u.screenAt(last).reload()

	// The tooltips lie over the tabs, in the content: an overlay would take the
	// keyboard from the field being typed in.
	tips := newTipLayer(u.win.Canvas())
	u.win.SetContent(container.NewStack(u.tabs, tips.layer))
	u.win.Resize(fyne.NewSize(
		float32(prefs.FloatWithFallback(prefWidth, defaultWidth)),
		float32(prefs.FloatWithFallback(prefHeight, defaultHeight))))
	u.win.SetOnClosed(u.onClosed)
	u.addShortcuts()
	u.updateTitle()
	return u
}

// addShortcuts gives the window its keyboard shortcuts: Ctrl+1 … Ctrl+8 show the
// tabs, Ctrl+F searches the customers, Ctrl+N starts a new sale and Ctrl+I a new
// issue (Cmd on macOS).
func (u *UI) addShortcuts() {
	mod := fyne.KeyModifierShortcutDefault
	add := func(key fyne.KeyName, do func()) {
		u.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: mod}, func(fyne.Shortcut) {
			// Not behind a dialog: it waits for an answer first.
			if u.win.Canvas().Overlays().Top() == nil {
				do()
			}
		})
	}
	u.win.Canvas().SetOnTypedKey(u.typedKey)
	for i, key := range []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8} {
		add(key, func() { u.goTo(i) })
	}
	add(fyne.KeyF, func() {
		u.goTo(tabCustomers)
		// The last search is selected: the next name typed replaces it.
		search := u.customersTab().search
		u.win.Canvas().Focus(search)
		search.TypedShortcut(&fyne.ShortcutSelectAll{})
	})
	add(fyne.KeyN, func() {
		u.goTo(tabSales)
		u.salesTab().onNew()
	})
	add(fyne.KeyI, func() {
		u.goTo(tabIssues)
		u.issuesTab().onNew()
	})
}

// Tab positions, in the order of screens.
const (
	tabToday = iota
	tabCalendar
	tabCustomers
	tabSales
	tabIssues
	tabPromises
	tabReports
	tabSettings
	tabCount
)

// tab is one of the window's tabs: its name, its icon and how its screen is made.
type tab struct {
	name  string
	icon  fyne.Resource
	build func(u *UI) screen
}

// tabList is the window's tabs, in their positions.
func tabList() [tabCount]tab {
	return [tabCount]tab{
		tabToday:     {"Today", theme.HomeIcon(), func(u *UI) screen { return newTodayScreen(u) }},
		tabCalendar:  {"Calendar", theme.CalendarIcon(), func(u *UI) screen { return newCalendarScreen(u) }},
		tabCustomers: {"Customers", theme.AccountIcon(), func(u *UI) screen { return newCustomersScreen(u) }},
		tabSales:     {"Sales", theme.ContentAddIcon(), func(u *UI) screen { return newSalesScreen(u) }},
		tabIssues:    {"Issues", theme.WarningIcon(), func(u *UI) screen { return newIssuesScreen(u) }},
		tabPromises:  {"Promises", theme.ConfirmIcon(), func(u *UI) screen { return newPromisesScreen(u) }},
		tabReports:   {"Reports", theme.DocumentIcon(), func(u *UI) screen { return newReportsScreen(u) }},
		tabSettings:  {"Settings", theme.SettingsIcon(), func(u *UI) screen { return newSettingsScreen(u) }},
	}
}

// screenAt is the screen of tab i, built (and put in its tab) the first time it
// is asked for.
func (u *UI) screenAt(i int) screen {
	if s := u.built[i]; s != nil {
		return s
	}
	s := tabList()[i].build(u)
	u.built[i] = s
	u.tabs.Items[i].Content = s.content()
	if u.tabs.SelectedIndex() == i {
		// AppTabs shows a tab's new content after a refresh; selecting a tab
		// refreshes it anyway.
		u.tabs.Refresh()
	}
	return s
}

// The screens, each built when first asked for.
func (u *UI) todayTab() *todayScreen         { return u.screenAt(tabToday).(*todayScreen) }
func (u *UI) calendarTab() *calendarScreen   { return u.screenAt(tabCalendar).(*calendarScreen) }
func (u *UI) customersTab() *customersScreen { return u.screenAt(tabCustomers).(*customersScreen) }
func (u *UI) salesTab() *salesScreen         { return u.screenAt(tabSales).(*salesScreen) }
func (u *UI) issuesTab() *issuesScreen       { return u.screenAt(tabIssues).(*issuesScreen) }
func (u *UI) settingsTab() *settingsScreen   { return u.screenAt(tabSettings).(*settingsScreen) }
func (u *UI) reportsTab() *reportsScreen     { return u.screenAt(tabReports).(*reportsScreen) }

// goTo shows a tab and reloads it, also when it is the tab already shown (where
// AppTabs does not call OnSelected).
func (u *UI) goTo(tab int) {
	s := u.screenAt(tab)
	if u.tabs.SelectedIndex() == tab {
		s.reload()
		return
	}
	u.tabs.SelectIndex(tab)
}

func (u *UI) onTabSelected(*container.TabItem) {
	i := u.tabs.SelectedIndex()
	u.app.Preferences().SetInt(prefTab, i)
	u.screenAt(i).reload()
}

// onClosed ends the reminders, remembers the window size for the next start and
// closes a store the window opened itself.
func (u *UI) onClosed() {
	tipLayers.Delete(u.win.Canvas())
	u.stopWatching()
	u.reminders.halt()
	if u.ownStore {
		u.st.Close()
	}
	u.rememberSize()
}

// rememberSize keeps the window's size for the next start.
func (u *UI) rememberSize() {
	s := u.win.Canvas().Size()
	if s.Width > 0 && s.Height > 0 {
		u.app.Preferences().SetFloat(prefWidth, float64(s.Width))
		u.app.Preferences().SetFloat(prefHeight, float64(s.Height))
	}
}

// loadShared reads the shop profile, the rules and the staff list. A failure leaves
// the defaults in place: each screen reports its own errors when it loads.
func (u *UI) loadShared() {
	if b, err := u.st.Business(u.ctx); err == nil {
		u.business = b
	}
	if r, err := u.st.Rules(u.ctx); err == nil {
		u.rules = r
	} else {
		u.rules = shop.DefaultRules()
	}
	if s, err := u.st.Staff(u.ctx); err == nil {
		u.staff = s
	}
	if ls, err := u.st.LetterSettings(u.ctx); err == nil {
		u.country = ls.Country
	}
}

func (u *UI) updateTitle() {
	name := u.business.Name
	if name == "" {
		u.win.SetTitle("Rapport")
		return
	}
	u.win.SetTitle("Rapport — " + name)
}

// shopZone is the shop's time zone: the owner's "today" and the zone of sales and
// issues typed in the forms.
func (u *UI) shopZone() *time.Location { return zoneOf(u.business.TimeZone, time.UTC) }

// now is the store's clock in the shop's zone; the --now flag and tests set it.
func (u *UI) now() time.Time { return u.st.Now().In(u.shopZone()) }

// confirmDelete asks before deleting and, on yes, runs del off the UI goroutine
// like run, then done on it.
func (u *UI) confirmDelete(title, msg string, del func() error, done func()) {
	d := dialog.NewConfirm(title, msg, func(ok bool) {
		if ok {
			u.run(del, done)
		}
	}, u.win)
	d.SetConfirmText("Delete")
	d.SetConfirmImportance(widget.DangerImportance)
	u.present(d, nil, nil) // Enter never deletes
}

// info tells the user something, in a dialog that Enter and Escape close.
func (u *UI) info(title, msg string) {
	d := dialog.NewInformation(title, msg, u.win)
	u.present(d, d.Hide, nil)
}

// run does work off the UI goroutine and then done on it. An error from work is
// shown in a dialog instead, and done is not called. done may be nil.
func (u *UI) run(work func() error, done func()) {
	u.async(work, func(err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if done != nil {
			done()
		}
	})
}

// runBusy is run for work that can take a while (a full re-plan, an import): it
// shows message with an activity indicator until the work is over.
func (u *UI) runBusy(message string, work func() error, done func()) {
	act := widget.NewActivity()
	d := dialog.NewCustomWithoutButtons("Please wait", container.NewHBox(act, widget.NewLabel(message)), u.win)
	act.Start()
	d.Show()
	u.async(work, func(err error) {
		act.Stop()
		d.Hide()
		if err != nil {
			u.showError(err)
			return
		}
		if done != nil {
			done()
		}
	})
}

// runProgress runs work off the UI goroutine behind a dialog titled title with a
// progress bar that work moves through its progress function, then hands work's
// error to then on the UI goroutine.
func (u *UI) runProgress(title, message string, work func(progress func(done, total int)) error, then func(error)) {
	bar := widget.NewProgressBar()
	d := dialog.NewCustomWithoutButtons(title, container.NewVBox(widget.NewLabel(message), bar), u.win)
	d.Resize(fyne.NewSize(420, 0))
	d.Show()
	progress := func(done, total int) {
		if total > 0 {
			u.do(func() { bar.SetValue(float64(done) / float64(total)) })
		}
	}
	u.async(func() error { return work(progress) }, func(err error) {
		d.Hide()
		then(err)
	})
}

// async runs work on its own goroutine and hands its error to then on the UI
// goroutine, through u.do.
func (u *UI) async(work func() error, then func(error)) {
	u.pending.Add(1)
	u.busy.Add(1)
	go func() {
		defer u.pending.Done()
		err := work()
		u.busy.Add(-1)
		u.do(func() { then(err) })
	}()
}

// showError tells the user what went wrong. The data package's messages name the
// field or row ("Email: "x" is not an email address"), so they are shown as they
// are; several fields' problems are listed one a line. Enter and Escape close it.
func (u *UI) showError(err error) { u.showErrorThen(err, nil) }

// showErrorThen is showError, putting the cursor in field (when not nil) once
// the dialog is closed: the field to correct.
func (u *UI) showErrorThen(err error, field fyne.Focusable) {
	title := "Please check"
	if errors.Is(err, store.ErrNotPending) {
		title = "Already changed"
	}
	// Whatever SQLite said is put in plain words (no driver error reaches a person).
	text := sentence(engine.Explain(err).Error())
	if probs := fieldProblems(err); len(probs) > 1 {
		lines := make([]string, len(probs))
		for i, p := range probs {
			lines[i] = "• " + sentence(p.Error())
		}
		text = "These fields need a look:\n" + strings.Join(lines, "\n")
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	icon := widget.NewIcon(theme.WarningIcon())
	body := container.NewBorder(nil, nil, container.NewVBox(icon), nil, msg)
	d := dialog.NewCustom(title, "OK", body, u.win)
	d.Resize(fyne.NewSize(460, 0))
	u.present(d, d.Hide, nil)
	if field != nil {
		d.SetOnClosed(func() { u.win.Canvas().Focus(field) })
	}
}

// staffName finds a staff member's name in the cached list; "" for none.
func (u *UI) staffName(id shop.ID) string {
	for _, s := range u.staff {
		if s.ID == id {
			return s.Name
		}
	}
	return ""
}

// showCustomer switches to the Customers tab with one customer open.
func (u *UI) showCustomer(id shop.ID) {
	u.customersTab().pendingSelect = id
	u.goTo(tabCustomers)
}

// logSaleFor switches to the Sales tab with a new sale for a customer.
func (u *UI) logSaleFor(c shop.Customer) {
	u.salesTab().pendingNew = &c
	u.goTo(tabSales)
}

// editSale switches to the Sales tab with one sale open for editing.
func (u *UI) editSale(p shop.Purchase) {
	u.salesTab().pendingEdit = &p
	u.goTo(tabSales)
}

// logIssueFor switches to the Issues tab with a new issue for a customer.
func (u *UI) logIssueFor(c shop.Customer) {
	u.issuesTab().pendingNew = &c
	u.goTo(tabIssues)
}

// editIssue switches to the Issues tab with one issue open for editing.
func (u *UI) editIssue(is shop.Issue) {
	u.issuesTab().pendingEdit = &is
	u.goTo(tabIssues)
}

// findCustomers is the first limit customers matching q, by name.
func (u *UI) findCustomers(q string, limit int) ([]shop.Customer, error) {
	r, err := u.st.SearchCustomers(u.ctx, q)
	if err != nil {
		return nil, err
	}
	return u.st.CustomersPage(u.ctx, r, 0, limit)
}

// customerNames reads the names of the customers with the given IDs, for lists of
// sales and issues that show who they belong to.
func (u *UI) customerNames(ids []shop.ID) (map[shop.ID]string, error) {
	cs, err := u.st.CustomersPage(u.ctx, store.CustomerSearch{IDs: ids}, 0, len(ids))
	if err != nil {
		return nil, err
	}
	names := make(map[shop.ID]string, len(cs))
	for _, c := range cs {
		names[c.ID] = c.Name
	}
	return names, nil
}

// newCustomerPicker is a customer picker that searches the store as the user types
// and offers to add the customer typed when they are new.
func (u *UI) newCustomerPicker() *customerPicker {
	p := newCustomerPicker(u.findCustomers)
	p.async = u.async
	p.onNew = func(name string) {
		u.quickAddCustomer(name, func(c shop.Customer) {
			p.set(c)
			if p.onPicked != nil {
				p.onPicked(c)
			}
		})
	}
	return p
}
