// Package letters turns Rapport's domain values into printable PDF letters and
// holiday cards on the shop's letterhead (FOLLOWUP_RULES.md §2 and §7).
//
// It knows nothing of the database or the GUI: callers hand it values and an
// io.Writer. Text is set only in the embedded DejaVu fonts of package assets, so
// a letter prints the same on every machine and in every script DejaVu covers.
// Write and WriteBatch may run on several goroutines at once; both are slow
// enough (tens of milliseconds) to keep off the UI goroutine.
package letters

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jung-kurt/gofpdf"
	"github.com/rapport-app/rapport/data"
)

// Kind is what a letter is for; it decides the wording and what the letter needs.
type Kind int

// Letter kinds (FOLLOWUP_RULES.md §7).
const (
	ThankYou    Kind = iota + 1 // after a purchase; needs Purchase
	FollowUp                    // after an issue; needs Issue
	Apology                     // after a complaint; needs Issue
	Invitation                  // to an event; needs Event
	HolidayCard                 // a card, one page in landscape; Purchase optional
)

// Kinds lists every kind in display order.
var Kinds = []Kind{ThankYou, FollowUp, Apology, Invitation, HolidayCard}

// String names the kind as a person reads it, e.g. "thank-you letter".
func (k Kind) String() string {
	switch k {
	case ThankYou:
		return "thank-you letter"
	case FollowUp:
		return "follow-up letter"
	case Apology:
		return "apology letter"
	case Invitation:
		return "invitation"
	case HolidayCard:
		return "holiday card"
	}
	return fmt.Sprintf("letter of unknown kind %d", int(k))
}

// Paper is the paper a letter is printed on.
type Paper int

// Paper sizes. Holiday cards use the half sheet in landscape: half-letter
// (8.5×5.5 in) on US Letter, A5 on A4.
const (
	USLetter Paper = iota // the default
	A4
)

// String names the paper size.
func (p Paper) String() string {
	switch p {
	case USLetter:
		return "US Letter"
	case A4:
		return "A4"
	}
	return fmt.Sprintf("paper %d", int(p))
}

// pageSize is the portrait size in millimetres; cards turn the half sheet to
// landscape.
func (p Paper) pageSize(card bool) gofpdf.SizeType {
	switch {
	case p == A4 && card:
		return gofpdf.SizeType{Wd: 148, Ht: 210}
	case p == A4:
		return gofpdf.SizeType{Wd: 210, Ht: 297}
	case card:
		return gofpdf.SizeType{Wd: 139.7, Ht: 215.9}
	}
	return gofpdf.SizeType{Wd: 215.9, Ht: 279.4}
}

// Event is what an invitation invites to.
type Event struct {
	Name    string    // "Winter tasting evening"
	At      time.Time // start; shown in the shop's time zone, without a clock time at midnight
	Place   string    // optional; "at the shop" when empty
	Details string    // optional extra paragraph: what to expect, parking, …
}

// Letter is everything one letter or card says. Only the fields its Kind needs
// must be set; Write reports the first one missing.
type Letter struct {
	Kind     Kind
	Business data.Business
	Customer data.Customer
	// Rep signs the letter; a holiday card without one is signed by the team.
	Rep data.Staff
	// Date is printed on letters and becomes the PDF's creation date, so the same
	// letter always gives the same bytes.
	Date     time.Time
	Purchase *data.Purchase // thank-you letters; optional on invitations and cards
	Issue    *data.Issue    // follow-up and apology letters
	Event    *Event         // invitations
	// Body replaces the default middle paragraphs; blank lines separate
	// paragraphs. The parts the rules require (what the letter is about, the
	// reference, the apology, the ways to get in touch) stay.
	Body string
	// Greeting is a holiday card's headline; "Season’s Greetings" when empty.
	Greeting string
	// Promotion is an optional offer, printed small at the foot of the page.
	Promotion string
	Paper     Paper
}

// Write renders one letter or card as a PDF to w. Nothing is written when it
// fails, and the error names what was missing or what failed.
func Write(w io.Writer, l Letter) error {
	return write(w, []Letter{l}, func(_ int, err error) error {
		return fmt.Errorf("letters: %w", err)
	})
}

// WriteBatch renders many letters or cards into one PDF, each starting on a new
// page, e.g. the season's holiday cards for a chosen group of customers. Letters
// of different kinds and paper sizes may be mixed.
func WriteBatch(w io.Writer, ls []Letter) error {
	if len(ls) == 0 {
		return errors.New("letters: empty batch: nothing to write")
	}
	return write(w, ls, func(i int, err error) error {
		return fmt.Errorf("letters: item %d of %d (%s): %w", i+1, len(ls), ls[i].Customer.Name, err)
	})
}

