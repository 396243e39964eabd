package ui

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// This file holds what Today does with the follow-up picked: the outcomes (Done,
// No answer, Reschedule…, Skip), opening its customer, and a re-plan of the shop.

func (s *todayScreen) onOpenCustomer() {
	if v, ok := s.current(); ok {
		s.u.showCustomer(v.item.CustomerID)
	}
}

// complete records an outcome in the background, then says said and reloads
// the list: what the stored plan holds now, with the place freed given to the
// next call waiting.
func (s *todayScreen) complete(id shop.ID, o shop.Outcome, said string) {
	s.u.run(func() error { return s.u.st.Complete(s.u.ctx, id, o) }, func() {
		s.say(said)
		s.reload()
	})
}

// say shows what the last outcome did, above the list.
func (s *todayScreen) say(text string) {
	s.status.SetText(text)
	showIf(s.status, text != "")
}

func (s *todayScreen) onDone() {
	v, ok := s.current()
	if !ok {
		return
	}
	it := v.item
	notes := newMultiLineEntry()
	notes.SetPlaceHolder("What they said, what they need")
	notes.SetMinRowsVisible(3)
	score := widget.NewRadioGroup([]string{"1", "2", "3", "4", "5"}, nil)
	score.Horizontal = true
	items := []*widget.FormItem{
		{Text: "Notes", Widget: notes, HintText: "Ctrl+Enter records"},
		{Text: "Score", Widget: score, HintText: "Optional survey: 1 poor … 5 excellent"},
	}
	var resolve *widget.Check
	for _, r := range it.Reasons {
		if r.IssueID != 0 {
			resolve = widget.NewCheck("Mark the issue resolved", nil)
			items = append(items, &widget.FormItem{Text: "Issue", Widget: resolve, HintText: "They confirmed the problem is gone"})
			break
		}
	}
	d := dialog.NewForm("Done: "+it.Customer.Name, "Record", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		o := shop.Outcome{Status: shop.StatusDone, Notes: strings.TrimSpace(notes.Text)}
		if score.Selected != "" {
			o.Score, _ = strconv.Atoi(score.Selected)
		}
		o.ResolveIssues = resolve != nil && resolve.Checked
		s.complete(it.ID, o, "Done: "+it.Customer.Name+".")
	}, s.u.win)
	d.Resize(fyne.NewSize(480, 0))
	s.u.letGoAfterChoice(score)
	if resolve != nil {
		s.u.letGoAfterChoice(resolve)
	}
	// The first thing typed is the note: the cursor waits there.
	s.u.presentForm(d, notes)
}

// onNoAnswer records that nobody answered and says when and how it is tried
// again: a call on a later day, or, once the calls the rules allow are used
// up, an email or letter (planner.RetryNote).
func (s *todayScreen) onNoAnswer() {
	v, ok := s.current()
	if !ok || v.item.Channel != shop.ChannelPhone {
		return
	}
	u, it := s.u, v.item
	var next shop.AgendaItem
	var found bool
	u.run(func() error {
		if err := u.st.Complete(u.ctx, it.ID, shop.Outcome{Status: shop.StatusNoAnswer}); err != nil {
			return err
		}
		if len(it.Reasons) == 0 {
			return nil // read without its reasons: the list, reloaded, shows what it became
		}
		var err error
		next, err = u.st.NextTry(u.ctx, it.CustomerID, it.Reasons[0].Key)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		found = err == nil
		return err
	}, func() {
		said := "No answer from " + it.Customer.Name + ": nothing more is planned for it."
		if len(it.Reasons) == 0 {
			said = "No answer from " + it.Customer.Name + "."
		} else if found {
			said = "No answer from " + it.Customer.Name + ": " + planner.RetryNote(u.rules, next, u.now()) + "."
		}
		s.say(said)
		s.reload()
	})
}

// onReschedule moves the follow-up to a time it offers (the next day at the
// same time of theirs, inside their call hours: planner.ProposeTime) or one
// the owner types. A refused time opens the dialog again as it was.
func (s *todayScreen) onReschedule() {
	v, ok := s.current()
	if !ok {
		return
	}
	it := v.item
	loc := zoneOf(it.TimeZone, it.Customer.Location(s.u.shopZone()))
	moveTo := newDateTimeField()
	moveTo.set(planner.ProposeTime(s.u.rules, it.Customer, loc, it.Channel, it.Due, s.u.now()), loc)
	s.showReschedule(it, loc, moveTo)
}

func (s *todayScreen) showReschedule(it shop.AgendaItem, loc *time.Location, moveTo *dateTimeField) {
	u := s.u
	hint := "In their time: " + loc.String() + " (" + u.now().In(loc).Format("MST") + ")"
	if it.Channel == shop.ChannelPhone {
		hint += "; calls " + planner.CallHours(u.rules, it.Customer)
	}
	items := []*widget.FormItem{{Text: "New time", Widget: moveTo.box, HintText: hint}}
	var d *dialog.FormDialog
	d = dialog.NewForm("Reschedule: "+it.Customer.Name, "Reschedule", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		t, err := moveTo.value("New time", loc, false)
		if err != nil {
			u.refuseForm(d, items, err)
			return
		}
		o := shop.Outcome{Status: shop.StatusRescheduled, RescheduleTo: *t}
		u.async(func() error { return u.st.Complete(u.ctx, it.ID, o) }, func(err error) {
			if err != nil {
				u.refuseForm(d, items, err)
				return
			}
			s.say("Moved " + it.Customer.Name + " to " + t.In(loc).Format("Mon Jan 2 15:04") + " their time.")
			s.reload()
		})
	}, u.win)
	d.Resize(fyne.NewSize(500, 0))
	u.presentForm(d, moveTo.date)
}

func (s *todayScreen) onSkip() {
	v, ok := s.current()
	if !ok {
		return
	}
	it := v.item
	d := dialog.NewConfirm("Skip this follow-up?",
		it.Customer.Name+" will not be contacted about this, and it will not be planned again.",
		func(ok bool) {
			if ok {
				s.complete(it.ID, shop.Outcome{Status: shop.StatusSkipped}, "Skipped: "+it.Customer.Name+".")
			}
		}, s.u.win)
	s.u.present(d, d.Confirm, nil)
}

func (s *todayScreen) onReplan() {
	u := s.u
	u.runBusy("Planning every follow-up afresh…", func() error {
		_, err := u.st.Replan(u.ctx)
		return err
	}, s.reload)
}
