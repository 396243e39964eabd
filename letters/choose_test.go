package letters

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

func TestForFollowUpPicksTheLetterFromTheLeadingReason(t *testing.T) {
	biz := shop.Business{Name: "Harbor & Pine", Phone: "(207) 555-0142"}
	staff := []shop.Staff{
		{ID: 1, Name: "Pat Junior", Active: true},
		{ID: 2, Name: "Maria Senior", Senior: true, Active: true},
		{ID: 3, Name: "Sam Assignee", Active: true},
	}
	sales := []shop.Purchase{{ID: 10, Items: "Grinder"}, {ID: 11, Items: "Beans"}}
	issues := []shop.Issue{
		{ID: 20, Type: shop.IssueSupport, Summary: "Grinder is loud"},
		{ID: 21, Type: shop.IssueComplaint, Summary: "Parcel arrived late"},
	}
	on := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		reasons  []shop.Reason
		assignee shop.ID
		kind     Kind
		sale     shop.ID
		issue    shop.ID
		rep      string
	}{
		{"a thank-you reason gives a thank-you letter for that sale",
			[]shop.Reason{{Rule: shop.RuleThankYou, PurchaseID: 11}}, 3, ThankYou, 11, 0, "Sam Assignee"},
		{"a later call about a sale asks how it is going with that sale",
			[]shop.Reason{{Rule: shop.RuleBigTicketWeek, PurchaseID: 10}}, 3, PurchaseFollowUp, 10, 0, "Sam Assignee"},
		{"an issue reason gives a follow-up letter",
			[]shop.Reason{{Rule: shop.RuleSupportFirst, IssueID: 20}}, 3, FollowUp, 0, 20, "Sam Assignee"},
		{"a complaint gives an apology",
			[]shop.Reason{{Rule: shop.RuleComplaintUpdate, IssueID: 21}}, 3, Apology, 0, 21, "Sam Assignee"},
		{"a promise about an issue counts as the issue",
			[]shop.Reason{{Rule: shop.RulePromise, PromiseID: 5, IssueID: 21}}, 3, Apology, 0, 21, "Sam Assignee"},
		{"the leading reason wins over the ones merged after it",
			[]shop.Reason{{Rule: shop.RuleSupportFirst, IssueID: 20}, {Rule: shop.RuleThankYou, PurchaseID: 10}}, 3, FollowUp, 0, 20, "Sam Assignee"},
		{"a reason without a sale or issue is passed over",
			[]shop.Reason{{Rule: shop.RuleRelationship}, {Rule: shop.RuleThankYou, PurchaseID: 10}}, 3, ThankYou, 10, 0, "Sam Assignee"},
		{"without an assignee the first senior signs",
			[]shop.Reason{{Rule: shop.RuleThankYou, PurchaseID: 10}}, 0, ThankYou, 10, 0, "Maria Senior"},
		{"an assignee no longer on staff is replaced by the first senior",
			[]shop.Reason{{Rule: shop.RuleThankYou, PurchaseID: 10}}, 99, ThankYou, 10, 0, "Maria Senior"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			it := shop.AgendaItem{Customer: shop.Customer{ID: 7, Name: "Emily Tran"}}
			it.Reasons, it.AssigneeID = tc.reasons, tc.assignee
			l, err := ForFollowUp(it, biz, staff, sales, issues, on)
			if err != nil {
				t.Fatal(err)
			}
			if l.Kind != tc.kind {
				t.Errorf("kind = %s, want %s", l.Kind, tc.kind)
			}
			if got := idOf(l.Purchase); got != tc.sale {
				t.Errorf("purchase = %d, want %d", got, tc.sale)
			}
			if l.Issue != nil != (tc.issue != 0) || l.Issue != nil && l.Issue.ID != tc.issue {
				t.Errorf("issue = %+v, want ID %d", l.Issue, tc.issue)
			}
			if l.Rep.Name != tc.rep {
				t.Errorf("signed by %q, want %q", l.Rep.Name, tc.rep)
			}
			if l.Customer.Name != "Emily Tran" || !l.Date.Equal(on) || l.Business.Name != biz.Name {
				t.Errorf("customer, date or shop not carried over: %+v", l)
			}
			if err := Write(io.Discard, l); err != nil {
				t.Errorf("the letter does not print: %v", err)
			}
		})
	}

	t.Run("a follow-up about nothing printable says so", func(t *testing.T) {
		it := shop.AgendaItem{Customer: shop.Customer{Name: "Emily Tran"}}
		it.Reasons = []shop.Reason{{Rule: shop.RuleRelationship}}
		if _, err := ForFollowUp(it, biz, staff, sales, issues, on); err == nil || !strings.Contains(err.Error(), "not about a sale or an issue") {
			t.Errorf("err = %v, want one saying there is nothing to write about", err)
		}
	})
	t.Run("a sale that is gone is named", func(t *testing.T) {
		it := shop.AgendaItem{Customer: shop.Customer{Name: "Emily Tran"}}
		it.Reasons = []shop.Reason{{Rule: shop.RuleThankYou, PurchaseID: 404}}
		if _, err := ForFollowUp(it, biz, staff, sales, issues, on); err == nil || !strings.Contains(err.Error(), "404") {
			t.Errorf("err = %v, want one naming sale 404", err)
		}
	})
}

