// Package charts draws the report's figures with gonum's plot library, in the
// letters' own font (DejaVu Sans) and the shop's colours: as PNG images for the
// Reports screen and for the PDF of package letters (seed 001: "Communicate
// information with charts").
//
// Each chart is a function of report values only. Drawing takes some tens of
// milliseconds: keep it off the UI goroutine.
package charts

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strings"
	"time"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/rapport-app/rapport/assets"
	"github.com/rapport-app/rapport/data/report"
	"github.com/rapport-app/rapport/data/shop"
)

// The letters' typeface, registered with the plot library once.
var sans = font.Font{Typeface: "DejaVu Sans"}

func init() {
	for _, f := range []struct {
		ttf    []byte
		weight int
	}{{assets.SansRegular, 400}, {assets.SansBold, 700}} {
		face, err := opentype.Parse(f.ttf)
		if err != nil {
			panic(fmt.Sprintf("charts: the embedded DejaVu Sans: %v", err))
		}
		fnt := sans
		fnt.Weight = fontWeight(f.weight)
		font.DefaultCache.Add(font.Collection{{Font: fnt, Face: face}})
	}
	plot.DefaultFont = sans
}

// Colours: the shop's accent for what was done, tints of it for what came
// after, greys for what was not done; the issue types in a muted palette that
// starts at the accent.
var (
	ink   = color.NRGBA{0x21, 0x23, 0x28, 0xff}
	grey  = color.NRGBA{0x8a, 0x8f, 0x98, 0xff}
	light = color.NRGBA{0xd5, 0xd8, 0xdd, 0xff}
	rule  = color.NRGBA{0xe6, 0xe8, 0xeb, 0xff}
)

// Style is what a chart is drawn with.
type Style struct {
	// Accent is the shop's colour (its logo's); a calm blue when zero.
	Accent color.NRGBA
	// Dark draws light text and lines for a dark background.
	Dark bool
}

func (s Style) accent() color.NRGBA {
	if s.Accent.A == 0 {
		return color.NRGBA{38, 92, 140, 255}
	}
	return s.Accent
}

func (s Style) ink() color.Color {
	if s.Dark {
		return color.NRGBA{0xe8, 0xe8, 0xea, 0xff}
	}
	return ink
}

// tint mixes c with white: 0 is c, 1 white.
func tint(c color.NRGBA, f float64) color.NRGBA {
	mix := func(v uint8) uint8 { return uint8(float64(v) + (255-float64(v))*f) }
	return color.NRGBA{mix(c.R), mix(c.G), mix(c.B), 255}
}

// typeColours are the issue types' colours, in shop.IssueTypes order.
func (s Style) typeColours() []color.Color {
	return []color.Color{s.accent(), color.NRGBA{0xd9, 0x8c, 0x3f, 0xff}, color.NRGBA{0x6a, 0xa8, 0x6e, 0xff},
		color.NRGBA{0xc2, 0x4e, 0x4e, 0xff}, color.NRGBA{0x8e, 0x6c, 0xb8, 0xff}, grey}
}

// newPlot is a plot with the house style: no frame, light grid, small type.
func (s Style) newPlot(title, yLabel string) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = color.Transparent
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = 11
	p.Title.TextStyle.Font.Weight = fontWeight(700)
	p.Title.TextStyle.Color = s.ink()
	p.Title.Padding = 6
	p.Y.Label.Text = yLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = 9
		a.Label.TextStyle.Color = s.ink()
		a.Tick.Label.Font.Size = 8
		a.Tick.Label.Color = s.ink()
		a.Color = grey
		a.Tick.Color = grey
		a.LineStyle.Width = 0.5
	}
	p.Legend.TextStyle.Font.Size = 8
	p.Legend.TextStyle.Color = s.ink()
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.Padding = 2
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Transparent
	grid.Horizontal.Color = rule
	if s.Dark {
		grid.Horizontal.Color = color.NRGBA{0x44, 0x46, 0x4c, 0xff}
	}
	grid.Horizontal.Width = 0.5
	p.Add(grid)
	return p
}

// PNG renders p at w×h points and dpi dots per inch.
func PNG(p *plot.Plot, w, h vg.Length, dpi float64) ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(int(dpi)), vgimg.UseBackgroundColor(color.Transparent))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	return buf.Bytes(), nil
}

