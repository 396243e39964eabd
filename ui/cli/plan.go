package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// dayRange reads --from and --to (YYYY-MM-DD, inclusive, in the shop's time zone)
// as the half-open span [start, end). Without --to the span is days long, from
// --from or else from today.
func dayRange(e *env, cmd, from, to string, days int) (start, end time.Time, err error) {
	b, err := e.st.Business(e.ctx)
	if err != nil {
		return start, end, err
	}
	loc := b.Location()
	today := e.st.Now().In(loc)
	start = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	if from != "" {
		if start, err = time.ParseInLocation(time.DateOnly, from, loc); err != nil {
			return start, end, fmt.Errorf("%s: --from %q is not a date (YYYY-MM-DD): %w", cmd, from, errUsage)
		}
	}
	end = start.AddDate(0, 0, days)
	if to != "" {
		last, err := time.ParseInLocation(time.DateOnly, to, loc)
		if err != nil {
			return start, end, fmt.Errorf("%s: --to %q is not a date (YYYY-MM-DD): %w", cmd, to, errUsage)
		}
		end = last.AddDate(0, 0, 1)
	}
	if !end.After(start) {
		return start, end, fmt.Errorf("%s: --to is before --from: %w", cmd, errUsage)
	}
	return start, end, nil
}

func runAgenda(e *env, args []string) error {
	fs := newFlags("agenda")
	from := fs.String("from", "", "first day, YYYY-MM-DD")
	to := fs.String("to", "", "last day, YYYY-MM-DD")
	asJSON := fs.Bool("json", false, "print JSON")
	if pos, err := parseInterspersed(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fmt.Errorf("agenda takes no arguments besides its flags (%q): %w", pos[0], errUsage)
	}
	start, end, err := dayRange(e, "agenda", *from, *to, 7)
	if err != nil {
		return err
	}
	storedPlan(e)
	items, err := e.st.AgendaLines(e.ctx, start, end)
	if err != nil {
		return err
	}
	return printItems(e.out, items, *asJSON)
}

func runToday(e *env, args []string) error {
	fs := newFlags("today")
	asJSON := fs.Bool("json", false, "print JSON")
	if pos, err := parseInterspersed(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fmt.Errorf("today takes no arguments besides --json (%q): %w", pos[0], errUsage)
	}
	storedPlan(e)
	items, err := e.st.TodayLines(e.ctx)
	if err != nil {
		return err
	}
	return printItems(e.out, items, *asJSON)
}

// storedPlan readies the stored plan for viewing: the day's first command re-plans
// the whole shop once, and later ones only read. When that re-plan cannot be made
// (the file is busy with another command's writing, or the disk is full) the stored
// plan is shown anyway, with a note that it is from an earlier day.
func storedPlan(e *env) {
	_, err := e.st.RefreshPlan(e.ctx)
	if err == nil {
		return
	}
	ps, perr := e.st.PlanState(e.ctx)
	if perr != nil || ps.Current() {
		return
	}
	if ps.Day == "" {
		fmt.Fprintf(e.errOut, "rapport: note: no follow-ups have been planned yet, and they could not be planned now (%v).\n", err)
		return
	}
	fmt.Fprintf(e.errOut, "rapport: note: these are the follow-ups as planned on %s; today's plan could not be made (%v).\n", ps.Day, err)
}

func runReplan(e *env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("replan takes no arguments: %w", errUsage)
	}
	n, err := e.st.Replan(e.ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.out, "%d follow-ups planned.\n", n)
	return nil
}

// Item is one follow-up as the headless commands print it.
type Item struct {
	ID         shop.ID  `json:"id"`
	CustomerID shop.ID  `json:"customer_id"`
	Customer   string   `json:"customer"`
	Reason     string   `json:"reason"`
	Reasons    []string `json:"reasons"`
	Channel    string   `json:"channel"`
	Due        string   `json:"due"` // RFC 3339 in the customer's zone
	TimeZone   string   `json:"time_zone"`
	Assignee   string   `json:"assignee"`
	Reference  string   `json:"reference"`
	Priority   string   `json:"priority"`
	Promised   bool     `json:"promised"`
	Overdue    bool     `json:"overdue"`
	Status     string   `json:"status"`
	Notes      string   `json:"notes,omitempty"`
	Score      int      `json:"score,omitempty"`
}

// dueText is a follow-up's due time as the lists print it: RFC 3339, in the
// customer's zone.
func dueText(l *shop.Line) string { return l.Local().Format(time.RFC3339) }

// referenceText is a follow-up's references as the lists print them.
func referenceText(l *shop.Line) string { return strings.Join(l.References(), ", ") }

func toItem(a shop.Line) Item {
	it := Item{ID: a.ID, CustomerID: a.CustomerID, Customer: a.CustomerName, Reason: a.Summary(), Channel: string(a.Channel),
		Due: dueText(&a), TimeZone: a.TimeZone, Assignee: a.Assignee, Reference: referenceText(&a),
		Priority: shop.PriorityLabel(a.Priority), Promised: a.Promised, Overdue: a.Overdue, Reasons: []string{}, Status: string(a.Status),
		Notes: a.Notes, Score: a.Score}
	for _, r := range a.Reasons {
		it.Reasons = append(it.Reasons, r.Text)
	}
	return it
}

func printItems(w io.Writer, items []shop.Line, asJSON bool) error {
	if asJSON {
		out := make([]Item, len(items))
		for i, a := range items {
			out[i] = toItem(a)
		}
		return printJSON(w, out)
	}
	if len(items) == 0 {
		_, err := fmt.Fprintln(w, "No follow-ups planned.")
		return err
	}
	t := newTable("ID", "DUE (CUSTOMER'S TIME)", "CUSTOMER", "CHANNEL", "ASSIGNEE", "REF", "REASON")
	t.grow(len(items))
	for i := range items {
		a := &items[i]
		flags := ""
		if a.Priority == shop.PriorityOpenProblem {
			flags = "[open problem] "
		}
		if a.Promised {
			flags += "[promised] "
		}
		if a.Overdue {
			flags += "[overdue] "
		}
		t.row(strconv.FormatInt(a.ID, 10), dueText(a), a.CustomerName, string(a.Channel), dash(a.Assignee), dash(referenceText(a)), flags+a.Summary())
	}
	return t.write(w)
}
