package outbox

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	netmail "net/mail"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/letters"
)

// Sending follow-up emails through the shop's own mail server, exactly once.
//
// Each email is recorded in the store as "sending", with the Message-ID it
// carries, before the mail server is asked to take it (store.BeginEmail); that
// claim is one serialised transaction, so two Rapports (the window and a cron
// job) never both send one follow-up. Once the server has taken it, the email is
// recorded sent, the follow-up done and the contact logged with the text sent,
// in one transaction (store.EmailSent). The windows where Rapport can stop, and
// what the next run does about each:
//
//   - Before the claim commits: nothing is recorded and nothing was sent; the
//     follow-up is pending and the next send sends it.
//   - Claimed, and the server refuses or the connection breaks before the whole
//     message was handed over (connecting, logging in, MAIL, RCPT, DATA, the
//     text itself) or the server answers the end of the text with an error: the
//     server certainly does not have it. The email is recorded failed, the
//     follow-up stays pending, and the next send sends it again with the same
//     Message-ID. A broken connection ends the batch; the emails after it were
//     never claimed and stay pending.
//   - Claimed, the whole message handed over, and then no answer (the
//     connection drops before the server's reply to the end of the text): the
//     server may have it. The email is recorded unknown and is never sent again
//     by itself.
//   - Rapport stops (a crash, a power cut) anywhere between the claim and the
//     commit of store.EmailSent, including after the server took the email: the
//     record still says "sending". After store.EmailStaleAfter it counts as
//     unknown, exactly as above: not resent blindly.
//   - After store.EmailSent commits: done and logged; nothing is sent again.
//
// So a crash or a network error never sends one email twice and never marks
// unsent mail done. The price is that an email whose fate cannot be known waits
// for the owner's word: `rapport send` and the window list it, and the owner
// marks it sent (store.MarkEmailSent) or sends it again (store.SendEmailAgain,
// keeping the Message-ID, so a mail program that got both shows one).

// Mailer sends through the shop's mail server.
type Mailer struct {
	Settings shop.EmailSettings
	Password string
	// Business is the shop: its name is the sender's when From has none.
	Business shop.Business
	// Timeout bounds each step of talking to the server; 0 means 30 seconds.
	Timeout time.Duration
}

// NewMailer is the shop's mailer: its settings and business from the store, the
// password as Password finds it.
func NewMailer(ctx context.Context, st *store.Store) (Mailer, error) {
	set, err := st.EmailSettings(ctx)
	if err != nil {
		return Mailer{}, err
	}
	b, err := st.Business(ctx)
	if err != nil {
		return Mailer{}, err
	}
	pw, _ := Password(set)
	return Mailer{Settings: set, Password: pw, Business: b}, nil
}

// ErrNotSetUp is wrapped when the shop's mail server is not set up.
var ErrNotSetUp = errors.New("email is not set up")

// Check says what keeps the mailer from sending at all: no server or sender, or
// a login without a password.
func (m Mailer) Check() error {
	set := m.Settings
	if !set.Configured() {
		return fmt.Errorf("%w: give the mail server and the address the emails come from under Settings → Email, "+
			"or with rapport shop set smtp_host=… smtp_from=…", ErrNotSetUp)
	}
	if err := set.Validate(); err != nil {
		return err
	}
	if strings.TrimSpace(set.User) != "" && m.Password == "" {
		return fmt.Errorf("%w: the mail server login %s needs a password; save it under Settings → Email (in the system keyring) "+
			"or set %s", ErrNotSetUp, set.User, PasswordEnv)
	}
	return nil
}

func (m Mailer) timeout() time.Duration {
	if m.Timeout > 0 {
		return m.Timeout
	}
	return 30 * time.Second
}

// server names the mail server in messages: "smtp.example.com:587".
func (m Mailer) server() string {
	return net.JoinHostPort(strings.TrimSpace(m.Settings.Host), fmt.Sprint(m.Settings.PortOrDefault()))
}

