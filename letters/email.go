package letters

import (
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rapport-app/rapport/data/shop"
)

// Follow-up emails (FOLLOWUP_RULES.md §2, seeds 000 and 004 "Where" and "Give
// ways to act"). An email is a document like a letter: its text is composed here
// from domain values only, with templates the owner may reword, and whatever the
// template says it names what it is about, apologises again after a complaint,
// and ends with the ways to get in touch again, the line "If you need any
// further assistance, please feel free to call us at …", the reference and the
// representative's name. One follow-up with several reasons is one email: each
// reason is one part of it.

// EmailKind is what one part of a follow-up email is about.
type EmailKind int

// Email kinds, one per kind of reason a follow-up has.
const (
	EmailThankYou           EmailKind = iota + 1 // after a purchase; needs Purchase
	EmailHowIsItGoing                            // some time after a purchase (big-ticket); needs Purchase
	EmailIssueFollowUp                           // after an issue; needs Issue
	EmailComplaintUpdate                         // after a complaint: an update and the apology again; needs Issue
	EmailSuggestionProgress                      // a progress report on a suggestion; needs Issue
	EmailPromised                                // the follow-up the shop promised; Issue optional
	EmailInvitation                              // to an event; needs Event
	EmailKeepInTouch                             // a courtesy note with no sales intent (relationship)
)

// EmailKinds lists every email kind in display order.
var EmailKinds = []EmailKind{EmailThankYou, EmailHowIsItGoing, EmailIssueFollowUp, EmailComplaintUpdate,
	EmailSuggestionProgress, EmailPromised, EmailInvitation, EmailKeepInTouch}

func (k EmailKind) valid() bool { return k >= EmailThankYou && k <= EmailKeepInTouch }

// Key names the kind in files and the database, beside the letters' keys:
// "email-thank-you", "email-complaint-update".
func (k EmailKind) Key() string {
	switch k {
	case EmailThankYou:
		return "email-thank-you"
	case EmailHowIsItGoing:
		return "email-how-is-it-going"
	case EmailIssueFollowUp:
		return "email-issue-follow-up"
	case EmailComplaintUpdate:
		return "email-complaint-update"
	case EmailSuggestionProgress:
		return "email-suggestion-progress"
	case EmailPromised:
		return "email-promised"
	case EmailInvitation:
		return "email-invitation"
	case EmailKeepInTouch:
		return "email-keep-in-touch"
	}
	return fmt.Sprintf("email-%d", int(k))
}

// String names the kind as a person reads it, e.g. "thank-you email".
func (k EmailKind) String() string {
	switch k {
	case EmailThankYou:
		return "thank-you email"
	case EmailHowIsItGoing:
		return "how-is-it-going email after a purchase"
	case EmailIssueFollowUp:
		return "follow-up email after an issue"
	case EmailComplaintUpdate:
		return "complaint update email"
	case EmailSuggestionProgress:
		return "suggestion progress email"
	case EmailPromised:
		return "promised follow-up email"
	case EmailInvitation:
		return "invitation email"
	case EmailKeepInTouch:
		return "keeping-in-touch email"
	}
	return fmt.Sprintf("email of unknown kind %d", int(k))
}

var promisePlaceholders = []Placeholder{
	{"promise_about", "what the promise was about: “about …” and the issue, or nothing"},
	{"promise_date", "the day the follow-up was promised for"},
	{"promise_note", "the note written when the follow-up was promised (written for you: check it reads well to the customer)"},
}

// EmailPlaceholders lists the names a template of email kind k may use.
func EmailPlaceholders(k EmailKind) []Placeholder {
	ps := slices.Clone(commonPlaceholders)
	switch k {
	case EmailThankYou, EmailHowIsItGoing:
		ps = append(ps, purchasePlaceholders...)
	case EmailIssueFollowUp, EmailComplaintUpdate, EmailSuggestionProgress:
		ps = append(ps, issuePlaceholders...)
	case EmailPromised:
		ps = append(ps, issuePlaceholders...)
		ps = append(ps, promisePlaceholders...)
	case EmailInvitation:
		ps = append(ps, eventPlaceholders...)
	}
	return ps
}

