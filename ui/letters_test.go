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

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/letters"
	"github.com/rapport-app/rapport/letters/outbox"
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
	group, err := st.Audience(ctx, shop.Audience{By: shop.AudienceAll})
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.Business(ctx)
	if err != nil {
		t.Fatal(err)
	}
	to := group.Recipients
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

func TestBatchDialogOffersGroupsAndSaysDoNotContactCustomersGetNone(t *testing.T) {
	u, _ := newTestUI(t)
	u.onHolidayCards()
	if txt := overlayText(t, u.win); !strings.Contains(txt, "Customers marked do not contact never get a card") {
		t.Errorf("the dialog does not say do-not-contact customers get no card; it shows:\n%s", txt)
	}
	group := formItem(t, u.win, "For").(*widget.Select)
	if got := strings.Join(group.Options, ", "); got != strings.Join(groupLabels, ", ") {
		t.Errorf("For offers %s", got)
	}
}

func TestBatchDialogReadsTheGroupAndTheEvent(t *testing.T) {
	c := newCardDialog()
	c.group.SetSelected("Customers with a tag")
	c.tag.SetText("wholesale")
	if r, err := c.request(time.UTC); err != nil || r.Doc != outbox.Cards || r.Cards.Greeting != defaultGreeting ||
		r.Audience.By != shop.AudienceTag || r.Audience.Tag != "wholesale" {
		t.Errorf("request = %+v, %v", r, err)
	}
	c.doc.SetSelected("Invitations")
	if _, err := c.request(time.UTC); err == nil || !strings.HasPrefix(err.Error(), "Event:") {
		t.Errorf("an invitation without an event: err = %v", err)
	}
	c.event.SetText("Winter tasting")
	if _, err := c.request(time.UTC); err == nil || !strings.HasPrefix(err.Error(), "Event date") {
		t.Errorf("an invitation without a date: err = %v", err)
	}
	day := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	c.eventAt.date.SetDate(&day)
	ny, _ := time.LoadLocation("America/New_York")
	if r, err := c.request(ny); err != nil || !r.Event.At.Equal(time.Date(2026, 12, 5, 0, 0, 0, 0, ny)) {
		t.Errorf("an invitation on a day without a time: %v, %v", r.Event.At, err)
	}
	c.eventAt.clock.SetText("18:30")
	if r, err := c.request(ny); err != nil || !r.Event.At.Equal(time.Date(2026, 12, 5, 18, 30, 0, 0, ny)) {
		t.Errorf("an invitation at 18:30: %v, %v", r.Event.At, err)
	}
}

// TestBatchOfCardsLogsEveryCustomerOnce prints the demo shop's holiday cards
// as the batch screen does, reads the PDF back and checks the contact log.
func TestBatchOfCardsLogsEveryCustomerOnce(t *testing.T) {
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Skip("pdfinfo not found (apt-get install -y poppler-utils): cannot count the pages")
	}
	u, st := newTestUI(t)
	ctx := context.Background()
	// One customer loses their address: left out and named, not printed.
	cs, _ := st.Customers(ctx, "")
	gone := cs[0]
	gone.Address = ""
	if err := st.SaveCustomer(ctx, &gone); err != nil {
		t.Fatal(err)
	}
	group, err := st.Audience(ctx, shop.Audience{By: shop.AudienceAll})
	if err != nil {
		t.Fatal(err)
	}
	if len(group.Recipients) == 0 || !strings.Contains(outbox.MissingNote(group.NoAddress), gone.Name) {
		t.Fatalf("group = %d recipients, without address %q", len(group.Recipients), outbox.MissingNote(group.NoAddress))
	}
	path := filepath.Join(t.TempDir(), "cards.pdf")
	w, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	var last int
	r := outbox.Batch{Doc: outbox.Cards, Cards: letters.CardOptions{Greeting: defaultGreeting}}
	if err := u.batchWork(w, r, group, func(done, total int) { last = done }); err != nil {
		t.Fatal(err)
	}
	if last != len(group.Recipients) {
		t.Errorf("progress ended at %d of %d", last, len(group.Recipients))
	}
	out, err := exec.Command("pdfinfo", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if n, _ := strconv.Atoi(string(m[1])); n != len(group.Recipients) {
		t.Errorf("the PDF has %d pages, want one per recipient: %d", n, len(group.Recipients))
	}
	for _, c := range group.Recipients {
		log, _ := st.Contacts(ctx, c.ID)
		if len(log) == 0 || log[0].Summary != "letter sent: holiday card" {
			t.Errorf("%s's newest contact is %+v", c.Name, log)
		}
	}
	if log, _ := st.Contacts(ctx, gone.ID); len(log) > 0 && log[0].Summary == "letter sent: holiday card" {
		t.Errorf("%s, without an address, was logged as sent a card", gone.Name)
	}
}

