package store

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// emailCustomer is a customer who bought online an hour ago: a thank-you email
// is due now. It returns the customer and that follow-up.
func emailCustomer(t *testing.T, s *Store) (shop.Customer, shop.AgendaItem) {
	t.Helper()
	ctx := context.Background()
	c := mustCustomer(t, s, shop.Customer{Name: "Emily Tran", Email: "emily@example.com", TimeZone: "America/Los_Angeles", Address: "2400 Sunset Blvd"})
	p := shop.Purchase{CustomerID: c.ID, At: fixedNow.Add(-time.Hour), Items: "Ethiopia Yirgacheffe", AmountCents: 4200, Channel: shop.ChannelWeb}
	if err := s.SavePurchase(ctx, &p); err != nil {
		t.Fatal(err)
	}
	h, err := s.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range h {
		if it.Channel == shop.ChannelEmail && it.Status == shop.StatusPending && it.Reasons[0].Rule == shop.RuleThankYou {
			return c, it
		}
	}
	t.Fatalf("no email follow-up planned for %s: %+v", c.Name, h)
	return c, shop.AgendaItem{}
}

func claim(t *testing.T, s *Store, c shop.Customer, it shop.AgendaItem, id string) shop.Email {
	t.Helper()
	e := shop.Email{MessageID: id, CustomerID: c.ID, FollowUpID: it.ID, To: c.Email, Subject: "Thank you", Body: "Dear Emily,\n\nThanks.\n"}
	for _, r := range it.Reasons {
		e.Keys = append(e.Keys, r.Key)
	}
	if err := s.BeginEmail(context.Background(), &e); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestAnEmailIsClaimedOnceAtATime(t *testing.T) {
	s := openTest(t)
	c, it := emailCustomer(t, s)
	claim(t, s, c, it, "a@shop.example")
	second := shop.Email{MessageID: "b@shop.example", CustomerID: c.ID, FollowUpID: it.ID, To: c.Email, Keys: []string{it.Reasons[0].Key}, Subject: "x", Body: "y"}
	err := s.BeginEmail(context.Background(), &second)
	var conflict *EmailConflict
	if !errors.As(err, &conflict) || !strings.Contains(err.Error(), "being sent right now") {
		t.Fatalf("a second claim while the first is being sent: %v", err)
	}
	// Later, the first counts as interrupted: its outcome is unknown, and it still blocks.
	s.Now = func() time.Time { return fixedNow.Add(EmailStaleAfter + time.Second) }
	if err := s.BeginEmail(context.Background(), &second); !errors.As(err, &conflict) || !strings.Contains(err.Error(), "not known whether") {
		t.Fatalf("a claim after the first was interrupted: %v", err)
	}
	check, err := s.EmailsToCheck(context.Background())
	if err != nil || len(check) != 1 || check[0].MessageID != "a@shop.example" || check[0].Status != shop.EmailUnknown {
		t.Fatalf("emails to check: %+v, %v", check, err)
	}
}

func TestAFailedEmailIsTakenUpAgainWithItsMessageID(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	c, it := emailCustomer(t, s)
	e := claim(t, s, c, it, "first@shop.example")
	if err := s.EmailFailed(ctx, e.ID, false, "refused"); err != nil {
		t.Fatal(err)
	}
	again := claim(t, s, c, it, "second@shop.example")
	if again.ID != e.ID || again.MessageID != "first@shop.example" || again.Attempts != 2 {
		t.Errorf("the retry is %+v; want email %d again with its Message-ID and 2 attempts", again, e.ID)
	}
}

func TestASentEmailCompletesOnlyWhatItCovered(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	c, it := emailCustomer(t, s)
	e := claim(t, s, c, it, "thanks@shop.example")
	// Meanwhile a promise by email for the same day merges into that follow-up.
	pr := shop.Promise{CustomerID: c.ID, Due: fixedNow.Add(time.Hour), Channel: shop.ChannelEmail, Note: "the tracking number", CreatedAt: fixedNow}
	if err := s.AddPromise(ctx, &pr); err != nil {
		t.Fatal(err)
	}
	merged := false
	before, _ := s.History(ctx, c.ID)
	for _, f := range before {
		keys := map[string]bool{}
		for _, r := range f.Reasons {
			keys[r.Key] = true
		}
		if f.Status == shop.StatusPending && keys[it.Reasons[0].Key] && keys["promise:"+strconv.FormatInt(pr.ID, 10)] {
			merged = true
		}
	}
	if !merged {
		t.Fatalf("the promise did not merge into the thank-you's follow-up, so nothing is split: %+v", before)
	}
	if err := s.EmailSent(ctx, e.ID, fixedNow, ""); err != nil {
		t.Fatal(err)
	}
	h, err := s.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var done, promised bool
	for _, f := range h {
		for _, r := range f.Reasons {
			switch {
			case r.Key == it.Reasons[0].Key && f.Status == shop.StatusDone:
				done = true
			case r.PromiseID == pr.ID && f.Status == shop.StatusPending:
				promised = true
			case r.PromiseID == pr.ID:
				t.Errorf("the promise, which the email did not cover, is %s", f.Status)
			}
		}
	}
	if !done || !promised {
		t.Errorf("thank-you done: %v, promise still pending: %v; history %+v", done, promised, h)
	}
	// The done copy carries the promise's place in Today's order as the
	// follow-up it was split from did (migration 0024).
	rows, err := s.db.QueryContext(ctx, `SELECT id, priority, due, promise_due FROM followups WHERE customer_id = ?`, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	promises := 0
	for rows.Next() {
		var id shop.ID
		var priority int
		var due, promiseDue int64
		if err := rows.Scan(&id, &priority, &due, &promiseDue); err != nil {
			t.Fatal(err)
		}
		want := int64(0)
		if priority == shop.PriorityPromise {
			want = due
			promises++
		}
		if promiseDue != want {
			t.Errorf("follow-up %d (priority %d) has promise_due %d; want %d", id, priority, promiseDue, want)
		}
	}
	if err := rows.Err(); err != nil || promises < 2 {
		t.Errorf("%d promises, the split's two wanted (%v)", promises, err)
	}
	got, err := s.Email(ctx, e.ID)
	if err != nil || got.Status != shop.EmailSent || !got.SentAt.Equal(fixedNow) {
		t.Errorf("the email is %+v, %v", got, err)
	}
	// Sent is final.
	if err := s.EmailSent(ctx, e.ID, fixedNow, ""); err == nil {
		t.Error("an email was recorded sent twice")
	}
}

func TestBeginEmailRefusesWhatChanged(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	c, it := emailCustomer(t, s)
	keys := []string{it.Reasons[0].Key}
	e := shop.Email{MessageID: "x@shop.example", CustomerID: c.ID, To: "old@example.com", Keys: keys, Subject: "s", Body: "b"}
	if err := s.BeginEmail(ctx, &e); !errors.Is(err, ErrChanged) {
		t.Errorf("another address: %v", err)
	}
	if err := s.Complete(ctx, it.ID, shop.Outcome{Status: shop.StatusDone, Notes: "sent from my phone"}); err != nil {
		t.Fatal(err)
	}
	e.To = c.Email
	if err := s.BeginEmail(ctx, &e); !errors.Is(err, ErrChanged) || !strings.Contains(err.Error(), "no longer pending") {
		t.Errorf("a follow-up already done: %v", err)
	}
	if n := count(t, s, "emails"); n != 0 {
		t.Errorf("%d emails recorded by refused claims", n)
	}
}

func TestUnsubscribingRemovesEveryPendingFollowUpAndLogsTheRequest(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	c, _ := emailCustomer(t, s)
	if err := s.SetDoNotContact(ctx, c.ID, "Replied: please unsubscribe me"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Customer(ctx, c.ID)
	if err != nil || !got.DoNotContact {
		t.Fatalf("customer %+v, %v", got, err)
	}
	h, _ := s.History(ctx, c.ID)
	for _, f := range h {
		if f.Status == shop.StatusPending {
			t.Errorf("still pending: %+v", f)
		}
	}
	cs, _ := s.Contacts(ctx, c.ID)
	if len(cs) != 1 || cs[0].Direction != shop.Inbound || cs[0].Summary != "Replied: please unsubscribe me" {
		t.Errorf("contacts %+v", cs)
	}
}

func TestEmailSettingsAreCheckedAndThePasswordIsNotStored(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	bad := shop.EmailSettings{Host: "smtp.example.com", From: "hello@shop.example", TLS: shop.TLSNone}
	err := s.SaveEmailSettings(ctx, bad)
	var fes shop.FieldErrors
	if !errors.As(err, &fes) || fes[0].Field != "smtp_tls" {
		t.Fatalf("tls none on a remote server: %v", err)
	}
	good := shop.EmailSettings{Host: "smtp.example.com", Port: 587, User: "hello@shop.example", From: "Shop <hello@shop.example>", ReplyTo: "team@shop.example", TLS: shop.TLSStartTLS}
	if err := s.SaveEmailSettings(ctx, good); err != nil {
		t.Fatal(err)
	}
	got, err := s.EmailSettings(ctx)
	if err != nil || got != good {
		t.Errorf("read back %+v, %v; want %+v", got, err, good)
	}
}