func idOf(p *shop.Purchase) shop.ID {
	if p == nil {
		return 0
	}
	return p.ID
}

func TestSignerFallsBackToASeniorThenAnyActiveStaff(t *testing.T) {
	staff := []shop.Staff{
		{ID: 1, Name: "Gone Senior", Senior: true},
		{ID: 2, Name: "Pat Junior", Active: true},
		{ID: 3, Name: "Maria Senior", Senior: true, Active: true},
	}
	for _, tc := range []struct {
		name  string
		id    shop.ID
		staff []shop.Staff
		want  string
	}{
		{"the given staff member signs", 2, staff, "Pat Junior"},
		{"no one given: the first active senior", 0, staff, "Maria Senior"},
		{"no active senior: the first active staff member", 0, staff[:2], "Pat Junior"},
		{"an empty shop: nobody", 7, nil, ""},
	} {
		if got := Signer(tc.id, tc.staff); got.Name != tc.want {
			t.Errorf("%s: Signer(%d) = %q, want %q", tc.name, tc.id, got.Name, tc.want)
		}
	}
}

func TestChoicesForOffersTheLatestSaleThenTheLatestIssue(t *testing.T) {
	biz := shop.Business{Name: "Harbor & Pine"}
	staff := []shop.Staff{
		{ID: 1, Name: "Maria Senior", Senior: true, Active: true},
		{ID: 2, Name: "Sam Seller", Active: true},
		{ID: 3, Name: "Hana Handler", Active: true},
	}
	c := shop.Customer{ID: 7, Name: "Emily Tran"}
	on := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	sales := []shop.Purchase{{ID: 11, Items: "Beans", SoldBy: 2}, {ID: 10, Items: "Grinder"}}
	issues := []shop.Issue{{ID: 21, Type: shop.IssueComplaint, HandledBy: 3}, {ID: 20, Type: shop.IssueSupport}}

	ls := ChoicesFor(c, sales, issues, biz, staff, on)
	if len(ls) != 4 {
		t.Fatalf("%d choices, want 4", len(ls))
	}
	if ls[0].Kind != ThankYou || idOf(ls[0].Purchase) != 11 || ls[0].Rep.Name != "Sam Seller" {
		t.Errorf("first choice = %s for sale %d signed by %q, want a thank-you for sale 11 by Sam Seller", ls[0].Kind, idOf(ls[0].Purchase), ls[0].Rep.Name)
	}
	if ls[1].Kind != PurchaseFollowUp || idOf(ls[1].Purchase) != 11 || ls[1].Rep.Name != "Sam Seller" {
		t.Errorf("second choice = %s for sale %d signed by %q, want a follow-up after sale 11 by Sam Seller", ls[1].Kind, idOf(ls[1].Purchase), ls[1].Rep.Name)
	}
	if ls[2].Kind != Apology || ls[2].Issue == nil || ls[2].Issue.ID != 21 || ls[2].Rep.Name != "Hana Handler" {
		t.Errorf("third choice = %s about %+v signed by %q, want an apology for issue 21 by Hana Handler", ls[2].Kind, ls[2].Issue, ls[2].Rep.Name)
	}
	if ls[3].Kind != HolidayCard || ls[3].Rep.Name != "" {
		t.Errorf("last choice = %s signed by %q, want a holiday card from the whole team", ls[3].Kind, ls[3].Rep.Name)
	}
	for _, l := range ls {
		if l.Customer.ID != c.ID || l.Business.Name != biz.Name || !l.Date.Equal(on) {
			t.Errorf("customer, shop or date not carried over: %+v", l)
		}
	}

	if ls := ChoicesFor(c, nil, issues[1:], biz, staff, on); len(ls) != 2 || ls[0].Kind != FollowUp || ls[0].Rep.Name != "Maria Senior" {
		t.Errorf("issue only = %+v, want a follow-up letter signed by the senior and a card", ls)
	}
	if ls := ChoicesFor(c, nil, nil, biz, staff, on); len(ls) != 0 {
		t.Errorf("nothing to write about, yet %d choices", len(ls))
	}
}

