package outbox

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/storetest"
	"github.com/rapport-app/rapport/letters"
	"github.com/rapport-app/rapport/letters/outbox/smtptest"
)

// trustCA makes this test binary trust the test servers' certificates, once,
// before the first TLS connection (the system's certificates are read once).
var trustCA sync.Once

const (
	shopPhone = "+1 503 555 0100"
	shopFrom  = "Harbor & Pine <hello@harborpine.example>"
)

// emailShop is a shop with a signer and n customers who each bought online
// two hours before storetest.Now, so that each is due a thank-you email now.
func emailShop(t *testing.T, n int) (*store.Store, []shop.Customer) {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t)
	b := shop.Business{Name: "Harbor & Pine Coffee Roasters", Phone: shopPhone, Email: "hello@harborpine.example",
		Website: "harborpine.example", TimeZone: "America/New_York", BigTicketCents: 50000}
	if err := st.SaveShop(ctx, b, shop.LetterSettings{Country: "US"}); err != nil {
		t.Fatal(err)
	}
	maria := shop.Staff{Name: "Maria Lopez", Title: "Owner", Senior: true, Active: true}
	if err := st.SaveStaff(ctx, &maria); err != nil {
		t.Fatal(err)
	}
	var cs []shop.Customer
	for i := range n {
		c := storetest.Customer(t, st, shop.Customer{Name: fmt.Sprintf("Customer %02d", i+1), Email: fmt.Sprintf("c%02d@example.com", i+1),
			Phone: fmt.Sprintf("+1 323 555 01%02d", i+1), TimeZone: "America/Los_Angeles", Address: "2400 Sunset Blvd",
			City: "Los Angeles", Region: "CA", PostalCode: "90026", Country: "US"})
		p := shop.Purchase{CustomerID: c.ID, At: storetest.Now.Add(-2 * time.Hour), Items: fmt.Sprintf("Ethiopia Yirgacheffe, %d kg", i+1),
			AmountCents: 4200, Channel: shop.ChannelWeb}
		if err := st.SavePurchase(ctx, &p); err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	return st, cs
}