// defaultEmailTemplates are what each part says until the owner writes their own.
// They follow seed 000 "What": the purpose named, then the two branches (still a
// problem: we are glad to help; all well: any comments).
var defaultEmailTemplates = map[EmailKind]string{
	EmailThankYou: `Thank you for choosing {shop}. On {purchase_date} you bought {items}, and I wanted to say how much we appreciate your business.

I hope it is everything you were looking for. If anything about it is not quite right, or you would like a tip on getting the most out of it, just reply to this email: I would be glad to help.`,
	EmailHowIsItGoing: `On {purchase_date} you bought {items} from {shop}, and I wanted to ask how it is going.

Is it everything you hoped for? If there is anything we can help with, whether a question, a tip or something that is not quite right, just reply and I will gladly take care of it.`,
	EmailIssueFollowUp: `On {issue_date} you got in touch with us about {issue}. {issue_status}

If you are still having a problem, that is fine: reply to this email and I will be more than happy to help. If all is well, I would love to hear any comments on how we handled it, or whether you need anything else, such as a manual.`,
	EmailComplaintUpdate: `You told us about {issue} on {issue_date}, and I wanted to give you an update. {issue_status}

If anything is still not right, please reply to this email and I will take care of it personally.`,
	EmailSuggestionProgress: `Thank you again for your suggestion, {issue}, which you sent us on {issue_date}. I said we would keep you posted, so here is where it stands. {issue_status}

Ideas like yours are how we get better. If you have more, or questions about this one, just reply to this email.`,
	EmailPromised: `When we last spoke, I promised to get back to you {promise_about} on {promise_date}, and I am writing as promised.

If anything has come up since, or you have any questions, just reply to this email and I will take care of it personally.`,
	EmailInvitation: `We would be delighted to welcome you to {event} on {event_date}, at {event_place}.

{event_details}

It will be a relaxed chance to meet the team, see what is new and spend some time with fellow customers. Please reply to let us know if you can come; we would love to see you there.`,
	EmailKeepInTouch: `Thank you for being a customer of {shop}. I wanted to drop you a line, with nothing to sell: how are things going?

If there is anything we can do for you, or anything you would like us to do better, I would love to hear it. Just reply to this email.`,
}

// DefaultEmailTemplate is the text kind k says when the owner has not written one.
func DefaultEmailTemplate(k EmailKind) string { return defaultEmailTemplates[k] }

// CheckEmailTemplate reports whether body is a template email kind k can use:
// every placeholder known and every brace closed, as CheckTemplate for letters.
func CheckEmailTemplate(k EmailKind, body string) error {
	if !k.valid() {
		return fmt.Errorf("unknown email kind %d", int(k))
	}
	_, err := parseTemplateOf(EmailPlaceholders(k), k.String(), body)
	return err
}

// EmailPart is one reason of a follow-up email, with what it is about.
type EmailPart struct {
	Kind     EmailKind
	Purchase *shop.Purchase
	Issue    *shop.Issue
	Promise  *shop.Promise
	Event    *Event
	// Reference is the reason's reference (an issue's ticket ID); may be empty.
	Reference string
	// Rule is the planner's rule that made the reason (shop.RuleThankYou, ...).
	Rule string
}

// FollowUpEmail is everything a follow-up email says: who writes to whom, and the
// parts it is about. Compose turns it into the text sent.
type FollowUpEmail struct {
	Business shop.Business
	Customer shop.Customer
	Rep      shop.Staff // signs it
	Date     time.Time
	// Country is the shop's ISO country code: the date style and currency sign.
	Country string
	Parts   []EmailPart
	// Templates are the owner's own texts by kind key (as the store keeps them
	// beside the letters'); a kind without one says its default.
	Templates map[string]string
}

// Draft is an email ready to send: to whom, the subject and the plain text.
type Draft struct {
	To      string // the customer's address
	Name    string // the customer's name, for the To header
	Subject string
	Body    string
}

// AssistanceLine is the line every follow-up email carries near its end (seeds
// 000/004 "Where": "If you need any further assistance, please feel free to
// call us at 1-800-555-555.").
func AssistanceLine(phone string) string {
	return "If you need any further assistance, please feel free to call us at " + phone + "."
}

