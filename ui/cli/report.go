package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rapport-app/rapport/data/export"
	"github.com/rapport-app/rapport/data/report"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/letters"
)

// runReport prints the report of a period (FOLLOWUP_RULES.md §8): the figures of
// the Reports screen, as text or, with --json, every one of them.
func runReport(e *env, args []string) error {
	fs := newFlags("report")
	from := fs.String("from", "", "first day, YYYY-MM-DD")
	to := fs.String("to", "", "last day, YYYY-MM-DD")
	asJSON := fs.Bool("json", false, "print JSON")
	pdf := fs.String("pdf", "", "write the report on the letterhead to FILE (a PDF), as the screen's Save as PDF does")
	if pos, err := parseInterspersed(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fmt.Errorf("report takes no arguments besides its flags (%q): %w", pos[0], errUsage)
	}
	start, end, err := reportPeriod(e, *from, *to)
	if err != nil {
		return err
	}
	r, err := e.st.Report(e.ctx, start, end)
	if err != nil {
		return err
	}
	switch {
	case *pdf != "":
		return writeReportPDF(e, r, *pdf)
	case *asJSON:
		return printJSON(e.out, r)
	}
	return printReport(e.out, r)
}

// writeReportPDF prints the report on the shop's letterhead to file.
func writeReportPDF(e *env, r report.Report, file string) error {
	b, err := e.st.Business(e.ctx)
	if err != nil {
		return err
	}
	ls, err := e.st.LetterSettings(e.ctx)
	if err != nil {
		return err
	}
	err = export.WriteFilePrivate(file, func(w io.Writer) error {
		return letters.WriteReport(w, r, b, letters.PaperFor(ls.Country, ls.Paper), e.st.Now())
	})
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	fmt.Fprintf(e.out, "Wrote the report from %s to %s to %s.\n", r.From, r.To, file)
	return nil
}

// reportPeriod reads --from and --to (inclusive days in the shop's zone); each
// defaults to report.DefaultPeriod's.
func reportPeriod(e *env, from, to string) (time.Time, time.Time, error) {
	b, err := e.st.Business(e.ctx)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	loc := b.Location()
	start, end := report.DefaultPeriod(e.st.Now(), loc)
	if to != "" {
		last, err := time.ParseInLocation(time.DateOnly, to, loc)
		if err != nil {
			return start, end, fmt.Errorf("report: --to %q is not a date (YYYY-MM-DD): %w", to, errUsage)
		}
		end = last.AddDate(0, 0, 1)
		if from == "" {
			start = end.AddDate(-1, 0, 0)
		}
	}
	if from != "" {
		if start, err = time.ParseInLocation(time.DateOnly, from, loc); err != nil {
			return start, end, fmt.Errorf("report: --from %q is not a date (YYYY-MM-DD): %w", from, errUsage)
		}
	}
	if !end.After(start) {
		return start, end, fmt.Errorf("report: --to is before --from: %w", errUsage)
	}
	return start, end, nil
}

