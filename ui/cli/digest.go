package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rapport-app/rapport/data/remind"
	"github.com/rapport-app/rapport/data/shop"
)

// digestView is the start-of-day digest as rapport digest --json prints it.
type digestView struct {
	Day              string        `json:"day"` // YYYY-MM-DD, the shop's today
	For              string        `json:"for,omitempty"`
	FollowUps        int           `json:"follow_ups"`
	Calls            int           `json:"calls"`
	People           []personView  `json:"people"`
	PromisesDueToday []promiseView `json:"promises_due_today"`
	BrokenPromises   []promiseView `json:"broken_promises"`
	EmailsToSend     int           `json:"emails_to_send"`
}

// personView is one person's day.
type personView struct {
	Name      string `json:"name"`
	Calls     int    `json:"calls"`
	Emails    int    `json:"emails"`
	Letters   int    `json:"letters"`
	FollowUps []Item `json:"follow_ups"`
}

// promiseView is one promise of the ledger.
type promiseView struct {
	ID          shop.ID `json:"id"`
	CustomerID  shop.ID `json:"customer_id"`
	Customer    string  `json:"customer"`
	State       string  `json:"state"` // open, kept, kept_late or broken
	Due         string  `json:"due"`   // the time agreed, RFC 3339 in the customer's zone
	Promised    string  `json:"promised_for"`
	Made        string  `json:"made"`
	MadeBy      string  `json:"made_by"`
	Assignee    string  `json:"assignee"`
	Channel     string  `json:"channel"`
	Note        string  `json:"note"`
	KeptAt      string  `json:"kept_at,omitempty"`
	EscalatedTo string  `json:"escalated_to,omitempty"`
	EscalatedAt string  `json:"escalated_at,omitempty"`
}

func toPromiseView(r shop.PromiseRecord, shopLoc *time.Location) promiseView {
	loc := r.Customer.Location(shopLoc)
	v := promiseView{ID: r.ID, CustomerID: r.CustomerID, Customer: r.Customer.Name, State: string(r.Outcome.State),
		Due: r.Outcome.Due.In(loc).Format(time.RFC3339), Promised: r.Due.In(loc).Format(time.RFC3339), Made: r.CreatedAt.In(shopLoc).Format(time.RFC3339),
		MadeBy: r.MadeByName, Assignee: r.AssigneeName, Channel: string(r.Channel), Note: r.Note, EscalatedTo: r.EscalatedToName}
	if !r.Outcome.KeptAt.IsZero() {
		v.KeptAt = r.Outcome.KeptAt.In(shopLoc).Format(time.RFC3339)
	}
	if !r.EscalatedAt.IsZero() {
		v.EscalatedAt = r.EscalatedAt.In(shopLoc).Format(time.RFC3339)
	}
	return v
}

// runDigest prints the start of the day: the day's follow-ups by person, the
// promises due today, the broken ones, and the emails to send.
func runDigest(e *env, args []string) error {
	fs := newFlags("digest")
	forName := fs.String("for", "", "one staff member's digest")
	asJSON := fs.Bool("json", false, "print JSON")
	if pos, err := parseInterspersed(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fmt.Errorf("digest takes no arguments besides --for and --json (%q): %w", pos[0], errUsage)
	}
	var who shop.Staff
	if *forName != "" {
		var err error
		if who, err = findStaff(e, "digest", *forName); err != nil {
			return err
		}
	}
	// The day may have turned since the plan was made: its first command plans it,
	// as for rapport today; otherwise the digest only reads.
	storedPlan(e)
	b, err := e.st.Business(e.ctx)
	if err != nil {
		return err
	}
	items, err := e.st.Today(e.ctx)
	if err != nil {
		return err
	}
	promises, err := e.st.PromisesToKeep(e.ctx)
	if err != nil {
		return err
	}
	d := remind.BuildDigest(e.st.Now(), b, items, promises, who.ID)
	loc := b.Location()
	v := digestView{Day: d.Day.Format(time.DateOnly), For: who.Name, FollowUps: d.FollowUps(), Calls: d.Calls(), EmailsToSend: d.Emails,
		People: []personView{}, PromisesDueToday: []promiseView{}, BrokenPromises: []promiseView{}}
	for _, p := range d.People {
		pv := personView{Name: p.Name, Calls: p.Calls, Emails: p.Emails, Letters: p.Letters, FollowUps: []Item{}}
		for _, it := range p.Items {
			pv.FollowUps = append(pv.FollowUps, toItem(it.Line()))
		}
		v.People = append(v.People, pv)
	}
	for _, r := range d.DueToday {
		v.PromisesDueToday = append(v.PromisesDueToday, toPromiseView(r, loc))
	}
	for _, r := range d.Broken {
		v.BrokenPromises = append(v.BrokenPromises, toPromiseView(r, loc))
	}
	if *asJSON {
		return printJSON(e.out, v)
	}
	return printDigest(e.out, b, d)
}

