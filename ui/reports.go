package ui

import (
	"bytes"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/report"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/letters"
	"github.com/rapport-app/rapport/letters/charts"
)

// reportsScreen shows whether following up pays and how it went (FOLLOWUP_RULES.md
// §8, "Learn"): the comparison of the random next-day sample first, then the
// follow-ups, promises, scores and common problems, as charts where a chart says
// it better and tables where a table does. The figures come from package report
// through the store; the charts are drawn off the UI goroutine.
type reportsScreen struct {
	u *UI

	period *widget.Select
	save   *widget.Button
	status *widget.Label
	body   *fyne.Container

	shown report.Report
	root  fyne.CanvasObject
}

// Periods the screen offers, by months back from today.
var reportPeriods = []struct {
	label  string
	months int
}{{"Last 12 months", 12}, {"Last 6 months", 6}, {"Last 3 months", 3}, {"Last month", 1}}

func newReportsScreen(u *UI) *reportsScreen {
	s := &reportsScreen{u: u}
	s.buildUI()
	return s
}

func (s *reportsScreen) buildUI() {
	labels := make([]string, len(reportPeriods))
	for i, p := range reportPeriods {
		labels[i] = p.label
	}
	s.period = widget.NewSelect(labels, nil)
	s.period.SetSelectedIndex(0)
	s.period.OnChanged = func(string) { s.reload() }
	s.save = widget.NewButtonWithIcon("Save as PDF", theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.status = widget.NewLabel("")
	s.body = container.NewVBox()
	top := container.NewBorder(nil, nil, container.NewHBox(withWidth(170, s.period), s.status), s.save)
	s.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewVScroll(padRight(s.body)))
}

func (s *reportsScreen) content() fyne.CanvasObject { return s.root }

// span is the period chosen: [from, to) in the shop's zone.
func (s *reportsScreen) span() (time.Time, time.Time) {
	from, to := report.DefaultPeriod(s.u.st.Now(), s.u.shopZone())
	if i := s.period.SelectedIndex(); i > 0 {
		from = to.AddDate(0, -reportPeriods[i].months, 0)
	}
	return from, to
}

// chartSize is the size the charts are drawn at, in points; they are shown at
// that size in the window and drawn at twice the pixels for sharp edges.
const (
	chartW = 500
	chartH = 230
)

// reload computes the report and draws its charts in the background, then shows
// them.
func (s *reportsScreen) reload() {
	if s.period == nil {
		return
	}
	from, to := s.span()
	s.status.SetText("Working out the figures…")
	var r report.Report
	imgs := map[string][]byte{}
	dark := s.u.app.Settings().ThemeVariant() == theme.VariantDark
	s.u.run(func() error {
		var err error
		if r, err = s.u.st.Report(s.u.ctx, from, to); err != nil {
			return err
		}
		style := charts.Style{Accent: letters.Accent(s.u.business.Logo), Dark: dark}
		for name, make := range charts.All(r, style) {
			p, err := make()
			if err != nil {
				return fmt.Errorf("the %s chart: %w", name, err)
			}
			if imgs[name], err = charts.PNG(p, chartW, chartH, 2*72); err != nil {
				return err
			}
		}
		return nil
	}, func() {
		s.shown = r
		s.status.SetText(fmt.Sprintf("%s to %s", r.From, r.To))
		s.show(r, imgs)
	})
}

// chartImage shows a chart's PNG at its size in points where there is room, and
// smaller, whole, in a narrow window.
func chartImage(name string, png []byte) fyne.CanvasObject {
	img := canvas.NewImageFromReader(bytes.NewReader(png), name+".png")
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(chartW*0.7, chartH))
	return img
}

