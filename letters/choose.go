package letters

import (
	"fmt"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// Choosing letters (FOLLOWUP_RULES.md §7): which letter a follow-up, a sale or an
// issue calls for, who signs it, and who gets the season's holiday cards. These
// are pure decisions on domain values; the screens only ask and save.

// KindForIssue is the letter after an issue: an apology after a complaint, a
// follow-up letter after anything else (FOLLOWUP_RULES.md §7).
func KindForIssue(is shop.Issue) Kind {
	if is.Type == shop.IssueComplaint {
		return Apology
	}
	return FollowUp
}

// ForSale is the thank-you letter for a sale, signed by rep.
func ForSale(b shop.Business, c shop.Customer, p shop.Purchase, rep shop.Staff, date time.Time) Letter {
	return Letter{Kind: ThankYou, Business: b, Customer: c, Rep: rep, Date: date, Purchase: &p}
}

// ForIssue is the follow-up or apology letter about an issue (see
// KindForIssue), signed by rep.
func ForIssue(b shop.Business, c shop.Customer, is shop.Issue, rep shop.Staff, date time.Time) Letter {
	return Letter{Kind: KindForIssue(is), Business: b, Customer: c, Rep: rep, Date: date, Issue: &is}
}

// MayWrite says whether letters may go to c: never to a customer marked do not
// contact (FOLLOWUP_RULES.md: the rule is absolute). ChoicesFor offers them none
// and ForFollowUp refuses with this error.
func MayWrite(c shop.Customer) error {
	if c.DoNotContact {
		return fmt.Errorf("%s is marked do not contact, so no letter is printed for them", c.Name)
	}
	return nil
}

// ForFollowUp is the letter for a follow-up, about its leading reason: the
// first one that names an issue or a sale (a promise about an issue counts as
// the issue). purchases and issues are the customer's; the letter is signed as
// Signer says for the follow-up's assignee. It fails when the leading issue or
// sale is no longer among the customer's, or when no reason names either.
func ForFollowUp(it shop.AgendaItem, b shop.Business, staff []shop.Staff, purchases []shop.Purchase, issues []shop.Issue, date time.Time) (Letter, error) {
	if err := MayWrite(it.Customer); err != nil {
		return Letter{}, fmt.Errorf("print letter: %w", err)
	}
	rep := Signer(it.AssigneeID, staff)
	for _, r := range it.Reasons {
		switch {
		case r.IssueID != 0:
			for _, is := range issues {
				if is.ID == r.IssueID {
					return ForIssue(b, it.Customer, is, rep, date), nil
				}
			}
			return Letter{}, fmt.Errorf("print letter: the issue this follow-up is about (ID %d) is no longer in %s's issues", r.IssueID, it.Customer.Name)
		case r.PurchaseID != 0:
			for _, p := range purchases {
				if p.ID == r.PurchaseID {
					l := ForSale(b, it.Customer, p, rep, date)
					if r.Rule != shop.RuleThankYou {
						// The later calls after a sale ask how it is going.
						l.Kind = PurchaseFollowUp
					}
					return l, nil
				}
			}
			return Letter{}, fmt.Errorf("print letter: the sale this follow-up is about (ID %d) is no longer in %s's sales", r.PurchaseID, it.Customer.Name)
		}
	}
	return Letter{}, fmt.Errorf("print letter: this follow-up with %s is not about a sale or an issue, so there is nothing for a letter to say; "+
		"print one from the Customers tab instead", it.Customer.Name)
}

// ForFollowUpAs is the letter of the given kind for a follow-up: a thank-you
// (ThankYou) or a how-is-it-going letter (PurchaseFollowUp) about the sale it is
// about, a follow-up letter (FollowUp) about its issue, else about its sale, or
// an apology (Apology) about its issue. It is signed as Signer says for the
// follow-up's assignee, and fails, naming the follow-up, when the follow-up is
// about nothing the kind can speak of.
func ForFollowUpAs(it shop.AgendaItem, kind Kind, b shop.Business, staff []shop.Staff, purchases []shop.Purchase, issues []shop.Issue, date time.Time) (Letter, error) {
	if err := MayWrite(it.Customer); err != nil {
		return Letter{}, fmt.Errorf("print letter: %w", err)
	}
	rep := Signer(it.AssigneeID, staff)
	var sale *shop.Purchase
	var issue *shop.Issue
	for _, r := range it.Reasons {
		for i := range purchases {
			if sale == nil && r.PurchaseID != 0 && purchases[i].ID == r.PurchaseID {
				sale = &purchases[i]
			}
		}
		for i := range issues {
			if issue == nil && r.IssueID != 0 && issues[i].ID == r.IssueID {
				issue = &issues[i]
			}
		}
	}
	about := func(what string) error {
		return fmt.Errorf("print letter: follow-up %d with %s is not about %s, so there is no %s to print for it", it.ID, it.Customer.Name, what, kind)
	}
	switch kind {
	case ThankYou, PurchaseFollowUp:
		if sale == nil {
			return Letter{}, about("a sale")
		}
		l := ForSale(b, it.Customer, *sale, rep, date)
		l.Kind = kind
		return l, nil
	case FollowUp:
		if issue != nil {
			l := ForIssue(b, it.Customer, *issue, rep, date)
			l.Kind = FollowUp
			return l, nil
		}
		if sale != nil {
			l := ForSale(b, it.Customer, *sale, rep, date)
			l.Kind = PurchaseFollowUp
			return l, nil
		}
		return Letter{}, about("a sale or an issue")
	case Apology:
		if issue == nil {
			return Letter{}, about("an issue")
		}
		l := ForIssue(b, it.Customer, *issue, rep, date)
		l.Kind = Apology
		return l, nil
	}
	return Letter{}, fmt.Errorf("print letter: a %s is not printed for one follow-up", kind)
}

// Signer is who signs a letter: the staff member with the given ID, else the
// first active senior, else the first active staff member; a zero Staff for an
// empty shop (Write then says the representative is missing).
func Signer(id shop.ID, staff []shop.Staff) shop.Staff {
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
	return shop.Staff{}
}

// ChoicesFor are the letters offered for a customer, in this order: a
// thank-you for the latest sale and a follow-up asking how it is going, both
// signed by who sold it, a follow-up or apology for the latest issue, signed
// by who handled it (each falling back as Signer says), and a holiday card
// from the whole team. sales and issues are the customer's, newest first; a
// letter is left out when there is nothing for it to be about, and all of them
// for a customer MayWrite refuses.
func ChoicesFor(c shop.Customer, sales []shop.Purchase, issues []shop.Issue, b shop.Business, staff []shop.Staff, date time.Time) []Letter {
	if MayWrite(c) != nil {
		return nil
	}
	var ls []Letter
	if len(sales) > 0 {
		p := sales[0]
		l := ForSale(b, c, p, Signer(p.SoldBy, staff), date)
		ls = append(ls, l)
		l.Kind = PurchaseFollowUp
		ls = append(ls, l)
	}
	if len(issues) > 0 {
		is := issues[0]
		ls = append(ls, ForIssue(b, c, is, Signer(is.HandledBy, staff), date))
	}
	if len(ls) > 0 {
		ls = append(ls, Letter{Kind: HolidayCard, Business: b, Customer: c, Date: date})
	}
	return ls
}

// CardOptions is what a season's holiday cards say and the paper they print on.
type CardOptions struct {
	Greeting  string // e.g. "Season's Greetings"
	Message   string // the card's words; blank for the usual wishes
	Promotion string // printed small at the foot; may be blank
	Paper     Paper
}

// HolidayCards is one card per recipient, in order, signed by the whole team.
// The recipients come from store.Store.Audience, which also leaves out customers
// marked do not contact and names those without a postal address.
func HolidayCards(recipients []shop.Customer, b shop.Business, o CardOptions, date time.Time) []Letter {
	ls := make([]Letter, len(recipients))
	for i, c := range recipients {
		ls[i] = Letter{Kind: HolidayCard, Business: b, Customer: c, Date: date,
			Greeting: o.Greeting, Body: o.Message, Promotion: o.Promotion, Paper: o.Paper}
	}
	return ls
}
