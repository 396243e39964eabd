package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/letters/outbox"
	"github.com/rapport-app/rapport/letters/outbox/smtptest"
)

// selectEmailFollowUp picks the demo's email follow-up on Today (Hannah
// Okafor's thank-you for this morning's web order) and returns it.
func selectEmailFollowUp(t *testing.T, u testUI) shop.AgendaItem {
	t.Helper()
	s := u.todayTab()
	for i, v := range s.views {
		if v.item.Channel == shop.ChannelEmail {
			s.list.Select(i)
			u.wait()
			return v.item
		}
	}
	t.Fatal("the demo shop's Today has no email follow-up; it is made to have one")
	return shop.AgendaItem{}
}

// draftEntries are the subject and the text of the email dialog on top.
func draftEntries(t *testing.T, w fyne.Window) (subject, body *widget.Entry) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no email is showing")
	}
	for _, o := range test.LaidOutObjects(top) {
		if e, ok := o.(*widget.Entry); ok {
			if e.MultiLine {
				body = e
			} else if subject == nil {
				subject = e
			}
		}
	}
	if subject == nil || body == nil {
		t.Fatalf("the dialog has no subject and text to edit: %q", texts(top))
	}
	return subject, body
}

// useTestServer points the shop at a test mail server.
func useTestServer(t *testing.T, st *store.Store, opts smtptest.Options) *smtptest.Server {
	t.Helper()
	srv := smtptest.Start(t, opts)
	if err := st.SaveEmailSettings(context.Background(), srv.Settings("Harbor & Pine <hello@harborandpine.example>")); err != nil {
		t.Fatal(err)
	}
	t.Setenv(outbox.PasswordEnv, opts.Password)
	return srv
}

func TestTodayOpensTheDraftOfAnEmailFollowUpAndSendsItOnce(t *testing.T) {
	u, st := newTestUI(t)
	srv := useTestServer(t, st, smtptest.Options{})
	it := selectEmailFollowUp(t, u)
	s := u.todayTab()
	if !s.email.draft.Visible() || s.email.sendAll.Text != "Send today's emails (1)" || !s.email.sendAll.Visible() {
		t.Fatalf("Email… shown %v, %q shown %v", s.email.draft.Visible(), s.email.sendAll.Text, s.email.sendAll.Visible())
	}
	test.Tap(s.email.draft)
	u.wait()
	shown := overlayText(t, u.win)
	for _, want := range []string{"Hannah Okafor <hannah.okafor@example.com>", "Send", "Open in mail app", "Copy text", "Mark as sent"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the email dialog lacks %q:\n%s", want, shown)
		}
	}
	subject, body := draftEntries(t, u.win)
	if subject.Text != "Thank you for your purchase: Ethiopia Yirgacheffe beans, 1 kg" ||
		!strings.Contains(body.Text, "If you need any further assistance, please feel free to call us at +1 207 555 0100.") {
		t.Fatalf("draft: %q\n%s", subject.Text, body.Text)
	}
	// The owner edits it; what is sent and logged is what they wrote.
	subject.SetText("Thanks for your order, Hannah")
	body.SetText(strings.Replace(body.Text, "Thank you for choosing", "Your beans were roasted on Friday.\n\nThank you for choosing", 1))
	tapDialogButton(t, u.win, "Send")
	u.wait()
	msgs := srv.Messages()
	if len(msgs) != 1 || msgs[0].Subject != "Thanks for your order, Hannah" || !strings.Contains(msgs[0].Body, "Your beans were roasted on Friday.") {
		t.Fatalf("the server got %+v", msgs)
	}
	if txt := overlayText(t, u.win); !strings.Contains(txt, "was sent and logged; the follow-up is done") {
		t.Errorf("after sending: %s", txt)
	}
	fu, err := st.FollowUp(context.Background(), it.ID)
	if err != nil || fu.Status != shop.StatusDone {
		t.Errorf("the follow-up is %v after Send (%v)", fu.Status, err)
	}
	contacts, _ := st.Contacts(context.Background(), it.CustomerID)
	if len(contacts) == 0 || !strings.Contains(contacts[0].Summary, "Your beans were roasted on Friday.") {
		t.Errorf("the log lacks the text sent: %+v", contacts)
	}
	for _, v := range s.views {
		if v.item.ID == it.ID {
			t.Error("the sent follow-up is still on Today")
		}
	}
	if s.email.sendAll.Visible() {
		t.Errorf("%q still offered with nothing left to send", s.email.sendAll.Text)
	}
}

func TestAnEmailThatCannotGoOutSaysWhyAndStaysOpen(t *testing.T) {
	u, st := newTestUI(t)
	srv := useTestServer(t, st, smtptest.Options{User: "hello@harborandpine.example", Password: "right"})
	t.Setenv(outbox.PasswordEnv, "wrong")
	it := selectEmailFollowUp(t, u)
	test.Tap(u.todayTab().email.draft)
	u.wait()
	tapDialogButton(t, u.win, "Send")
	u.wait()
	txt := overlayText(t, u.win)
	if !strings.Contains(txt, "Not sent to Hannah Okafor") || !strings.Contains(txt, "refused the login") {
		t.Errorf("the failure says %q", txt)
	}
	tapDialogButton(t, u.win, "OK")
	if subject, _ := draftEntries(t, u.win); subject.Text == "" {
		t.Error("the draft closed with the failure")
	}
	if fu, _ := st.FollowUp(context.Background(), it.ID); fu.Status != shop.StatusPending {
		t.Errorf("the follow-up is %s after a failed send", fu.Status)
	}
	if len(srv.Messages()) != 0 {
		t.Error("a message went out with the wrong password")
	}
}