// client is a go-mail client for the settings.
func (m Mailer) client() (*mail.Client, error) {
	set := m.Settings
	host := strings.TrimSpace(set.Host)
	opts := []mail.Option{mail.WithPort(set.PortOrDefault()), mail.WithTimeout(m.timeout()),
		mail.WithTLSConfig(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12})}
	switch set.TLS {
	case shop.TLSImplicit:
		opts = append(opts, mail.WithSSL())
	case shop.TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if u := strings.TrimSpace(set.User); u != "" {
		auth := mail.SMTPAuthAutoDiscover
		if set.TLS == shop.TLSNone {
			// Only on this computer (Validate): the strong mechanisms the discovery
			// insists on without TLS are rarely offered by a local server.
			auth = mail.SMTPAuthPlain
		}
		opts = append(opts, mail.WithSMTPAuth(auth), mail.WithUsername(u), mail.WithPassword(m.Password))
	}
	return mail.NewClient(host, opts...)
}

// EmailDraft is a follow-up's email as it will go out, with what it is for.
type EmailDraft struct {
	letters.Draft
	FollowUp shop.AgendaItem
	Rep      shop.Staff // who signs it
	// Earlier are the earlier emails about the same reasons, newest first: a
	// failed attempt, or one whose outcome is unknown.
	Earlier []shop.Email
}

// Keys are the reason keys the draft covers.
func (d EmailDraft) Keys() []string {
	keys := make([]string, len(d.FollowUp.Reasons))
	for i, r := range d.FollowUp.Reasons {
		keys[i] = r.Key
	}
	return keys
}

// DraftFor writes the email for an email follow-up, dated date, in the
// owner's wording (the templates of Settings → Email). It is refused, with a
// sentence naming the customer, for a follow-up that is not pending or not an
// email, a customer marked do not contact or without an email address, or a
// follow-up whose sale or issue is gone.
func DraftFor(ctx context.Context, st *store.Store, id shop.ID, date time.Time) (EmailDraft, error) {
	it, err := st.FollowUp(ctx, id)
	if err != nil {
		return EmailDraft{}, err
	}
	return draftFor(ctx, st, it, date)
}

func draftFor(ctx context.Context, st *store.Store, it shop.AgendaItem, date time.Time) (EmailDraft, error) {
	d := EmailDraft{FollowUp: it}
	if it.Status != shop.StatusPending {
		return d, fmt.Errorf("the follow-up with %s is %s already: %w", it.Customer.Name, strings.ToLower(it.Status.Label()), store.ErrNotPending)
	}
	if it.Channel != shop.ChannelEmail {
		return d, fmt.Errorf("the follow-up with %s is planned as a %s, not an email", it.Customer.Name, it.Channel)
	}
	purchases, err := st.Purchases(ctx, it.CustomerID)
	if err != nil {
		return d, err
	}
	issues, err := st.Issues(ctx, it.CustomerID)
	if err != nil {
		return d, err
	}
	promises, err := st.PromisesOf(ctx, it.CustomerID)
	if err != nil {
		return d, err
	}
	staff, err := st.Staff(ctx)
	if err != nil {
		return d, err
	}
	b, err := st.Business(ctx)
	if err != nil {
		return d, err
	}
	set, err := st.LetterSettings(ctx)
	if err != nil {
		return d, err
	}
	tpl, err := st.LetterTemplates(ctx)
	if err != nil {
		return d, err
	}
	e, err := letters.EmailFor(it, b, staff, purchases, issues, promises, date)
	if err != nil {
		return d, err
	}
	e.Country, e.Templates = set.Country, tpl
	d.Rep = e.Rep
	if d.Draft, err = letters.Compose(e); err != nil {
		return d, fmt.Errorf("the email to %s: %w", it.Customer.Name, err)
	}
	if d.Earlier, err = st.EmailsCovering(ctx, it); err != nil {
		return d, err
	}
	return d, nil
}