// MayEmail says whether an email may go to c: never to a customer marked do not
// contact (the rule is absolute), and only to a customer with an email address;
// a customer without one is planned a call or a letter instead.
func MayEmail(c shop.Customer) error {
	if c.DoNotContact {
		return fmt.Errorf("%s is marked do not contact, so no email is sent to them", c.Name)
	}
	addr := strings.TrimSpace(c.Email)
	if addr == "" {
		return fmt.Errorf("%s has no email address, so this follow-up goes out as a call or a letter instead", c.Name)
	}
	if a, err := mail.ParseAddress(addr); err != nil || a.Address != addr {
		return fmt.Errorf("%s's email address %q is not one a mail server takes; correct it on the Customers tab", c.Name, addr)
	}
	return nil
}

// EmailPartFor is the part of an email a reason calls for: a thank-you or a
// how-is-it-going about its sale, a follow-up, complaint update or suggestion
// progress report about its issue, the promised follow-up, or a keeping-in-touch
// note. purchases, issues and promises are the customer's; it fails, naming
// what is missing, when the sale, issue or promise is no longer among them.
func EmailPartFor(r shop.Reason, c shop.Customer, purchases []shop.Purchase, issues []shop.Issue, promises []shop.Promise) (EmailPart, error) {
	p := EmailPart{Reference: r.Reference, Rule: r.Rule}
	if r.IssueID != 0 {
		i := slices.IndexFunc(issues, func(is shop.Issue) bool { return is.ID == r.IssueID })
		if i < 0 {
			return p, fmt.Errorf("the issue this follow-up is about (ID %d) is no longer in %s's issues", r.IssueID, c.Name)
		}
		is := issues[i]
		p.Issue = &is
		if p.Reference == "" {
			p.Reference = is.Reference
		}
	}
	if r.PurchaseID != 0 {
		i := slices.IndexFunc(purchases, func(pu shop.Purchase) bool { return pu.ID == r.PurchaseID })
		if i < 0 {
			return p, fmt.Errorf("the sale this follow-up is about (ID %d) is no longer in %s's sales", r.PurchaseID, c.Name)
		}
		pu := purchases[i]
		p.Purchase = &pu
	}
	switch {
	case r.PromiseID != 0 || r.Rule == shop.RulePromise:
		p.Kind = EmailPromised
		if i := slices.IndexFunc(promises, func(pr shop.Promise) bool { return pr.ID == r.PromiseID }); i >= 0 {
			pr := promises[i]
			p.Promise = &pr
		}
	case p.Issue != nil && (p.Issue.Type == shop.IssueComplaint || r.Rule == shop.RuleComplaintUpdate || r.Rule == shop.RuleComplaintProgress):
		p.Kind = EmailComplaintUpdate
	case p.Issue != nil && r.Rule == shop.RuleSuggestionProgress:
		p.Kind = EmailSuggestionProgress
	case p.Issue != nil:
		p.Kind = EmailIssueFollowUp
	case p.Purchase != nil && r.Rule == shop.RuleThankYou:
		p.Kind = EmailThankYou
	case p.Purchase != nil:
		p.Kind = EmailHowIsItGoing
	case r.Rule == shop.RuleRelationship:
		p.Kind = EmailKeepInTouch
	default:
		return p, fmt.Errorf("the reason %q of this follow-up with %s is not about a sale, an issue or a promise, so there is nothing for an email to say", r.Text, c.Name)
	}
	return p, nil
}

// EmailFor is the email for a follow-up: one part per reason, signed as Signer
// says for the follow-up's assignee. It fails when MayEmail refuses the customer
// or a reason's sale or issue is gone.
func EmailFor(it shop.AgendaItem, b shop.Business, staff []shop.Staff, purchases []shop.Purchase, issues []shop.Issue,
	promises []shop.Promise, date time.Time) (FollowUpEmail, error) {
	e := FollowUpEmail{Business: b, Customer: it.Customer, Rep: Signer(it.AssigneeID, staff), Date: date}
	if err := MayEmail(it.Customer); err != nil {
		return e, err
	}
	for _, r := range it.Reasons {
		p, err := EmailPartFor(r, it.Customer, purchases, issues, promises)
		if err != nil {
			return e, err
		}
		e.Parts = append(e.Parts, p)
	}
	if len(e.Parts) == 0 {
		return e, fmt.Errorf("follow-up %d with %s has no reasons to write about", it.ID, it.Customer.Name)
	}
	return e, nil
}