func printDigest(w io.Writer, b shop.Business, d remind.Digest) error {
	loc := b.Location()
	head := d.Day.Format("Monday, 2 January 2006") + " — " + b.Name
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, strings.TrimPrefix(d.Title(), "Today: ")+": "+d.Summary())
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nCalls by person")
	if len(d.People) == 0 {
		fmt.Fprintln(tw, "  nobody has a follow-up today")
	}
	for _, p := range d.People {
		var parts []string
		for _, c := range []struct {
			n         int
			one, many string
		}{{p.Calls, "call", "calls"}, {p.Emails, "email", "emails"}, {p.Letters, "letter", "letters"}} {
			if c.n > 0 {
				parts = append(parts, plural(c.n, c.one, c.many))
			}
		}
		fmt.Fprintf(tw, "  %s: %s\n", p.Name, strings.Join(parts, ", "))
		for _, it := range p.Items {
			if it.Channel == shop.ChannelPhone {
				fmt.Fprintf(tw, "    %s\t%s\t%s\n", it.Local().Format("15:04 MST"), it.Customer.Name, it.Summary())
			}
		}
	}
	promise := func(r shop.PromiseRecord) {
		cl := r.Customer.Location(loc)
		who := r.AssigneeName
		if r.EscalatedToName != "" {
			who += ", escalated from " + dash(nameOrNobody(r.MadeByName))
		}
		fmt.Fprintf(tw, "  %s\t%s\t(%s)\t%s\n", r.Outcome.Due.In(cl).Format("Mon 15:04 MST"), r.Customer.Name, dash(who), r.Note)
	}
	fmt.Fprintln(tw, "\nPromises due today")
	if len(d.DueToday) == 0 {
		fmt.Fprintln(tw, "  none")
	}
	for _, r := range d.DueToday {
		promise(r)
	}
	fmt.Fprintln(tw, "\nBroken promises not kept yet")
	if len(d.Broken) == 0 {
		fmt.Fprintln(tw, "  none: every promise still open is on time")
	}
	for _, r := range d.Broken {
		promise(r)
	}
	fmt.Fprintf(tw, "\nEmails to send: %d\n", d.Emails)
	return tw.Flush()
}

func nameOrNobody(s string) string {
	if s == "" {
		return "nobody"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// runPromises prints the promise ledger: every promise made, broken ones first.
func runPromises(e *env, args []string) error {
	fs := newFlags("promises")
	asJSON := fs.Bool("json", false, "print JSON")
	if pos, err := parseInterspersed(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fmt.Errorf("promises takes no arguments besides --json (%q): %w", pos[0], errUsage)
	}
	b, err := e.st.Business(e.ctx)
	if err != nil {
		return err
	}
	recs, err := e.st.Promises(e.ctx)
	if err != nil {
		return err
	}
	loc := b.Location()
	out := make([]promiseView, len(recs))
	for i, r := range recs {
		out[i] = toPromiseView(r, loc)
	}
	if *asJSON {
		return printJSON(e.out, out)
	}
	if len(recs) == 0 {
		_, err := fmt.Fprintln(e.out, "No promises yet. Record one: rapport promise EMAIL --due \"YYYY-MM-DD HH:MM\"")
		return err
	}
	t := newTable("ID", "STATE", "DUE (CUSTOMER'S TIME)", "CUSTOMER", "MADE BY", "MADE", "WHAT BECAME OF IT")
	t.grow(len(recs))
	for _, r := range recs {
		cl := r.Customer.Location(loc)
		var fate []string
		if !r.Outcome.KeptAt.IsZero() {
			fate = append(fate, "kept "+r.Outcome.KeptAt.In(loc).Format("Mon 2 Jan 15:04"))
		}
		if r.Outcome.Skipped {
			fate = append(fate, "skipped")
		}
		if !r.EscalatedAt.IsZero() {
			fate = append(fate, "escalated to "+nameOrNobody(r.EscalatedToName)+" "+r.EscalatedAt.In(loc).Format("Mon 2 Jan 15:04"))
		}
		t.row(strconv.FormatInt(r.ID, 10), r.Outcome.State.Label(), r.Outcome.Due.In(cl).Format("2006-01-02 15:04 MST"),
			r.Customer.Name, dash(r.MadeByName), r.CreatedAt.In(loc).Format("2006-01-02"), dash(strings.Join(fate, "; ")))
	}
	return t.write(e.out)
}
