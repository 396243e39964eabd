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
	to := letters.CardRecipients(cs, letters.AllCustomers, b)
	ls := letters.HolidayCards(to, b, letters.CardOptions{Greeting: defaultGreeting, Promotion: "10% off gift boxes until January 6"}, u.now())
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
	if o := u.cardDialog.options(); o.Greeting != defaultGreeting || o.Who != letters.AllCustomers || o.Paper != letters.USLetter {
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

func TestLetterChoicesLabelEachLetter(t *testing.T) {
	at := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	sales := []data.Purchase{{ID: 11, Items: "Burr grinder and two bags of beans", At: at}}
	issues := []data.Issue{{ID: 21, Type: data.IssueComplaint, Summary: "Parcel arrived late"}}
	c := data.Customer{ID: 7, Name: "Emily Tran"}
	labels, ls := letterChoices(c, sales, issues, data.Business{}, nil, at, time.UTC)
	if len(labels) != 2 || len(ls) != 2 {
		t.Fatalf("labels %q for %d letters, want 2 of each", labels, len(ls))
	}
	if !strings.HasPrefix(labels[0], "Thank-you letter for the latest sale: Burr grinder") || !strings.Contains(labels[0], at.Format(layoutDate)) {
		t.Errorf("sale label = %q", labels[0])
	}
	if labels[1] != "Apology letter about the latest issue: Parcel arrived late" || ls[1].Kind != letters.Apology {
		t.Errorf("issue label = %q for a %s", labels[1], ls[1].Kind)
	}
}