func TestNotSetUpTheDraftOffersTheMailAppAndMarkAsSent(t *testing.T) {
	u, st := newTestUI(t)
	it := selectEmailFollowUp(t, u)
	test.Tap(u.todayTab().email.draft)
	u.wait()
	if txt := overlayText(t, u.win); !strings.Contains(txt, "Email is not set up yet") || !strings.Contains(txt, "Mark as sent") {
		t.Errorf("without a mail server the dialog says %q", txt)
	}
	tapDialogButton(t, u.win, "Copy text")
	if got := u.app.Clipboard().Content(); !strings.Contains(got, "If you need any further assistance") {
		t.Errorf("copied %q", got)
	}
	tapDialogButton(t, u.win, "Mark as sent")
	u.wait()
	fu, err := st.FollowUp(context.Background(), it.ID)
	if err != nil || fu.Status != shop.StatusDone || !strings.Contains(fu.Notes, "Email sent from the mail app: Thank you for your purchase") {
		t.Errorf("after Mark as sent: %s %q %v", fu.Status, fu.Notes, err)
	}
}

func TestUnsubscribeIsOneClick(t *testing.T) {
	u, st := newTestUI(t)
	it := selectEmailFollowUp(t, u)
	test.Tap(u.todayTab().email.draft)
	u.wait()
	tapDialogButton(t, u.win, "They asked to unsubscribe")
	u.wait()
	c, err := st.Customer(context.Background(), it.CustomerID)
	if err != nil || !c.DoNotContact {
		t.Fatalf("after one click: do not contact %v (%v)", c.DoNotContact, err)
	}
	h, _ := st.History(context.Background(), c.ID)
	for _, f := range h {
		if f.Status == shop.StatusPending {
			t.Errorf("still planned: %+v", f)
		}
	}
	if txt := overlayText(t, u.win); !strings.Contains(txt, "Hannah Okafor is now marked do not contact") {
		t.Errorf("the window says %q", txt)
	}
}

func TestSendTodaysEmailsWithAProgressBarAndAReport(t *testing.T) {
	u, st := newTestUI(t)
	srv := useTestServer(t, st, smtptest.Options{})
	s := u.todayTab()
	test.Tap(s.email.sendAll)
	if txt := overlayText(t, u.win); !strings.Contains(txt, "Rapport sends 1 email now, to Hannah Okafor") {
		t.Fatalf("the confirmation says %q", txt)
	}
	tapDialogButton(t, u.win, "Send")
	u.wait()
	if txt := overlayText(t, u.win); !strings.Contains(txt, "Sent 1 of 1 email.") {
		t.Errorf("the report says %q", txt)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("the server got %d", n)
	}
	if s.email.sendAll.Visible() {
		t.Error("Send today's emails is still offered")
	}
}

func TestSettingsEmailSavesChecksAndSendsATestEmail(t *testing.T) {
	u, st := newTestUI(t)
	srv := smtptest.Start(t, smtptest.Options{})
	u.goTo(tabSettings)
	u.wait()
	tab := u.settingsTab().emailTab
	tab.host.SetText("smtp.example.com")
	tab.from.SetText("hello@harborandpine.example")
	tab.tls.SetSelectedIndex(2) // none, on a remote server
	test.Tap(tab.save)
	u.wait()
	if txt := overlayText(t, u.win); !strings.Contains(txt, "only for a mail server on this computer") {
		t.Errorf("tls none on a remote server: %q", txt)
	}
	if set, _ := st.EmailSettings(context.Background()); set.Host != "" {
		t.Errorf("refused settings were stored: %+v", set)
	}
	tapDialogButton(t, u.win, "OK")
	tab.host.SetText(srv.Host)
	tab.port.SetText(fmt.Sprint(srv.Port))
	test.Tap(tab.save)
	u.wait()
	set, _ := st.EmailSettings(context.Background())
	if set.Host != srv.Host || set.Port != srv.Port || set.TLS != shop.TLSNone || set.From != "hello@harborandpine.example" {
		t.Errorf("stored %+v", set)
	}
	tab.testTo.SetText("owner@harborandpine.example")
	test.Tap(tab.test)
	u.wait()
	if msgs := srv.Messages(); len(msgs) != 1 || msgs[0].To[0] != "owner@harborandpine.example" {
		t.Errorf("the test email: %+v", msgs)
	}
	// The email templates are edited as the letters' are.
	tab.templates.kind.SetSelectedIndex(0)
	tab.templates.body.SetText("Thanks {frist_name}")
	tab.templates.onSaveTemplate()
	u.wait()
	if txt := overlayText(t, u.win); !strings.Contains(txt, "Unknown placeholder {frist_name} in the thank-you email") {
		t.Errorf("a bad email template: %q", txt)
	}
}

func TestTheCalendarOffersTheEmailOfAnEmailFollowUp(t *testing.T) {
	u, _ := newTestUI(t)
	u.goTo(tabCalendar)
	u.wait()
	c := u.calendarTab()
	for i, v := range c.views {
		c.list.Select(i)
		if got := c.email.Visible(); got != (v.item.Channel == shop.ChannelEmail) {
			t.Errorf("%s by %s: Email… shown %v", v.item.Customer.Name, v.item.Channel, got)
		}
		if v.item.Channel == shop.ChannelEmail {
			test.Tap(c.email)
			u.wait()
			if subject, _ := draftEntries(t, u.win); !strings.Contains(subject.Text, "Thank you for your purchase") {
				t.Errorf("the calendar's email: %q", subject.Text)
			}
			return
		}
	}
	t.Error("no email follow-up on the calendar's day")
}
