package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/letters"
	"github.com/rapport-app/rapport/letters/outbox"
)

// Printing one letter from Today (for the follow-up selected) or from Customers
// (a letter the customer's sales or issues call for): a preview, then Save PDF…,
// which records the letter as sent (letterfiles.go).

// onPrintLetter prints the letter for the selected follow-up.
func (s *todayScreen) onPrintLetter() {
	v, ok := s.current()
	if !ok {
		return
	}
	u := s.u
	var l letters.Letter
	u.run(func() (err error) {
		l, err = outbox.ForFollowUp(u.ctx, u.st, v.item.ID, 0, u.now())
		return err
	}, func() { u.previewLetter(l) })
}

// prepareOne gives l the shop's country, paper and template.
func (u *UI) prepareOne(l *letters.Letter) error {
	ls := []letters.Letter{*l}
	if err := outbox.Prepare(u.ctx, u.st, ls); err != nil {
		return err
	}
	*l = ls[0]
	return nil
}

// letterChoices are the letters the Customers tab offers for a customer, as
// letters.ChoicesFor picks them, each with its label for the dialog.
func letterChoices(c shop.Customer, sales []shop.Purchase, issues []shop.Issue, b shop.Business, staff []shop.Staff, date time.Time, shopLoc *time.Location) (labels []string, ls []letters.Letter) {
	ls = letters.ChoicesFor(c, sales, issues, b, staff, date)
	for _, l := range ls {
		labels = append(labels, letterChoiceLabel(l, shopLoc))
	}
	return labels, ls
}

// letterChoiceLabel is how the Customers tab offers l: what it is and the sale
// or issue it is about.
func letterChoiceLabel(l letters.Letter, shopLoc *time.Location) string {
	switch {
	case l.Kind == letters.PurchaseFollowUp:
		return fmt.Sprintf("Follow-up letter: how is the latest sale going? %s", clip(l.Purchase.Items, 40))
	case l.Purchase != nil:
		return fmt.Sprintf("Thank-you letter for the latest sale: %s (%s)", clip(l.Purchase.Items, 40), l.Purchase.At.In(shopLoc).Format(layoutDate))
	case l.Kind == letters.HolidayCard:
		return "Holiday card from the whole team (one sheet, folded twice)"
	case l.Issue != nil:
		return fmt.Sprintf("%s about the latest issue: %s", sentence(l.Kind.String()), clip(l.Issue.Summary, 40))
	}
	return sentence(l.Kind.String())
}

// onPrintLetter asks which letter to print for the customer in the form.
func (s *customersScreen) onPrintLetter() {
	u := s.u
	c := s.current
	if c.ID == 0 {
		return
	}
	if err := letters.MayWrite(c); err != nil {
		u.showError(err)
		return
	}
	labels, ls := letterChoices(c, s.activity.sales, s.activity.issues, u.business, u.staff, u.now(), u.shopZone())
	if len(ls) == 0 {
		dialog.ShowInformation("Nothing to write about yet",
			c.Name+" has no sales or issues yet. Letters thank for a sale or follow up an issue: log one first.", u.win)
		return
	}
	kind := widget.NewRadioGroup(labels, nil)
	kind.Required = true
	kind.SetSelected(labels[0])
	items := []*widget.FormItem{{Text: "Letter", Widget: kind,
		HintText: "Signed by who sold or handled it, else a senior representative"}}
	d := dialog.NewForm("Print a letter to "+c.Name, "Save PDF…", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		for i, lb := range labels {
			if lb == kind.Selected {
				l := ls[i]
				u.run(func() error { return u.prepareOne(&l) }, func() { u.previewLetter(l) })
			}
		}
	}, u.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

// clip shortens s to at most n runes, with an ellipsis when cut, so that a long
// item list or summary does not widen a dialog.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
