package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/letters/outbox"
)

// sendView is one email as rapport send --json prints it.
type sendView struct {
	FollowUpID shop.ID `json:"followup_id"`
	Customer   string  `json:"customer"`
	To         string  `json:"to"`
	Subject    string  `json:"subject"`
	Body       string  `json:"body,omitempty"`
	MessageID  string  `json:"message_id,omitempty"`
	Status     string  `json:"status"` // sent, failed, unknown, not sent, or draft (--dry-run)
	Error      string  `json:"error,omitempty"`
}

// checkView is an email whose outcome is unknown.
type checkView struct {
	ID        shop.ID `json:"id"`
	To        string  `json:"to"`
	Subject   string  `json:"subject"`
	MessageID string  `json:"message_id"`
	Started   string  `json:"started"`
	Error     string  `json:"error,omitempty"`
}

// runSend sends every email follow-up that is due now, or with --dry-run prints
// them; --mark-sent and --send-again settle an email whose outcome is unknown;
// --test sends a test email.
func runSend(e *env, args []string) error {
	fs := newFlags("send")
	dry := fs.Bool("dry-run", false, "print the emails due, send nothing")
	asJSON := fs.Bool("json", false, "print JSON")
	markSent := fs.String("mark-sent", "", "an email whose outcome is unknown did arrive")
	again := fs.String("send-again", "", "an email whose outcome is unknown did not arrive: send it again")
	test := fs.String("test", "", "send a test email to this address")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("send takes no arguments besides its flags (%q): %w", pos[0], errUsage)
	}
	switch {
	case *markSent != "" || *again != "":
		return settleEmail(e, *markSent, *again)
	case *test != "":
		m, err := outbox.NewMailer(e.ctx, e.st)
		if err != nil {
			return err
		}
		if err := m.SendTest(e.ctx, strings.TrimSpace(*test), e.st.Now()); err != nil {
			return fmt.Errorf("send --test: %w", err)
		}
		fmt.Fprintf(e.out, "Sent a test email to %s through %s.\n", *test, m.Settings.Host)
		return nil
	}
	// The plan must be today's, so that a follow-up that lapsed since an earlier
	// day's plan does not go out: the day's first command plans it (every write
	// keeps the plan of whom it touches current).
	if _, err := e.st.RefreshPlan(e.ctx); err != nil {
		return err
	}
	now := e.st.Now()
	items, err := outbox.Due(e.ctx, e.st, now)
	if err != nil {
		return err
	}
	drafts, refused := outbox.Drafts(e.ctx, e.st, items, now)
	if *dry {
		return printDrafts(e, drafts, refused, *asJSON)
	}
	var results []outbox.Result
	if len(drafts) > 0 {
		m, err := outbox.NewMailer(e.ctx, e.st)
		if err != nil {
			return err
		}
		results = m.Send(e.ctx, e.st, drafts, nil)
	}
	results = append(results, refused...)
	check, err := e.st.EmailsToCheck(e.ctx)
	if err != nil {
		return err
	}
	sent := 0
	for _, r := range results {
		if r.Sent() {
			sent++
		}
	}
	if *asJSON {
		out := struct {
			Sent    int         `json:"sent"`
			Results []sendView  `json:"results"`
			ToCheck []checkView `json:"to_check"`
		}{Sent: sent, Results: []sendView{}, ToCheck: checkViews(check)}
		for _, r := range results {
			out.Results = append(out.Results, resultView(r))
		}
		if err := printJSON(e.out, out); err != nil {
			return err
		}
	} else {
		printResults(e, results, check, sent)
	}
	if sent < len(results) {
		return fmt.Errorf("send: %d of %d emails were not sent (see above); their follow-ups are still pending", len(results)-sent, len(results))
	}
	return nil
}

func resultView(r outbox.Result) sendView {
	v := sendView{FollowUpID: r.FollowUpID, Customer: r.Customer, To: r.To, Subject: r.Subject, MessageID: r.MessageID, Status: string(r.Status)}
	if v.Status == "" {
		v.Status = "not sent"
	}
	if r.Err != nil {
		v.Error = r.Err.Error()
	}
	return v
}

