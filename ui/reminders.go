package ui

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/rapport-app/rapport/data/remind"
	"github.com/rapport-app/rapport/data/shop"
)

// reminderEvery is how often the reminders look at the plan.
const reminderEvery = 30 * time.Second

// reminders sends the desktop notifications that remind.Due decides on, every
// reminderEvery, whether the window is shown or closed to the tray, until Quit.
// Each round escalates the promises broken for more than an hour first
// (store.EscalateBrokenPromises), so that the senior is told in the same round.
// The store work runs off the UI goroutine (UI.async, which a restore of a backup
// waits for); the notifications and the tray are updated on it.
type reminders struct {
	u *UI

	mu          sync.Mutex
	log         remind.Log
	pausedUntil time.Time
	// last is the last reminder about a follow-up; show, when the window comes
	// up because of it, selects that follow-up on Today.
	last remind.Notice
	show bool

	stop chan struct{} // closed to end the loop
	done chan struct{} // closed when the loop has ended
}

func newReminders(u *UI) *reminders { return &reminders{u: u} }

// start runs a round now and then every reminderEvery; a second start does nothing.
func (r *reminders) start() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stop != nil {
		return
	}
	r.stop, r.done = make(chan struct{}), make(chan struct{})
	stop, done := r.stop, r.done
	go func() {
		defer close(done)
		t := time.NewTicker(reminderEvery)
		defer t.Stop()
		r.u.do(r.round)
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				r.u.do(r.round)
			}
		}
	}()
}

// halt ends the loop and waits for it; a round already handed over to the UI
// goroutine finds it stopped and does nothing.
func (r *reminders) halt() {
	r.mu.Lock()
	stop, done := r.stop, r.done
	r.stop = nil
	r.mu.Unlock()
	if stop == nil {
		return
	}
	close(stop)
	<-done
}

// running reports whether the reminders are on (started and not halted).
func (r *reminders) running() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stop != nil
}

// pause silences the reminders until then; a zero time resumes them.
func (r *reminders) pause(until time.Time) {
	r.mu.Lock()
	r.pausedUntil = until
	r.mu.Unlock()
}

// paused is when the reminders resume; zero when they are not paused at now.
func (r *reminders) paused(now time.Time) time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	if now.Before(r.pausedUntil) {
		return r.pausedUntil
	}
	return time.Time{}
}

// told notes that the digest of today was shown in the window, so it is not sent
// as a notification as well.
func (r *reminders) told(n remind.Notice, at time.Time) {
	r.mu.Lock()
	r.log.Record([]remind.Notice{n}, at)
	r.mu.Unlock()
}

// round is one look at the plan, begun on the UI goroutine.
func (r *reminders) round() {
	if !r.running() {
		return
	}
	u := r.u
	st, me := u.st, u.me()
	var ns []remind.Notice
	var mine, escalated int
	u.async(func() error {
		esc, err := st.EscalateBrokenPromises(u.ctx)
		if err != nil {
			return err
		}
		escalated = len(esc)
		b, err := st.Business(u.ctx)
		if err != nil {
			return err
		}
		rules, err := st.Rules(u.ctx)
		if err != nil {
			return err
		}
		today, err := st.Today(u.ctx)
		if err != nil {
			return err
		}
		promises, err := st.PromisesToKeep(u.ctx)
		if err != nil {
			return err
		}
		mine = len(remind.ForStaff(today, me))
		now := st.Now()
		r.mu.Lock()
		defer r.mu.Unlock()
		ns = remind.Due(remind.Input{Now: now, Business: b, Rules: rules, Me: me, Today: today, Promises: promises, PausedUntil: r.pausedUntil}, &r.log)
		r.log.Record(ns, now)
		return nil
	}, func(err error) {
		if err != nil {
			// A round that could not read the plan is tried again in the next; a
			// dialog every half minute would help nobody.
			fyne.LogError("reminders", err)
			return
		}
		inFront := u.tray != nil && u.tray.inFront
		// The most urgent last: desktops show the newest notification on top.
		for i := len(ns) - 1; i >= 0; i-- {
			n := ns[i]
			if n.Kind == remind.KindDigest {
				// Once a day on this computer, also across restarts; in the window
				// when it is in front, else as a notification.
				if u.app.Preferences().String(prefDigestDay) == n.Day {
					continue
				}
				u.app.Preferences().SetString(prefDigestDay, n.Day)
				if inFront {
					u.showDigest()
					continue
				}
			}
			u.app.SendNotification(fyne.NewNotification(n.Title, n.Body))
		}
		if len(ns) > 0 {
			// The window shows the most urgent: the first about a customer, else
			// the digest or the calls told together.
			first := ns[0]
			for _, n := range ns {
				if n.CustomerID != 0 {
					first = n
					break
				}
			}
			r.mu.Lock()
			r.last, r.show = first, !inFront
			r.mu.Unlock()
		}
		if u.tray != nil {
			u.tray.setCount(mine)
		}
		if escalated > 0 {
			// Someone's list changed hands.
			u.screenAt(u.tabs.SelectedIndex()).reload()
		}
	})
}

// takeShow is the reminder the window should show as it comes up, once: the
// last one sent while the window was not in front.
func (r *reminders) takeShow() (remind.Notice, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.show {
		return remind.Notice{}, false
	}
	r.show = false
	return r.last, true
}

// showNotice brings up what a reminder was about: the digest, or the follow-up on
// Today ("Clicking brings the window to that follow-up": Fyne's notifications
// carry no action, so the window does this when it comes to the front).
func (u *UI) showNotice(n remind.Notice) {
	switch {
	case n.Kind == remind.KindDigest:
		u.goTo(tabToday)
		u.showDigest()
	case n.FollowUpID != 0 || n.CustomerID != 0:
		u.showFollowUp(n.FollowUpID, n.CustomerID)
	default:
		u.goTo(tabToday)
	}
}

// showFollowUp shows Today with a follow-up selected, or, when a re-plan has
// replaced it since, the customer's follow-up of the day.
func (u *UI) showFollowUp(id, customer shop.ID) {
	t := u.todayTab()
	t.wanted.id, t.wanted.customer = id, customer
	u.goTo(tabToday)
}