func TestHolidayCardsCarryTheOptionsToEveryCard(t *testing.T) {
	biz := shop.Business{Name: "Harbor & Pine"}
	to := []shop.Customer{{ID: 1, Name: "Emily Tran"}, {ID: 2, Name: "Zoë Ødegård"}}
	on := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	o := CardOptions{Greeting: "Happy Holidays", Message: "Thank you", Promotion: "10% off", Paper: A4}
	ls := HolidayCards(to, biz, o, on)
	if len(ls) != len(to) {
		t.Fatalf("%d cards for %d recipients", len(ls), len(to))
	}
	for i, l := range ls {
		if l.Kind != HolidayCard || l.Customer.ID != to[i].ID || l.Business.Name != biz.Name || !l.Date.Equal(on) ||
			l.Greeting != o.Greeting || l.Body != o.Message || l.Promotion != o.Promotion || l.Paper != A4 {
			t.Errorf("card %d = %+v, want a %s card for %s with the options %+v", i, l, A4, to[i].Name, o)
		}
	}
	if err := WriteBatch(io.Discard, ls); err != nil {
		t.Errorf("the cards do not print: %v", err)
	}
}

func TestNoLetterForACustomerMarkedDoNotContact(t *testing.T) {
	c := shop.Customer{ID: 7, Name: "Brian Walsh", DoNotContact: true}
	sales := []shop.Purchase{{ID: 1, CustomerID: 7, Items: "Beans", AmountCents: 1200}}
	if ls := ChoicesFor(c, sales, nil, shop.Business{Name: "Shop"}, nil, time.Now()); len(ls) != 0 {
		t.Errorf("ChoicesFor offers %d letters to a do-not-contact customer", len(ls))
	}
	it := shop.AgendaItem{Customer: c, FollowUp: shop.FollowUp{Reasons: []shop.Reason{{PurchaseID: 1, Rule: shop.RuleThankYou}}}}
	if _, err := ForFollowUp(it, shop.Business{Name: "Shop"}, nil, sales, nil, time.Now()); err == nil || !strings.Contains(err.Error(), "do not contact") {
		t.Errorf("ForFollowUp for a do-not-contact customer = %v; want it refused", err)
	}
}

func TestLettersGreetAsAPersonWrites(t *testing.T) {
	for _, tc := range []struct {
		c    shop.Customer
		want string
	}{
		{shop.Customer{Name: "Tom Becker", Kind: shop.KindConsumer}, "Dear Tom,"},
		{shop.Customer{Name: "Dr. Jane Doe", Kind: shop.KindConsumer}, "Dear Jane,"},
		{shop.Customer{Name: "Dr. Grace Liu", Kind: shop.KindBusiness, Company: "Liu Dental Group"}, "Dear Dr. Liu,"},
		{shop.Customer{Name: "Grace Liu", Kind: shop.KindBusiness, Company: "Liu Dental Group"}, "Dear Grace Liu,"},
		{shop.Customer{Name: "Bell & Hart", Kind: shop.KindBusiness, Company: "Bell & Hart"}, "Dear friends at Bell\u00a0&\u00a0Hart,"},
		{shop.Customer{Name: "Tom Becker", Salutation: "Hi Tom!", Kind: shop.KindConsumer}, "Hi Tom!"},
		{shop.Customer{Name: "Tom Becker", Salutation: "Dear Mr Becker", Kind: shop.KindConsumer}, "Dear Mr Becker,"},
	} {
		if got := salutation(&Letter{Customer: tc.c}); got != tc.want {
			t.Errorf("%s (%s): salutation %q, want %q", tc.c.Name, tc.c.Kind, got, tc.want)
		}
	}
}

func TestItemsReadAsASentenceSaysThem(t *testing.T) {
	for in, want := range map[string]string{
		"Mahlkoenig E65S grinder":       "the Mahlkoenig E65S grinder",
		"2 kg espresso beans":           "2 kg espresso beans",
		"Ethiopia Guji beans, 2 × 1 kg": "the Ethiopia Guji beans, 2 × 1 kg",
		"a tamper":                      "a tamper",
		"":                              "your purchase",
	} {
		if got := itemsPhrase(in); got != want {
			t.Errorf("itemsPhrase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestALetterOrEmailAboutASaleWithoutItemsSaysWhichSale(t *testing.T) {
	// The window asks what was bought, and saves it with the sale: it must know
	// the sale the letter or email refused.
	sale := purchase()
	sale.ID, sale.Items = 42, " "
	l := letterOf(ThankYou)
	l.Purchase = sale
	e := emailOf(EmailHowIsItGoing)
	e.Parts[0].Purchase = sale
	_, emailErr := Compose(e)
	for what, err := range map[string]error{"the thank-you letter": Write(io.Discard, l), "the email": emailErr} {
		var missing *NoItemsError
		if !errors.As(err, &missing) || missing.Purchase.ID != 42 {
			t.Errorf("%s about a sale without items: %v; want a NoItemsError naming sale 42", what, err)
			continue
		}
		if !strings.Contains(err.Error(), "needs the purchase's items") {
			t.Errorf("%s says %q", what, err)
		}
	}
}
