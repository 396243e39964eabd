package letters

import (
	"errors"
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/shop"
)

func emailCust() shop.Customer {
	c := customer()
	c.Email = "zoe@example.pl"
	return c
}

// emailOf is an email with one part of kind k.
func emailOf(k EmailKind) FollowUpEmail {
	p := EmailPart{Kind: k}
	switch k {
	case EmailThankYou, EmailHowIsItGoing:
		p.Purchase = purchase()
	case EmailIssueFollowUp, EmailSuggestionProgress:
		is := complaint()
		is.Type = shop.IssueSupport
		p.Issue, p.Reference = is, is.Reference
	case EmailComplaintUpdate:
		p.Issue, p.Reference = complaint(), complaint().Reference
	case EmailPromised:
		p.Issue, p.Reference = complaint(), complaint().Reference
		p.Promise = &shop.Promise{Due: letterOn, Note: "the tracking number"}
	case EmailInvitation:
		p.Event = event()
	}
	return FollowUpEmail{Business: testShop(), Customer: emailCust(), Rep: rep, Date: letterOn, Country: "US", Parts: []EmailPart{p}}
}

func TestEveryEmailEndsWithTheWaysToActTheReferenceAndTheSigner(t *testing.T) {
	for _, k := range EmailKinds {
		t.Run(k.Key(), func(t *testing.T) {
			if err := CheckEmailTemplate(k, DefaultEmailTemplate(k)); err != nil {
				t.Fatalf("the default template is refused: %v", err)
			}
			e := emailOf(k)
			d, err := Compose(e)
			if err != nil {
				t.Fatal(err)
			}
			if d.To != "zoe@example.pl" || d.Subject == "" || strings.ContainsAny(d.Subject, "\r\n") {
				t.Errorf("to %q, subject %q", d.To, d.Subject)
			}
			// What the part is about, in its own words, in the subject and the text.
			var about string
			switch p := e.Parts[0]; {
			case p.Purchase != nil:
				about = p.Purchase.Items
			case p.Issue != nil:
				about = p.Issue.Summary
			case p.Event != nil:
				about = p.Event.Name
			default:
				about = e.Business.Name
			}
			if !strings.Contains(d.Subject, about) || !strings.Contains(d.Body, about) {
				t.Errorf("subject %q or text lacks %q:\n%s", d.Subject, about, d.Body)
			}
			tail := []string{
				"reply to this email, write to hello@harborandpine.com or visit our web site, harborandpine.com.",
				"If you need any further assistance, please feel free to call us at (207) 555-0142.",
			}
			if e.Parts[0].Reference != "" {
				tail = append(tail, "Reference: HP-1042")
				if !strings.Contains(d.Subject, "(reference HP-1042)") {
					t.Errorf("the subject %q lacks the reference", d.Subject)
				}
			}
			tail = append(tail, "Maria Chen\nCustomer Care Lead\nHarbor & Pine Coffee Roasters\n")
			at := 0
			for _, want := range tail {
				i := strings.Index(d.Body[at:], want)
				if i < 0 {
					t.Fatalf("the text lacks %q after the part, in this order:\n%s", want, d.Body)
				}
				at += i + len(want)
			}
			if !strings.HasPrefix(d.Body, "Dear Zoë") || !strings.HasSuffix(strings.SplitN(d.Body, "\n", 2)[0], ",") {
				t.Errorf("the text does not start with the salutation:\n%s", d.Body)
			}
			apology := strings.Contains(d.Body, "I am sorry again for the trouble this caused you.")
			if wantApology := e.Parts[0].Issue != nil && e.Parts[0].Issue.Type == shop.IssueComplaint; apology != wantApology {
				t.Errorf("apology again: %v, want %v (after a complaint only)", apology, wantApology)
			}
			if err := CheckDraft(d, e.Business); err != nil {
				t.Errorf("the composed draft is refused: %v", err)
			}
		})
	}
}

func TestSeveralReasonsAreOneEmailThatCoversThemAll(t *testing.T) {
	e := emailOf(EmailThankYou)
	e.Parts = append(e.Parts, emailOf(EmailComplaintUpdate).Parts[0])
	d, err := Compose(e)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Ethiopia Guji beans", "Grinder arrived with a cracked hopper", "(reference HP-1042)"} {
		if !strings.Contains(d.Subject, want) {
			t.Errorf("subject %q lacks %q", d.Subject, want)
		}
	}
	if strings.Count(d.Body, "If you need any further assistance") != 1 || strings.Count(d.Body, "Maria Chen") != 1 {
		t.Errorf("one email has one ending:\n%s", d.Body)
	}
	thanks, update := strings.Index(d.Body, "Thank you for choosing"), strings.Index(d.Body, "I wanted to give you an update")
	if thanks < 0 || update < thanks {
		t.Errorf("the parts are not both there in order:\n%s", d.Body)
	}
}

