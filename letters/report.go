package letters

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/rapport-app/rapport/data/report"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/letters/charts"
)

// This file prints the report (package report) on the shop's letterhead, for the
// owner's monthly review: the verdict on whether following up pays first, then the
// follow-ups, promises, scores and common problems, each a chart where a chart
// says it better and a table where a table does.

// Accent is the shop's brand colour as its letters print it (read from its logo;
// a calm blue without one), for the charts of the Reports screen.
func Accent(logo []byte) color.NRGBA {
	a := defaultAccent
	if lg := cachedLogo(logoName(logo), logo); len(logo) > 0 && lg != nil {
		a = lg.accent
	}
	return color.NRGBA{uint8(a.r), uint8(a.g), uint8(a.b), 255}
}

// WriteReport renders r on b's letterhead as a PDF to w, dated date. Nothing is
// written when it fails.
func WriteReport(w io.Writer, r report.Report, b shop.Business, paper Paper, date time.Time) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("letters: the PDF library failed on the report: %v", p)
		}
	}()
	if paper != USLetter && paper != A4 {
		return fmt.Errorf("letters: report: unknown paper size %d", int(paper))
	}
	b.Name, b.Address, b.Phone, b.Email, b.Website = clean(b.Name), cleanLines(b.Address), clean(b.Phone), clean(b.Email), clean(b.Website)
	if b.Name == "" {
		return fmt.Errorf("letters: the report needs the shop's name (Business.Name)")
	}
	d := newPDF(paper.pageSize(), date, b.Name, "Follow-up report, "+r.From+" to "+r.To)
	d.cur = &Letter{Kind: FollowUp, Business: b}
	rp := &reportPage{doc: d, r: r, accent: d.accent(d.cur)}
	if err := rp.layout(); err != nil {
		return fmt.Errorf("letters: report: %w", err)
	}
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("letters: report: %w", err)
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return fmt.Errorf("letters: producing the report: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

type reportPage struct {
	*doc
	r      report.Report
	accent rgb
	width  float64
	charts int
}

func (rp *reportPage) layout() error {
	pdf := rp.pdf
	pdf.SetMargins(marginX, marginBottom, marginX)
	pdf.AddPage()
	pdf.SetAutoPageBreak(true, marginBottom)
	pw, _ := pdf.GetPageSize()
	rp.width = pw - 2*marginX
	r := rp.r
	style := charts.Style{Accent: color.NRGBA{uint8(rp.accent.r), uint8(rp.accent.g), uint8(rp.accent.b), 255}}

	pdf.SetFont("serif", "B", 17)
	rp.textColour(ink)
	pdf.CellFormat(rp.width, 8, "Follow-up report", "", 2, "L", false, 0, "")
	pdf.SetFont("sans", "", 9.5)
	rp.textColour(grey)
	pdf.CellFormat(rp.width, 5, fmt.Sprintf("%s to %s", longDay(r.From), longDay(r.To)), "", 2, "L", false, 0, "")
	pdf.Ln(3)
	t := r.FollowUps.Total
	rp.para(fmt.Sprintf("%d follow-ups came due: %d done (%s on the day they were planned for), %d not done. "+
		"%d promises: %d kept on time, %d late, %d broken. %d survey scores, averaging %.1f out of 5. %d issues opened.",
		t.Planned, t.Done, pct(t.OnTheDay, t.Done), t.Missed(), r.Promises.Total.Promised, r.Promises.Total.OnTime,
		r.Promises.Total.Late, r.Promises.Total.Broken, r.Feedback.Total.Count, r.Feedback.Total.Average, r.Problems.All.Opened))

	rp.heading("Does following up pay?")
	s := r.DoesItPay.Sample
	rp.para(fmt.Sprintf("The next-day calls go to a random sample of small-ticket buyers, so the buyers not drawn are a fair comparison group. "+
		"%d buyers were drawn (%d of them reached) and %d were not; everyone drawn counts, reached or not.", s.CalledBuyers, s.Reached, s.OtherBuyers))
	if s.Note != "" {
		rp.para(s.Note)
	}
	for _, w := range s.Windows {
		rp.bullet(w.Verdict)
		if w.Enough {
			rp.bullet(fmt.Sprintf("Spend per buyer within %d days: %s against %s, difference %s (95 %% interval %s to %s).", w.Days,
				money(w.Called.SpendCents.Value), money(w.Others.SpendCents.Value), money(w.SpendDiffCents.Value),
				money(w.SpendDiffCents.Low), money(w.SpendDiffCents.High)))
		}
	}
	if err := rp.chart(charts.Comparison(s, style)); err != nil {
		return err
	}
	bt := r.DoesItPay.BigTicket
	rp.small("Big-ticket buyers called against those not reached (NOT randomised: an association only): " + firstVerdict(bt))

	rp.heading("Follow-ups")
	if err := rp.chart(charts.FollowUpsPerWeek(r, style)); err != nil {
		return err
	}
	rows := [][]string{}
	for _, p := range append(r.FollowUps.People, report.PersonTally{Person: "All", Tally: r.FollowUps.Total}) {
		rows = append(rows, []string{p.Person, itoa(p.Planned), itoa(p.Done), itoa(p.OnTheDay), itoa(p.NoAnswer), itoa(p.Skipped), itoa(p.Overdue), itoa(p.Lapsed)})
	}
	rp.table([]string{"Person", "Planned", "Done", "On the day", "No answer", "Skipped", "Overdue", "Lapsed"}, rows)

	rp.heading("Promises")
	rows = nil
	for _, p := range append(r.Promises.People, report.PersonPromises{Person: "All", PromiseTally: r.Promises.Total}) {
		rows = append(rows, []string{p.Person, itoa(p.Promised), itoa(p.OnTime), itoa(p.Late), itoa(p.Broken), itoa(p.Open)})
	}
	rp.table([]string{"Person", "Promised", "Kept on time", "Kept late", "Broken", "Open"}, rows)

	rp.heading("What customers said")
	if err := rp.chart(charts.ScoresPerMonth(r, style)); err != nil {
		return err
	}
	rows = nil
	for _, sc := range append(append(r.Feedback.Topics, r.Feedback.People...), r.Feedback.Total) {
		rows = append(rows, []string{sc.Label, itoa(sc.Count), fmt.Sprintf("%.1f", sc.Average), itoa(sc.Dist[0]), itoa(sc.Dist[1]), itoa(sc.Dist[2]), itoa(sc.Dist[3]), itoa(sc.Dist[4])})
	}
	rp.table([]string{"About / by", "Scores", "Average", "1", "2", "3", "4", "5"}, rows)
	if len(r.Feedback.Lowest) > 0 {
		rp.small("The lowest scores, to learn from:")
		for _, l := range r.Feedback.Lowest {
			rp.bullet(fmt.Sprintf("%s, %d/5, %s (%s): %s", l.Date, l.Score, l.Customer, l.Person, dash(l.Notes)))
		}
	}

	rp.heading("Common problems")
	if err := rp.chart(charts.IssuesPerMonth(r, style)); err != nil {
		return err
	}
	rows = nil
	for _, it := range append(r.Problems.Types, r.Problems.All) {
		rows = append(rows, []string{it.Label, itoa(it.Opened), itoa(it.Resolved), itoa(it.StillOpen), fmt.Sprintf("%.1f", it.MedianDays), fmt.Sprintf("%.1f", it.P90Days)})
	}
	rp.table([]string{"Type", "Opened", "Resolved", "Still open", "Median days to resolve", "90 % within (days)"}, rows)
	if len(r.Problems.Products) > 0 {
		rows = nil
		for _, p := range r.Problems.Products {
			rows = append(rows, []string{p.Product, itoa(p.Issues), fmt.Sprintf("%.0f %%", p.Share*100)})
		}
		rp.table([]string{"Product most named in issues", "Issues", "Share"}, rows)
	}
	return nil
}

// heading starts a section, on a new page when less than a chart's height is left.
func (rp *reportPage) heading(s string) {
	pdf := rp.pdf
	_, ph := pdf.GetPageSize()
	if pdf.GetY() > ph-marginBottom-70 {
		pdf.AddPage()
	}
	pdf.Ln(4)
	pdf.SetFont("serif", "B", 13)
	rp.textColour(rp.accent)
	pdf.CellFormat(rp.width, 7, s, "", 2, "L", false, 0, "")
	pdf.Ln(1)
}

func (rp *reportPage) para(s string) {
	rp.pdf.SetFont("serif", "", 10)
	rp.textColour(ink)
	rp.pdf.MultiCell(rp.width, 4.8, clean(s), "", "L", false)
	rp.pdf.Ln(1.5)
}

func (rp *reportPage) bullet(s string) {
	pdf := rp.pdf
	pdf.SetFont("serif", "", 10)
	rp.textColour(ink)
	x := pdf.GetX()
	pdf.CellFormat(5, 4.8, "•", "", 0, "L", false, 0, "")
	pdf.MultiCell(rp.width-5, 4.8, clean(s), "", "L", false)
	pdf.SetX(x)
	pdf.Ln(0.8)
}

func (rp *reportPage) small(s string) {
	rp.pdf.SetFont("sans", "", smallPt)
	rp.textColour(grey)
	rp.pdf.MultiCell(rp.width, smallLine, clean(s), "", "L", false)
	rp.pdf.Ln(1)
}

// chart draws p across the page, 62 mm high, as a 200 dpi image.
func (rp *reportPage) chart(p *plot.Plot, err error) error {
	if err != nil {
		return err
	}
	const h = 62.0
	pdf := rp.pdf
	_, ph := pdf.GetPageSize()
	if pdf.GetY()+h > ph-marginBottom {
		pdf.AddPage()
	}
	out, err := charts.PNG(p, vg.Length(rp.width)*vg.Millimeter, h*vg.Millimeter, 200)
	if err != nil {
		return err
	}
	rp.charts++
	name := fmt.Sprintf("chart-%d", rp.charts)
	pdf.RegisterImageOptionsReader(name, gofpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(out))
	y := pdf.GetY() + 1
	pdf.ImageOptions(name, marginX, y, rp.width, h, false, gofpdf.ImageOptions{}, 0, "")
	pdf.SetY(y + h + 2)
	return nil
}

// table prints rows under a header: the first column left, the others right.
func (rp *reportPage) table(head []string, rows [][]string) {
	pdf := rp.pdf
	_, ph := pdf.GetPageSize()
	const line = 5.2
	first := rp.width * 0.34
	if len(head) <= 3 {
		first = rp.width * 0.6
	}
	other := (rp.width - first) / float64(len(head)-1)
	header := func() {
		pdf.SetFont("sans", "B", 8)
		rp.textColour(grey)
		for i, h := range head {
			w, align := other, "R"
			if i == 0 {
				w, align = first, "L"
			}
			pdf.CellFormat(w, line, rp.fitLine("sans", "B", h, 8, 6.5, w-1), "", 0, align, false, 0, "")
		}
		pdf.Ln(line)
		rp.drawColour(rp.accent)
		pdf.SetLineWidth(0.3)
		pdf.Line(marginX, pdf.GetY(), marginX+rp.width, pdf.GetY())
	}
	if pdf.GetY()+line*3 > ph-marginBottom {
		pdf.AddPage()
	}
	header()
	for k, row := range rows {
		if pdf.GetY()+line > ph-marginBottom {
			pdf.AddPage()
			header()
		}
		last := k == len(rows)-1 && (row[0] == "All" || strings.HasPrefix(row[0], "All "))
		style := ""
		if last {
			style = "B"
		}
		rp.textColour(ink)
		for i, c := range row {
			w, align := other, "R"
			if i == 0 {
				w, align = first, "L"
			}
			pdf.CellFormat(w, line, rp.fitLine("sans", style, clean(c), 8.5, 6.5, w-1), "", 0, align, false, 0, "")
		}
		pdf.Ln(line)
		rp.drawColour(rgb{225, 228, 232})
		pdf.SetLineWidth(0.15)
		pdf.Line(marginX, pdf.GetY(), marginX+rp.width, pdf.GetY())
	}
	pdf.Ln(3)
}

func firstVerdict(c report.Comparison) string {
	if c.Note != "" {
		return c.Note
	}
	if len(c.Windows) == 0 {
		return "no data."
	}
	return c.Windows[len(c.Windows)-1].Verdict
}

func itoa(n int) string { return shop.FormatCount(n) }

func pct(part, whole int) string {
	if whole == 0 {
		return "none"
	}
	return fmt.Sprintf("%.0f %%", 100*float64(part)/float64(whole))
}

// money prints a mean in cents to the cent, with the dollar sign.
func money(c float64) string {
	if c < 0 {
		return "−$" + shop.FormatCents(int64(-c+0.5))
	}
	return "$" + shop.FormatCents(int64(c+0.5))
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "no notes"
	}
	return s
}

// longDay prints "2025-12-01" as "1 December 2025".
func longDay(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return t.Format("2 January 2006")
}
