package shop

import (
	"errors"
	"net/mail"
	"strings"
	"testing"
)

func TestEmailSettingsValidateNamesTheField(t *testing.T) {
	ok := EmailSettings{Host: "smtp.example.com", Port: 587, User: "me@example.com", From: "Shop <me@example.com>", TLS: TLSStartTLS}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := (EmailSettings{TLS: TLSStartTLS}).Validate(); err != nil {
		t.Errorf("empty settings (email not set up) are acceptable: %v", err)
	}
	for _, tc := range []struct {
		change func(*EmailSettings)
		field  string
	}{
		{func(e *EmailSettings) { e.Host = "smtp example com" }, "smtp_host"},
		{func(e *EmailSettings) { e.Port = 70000 }, "smtp_port"},
		{func(e *EmailSettings) { e.TLS = TLSNone }, "smtp_tls"},
		{func(e *EmailSettings) { e.TLS = "ssl3" }, "smtp_tls"},
		{func(e *EmailSettings) { e.From = "nobody" }, "smtp_from"},
		{func(e *EmailSettings) { e.From = "" }, "smtp_from"},
		{func(e *EmailSettings) { e.ReplyTo = "replies at shop" }, "smtp_reply_to"},
		{func(e *EmailSettings) { e.User = "a\r\nb" }, "smtp_user"},
	} {
		e := ok
		tc.change(&e)
		var fes FieldErrors
		if err := e.Validate(); !errors.As(err, &fes) || fes[0].Field != tc.field {
			t.Errorf("%+v: %v, want a FieldError on %s", e, err, tc.field)
		}
	}
	for _, h := range []string{"localhost", "127.0.0.1", "[::1]", "mail.localhost"} {
		e := ok
		e.Host, e.TLS = h, TLSNone
		if err := e.Validate(); err != nil {
			t.Errorf("no TLS on %s (this computer): %v", h, err)
		}
	}
	if p := (EmailSettings{TLS: TLSImplicit}).PortOrDefault(); p != 465 {
		t.Errorf("TLS port %d", p)
	}
}

// FuzzEmailSettings: no settings panic Validate; accepted ones have a From a
// mail library parses, and no TLS only on this computer.
func FuzzEmailSettings(f *testing.F) {
	f.Add("smtp.example.com", 587, "Shop <me@example.com>", "none")
	f.Add("127.0.0.1", 25, "me@example.com", "tls")
	f.Add("[::1]", 0, "\"A, B\" <a@b.example>", "starttls")
	f.Fuzz(func(t *testing.T, host string, port int, from, tls string) {
		mode, err := ParseTLSMode(tls)
		if err != nil {
			return
		}
		e := EmailSettings{Host: host, Port: port, From: from, TLS: mode}
		if e.Validate() != nil {
			return
		}
		if strings.TrimSpace(from) != "" {
			if _, err := mail.ParseAddress(strings.TrimSpace(from)); err != nil {
				t.Fatalf("accepted From %q does not parse: %v", from, err)
			}
		}
		if mode == TLSNone && strings.TrimSpace(host) != "" && !IsLocalHost(host) {
			t.Fatalf("accepted no TLS on %q", host)
		}
	})
}
