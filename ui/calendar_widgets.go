package ui

import (
	"image/color"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// legendDot is a coloured dot with what it means, for the calendar's legend.
func legendDot(c fyne.ThemeColorName, text string) fyne.CanvasObject {
	dot := canvas.NewCircle(theme.Color(c))
	return container.NewHBox(container.NewCenter(withHeight(10, withWidth(10, dot))), widget.NewLabel(text))
}

// withHeight gives an object a minimum height.
func withHeight(h float32, o fyne.CanvasObject) *fyne.Container {
	return container.New(fixedHeight{h}, o)
}

type fixedHeight struct{ h float32 }

func (l fixedHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l fixedHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(0, l.h)
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height = max(s.Height, m.Height)
	}
	return s
}

// dayCellState is what one square of the month shows; the zero value is a blank
// square outside the month.
type dayCellState struct {
	day    time.Time
	count  int
	mark   dayMark
	today  bool
	picked bool
}

// dayCell is one tappable day of the month grid.
type dayCell struct {
	widget.BaseWidget
	state   dayCellState
	onTap   func(time.Time)
	hovered bool
}

func newDayCell(onTap func(time.Time)) *dayCell {
	c := &dayCell{onTap: onTap}
	c.ExtendBaseWidget(c)
	return c
}

func (c *dayCell) setDay(st dayCellState) {
	c.state = st
	c.Refresh()
}

// Tapped picks the day.
func (c *dayCell) Tapped(*fyne.PointEvent) {
	if !c.state.day.IsZero() && c.onTap != nil {
		c.onTap(c.state.day)
	}
}

// CreateRenderer draws the square: background, day number, count and mark.
func (c *dayCell) CreateRenderer() fyne.WidgetRenderer {
	r := &dayCellRenderer{c: c,
		bg:    canvas.NewRectangle(color.Transparent),
		num:   canvas.NewText("", color.Black),
		count: canvas.NewText("", color.Black),
		dot:   canvas.NewCircle(color.Transparent),
	}
	r.num.TextStyle.Bold = true
	r.Refresh()
	return r
}

type dayCellRenderer struct {
	c     *dayCell
	bg    *canvas.Rectangle
	num   *canvas.Text
	count *canvas.Text
	dot   *canvas.Circle
}

func (r *dayCellRenderer) Layout(s fyne.Size) {
	th := r.c.Theme()
	p := th.Size(theme.SizeNamePadding)
	inset := p / 2
	r.bg.Move(fyne.NewPos(inset, inset))
	r.bg.Resize(fyne.NewSize(s.Width-2*inset, s.Height-2*inset))
	r.num.Move(fyne.NewPos(2*p, 1.5*p))
	r.num.Resize(r.num.MinSize())
	cs := r.count.MinSize()
	r.count.Move(fyne.NewPos(2*p, s.Height-cs.Height-1.5*p))
	r.count.Resize(cs)
	d := float32(9)
	r.dot.Move(fyne.NewPos(s.Width-2*p-d, 2*p))
	r.dot.Resize(fyne.NewSize(d, d))
}

func (r *dayCellRenderer) MinSize() fyne.Size {
	th := r.c.Theme()
	return fyne.NewSize(th.Size(theme.SizeNameText)*4.4, th.Size(theme.SizeNameText)*4.2)
}

func (r *dayCellRenderer) Refresh() {
	th := r.c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
	st := r.c.state
	if st.day.IsZero() {
		r.bg.FillColor, r.bg.StrokeWidth = color.Transparent, 0
		r.num.Text, r.count.Text = "", ""
		r.dot.FillColor = color.Transparent
		r.refreshAll()
		return
	}
	fg := col(theme.ColorNameForeground)
	sub := col(theme.ColorNamePlaceHolder)
	r.bg.FillColor = col(theme.ColorNameInputBackground)
	if st.count > 0 {
		p := color.NRGBAModel.Convert(col(theme.ColorNamePrimary)).(color.NRGBA)
		p.A = 0x24
		r.bg.FillColor = p
		sub = col(theme.ColorNamePrimary)
	}
	if r.c.hovered {
		r.bg.FillColor = blend(r.bg.FillColor, col(theme.ColorNameHover))
	}
	r.bg.StrokeWidth = 0
	if st.today {
		r.bg.StrokeColor = col(theme.ColorNamePrimary)
		r.bg.StrokeWidth = 2
	}
	if st.picked {
		r.bg.FillColor = col(theme.ColorNamePrimary)
		fg = col(theme.ColorNameForegroundOnPrimary)
		sub = fg
	}
	r.bg.CornerRadius = th.Size(theme.SizeNameSelectionRadius) + 2
	r.num.Text = strconv.Itoa(st.day.Day())
	r.num.Color = fg
	r.num.TextSize = th.Size(theme.SizeNameText)
	r.count.Text = ""
	if st.count > 0 {
		r.count.Text = strconv.Itoa(st.count) + " due"
	}
	r.count.Color = sub
	r.count.TextSize = th.Size(theme.SizeNameCaptionText)
	switch st.mark {
	case markOverdue:
		r.dot.FillColor = col(theme.ColorNameError)
	case markPromise:
		r.dot.FillColor = col(theme.ColorNamePrimary)
	default:
		r.dot.FillColor = color.Transparent
	}
	if st.picked && st.mark != markNone {
		r.dot.FillColor = fg
	}
	r.refreshAll()
}

