// Package outbox is what the shop sends: it picks the letters a follow-up, a
// customer or a group of customers calls for (package letters decides which and
// draws them), gives them the shop's country, paper and own wording from the store,
// writes them, and records each letter or card sent in the customer's contact log.
// The window and the command line print through it alike.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/letters"
)

// Prepare gives letters the shop's country, paper and the owner's templates.
func Prepare(ctx context.Context, st *store.Store, ls []letters.Letter) error {
	set, err := st.LetterSettings(ctx)
	if err != nil {
		return err
	}
	tpl, err := st.LetterTemplates(ctx)
	if err != nil {
		return err
	}
	for i := range ls {
		ls[i].Country = set.Country
		ls[i].Paper = letters.PaperFor(set.Country, set.Paper)
	}
	letters.ApplyTemplates(ls, tpl)
	return nil
}

// ForFollowUp is the letter a follow-up calls for (letters.ForFollowUp), dated
// date and prepared. kind 0 lets its leading reason decide; letters.ThankYou,
// letters.FollowUp (or letters.PurchaseFollowUp) and letters.Apology ask for that
// letter, and are refused, naming the follow-up, when it is not about what the
// letter needs (a sale for a thank-you, an issue for an apology).
func ForFollowUp(ctx context.Context, st *store.Store, id shop.ID, kind letters.Kind, date time.Time) (letters.Letter, error) {
	it, err := st.FollowUp(ctx, id)
	if err != nil {
		return letters.Letter{}, err
	}
	purchases, err := st.Purchases(ctx, it.CustomerID)
	if err != nil {
		return letters.Letter{}, err
	}
	issues, err := st.Issues(ctx, it.CustomerID)
	if err != nil {
		return letters.Letter{}, err
	}
	staff, err := st.Staff(ctx)
	if err != nil {
		return letters.Letter{}, err
	}
	b, err := st.Business(ctx)
	if err != nil {
		return letters.Letter{}, err
	}
	var l letters.Letter
	if kind == 0 {
		l, err = letters.ForFollowUp(it, b, staff, purchases, issues, date)
	} else {
		l, err = letters.ForFollowUpAs(it, kind, b, staff, purchases, issues, date)
	}
	if err != nil {
		return l, err
	}
	ls := []letters.Letter{l}
	if err := Prepare(ctx, st, ls); err != nil {
		return l, err
	}
	return ls[0], nil
}

// LogSent records in each customer's contact log that the letter went out ("letter
// sent: thank-you letter"), in one transaction, signed by the letter's
// representative. A letter or card is a contact: the planner counts it (the time
// of the last contact, relationship calls) and the customer's brief lists it.
func LogSent(ctx context.Context, st *store.Store, ls []letters.Letter) error {
	byWhat := map[string][]shop.ID{}
	var order []string
	rep := map[string]shop.ID{}
	for _, l := range ls {
		what := sentWhat(l)
		if _, ok := byWhat[what]; !ok {
			order = append(order, what)
			rep[what] = l.Rep.ID
		}
		byWhat[what] = append(byWhat[what], l.Customer.ID)
	}
	for _, what := range order {
		if err := st.LogLettersSent(ctx, byWhat[what], what, st.Now(), rep[what]); err != nil {
			return err
		}
	}
	return nil
}

// sentWhat names a letter in the contact log.
func sentWhat(l letters.Letter) string {
	if l.Kind == letters.Invitation && l.Event != nil {
		return "invitation to " + l.Event.Name
	}
	return l.Kind.String()
}

// Doc is a document printed for a group of customers at once.
type Doc int

// Batch documents.
const (
	Cards Doc = iota + 1 // holiday cards
	Invitations
	Labels    // address labels
	Envelopes // addressed envelopes
)

// Docs lists the batch documents in the order they are offered.
var Docs = []Doc{Cards, Invitations, Labels, Envelopes}

// String names a document the way the batch dialog offers it.
func (d Doc) String() string {
	switch d {
	case Cards:
		return "Holiday cards"
	case Invitations:
		return "Invitations"
	case Labels:
		return "Address labels"
	case Envelopes:
		return "Envelopes"
	}
	return fmt.Sprintf("document %d", int(d))
}

// Key names a document on the command line: cards, invitations, labels, envelopes.
func (d Doc) Key() string {
	switch d {
	case Cards:
		return "cards"
	case Invitations:
		return "invitations"
	case Labels:
		return "labels"
	case Envelopes:
		return "envelopes"
	}
	return ""
}