func TestTheOwnersEmailTemplateIsUsedAndTheApologyStays(t *testing.T) {
	e := emailOf(EmailComplaintUpdate)
	e.Templates = map[string]string{EmailComplaintUpdate.Key(): "Hi {first_name}, about {issue}: we sent a new hopper.\n\nCheers, {rep}"}
	d, err := Compose(e)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Hi Zoë, about “Grinder arrived with a cracked hopper”: we sent a new hopper.",
		"I am sorry again for the trouble this caused you.", "Cheers, Maria Chen", "If you need any further assistance"} {
		if !strings.Contains(d.Body, want) {
			t.Errorf("the text lacks %q:\n%s", want, d.Body)
		}
	}
	e.Templates[EmailComplaintUpdate.Key()] = "Hi {frist_name}"
	if _, err := Compose(e); err == nil || !strings.Contains(err.Error(), "unknown placeholder {frist_name} in the complaint update email") {
		t.Errorf("a bad template: %v", err)
	}
	if err := CheckEmailTemplate(EmailThankYou, "{issue}"); err == nil || !strings.Contains(err.Error(), "{issue}") {
		t.Errorf("a thank-you email speaking of an issue: %v", err)
	}
}

func TestEmailsKeepEveryScriptAndDropControlCharacters(t *testing.T) {
	e := emailOf(EmailThankYou)
	e.Customer.Name = "Иван Петров"
	e.Parts[0].Purchase.Items = "Kaffee ☕ für 東京\r\nBcc: evil@example.com"
	d, err := Compose(e)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(d.Body, "Dear Иван") || !strings.Contains(d.Body, "Kaffee ☕ für 東京 Bcc: evil@example.com") {
		t.Errorf("the text changed what was typed:\n%s", d.Body)
	}
	if strings.ContainsAny(d.Subject, "\r\n") || strings.Contains(d.Body, "?") && !strings.Contains(DefaultEmailTemplate(EmailThankYou), "?") {
		t.Errorf("subject %q / text with substitutes:\n%s", d.Subject, d.Body)
	}
}

func TestEmailPartForFollowsTheReason(t *testing.T) {
	c := emailCust()
	sale := *purchase()
	comp, sugg, supp := *complaint(), *complaint(), *complaint()
	sugg.ID, sugg.Type = 8, shop.IssueSuggestion
	supp.ID, supp.Type = 9, shop.IssueSupport
	sales, issues := []shop.Purchase{sale}, []shop.Issue{comp, sugg, supp}
	promises := []shop.Promise{{ID: 3, IssueID: 7, Note: "call back"}}
	for _, tc := range []struct {
		r    shop.Reason
		want EmailKind
	}{
		{shop.Reason{Rule: shop.RuleThankYou, PurchaseID: 42}, EmailThankYou},
		{shop.Reason{Rule: shop.RuleBigTicketWeek, PurchaseID: 42}, EmailHowIsItGoing},
		{shop.Reason{Rule: shop.RuleBigTicketQuarter, PurchaseID: 42}, EmailHowIsItGoing},
		{shop.Reason{Rule: shop.RuleComplaintUpdate, IssueID: 7}, EmailComplaintUpdate},
		{shop.Reason{Rule: shop.RuleComplaintProgress, IssueID: 7}, EmailComplaintUpdate},
		{shop.Reason{Rule: shop.RuleSuggestionFirst, IssueID: 8}, EmailIssueFollowUp},
		{shop.Reason{Rule: shop.RuleSuggestionProgress, IssueID: 8}, EmailSuggestionProgress},
		{shop.Reason{Rule: shop.RuleSupportFirst, IssueID: 9}, EmailIssueFollowUp},
		{shop.Reason{Rule: shop.RulePromise, PromiseID: 3, IssueID: 7}, EmailPromised},
		{shop.Reason{Rule: shop.RuleRelationship}, EmailKeepInTouch},
	} {
		p, err := EmailPartFor(tc.r, c, sales, issues, promises)
		if err != nil || p.Kind != tc.want {
			t.Errorf("%s: %v, %v; want %v", tc.r.Rule, p.Kind, err, tc.want)
		}
	}
	if _, err := EmailPartFor(shop.Reason{Rule: shop.RuleSupportFirst, IssueID: 99}, c, sales, issues, promises); err == nil ||
		!strings.Contains(err.Error(), c.Name) {
		t.Errorf("a deleted issue: %v", err)
	}
}

