package ui

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// bar is one row of a bar chart.
type bar struct {
	label string
	value int
}

// barChart draws horizontal bars with canvas rectangles: labels in a column on the
// left, each bar as long as its share of the largest value, the number after it
// (FOLLOWUP_RULES.md §8, "communicate information with charts").
type barChart struct {
	widget.BaseWidget
	bars []bar
}

func newBarChart() *barChart {
	c := &barChart{}
	c.ExtendBaseWidget(c)
	return c
}

func (c *barChart) setBars(bars []bar) {
	c.bars = bars
	c.Refresh()
}

// CreateRenderer builds the chart's texts and rectangles.
func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barChartRenderer{c: c}
	r.Refresh()
	return r
}

type barChartRenderer struct {
	c      *barChart
	labels []*canvas.Text
	rects  []*canvas.Rectangle
	values []*canvas.Text
	objs   []fyne.CanvasObject
}

func (r *barChartRenderer) rowHeight() float32 {
	th := r.c.Theme()
	return th.Size(theme.SizeNameText) + 2*th.Size(theme.SizeNamePadding) + 2
}

func (r *barChartRenderer) labelWidth() float32 {
	w := float32(0)
	for _, l := range r.labels {
		w = max(w, l.MinSize().Width)
	}
	return w
}

func (r *barChartRenderer) Layout(size fyne.Size) {
	th := r.c.Theme()
	pad := th.Size(theme.SizeNamePadding)
	lw := r.labelWidth()
	vw := float32(0)
	for _, v := range r.values {
		vw = max(vw, v.MinSize().Width)
	}
	room := size.Width - lw - vw - 4*pad
	most := 0
	for _, b := range r.c.bars {
		most = max(most, b.value)
	}
	rh := r.rowHeight()
	for i, b := range r.c.bars {
		y := float32(i) * rh
		ls := r.labels[i].MinSize()
		r.labels[i].Move(fyne.NewPos(lw-ls.Width, y+(rh-ls.Height)/2))
		r.labels[i].Resize(ls)
		w := float32(0)
		if most > 0 && room > 0 {
			w = room * float32(b.value) / float32(most)
		}
		if b.value > 0 {
			w = max(w, 3) // a count of one still shows
		}
		bh := rh - 2*pad
		r.rects[i].Move(fyne.NewPos(lw+2*pad, y+pad))
		r.rects[i].Resize(fyne.NewSize(w, bh))
		vs := r.values[i].MinSize()
		r.values[i].Move(fyne.NewPos(lw+2*pad+w+pad, y+(rh-vs.Height)/2))
		r.values[i].Resize(vs)
	}
}

func (r *barChartRenderer) MinSize() fyne.Size {
	return fyne.NewSize(r.labelWidth()+120, r.rowHeight()*float32(len(r.c.bars)))
}

// Refresh rebuilds the texts and bars when the number of bars changed, and sets
// the colours from the theme every time so light and dark both read well.
func (r *barChartRenderer) Refresh() {
	th := r.c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	if len(r.labels) != len(r.c.bars) {
		r.labels, r.rects, r.values, r.objs = nil, nil, nil, nil
		for range r.c.bars {
			l := canvas.NewText("", color.Black)
			rect := canvas.NewRectangle(color.Black)
			val := canvas.NewText("", color.Black)
			val.TextStyle.Bold = true
			r.labels = append(r.labels, l)
			r.rects = append(r.rects, rect)
			r.values = append(r.values, val)
			r.objs = append(r.objs, l, rect, val)
		}
	}
	for i, b := range r.c.bars {
		r.labels[i].Text = b.label
		r.labels[i].Color = th.Color(theme.ColorNameForeground, v)
		r.labels[i].TextSize = th.Size(theme.SizeNameText)
		r.rects[i].FillColor = th.Color(theme.ColorNamePrimary, v)
		r.rects[i].CornerRadius = 3
		r.values[i].Text = strconv.Itoa(b.value)
		r.values[i].Color = th.Color(theme.ColorNameForeground, v)
		r.values[i].TextSize = th.Size(theme.SizeNameText)
	}
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *barChartRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *barChartRenderer) Destroy() {}
