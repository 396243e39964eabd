package ui

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/storage"

	"github.com/rapport-app/rapport/data"
	"github.com/rapport-app/rapport/letters"
)

func TestLetterForPicksTheLetterFromTheLeadingReason(t *testing.T) {
	shop := data.Business{Name: "Harbor & Pine", Phone: "(207) 555-0142"}
	staff := []data.Staff{
		{ID: 1, Name: "Pat Junior", Active: true},
		{ID: 2, Name: "Maria Senior", Senior: true, Active: true},
		{ID: 3, Name: "Sam Assignee", Active: true},
	}
	sales := []data.Purchase{{ID: 10, Items: "Grinder"}, {ID: 11, Items: "Beans"}}
	issues := []data.Issue{
		{ID: 20, Type: data.IssueSupport, Summary: "Grinder is loud"},
		{ID: 21, Type: data.IssueComplaint, Summary: "Parcel arrived late"},
	}
	on := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		reasons  []data.Reason
		assignee data.ID
		kind     letters.Kind
		sale     data.ID
		issue    data.ID
		rep      string
	}{
		{"a thank-you reason gives a thank-you letter for that sale",
			[]data.Reason{{Rule: data.RuleThankYou, PurchaseID: 11}}, 3, letters.ThankYou, 11, 0, "Sam Assignee"},
		{"a later call about a sale writes about that sale too",
			[]data.Reason{{Rule: data.RuleBigTicketWeek, PurchaseID: 10}}, 3, letters.ThankYou, 10, 0, "Sam Assignee"},
		{"an issue reason gives a follow-up letter",
			[]data.Reason{{Rule: data.RuleSupportFirst, IssueID: 20}}, 3, letters.FollowUp, 0, 20, "Sam Assignee"},
		{"a complaint gives an apology",
			[]data.Reason{{Rule: data.RuleComplaintUpdate, IssueID: 21}}, 3, letters.Apology, 0, 21, "Sam Assignee"},
		{"a promise about an issue counts as the issue",
			[]data.Reason{{Rule: data.RulePromise, PromiseID: 5, IssueID: 21}}, 3, letters.Apology, 0, 21, "Sam Assignee"},
		{"the leading reason wins over the ones merged after it",
			[]data.Reason{{Rule: data.RuleSupportFirst, IssueID: 20}, {Rule: data.RuleThankYou, PurchaseID: 10}}, 3, letters.FollowUp, 0, 20, "Sam Assignee"},
		{"a reason without a sale or issue is passed over",
			[]data.Reason{{Rule: data.RuleRelationship}, {Rule: data.RuleThankYou, PurchaseID: 10}}, 3, letters.ThankYou, 10, 0, "Sam Assignee"},
		{"without an assignee the first senior signs",
			[]data.Reason{{Rule: data.RuleThankYou, PurchaseID: 10}}, 0, letters.ThankYou, 10, 0, "Maria Senior"},
		{"an assignee no longer on staff is replaced by the first senior",
			[]data.Reason{{Rule: data.RuleThankYou, PurchaseID: 10}}, 99, letters.ThankYou, 10, 0, "Maria Senior"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			it := data.AgendaItem{Customer: data.Customer{ID: 7, Name: "Emily Tran"}}
			it.Reasons, it.AssigneeID = tc.reasons, tc.assignee
			l, err := letterFor(it, shop, staff, sales, issues, on)
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
			if l.Customer.Name != "Emily Tran" || !l.Date.Equal(on) || l.Business.Name != shop.Name {
				t.Errorf("customer, date or shop not carried over: %+v", l)
			}
			if err := letters.Write(discard{}, l); err != nil {
				t.Errorf("the letter does not print: %v", err)
			}
		})
	}

	t.Run("a follow-up about nothing printable says so", func(t *testing.T) {
		it := data.AgendaItem{Customer: data.Customer{Name: "Emily Tran"}}
		it.Reasons = []data.Reason{{Rule: data.RuleRelationship}}
		if _, err := letterFor(it, shop, staff, sales, issues, on); err == nil || !strings.Contains(err.Error(), "not about a sale or an issue") {
			t.Errorf("err = %v, want one saying there is nothing to write about", err)
		}
	})
	t.Run("a sale that is gone is named", func(t *testing.T) {
		it := data.AgendaItem{Customer: data.Customer{Name: "Emily Tran"}}
		it.Reasons = []data.Reason{{Rule: data.RuleThankYou, PurchaseID: 404}}
		if _, err := letterFor(it, shop, staff, sales, issues, on); err == nil || !strings.Contains(err.Error(), "404") {
			t.Errorf("err = %v, want one naming sale 404", err)
		}
	})
}

func idOf(p *data.Purchase) data.ID {
	if p == nil {
		return 0
	}
	return p.ID
}

type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }

