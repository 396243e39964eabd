package ui

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/letters"
	"github.com/rapport-app/rapport/letters/outbox"
)

// labelsOf are the field labels of the form in the dialog on top.
func labelsOf(t *testing.T, u testUI) []string {
	t.Helper()
	var out []string
	for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
		if f, ok := o.(*widget.Form); ok {
			for _, it := range f.Items {
				if it.Text != "" {
					out = append(out, it.Text)
				}
			}
		}
	}
	return out
}

func TestTheBatchDialogShowsOnlyWhatTheDocumentUses(t *testing.T) {
	u, _ := newTestUI(t)
	u.onHolidayCards()
	doc := formItem(t, u.win, "Print").(*widget.Select)
	group := formItem(t, u.win, "For").(*widget.Select)
	for _, c := range []struct {
		doc, group string
		want       []string
	}{
		{"Holiday cards", groupLabels[0], []string{"Print", "For", "Greeting", "Message", "Promotion"}},
		{"Invitations", groupLabels[0], []string{"Print", "For", "Event", "Event date", "Where", "Message"}},
		{"Address labels", groupLabels[0], []string{"Print", "For"}},
		{"Envelopes", groupLabels[1], []string{"Print", "For", "Tag"}},
		{"Holiday cards", groupLabels[2], []string{"Print", "For", "Date", "Greeting", "Message", "Promotion"}},
	} {
		doc.SetSelected(c.doc)
		group.SetSelected(c.group)
		if got := labelsOf(t, u); !slices.Equal(got, c.want) {
			t.Errorf("%s for %s: the dialog asks for %q, want %q", c.doc, c.group, got, c.want)
		}
	}
}

func TestALetterForASaleWithoutItemsAsksWhatWasBought(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabSales)
	u.wait()
	s := u.salesTab()
	// A quick sale at the till: the customer and the amount, no items.
	typeInto(u.win, s.customer.entry, "Tom Be")
	u.wait()
	pressKey(u.win, fyne.KeyReturn)
	typeInto(u.win, s.amount, "12.50")
	pressKey(u.win, fyne.KeyReturn)
	u.wait()
	if !s.thanks.Visible() {
		t.Fatal("no thank-you letter offered after the sale")
	}
	test.Tap(s.thanks)
	u.wait()
	msg := overlayText(t, u.win)
	if strings.Contains(msg, "needs the purchase's items") || !strings.Contains(msg, "What did Tom Becker buy?") {
		t.Fatalf("a thank-you for a sale without items says %q; want it to ask what was bought", msg)
	}
	typeInto(u.win, entryIn(t, u.win, "Items"), "Decaf Colombia, 1 kg")
	pressKey(u.win, fyne.KeyReturn)
	u.wait()
	sales, err := st.Purchases(t.Context(), customerNamed(t, st, "Tom Becker").ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sales) == 0 || sales[0].Items != "Decaf Colombia, 1 kg" {
		t.Errorf("the sale's items stored: %q", sales[0].Items)
	}
	if msg := overlayText(t, u.win); strings.Contains(msg, "Please check") || strings.Contains(msg, "What did") {
		t.Errorf("after the items the letter was not offered for saving: %q", msg)
	}
}

func TestAnEmailForASaleWithoutItemsAsksWhatWasBought(t *testing.T) {
	u, st := newTestUI(t)
	// A new customer who gave an email, and a quick sale without items: the
	// thank-you goes by email today.
	jane := shop.Customer{Name: "Jane Walker", Kind: shop.KindConsumer, Email: "jane@example.org", PreferredCallMinute: -1}
	if err := st.SaveCustomer(t.Context(), &jane); err != nil {
		t.Fatal(err)
	}
	sale := shop.Purchase{CustomerID: jane.ID, At: testNow.Add(-time.Minute), AmountCents: 1250, Channel: shop.ChannelVisit}
	if err := st.SavePurchase(t.Context(), &sale); err != nil {
		t.Fatal(err)
	}
	s := u.todayTab()
	s.whose.SetSelected(everyonesCalls)
	s.reload()
	u.wait()
	v := selectRow(t, u, "Jane Walker")
	if v.item.Channel != shop.ChannelEmail {
		t.Fatalf("Jane's thank-you goes by %s", v.item.Channel)
	}
	test.Tap(s.email.draft)
	u.wait()
	if msg := overlayText(t, u.win); !strings.Contains(msg, "What did Jane Walker buy?") {
		t.Fatalf("the email for a sale without items says %q; want it to ask what was bought", msg)
	}
	typeInto(u.win, entryIn(t, u.win, "Items"), "Ceramic pour-over dripper")
	pressKey(u.win, fyne.KeyReturn)
	u.wait()
	if msg := overlayText(t, u.win); !strings.Contains(msg, "Ceramic pour-over dripper") || !strings.Contains(msg, "Jane Walker <jane@example.org>") {
		t.Errorf("after the items the email reads %q", msg)
	}
}

func TestAfterPrintingCardsRapportSaysWhatWasRecordedInOneReadableNote(t *testing.T) {
	u, st := newTestUI(t)
	for _, c := range []shop.Customer{
		{Name: "Ada Quist", Kind: shop.KindConsumer, Tags: []string{"walk-in"}, Address: "1 Quay St", City: "Portland", PostalCode: "04101", PreferredCallMinute: -1},
		{Name: "Bo Diddley", Kind: shop.KindConsumer, Tags: []string{"walk-in"}, Email: "bo@example.org", PreferredCallMinute: -1},
	} {
		if err := st.SaveCustomer(t.Context(), &c); err != nil {
			t.Fatal(err)
		}
	}
	r := outbox.Batch{Doc: outbox.Cards, Audience: shop.Audience{By: shop.AudienceTag, Tag: "walk-in"}, Cards: letters.CardOptions{Greeting: defaultGreeting}}
	group, err := outbox.Group(t.Context(), st, r)
	if err != nil {
		t.Fatal(err)
	}
	w, err := storage.Writer(storage.NewFileURI(filepath.Join(t.TempDir(), "cards.pdf")))
	if err != nil {
		t.Fatal(err)
	}
	u.printBatch(w, r, group)
	u.wait()
	msg := overlayText(t, u.win)
	if strings.Contains(msg, "..") || !strings.Contains(msg, "records the card as sent") || !strings.Contains(msg, "Left out for want of a postal address (1): Bo Diddley.") {
		t.Errorf("after printing the cards Rapport says %q", msg)
	}
	// The note reads in lines of words, not a column of a few.
	for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "saved to") && l.Size().Width < 360 {
			t.Errorf("the note is %.0f wide", l.Size().Width)
		}
	}
}