// Due lists the email follow-ups due at now, the earliest first: their time,
// which the planner set in each customer's own zone (their send day, a little
// before they usually reply), has come.
func Due(ctx context.Context, st *store.Store, now time.Time) ([]shop.AgendaItem, error) {
	items, err := st.Agenda(ctx, time.Unix(0, 0), now.Add(time.Second))
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(items, func(it shop.AgendaItem) bool { return it.Channel != shop.ChannelEmail }), nil
}

// Result is what became of one follow-up's email.
type Result struct {
	FollowUpID shop.ID
	Customer   string
	To         string
	Subject    string
	MessageID  string
	// Status is sent, failed or unknown; empty when the email was not tried.
	Status shop.EmailStatus
	// Err is why it was not sent, or why its outcome is unknown: a sentence
	// naming the customer and the cause.
	Err error
}

// Sent reports whether the email went out.
func (r Result) Sent() bool { return r.Status == shop.EmailSent }

// Drafts writes the emails of items, dated date. A follow-up whose email
// cannot be written gets a Result saying why instead of a draft.
func Drafts(ctx context.Context, st *store.Store, items []shop.AgendaItem, date time.Time) ([]EmailDraft, []Result) {
	var ds []EmailDraft
	var refused []Result
	for _, it := range items {
		d, err := draftFor(ctx, st, it, date)
		if err != nil {
			refused = append(refused, Result{FollowUpID: it.ID, Customer: it.Customer.Name, To: it.Customer.Email,
				Err: fmt.Errorf("no email to %s: %w", it.Customer.Name, err)})
			continue
		}
		ds = append(ds, d)
	}
	return ds, refused
}

// Send sends the drafts over one connection to the mail server, in order,
// recording each as this file's header says, and calls progress (when not nil)
// after each. Nothing is sent when the server cannot be reached or refuses the
// login: every draft then gets that cause. A connection lost mid-batch ends it;
// the drafts after it are not tried and their follow-ups stay pending.
func (m Mailer) Send(ctx context.Context, st *store.Store, drafts []EmailDraft, progress func(done, total int)) []Result {
	results := make([]Result, len(drafts))
	for i, d := range drafts {
		results[i] = Result{FollowUpID: d.FollowUp.ID, Customer: d.FollowUp.Customer.Name, To: d.To, Subject: d.Subject}
	}
	notTried := func(from int, cause error) {
		for i := from; i < len(results); i++ {
			results[i].Err = fmt.Errorf("not sent to %s: %w", results[i].Customer, cause)
		}
	}
	if len(drafts) == 0 {
		return results
	}
	if err := m.Check(); err != nil {
		notTried(0, err)
		return results
	}
	c, err := m.client()
	if err != nil {
		notTried(0, m.cause(err, ""))
		return results
	}
	if err := c.DialWithContext(ctx); err != nil {
		notTried(0, m.cause(err, ""))
		return results
	}
	defer c.Close()
	for i, d := range drafts {
		r := &results[i]
		lost := m.sendOne(ctx, st, c, d, r)
		if progress != nil {
			progress(i+1, len(drafts))
		}
		if lost != nil {
			notTried(i+1, lost)
			break
		}
	}
	return results
}

// errLost is why the emails after a lost connection were not tried.
var errLost = errors.New("the connection to the mail server was lost before it; the next send sends it")

