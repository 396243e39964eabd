package letters

import (
	"fmt"
	"slices"
	"strings"
)

// Templates: the owner edits what each kind of letter says, with named
// placeholders in braces, e.g. "Thank you for choosing {shop}, {first_name}."
// A literal brace is written twice: "{{" and "}}". The text is everything
// between the salutation and the closing lines; the parts the follow-up rules
// require (the subject naming the sale, issue or event and its reference, an
// apology again after a complaint, the ways to get in touch, the phone number
// at the end and the representative's name) are added by the layout whatever
// the template says. Blank lines separate paragraphs.

// Placeholder is one name a template may use.
type Placeholder struct {
	Name string // without braces: "first_name"
	Help string // what it prints, for the editor
}

var (
	commonPlaceholders = []Placeholder{
		{"name", "the customer's full name"},
		{"first_name", "the customer's first name (the full name for a company)"},
		{"shop", "the shop's name"},
		{"rep", "the name of who signs the letter"},
		{"phone", "the shop's phone number"},
		{"email", "the shop's email address"},
		{"website", "the shop's web site"},
		{"date", "the letter's date"},
	}
	purchasePlaceholders = []Placeholder{
		{"items", "what was bought"},
		{"amount", "what it cost, with the currency sign"},
		{"purchase_date", "the day of the purchase"},
	}
	issuePlaceholders = []Placeholder{
		{"issue", "the issue's summary, in quotes"},
		{"reference", "the issue's reference ID"},
		{"issue_date", "the day the customer got in touch"},
		{"issue_status", "a sentence saying the issue is still being worked on, or settled"},
	}
	eventPlaceholders = []Placeholder{
		{"event", "the event's name"},
		{"event_date", "the event's day and time"},
		{"event_place", "where the event is (the shop when not given)"},
		{"event_details", "the event's details paragraph (may be empty)"},
	}
)

// Placeholders lists the names a template of kind k may use.
func Placeholders(k Kind) []Placeholder {
	ps := slices.Clone(commonPlaceholders)
	switch k {
	case ThankYou, PurchaseFollowUp:
		ps = append(ps, purchasePlaceholders...)
	case FollowUp, Apology:
		ps = append(ps, issuePlaceholders...)
	case Invitation:
		ps = append(ps, eventPlaceholders...)
	}
	return ps
}

// defaultTemplates are the texts a kind prints until the owner writes their own.
var defaultTemplates = map[Kind]string{
	ThankYou: `Thank you for choosing {shop}. On {purchase_date} you bought {items}, and I wanted to write and say how much we appreciate your business.

I hope it is everything you were looking for. If anything about it is not quite right, or you would like a tip on getting the most out of it, just let me know: I would be glad to help.`,
	PurchaseFollowUp: `On {purchase_date} you bought {items} from {shop}, and I wanted to ask how it is going.

Is it everything you hoped for? If there is anything we can help with, whether a question, a tip on getting the most out of it, or something that is not quite right, just let me know and I will gladly take care of it.`,
	FollowUp: `On {issue_date} you got in touch with us about {issue}. {issue_status}

If you have new information or questions, or something new has come up, please tell me and I will take care of it personally.`,
	Apology: `I am writing to apologize again for {issue}, which you told us about on {issue_date}. You expected better from us, and you were right to let us know.

{issue_status}

Thank you for your patience, and once again, please accept our sincere apologies.`,
	Invitation: `We would be delighted to welcome you to {event} on {event_date}, at {event_place}.

{event_details}

It will be a relaxed chance to meet the team, see what is new and spend some time with fellow customers.

Please let us know if you can come; we would love to see you there.`,
	HolidayCard: `Thank you for being part of {shop} this year. Wishing you and your loved ones a peaceful holiday season and a happy, healthy new year.`,
}

// DefaultTemplate is the text kind k prints when the owner has not written one.
func DefaultTemplate(k Kind) string { return defaultTemplates[k] }

// segment is a piece of a parsed template: literal text or a placeholder.
type segment struct {
	text        string
	placeholder bool
}

// parseTemplate splits body into literal text and placeholders, checking that
// every placeholder is one kind k knows. The error names the first unknown one
// and the kind: "unknown placeholder {frist_name} in the thank-you letter".
func parseTemplate(k Kind, body string) ([]segment, error) {
	return parseTemplateOf(Placeholders(k), k.String(), body)
}