func printReport(w io.Writer, r report.Report) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	section := func(title string) {
		tw.Flush()
		fmt.Fprintf(w, "\n%s\n%s\n", title, strings.Repeat("=", len([]rune(title))))
	}
	fmt.Fprintf(w, "%s: report from %s to %s\n", r.Shop, r.From, r.To)

	section("Follow-ups")
	fmt.Fprintln(tw, "\tPlanned\tDone\tOn the day\tNo answer\tSkipped\tOverdue\tLapsed\t")
	tally := func(label string, t report.Tally) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", left(label), t.Planned, t.Done, t.OnTheDay, t.NoAnswer, t.Skipped, t.Overdue, t.Lapsed)
	}
	for _, p := range r.FollowUps.People {
		tally(p.Person, p.Tally)
	}
	tally("All", r.FollowUps.Total)

	section("Promises")
	fmt.Fprintln(tw, "\tPromised\tOn time\tLate\tBroken\tOpen\t")
	promises := func(label string, t report.PromiseTally) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t\n", left(label), t.Promised, t.OnTime, t.Late, t.Broken, t.Open)
	}
	for _, p := range r.Promises.People {
		promises(p.Person, p.PromiseTally)
	}
	promises("All", r.Promises.Total)

	section("Customer feedback (survey scores 1-5)")
	fmt.Fprintln(tw, "\tScores\tAverage\t1\t2\t3\t4\t5\t")
	scores := func(s report.Scores) {
		avg := "-"
		if s.Count > 0 {
			avg = fmt.Sprintf("%.1f", s.Average)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%d\t%d\t%d\t%d\t\n", left(s.Label), s.Count, avg, s.Dist[0], s.Dist[1], s.Dist[2], s.Dist[3], s.Dist[4])
	}
	for _, s := range r.Feedback.Months {
		scores(s)
	}
	fmt.Fprintln(tw, "\t\t\t\t\t\t\t\t")
	for _, s := range r.Feedback.Topics {
		scores(s)
	}
	fmt.Fprintln(tw, "\t\t\t\t\t\t\t\t")
	for _, s := range r.Feedback.People {
		scores(s)
	}
	scores(r.Feedback.Total)
	tw.Flush()
	if len(r.Feedback.Lowest) > 0 {
		fmt.Fprintln(w, "\nThe lowest scores:")
		for _, l := range r.Feedback.Lowest {
			fmt.Fprintf(w, "  %s  %d/5  %s (%s): %s\n", l.Date, l.Score, l.Customer, l.Person, orDash(l.Notes))
		}
	}

	section("Common problems")
	head := "\t"
	for _, t := range shop.IssueTypes {
		head += t.Label() + "\t"
	}
	fmt.Fprintln(tw, head+"All\t")
	for _, m := range r.Problems.Months {
		line := left(m.Month) + "\t"
		for _, t := range shop.IssueTypes {
			line += fmt.Sprintf("%d\t", m.Counts[t])
		}
		fmt.Fprintln(tw, line+fmt.Sprintf("%d\t", m.Total))
	}
	tw.Flush()
	fmt.Fprintln(w)
	fmt.Fprintln(tw, "\tOpened\tResolved\tStill open\tMedian days\t90 % within\t")
	for _, t := range append(r.Problems.Types, r.Problems.All) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.1f\t%.1f\t\n", left(t.Label), t.Opened, t.Resolved, t.StillOpen, t.MedianDays, t.P90Days)
	}
	tw.Flush()
	if len(r.Problems.Products) > 0 {
		fmt.Fprintln(w, "\nProducts most named in issues:")
		for _, p := range r.Problems.Products {
			fmt.Fprintf(w, "  %3d  %3.0f %%  %s\n", p.Issues, p.Share*100, p.Product)
		}
	}

	section("Does following up pay?")
	for _, c := range []report.Comparison{r.DoesItPay.Sample, r.DoesItPay.BigTicket} {
		fmt.Fprintf(w, "%s\n", c.Title)
		if !c.Randomised {
			fmt.Fprintln(w, "  NOT randomised: an association, not proof of an effect.")
		}
		fmt.Fprintf(w, "  Called: %s: %d buyers, %d reached.\n  Others: %s: %d buyers.\n", c.Called, c.CalledBuyers, c.Reached, c.Others, c.OtherBuyers)
		if c.Note != "" {
			fmt.Fprintf(w, "  %s\n\n", c.Note)
			continue
		}
		for _, win := range c.Windows {
			fmt.Fprintf(w, "  Within %d days: %s\n", win.Days, win.Verdict)
			if win.Enough {
				fmt.Fprintf(w, "    Spend per buyer: %s against %s, difference %s (95 %% interval %s to %s).\n",
					money(win.Called.SpendCents.Value), money(win.Others.SpendCents.Value), money(win.SpendDiffCents.Value),
					money(win.SpendDiffCents.Low), money(win.SpendDiffCents.High))
			}
		}
		fmt.Fprintln(w)
	}
	return nil
}

// money prints cents held as a float (a mean) to the cent.
func money(c float64) string {
	if c < 0 {
		return "-" + shop.FormatCents(int64(-c+0.5))
	}
	return shop.FormatCents(int64(c + 0.5))
}

// left pads a row label so that the right-aligned table keeps its labels on
// the left.
func left(s string) string {
	const w = 18
	if n := len([]rune(s)); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}
