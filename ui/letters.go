package ui

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data"
	"github.com/rapport-app/rapport/letters"
)

// Letters and holiday cards (FOLLOWUP_RULES.md §7): the glue between the screens,
// the data package and package letters. Which letter to write, who signs it and
// who gets a card are decided in package letters (choose.go); here are only the
// dialogs, the labels, the file names and the saving.

// letterFileName suggests a file name: "thank-you-emily-tran-2026-11-23.pdf".
// who is empty for a batch.
func letterFileName(what, who string, date time.Time) string {
	parts := nonEmpty(slug(what), slug(who), date.Format("2006-01-02"))
	return strings.Join(parts, "-") + ".pdf"
}

// kindSlug names a kind in a file name: "thank-you", "follow-up", "apology".
func kindSlug(k letters.Kind) string {
	return strings.TrimSuffix(k.String(), " letter")
}

// slug lowercases s and joins its words with hyphens, keeping letters and digits
// of any script (file systems take them) and dropping the rest.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// saveLetters asks where to save ls as one PDF, suggesting name, and writes it
// off the UI goroutine; message, when not empty, is shown with a busy indicator
// while it is written (batches). done, which may be nil, runs after a save.
func (u *UI) saveLetters(name, message string, ls []letters.Letter, done func(fyne.URI)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(fmt.Errorf("save %s: %w", name, err))
			return
		}
		if w == nil {
			return // cancelled
		}
		work := func() error { return writeLetters(w, ls) }
		after := func() {
			if done != nil {
				done(w.URI())
			}
		}
		if message == "" {
			u.run(work, after)
		} else {
			u.runBusy(message, work, after)
		}
	}, u.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

// writeLetters writes ls as one PDF to w and closes it. On failure it removes
// the file the save dialog created, so no empty PDF is left to print.
func writeLetters(w fyne.URIWriteCloser, ls []letters.Letter) error {
	var err error
	if len(ls) == 1 {
		err = letters.Write(w, ls[0])
	} else {
		err = letters.WriteBatch(w, ls)
	}
	if cerr := w.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("saving %s: %w", w.URI().Name(), cerr)
	}
	if err != nil {
		_ = storage.Delete(w.URI())
		return fmt.Errorf("%s: %w", w.URI().Name(), err)
	}
	return nil
}

// --- Holiday cards ---

// audienceLabels are the choices in the holiday-card dialog, indexed by
// letters.Audience.
var audienceLabels = []string{"All customers", "Business customers only", "Consumers only"}

const defaultGreeting = "Season's Greetings"

// noCardsForDNC is what the holiday-card dialog says about do-not-contact customers.
const noCardsForDNC = "Customers marked do not contact never get a card, whoever you send to."