func TestLetterFileName(t *testing.T) {
	on := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ what, who, want string }{
		{kindSlug(letters.ThankYou), "Emily Tran", "thank-you-emily-tran-2026-11-23.pdf"},
		{kindSlug(letters.Apology), "Liam O'Connor", "apology-liam-o-connor-2026-11-23.pdf"},
		{kindSlug(letters.FollowUp), "Zoë Ødegård", "follow-up-zoë-ødegård-2026-11-23.pdf"},
		{"holiday cards", "", "holiday-cards-2026-11-23.pdf"},
	} {
		if got := letterFileName(tc.what, tc.who, on); got != tc.want {
			t.Errorf("letterFileName(%q, %q) = %q, want %q", tc.what, tc.who, got, tc.want)
		}
	}
}

func TestHolidayCardRecipientsLeaveOutDoNotContact(t *testing.T) {
	_, st := newTestUI(t)
	ctx := context.Background()
	cs, err := st.Customers(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.Business(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dnc := 0
	for _, c := range cs {
		if c.DoNotContact {
			dnc++
		}
	}
	if dnc == 0 {
		t.Fatal("the demo shop has no do-not-contact customer to leave out")
	}
	all := cardRecipients(cs, allCustomers, b)
	biz := cardRecipients(cs, businessCustomers, b)
	con := cardRecipients(cs, consumers, b)
	if len(all) != len(cs)-dnc {
		t.Errorf("all customers: %d cards, want %d (%d customers, %d do not contact)", len(all), len(cs)-dnc, len(cs), dnc)
	}
	if len(biz)+len(con) != len(all) || len(biz) == 0 || len(con) == 0 {
		t.Errorf("business %d + consumers %d should split all %d, both non-empty", len(biz), len(con), len(all))
	}
	for name, got := range map[string][]data.Customer{"all": all, "business": biz, "consumers": con} {
		for _, c := range got {
			if c.DoNotContact {
				t.Errorf("%s: %s is marked do not contact but gets a card", name, c.Name)
			}
		}
	}
	for _, c := range biz {
		if !c.IsBusiness(b) {
			t.Errorf("business only: %s is a consumer", c.Name)
		}
	}

	// A customer of unknown kind counts as the shop's kind.
	unknown := []data.Customer{{Name: "Unknown Kind"}}
	if len(cardRecipients(unknown, businessCustomers, data.Business{BusinessToBusiness: true})) != 1 || len(cardRecipients(unknown, consumers, data.Business{})) != 1 {
		t.Error("a customer of unknown kind should count as the shop's kind")
	}
}

func TestHolidayCardBatchHasOnePagePerRecipient(t *testing.T) {
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Skip("pdfinfo not found (apt-get install -y poppler-utils): cannot count the pages")
	}
	u, st := newTestUI(t)
	ctx := context.Background()
	cs, err := st.Customers(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.Business(ctx)
	if err != nil {
		t.Fatal(err)
	}
	to := cardRecipients(cs, allCustomers, b)
	ls := holidayCards(to, b, cardOptions{greeting: defaultGreeting, promotion: "10% off gift boxes until January 6"}, u.now())
	path := filepath.Join(t.TempDir(), letterFileName("holiday cards", "", u.now()))
	w, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	if err := writeLetters(w, ls); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfinfo", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo gave no page count:\n%s", out)
	}
	if n, _ := strconv.Atoi(string(m[1])); n != len(to) {
		t.Errorf("the PDF has %d pages, want one per recipient: %d", n, len(to))
	}
}

func TestWriteLettersLeavesNoFileWhenALetterFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "broken.pdf")
	w, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	err = writeLetters(w, []letters.Letter{{Kind: letters.ThankYou}})
	if err == nil || !strings.Contains(err.Error(), "broken.pdf") {
		t.Errorf("err = %v, want one naming the file", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the failed PDF is still there (stat: %v)", err)
	}
}

func TestHolidayCardDialogSaysDoNotContactCustomersGetNone(t *testing.T) {
	u, _ := newTestUI(t)
	u.onHolidayCards()
	if txt := overlayText(t, u.win); !strings.Contains(txt, "Customers marked do not contact never get a card") {
		t.Errorf("the dialog does not say do-not-contact customers get no card; it shows:\n%s", txt)
	}
	if got := strings.Join(u.cardDialog.who.Options, ", "); got != "All customers, Business customers only, Consumers only" {
		t.Errorf("Send to offers %s", got)
	}
	if o := u.cardDialog.options(); o.greeting != defaultGreeting || o.who != allCustomers || o.paper != letters.USLetter {
		t.Errorf("defaults = %+v", o)
	}
}

func TestPrintLetterButtonsAreThereAndEnabled(t *testing.T) {
	u, st := newTestUI(t)
	items := needToday(t, st)
	if u.today.printLetter.Disabled() {
		t.Errorf("Today: Print letter… is disabled with follow-up %d selected", items[0].ID)
	}
	u.showCustomer(items[0].CustomerID)
	u.wait()
	if u.customers.printLetter.Disabled() {
		t.Error("Customers: Print letter… is disabled with a customer open")
	}
}
