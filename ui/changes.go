package ui

import (
	"context"
	"time"
)

// Several computers on one shop, and commands run beside the window: Today and the
// calendar show what the others write within two seconds. store.Changes tells of
// every committed write (LISTEN/NOTIFY on PostgreSQL, the file's data_version on
// SQLite); the screen shown is read again in place and keeps its selection.

// watchChanges follows the store's changes until stopWatching. A store that cannot
// tell them (the server refused the listening connection) leaves the screens to be
// read again by the window's own actions, as before.
func (u *UI) watchChanges() {
	u.stopWatching()
	ctx, cancel := context.WithCancel(u.ctx)
	ch, err := u.st.Changes(ctx)
	if err != nil {
		cancel()
		return
	}
	u.stopChanges = cancel
	go func() {
		for range ch {
			u.do(u.onChanged)
		}
	}()
}

// stopWatching stops following the store's changes: before the store is closed.
func (u *UI) stopWatching() {
	if u.stopChanges != nil {
		u.stopChanges()
		u.stopChanges = nil
	}
}

// onChanged reads Today or the calendar again when one of them is shown. While a
// dialog is open the list under it stays as it is (what the dialog is about must
// not move away from the user): it is read again a second later.
func (u *UI) onChanged() {
	i := u.tabs.SelectedIndex()
	if i != tabToday && i != tabCalendar {
		return
	}
	if u.win.Canvas().Overlays().Top() != nil {
		if !u.changeWaiting {
			u.changeWaiting = true
			time.AfterFunc(time.Second, func() {
				u.do(func() {
					u.changeWaiting = false
					u.onChanged()
				})
			})
		}
		return
	}
	u.screenAt(i).reload()
}