func TestMayEmail(t *testing.T) {
	c := emailCust()
	if err := MayEmail(c); err != nil {
		t.Error(err)
	}
	for _, tc := range []struct {
		change func(*shop.Customer)
		want   string
	}{
		{func(c *shop.Customer) { c.DoNotContact = true }, "do not contact"},
		{func(c *shop.Customer) { c.Email = "" }, "has no email address, so this follow-up goes out as a call or a letter instead"},
		{func(c *shop.Customer) { c.Email = "zoe at example" }, "is not one a mail server takes"},
	} {
		c := emailCust()
		tc.change(&c)
		if err := MayEmail(c); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), c.Name) {
			t.Errorf("MayEmail = %v, want %q", err, tc.want)
		}
	}
}

func TestAnEditedDraftMustKeepTheAssistanceLine(t *testing.T) {
	d, err := Compose(emailOf(EmailThankYou))
	if err != nil {
		t.Fatal(err)
	}
	d.Body = strings.ReplaceAll(d.Body, "If you need any further assistance, please feel free to call us at (207) 555-0142.", "Bye.")
	err = CheckDraft(d, testShop())
	var fes shop.FieldErrors
	if err == nil || !strings.Contains(err.Error(), "If you need any further assistance") {
		t.Errorf("a draft without the line: %v", err)
	} else if !errors.As(err, &fes) || fes[0].Field != "body" {
		t.Errorf("the error is not the text's field: %#v", err)
	}
	d.Subject = " "
	if err := CheckDraft(d, testShop()); err == nil || !strings.Contains(err.Error(), "Subject") {
		t.Errorf("an empty subject: %v", err)
	}
}

func TestComposeNamesWhatIsMissing(t *testing.T) {
	e := emailOf(EmailThankYou)
	e.Business.Phone = ""
	if _, err := Compose(e); err == nil || !strings.Contains(err.Error(), "phone") {
		t.Errorf("no phone: %v", err)
	}
	e = emailOf(EmailThankYou)
	e.Rep = shop.Staff{}
	if _, err := Compose(e); err == nil || !strings.Contains(err.Error(), "Staff") {
		t.Errorf("no signer: %v", err)
	}
}

// FuzzEmailTemplate: no template or typed text panics; a template
// CheckEmailTemplate accepts composes an email whose subject is one line and
// whose text keeps the ending the seeds ask for, and one it refuses fails
// Compose.
func FuzzEmailTemplate(f *testing.F) {
	for _, k := range EmailKinds {
		f.Add(int(k), DefaultEmailTemplate(k), "Ethiopia Guji beans")
	}
	for _, s := range []string{"", "{", "}}", "{name", "{{first_name}}", "{promise_about}.", "🎉{name}\r\n{issue}", "\x00{\x00}"} {
		f.Add(int(EmailPromised), s, "line one\r\nBcc: x@example.com")
	}
	f.Fuzz(func(t *testing.T, kind int, body, typed string) {
		k := EmailKinds[((kind%len(EmailKinds))+len(EmailKinds))%len(EmailKinds)]
		e := emailOf(k)
		e.Templates = map[string]string{k.Key(): body}
		if p := e.Parts[0]; p.Purchase != nil {
			p.Purchase.Items = typed
		} else if p.Issue != nil {
			p.Issue.Summary = typed
		}
		checkErr := CheckEmailTemplate(k, body)
		d, err := Compose(e)
		switch {
		case checkErr != nil && strings.TrimSpace(body) != "":
			if err == nil {
				t.Fatalf("%s template %q was refused (%v) but composed", k, body, checkErr)
			}
			return
		case err != nil:
			if !hasWord(cleanText(typed, false)) || strings.Contains(err.Error(), "summary") {
				return // nothing to say what it is about: refused, rightly
			}
			t.Fatalf("%s template %q with %q: %v", k, body, typed, err)
		}
		if strings.ContainsAny(d.Subject, "\r\n") {
			t.Fatalf("subject %q has a line break", d.Subject)
		}
		if !strings.Contains(d.Body, AssistanceLine("(207) 555-0142")) || !strings.HasSuffix(d.Body, "Harbor & Pine Coffee Roasters\n") {
			t.Fatalf("the text lost its ending:\n%s", d.Body)
		}
		if err := CheckDraft(d, e.Business); err != nil {
			t.Fatalf("the composed draft is refused: %v", err)
		}
	})
}