func (s *reportsScreen) show(r report.Report, imgs map[string][]byte) {
	sample := r.DoesItPay.Sample
	intro := wrapped(fmt.Sprintf("The next-day calls go to a random sample of small-ticket buyers, so the buyers not drawn are a fair comparison group. "+
		"%s buyers were drawn (%s reached) and %s were not; everyone drawn counts, reached or not.", count(sample.CalledBuyers), count(sample.Reached), count(sample.OtherBuyers)))
	verdicts := container.NewVBox(intro)
	if sample.Note != "" {
		verdicts.Add(wrapped(sample.Note))
	}
	for _, w := range sample.Windows {
		l := wrapped("• " + w.Verdict)
		if w.Enough && w.ShareDiff.Excludes(0) {
			l.TextStyle.Bold = true
		}
		verdicts.Add(l)
		if w.Enough {
			verdicts.Add(wrapped(fmt.Sprintf("   Spend per buyer within %d days: %s against %s (difference %s, 95 %% interval %s to %s).", w.Days,
				s.u.sum(w.Called.SpendCents.Value), s.u.sum(w.Others.SpendCents.Value), s.u.sum(w.SpendDiffCents.Value),
				s.u.sum(w.SpendDiffCents.Low), s.u.sum(w.SpendDiffCents.High))))
		}
	}
	big := r.DoesItPay.BigTicket
	bigText := big.Note
	if bigText == "" && len(big.Windows) > 0 {
		bigText = big.Windows[len(big.Windows)-1].Verdict
	}
	note := wrapped("Big-ticket buyers called against those not reached — NOT randomised, an association only: " + bigText)
	note.TextStyle.Italic = true
	verdicts.Add(note)
	pays := card("Does following up pay?", container.NewGridWithColumns(2, verdicts, chartImage("sample", imgs["sample"])))

	t := r.FollowUps.Total
	tallyRows := [][]string{{"", "Planned", "Done", "On the day", "No answer", "Skipped", "Overdue", "Lapsed"}}
	for _, p := range append(r.FollowUps.People, report.PersonTally{Person: "All", Tally: t}) {
		tallyRows = append(tallyRows, []string{p.Person, count(p.Planned), count(p.Done), count(p.OnTheDay), count(p.NoAnswer), count(p.Skipped), count(p.Overdue), count(p.Lapsed)})
	}
	promiseRows := [][]string{{"", "Promised", "On time", "Late", "Broken", "Open"}}
	for _, p := range append(r.Promises.People, report.PersonPromises{Person: "All", PromiseTally: r.Promises.Total}) {
		promiseRows = append(promiseRows, []string{p.Person, count(p.Promised), count(p.OnTime), count(p.Late), count(p.Broken), count(p.Open)})
	}
	// Each card: its chart beside a short table, the wide table under both at the
	// card's full width, so that no heading is cut short in a 1024-wide window.
	followUps := card("Follow-ups and promises", container.NewVBox(
		container.NewGridWithColumns(2, chartImage("follow-ups", imgs["follow-ups"]), wrapped(followUpSummary(r))),
		heading("Follow-ups, by who they were for"), grid(tallyRows),
		heading("Promises, by who made them"), grid(promiseRows)))

	scoreRows := [][]string{{"", "Scores", "Average", "1", "2", "3", "4", "5"}}
	for _, sc := range append(append(r.Feedback.Topics, r.Feedback.People...), r.Feedback.Total) {
		scoreRows = append(scoreRows, []string{sc.Label, count(sc.Count), fmt.Sprintf("%.1f", sc.Average), count(sc.Dist[0]), count(sc.Dist[1]), count(sc.Dist[2]), count(sc.Dist[3]), count(sc.Dist[4])})
	}
	lowest := container.NewVBox()
	for _, l := range r.Feedback.Lowest {
		lowest.Add(wrapped(fmt.Sprintf("%s · %d/5 · %s (%s): %s", l.Date, l.Score, l.Customer, l.Person, orNone(l.Notes))))
	}
	feedback := card("What customers said", container.NewVBox(
		container.NewGridWithColumns(2, chartImage("scores", imgs["scores"]), container.NewVBox(heading("The lowest scores, to learn from"), lowest)),
		heading("Survey scores, 1 to 5"), grid(scoreRows)))

	typeRows := [][]string{{"", "Opened", "Resolved", "Open", "Median days", "90 % within"}}
	for _, it := range append(r.Problems.Types, r.Problems.All) {
		typeRows = append(typeRows, []string{it.Label, count(it.Opened), count(it.Resolved), count(it.StillOpen), fmt.Sprintf("%.1f", it.MedianDays), fmt.Sprintf("%.1f", it.P90Days)})
	}
	productRows := [][]string{{"Products most named in issues", "Issues", "Share"}}
	for _, p := range r.Problems.Products {
		productRows = append(productRows, []string{p.Product, count(p.Issues), fmt.Sprintf("%.0f %%", p.Share*100)})
	}
	problems := card("Common problems", container.NewVBox(
		container.NewGridWithColumns(2, chartImage("issues", imgs["issues"]), grid(productRows)),
		heading("By type"), grid(typeRows)))

	s.body.Objects = []fyne.CanvasObject{pays, followUps, feedback, problems}
	s.body.Refresh()
}

