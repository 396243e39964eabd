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
	"strings"
	"time"
	"unicode"

	"github.com/jung-kurt/gofpdf"
	"github.com/rapport-app/rapport/data/shop"
)

// Kind is what a letter is for; it decides the wording and what the letter needs.
type Kind int

// Letter kinds (FOLLOWUP_RULES.md §7).
const (
	ThankYou         Kind = iota + 1 // after a purchase; needs Purchase
	FollowUp                         // after an issue; needs Issue
	Apology                          // after a complaint; needs Issue
	Invitation                       // to an event; needs Event
	HolidayCard                      // a folded card, one sheet; Purchase optional
	PurchaseFollowUp                 // some time after a purchase: how is it going? needs Purchase
)

// Kinds lists every kind in display order.
var Kinds = []Kind{ThankYou, PurchaseFollowUp, FollowUp, Apology, Invitation, HolidayCard}

func (k Kind) valid() bool { return k >= ThankYou && k <= PurchaseFollowUp }

// Key names the kind in files and the database: "thank-you", "purchase-follow-up".
func (k Kind) Key() string {
	switch k {
	case ThankYou:
		return "thank-you"
	case PurchaseFollowUp:
		return "purchase-follow-up"
	case FollowUp:
		return "follow-up"
	case Apology:
		return "apology"
	case Invitation:
		return "invitation"
	case HolidayCard:
		return "holiday-card"
	}
	return fmt.Sprintf("kind-%d", int(k))
}

// KindByKey is the kind Key names.
func KindByKey(key string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Key() == key {
			return k, true
		}
	}
	return 0, false
}

// String names the kind as a person reads it, e.g. "thank-you letter".
func (k Kind) String() string {
	switch k {
	case ThankYou:
		return "thank-you letter"
	case PurchaseFollowUp:
		return "follow-up letter after a purchase"
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

// Paper sizes. Holiday cards are one sheet folded twice: A6 from A4, and
// 4¼×5½ in (the A2 card size, half of a half-letter) from US Letter.
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

// pageSize is the portrait size in millimetres.
func (p Paper) pageSize() gofpdf.SizeType {
	if p == A4 {
		return gofpdf.SizeType{Wd: 210, Ht: 297}
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
	Business shop.Business
	Customer shop.Customer
	// Rep signs the letter; a holiday card without one is signed by the team.
	Rep shop.Staff
	// Date is printed on letters and becomes the PDF's creation date, so the same
	// letter always gives the same bytes.
	Date     time.Time
	Purchase *shop.Purchase // thank-you and purchase follow-up letters; optional on invitations and cards
	Issue    *shop.Issue    // follow-up and apology letters
	Event    *Event         // invitations
	// Body is what the letter says between the salutation and the closing
	// lines, as a template with placeholders (see template.go and
	// Placeholders); empty for the kind's DefaultTemplate. The parts the rules
	// require (what the letter is about, the reference, the apology after a
	// complaint, the ways to get in touch, the representative) stay whatever
	// it says. Blank lines separate paragraphs.
	Body string
	// Country is the shop's ISO country code (shop.LetterSettings.Country):
	// the currency sign and which addresses are foreign. "" counts as the US.
	Country string
	// Greeting is a holiday card's headline; "Season’s Greetings" when empty.
	Greeting string
	// Promotion is an optional offer, printed small at the foot of the page.
	Promotion string
	Paper     Paper
	// text is Body with its placeholders filled in, set by prepare.
	text string
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
func WriteBatch(w io.Writer, ls []Letter) error { return WriteBatchProgress(w, ls, nil) }

// WriteBatchProgress is WriteBatch calling progress, when not nil, after each
// letter is laid out with how many are done of how many, for a progress bar.
func WriteBatchProgress(w io.Writer, ls []Letter, progress func(done, total int)) error {
	if len(ls) == 0 {
		return errors.New("letters: empty batch: nothing to write")
	}
	return writeProgress(w, ls, func(i int, err error) error {
		return fmt.Errorf("letters: item %d of %d (%s): %w", i+1, len(ls), ls[i].Customer.Name, err)
	}, progress)
}

// Text is what a letter or card says, as plain text in reading order: the
// preview when no PDF viewer is at hand. It fails as Write would.
func Text(l Letter) (string, error) {
	p, err := prepare(l)
	if err != nil {
		return "", fmt.Errorf("letters: %w", err)
	}
	var parts []string
	if p.Kind == HolidayCard {
		g := p.Greeting
		if g == "" {
			g = "Season’s Greetings"
		}
		parts = []string{g, salutation(&p), p.text, "Warm wishes,\n" + joinNonEmpty(" and everyone at ", p.Rep.Name, p.Business.Name)}
		if p.Rep.Name == "" {
			parts[3] = "Warm wishes,\nEveryone at " + p.Business.Name
		}
	} else {
		w := compose(&p)
		parts = append([]string{strings.Join(addressLines(p.Customer, p.Country), "\n"), w.subject, salutation(&p)}, w.paragraphs...)
		parts = append(parts, w.signOff+"\n\n"+joinNonEmpty("\n", p.Rep.Name, p.Rep.Title, p.Business.Name))
	}
	if p.Promotion != "" {
		parts = append(parts, p.Promotion)
	}
	return strings.Join(parts, "\n\n"), nil
}

// write renders into memory first so that a failure never leaves half a PDF in
// w (a file the user would then try to print).
func write(w io.Writer, ls []Letter, itemErr func(int, error) error) error {
	return writeProgress(w, ls, itemErr, nil)
}

func writeProgress(w io.Writer, ls []Letter, itemErr func(int, error) error, progress func(int, int)) error {
	out, err := render(ls, itemErr, progress)
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
func render(ls []Letter, itemErr func(int, error) error, progress func(int, int)) (out []byte, err error) {
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
		if progress != nil {
			progress(i+1, len(prepared))
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
	if !k.valid() {
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
	l.Country = clean(l.Country)
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
	case ThankYou, PurchaseFollowUp:
		if l.Purchase == nil {
			return l, fmt.Errorf("%s needs a purchase", k)
		}
		if !hasWord(l.Purchase.Items) {
			return l, &NoItemsError{What: k.String(), Purchase: *l.Purchase}
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
	if l.Purchase != nil && !hasWord(l.Purchase.Items) {
		l.Purchase = nil // optional here, and nothing to mention: read fine without it
	}
	body := l.Body
	if body == "" {
		body = DefaultTemplate(k)
	}
	text, err := expandTemplate(k, body, placeholderValues(&l))
	if err != nil {
		return l, err
	}
	// The filled-in values were cleaned already; the template's own text was not.
	l.text = cleanLines(text)
	return l, nil
}

// hasWord reports whether s has a letter or digit: text that is only
// substitutes for unprintable characters says nothing.
// NoItemsError refuses a letter or email about a sale that names nothing
// bought (a quick sale at the till): it says what it thanks for or asks about.
// Purchase is that sale, for the window to ask what was bought.
type NoItemsError struct {
	What     string // "thank-you letter", "thank-you email"
	Purchase shop.Purchase
}

func (e *NoItemsError) Error() string {
	return e.What + " needs the purchase's items, to say what it is about"
}

func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}