func TestTemplateEditorRefusesAnUnknownPlaceholderAndStoresNothing(t *testing.T) {
	u, st := newTestUI(t)
	tab := u.settingsTab().letters
	tab.kind.SetSelectedIndex(0) // thank-you letter
	tab.body.SetText("Dear {frist_name}, thanks for the {items}.")
	tab.onSaveTemplate()
	u.wait()
	if txt := overlayText(t, u.win); !strings.Contains(txt, "Unknown placeholder {frist_name} in the thank-you letter") {
		t.Errorf("the error does not name the placeholder: %s", txt)
	}
	if ts, _ := st.LetterTemplates(context.Background()); len(ts) != 0 {
		t.Fatalf("a bad template was stored: %q", ts)
	}
	tab.body.SetText("Thanks {first_name} for {items}!")
	tab.onSaveTemplate()
	u.wait()
	if ts, _ := st.LetterTemplates(context.Background()); ts["thank-you"] != "Thanks {first_name} for {items}!" {
		t.Fatalf("stored %q", ts)
	}
	tab.country.SetText("gb")
	tab.paper.SetSelectedIndex(0)
	tab.onSaveSettings()
	u.wait()
	if set, _ := st.LetterSettings(context.Background()); set.Country != "GB" {
		t.Errorf("country = %q", set.Country)
	}
	l := letters.ForSale(u.business, shop.Customer{Name: "Zoë Ødegård"}, shop.Purchase{Items: "Beans"}, shop.Staff{Name: "Ann"}, u.now())
	if err := u.prepareOne(&l); err != nil {
		t.Fatal(err)
	}
	if l.Paper != letters.A4 || l.Country != "GB" || !strings.HasPrefix(l.Body, "Thanks {first_name}") {
		t.Errorf("prepared letter: paper %s, country %q, body %q", l.Paper, l.Country, l.Body)
	}
	p, err := renderPreview(l)
	if err != nil || len(p.pdf) == 0 || (p.png == nil && !strings.Contains(p.text, "Thanks Zoë for the Beans!")) {
		t.Errorf("preview: %v, %d bytes of PDF, text %q", err, len(p.pdf), p.text)
	}
}

func TestPrintLetterButtonsAreThereAndEnabled(t *testing.T) {
	u, st := newTestUI(t)
	items := needToday(t, st)
	if u.todayTab().printLetter.Disabled() {
		t.Errorf("Today: Print letter… is disabled with follow-up %d selected", items[0].ID)
	}
	u.showCustomer(items[0].CustomerID)
	u.wait()
	if u.customersTab().printLetter.Disabled() {
		t.Error("Customers: Print letter… is disabled with a customer open")
	}
}

func TestLetterChoicesLabelEachLetter(t *testing.T) {
	at := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	sales := []shop.Purchase{{ID: 11, Items: "Burr grinder and two bags of beans", At: at}}
	issues := []shop.Issue{{ID: 21, Type: shop.IssueComplaint, Summary: "Parcel arrived late"}}
	c := shop.Customer{ID: 7, Name: "Emily Tran"}
	labels, ls := letterChoices(c, sales, issues, shop.Business{}, nil, at, time.UTC)
	if len(labels) != 4 || len(ls) != 4 {
		t.Fatalf("labels %q for %d letters, want 4 of each", labels, len(ls))
	}
	if labels[1] != "Follow-up letter: how is the latest sale going? Burr grinder and two bags of beans" || ls[1].Kind != letters.PurchaseFollowUp {
		t.Errorf("sale follow-up label = %q for a %s", labels[1], ls[1].Kind)
	}
	if !strings.HasPrefix(labels[3], "Holiday card") || ls[3].Kind != letters.HolidayCard {
		t.Errorf("card label = %q for a %s", labels[3], ls[3].Kind)
	}
	if !strings.HasPrefix(labels[0], "Thank-you letter for the latest sale: Burr grinder") || !strings.Contains(labels[0], at.Format(layoutDate)) {
		t.Errorf("sale label = %q", labels[0])
	}
	if labels[2] != "Apology letter about the latest issue: Parcel arrived late" || ls[2].Kind != letters.Apology {
		t.Errorf("issue label = %q for a %s", labels[2], ls[2].Kind)
	}
}