func checkViews(es []shop.Email) []checkView {
	out := []checkView{}
	for _, m := range es {
		out = append(out, checkView{ID: m.ID, To: m.To, Subject: m.Subject, MessageID: m.MessageID, Started: m.StartedAt.Format(time.RFC3339), Error: m.Error})
	}
	return out
}

func printResults(e *env, results []outbox.Result, check []shop.Email, sent int) {
	if len(results) == 0 {
		fmt.Fprintln(e.out, "No email follow-ups are due now.")
	} else {
		fmt.Fprintf(e.out, "Sent %d of %d emails.\n", sent, len(results))
	}
	for _, r := range results {
		if r.Sent() {
			fmt.Fprintf(e.out, "  sent     %s <%s>: %s (Message-ID <%s>)\n", r.Customer, r.To, r.Subject, r.MessageID)
			if r.Err != nil {
				fmt.Fprintf(e.out, "           %s\n", sentence(r.Err.Error()))
			}
			continue
		}
		status := "not sent"
		if r.Status == shop.EmailUnknown {
			status = "unknown "
		}
		fmt.Fprintf(e.out, "  %s %s\n", status, sentence(r.Err.Error()))
	}
	if len(check) > 0 {
		fmt.Fprintf(e.out, "\nIt is not known whether these %d emails arrived, so they are not sent again by themselves.\n"+
			"Check the mail server's sent mail or ask the customer, then: rapport send --mark-sent ID, or rapport send --send-again ID.\n", len(check))
		for _, m := range check {
			fmt.Fprintf(e.out, "  email %d  %s  to %s: %s (Message-ID <%s>)\n", m.ID, m.StartedAt.Format(timeLayout), m.To, m.Subject, m.MessageID)
		}
	}
}

// sentence starts s with a capital letter and ends it with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

func printDrafts(e *env, drafts []outbox.EmailDraft, refused []outbox.Result, asJSON bool) error {
	if asJSON {
		out := []sendView{}
		for _, d := range drafts {
			out = append(out, sendView{FollowUpID: d.FollowUp.ID, Customer: d.FollowUp.Customer.Name, To: d.To, Subject: d.Subject, Body: d.Body, Status: "draft"})
		}
		for _, r := range refused {
			out = append(out, resultView(r))
		}
		return printJSON(e.out, out)
	}
	if len(drafts)+len(refused) == 0 {
		fmt.Fprintln(e.out, "No email follow-ups are due now.")
		return nil
	}
	fmt.Fprintf(e.out, "%d emails are due now (dry run: nothing is sent).\n", len(drafts))
	for _, d := range drafts {
		fmt.Fprintf(e.out, "\n--- follow-up %d\nTo: %s <%s>\nSubject: %s\n\n%s", d.FollowUp.ID, d.Name, d.To, d.Subject, d.Body)
	}
	for _, r := range refused {
		fmt.Fprintf(e.out, "\n--- follow-up %d: %s\n", r.FollowUpID, sentence(r.Err.Error()))
	}
	return nil
}

// settleEmail marks an email whose outcome is unknown sent, or lets it be sent again.
func settleEmail(e *env, markSent, again string) error {
	if markSent != "" && again != "" {
		return fmt.Errorf("send: give --mark-sent or --send-again, not both: %w", errUsage)
	}
	arg, flag := markSent, "--mark-sent"
	if again != "" {
		arg, flag = again, "--send-again"
	}
	id, err := parseID("send "+flag, "an email (as send lists them)", arg)
	if err != nil {
		return err
	}
	m, err := e.st.Email(e.ctx, id)
	if err != nil {
		return fmt.Errorf("send %s: %w", flag, err)
	}
	if flag == "--mark-sent" {
		if err := e.st.MarkEmailSent(e.ctx, id); err != nil {
			return fmt.Errorf("send %s: %w", flag, err)
		}
		fmt.Fprintf(e.out, "Recorded the email to %s as sent; its follow-up is done.\n", m.To)
		return nil
	}
	if err := e.st.SendEmailAgain(e.ctx, id); err != nil {
		return fmt.Errorf("send %s: %w", flag, err)
	}
	fmt.Fprintf(e.out, "The email to %s goes out again with the next rapport send, with the same Message-ID.\n", m.To)
	return nil
}
