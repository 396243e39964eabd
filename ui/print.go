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
	}, func() { u.withItems(l, u.previewLetter) })
}

// withItems hands l to then, first asking what was bought when l is about a sale
// logged without its items (a quick sale at the till): a letter says what it
// thanks for. The items are saved with the sale.
func (u *UI) withItems(l letters.Letter, then func(letters.Letter)) {
	if l.Purchase == nil || strings.TrimSpace(l.Purchase.Items) != "" || (l.Kind != letters.ThankYou && l.Kind != letters.PurchaseFollowUp) {
		then(l)
		return
	}
	u.askItems(*l.Purchase, l.Customer.Name, "The "+l.Kind.String(), func(p shop.Purchase) {
		l.Purchase = &p
		then(l)
	})
}

// askItems asks what the customer named bought in sale p, for what (the letter
// or email that says it), saves the items with the sale and hands it to then.
func (u *UI) askItems(p shop.Purchase, name, what string, then func(shop.Purchase)) {
	entered := newEntry()
	entered.SetPlaceHolder("e.g. House blend, 2 × 500 g")
	items := []*widget.FormItem{{Text: "Items", Widget: entered,
		HintText: what + " says what it is about; the sale keeps them"}}
	var d *dialog.FormDialog
	d = dialog.NewForm("What did "+name+" buy?", "Continue", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		p.Items = strings.TrimSpace(entered.Text)
		if p.Items == "" {
			u.refuseForm(d, items, fieldError("Items", "say what they bought, such as \"House blend, 2 × 500 g\""))
			return
		}
		u.async(func() error { return u.st.SavePurchase(u.ctx, &p) }, func(err error) {
			if err != nil {
				u.refuseForm(d, items, err)
				return
			}
			if s, ok := u.built[tabSales].(*salesScreen); ok {
				if s.lastSale.ID == p.ID {
					s.lastSale = p
				}
				s.reloadList()
			}
			then(p)
		})
	}, u.win)
	d.Resize(fyne.NewSize(480, 0))
	u.presentForm(d, entered)
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
	items := ""
	if l.Purchase != nil {
		items = clip(strings.Join(strings.Fields(l.Purchase.Items), " "), 40)
	}
	switch {
	case l.Kind == letters.PurchaseFollowUp:
		return strings.TrimSpace("Follow-up letter: how is the latest sale going? " + items)
	case l.Purchase != nil:
		if items == "" {
			items = "the sale"
		}
		return fmt.Sprintf("Thank-you letter for the latest sale: %s (%s)", items, l.Purchase.At.In(shopLoc).Format(layoutDate))
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
		u.info("Nothing to write about yet",
			c.Name+" has no sales or issues yet. Letters thank for a sale or follow up an issue: log one first.")
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
				u.withItems(ls[i], func(l letters.Letter) {
					u.run(func() error { return u.prepareOne(&l) }, func() { u.previewLetter(l) })
				})
			}
		}
	}, u.win)
	d.Resize(fyne.NewSize(560, 0))
	u.letGoAfterChoice(kind)
	u.presentForm(d, nil)
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