// sendOne claims, sends and records one draft into r. It returns errLost when
// the connection is gone and the batch must stop.
func (m Mailer) sendOne(ctx context.Context, st *store.Store, c *mail.Client, d EmailDraft, r *Result) error {
	name := d.FollowUp.Customer.Name
	if err := letters.MayEmail(d.FollowUp.Customer); err != nil {
		r.Err = err
		return nil
	}
	if err := letters.CheckDraft(d.Draft, m.Business); err != nil {
		r.Err = fmt.Errorf("not sent to %s: %w", name, err)
		return nil
	}
	e := shop.Email{MessageID: NewMessageID(m.Settings.From), CustomerID: d.FollowUp.CustomerID, FollowUpID: d.FollowUp.ID,
		Keys: d.Keys(), To: d.To, Subject: d.Subject, Body: d.Body, StaffID: d.Rep.ID}
	if err := st.BeginEmail(ctx, &e); err != nil {
		r.Err = fmt.Errorf("not sent to %s: %w", name, err)
		return nil
	}
	r.MessageID = e.MessageID
	msg, err := m.message(d.Draft, e.MessageID, st.Now())
	if err != nil {
		r.Status, r.Err = shop.EmailFailed, fmt.Errorf("not sent to %s: %w", name, err)
		m.record(ctx, st, e, false, r)
		return nil
	}
	err = c.Send(msg)
	if err == nil || msg.IsDelivered() {
		// The server took it (a failed reset after it changes nothing).
		r.Status = shop.EmailSent
		if err := st.EmailSent(ctx, e.ID, st.Now(), ""); err != nil {
			r.Err = fmt.Errorf("the email to %s was sent (Message-ID <%s>), but recording it failed (%v): it will not be sent again; "+
				"mark it sent when Rapport can write again", name, e.MessageID, err)
		}
		return nil
	}
	var se *mail.SendError
	isSend := errors.As(err, &se)
	switch {
	case isSend && se.Reason == mail.ErrSMTPDataClose && se.ErrorCode() == 0:
		// The whole text was handed over and the server did not answer: it may have it.
		r.Status = shop.EmailUnknown
		r.Err = fmt.Errorf("the connection to the mail server was lost just after the email to %s was handed over, so it is not known "+
			"whether the server took it (Message-ID <%s>); it will not be sent again by itself: check, then mark it sent or send it again", name, e.MessageID)
		m.record(ctx, st, e, true, r)
		return errLost
	case isSend && (se.Reason == mail.ErrConnCheck || se.ErrorCode() == 0 && se.Reason != mail.ErrGetSender && se.Reason != mail.ErrGetRcpts):
		// The connection broke before the text was complete: the server does not have it.
		r.Status = shop.EmailFailed
		r.Err = fmt.Errorf("not sent to %s: the connection to the mail server %s was lost (%s); the next send sends it", name, m.server(), plainCause(err))
		m.record(ctx, st, e, false, r)
		return errLost
	}
	r.Status = shop.EmailFailed
	r.Err = fmt.Errorf("not sent to %s: %w", name, m.cause(err, d.To))
	m.record(ctx, st, e, false, r)
	return nil
}

// record stores a failed or unknown outcome; a failure to store it leaves the
// email "sending", which the next run treats as unknown, and says so.
func (m Mailer) record(ctx context.Context, st *store.Store, e shop.Email, unknown bool, r *Result) {
	if err := st.EmailFailed(ctx, e.ID, unknown, r.Err.Error()); err != nil {
		r.Status = shop.EmailUnknown
		r.Err = fmt.Errorf("%w; recording that failed too (%v), so it counts as possibly sent and will not be sent again by itself", r.Err, err)
	}
}

