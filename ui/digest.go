package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/remind"
	"github.com/rapport-app/rapport/data/shop"
)

// prefDigestDay is the shop-local day whose digest this computer last showed or
// sent (the reminders' first round of a day, reminders.go), so that it comes once
// a day also when Rapport starts again.
const prefDigestDay = "digest.day"

// showDigest shows the start of the day for the user of this computer: the day's
// calls by person, the promises due today, the broken ones and the emails to send.
func (u *UI) showDigest() {
	var d remind.Digest
	me := u.me()
	u.run(func() error {
		b, err := u.st.Business(u.ctx)
		if err != nil {
			return err
		}
		items, err := u.st.Today(u.ctx)
		if err != nil {
			return err
		}
		promises, err := u.st.PromisesToKeep(u.ctx)
		if err != nil {
			return err
		}
		d = remind.BuildDigest(u.st.Now(), b, items, promises, me)
		return nil
	}, func() {
		u.app.Preferences().SetString(prefDigestDay, d.Notice().Day)
		u.reminders.told(d.Notice(), u.st.Now())
		dlg := dialog.NewCustomConfirm(d.Day.Format("Monday, January 2"), "Open today's list", "Close",
			container.NewVScroll(digestContent(d, u.shopZone())), func(open bool) {
				if open {
					u.goTo(tabToday)
				}
			}, u.win)
		dlg.Resize(fyne.NewSize(680, 560))
		u.present(dlg, dlg.Confirm, nil)
	})
}

// digestContent lays a digest out: the day in one line, then each part.
func digestContent(d remind.Digest, shopLoc *time.Location) fyne.CanvasObject {
	people := container.NewVBox()
	for _, p := range d.People {
		var parts []string
		for _, c := range []struct {
			n         int
			one, many string
		}{{p.Calls, "call", "calls"}, {p.Emails, "email", "emails"}, {p.Letters, "letter", "letters"}} {
			if c.n > 0 {
				parts = append(parts, plural(c.n, c.one, c.many))
			}
		}
		people.Add(bold(p.Name + " — " + strings.Join(parts, ", ")))
		for _, it := range p.Items {
			if it.Channel != shop.ChannelPhone {
				continue
			}
			people.Add(newWordLabel(bothClocks(it.Due, d.Day, it.Location(), shopLoc) + "   " + it.Customer.Name + " — " + it.Summary()))
		}
	}
	if len(d.People) == 0 {
		people.Add(widget.NewLabel("Nobody has a follow-up today."))
	}
	promises := func(recs []shop.PromiseRecord, none string) fyne.CanvasObject {
		box := container.NewVBox()
		for _, r := range recs {
			box.Add(newWordLabel(promiseLine(r, shopLoc)))
		}
		if len(recs) == 0 {
			box.Add(widget.NewLabel(none))
		}
		return box
	}
	summary := wrapped(d.Title() + ": " + d.Summary() + ".")
	return container.NewVBox(
		summary,
		card("Calls by person", people),
		card("Promises due today", promises(d.DueToday, "None.")),
		// The ledger keeps the promises broken long ago; these are the ones still to make good.
		card("Broken promises not kept yet", promises(d.Broken, "None: every promise still open is on time.")),
		card("Emails to send", widget.NewLabel(emailsDue(d.Emails))),
	)
}

// emailsDue says how many emails are due today, "No emails" for none.
func emailsDue(n int) string {
	if n == 0 {
		return "No emails are due today."
	}
	return plural(n, "email is", "emails are") + " due today."
}

// promiseLine is a promise in one line: when, to whom, by whom, about what.
func promiseLine(r shop.PromiseRecord, shopLoc *time.Location) string {
	loc := r.Customer.Location(shopLoc)
	line := r.Outcome.Due.In(loc).Format(layoutDayDate) + " " + zoneClock(r.Outcome.Due, loc) + "   " + r.Customer.Name
	if who := r.AssigneeName; who != "" {
		line += " (" + who + ")"
	}
	if note := strings.TrimSpace(r.Note); note != "" {
		line += " — " + note
	}
	return line
}