// Compose writes the email: the subject naming what it is about and its
// reference, the salutation, each part's text (an apology again first when a
// part is about a complaint), then the ways to get in touch again, the
// assistance line with the shop's phone, the reference and the representative.
func Compose(e FollowUpEmail) (Draft, error) {
	e = cleanEmail(e)
	c, b := e.Customer, e.Business
	d := Draft{To: strings.TrimSpace(c.Email), Name: c.Name}
	switch {
	case b.Name == "":
		return d, errors.New("an email needs the shop's name")
	case c.Name == "":
		return d, errors.New("an email needs the customer's name")
	case b.Phone == "":
		return d, errors.New("an email needs the shop's phone number for the line \"If you need any further assistance, please feel free to call us at …\"; set it under Settings → Shop")
	case e.Rep.Name == "":
		return d, errors.New("an email needs the name of who signs it: add someone under Settings → Staff")
	case len(e.Parts) == 0:
		return d, errors.New("an email needs something to be about")
	case e.Date.IsZero():
		return d, errors.New("an email needs a date")
	}
	var paras []string
	paras = append(paras, salutation(&Letter{Customer: c}))
	var refs []string
	apologised := false
	for _, p := range e.Parts {
		if err := p.check(); err != nil {
			return d, err
		}
		if p.Reference != "" && !slices.Contains(refs, p.Reference) {
			refs = append(refs, p.Reference)
		}
		body := e.Templates[p.Kind.Key()]
		if strings.TrimSpace(body) == "" {
			body = DefaultEmailTemplate(p.Kind)
		}
		segs, err := parseTemplateOf(EmailPlaceholders(p.Kind), p.Kind.String(), body)
		if err != nil {
			return d, err
		}
		var part []string
		for _, para := range strings.Split(tidy(emailParagraphs(cleanText(fill(segs, e.values(p)), true))), "\n\n") {
			if para = strings.TrimSpace(para); para != "" {
				part = append(part, para)
			}
		}
		if p.Issue != nil && p.Issue.Type == shop.IssueComplaint && !apologised {
			// FOLLOWUP_RULES.md §2: after a complaint, every follow-up apologises
			// again, whatever the template says: after the paragraph that names it.
			part = slices.Insert(part, min(1, len(part)), "I am sorry again for the trouble this caused you.")
			apologised = true
		}
		paras = append(paras, part...)
	}
	if w := emailWays(b); w != "" {
		paras = append(paras, w)
	}
	paras = append(paras, AssistanceLine(b.Phone))
	switch len(refs) {
	case 0:
	case 1:
		paras = append(paras, "Reference: "+refs[0]+" (please quote it when you get in touch)")
	default:
		paras = append(paras, "References: "+strings.Join(refs, ", ")+" (please quote them when you get in touch)")
	}
	paras = append(paras, signOff(e.Parts)+"\n"+joinNonEmpty("\n", e.Rep.Name, e.Rep.Title, b.Name))
	d.Body = strings.Join(paras, "\n\n") + "\n"
	d.Subject = subject(e, refs)
	return d, nil
}

// check reports what a part lacks for its kind.
func (p EmailPart) check() error {
	switch p.Kind {
	case EmailThankYou, EmailHowIsItGoing:
		if p.Purchase == nil {
			return fmt.Errorf("a %s needs the purchase's items, to say what it is about", p.Kind)
		}
		if !hasWord(p.Purchase.Items) {
			return &NoItemsError{What: "a " + p.Kind.String(), Purchase: *p.Purchase}
		}
	case EmailIssueFollowUp, EmailComplaintUpdate, EmailSuggestionProgress:
		if p.Issue == nil || p.Issue.Summary == "" {
			return fmt.Errorf("a %s needs the issue's summary, to say what it is about", p.Kind)
		}
	case EmailInvitation:
		if p.Event == nil || p.Event.Name == "" || p.Event.At.IsZero() {
			return fmt.Errorf("an %s needs the event's name and date", p.Kind)
		}
	case EmailPromised, EmailKeepInTouch:
	default:
		return fmt.Errorf("unknown email kind %d", int(p.Kind))
	}
	return nil
}

