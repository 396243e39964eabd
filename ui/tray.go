package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/rapport-app/rapport/assets"
)

// Preference keys of the tray.
const (
	// prefKeepRunning: closing the window hides it and the reminders go on
	// (default), or closing it quits Rapport.
	prefKeepRunning = "tray.keepRunning"
	// prefToldTray is set once the user was told that Rapport runs on in the tray.
	prefToldTray = "tray.told"
)

// tray is Rapport in the system tray, where it keeps running when its window is
// closed: Open, Today's calls (N), Pause reminders for an hour, Quit. On a
// desktop without a tray (desk nil) closing the window quits, as it always did.
type tray struct {
	u    *UI
	desk desktop.App // nil when the app has no system tray

	menu                     *fyne.Menu
	open, calls, pause, quit *fyne.MenuItem
	count                    int
	// inFront is set while the window has the focus (from its opening until it
	// loses it): a reminder sent then is not shown again when the window comes
	// back to the front.
	inFront bool
}

// setUpDesktop starts what runs beside the window: the tray and closing to it at
// once, and the reminders once the computer's user is known (the first start
// asks who it is; the first round of a day shows the start-of-day digest). The
// tray cannot wait for the answer: Fyne starts a tray only before the app runs,
// and one set up later never shows and makes the app fail as it quits.
func (u *UI) setUpDesktop() {
	u.setUpTray()
	u.askWho(u.startReminders)
}

// startReminders starts the reminders' rounds, ended however the app ends.
func (u *UI) startReminders() {
	// The window opens in front: what is told as it opens is seen there.
	u.tray.inFront = true
	u.reminders.start()
	lc := u.app.Lifecycle()
	lc.SetOnEnteredForeground(u.tray.onForeground)
	lc.SetOnExitedForeground(u.tray.onBackground)
	// However the app ends (Quit, the session ending), the reminders end first.
	lc.SetOnStopped(u.reminders.halt)
}

// setUpTray puts Rapport in the system tray when the app has one.
func (u *UI) setUpTray() {
	t := &tray{u: u}
	u.tray = t
	t.open = fyne.NewMenuItem("Open Rapport", u.showWindow)
	t.calls = fyne.NewMenuItem("Today's calls", u.showMyCalls)
	t.pause = fyne.NewMenuItem("Pause reminders for an hour", t.onPause)
	t.quit = fyne.NewMenuItem("Quit", u.quit)
	t.quit.IsQuit = true
	t.menu = fyne.NewMenu("Rapport", t.open, t.calls, t.pause, fyne.NewMenuItemSeparator(), t.quit)
	desk, ok := u.app.(desktop.App)
	if !ok {
		return
	}
	t.desk = desk
	desk.SetSystemTrayIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	desk.SetSystemTrayMenu(t.menu)
	// A tap on the tray icon shows the window where the desktop allows it.
	desk.SetSystemTrayWindow(u.win)
	u.applyKeepRunning()
}

// hasTray reports whether Rapport shows in a system tray.
func (u *UI) hasTray() bool { return u.tray != nil && u.tray.desk != nil }

// keepRunning reports whether closing the window leaves Rapport in the tray.
func (u *UI) keepRunning() bool {
	return u.hasTray() && u.app.Preferences().BoolWithFallback(prefKeepRunning, true)
}

// applyKeepRunning makes closing the window hide it (the tray keeps Rapport
// running) or, when the user turned that off, quit.
func (u *UI) applyKeepRunning() {
	if u.keepRunning() {
		u.win.SetCloseIntercept(u.onCloseRequested)
		return
	}
	u.win.SetCloseIntercept(u.quit)
}

// onCloseRequested is the window's close button with a tray: the window hides,
// and the reminders go on. The first time, a notification says where Rapport is.
func (u *UI) onCloseRequested() {
	u.rememberSize()
	u.win.Hide()
	// Closed while "Who uses this computer?" waits: that counts as "Later", and
	// the reminders start as the notice below says.
	if !u.reminders.running() {
		u.startReminders()
	}
	u.tray.onBackground()
	prefs := u.app.Preferences()
	if !prefs.Bool(prefToldTray) {
		prefs.SetBool(prefToldTray, true)
		u.app.SendNotification(fyne.NewNotification("Rapport keeps running in the tray",
			"Reminders stay on while the window is closed. Quit from the tray icon's menu."))
	}
}

// showWindow brings the window up; when a reminder came while it was away,
// Today shows what it was about.
func (u *UI) showWindow() {
	u.win.Show()
	u.win.RequestFocus()
	if n, ok := u.reminders.takeShow(); ok {
		u.showNotice(n)
	}
}

// showMyCalls brings the window up on Today with the user's own calls.
func (u *UI) showMyCalls() {
	u.win.Show()
	u.win.RequestFocus()
	u.reminders.takeShow()
	u.todayTab().showMine()
	u.goTo(tabToday)
}

// onForeground is the window coming to the front (a tap on the tray icon, on a
// notification where the desktop then raises the app, or on the window): it shows
// what the last reminder sent meanwhile was about.
func (t *tray) onForeground() {
	t.inFront = true
	if n, ok := t.u.reminders.takeShow(); ok {
		t.u.showNotice(n)
	}
}

// onBackground is the window losing the focus (another window in front, or
// hidden): a reminder sent now is shown when it comes back.
func (t *tray) onBackground() { t.inFront = false }

// quit ends the reminders, lets work already begun finish, and quits.
func (u *UI) quit() {
	u.reminders.halt()
	u.rememberSize()
	u.pending.Wait()
	u.app.Quit()
}

// setCount shows how many follow-ups the user has today.
func (t *tray) setCount(n int) {
	if t.count == n && t.calls.Label != "Today's calls" {
		return
	}
	t.count = n
	t.calls.Label = fmt.Sprintf("Today's calls (%d)", n)
	t.refresh()
}

func (t *tray) onPause() {
	now := t.u.st.Now()
	if !t.u.reminders.paused(now).IsZero() {
		t.u.reminders.pause(time.Time{})
	} else {
		t.u.reminders.pause(now.Add(time.Hour))
	}
	t.updatePause()
}

// updatePause words the pause item after the pause state.
func (t *tray) updatePause() {
	until := t.u.reminders.paused(t.u.st.Now())
	if until.IsZero() {
		t.pause.Label, t.pause.Checked = "Pause reminders for an hour", false
	} else {
		t.pause.Label, t.pause.Checked = "Reminders paused until "+until.In(t.u.shopZone()).Format(layoutClock)+" (resume)", true
	}
	t.refresh()
}

// refresh shows the menu's changes in the tray.
func (t *tray) refresh() {
	if t.desk != nil {
		t.desk.SetSystemTrayMenu(t.menu)
	}
}