// stacked adds bars stacked on each other, one series per colour, with a legend.
func stacked(p *plot.Plot, names []string, series [][]float64, colours []color.Color, width vg.Length) error {
	if len(series) == 0 {
		return nil
	}
	var below *plotter.BarChart
	for i, vs := range series {
		b, err := plotter.NewBarChart(plotter.Values(vs), width)
		if err != nil {
			return err
		}
		b.Color = colours[i]
		b.LineStyle.Width = 0
		if below != nil {
			b.StackOn(below)
		}
		p.Add(b)
		p.Legend.Add(names[i], b)
		below = b
	}
	// Room above the highest bar for the legend.
	top := 0.0
	for j := range series[0] {
		sum := 0.0
		for _, vs := range series {
			sum += vs[j]
		}
		top = math.Max(top, sum)
	}
	p.Y.Max = math.Max(top*1.3, 4)
	return nil
}

// FollowUpsPerWeek: how the follow-ups due each week went.
func FollowUpsPerWeek(r report.Report, s Style) (*plot.Plot, error) {
	p := s.newPlot("Follow-ups per week", "follow-ups")
	n := len(r.FollowUps.Weeks)
	onDay, late, missed := make([]float64, n), make([]float64, n), make([]float64, n)
	labels := make([]string, n)
	for i, w := range r.FollowUps.Weeks {
		onDay[i] = float64(w.OnTheDay)
		late[i] = float64(w.Done - w.OnTheDay)
		missed[i] = float64(w.Missed())
		labels[i] = weekLabel(w.Week, i, n)
	}
	if err := stacked(p, []string{"Done on the day", "Done later", "Not done"}, [][]float64{onDay, late, missed},
		[]color.Color{s.accent(), tint(s.accent(), 0.55), light}, barWidth(n)); err != nil {
		return nil, err
	}
	p.NominalX(labels...)
	p.X.Tick.Width = 0
	p.Legend.Left = false
	return p, nil
}

// ScoresPerMonth: the average survey score of each month, 1 to 5, with the
// number of scores under it.
func ScoresPerMonth(r report.Report, s Style) (*plot.Plot, error) {
	p := s.newPlot("Survey score per month (1–5)", "average score")
	var pts plotter.XYs
	labels := make([]string, len(r.Feedback.Months))
	for i, m := range r.Feedback.Months {
		labels[i] = monthLabel(m.Label) + "\n" + plural(m.Count, "score")
		if m.Count > 0 {
			pts = append(pts, plotter.XY{X: float64(i), Y: m.Average})
		}
	}
	if len(pts) > 0 {
		l, sc, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = s.accent(), 1.5
		sc.GlyphStyle.Color, sc.GlyphStyle.Radius, sc.GlyphStyle.Shape = s.accent(), 2.5, draw.CircleGlyph{}
		p.Add(l, sc)
	}
	p.NominalX(labels...)
	p.X.Tick.Width = 0
	p.X.Min, p.X.Max = -0.5, float64(len(labels))-0.5
	p.Y.Min, p.Y.Max = 1, 5
	p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 1, Label: "1"}, {Value: 2, Label: "2"}, {Value: 3, Label: "3"}, {Value: 4, Label: "4"}, {Value: 5, Label: "5"}})
	return p, nil
}

// IssuesPerMonth: the issues opened each month, by type.
func IssuesPerMonth(r report.Report, s Style) (*plot.Plot, error) {
	p := s.newPlot("Issues per month, by type", "issues")
	n := len(r.Problems.Months)
	var names []string
	var series [][]float64
	var colours []color.Color
	for k, t := range shop.IssueTypes {
		vs := make([]float64, n)
		any := false
		for i, m := range r.Problems.Months {
			vs[i] = float64(m.Counts[t])
			any = any || vs[i] > 0
		}
		if !any {
			continue
		}
		names, series, colours = append(names, t.Label()), append(series, vs), append(colours, s.typeColours()[k])
	}
	labels := make([]string, n)
	for i, m := range r.Problems.Months {
		labels[i] = monthLabel(m.Month)
	}
	if err := stacked(p, names, series, colours, barWidth(n)); err != nil {
		return nil, err
	}
	p.NominalX(labels...)
	p.X.Tick.Width = 0
	p.Legend.Left = false
	return p, nil
}