// parseTemplateOf is parseTemplate for any kind of text: known are the
// placeholders it may use, and what names it in messages ("thank-you email").
// Letters and emails share it, so both are written and checked alike.
func parseTemplateOf(known []Placeholder, what string, body string) ([]segment, error) {
	var segs []segment
	var lit strings.Builder
	for i := 0; i < len(body); {
		c := body[i]
		switch {
		case c == '{' && strings.HasPrefix(body[i:], "{{"):
			lit.WriteByte('{')
			i += 2
		case c == '}' && strings.HasPrefix(body[i:], "}}"):
			lit.WriteByte('}')
			i += 2
		case c == '}':
			return nil, fmt.Errorf("a lone } in the %s: write }} for a brace, or {name} for a placeholder", what)
		case c == '{':
			end := strings.IndexAny(body[i+1:], "{}\n")
			if end < 0 || body[i+1+end] != '}' {
				return nil, fmt.Errorf("unclosed placeholder %q in the %s: end it with } (or write {{ for a brace)", clip(body[i:], 20), what)
			}
			name := body[i+1 : i+1+end]
			key := strings.ToLower(strings.TrimSpace(name))
			if !slices.ContainsFunc(known, func(p Placeholder) bool { return p.Name == key }) {
				return nil, fmt.Errorf("unknown placeholder {%s} in the %s (it may use %s)", name, what, placeholderList(known))
			}
			if lit.Len() > 0 {
				segs = append(segs, segment{text: lit.String()})
				lit.Reset()
			}
			segs = append(segs, segment{text: key, placeholder: true})
			i += end + 2
		default:
			lit.WriteByte(c)
			i++
		}
	}
	if lit.Len() > 0 {
		segs = append(segs, segment{text: lit.String()})
	}
	return segs, nil
}

// CheckTemplate reports whether body is a template kind k can print: every
// placeholder known and every brace closed. The error names what is wrong.
func CheckTemplate(k Kind, body string) error {
	if !k.valid() {
		return fmt.Errorf("unknown letter kind %d", int(k))
	}
	_, err := parseTemplate(k, body)
	return err
}

// expandTemplate fills body's placeholders with vals.
func expandTemplate(k Kind, body string, vals map[string]string) (string, error) {
	segs, err := parseTemplate(k, body)
	if err != nil {
		return "", err
	}
	return fill(segs, vals), nil
}

// fill joins a parsed template's segments with the placeholders' values.
func fill(segs []segment, vals map[string]string) string {
	var b strings.Builder
	for _, s := range segs {
		if s.placeholder {
			b.WriteString(vals[s.text])
		} else {
			b.WriteString(s.text)
		}
	}
	return b.String()
}

func placeholderList(ps []Placeholder) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = "{" + p.Name + "}"
	}
	return strings.Join(names, " ")
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// ApplyTemplates gives every letter without its own Body the owner's template
// for its kind from byKey (as store.Store.LetterTemplates returns them, keyed
// by Kind.Key); kinds without one keep the default.
func ApplyTemplates(ls []Letter, byKey map[string]string) {
	for i := range ls {
		if ls[i].Body == "" {
			ls[i].Body = byKey[ls[i].Kind.Key()]
		}
	}
}

// Template is one kind of text the owner may reword, a letter's or an email's,
// for the editors of both interfaces: they list, show and check every kind alike.
type Template struct {
	Key          string // as the store keeps it: "thank-you", "email-thank-you"
	Name         string // "thank-you letter", "thank-you email"
	Default      string // the text until the owner writes their own
	Placeholders []Placeholder
}

// Check reports whether body is a text this kind can use: every placeholder
// known and every brace closed; the error names what is wrong.
func (t Template) Check(body string) error {
	_, err := parseTemplateOf(t.Placeholders, t.Name, body)
	return err
}

// LetterTemplates are the templates of the letter kinds, in display order.
func LetterTemplates() []Template {
	out := make([]Template, len(Kinds))
	for i, k := range Kinds {
		out[i] = Template{Key: k.Key(), Name: k.String(), Default: DefaultTemplate(k), Placeholders: Placeholders(k)}
	}
	return out
}

// EmailTemplates are the templates of the email kinds, in display order.
func EmailTemplates() []Template {
	out := make([]Template, len(EmailKinds))
	for i, k := range EmailKinds {
		out[i] = Template{Key: k.Key(), Name: k.String(), Default: DefaultEmailTemplate(k), Placeholders: EmailPlaceholders(k)}
	}
	return out
}

// TemplateByKey is the letter or email template key names.
func TemplateByKey(key string) (Template, bool) {
	for _, t := range append(LetterTemplates(), EmailTemplates()...) {
		if t.Key == key {
			return t, true
		}
	}
	return Template{}, false
}