// grid lays rows of text out as a table: the first row and column as headings,
// the numbers right-aligned.
func grid(rows [][]string) fyne.CanvasObject {
	if len(rows) == 0 {
		return container.NewVBox()
	}
	g := container.NewWithoutLayout()
	var first float32
	for i, row := range rows {
		for j, c := range row {
			l := widget.NewLabel(c)
			if j == 0 {
				// The first column is as wide as its longest name (measured before
				// the name may be cut short), up to the share tableLayout allows.
				first = max(first, l.MinSize().Width)
			} else {
				l.Alignment = fyne.TextAlignTrailing
			}
			l.Truncation = fyne.TextTruncateEllipsis
			if i == 0 || j == 0 && (c == "All" || i == len(rows)-1 && len(rows) > 2 && c == "All issues") {
				l.TextStyle.Bold = true
			}
			if i == 0 {
				l.Importance = widget.LowImportance
			}
			g.Add(l)
		}
	}
	return container.New(&tableLayout{cols: len(rows[0]), first: first}, g.Objects...)
}

func count(n int) string { return shop.FormatCount(n) }

// followUpSummary says in a few sentences how the period's follow-ups and
// promises went, beside their chart.
func followUpSummary(r report.Report) string {
	t, p := r.FollowUps.Total, r.Promises.Total
	n := count
	if t.Planned == 0 && p.Promised == 0 {
		return "No follow-up came due in this period."
	}
	text := fmt.Sprintf("%s due: %s done (%s), %s of them on the day planned.", plural(t.Planned, "follow-up came", "follow-ups came"),
		n(t.Done), percentOf(t.Done, t.Planned), n(t.OnTheDay))
	if k := t.NoAnswer + t.Rescheduled; k > 0 {
		text += fmt.Sprintf(" %s went unanswered or were moved, and were tried again.", n(k))
	}
	if t.Overdue > 0 {
		text += " " + plural(t.Overdue, "is overdue.", "are overdue.")
	}
	if t.Upcoming > 0 {
		text += " " + plural(t.Upcoming, "is still to come.", "are still to come.")
	}
	if p.Promised > 0 {
		text += fmt.Sprintf("\n\n%s made to customers: %s kept on time, %s late, %s broken, %s still open.", plural(p.Promised, "promise was", "promises were"),
			n(p.OnTime), n(p.Late), n(p.Broken), n(p.Open))
	}
	return text
}

// percentOf is part as a whole percentage of whole, "98\u00a0%".
func percentOf(part, whole int) string {
	if whole == 0 {
		return "0\u00a0%"
	}
	return fmt.Sprintf("%.0f\u00a0%%", 100*float64(part)/float64(whole))
}

func orNone(s string) string {
	if s == "" {
		return "no notes"
	}
	return s
}

// onSave prints the report shown on the letterhead and asks where to save it.
func (s *reportsScreen) onSave() {
	r := s.shown
	if r.From == "" {
		return
	}
	var pdf bytes.Buffer
	b := s.u.business
	s.u.runBusy("Drawing the report…", func() error {
		ls, err := s.u.st.LetterSettings(s.u.ctx)
		if err != nil {
			return err
		}
		return letters.WriteReport(&pdf, r, b, letters.PaperFor(ls.Country, ls.Paper), s.u.st.Now())
	}, func() { s.u.savePDF(letterFileName("report", r.From+" to "+r.To, s.u.now()), pdf.Bytes(), nil, "") })
}

// tableLayout lays its objects out in rows of cols: the first column as wide as
// its longest text (first), the others sharing the rest equally.
type tableLayout struct {
	cols  int
	first float32
}

// sizes are the widest cell of the other columns and the tallest cell.
func (t *tableLayout) sizes(objs []fyne.CanvasObject) (rest, row float32) {
	for i, o := range objs {
		m := o.MinSize()
		if i%t.cols != 0 {
			rest = max(rest, m.Width)
		}
		row = max(row, m.Height)
	}
	return rest, row
}

// Layout places the cells; the first column takes at most 45 % of the width.
func (t *tableLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	_, row := t.sizes(objs)
	first := min(t.first, size.Width*0.45)
	w := (size.Width - first) / float32(t.cols-1)
	for i, o := range objs {
		c, r := i%t.cols, i/t.cols
		x, cw := float32(0), first
		if c > 0 {
			x, cw = first+float32(c-1)*w, w
		}
		o.Move(fyne.NewPos(x, float32(r)*row))
		o.Resize(fyne.NewSize(cw, row))
	}
}

// MinSize is the first column, up to 160 wide, beside the others at their
// widest: the headings are never cut short; a long name in the first column may
// be.
func (t *tableLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	rest, row := t.sizes(objs)
	rows := (len(objs) + t.cols - 1) / t.cols
	return fyne.NewSize(min(t.first, 160)+rest*float32(t.cols-1), row*float32(rows))
}