// ParseDoc reads a document's key.
func ParseDoc(s string) (Doc, error) {
	for _, d := range Docs {
		if strings.EqualFold(strings.TrimSpace(s), d.Key()) {
			return d, nil
		}
	}
	return 0, fmt.Errorf("%q is not a document to print for a group (cards, invitations, labels or envelopes)", s)
}

// CountsAsContact: a card or an invitation speaks to the customer and is logged as
// sent; labels and envelopes only carry what is posted in them.
func (d Doc) CountsAsContact() bool { return d == Cards || d == Invitations }

// Batch is a document for a group of customers.
type Batch struct {
	Doc      Doc
	Audience shop.Audience
	Cards    letters.CardOptions // cards (and the message of invitations)
	Event    letters.Event       // invitations
}

// Check names what an invitation lacks; other batches need nothing more.
func (b Batch) Check() error {
	if b.Doc != Invitations {
		return nil
	}
	if strings.TrimSpace(b.Event.Name) == "" {
		return &shop.FieldError{Field: "event", Msg: "name the event the invitations are for"}
	}
	if b.Event.At.IsZero() {
		return &shop.FieldError{Field: "event_date", Msg: "the date is missing"}
	}
	return nil
}

// ErrNobody is wrapped when a batch's group has nobody to print for.
var ErrNobody = errors.New("nobody to print for")

// Group finds the customers of a batch: the audience, never a customer marked do
// not contact, split into those with a postal address and those without. An empty
// group is refused (ErrNobody), naming those left out for want of an address.
func Group(ctx context.Context, st *store.Store, b Batch) (shop.AudienceResult, error) {
	if err := b.Check(); err != nil {
		return shop.AudienceResult{}, err
	}
	group, err := st.Audience(ctx, b.Audience)
	if err != nil {
		return group, err
	}
	if len(group.Recipients) == 0 {
		biz, err := st.Business(ctx)
		if err != nil {
			return group, err
		}
		return group, fmt.Errorf("%s: %w among %s%s", strings.ToLower(b.Doc.String()), ErrNobody, b.Audience.Describe(biz.Location()),
			MissingNote(group.NoAddress))
	}
	return group, nil
}

// MissingNote names the customers left out for want of a postal address.
func MissingNote(cs []shop.Customer) string {
	if len(cs) == 0 {
		return ""
	}
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return fmt.Sprintf(". Left out for want of a postal address (%d): %s.", len(cs), strings.Join(names, ", "))
}

// Print writes the batch for the group's recipients as one PDF to w, dated date,
// calling progress (when not nil) as it goes. It returns the letters to record as
// sent (LogSent) once the file is safely saved: the cards or invitations; none for
// labels and envelopes.
func Print(ctx context.Context, st *store.Store, b Batch, group shop.AudienceResult, date time.Time, w io.Writer,
	progress func(done, total int)) ([]letters.Letter, error) {
	biz, err := st.Business(ctx)
	if err != nil {
		return nil, err
	}
	set, err := st.LetterSettings(ctx)
	if err != nil {
		return nil, err
	}
	m := letters.Mailing{Business: biz, Country: set.Country, Paper: letters.PaperFor(set.Country, set.Paper), Date: date, Customers: group.Recipients}
	var ls []letters.Letter
	switch b.Doc {
	case Labels:
		return nil, letters.WriteLabels(w, m)
	case Envelopes:
		return nil, letters.WriteEnvelopes(w, m)
	case Invitations:
		staff, err := st.Staff(ctx)
		if err != nil {
			return nil, err
		}
		rep := letters.Signer(0, staff)
		ls = make([]letters.Letter, len(group.Recipients))
		for i, c := range group.Recipients {
			ev := b.Event
			ls[i] = letters.Letter{Kind: letters.Invitation, Business: biz, Customer: c, Rep: rep, Date: date, Event: &ev, Body: b.Cards.Message}
		}
	case Cards:
		ls = letters.HolidayCards(group.Recipients, biz, b.Cards, date)
	default:
		return nil, fmt.Errorf("print: %v is not a batch document", b.Doc)
	}
	if err := Prepare(ctx, st, ls); err != nil {
		return nil, err
	}
	if err := letters.WriteBatchProgress(w, ls, progress); err != nil {
		return nil, err
	}
	if !b.Doc.CountsAsContact() {
		return nil, nil
	}
	return ls, nil
}
