package letters

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rapport-app/rapport/data/shop"
)

// clean makes one line of text safe for gofpdf and the DejaVu fonts: see
// strip. Whitespace runs become single spaces.
func clean(s string) string {
	return strings.Join(words(strip(s, false)), " ")
}

// words splits s at runs of white space, but not at a no-break space (which keeps
// a shop's name on one line, see keepTogether).
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) && r != '\u00a0' })
}

// cleanLines is clean for text that keeps its line breaks (addresses, bodies):
// each line is cleaned, and runs of blank lines shrink to one, which separates
// paragraphs.
func cleanLines(s string) string {
	lines := strings.Split(strip(s, true), "\n")
	out := lines[:0]
	blank := true // drops blank lines at the start
	for _, ln := range lines {
		ln = strings.Join(words(ln), " ")
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

// strip makes text printable in the embedded fonts: invisible control and
// format characters (zero-width joiners, bidi marks, soft hyphens, the
// variation selectors that follow emoji) and invalid UTF-8 are dropped, and
// characters no embedded font can draw (emoji, CJK, rare scripts) become a
// visible "?", so gofpdf never panics and the reader sees something is
// missing. Line breaks survive as '\n' when keepBreaks is set.
func strip(s string, keepBreaks bool) string {
	var b strings.Builder
	b.Grow(len(s))
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
		case r == utf8.RuneError, r == 0xFFFE, r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0000 && r <= 0xE007F,
			unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Cs, r),
			unicode.Is(unicode.Mn, r) && !canDraw(r):
			// invisible, or a mark on something that is not printed: dropped
		case !canDraw(r):
			b.WriteRune(missingGlyph)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// northAmerican reports whether the shop's country writes "March 3, 2025"
// and "6:00 PM".
func northAmerican(country string) bool {
	switch normCountry(country) {
	case "US", "CA", "PH":
		return true
	}
	return false
}

// longDate is the date as the shop's country writes it: "March 3, 2025" in
// North America, "3 March 2025" elsewhere.
func longDate(t time.Time, loc *time.Location, country string) string {
	if northAmerican(country) {
		return t.In(loc).Format("January 2, 2006")
	}
	return t.In(loc).Format("2 January 2006")
}

// eventWhen is an event's start, "Saturday, December 6, 2025 at 6:00 PM"
// ("Saturday 6 December 2025 at 18:00" outside North America); a start at
// midnight means no clock time was given.
func eventWhen(t time.Time, loc *time.Location, country string) string {
	t = t.In(loc)
	day, clock := t.Format("Monday 2 January 2006"), t.Format("15:04")
	if northAmerican(country) {
		day, clock = t.Format("Monday, January 2, 2006"), t.Format("3:04 PM")
	}
	if t.Hour() == 0 && t.Minute() == 0 {
		return day
	}
	return day + " at " + clock
}

// quoted puts typographic quotes around text a customer or the shop typed, so
// it reads as a name in the middle of a sentence whatever its grammar.
func quoted(s string) string { return "“" + s + "”" }

// orList joins "a", "b", "c" as "a, b or c".
func orList(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// salutation is the customer's own salutation ("Dear Ms. Rivera") or "Dear
// <name>", ending in a comma.
func salutation(l *Letter) string {
	s := l.Customer.Salutation
	if s == "" {
		s = "Dear " + addressee(l.Customer)
	}
	if r, _ := utf8.DecodeLastRuneInString(s); !unicode.IsPunct(r) {
		s += ","
	}
	return s
}

// addressee is whom "Dear" greets when the customer has no salutation of their
// own, as a person writes it: a consumer by their first name ("Dear Tom"); a
// business contact by title and last name when the name carries a title ("Dear
// Dr. Liu"), else by their whole name; a company with no person's name as its
// people ("Dear friends at Bell & Hart").
func addressee(c shop.Customer) string {
	f := strings.Fields(c.Name)
	if len(f) == 0 {
		return "customer"
	}
	if c.Kind != shop.KindBusiness {
		return firstName(c)
	}
	if c.Company != "" && strings.EqualFold(strings.TrimSpace(c.Company), strings.TrimSpace(c.Name)) {
		return "friends at " + keepTogether(c.Name)
	}
	if len(f) > 1 && isTitle(f[0]) {
		return f[0] + " " + f[len(f)-1]
	}
	return strings.Join(f, " ")
}

// isTitle reports a title before a name: Mr., Ms., Dr., Prof. and their kin.
func isTitle(w string) bool {
	switch strings.ToLower(strings.TrimSuffix(w, ".")) {
	case "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "herr", "frau", "mme", "m", "sr", "sra":
		return true
	}
	return false
}

// itemsPhrase is what a customer bought as a sentence says it: "the Mahlkoenig
// E65S grinder"; items that start with a number or a determiner ("2 kg espresso
// beans", "a tamper") stay as written.
func itemsPhrase(items string) string {
	p := strings.Join(strings.Fields(items), " ")
	if p == "" {
		return "your purchase"
	}
	first, _, _ := strings.Cut(strings.ToLower(p), " ")
	if unicode.IsDigit([]rune(p)[0]) {
		return p
	}
	switch first {
	case "a", "an", "the", "some", "your", "our", "one", "two", "three", "four", "five", "six", "several":
		return p
	}
	return "the " + p
}

// keepTogether joins the words of a name with no-break spaces, so that a line
// never ends inside it ("Harbor & / Pine").
func keepTogether(name string) string {
	return strings.Join(strings.Fields(name), "\u00a0")
}

// closingLine is the last line of every letter (FOLLOWUP_RULES.md §2).
func closingLine(phone string) string {
	return "If you need any further assistance, please call us at " + phone + "."
}

// wording is what a letter says, apart from its letterhead, address and signature.
type wording struct {
	subject    string
	paragraphs []string
	signOff    string
}

// firstName is the name a friendly letter uses: the first word of the name
// after any title ("Dr. Jane Doe" → "Jane"); a company's full name.
func firstName(c shop.Customer) string {
	if c.Kind == shop.KindBusiness && (c.Company == "" || c.Company == c.Name) {
		return c.Name
	}
	f := strings.Fields(c.Name)
	for len(f) > 1 && strings.HasSuffix(f[0], ".") {
		f = f[1:]
	}
	if len(f) == 0 {
		return c.Name
	}
	return f[0]
}

// issueStatus is the sentence {issue_status} prints: still being worked on,
// or settled, in the tone of the kind of letter.
func issueStatus(k Kind, i *shop.Issue) string {
	switch {
	case k == Apology && i.Open():
		return "We are working to put this right as quickly as we can, and I will personally keep you informed until it is done."
	case k == Apology:
		return "We have looked carefully at what went wrong and have made changes so that it does not happen again."
	case i.Open():
		return "We are still working on it, and I wanted to let you know that it has not been forgotten: I will keep you informed until it is settled."
	}
	return "We believe it has been settled, and I wanted to make sure that everything is now as it should be."
}

// placeholderValues are what a letter's placeholders print, from its
// (already cleaned) values; only those its kind allows are set.
func placeholderValues(l *Letter) map[string]string {
	loc := l.Business.Location()
	custLoc := l.Customer.Location(loc)
	day := func(t time.Time) string {
		if t.IsZero() {
			return "a recent day"
		}
		return longDate(t, custLoc, l.Country)
	}
	v := map[string]string{
		"name": l.Customer.Name, "first_name": firstName(l.Customer), "shop": keepTogether(l.Business.Name),
		"rep": l.Rep.Name, "phone": l.Business.Phone, "email": l.Business.Email, "website": l.Business.Website,
		"date": longDate(l.Date, loc, l.Country),
	}
	if p := l.Purchase; p != nil {
		v["items"], v["purchase_date"] = itemsPhrase(p.Items), day(p.At)
		v["amount"] = shop.FormatMoney(l.Country, p.AmountCents)
	}
	if i := l.Issue; i != nil {
		v["issue"], v["reference"], v["issue_date"] = quoted(i.Summary), i.Reference, day(i.OpenedAt)
		v["issue_status"] = issueStatus(l.Kind, i)
	}
	if e := l.Event; e != nil {
		v["event"], v["event_date"], v["event_details"] = e.Name, eventWhen(e.At, loc, l.Country), e.Details
		v["event_place"] = e.Place
		if e.Place == "" {
			v["event_place"] = l.Business.Name
		}
	}
	return v
}

// compose writes the text of a letter: the subject naming what it is about
// and its reference, the template's paragraphs, and the parts the rules
// require whatever the template says: an apology again in a follow-up after a
// complaint, the ways to get in touch and the phone number at the end
// (FOLLOWUP_RULES.md §2).
func compose(l *Letter) wording {
	var w wording
	ref := ""
	switch l.Kind {
	case ThankYou:
		w.subject = "Thank you for your purchase: " + l.Purchase.Items
		w.signOff = "With warm thanks,"
	case PurchaseFollowUp:
		w.subject = "How are you getting on with your " + l.Purchase.Items + "?"
		w.signOff = "Kind regards,"
	case Apology:
		ref = l.Issue.Reference
		w.subject = "Our apologies: " + l.Issue.Summary
		w.signOff = "Sincerely,"
	case FollowUp:
		ref = l.Issue.Reference
		w.subject = "Following up: " + l.Issue.Summary
		w.signOff = "Kind regards,"
		if l.Issue.Type == shop.IssueComplaint {
			// FOLLOWUP_RULES.md §2: after a complaint, every follow-up apologises again.
			w.paragraphs = append(w.paragraphs, "I am sorry again for the trouble this caused you.")
		}
	case Invitation:
		w.subject = "You are invited: " + l.Event.Name
		w.signOff = "Warm regards,"
	}
	for _, p := range strings.Split(l.text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			w.paragraphs = append(w.paragraphs, p)
		}
	}
	if ref != "" {
		w.subject += " (reference " + ref + ")"
	}
	if c := contactSentence(l, ref); c != "" {
		w.paragraphs = append(w.paragraphs, c)
	}
	w.paragraphs = append(w.paragraphs, closingLine(l.Business.Phone))
	return w
}

// contactSentence gives the ways to get in touch again besides the phone, which
// the closing line carries, and the reference to quote (FOLLOWUP_RULES.md §2).
func contactSentence(l *Letter, ref string) string {
	var ways []string
	if e := l.Business.Email; e != "" {
		ways = append(ways, "by email at "+e)
	}
	if web := l.Business.Website; web != "" {
		ways = append(ways, "through our web site, "+web)
	}
	var s string
	if len(ways) > 0 {
		s = "You can reach me, or anyone on our team, " + orList(ways) + "."
	}
	if ref != "" {
		s = strings.TrimSpace(s + " Please quote reference " + ref +
			" so that whoever answers can see the whole story at once.")
	}
	return s
}