// useServer points the shop at srv, with its password in the environment.
func useServer(t *testing.T, st *store.Store, srv *smtptest.Server, password string) Mailer {
	t.Helper()
	ctx := context.Background()
	if err := st.SaveEmailSettings(ctx, srv.Settings(shopFrom)); err != nil {
		t.Fatal(err)
	}
	t.Setenv(PasswordEnv, password)
	m, err := NewMailer(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	m.Timeout = 5 * time.Second
	return m
}

// sendDue sends every email follow-up due at the store's now, as rapport send does.
func sendDue(t *testing.T, st *store.Store, m Mailer) []Result {
	t.Helper()
	ctx := context.Background()
	items, err := Due(ctx, st, st.Now())
	if err != nil {
		t.Fatal(err)
	}
	drafts, refused := Drafts(ctx, st, items, st.Now())
	return append(refused, m.Send(ctx, st, drafts, nil)...)
}

func countSent(rs []Result) int {
	n := 0
	for _, r := range rs {
		if r.Sent() {
			n++
		}
	}
	return n
}

func dueEmails(t *testing.T, st *store.Store) []shop.AgendaItem {
	t.Helper()
	items, err := Due(context.Background(), st, st.Now())
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func TestSendingWritesWhatTheSeedsAskAndSendsEachFollowUpOnce(t *testing.T) {
	ctx := context.Background()
	st, cs := emailShop(t, 2)
	emily := cs[0]
	// Emily also complained, and was promised an email about it today: the
	// promise and the thank-you are one follow-up, so one email.
	is := shop.Issue{CustomerID: emily.ID, Type: shop.IssueComplaint, Channel: shop.ChannelEmail, OpenedAt: storetest.Now.AddDate(0, 0, -3),
		Summary: "grinder arrived with a cracked hopper", Reference: "R-00042"}
	if err := st.SaveIssue(ctx, &is); err != nil {
		t.Fatal(err)
	}
	pr := shop.Promise{CustomerID: emily.ID, IssueID: is.ID, Due: storetest.Now.Add(-time.Hour), Channel: shop.ChannelEmail,
		Note: "the new hopper's tracking number", CreatedAt: storetest.Now.AddDate(0, 0, -3)}
	if err := st.AddPromise(ctx, &pr); err != nil {
		t.Fatal(err)
	}
	srv := smtptest.Start(t, smtptest.Options{User: "shop@harborpine.example", Password: "s3cret"})
	m := useServer(t, st, srv, "s3cret")
	due := dueEmails(t, st)
	if len(due) != 2 {
		t.Fatalf("%d email follow-ups are due, want 2 (one per customer): %v", len(due), due)
	}
	var emilyFU shop.AgendaItem
	for _, it := range due {
		if it.CustomerID == emily.ID {
			emilyFU = it
		}
	}
	if len(emilyFU.Reasons) != 2 {
		t.Fatalf("Emily's follow-up has %d reasons, want the promise and the thank-you in one", len(emilyFU.Reasons))
	}

	rs := sendDue(t, st, m)
	if countSent(rs) != 2 {
		t.Fatalf("sent %d of 2: %+v", countSent(rs), rs)
	}
	msgs := srv.Messages()
	if len(msgs) != 2 {
		t.Fatalf("the server got %d messages, want 2", len(msgs))
	}
	var got smtptest.Message
	for _, msg := range msgs {
		if msg.To[0] == emily.Email {
			got = msg
		}
	}
	if got.Raw == nil {
		t.Fatalf("no message to %s among %v", emily.Email, msgs)
	}
	for _, want := range []string{"cracked hopper", "R-00042"} {
		if !strings.Contains(got.Subject, want) {
			t.Errorf("subject %q lacks %q", got.Subject, want)
		}
	}
	for _, want := range []string{
		"Dear Customer",                           // "Customer 01", or by first name as letters greet
		"Ethiopia Yirgacheffe, 1 kg",              // the thank-you names the purchase
		"“grinder arrived with a cracked hopper”", // the promise names the issue
		"I promised to get back to you",
		"I am sorry again", // after a complaint
		"reply to this email, write to hello@harborpine.example or visit our web site, harborpine.example",
		"If you need any further assistance, please feel free to call us at +1 503 555 0100.",
		"Reference: R-00042",
		"Kind regards,\nMaria Lopez\nOwner\nHarbor & Pine Coffee Roasters",
	} {
		if !strings.Contains(got.Body, want) {
			t.Errorf("the email lacks %q; it says:\n%s", want, got.Body)
		}
	}
	if from := got.Header.Get("From"); !strings.Contains(from, "hello@harborpine.example") {
		t.Errorf("From = %q", from)
	}
	var emilyResult Result
	for _, r := range rs {
		if r.Customer == emily.Name {
			emilyResult = r
		}
	}
	if got.MessageID == "" || got.MessageID != emilyResult.MessageID {
		t.Errorf("Message-ID on the wire %q, reported %q", got.MessageID, emilyResult.MessageID)
	}
	if !strings.HasSuffix(got.MessageID, "@harborpine.example") {
		t.Errorf("Message-ID %q is not on the sender's domain", got.MessageID)
	}
	// Recorded: the follow-up done, the contact logged with the text sent.
	fu, err := st.FollowUp(ctx, emilyFU.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fu.Status != shop.StatusDone {
		t.Errorf("Emily's follow-up is %s after sending, want done", fu.Status)
	}
	contacts, err := st.Contacts(ctx, emily.ID)
	if err != nil {
		t.Fatal(err)
	}
	logged := false
	for _, c := range contacts {
		if c.Channel == shop.ChannelEmail && c.Direction == shop.Outbound && strings.Contains(c.Summary, got.Subject) &&
			strings.Contains(c.Summary, "If you need any further assistance") && c.FollowUpID == emilyFU.ID {
			logged = true
		}
	}
	if !logged {
		t.Errorf("no email contact with the text sent in Emily's log: %+v", contacts)
	}
	earlier, err := st.EmailsCovering(ctx, emilyFU)
	if err != nil {
		t.Fatal(err)
	}
	if len(earlier) != 1 || earlier[0].Status != shop.EmailSent || earlier[0].MessageID != got.MessageID {
		t.Errorf("the outbox holds %+v, want one sent email with Message-ID %s", earlier, got.MessageID)
	}

	// A second run sends nothing.
	if rs := sendDue(t, st, m); len(rs) != 0 {
		t.Errorf("the second run tried %+v", rs)
	}
	if n := len(srv.Messages()); n != 2 {
		t.Errorf("after the second run the server has %d messages, want still 2", n)
	}
}

func TestAServerDroppingTheConnectionAfterThreeOfTenLeavesSevenPendingAndTheRerunSendsThem(t *testing.T) {
	ctx := context.Background()
	st, cs := emailShop(t, 10)
	first := smtptest.Start(t, smtptest.Options{DropAfter: 3})
	m := useServer(t, st, first, "")
	rs := sendDue(t, st, m)
	if countSent(rs) != 3 {
		t.Fatalf("sent %d before the drop, want 3: %+v", countSent(rs), rs)
	}
	for _, r := range rs[3:] {
		if r.Err == nil || !strings.Contains(r.Err.Error(), r.Customer) || !strings.Contains(r.Err.Error(), "connection") {
			t.Errorf("%s: %v; want a sentence naming the customer and the lost connection", r.Customer, r.Err)
		}
	}
	if n := len(first.Messages()); n != 3 {
		t.Fatalf("the first server got %d messages, want 3", n)
	}
	if n := len(dueEmails(t, st)); n != 7 {
		t.Fatalf("%d email follow-ups pending after the drop, want 7", n)
	}
	done := 0
	for _, c := range cs {
		h, err := st.History(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range h {
			if it.Channel == shop.ChannelEmail && it.Status == shop.StatusDone {
				done++
			}
		}
	}
	if done != 3 {
		t.Errorf("%d email follow-ups done, want exactly 3", done)
	}

	second := smtptest.Start(t, smtptest.Options{})
	m = useServer(t, st, second, "")
	rs = sendDue(t, st, m)
	if countSent(rs) != 7 || len(rs) != 7 {
		t.Fatalf("the rerun sent %d of %d, want all 7: %+v", countSent(rs), len(rs), rs)
	}
	// Every customer got exactly one email, across both servers.
	got := map[string]int{}
	ids := map[string]bool{}
	for _, msg := range append(first.Messages(), second.Messages()...) {
		got[msg.To[0]]++
		ids[msg.MessageID] = true
	}
	for _, c := range cs {
		if got[c.Email] != 1 {
			t.Errorf("%s got %d emails, want 1", c.Email, got[c.Email])
		}
	}
	if len(ids) != 10 {
		t.Errorf("%d distinct Message-IDs, want 10", len(ids))
	}
	if n := len(dueEmails(t, st)); n != 0 {
		t.Errorf("%d still pending after the rerun", n)
	}
	if rs := sendDue(t, st, m); len(rs) != 0 {
		t.Errorf("a third run tried %+v", rs)
	}
}

func TestAnEmailWhoseReplyWasLostIsNeverResentBlindly(t *testing.T) {
	ctx := context.Background()
	st, cs := emailShop(t, 3)
	srv := smtptest.Start(t, smtptest.Options{DropInData: 2})
	m := useServer(t, st, srv, "")
	rs := sendDue(t, st, m)
	if countSent(rs) != 1 || rs[1].Status != shop.EmailUnknown {
		t.Fatalf("results %+v; want the first sent and the second unknown", rs)
	}
	if msg := rs[1].Err.Error(); !strings.Contains(msg, cs[1].Name) || !strings.Contains(msg, "not known whether") {
		t.Errorf("the unknown outcome says %q", msg)
	}
	check, err := st.EmailsToCheck(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(check) != 1 || check[0].To != cs[1].Email {
		t.Fatalf("emails to check: %+v, want the one to %s", check, cs[1].Email)
	}

	// The rerun sends the third and not the second.
	srv2 := smtptest.Start(t, smtptest.Options{})
	m = useServer(t, st, srv2, "")
	rs = sendDue(t, st, m)
	if countSent(rs) != 1 {
		t.Fatalf("the rerun sent %d, want only the third: %+v", countSent(rs), rs)
	}
	for _, msg := range srv2.Messages() {
		if msg.To[0] == cs[1].Email {
			t.Errorf("the email to %s, whose outcome was unknown, was sent again by itself", cs[1].Email)
		}
	}
	for _, r := range rs {
		if r.Customer == cs[1].Name && (r.Err == nil || !strings.Contains(r.Err.Error(), "not known whether the mail server took it")) {
			t.Errorf("the rerun says of %s: %v", r.Customer, r.Err)
		}
	}

	t.Run("marked sent by the owner, it is done and logged", func(t *testing.T) {
		if err := st.MarkEmailSent(ctx, check[0].ID); err != nil {
			t.Fatal(err)
		}
		if n := len(dueEmails(t, st)); n != 0 {
			t.Errorf("%d due after marking it sent", n)
		}
		contacts, _ := st.Contacts(ctx, cs[1].ID)
		if len(contacts) == 0 || !strings.Contains(contacts[0].Summary, "marked sent by hand") {
			t.Errorf("the log says %+v", contacts)
		}
	})
}

func TestSendAgainAfterAnUnknownOutcomeKeepsTheMessageID(t *testing.T) {
	ctx := context.Background()
	st, cs := emailShop(t, 1)
	srv := smtptest.Start(t, smtptest.Options{DropInData: 1})
	m := useServer(t, st, srv, "")
	rs := sendDue(t, st, m)
	if len(rs) != 1 || rs[0].Status != shop.EmailUnknown {
		t.Fatalf("results %+v, want one unknown", rs)
	}
	check, _ := st.EmailsToCheck(ctx)
	if len(check) != 1 {
		t.Fatalf("emails to check: %+v", check)
	}
	if err := st.SendEmailAgain(ctx, check[0].ID); err != nil {
		t.Fatal(err)
	}
	srv2 := smtptest.Start(t, smtptest.Options{})
	m = useServer(t, st, srv2, "")
	if rs := sendDue(t, st, m); countSent(rs) != 1 {
		t.Fatalf("after send again: %+v", rs)
	}
	again := srv2.Messages()
	if len(again) != 1 || again[0].MessageID != srv.Messages()[0].MessageID || again[0].To[0] != cs[0].Email {
		t.Errorf("sent again with Message-ID %v, want the first one's, %s", again, srv.Messages()[0].MessageID)
	}
}

func TestFailuresNameTheCustomerAndTheCauseAndLeaveTheFollowUpPending(t *testing.T) {
	ctx := context.Background()
	freePort := func() int {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		return ln.Addr().(*net.TCPAddr).Port
	}
	for _, tc := range []struct {
		name    string
		opts    smtptest.Options
		pw      string
		down    bool
		want    string
		sentOK  int // emails that still go out
		claimed bool
	}{
		{name: "wrong password", opts: smtptest.Options{User: "shop", Password: "right"}, pw: "wrong", want: "refused the login shop: wrong password"},
		{name: "no password", opts: smtptest.Options{User: "shop", Password: "right"}, pw: "", want: "needs a password"},
		{name: "recipient refused", opts: smtptest.Options{RejectRcpt: []string{"c01@example.com"}}, want: "refused the address c01@example.com (550", sentOK: 1, claimed: true},
		{name: "server down", down: true, want: "is not answering (connection refused)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, cs := emailShop(t, 2)
			srv := smtptest.Start(t, tc.opts)
			m := useServer(t, st, srv, tc.pw)
			if tc.down {
				set := srv.Settings(shopFrom)
				set.Port = freePort()
				if err := st.SaveEmailSettings(ctx, set); err != nil {
					t.Fatal(err)
				}
				m.Settings = set
			}
			rs := sendDue(t, st, m)
			if countSent(rs) != tc.sentOK {
				t.Fatalf("sent %d, want %d: %+v", countSent(rs), tc.sentOK, rs)
			}
			var r Result
			for _, x := range rs {
				if x.Customer == cs[0].Name {
					r = x
				}
			}
			if r.Err == nil {
				t.Fatalf("no error for %s: %+v", cs[0].Name, rs)
			}
			msg := r.Err.Error()
			if !strings.Contains(msg, cs[0].Name) || !strings.Contains(msg, tc.want) {
				t.Errorf("the message is %q; want it to name %s and say %q", msg, cs[0].Name, tc.want)
			}
			for _, raw := range []string{"dial tcp", "*mail.SendError", "SMTP RCPT TO command"} {
				if strings.Contains(msg, raw) {
					t.Errorf("the message %q shows the raw error %q", msg, raw)
				}
			}
			// The follow-up stays pending; nothing else is lost.
			pending := dueEmails(t, st)
			if len(pending) != 2-tc.sentOK || pending[0].CustomerID != cs[0].ID {
				t.Errorf("pending after the failure: %v", pending)
			}
			earlier, err := st.EmailsCovering(ctx, pending[0])
			if err != nil {
				t.Fatal(err)
			}
			if tc.claimed != (len(earlier) == 1) || tc.claimed && earlier[0].Status != shop.EmailFailed {
				t.Errorf("the outbox has %+v for the failed email (claimed: %v)", earlier, tc.claimed)
			}
			// Once the cause is gone, the same follow-up goes out.
			ok := smtptest.Start(t, smtptest.Options{})
			m = useServer(t, st, ok, "")
			if rs := sendDue(t, st, m); countSent(rs) != 2-tc.sentOK {
				t.Errorf("after fixing it: %+v", rs)
			}
		})
	}
}

func TestDoNotContactSetWhileTheEmailWasOpenStopsIt(t *testing.T) {
	ctx := context.Background()
	st, cs := emailShop(t, 1)
	srv := smtptest.Start(t, smtptest.Options{})
	m := useServer(t, st, srv, "")
	drafts, refused := Drafts(ctx, st, dueEmails(t, st), st.Now())
	if len(drafts) != 1 || len(refused) != 0 {
		t.Fatalf("drafts %v, refused %v", drafts, refused)
	}
	// The customer replies "unsubscribe me" while the draft is open.
	if err := st.SetDoNotContact(ctx, cs[0].ID, ""); err != nil {
		t.Fatal(err)
	}
	rs := m.Send(ctx, st, drafts, nil)
	if rs[0].Sent() || rs[0].Err == nil || !strings.Contains(rs[0].Err.Error(), "do not contact") {
		t.Errorf("result %+v, want it refused as do not contact", rs[0])
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d emails went to a customer marked do not contact", n)
	}
	if n := len(dueEmails(t, st)); n != 0 {
		t.Errorf("%d email follow-ups still planned for a do-not-contact customer", n)
	}
}

func TestACustomerWithoutAnEmailAddressGetsACallOrALetterInstead(t *testing.T) {
	ctx := context.Background()
	st, cs := emailShop(t, 1)
	c := cs[0]
	drafts, _ := Drafts(ctx, st, dueEmails(t, st), st.Now())
	c.Email = ""
	if err := st.SaveCustomer(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if n := len(dueEmails(t, st)); n != 0 {
		t.Errorf("%d email follow-ups for a customer without an email address", n)
	}
	h, err := st.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range h {
		if it.Status == shop.StatusPending && it.Channel == shop.ChannelEmail {
			t.Errorf("still planned by email: %+v", it)
		}
	}
	// A draft written before the address was removed is refused, naming why.
	srv := smtptest.Start(t, smtptest.Options{})
	m := useServer(t, st, srv, "")
	rs := m.Send(ctx, st, drafts, nil)
	if rs[0].Sent() || rs[0].Err == nil || !strings.Contains(rs[0].Err.Error(), c.Name) {
		t.Errorf("result %+v, want a refusal naming %s", rs[0], c.Name)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d emails sent", n)
	}
	// And MayEmail says what happens instead.
	if err := letters.MayEmail(c); err == nil || !strings.Contains(err.Error(), "call or a letter") {
		t.Errorf("MayEmail = %v", err)
	}
}

func TestStartTLSAndTLSAreSpokenWithATrustedCertificate(t *testing.T) {
	dir := t.TempDir()
	trustCA.Do(func() {
		if err := smtptest.TrustCA(dir); err != nil {
			t.Fatal(err)
		}
	})
	for _, implicit := range []bool{false, true} {
		t.Run(fmt.Sprintf("implicit=%v", implicit), func(t *testing.T) {
			st, _ := emailShop(t, 1)
			srv := smtptest.Start(t, smtptest.Options{TLS: true, Implicit: implicit, User: "shop", Password: "pw"})
			m := useServer(t, st, srv, "pw")
			if rs := sendDue(t, st, m); countSent(rs) != 1 {
				t.Fatalf("%+v", rs)
			}
			if len(srv.Messages()) != 1 {
				t.Errorf("the server got %d", len(srv.Messages()))
			}
		})
	}
}

func TestTheTestEmailSaysWhetherTheSettingsWork(t *testing.T) {
	ctx := context.Background()
	st, _ := emailShop(t, 0)
	srv := smtptest.Start(t, smtptest.Options{User: "shop", Password: "pw"})
	m := useServer(t, st, srv, "pw")
	if err := m.SendTest(ctx, "owner@harborpine.example", st.Now()); err != nil {
		t.Fatal(err)
	}
	if msgs := srv.Messages(); len(msgs) != 1 || msgs[0].Subject != "Test email from Rapport" {
		t.Errorf("got %+v", msgs)
	}
	m.Password = "nope"
	if err := m.SendTest(ctx, "owner@harborpine.example", st.Now()); err == nil || !strings.Contains(err.Error(), "refused the login shop") {
		t.Errorf("with a wrong password: %v", err)
	}
}

// TestAKilledSendIsNotSentTwice kills a sending process while the mail server
// holds the text of its first email unanswered (the server has it; Rapport does
// not know): the next run sends the others and not that one.
func TestAKilledSendIsNotSentTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	st, cs := emailShop(t, 3)
	srv := smtptest.Start(t, smtptest.Options{HoldInData: 1})
	useServer(t, st, srv, "")
	path := st.Path()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSendChild$")
	cmd.Env = append(os.Environ(), "RAPPORT_SEND_CHILD="+path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-srv.Held:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the child never handed over its first email")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	// Later (the record is stale), the next run.
	later := storetest.Now.Add(store.EmailStaleAfter + time.Minute)
	st.Now = func() time.Time { return later }
	srv2 := smtptest.Start(t, smtptest.Options{})
	m := useServer(t, st, srv2, "")
	rs := sendDue(t, st, m)
	if countSent(rs) != 2 {
		t.Errorf("the next run sent %d, want the 2 the killed run never reached: %+v", countSent(rs), rs)
	}
	got := map[string]int{}
	for _, msg := range append(srv.Messages(), srv2.Messages()...) {
		got[msg.To[0]]++
	}
	for _, c := range cs {
		if got[c.Email] != 1 {
			t.Errorf("%s got %d emails, want exactly 1", c.Email, got[c.Email])
		}
	}
	check, err := st.EmailsToCheck(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(check) != 1 || check[0].To != cs[0].Email {
		t.Errorf("emails to check: %+v, want the one the killed run was sending", check)
	}
}

// TestSendChild is the crash test's sending process: it sends what is due in
// the database named by RAPPORT_SEND_CHILD, and is killed meanwhile. Run on its
// own it does nothing.
func TestSendChild(t *testing.T) {
	path := os.Getenv("RAPPORT_SEND_CHILD")
	if path == "" {
		t.Skip("the sending process of TestAKilledSendIsNotSentTwice")
	}
	ctx := context.Background()
	st, _, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return storetest.Now }
	m, err := NewMailer(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	items, err := Due(ctx, st, st.Now())
	if err != nil {
		t.Fatal(err)
	}
	drafts, _ := Drafts(ctx, st, items, st.Now())
	m.Send(ctx, st, drafts, nil)
}

func TestMailtoCarriesTheSubjectAndTheText(t *testing.T) {
	d := letters.Draft{To: "emily@example.com", Subject: "Thank you & welcome", Body: "Dear Emily,\n\nThanks a lot.\n"}
	link, ok := Mailto(d)
	if !ok {
		t.Fatalf("a short email should fit a link: %s", link)
	}
	want := "mailto:emily@example.com?subject=Thank%20you%20%26%20welcome&body=Dear%20Emily%2C%0D%0A%0D%0AThanks%20a%20lot.%0D%0A"
	if link != want {
		t.Errorf("link\n%s\nwant\n%s", link, want)
	}
	d.Body = strings.Repeat("A long text. ", 300)
	if _, ok := Mailto(d); ok {
		t.Error("a long email should not be handed over as a link")
	}
}

func TestTheEMLFileOpensAsANewEmail(t *testing.T) {
	m := Mailer{Settings: shop.EmailSettings{Host: "smtp.example.com", From: shopFrom, ReplyTo: "team@harborpine.example", TLS: shop.TLSStartTLS},
		Business: shop.Business{Name: "Harbor & Pine"}}
	path := filepath.Join(t.TempDir(), "draft.eml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	d := letters.Draft{To: "emily@example.com", Name: "Emily Tran", Subject: "Ça va? Your grinder", Body: "Dear Emily,\n\nZoë says hi.\n"}
	if err := m.WriteEML(f, d, storetest.Now); err != nil {
		t.Fatal(err)
	}
	f.Close()
	raw, _ := os.ReadFile(path)
	for _, want := range []string{"X-Unsent: 1", "To: \"Emily Tran\" <emily@example.com>", "Reply-To: <team@harborpine.example>", "Message-ID:", "<rapport."} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("the .eml lacks %q:\n%s", want, raw)
		}
	}
}

// A refused login is told by the server's reply code, not by digits of the
// server's port: a server down on port 45343 is not answering, whatever the
// port's digits (the test that found it picked a free port at random).
func TestAPortWithTheDigitsOfAReplyCodeIsNotALoginRefused(t *testing.T) {
	for msg, want := range map[string]bool{
		"dial tcp 127.0.0.1:45343: connect: connection refused":                  false,
		"dial tcp 10.0.5.35:25: connect: connection refused":                     false,
		"dial tcp [::1]:5345: i/o timeout":                                       false,
		"535 5.7.8 Username and Password not accepted":                           true,
		"smtp auth failed: 534-5.7.9 Application-specific password required":     true,
		"authentication failed: 535 5.7.8 Error: authentication failed: invalid": true,
	} {
		if got := isAuth(msg); got != want {
			t.Errorf("isAuth(%q) = %v, want %v", msg, got, want)
		}
	}
}