// message builds the email: from the shop, to the customer, with the
// Message-ID recorded before.
func (m Mailer) message(d letters.Draft, messageID string, now time.Time) (*mail.Msg, error) {
	msg := mail.NewMsg(mail.WithNoDefaultUserAgent())
	from, err := netmail.ParseAddress(strings.TrimSpace(m.Settings.From))
	if err != nil {
		return nil, &shop.FieldError{Field: "smtp_from", Msg: fmt.Sprintf("%q is not an email address", m.Settings.From)}
	}
	if from.Name == "" {
		from.Name = m.Business.Name
	}
	if err := msg.FromFormat(from.Name, from.Address); err != nil {
		return nil, &shop.FieldError{Field: "smtp_from", Msg: err.Error()}
	}
	if err := msg.AddToFormat(d.Name, d.To); err != nil {
		return nil, fmt.Errorf("the address %q is not one a mail server takes", d.To)
	}
	if rt := strings.TrimSpace(m.Settings.ReplyTo); rt != "" {
		a, err := netmail.ParseAddress(rt)
		if err != nil {
			return nil, &shop.FieldError{Field: "smtp_reply_to", Msg: fmt.Sprintf("%q is not an email address", rt)}
		}
		if err := msg.ReplyToFormat(a.Name, a.Address); err != nil {
			return nil, &shop.FieldError{Field: "smtp_reply_to", Msg: err.Error()}
		}
	}
	msg.Subject(letters.CleanSubject(d.Subject))
	msg.SetMessageIDWithValue(messageID)
	msg.SetDateWithValue(now)
	msg.SetUserAgent("Rapport")
	msg.SetBodyString(mail.TypeTextPlain, letters.CleanBody(d.Body))
	return msg, nil
}

// NewMessageID makes a Message-ID (without its angle brackets) on the sender's
// domain, unique enough never to repeat.
func NewMessageID(from string) string {
	domain := "rapport.invalid"
	if a, err := netmail.ParseAddress(strings.TrimSpace(from)); err == nil {
		if _, d, ok := strings.Cut(a.Address, "@"); ok && d != "" {
			domain = d
		}
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("outbox: no randomness for a Message-ID: " + err.Error()) // crypto/rand never fails on supported systems
	}
	return "rapport." + hex.EncodeToString(b[:]) + "@" + domain
}

// cause says in plain words why talking to the server failed: the server's own
// reply when it gave one, else what the network said. to is the recipient, when
// the failure is about one.
func (m Mailer) cause(err error, to string) error {
	srv := m.server()
	var se *mail.SendError
	if errors.As(err, &se) {
		switch se.Reason {
		case mail.ErrSMTPRcptTo:
			return fmt.Errorf("the mail server refused the address %s (%s)", to, plainCause(err))
		case mail.ErrSMTPMailFrom:
			return fmt.Errorf("the mail server refused the sender %s (%s); check the From address under Settings → Email", m.Settings.From, plainCause(err))
		case mail.ErrSMTPData, mail.ErrSMTPDataClose, mail.ErrWriteContent:
			return fmt.Errorf("the mail server refused the email (%s)", plainCause(err))
		}
		return fmt.Errorf("the mail server %s failed (%s)", srv, plainCause(err))
	}
	var dns *net.DNSError
	var op *net.OpError
	var cert *tls.CertificateVerificationError
	msg := err.Error()
	switch {
	case errors.As(err, &dns):
		return fmt.Errorf("the mail server %s was not found (no such name); check it under Settings → Email", m.Settings.Host)
	case errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) || strings.Contains(msg, "i/o timeout"):
		return fmt.Errorf("the mail server %s did not answer within %s; check the server and port under Settings → Email", srv, m.timeout())
	case errors.As(err, &cert) || strings.Contains(msg, "x509:") || strings.Contains(msg, "certificate"):
		return fmt.Errorf("the mail server %s showed a certificate this computer does not trust (%s)", srv, lastPart(msg))
	case strings.Contains(msg, "STARTTLS") && strings.Contains(msg, "not support"):
		return fmt.Errorf("the mail server %s does not offer STARTTLS; choose tls (usually port 465) or check the port", srv)
	case strings.Contains(msg, "first record does not look like a TLS handshake") || strings.Contains(msg, "tls: "):
		return fmt.Errorf("the mail server %s does not speak TLS the way it is set up (%s); try starttls on port 587, or tls on port 465", srv, lastPart(msg))
	case errors.As(err, &op) && strings.Contains(msg, "connection refused"):
		return fmt.Errorf("the mail server %s is not answering (connection refused); is it running, and is the port right?", srv)
	case isAuth(msg):
		return fmt.Errorf("the mail server %s refused the login %s: wrong password or login (%s)", srv, m.Settings.User, lastPart(msg))
	case errors.As(err, &op):
		return fmt.Errorf("the mail server %s could not be reached (%s)", srv, lastPart(msg))
	case errors.Is(err, io.EOF) || strings.Contains(msg, "EOF") || strings.Contains(msg, "connection reset"):
		return fmt.Errorf("the mail server %s closed the connection", srv)
	}
	return fmt.Errorf("the mail server %s failed (%s)", srv, lastPart(msg))
}

