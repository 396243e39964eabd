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
// the data package and package letters. The wording lives in letters; here are
// only the choices of what a letter is about and who signs it.

// issueLetterKind is the letter after an issue: an apology after a complaint,
// a follow-up letter after anything else (FOLLOWUP_RULES.md §7).
func issueLetterKind(is data.Issue) letters.Kind {
	if is.Type == data.IssueComplaint {
		return letters.Apology
	}
	return letters.FollowUp
}

// saleLetter is the letter about a sale. Package letters writes about a sale
// only in a thank-you letter, so every sale reason (the thank-you itself and
// the later big-ticket calls) gets one.
func saleLetter(b data.Business, c data.Customer, p data.Purchase, rep data.Staff, date time.Time) letters.Letter {
	return letters.Letter{Kind: letters.ThankYou, Business: b, Customer: c, Rep: rep, Date: date, Purchase: &p}
}

// issueLetter is the follow-up or apology letter about an issue.
func issueLetter(b data.Business, c data.Customer, is data.Issue, rep data.Staff, date time.Time) letters.Letter {
	return letters.Letter{Kind: issueLetterKind(is), Business: b, Customer: c, Rep: rep, Date: date, Issue: &is}
}

// letterFor is the letter for a follow-up, about its leading reason: the first
// one that names an issue or a sale (a promise about an issue counts as the
// issue). purchases and issues are the customer's; rep signs it as repFor says.
func letterFor(it data.AgendaItem, b data.Business, staff []data.Staff, purchases []data.Purchase, issues []data.Issue, date time.Time) (letters.Letter, error) {
	rep := repFor(it.AssigneeID, staff)
	for _, r := range it.Reasons {
		switch {
		case r.IssueID != 0:
			for _, is := range issues {
				if is.ID == r.IssueID {
					return issueLetter(b, it.Customer, is, rep, date), nil
				}
			}
			return letters.Letter{}, fmt.Errorf("print letter: the issue this follow-up is about (ID %d) is no longer in %s's issues", r.IssueID, it.Customer.Name)
		case r.PurchaseID != 0:
			for _, p := range purchases {
				if p.ID == r.PurchaseID {
					return saleLetter(b, it.Customer, p, rep, date), nil
				}
			}
			return letters.Letter{}, fmt.Errorf("print letter: the sale this follow-up is about (ID %d) is no longer in %s's sales", r.PurchaseID, it.Customer.Name)
		}
	}
	return letters.Letter{}, fmt.Errorf("print letter: this follow-up with %s is not about a sale or an issue, so there is nothing for a letter to say; "+
		"print one from the Customers tab instead", it.Customer.Name)
}

// repFor is who signs a letter: the staff member with the given ID, else the
// first active senior, else the first active staff member; a zero Staff for an
// empty shop (letters then says the representative is missing).
func repFor(id data.ID, staff []data.Staff) data.Staff {
	for _, s := range staff {
		if id != 0 && s.ID == id && s.Name != "" {
			return s
		}
	}
	for _, s := range staff {
		if s.Senior && s.Active {
			return s
		}
	}
	for _, s := range staff {
		if s.Active {
			return s
		}
	}
	return data.Staff{}
}

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

// audience is who gets the season's holiday cards.
type audience int

const (
	allCustomers audience = iota
	businessCustomers
	consumers
)

// audienceLabels are the choices in the holiday-card dialog, in audience order.
var audienceLabels = []string{"All customers", "Business customers only", "Consumers only"}

// cardRecipients picks who gets a holiday card. Customers marked do not contact
// never do, whoever is chosen.
func cardRecipients(cs []data.Customer, who audience, shop data.Business) []data.Customer {
	var out []data.Customer
	for _, c := range cs {
		if c.DoNotContact {
			continue
		}
		switch who {
		case businessCustomers:
			if !c.IsBusiness(shop) {
				continue
			}
		case consumers:
			if c.IsBusiness(shop) {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// cardOptions is what the holiday-card dialog asks.
type cardOptions struct {
	greeting, message, promotion string
	who                          audience
	paper                        letters.Paper
}

// holidayCards is one card per recipient, signed by the whole team.
func holidayCards(recipients []data.Customer, b data.Business, o cardOptions, date time.Time) []letters.Letter {
	ls := make([]letters.Letter, len(recipients))
	for i, c := range recipients {
		ls[i] = letters.Letter{Kind: letters.HolidayCard, Business: b, Customer: c, Date: date,
			Greeting: o.greeting, Body: o.message, Promotion: o.promotion, Paper: o.paper}
	}
	return ls
}

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

func (c *cardDialog) options() cardOptions {
	o := cardOptions{
		greeting:  strings.TrimSpace(c.greeting.Text),
		message:   strings.TrimSpace(c.message.Text),
		promotion: strings.TrimSpace(c.promo.Text),
	}
	for i, l := range audienceLabels {
		if c.who.Selected == l {
			o.who = audience(i)
		}
	}
	if strings.HasPrefix(c.paper.Selected, "A4") {
		o.paper = letters.A4
	}
	return o
}

// printHolidayCards picks the recipients off the UI goroutine, then asks where
// to save their cards.
func (u *UI) printHolidayCards(o cardOptions) {
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
		to := cardRecipients(cs, o.who, b)
		if len(to) == 0 {
			return fmt.Errorf("holiday cards: no customer to send a card to among %s (customers marked do not contact are left out)",
				strings.ToLower(audienceLabels[o.who]))
		}
		ls = holidayCards(to, b, o, u.now())
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
		l, err = letterFor(it, u.business, u.staff, purchases, issues, u.now())
		return err
	}, func() {
		u.saveLetters(letterFileName(kindSlug(l.Kind), l.Customer.Name, l.Date), "", []letters.Letter{l}, nil)
	})
}

// letterChoices are the letters the Customers tab offers for a customer: a
// thank-you for the latest sale and a follow-up or apology for the latest issue.
func letterChoices(c data.Customer, sales []data.Purchase, issues []data.Issue, b data.Business, staff []data.Staff, date time.Time, shop *time.Location) (labels []string, ls []letters.Letter) {
	if len(sales) > 0 {
		p := sales[0] // newest first
		labels = append(labels, fmt.Sprintf("Thank-you letter for the latest sale: %s (%s)", clip(p.Items, 40), p.At.In(shop).Format(layoutDate)))
		ls = append(ls, saleLetter(b, c, p, repFor(p.SoldBy, staff), date))
	}
	if len(issues) > 0 {
		is := issues[0]
		l := issueLetter(b, c, is, repFor(is.HandledBy, staff), date)
		labels = append(labels, fmt.Sprintf("%s about the latest issue: %s", sentence(l.Kind.String()), clip(is.Summary, 40)))
		ls = append(ls, l)
	}
	return labels, ls
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
