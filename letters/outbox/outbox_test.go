package outbox

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/demo/demotest"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/letters"
)

var now = time.Date(2026, 11, 23, 15, 5, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	code := m.Run()
	demotest.Cleanup()
	os.Exit(code)
}

func TestPrepareGivesLettersTheShopsCountryPaperAndTemplates(t *testing.T) {
	st := demotest.Demo(t, now)
	ctx := t.Context()
	if err := st.SaveLetterSettings(ctx, shop.LetterSettings{Country: "GB", Paper: shop.PaperFromCountry}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveLetterTemplate(ctx, letters.ThankYou.Key(), "Thanks, {first_name}!", func(b string) error { return letters.CheckTemplate(letters.ThankYou, b) }); err != nil {
		t.Fatal(err)
	}
	ls := []letters.Letter{{Kind: letters.ThankYou}, {Kind: letters.Apology, Body: "Our own words."}}
	if err := Prepare(ctx, st, ls); err != nil {
		t.Fatal(err)
	}
	if ls[0].Country != "GB" || ls[0].Paper != letters.A4 || ls[0].Body != "Thanks, {first_name}!" {
		t.Errorf("thank-you prepared as %+v", ls[0])
	}
	if ls[1].Body != "Our own words." {
		t.Errorf("a letter's own body was replaced: %q", ls[1].Body)
	}
}

func TestLogSentRecordsEachLetterWithItsKindAndSigner(t *testing.T) {
	st := demotest.Demo(t, now)
	ctx := t.Context()
	cs, _ := st.Customers(ctx, "Alicia Rivera")
	staff, _ := st.Staff(ctx)
	ls := []letters.Letter{
		{Kind: letters.ThankYou, Customer: cs[0], Rep: staff[0]},
		{Kind: letters.Invitation, Customer: cs[0], Event: &letters.Event{Name: "Winter tasting"}},
	}
	if err := LogSent(ctx, st, ls); err != nil {
		t.Fatal(err)
	}
	log, _ := st.Contacts(ctx, cs[0].ID)
	got := map[string]shop.ID{}
	for _, c := range log {
		if c.Channel == shop.ChannelLetter && c.Direction == shop.Outbound {
			got[c.Summary] = c.StaffID
		}
	}
	if id, ok := got["letter sent: thank-you letter"]; !ok || id != staff[0].ID {
		t.Errorf("thank-you in the log: %v (staff %d, want %d)", ok, id, staff[0].ID)
	}
	if _, ok := got["letter sent: invitation to Winter tasting"]; !ok {
		t.Errorf("the invitation is not in the log: %v", got)
	}
}

func TestPrintReturnsTheCardsToLogAndNoLabels(t *testing.T) {
	st := demotest.Demo(t, now)
	ctx := t.Context()
	cards := Batch{Doc: Cards, Audience: shop.Audience{By: shop.AudienceTag, Tag: "wholesale"}, Cards: letters.CardOptions{Greeting: "Season's Greetings"}}
	group, err := Group(ctx, st, cards)
	if err != nil || len(group.Recipients) == 0 {
		t.Fatalf("group = %+v, %v", group, err)
	}
	var pdf bytes.Buffer
	sent, err := Print(ctx, st, cards, group, now, &pdf, nil)
	if err != nil || len(sent) != len(group.Recipients) || !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")) {
		t.Fatalf("cards: %d to log for %d recipients, %v", len(sent), len(group.Recipients), err)
	}
	labels := cards
	labels.Doc = Labels
	pdf.Reset()
	if sent, err := Print(ctx, st, labels, group, now, &pdf, nil); err != nil || sent != nil || pdf.Len() == 0 {
		t.Errorf("labels: %d to log, %v; labels are not letters sent", len(sent), err)
	}
}

func TestGroupRefusesAnEmptyGroupAndAnInvitationWithoutItsEvent(t *testing.T) {
	st := demotest.Demo(t, now)
	ctx := t.Context()
	_, err := Group(ctx, st, Batch{Doc: Cards, Audience: shop.Audience{By: shop.AudienceTag, Tag: "no such tag"}})
	if !errors.Is(err, ErrNobody) {
		t.Errorf("an empty group: %v; want ErrNobody", err)
	}
	_, err = Group(ctx, st, Batch{Doc: Invitations})
	var fe *shop.FieldError
	if !errors.As(err, &fe) || fe.Field != "event" {
		t.Errorf("an invitation without an event: %v; want a field error naming the event", err)
	}
}

func TestForFollowUpRefusesALetterTheFollowUpCannotSpeakOf(t *testing.T) {
	st := demotest.Demo(t, now)
	ctx := t.Context()
	items, err := st.Agenda(ctx, now.AddDate(0, 0, -1), now.AddDate(0, 6, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		sale, issue := false, false
		for _, r := range it.Reasons {
			sale = sale || r.PurchaseID != 0
			issue = issue || r.IssueID != 0
		}
		if !sale || issue {
			continue
		}
		if _, err := ForFollowUp(ctx, st, it.ID, letters.Apology, now); err == nil {
			t.Errorf("an apology for follow-up %d, about a sale only, was printed", it.ID)
		}
		l, err := ForFollowUp(ctx, st, it.ID, letters.ThankYou, now)
		if err != nil || l.Purchase == nil || l.Country != "US" {
			t.Errorf("the thank-you for follow-up %d: %+v, %v", it.ID, l, err)
		}
		return
	}
	t.Fatal("the demo shop has no follow-up about a sale alone")
}
