package shop

import (
	"fmt"
	"net"
	"net/mail"
	"strings"
	"time"
)

// TLSMode is how the connection to the shop's mail server is protected.
type TLSMode string

// TLS modes of EmailSettings.TLS.
const (
	TLSStartTLS TLSMode = "starttls" // plain connection upgraded with STARTTLS (port 587)
	TLSImplicit TLSMode = "tls"      // TLS from the first byte (port 465)
	TLSNone     TLSMode = "none"     // no encryption: only for a server on this computer
)

// ParseTLSMode reads starttls, tls (or ssl) and none.
func ParseTLSMode(s string) (TLSMode, error) {
	switch Normalise(s) {
	case "starttls", "start-tls", "":
		return TLSStartTLS, nil
	case "tls", "ssl", "smtps", "implicit":
		return TLSImplicit, nil
	case "none", "plain", "off", "no":
		return TLSNone, nil
	}
	return "", fmt.Errorf("%q is not starttls, tls or none", s)
}

// EmailSettings are how the shop sends email: through its own mail server over
// SMTP. The password is not among them: it lives in the system's keyring or the
// environment, never in the database (and so never in exports or backups).
type EmailSettings struct {
	Host string // the mail server, e.g. smtp.example.com
	// Port is the server's port; 0 means the usual one for the TLS mode (587 for
	// STARTTLS, 465 for TLS, 25 without).
	Port int
	User string // the login; empty for a server that takes mail without one
	// From is the sender, "hello@shop.example" or "Harbor & Pine <hello@shop.example>".
	From string
	// ReplyTo is where replies go, when not to From; may be empty.
	ReplyTo string
	TLS     TLSMode
}

// PortOrDefault is the port to connect to.
func (e EmailSettings) PortOrDefault() int {
	if e.Port > 0 {
		return e.Port
	}
	switch e.TLS {
	case TLSImplicit:
		return 465
	case TLSNone:
		return 25
	}
	return 587
}

// Configured reports whether email can be sent at all: a server and a sender.
func (e EmailSettings) Configured() bool {
	return strings.TrimSpace(e.Host) != "" && strings.TrimSpace(e.From) != ""
}

// IsLocalHost reports whether host is this computer (localhost or a loopback
// address), the only place a mail server may be reached without encryption.
func IsLocalHost(host string) bool {
	h := strings.ToLower(strings.Trim(strings.TrimSpace(host), "[]"))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// Validate lists every setting that is not acceptable (FieldErrors, keyed as the
// command line names them: smtp_host, smtp_port, ...). Empty settings are
// acceptable: email is then simply not set up.
func (e EmailSettings) Validate() error {
	var es FieldErrors
	host := strings.TrimSpace(e.Host)
	if strings.ContainsAny(host, " /:@") && net.ParseIP(strings.Trim(host, "[]")) == nil {
		es = append(es, FieldErrorf("smtp_host", "%q is not a server name such as smtp.example.com", e.Host))
	}
	if e.Port < 0 || e.Port > 65535 {
		es = append(es, FieldErrorf("smtp_port", "%d is not a port number (1 to 65535, or 0 for the usual one)", e.Port))
	}
	switch e.TLS {
	case TLSStartTLS, TLSImplicit:
	case TLSNone:
		if host != "" && !IsLocalHost(host) {
			es = append(es, FieldErrorf("smtp_tls", "none sends your password and your customers' mail unencrypted, so it is only for a mail server on this computer (localhost); %s needs starttls or tls", host))
		}
	default:
		es = append(es, FieldErrorf("smtp_tls", "%q is not starttls, tls or none", e.TLS))
	}
	if f := strings.TrimSpace(e.From); f != "" {
		if _, err := mail.ParseAddress(f); err != nil {
			es = append(es, FieldErrorf("smtp_from", "%q is not an email address such as hello@shop.example or \"Shop <hello@shop.example>\"", e.From))
		}
	} else if host != "" {
		es = append(es, FieldErrorf("smtp_from", "the address the emails come from is missing"))
	}
	if r := strings.TrimSpace(e.ReplyTo); r != "" {
		if _, err := mail.ParseAddress(r); err != nil {
			es = append(es, FieldErrorf("smtp_reply_to", "%q is not an email address", e.ReplyTo))
		}
	}
	if strings.ContainsAny(e.User, "\r\n") {
		es = append(es, FieldErrorf("smtp_user", "the login must be on one line"))
	}
	return es.orNil()
}

func init() {
	for k, v := range map[string]string{
		"smtp_host": "Mail server", "smtp_port": "Port", "smtp_user": "Login", "smtp_from": "From",
		"smtp_reply_to": "Reply-to", "smtp_tls": "Encryption", "subject": "Subject", "body": "Text",
	} {
		fieldLabels[k] = v
	}
}

// EmailStatus is where an email stands in the outbox.
type EmailStatus string

// Email statuses. An email is recorded as sending, with its Message-ID, before
// the mail server is asked to take it; then it becomes sent (the server took
// it), failed (the server certainly did not) or unknown (it may have: the
// connection was lost after the whole message was handed over, or Rapport
// stopped while it was being sent). Sent and unknown emails are never sent
// again by themselves; failed ones are, on the next send.
const (
	EmailSending EmailStatus = "sending"
	EmailSent    EmailStatus = "sent"
	EmailFailed  EmailStatus = "failed"
	EmailUnknown EmailStatus = "unknown"
)

// Email is one email of the outbox: the text as it was (or is being) sent, and
// what became of it.
type Email struct {
	ID         ID
	MessageID  string // without the angle brackets
	CustomerID ID
	// FollowUpID is the follow-up it was written for; a re-plan may have given
	// that follow-up a new ID since, so Keys are what tie the two.
	FollowUpID ID
	// Keys are the reason keys the email covers (Reason.Key).
	Keys      []string
	To        string
	Subject   string
	Body      string
	StaffID   ID // who signs it
	Status    EmailStatus
	Attempts  int
	StartedAt time.Time // when the last attempt started
	SentAt    time.Time // zero until sent
	// Error is why the last attempt failed, or why its outcome is unknown.
	Error string
}