// onHolidayCards asks what the cards say and who gets them, then saves them all
// in one PDF.
func (u *UI) onHolidayCards() {
	greeting := widget.NewEntry()
	greeting.SetText(defaultGreeting)
	message := widget.NewMultiLineEntry()
	message.SetPlaceHolder("Optional: a few words of your own (blank: our usual wishes)")
	message.SetMinRowsVisible(3)
	message.Wrapping = fyne.TextWrapWord
	promo := widget.NewEntry()
	promo.SetPlaceHolder("Optional, e.g. 10% off gift boxes until January 6")
	who := widget.NewRadioGroup(audienceLabels, nil)
	who.Required = true
	who.SetSelected(audienceLabels[0])
	paperSel := widget.NewRadioGroup([]string{"US Letter (half-letter cards)", "A4 (A5 cards)"}, nil)
	paperSel.Horizontal = true
	paperSel.Required = true
	paperSel.SetSelected("US Letter (half-letter cards)")

	items := []*widget.FormItem{
		{Text: "Greeting", Widget: greeting, HintText: "Inclusive by default: Season's Greetings, Happy Holidays"},
		{Text: "Message", Widget: message},
		{Text: "Promotion", Widget: promo, HintText: "Printed small at the foot of the card"},
		{Text: "Send to", Widget: who},
		{Text: "", Widget: wrapped(noCardsForDNC)},
		{Text: "Paper", Widget: paperSel},
	}
	u.cardDialog = &cardDialog{greeting: greeting, message: message, promo: promo, who: who, paper: paperSel}
	d := dialog.NewForm("Holiday cards", "Save PDF…", "Cancel", items, func(ok bool) {
		if ok {
			u.printHolidayCards(u.cardDialog.options())
		}
	}, u.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

// cardDialog holds the open holiday-card dialog's fields; tests fill them in.
type cardDialog struct {
	greeting, message, promo *widget.Entry
	who, paper               *widget.RadioGroup
}

func (c *cardDialog) options() letters.CardOptions {
	o := letters.CardOptions{
		Greeting:  strings.TrimSpace(c.greeting.Text),
		Message:   strings.TrimSpace(c.message.Text),
		Promotion: strings.TrimSpace(c.promo.Text),
	}
	for i, l := range audienceLabels {
		if c.who.Selected == l {
			o.Who = letters.Audience(i)
		}
	}
	if strings.HasPrefix(c.paper.Selected, "A4") {
		o.Paper = letters.A4
	}
	return o
}

// printHolidayCards picks the recipients off the UI goroutine, then asks where
// to save their cards.
func (u *UI) printHolidayCards(o letters.CardOptions) {
	var ls []letters.Letter
	u.run(func() error {
		cs, err := u.st.Customers(u.ctx, "")
		if err != nil {
			return err
		}
		b, err := u.st.Business(u.ctx)
		if err != nil {
			return err
		}
		to := letters.CardRecipients(cs, o.Who, b)
		if len(to) == 0 {
			return fmt.Errorf("holiday cards: no customer to send a card to among %s (customers marked do not contact are left out)",
				strings.ToLower(audienceLabels[o.Who]))
		}
		ls = letters.HolidayCards(to, b, o, u.now())
		return nil
	}, func() {
		n := plural(len(ls), "holiday card", "holiday cards")
		u.saveLetters(letterFileName("holiday cards", "", u.now()), "Printing "+n+"…", ls, func(uri fyne.URI) {
			dialog.ShowInformation("Holiday cards saved", n+" saved to "+uri.Name()+", one per page.", u.win)
		})
	})
}

// buildLetters is the Settings sub-tab for letters that go to many customers.
func (s *settingsScreen) buildLetters() fyne.CanvasObject {
	intro := wrapped("Holiday cards go out once a season to the customers you choose, one card per page in a single PDF " +
		"ready to print on half sheets. Every card names the customer and is signed by everyone at the shop. " +
		"Customers marked do not contact never get a card.")
	btn := widget.NewButtonWithIcon("Holiday cards…", theme.MailComposeIcon(), s.u.onHolidayCards)
	cards := card("Holiday cards", container.NewBorder(nil, nil, nil, container.NewCenter(btn), intro))
	single := card("Letters to one customer", wrapped("Thank-you, follow-up and apology letters are printed from the Today tab, "+
		"for the follow-up selected, or from the Customers tab, for a customer's latest sale or issue."))
	return container.NewVScroll(container.NewVBox(cards, single))
}

// --- Today and Customers ---

// onPrintLetter prints the letter for the selected follow-up.
func (s *todayScreen) onPrintLetter() {
	v, ok := s.current()
	if !ok {
		return
	}
	u := s.u
	it := v.item
	var l letters.Letter
	u.run(func() error {
		purchases, err := u.st.Purchases(u.ctx, it.CustomerID)
		if err != nil {
			return err
		}
		issues, err := u.st.Issues(u.ctx, it.CustomerID)
		if err != nil {
			return err
		}
		l, err = letters.ForFollowUp(it, u.business, u.staff, purchases, issues, u.now())
		return err
	}, func() {
		u.saveLetters(letterFileName(kindSlug(l.Kind), l.Customer.Name, l.Date), "", []letters.Letter{l}, nil)
	})
}

// letterChoices are the letters the Customers tab offers for a customer, as
// letters.ChoicesFor picks them, each with its label for the dialog.
func letterChoices(c data.Customer, sales []data.Purchase, issues []data.Issue, b data.Business, staff []data.Staff, date time.Time, shop *time.Location) (labels []string, ls []letters.Letter) {
	ls = letters.ChoicesFor(c, sales, issues, b, staff, date)
	for _, l := range ls {
		labels = append(labels, letterChoiceLabel(l, shop))
	}
	return labels, ls
}

// letterChoiceLabel is how the Customers tab offers l: what it is and the sale
// or issue it is about.
func letterChoiceLabel(l letters.Letter, shop *time.Location) string {
	switch {
	case l.Purchase != nil:
		return fmt.Sprintf("Thank-you letter for the latest sale: %s (%s)", clip(l.Purchase.Items, 40), l.Purchase.At.In(shop).Format(layoutDate))
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
	if c.DoNotContact {
		u.showError(fmt.Errorf("%s is marked do not contact, so no letter is printed for them", c.Name))
		return
	}
	labels, ls := letterChoices(c, s.sales, s.issues, u.business, u.staff, u.now(), u.shopZone())
	if len(ls) == 0 {
		dialog.ShowInformation("Nothing to write about yet",
			c.Name+" has no sales or issues yet. Letters thank for a sale or follow up an issue: log one first.", u.win)
		return
	}
	s.letterKind = widget.NewRadioGroup(labels, nil)
	s.letterKind.Required = true
	s.letterKind.SetSelected(labels[0])
	items := []*widget.FormItem{{Text: "Letter", Widget: s.letterKind,
		HintText: "Signed by who sold or handled it, else a senior representative"}}
	d := dialog.NewForm("Print a letter to "+c.Name, "Save PDF…", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		for i, lb := range labels {
			if lb == s.letterKind.Selected {
				l := ls[i]
				u.saveLetters(letterFileName(kindSlug(l.Kind), c.Name, l.Date), "", []letters.Letter{l}, nil)
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
