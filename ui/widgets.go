package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
)

// phoneSVG is the Material Design "phone" icon (Apache 2.0): Fyne's theme has none.
const phoneSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000000" d="M6.62 10.79c1.44 2.83 3.76 5.14 6.59 6.59l2.2-2.2c.27-.27.67-.36 1.02-.24 1.12.37 2.33.57 3.57.57.55 0 1 .45 1 1V20c0 .55-.45 1-1 1-9.39 0-17-7.61-17-17 0-.55.45-1 1-1h3.5c.55 0 1 .45 1 1 0 1.25.2 2.45.57 3.57.11.35.03.74-.25 1.02l-2.2 2.2z"/></svg>`

var phoneIcon = theme.NewThemedResource(fyne.NewStaticResource("phone.svg", []byte(phoneSVG)))

// channelIcon is the icon beside a channel's label.
func channelIcon(ch shop.Channel) fyne.Resource {
	switch ch {
	case shop.ChannelPhone:
		return phoneIcon
	case shop.ChannelEmail:
		return theme.MailComposeIcon()
	case shop.ChannelLetter:
		return theme.DocumentIcon()
	case shop.ChannelVisit:
		return theme.AccountIcon()
	case shop.ChannelWeb:
		return theme.ComputerIcon()
	}
	return theme.QuestionIcon()
}

// heading is a bold label in the theme's sub-heading size, cut after a word
// when it does not fit (the whole text in a tooltip).
func heading(text string) *tipLabel {
	l := newTipLabel(text)
	l.TextStyle.Bold = true
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// bold is a bold label.
func bold(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle.Bold = true
	return l
}

// wrapped is a label that wraps at word boundaries.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// subtle is secondary text in the placeholder colour, cut after a word with an
// ellipsis when it does not fit: the grey "disabled" colour of a LowImportance
// label is too faint to read on a light background.
func subtle(text string) *wordText {
	return newWordText(text, widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameText})
}

// setSubtle changes the text of a label made by subtle.
func setSubtle(t *wordText, text string) { t.SetText(text) }

// badge is a small coloured tag such as "Promised" or "Overdue".
type badge struct {
	widget.BaseWidget
	text  string
	color fyne.ThemeColorName
	// short is the word shown while compact: a narrow row's badges give the
	// customer's name the room.
	short   string
	compact bool
}

// setCompact shows the short word (or the whole text).
func (b *badge) setCompact(on bool) {
	if b.compact != on && b.short != "" {
		b.compact = on
		b.Refresh()
	}
}

func newBadge(text string, c fyne.ThemeColorName) *badge {
	b := &badge{text: text, color: c}
	b.ExtendBaseWidget(b)
	return b
}

// CreateRenderer draws a rounded, tinted rectangle behind bold text.
func (b *badge) CreateRenderer() fyne.WidgetRenderer {
	r := &badgeRenderer{b: b, bg: canvas.NewRectangle(color.Transparent), txt: canvas.NewText(b.text, color.Black)}
	r.txt.TextStyle.Bold = true
	r.Refresh()
	return r
}

type badgeRenderer struct {
	b   *badge
	bg  *canvas.Rectangle
	txt *canvas.Text
}

func (r *badgeRenderer) pad() fyne.Size {
	p := r.b.Theme().Size(theme.SizeNameInnerPadding)
	return fyne.NewSize(p, p/3)
}

func (r *badgeRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	ts := r.txt.MinSize()
	r.txt.Move(fyne.NewPos((s.Width-ts.Width)/2, (s.Height-ts.Height)/2))
	r.txt.Resize(ts)
}

func (r *badgeRenderer) MinSize() fyne.Size {
	p := r.pad()
	return r.txt.MinSize().Add(fyne.NewSize(2*p.Width, 2*p.Height))
}

func (r *badgeRenderer) Refresh() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	c := color.NRGBAModel.Convert(th.Color(r.b.color, v)).(color.NRGBA)
	r.txt.Text = r.b.text
	if r.b.compact {
		r.txt.Text = r.b.short
	}
	r.txt.Color = c
	r.txt.TextSize = th.Size(theme.SizeNameCaptionText)
	c.A = 0x30
	r.bg.FillColor = c
	r.bg.CornerRadius = th.Size(theme.SizeNameSelectionRadius) + 2
	r.bg.Refresh()
	r.txt.Refresh()
}

func (r *badgeRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.txt} }

func (r *badgeRenderer) Destroy() {}

// lineRow is a list row: an optional icon, a bold title with a trailing text at the
// right, and a secondary line below.
type lineRow struct {
	widget.BaseWidget
	icon     *widget.Icon
	title    *wordLabel
	trailing *widget.Label
	detail   *wordText
}

