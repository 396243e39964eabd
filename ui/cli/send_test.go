package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/letters/outbox"
	"github.com/rapport-app/rapport/letters/outbox/smtptest"
)

// at runs a command on the demo shop with the clock at now.
func (d demoShop) at(now time.Time, args ...string) (string, string, int) {
	d.t.Helper()
	return rapport(d.t, append([]string{"--db", d.db, "--now", now.Format(time.RFC3339)}, args...)...)
}

func TestSendCommand(t *testing.T) {
	d := newDemoShop(t)
	srv := smtptest.Start(t, smtptest.Options{User: "hello@harborandpine.example", Password: "s3cret"})
	t.Setenv(outbox.PasswordEnv, "s3cret")

	// Not set up yet: said so, nothing sent.
	afternoon := demoNow.Add(4 * time.Hour) // 14:05 in New York: Hannah's thank-you email is due at 13:35
	out, errs, code := d.at(afternoon, "send")
	if code != 1 || !strings.Contains(out, "Not sent to Hannah Okafor: email is not set up") || !strings.Contains(errs, "1 of 1 emails were not sent") {
		t.Errorf("send before the server is set: exit %d, %q %q", code, out, errs)
	}

	d.refused(1, "smtp_tls=none: none sends your password", "shop", "set", "smtp_host=smtp.example.com", "smtp_from=hello@harborandpine.example", "smtp_tls=none")
	d.refused(1, "smtp_from=nobody: \"nobody\" is not an email address", "shop", "set", "smtp_from=nobody")
	out = d.ok("shop", "set", "smtp_host="+srv.Host, fmt.Sprintf("smtp_port=%d", srv.Port), "smtp_user=hello@harborandpine.example",
		"smtp_from=Harbor & Pine <hello@harborandpine.example>", "smtp_reply_to=team@harborandpine.example", "smtp_tls=none")
	if !strings.Contains(out, "Saved the email settings") || !strings.Contains(out, outbox.PasswordEnv) {
		t.Errorf("shop set smtp_*: %q", out)
	}
	var v shopView
	d.json(&v, "shop")
	if v.SMTPHost != srv.Host || v.SMTPPort != srv.Port || v.SMTPTLS != "none" || !strings.Contains(v.SMTPPassword, outbox.PasswordEnv) {
		t.Errorf("shop --json: %+v", v)
	}
	if strings.Contains(d.ok("shop"), "s3cret") {
		t.Error("rapport shop printed the password")
	}

	// In the morning nothing is due yet.
	if out, _, code := d.at(demoNow, "send", "--dry-run"); code != 0 || !strings.Contains(out, "No email follow-ups are due now") {
		t.Errorf("dry run at 10:05: exit %d, %q", code, out)
	}
	out, errs, code = d.at(afternoon, "send", "--dry-run")
	if code != 0 || !strings.Contains(out, "To: Hannah Okafor <hannah.okafor@example.com>") ||
		!strings.Contains(out, "Subject: Thank you for your purchase: Ethiopia Yirgacheffe beans, 1 kg") ||
		!strings.Contains(out, "If you need any further assistance, please feel free to call us at +1 207 555 0100.") {
		t.Errorf("dry run: exit %d\n%s%s", code, out, errs)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("a dry run sent %d", n)
	}

	out, errs, code = d.at(afternoon, "send", "--json")
	if code != 0 {
		t.Fatalf("send: exit %d: %s%s", code, out, errs)
	}
	var res struct {
		Sent    int        `json:"sent"`
		Results []sendView `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	msgs := srv.Messages()
	if res.Sent != 1 || len(msgs) != 1 || res.Results[0].MessageID != msgs[0].MessageID || res.Results[0].Customer != "Hannah Okafor" {
		t.Fatalf("send --json: %+v; the server got %d", res, len(msgs))
	}
	m := msgs[0]
	for _, want := range []string{"Ethiopia Yirgacheffe beans, 1 kg", "If you need any further assistance, please feel free to call us at +1 207 555 0100.",
		"Priya Nair\nSales associate\nHarbor & Pine Coffee Roasters"} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("the email lacks %q:\n%s", want, m.Body)
		}
	}
	if got := m.Header.Get("Reply-To"); !strings.Contains(got, "team@harborandpine.example") {
		t.Errorf("Reply-To = %q", got)
	}
	// Logged, and a second send sends nothing.
	st := d.open()
	c, err := st.CustomerByEmail(context.Background(), "hannah.okafor@example.com")
	if err != nil {
		t.Fatal(err)
	}
	contacts, err := st.Contacts(context.Background(), c.ID)
	if err != nil || len(contacts) == 0 || !strings.HasPrefix(contacts[0].Summary, "Email sent: Thank you for your purchase") ||
		!strings.Contains(contacts[0].Summary, "If you need any further assistance") {
		t.Errorf("the customer's log lacks the email: %+v %v", contacts, err)
	}
	st.Close()
	if out, _, code := d.at(afternoon, "send"); code != 0 || !strings.Contains(out, "No email follow-ups are due now") {
		t.Errorf("second send: exit %d, %q", code, out)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("after the second send the server has %d messages", n)
	}
	if out := d.ok("send", "--test", "owner@harborandpine.example"); !strings.Contains(out, "Sent a test email") {
		t.Errorf("send --test: %q", out)
	}
}

func TestSendCommandSettlesAnUnknownOutcome(t *testing.T) {
	d := newDemoShop(t)
	srv := smtptest.Start(t, smtptest.Options{DropInData: 1})
	d.ok("shop", "set", "smtp_host="+srv.Host, fmt.Sprintf("smtp_port=%d", srv.Port), "smtp_from=hello@harborandpine.example", "smtp_tls=none")
	afternoon := demoNow.Add(4 * time.Hour)
	out, errs, code := d.at(afternoon, "send")
	if code != 1 || !strings.Contains(out, "It is not known whether these 1 emails arrived") || !strings.Contains(errs, "1 of 1 emails were not sent") {
		t.Fatalf("send with a lost reply: exit %d\n%s%s", code, out, errs)
	}
	var check struct {
		ToCheck []checkView `json:"to_check"`
	}
	o, _, _ := d.at(afternoon, "send", "--json")
	if err := json.Unmarshal([]byte(o), &check); err != nil || len(check.ToCheck) != 1 {
		t.Fatalf("%v: %s", err, o)
	}
	id := fmt.Sprint(check.ToCheck[0].ID)
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("the email whose outcome was unknown went out %d times", n)
	}
	if out, _, code := d.at(afternoon, "send", "--mark-sent", id); code != 0 || !strings.Contains(out, "Recorded the email to hannah.okafor@example.com as sent") {
		t.Errorf("--mark-sent: %d %q", code, out)
	}
	_, errs, code = d.at(afternoon, "send", "--send-again", id)
	if code != 1 || !strings.Contains(errs, "is sent: only an email whose outcome is unknown") {
		t.Errorf("--send-again after it was marked sent: %d %q", code, errs)
	}
}

func TestTemplateCommandsKnowTheEmails(t *testing.T) {
	d := newDemoShop(t)
	if out, _, _ := rapport(t, "help"); !strings.Contains(out, "  send [--dry-run] [--json]") {
		t.Errorf("help does not list send:\n%s", out)
	}
	out := d.ok("template")
	for _, want := range []string{"email-thank-you", "email-complaint-update", "email-promised", "thank-you email"} {
		if !strings.Contains(out, want) {
			t.Errorf("template lists no %q:\n%s", want, out)
		}
	}
	bad := writeFile(t, t.TempDir(), "bad.txt", "Hi {frist_name}")
	d.refused(1, "unknown placeholder {frist_name} in the thank-you email", "template", "set", "email-thank-you", bad)
	good := writeFile(t, t.TempDir(), "good.txt", "Thanks for buying {items}, {first_name}!")
	d.ok("template", "set", "email-thank-you", good)
	out, _, _ = d.at(demoNow.Add(4*time.Hour), "send", "--dry-run")
	if !strings.Contains(out, "Ethiopia Yirgacheffe beans, 1 kg, Hannah!") || !strings.Contains(out, "Thanks for buying ") {
		t.Errorf("the owner's template is not used:\n%s", out)
	}
	if b, err := os.ReadFile(good); err != nil || !strings.Contains(d.ok("template", "email-thank-you"), string(b)) {
		t.Errorf("template email-thank-you does not print the text set")
	}
}