func (r *dayCellRenderer) refreshAll() {
	r.bg.Refresh()
	r.num.Refresh()
	r.count.Refresh()
	r.dot.Refresh()
}

func (r *dayCellRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.num, r.count, r.dot}
}

func (r *dayCellRenderer) Destroy() {}

// MouseIn, MouseMoved and MouseOut give the square a hover shade like a button's.
func (c *dayCell) MouseIn(*desktop.MouseEvent) {
	c.hovered = !c.state.day.IsZero()
	c.Refresh()
}

// MouseMoved is part of desktop.Hoverable.
func (c *dayCell) MouseMoved(*desktop.MouseEvent) {}

// MouseOut ends the hover shade.
func (c *dayCell) MouseOut() {
	c.hovered = false
	c.Refresh()
}

// Cursor shows a pointing hand over the days of the month.
func (c *dayCell) Cursor() desktop.Cursor {
	if c.state.day.IsZero() {
		return desktop.DefaultCursor
	}
	return desktop.PointerCursor
}

// blend lays over on top of base.
func blend(base, over color.Color) color.Color {
	b := color.NRGBAModel.Convert(base).(color.NRGBA)
	o := color.NRGBAModel.Convert(over).(color.NRGBA)
	a := float32(o.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(float32(x)*(1-a) + float32(y)*a) }
	return color.NRGBA{R: mix(b.R, o.R), G: mix(b.G, o.G), B: mix(b.B, o.B), A: max(b.A, o.A)}
}

// weekItem is one follow-up in a column of the week view: a tinted tile with the
// shop time and the customer's name (cut short with an ellipsis), in red when
// overdue and in the primary colour when promised. Tapping it picks it.
type weekItem struct {
	widget.BaseWidget
	Text  string // "10:00 Alicia Rivera", for tests and screen readers
	when  *widget.Label
	name  *widget.Label
	bg    *canvas.Rectangle
	tint  fyne.ThemeColorName
	onTap func()
	// onDrop runs when a drag ends, with how far it went across.
	onDrop func(dx float32)
	dx     float32
}

func newWeekItem(when, name string, tint fyne.ThemeColorName, onTap func()) *weekItem {
	w := &weekItem{Text: when + " " + name, when: bold(when), name: widget.NewLabel(name), tint: tint, onTap: onTap,
		bg: canvas.NewRectangle(color.Transparent)}
	w.name.Truncation = fyne.TextTruncateEllipsis
	w.when.SizeName = theme.SizeNameCaptionText
	w.ExtendBaseWidget(w)
	return w
}

// CreateRenderer stacks the time over the name on the tinted tile.
func (w *weekItem) CreateRenderer() fyne.WidgetRenderer {
	th := w.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	c := color.NRGBAModel.Convert(th.Color(w.tint, v)).(color.NRGBA)
	c.A = 0x22
	w.bg.FillColor = c
	w.bg.CornerRadius = th.Size(theme.SizeNameSelectionRadius) + 2
	switch w.tint {
	case theme.ColorNameError:
		w.when.Importance = widget.DangerImportance
	case theme.ColorNamePrimary:
		w.when.Importance = widget.HighImportance
	}
	return widget.NewSimpleRenderer(container.NewStack(w.bg, container.New(&tightVBox{}, w.when, w.name)))
}

// Tapped picks the follow-up.
func (w *weekItem) Tapped(*fyne.PointEvent) {
	if w.onTap != nil {
		w.onTap()
	}
}

// Cursor shows a pointing hand.
func (w *weekItem) Cursor() desktop.Cursor { return desktop.PointerCursor }

// Dragged moves the tile with the pointer, across the week.
func (w *weekItem) Dragged(e *fyne.DragEvent) {
	w.dx += e.Dragged.DX
	w.Move(w.Position().AddXY(e.Dragged.DX, e.Dragged.DY))
}

// DragEnd drops the tile: the calendar moves the follow-up to the day under it.
func (w *weekItem) DragEnd() {
	dx := w.dx
	w.dx = 0
	if w.onDrop != nil {
		w.onDrop(dx)
	}
}