func newLineRow(withIcon bool) *lineRow {
	r := &lineRow{title: newWordLabel(""), trailing: widget.NewLabel(""), detail: subtle("")}
	r.title.TextStyle.Bold = true
	r.trailing.Alignment = fyne.TextAlignTrailing
	if withIcon {
		r.icon = widget.NewIcon(nil)
	}
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer stacks the two lines; the detail is tucked under the title so a
// row reads as one item.
func (r *lineRow) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewBorder(nil, nil, nil, r.trailing, r.title)
	body := container.New(&tightVBox{}, top, r.detail)
	if r.icon != nil {
		return widget.NewSimpleRenderer(container.NewBorder(nil, nil, container.NewCenter(r.icon), nil, body))
	}
	return widget.NewSimpleRenderer(body)
}

func (r *lineRow) set(icon fyne.Resource, title, detail, trailing string) {
	if r.icon != nil {
		r.icon.SetResource(icon)
	}
	r.title.SetText(title)
	r.trailing.SetText(trailing)
	setSubtle(r.detail, detail)
}

// tightVBox stacks objects like a VBox but overlaps them by the theme's inner
// padding: labels carry that padding on every side, and two of them stacked leave
// a gap that splits a row visually in two.
type tightVBox struct{}

func (l *tightVBox) overlap() float32 {
	return theme.Size(theme.SizeNameInnerPadding) + theme.Size(theme.SizeNamePadding)
}

func (l *tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		if i > 0 {
			y -= l.overlap()
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h
	}
}

func (l *tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
		n++
	}
	if n > 1 {
		s.Height -= float32(n-1) * l.overlap()
	}
	return s
}

// fixedWidth lays out its objects stacked, at least w wide.
type fixedWidth struct{ w float32 }

func (l fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(l.w, 0)
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height = max(s.Height, m.Height)
	}
	return s
}

// withWidth gives an object a minimum width.
func withWidth(w float32, o fyne.CanvasObject) *fyne.Container {
	return container.New(fixedWidth{w}, o)
}

// emptyState is the friendly text shown instead of an empty list.
func emptyState(title, text string) fyne.CanvasObject {
	return newEmptyView(title, text, nil).root
}

// emptyView is an empty state whose words change with what is left (Today's
// "nothing left for you"), with an optional button that offers the way on.
type emptyView struct {
	root   *fyne.Container
	title  *tipLabel
	text   *widget.Label
	button *widget.Button
}

// newEmptyView is emptyState with its parts kept; act, when not nil, is a button
// shown under the text while it has a label (set).
func newEmptyView(title, text string, act func()) *emptyView {
	v := &emptyView{title: heading(title), text: widget.NewLabel(text)}
	v.title.Alignment = fyne.TextAlignCenter
	v.title.Truncation = fyne.TextTruncateOff
	v.text.Alignment = fyne.TextAlignCenter
	v.text.Wrapping = fyne.TextWrapWord
	icon := widget.NewIcon(theme.ConfirmIcon())
	box := container.NewVBox(container.NewCenter(withWidth(48, icon)), v.title, withWidth(320, v.text))
	if act != nil {
		v.button = widget.NewButton("", act)
		v.button.Hide()
		box.Add(container.NewCenter(v.button))
	}
	v.root = container.NewCenter(box)
	return v
}

// set changes the words; an empty button hides the button.
func (v *emptyView) set(title, text, button string) {
	v.title.SetText(title)
	v.text.SetText(text)
	if v.button != nil {
		v.button.SetText(button)
		showIf(v.button, button != "")
	}
}

// section is a titled group with a light background and a thin border, used to set
// a form or a list apart from what is around it.
type section struct {
	widget.BaseWidget
	title   *tipLabel
	content fyne.CanvasObject
}

func card(title string, content fyne.CanvasObject) *section {
	s := &section{content: content}
	if title != "" {
		s.title = heading(title)
	}
	s.ExtendBaseWidget(s)
	return s
}

// CreateRenderer puts the background behind the padded title and content.
func (s *section) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Transparent)
	body := s.content
	if s.title != nil {
		body = container.NewBorder(s.title, nil, nil, nil, s.content)
	}
	r := &sectionRenderer{s: s, bg: bg, body: container.NewPadded(body)}
	r.Refresh()
	return r
}

type sectionRenderer struct {
	s    *section
	bg   *canvas.Rectangle
	body *fyne.Container
}

func (r *sectionRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.body.Resize(size)
}

func (r *sectionRenderer) MinSize() fyne.Size { return r.body.MinSize() }

func (r *sectionRenderer) Refresh() {
	th := r.s.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.bg.FillColor = th.Color(theme.ColorNameHeaderBackground, v)
	r.bg.StrokeColor = th.Color(theme.ColorNameSeparator, v)
	r.bg.StrokeWidth = 1
	r.bg.CornerRadius = th.Size(theme.SizeNameSelectionRadius) * 2
	r.bg.Refresh()
	r.body.Refresh()
}

func (r *sectionRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.body} }

func (r *sectionRenderer) Destroy() {}

// padRight keeps content clear of a vertical scroll bar laid over its right edge.
func padRight(o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(layout.NewCustomPaddedLayout(0, 0, 0, theme.Size(theme.SizeNamePadding)*3), o)
}