// write renders into memory first so that a failure never leaves half a PDF in
// w (a file the user would then try to print).
func write(w io.Writer, ls []Letter, itemErr func(int, error) error) error {
	out, err := render(ls, itemErr)
	if err != nil {
		return err
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("letters: writing the PDF: %w", err)
	}
	return nil
}

// render is the package boundary towards gofpdf, which reports some failures by
// panicking (a rune it cannot encode, a font it cannot parse): recover turns
// those into errors instead of taking the app down.
func render(ls []Letter, itemErr func(int, error) error) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("letters: the PDF library failed: %v", r)
		}
	}()
	prepared := make([]Letter, len(ls))
	for i, l := range ls {
		p, err := prepare(l)
		if err != nil {
			return nil, itemErr(i, err)
		}
		prepared[i] = p
	}
	d := newDoc(prepared)
	for i := range prepared {
		d.add(&prepared[i])
		if err := d.pdf.Error(); err != nil {
			return nil, itemErr(i, fmt.Errorf("laying out the %s: %w", prepared[i].Kind, err))
		}
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("letters: producing the PDF: %w", err)
	}
	return buf.Bytes(), nil
}

// prepare returns a sanitised copy of l (see clean) and checks that it has
// what its kind needs. It works on copies so the caller's values never change.
func prepare(l Letter) (Letter, error) {
	k := l.Kind
	if k < ThankYou || k > HolidayCard {
		return l, fmt.Errorf("unknown letter kind %d", int(k))
	}
	if l.Paper != USLetter && l.Paper != A4 {
		return l, fmt.Errorf("%s: unknown paper size %d (USLetter or A4)", k, int(l.Paper))
	}
	b := &l.Business
	b.Name, b.Address, b.Phone = clean(b.Name), cleanLines(b.Address), clean(b.Phone)
	b.Email, b.Website = clean(b.Email), clean(b.Website)
	c := &l.Customer
	c.Name, c.Salutation, c.Company = clean(c.Name), clean(c.Salutation), clean(c.Company)
	c.Address, c.City, c.Region = cleanLines(c.Address), clean(c.City), clean(c.Region)
	c.PostalCode, c.Country = clean(c.PostalCode), clean(c.Country)
	l.Rep.Name, l.Rep.Title = clean(l.Rep.Name), clean(l.Rep.Title)
	l.Body, l.Greeting, l.Promotion = cleanLines(l.Body), clean(l.Greeting), clean(l.Promotion)
	if l.Purchase != nil {
		p := *l.Purchase
		p.Items = clean(p.Items)
		l.Purchase = &p
	}
	if l.Issue != nil {
		i := *l.Issue
		i.Summary, i.Reference = clean(i.Summary), clean(i.Reference)
		l.Issue = &i
	}
	if l.Event != nil {
		e := *l.Event
		e.Name, e.Place, e.Details = clean(e.Name), clean(e.Place), cleanLines(e.Details)
		l.Event = &e
	}

	switch {
	case b.Name == "":
		return l, fmt.Errorf("%s needs the shop's name (Business.Name)", k)
	case c.Name == "":
		return l, fmt.Errorf("%s needs the customer's name", k)
	case l.Date.IsZero():
		return l, fmt.Errorf("%s needs a date", k)
	}
	if k != HolidayCard {
		// FOLLOWUP_RULES.md §2: every letter ends with the phone number and names
		// the representative.
		if b.Phone == "" {
			return l, fmt.Errorf("%s needs the shop's phone number (Business.Phone) for its closing line", k)
		}
		if l.Rep.Name == "" {
			return l, fmt.Errorf("%s needs the representative's name (Rep.Name)", k)
		}
	}
	switch k {
	case ThankYou:
		if l.Purchase == nil {
			return l, errors.New("thank-you letter needs a purchase")
		}
		if l.Purchase.Items == "" {
			return l, errors.New("thank-you letter needs the purchase's items, to say what it thanks for")
		}
	case FollowUp, Apology:
		if l.Issue == nil {
			return l, fmt.Errorf("%s needs an issue", k)
		}
		if l.Issue.Summary == "" {
			return l, fmt.Errorf("%s needs the issue's summary, to say what it is about", k)
		}
	case Invitation:
		if l.Event == nil {
			return l, errors.New("invitation needs an event")
		}
		if l.Event.Name == "" {
			return l, errors.New("invitation needs the event's name")
		}
		if l.Event.At.IsZero() {
			return l, errors.New("invitation needs the event's date")
		}
	}
	if l.Purchase != nil && l.Purchase.Items == "" {
		l.Purchase = nil // optional here, and nothing to mention: read fine without it
	}
	return l, nil
}