// Comparison: the share of each group who bought again within each window,
// with its 95 % interval; windows without enough data say so instead.
func Comparison(c report.Comparison, s Style) (*plot.Plot, error) {
	title := "Bought again: called vs others"
	if !c.Randomised {
		title += " (not randomised)"
	}
	p := s.newPlot(title, "")
	p.X.Label.Text = "share who bought again, with 95\u00a0% interval"
	var labels []string
	var called, others plotter.XYs
	var calledErr, othersErr plotter.XErrors
	row := 0.0
	for i := len(c.Windows) - 1; i >= 0; i-- {
		w := c.Windows[i]
		if w.Called.Buyers == 0 && w.Others.Buyers == 0 {
			continue
		}
		for _, g := range []struct {
			a   report.Arm
			xy  *plotter.XYs
			err *plotter.XErrors
		}{{w.Others, &others, &othersErr}, {w.Called, &called, &calledErr}} {
			v := g.a.Share
			*g.xy = append(*g.xy, plotter.XY{X: v.Value * 100, Y: row})
			*g.err = append(*g.err, struct{ Low, High float64 }{(v.Value - max(v.Low, 0)) * 100, (min(v.High, 1) - v.Value) * 100})
			labels = append(labels, fmt.Sprintf("%s, %d days", g.a.Label, w.Days))
			row++
		}
		row += 0.5
	}
	add := func(xy plotter.XYs, errs plotter.XErrors, col color.Color) error {
		if len(xy) == 0 {
			return nil
		}
		pts := errPoints{xy, errs}
		eb, err := plotter.NewXErrorBars(pts)
		if err != nil {
			return err
		}
		eb.Color, eb.Width, eb.CapWidth = col, 2, 5
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return err
		}
		sc.GlyphStyle.Color, sc.GlyphStyle.Radius, sc.GlyphStyle.Shape = col, 3.5, draw.CircleGlyph{}
		// No legend: each row's label names its group, and a legend would sit on
		// the rows.
		p.Add(eb, sc)
		return nil
	}
	if err := add(called, calledErr, s.accent()); err != nil {
		return nil, err
	}
	if err := add(others, othersErr, grey); err != nil {
		return nil, err
	}
	// Rows: the y values given above, 0, 1, then 2.5, 3.5.
	var ticks []plot.Tick
	y := 0.0
	for i, l := range labels {
		ticks = append(ticks, plot.Tick{Value: y, Label: l})
		y++
		if i%2 == 1 {
			y += 0.5
		}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Min, p.Y.Max = -0.6, math.Max(y-0.9, 1)
	p.X.Min = 0
	hi := 10.0
	for _, w := range c.Windows {
		hi = math.Max(hi, math.Max(w.Called.Share.High, w.Others.Share.High)*100)
	}
	p.X.Max = math.Min(math.Ceil((hi+3)/10)*10, 100)
	p.X.Tick.Marker = percentTicks{}
	return p, nil
}

type errPoints struct {
	plotter.XYs
	plotter.XErrors
}

// percentTicks labels an axis of percentages every 10 (or 5) points.
type percentTicks struct{}

func (percentTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 10.0
	if hi-lo <= 30 {
		step = 5
	}
	var ts []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi+1e-9; v += step {
		ts = append(ts, plot.Tick{Value: v, Label: fmt.Sprintf("%.0f %%", v)})
	}
	return ts
}

func barWidth(n int) vg.Length {
	switch {
	case n > 40:
		return 5
	case n > 20:
		return 9
	}
	return 16
}

// weekLabel labels every fourth week (and the first) with its Monday's date.
func weekLabel(week string, i, n int) string {
	every := 1
	if n > 14 {
		every = 4
	}
	if n > 30 {
		every = 8
	}
	if i%every != 0 {
		return ""
	}
	t, err := time.Parse(time.DateOnly, week)
	if err != nil {
		return week
	}
	return t.Format("Jan 2")
}

// monthLabel is "Mar" for "2025-03", "Jan 26" for January.
func monthLabel(m string) string {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return m
	}
	if t.Month() == time.January {
		return t.Format("Jan 06")
	}
	return t.Format("Jan")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, strings.TrimSuffix(what, "s"))
}

func fontWeight(w int) xfont.Weight {
	if w >= 700 {
		return xfont.WeightBold
	}
	return xfont.WeightNormal
}

// All names every chart of a report, for the screen and the PDF.
func All(r report.Report, s Style) map[string]func() (*plot.Plot, error) {
	return map[string]func() (*plot.Plot, error){
		"follow-ups": func() (*plot.Plot, error) { return FollowUpsPerWeek(r, s) },
		"scores":     func() (*plot.Plot, error) { return ScoresPerMonth(r, s) },
		"issues":     func() (*plot.Plot, error) { return IssuesPerMonth(r, s) },
		"sample":     func() (*plot.Plot, error) { return Comparison(r.DoesItPay.Sample, s) },
		"big-ticket": func() (*plot.Plot, error) { return Comparison(r.DoesItPay.BigTicket, s) },
	}
}