// values are what a part's placeholders print.
func (e FollowUpEmail) values(p EmailPart) map[string]string {
	// The letters' values, with the tone of the letter kind the part is closest to.
	k := FollowUp
	if p.Kind == EmailComplaintUpdate {
		k = Apology
	}
	l := Letter{Kind: k, Business: e.Business, Customer: e.Customer, Rep: e.Rep, Date: e.Date, Country: e.Country,
		Purchase: p.Purchase, Issue: p.Issue, Event: p.Event}
	v := placeholderValues(&l)
	if p.Kind == EmailPromised {
		if p.Issue != nil && p.Issue.Summary != "" {
			v["promise_about"] = "about " + quoted(p.Issue.Summary)
		}
		if p.Promise != nil {
			v["promise_date"] = longDate(p.Promise.Due, e.Customer.Location(e.Business.Location()), e.Country)
			v["promise_note"] = p.Promise.Note
		} else {
			v["promise_date"] = "the day we agreed"
		}
	}
	return v
}

// subject names what the email is about: the one part's subject, or the topics
// of several; the references follow in brackets.
func subject(e FollowUpEmail, refs []string) string {
	var s string
	if len(e.Parts) == 1 {
		p := e.Parts[0]
		switch p.Kind {
		case EmailThankYou:
			s = "Thank you for your purchase: " + clip(p.Purchase.Items, 70)
		case EmailHowIsItGoing:
			s = "How are you getting on with your " + clip(p.Purchase.Items, 70) + "?"
		case EmailIssueFollowUp:
			s = "Following up: " + clip(p.Issue.Summary, 70)
		case EmailComplaintUpdate:
			s = "An update on your complaint: " + clip(p.Issue.Summary, 70)
			if p.Rule == shop.RuleComplaintProgress {
				s = "A progress report on your complaint: " + clip(p.Issue.Summary, 70)
			}
		case EmailSuggestionProgress:
			s = "Your suggestion: " + clip(p.Issue.Summary, 70)
		case EmailPromised:
			s = "Following up, as promised"
			if p.Issue != nil && p.Issue.Summary != "" {
				s += ": " + clip(p.Issue.Summary, 70)
			}
		case EmailInvitation:
			s = "You are invited: " + clip(p.Event.Name, 70)
		case EmailKeepInTouch:
			s = "Greetings from " + e.Business.Name
		}
	} else {
		var topics []string
		for _, p := range e.Parts {
			t := ""
			switch {
			case p.Issue != nil && p.Issue.Summary != "":
				t = quoted(clip(p.Issue.Summary, 40))
			case p.Purchase != nil:
				t = "your " + clip(p.Purchase.Items, 40)
			case p.Event != nil:
				t = clip(p.Event.Name, 40)
			}
			if t != "" && !slices.Contains(topics, t) {
				topics = append(topics, t)
			}
		}
		s = "Following up from " + e.Business.Name
		if len(topics) > 0 {
			s += ": " + andList(topics)
		}
	}
	switch len(refs) {
	case 0:
	case 1:
		s += " (reference " + refs[0] + ")"
	default:
		s += " (references " + strings.Join(refs, ", ") + ")"
	}
	return s
}

// signOff closes the email in the tone of its parts.
func signOff(parts []EmailPart) string {
	if len(parts) == 1 {
		switch parts[0].Kind {
		case EmailThankYou:
			return "With warm thanks,"
		case EmailInvitation:
			return "Warm regards,"
		}
	}
	return "Kind regards,"
}

// emailWays are the ways to get in touch again besides the phone, which the
// assistance line carries (seed 000 "Give ways to act").
func emailWays(b shop.Business) string {
	ways := []string{"reply to this email"}
	if b.Email != "" {
		ways = append(ways, "write to "+b.Email)
	}
	if b.Website != "" {
		ways = append(ways, "visit our web site, "+b.Website)
	}
	return "To get in touch with me, or anyone on our team, just " + orList(ways) + "."
}