func TestBatchOfInvitationsToATagLogsThem(t *testing.T) {
	u, st := newTestUI(t)
	ctx := context.Background()
	cs, _ := st.Customers(ctx, "")
	var tagged []shop.Customer
	for _, c := range cs {
		if c.HasPostalAddress() && !c.DoNotContact && len(tagged) < 2 {
			c.Tags = append(c.Tags, "tasting")
			if err := st.SaveCustomer(ctx, &c); err != nil {
				t.Fatal(err)
			}
			tagged = append(tagged, c)
		}
	}
	group, err := st.Audience(ctx, shop.Audience{By: shop.AudienceTag, Tag: "Tasting"})
	if err != nil || len(group.Recipients) != 2 {
		t.Fatalf("tag group = %d, %v", len(group.Recipients), err)
	}
	path := filepath.Join(t.TempDir(), "invitations.pdf")
	w, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	r := outbox.Batch{Doc: outbox.Invitations, Event: letters.Event{Name: "Winter tasting", At: time.Date(2026, 12, 5, 23, 0, 0, 0, time.UTC)}}
	if err := u.batchWork(w, r, group, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), " ")
		for _, c := range tagged {
			if !strings.Contains(text, "Dear "+c.Name) && !strings.Contains(text, c.Name) {
				t.Errorf("no invitation names %s", c.Name)
			}
		}
		if !strings.Contains(text, "You are invited: Winter tasting") || !strings.Contains(text, "If you need any further assistance, please call us at") {
			t.Errorf("invitation text: %s", text)
		}
	}
	for _, c := range tagged {
		log, _ := st.Contacts(ctx, c.ID)
		if len(log) == 0 || log[0].Summary != "letter sent: invitation to Winter tasting" {
			t.Errorf("%s's newest contact is %+v", c.Name, log)
		}
	}
}

// TestPDFsSavedFromTheWindowAreOwnerOnly: a letter, holiday cards and labels saved
// where the save dialog points are readable by their owner only (0600), as the
// command line's are; they hold customers' names and addresses. They used to be
// 0644.
func TestPDFsSavedFromTheWindowAreOwnerOnly(t *testing.T) {
	u, st := newTestUI(t)
	ctx := context.Background()
	group, err := st.Audience(ctx, shop.Audience{By: shop.AudienceAll})
	if err != nil || len(group.Recipients) == 0 {
		t.Fatalf("group: %v", err)
	}
	b, err := st.Business(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	save := func(name string, write func(w fyne.URIWriteCloser) error) {
		t.Helper()
		path := filepath.Join(dir, name)
		w, err := storage.Writer(storage.NewFileURI(path))
		if err != nil {
			t.Fatal(err)
		}
		if err := write(w); err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if m := st.Mode().Perm(); m != 0o600 {
			t.Errorf("%s has mode %v; want 0600", name, m)
		}
	}
	save("letter.pdf", func(w fyne.URIWriteCloser) error {
		return writeLetters(w, letters.HolidayCards(group.Recipients[:1], b, letters.CardOptions{Greeting: defaultGreeting}, u.now()))
	})
	save("cards.pdf", func(w fyne.URIWriteCloser) error {
		return u.batchWork(w, outbox.Batch{Doc: outbox.Cards, Cards: letters.CardOptions{Greeting: defaultGreeting}}, group, nil)
	})
	save("labels.pdf", func(w fyne.URIWriteCloser) error {
		return u.batchWork(w, outbox.Batch{Doc: outbox.Labels}, group, nil)
	})
}
