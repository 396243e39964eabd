package letters

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rapport-app/rapport/data"
)

// clean makes one line of text safe for gofpdf and the DejaVu fonts: gofpdf
// panics on runes above U+FFFF (emoji) and control characters print as boxes
// or break the layout. Whitespace runs become single spaces.
func clean(s string) string {
	return strings.Join(strings.Fields(strip(s, false)), " ")
}

// cleanLines is clean for text that keeps its line breaks (addresses, bodies):
// each line is cleaned, and runs of blank lines shrink to one, which separates
// paragraphs.
func cleanLines(s string) string {
	lines := strings.Split(strip(s, true), "\n")
	out := lines[:0]
	blank := true // drops blank lines at the start
	for _, ln := range lines {
		ln = strings.Join(strings.Fields(ln), " ")
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

// strip drops what the fonts or gofpdf cannot print: runes outside the Basic
// Multilingual Plane, invalid UTF-8, control and format characters (zero-width
// joiners, bidi marks, soft hyphens) and the variation selectors that follow
// emoji. Line breaks survive as '\n' when keepBreaks is set.
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
		case r > 0xFFFF, r == utf8.RuneError, r == 0xFFFE,
			r >= 0xFE00 && r <= 0xFE0F,
			unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Cs, r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// FormatCents shows an amount of integer cents as dollars: 123450 → "$1,234.50",
// -500 → "-$5.00".
func FormatCents(cents int64) string {
	if s, neg := strings.CutPrefix(data.FormatCents(cents), "-"); neg {
		return "-$" + s
	}
	return "$" + data.FormatCents(cents)
}

// longDate is the date as a US letter writes it: "March 3, 2025".
func longDate(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("January 2, 2006")
}

// eventWhen is an event's start, "Saturday, December 6, 2025 at 6:00 PM"; a
// start at midnight means no clock time was given.
func eventWhen(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	day := t.Format("Monday, January 2, 2006")
	if t.Hour() == 0 && t.Minute() == 0 {
		return day
	}
	return day + " at " + t.Format("3:04 PM")
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
		s = "Dear " + l.Customer.Name
	}
	if r, _ := utf8.DecodeLastRuneInString(s); !unicode.IsPunct(r) {
		s += ","
	}
	return s
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

// compose writes the text of a letter. Each kind opens with a paragraph naming
// what the letter is about (the purchase, the issue, the event); Body replaces
// only the middle, so the parts the rules require are always there.
func compose(l *Letter) wording {
	loc := l.Business.Location()
	custLoc := l.Customer.Location(loc)
	shop := l.Business.Name
	var w wording
	var middle []string
	var after []string
	ref := ""

	switch l.Kind {
	case ThankYou:
		p := l.Purchase
		w.subject = "Thank you for your purchase: " + p.Items
		bought := p.Items
		if p.AmountCents > 0 {
			bought += " (" + FormatCents(p.AmountCents) + ")"
		}
		first := "Thank you for choosing " + shop + ". You bought " + bought
		if !p.At.IsZero() {
			first = "Thank you for choosing " + shop + ". On " + longDate(p.At, custLoc) + " you bought " + bought
		}
		w.paragraphs = append(w.paragraphs, first+", and I wanted to write and say how much we appreciate your business.")
		middle = []string{"I hope it is everything you were looking for. If anything about it is not quite right, " +
			"or you would like a tip on getting the most out of it, just let me know: I would be glad to help."}
		w.signOff = "With warm thanks,"

	case FollowUp, Apology:
		i := l.Issue
		ref = i.Reference
		about := quoted(i.Summary)
		opened, since := "", ""
		if !i.OpenedAt.IsZero() {
			opened = longDate(i.OpenedAt, custLoc)
			since = " on " + opened
		}
		if l.Kind == Apology {
			w.subject = "Our apologies: " + i.Summary
			w.paragraphs = append(w.paragraphs, "I am writing to apologize again for "+about+
				", which you told us about"+since+". You expected better from us, and you were right to let us know.")
			if i.Open() {
				middle = []string{"We are working to put this right as quickly as we can, and I will personally " +
					"keep you informed until it is done."}
			} else {
				middle = []string{"We have looked carefully at what went wrong and have made changes so that it " +
					"does not happen again."}
			}
			after = []string{"Thank you for your patience, and once again, please accept our sincere apologies."}
			w.signOff = "Sincerely,"
		} else {
			w.subject = "Following up: " + i.Summary
			first := "On " + opened + " you got in touch with us about " + about + "."
			if opened == "" {
				first = "You recently got in touch with us about " + about + "."
			}
			if i.Type == data.IssueComplaint {
				// FOLLOWUP_RULES.md §2: after a complaint, every follow-up apologises again.
				first += " I am sorry again for the trouble this caused you."
			}
			if i.Open() {
				first += " We are still working on it, and I wanted to let you know that it has not been forgotten."
				middle = []string{"I will keep you informed until it is settled. If you have new information or " +
					"questions in the meantime, please get in touch with me directly."}
			} else {
				first += " We believe it has been settled, and I wanted to make sure that everything is now as it should be."
				middle = []string{"If anything is still not right, or something new has come up, please tell me " +
					"and I will take care of it personally."}
			}
			w.paragraphs = append(w.paragraphs, first)
			w.signOff = "Kind regards,"
		}

	case Invitation:
		e := l.Event
		w.subject = "You are invited: " + e.Name
		place := "at " + shop
		if e.Place != "" {
			place = "at " + e.Place
		}
		first := "We would be delighted to welcome you to " + e.Name + " on " + eventWhen(e.At, loc) + ", " + place + "."
		if p := l.Purchase; p != nil {
			first += " As you chose " + p.Items + " from us"
			if !p.At.IsZero() {
				first += " in " + p.At.In(custLoc).Format("January")
			}
			first += ", we thought you would especially enjoy it."
		}
		w.paragraphs = append(w.paragraphs, first)
		if e.Details != "" {
			w.paragraphs = append(w.paragraphs, e.Details)
		}
		middle = []string{"It will be a relaxed chance to meet the team, see what is new and spend some time " +
			"with fellow customers."}
		// The RSVP stays even when Body replaces the middle.
		after = []string{"Please let us know if you can come; we would love to see you there."}
		w.signOff = "Warm regards,"
	}

	if l.Body != "" {
		middle = strings.Split(l.Body, "\n\n")
	}
	w.paragraphs = append(w.paragraphs, middle...)
	w.paragraphs = append(w.paragraphs, after...)
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

// cardMessage is a holiday card's text: warm and general, naming the purchase
// when there is one, and never selling (FOLLOWUP_RULES.md §7).
func cardMessage(l *Letter) string {
	if l.Body != "" {
		return l.Body
	}
	s := "Thank you for being part of " + l.Business.Name + " this year."
	if p := l.Purchase; p != nil {
		s += " We hope you are enjoying your " + p.Items + "."
	}
	return s + " Wishing you and your loved ones a peaceful holiday season and a happy, healthy new year."
}