// authReply is an SMTP reply that refuses a login: 534 or 535 as a reply code, not
// as digits of an address or a port ("127.0.0.1:45343").
var authReply = regexp.MustCompile(`(^|[^0-9:.])53[45][ -]`)

// isAuth reports an error from logging in.
func isAuth(msg string) bool {
	l := strings.ToLower(msg)
	return authReply.MatchString(msg) || strings.Contains(l, "authentication") ||
		strings.Contains(l, "auth") && (strings.Contains(l, "fail") || strings.Contains(l, "invalid") || strings.Contains(l, "not support"))
}

// plainCause is the server's reply in a send error ("550 5.1.1 no such user"),
// or the last part of the error.
func plainCause(err error) string {
	msg := err.Error()
	if _, after, ok := strings.Cut(msg, ": "); ok {
		msg = after
	}
	if i := strings.Index(msg, ", affected"); i >= 0 {
		msg = msg[:i]
	}
	return strings.TrimSpace(msg)
}

// lastPart is the end of a wrapped error: "dial tcp 127.0.0.1:1: connect:
// connection refused" → "connection refused".
func lastPart(msg string) string {
	if i := strings.LastIndex(msg, ": "); i >= 0 && i+2 < len(msg) {
		return msg[i+2:]
	}
	return msg
}

// SendTest sends a short test email to to, outside the outbox, so that the owner
// can see the settings work; the error says why not.
func (m Mailer) SendTest(ctx context.Context, to string, now time.Time) error {
	if err := m.Check(); err != nil {
		return err
	}
	body := "This is a test email from Rapport. If you can read it, " + m.Business.Name +
		"'s follow-up emails go out through " + m.server() + ".\n"
	msg, err := m.message(letters.Draft{To: to, Name: m.Business.Name, Subject: "Test email from Rapport", Body: body}, NewMessageID(m.Settings.From), now)
	if err != nil {
		return err
	}
	c, err := m.client()
	if err != nil {
		return m.cause(err, to)
	}
	if err := c.DialWithContext(ctx); err != nil {
		return m.cause(err, to)
	}
	defer c.Close()
	if err := c.Send(msg); err != nil && !msg.IsDelivered() {
		return m.cause(err, to)
	}
	return nil
}

// WriteEML writes the draft as an .eml file a mail program opens as a new email
// ready to send (X-Unsent), for a text too long for a mailto: link.
func (m Mailer) WriteEML(w io.Writer, d letters.Draft, now time.Time) error {
	msg, err := m.message(d, NewMessageID(m.Settings.From), now)
	if err != nil {
		return err
	}
	msg.SetGenHeader("X-Unsent", "1")
	_, err = msg.WriteTo(w)
	return err
}

// mailtoLimit is the longest mailto: link handed to a mail program: some cut
// longer ones, or refuse to open them.
const mailtoLimit = 2000

// Mailto is a mailto: link with the draft's address, subject and text, and
// whether it is short enough to hand to a mail program (else use WriteEML).
func Mailto(d letters.Draft) (string, bool) {
	esc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") } // RFC 6068: a space is %20
	link := "mailto:" + strings.ReplaceAll(esc(d.To), "%40", "@") + "?subject=" + esc(letters.CleanSubject(d.Subject)) +
		"&body=" + esc(strings.ReplaceAll(letters.CleanBody(d.Body), "\n", "\r\n"))
	return link, len(link) <= mailtoLimit
}