// andList joins "a", "b", "c" as "a, b and c".
func andList(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// CheckDraft says what keeps an edited draft from going out: a subject and a
// text are needed, and the text must keep the assistance line with the shop's
// phone number that every follow-up email carries (FieldErrors: subject, body).
func CheckDraft(d Draft, b shop.Business) error {
	var es shop.FieldErrors
	if strings.TrimSpace(d.Subject) == "" {
		es = append(es, shop.FieldErrorf("subject", "the subject is empty"))
	}
	phone := cleanText(b.Phone, false)
	switch {
	case strings.TrimSpace(d.Body) == "":
		es = append(es, shop.FieldErrorf("body", "the email says nothing"))
	case phone != "" && !strings.Contains(strings.Join(strings.Fields(d.Body), " "), AssistanceLine(phone)):
		es = append(es, shop.FieldErrorf("body", "keep the line %q: every follow-up email ends with a number to call", AssistanceLine(phone)))
	}
	if len(es) == 0 {
		return nil
	}
	return es
}

// cleanEmail returns a copy of e with its text made safe to send: control
// characters dropped, runs of spaces made one (see cleanText).
func cleanEmail(e FollowUpEmail) FollowUpEmail {
	b := &e.Business
	b.Name, b.Phone, b.Email, b.Website = cleanText(b.Name, false), cleanText(b.Phone, false), cleanText(b.Email, false), cleanText(b.Website, false)
	c := &e.Customer
	c.Name, c.Salutation, c.Email = cleanText(c.Name, false), cleanText(c.Salutation, false), cleanText(c.Email, false)
	e.Rep.Name, e.Rep.Title = cleanText(e.Rep.Name, false), cleanText(e.Rep.Title, false)
	parts := make([]EmailPart, len(e.Parts))
	for i, p := range e.Parts {
		p.Reference = cleanText(p.Reference, false)
		if p.Purchase != nil {
			pu := *p.Purchase
			pu.Items = cleanText(pu.Items, false)
			p.Purchase = &pu
		}
		if p.Issue != nil {
			is := *p.Issue
			is.Summary, is.Reference = cleanText(is.Summary, false), cleanText(is.Reference, false)
			p.Issue = &is
		}
		if p.Promise != nil {
			pr := *p.Promise
			pr.Note = cleanText(pr.Note, false)
			p.Promise = &pr
		}
		if p.Event != nil {
			ev := *p.Event
			ev.Name, ev.Place, ev.Details = cleanText(ev.Name, false), cleanText(ev.Place, false), cleanText(ev.Details, true)
			p.Event = &ev
		}
		parts[i] = p
	}
	e.Parts = parts
	return e
}

// cleanText is what an email may carry of text a person typed: unlike a PDF, an
// email shows any script and emoji, so only control characters go (a line break
// in a subject would start a new mail header); line breaks stay when keepBreaks.
func cleanText(s string, keepBreaks bool) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			if keepBreaks {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case r == '\t':
			b.WriteByte(' ')
		case r == utf8.RuneError, unicode.Is(unicode.Cc, r):
		default:
			b.WriteRune(r)
		}
	}
	if keepBreaks {
		return b.String()
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// emailParagraphs evens out an email's text: each line's runs of spaces made
// one, and runs of blank lines one blank line, which separates paragraphs. A
// no-break space (which keeps a name on one line) stays.
func emailParagraphs(s string) string {
	var out []string
	blank := true // drops blank lines at the start
	for _, ln := range strings.Split(s, "\n") {
		ln = strings.Join(strings.FieldsFunc(ln, func(r rune) bool { return unicode.IsSpace(r) && r != '\u00a0' }), " ")
		if ln == "" {
			if !blank {
				out = append(out, "")
			}
			blank = true
			continue
		}
		out = append(out, ln)
		blank = false
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// tidy mends what an empty placeholder leaves behind: a space before a full
// stop or a comma.
func tidy(s string) string {
	for _, p := range []string{" .", " ,", " ;", " :"} {
		s = strings.ReplaceAll(s, p, p[1:])
	}
	return s
}

// CleanSubject makes a subject one line, as a mail header must be.
func CleanSubject(s string) string { return cleanText(s, false) }

// CleanBody makes an edited text safe to send, keeping its line breaks.
func CleanBody(s string) string { return strings.TrimSpace(cleanText(s, true)) + "\n" }
