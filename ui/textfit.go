package ui

import (
	"image/color"
	"strings"
	"sync"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Text that does not fit is cut after a whole word and ends with an ellipsis
// ("Not now — call at 14:00 their…", never "their ti…"); hovering it shows the
// whole text in a tooltip. In a list the row's detail shows it whole instead
// (a list row keeps the pointer for its own highlight).

const ellipsis = "…"

// clipWords is the longest start of text that fits in width, as measure
// measures it, cut after a word and ended with an ellipsis; text itself when it
// fits. A first word too long for the width is cut where it must be.
func clipWords(text string, width float32, measure func(string) float32) string {
	if measure(text) <= width {
		return text
	}
	runes := []rune(text)
	best := ""
	for i := len(runes) - 1; i > 0; i-- {
		if !unicode.IsSpace(runes[i]) || unicode.IsSpace(runes[i-1]) {
			continue
		}
		// A cut before a space; no dangling punctuation before the ellipsis.
		head := strings.TrimRight(string(runes[:i]), " ,;:—–-·")
		if head != "" && measure(head+ellipsis) <= width {
			best = head + ellipsis
			break
		}
	}
	if best != "" {
		return best
	}
	for i := len(runes) - 1; i > 0; i-- {
		if s := string(runes[:i]) + ellipsis; measure(s) <= width {
			return s
		}
	}
	return ellipsis
}

// textWidth measures text as a label of the size and style shows it, with the
// label's padding and a little to spare: a text Fyne finds a pixel too wide it
// cuts itself, mid-word.
func textWidth(text string, size fyne.ThemeSizeName, style fyne.TextStyle) float32 {
	return fyne.MeasureText(text, theme.Size(size), style).Width + 2*theme.Size(theme.SizeNameInnerPadding) + theme.Size(theme.SizeNamePadding)
}

// wordLabel is a one-line label whose text, when it does not fit, is cut after
// a word with an ellipsis. With Truncation set to TextTruncateOff it shows its
// text whole and needs its whole width.
type wordLabel struct {
	widget.Label
	full string
}

func newWordLabel(text string) *wordLabel {
	l := &wordLabel{full: text}
	l.Text = text
	l.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// SetText sets the whole text; what shows depends on the width.
func (l *wordLabel) SetText(text string) {
	l.full = text
	l.fit(l.Size().Width)
}

// Full is the whole text.
func (l *wordLabel) Full() string { return l.full }

func (l *wordLabel) size() fyne.ThemeSizeName {
	if l.SizeName != "" {
		return l.SizeName
	}
	return theme.SizeNameText
}

func (l *wordLabel) fit(width float32) {
	shown := l.full
	if width > 0 && l.Truncation == fyne.TextTruncateEllipsis {
		shown = clipWords(l.full, width, func(s string) float32 { return textWidth(s, l.size(), l.TextStyle) })
	}
	if shown != l.Text {
		l.Label.SetText(shown)
	}
}

// Resize cuts the text for the new width.
func (l *wordLabel) Resize(s fyne.Size) {
	l.fit(s.Width)
	l.Label.Resize(s)
}

// MinSize is an ellipsis wide: the label shrinks with its container (unless it
// shows its text whole).
func (l *wordLabel) MinSize() fyne.Size {
	if l.Truncation != fyne.TextTruncateEllipsis {
		if l.Text != l.full {
			l.Label.SetText(l.full)
		}
		return l.Label.MinSize()
	}
	h := l.Label.MinSize().Height
	return fyne.NewSize(textWidth(ellipsis, l.size(), l.TextStyle), h)
}

// wordText is a one-line text of one style (a colour the theme names), cut
// after a word with an ellipsis when it does not fit.
type wordText struct {
	widget.RichText
	full string
}

func newWordText(text string, style widget.RichTextStyle) *wordText {
	t := &wordText{full: text}
	style.Inline = true
	t.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: text, Style: style}}
	t.Truncation = fyne.TextTruncateEllipsis
	t.Scroll = container.ScrollNone
	t.ExtendBaseWidget(t)
	return t
}

func (t *wordText) seg() *widget.TextSegment { return t.Segments[0].(*widget.TextSegment) }

// SetText sets the whole text.
func (t *wordText) SetText(text string) {
	t.full = text
	t.fit(t.Size().Width, true)
}

// SetColor sets the colour the text is drawn in.
func (t *wordText) SetColor(c fyne.ThemeColorName) {
	if t.seg().Style.ColorName != c {
		t.seg().Style.ColorName = c
		t.Refresh()
	}
}

// Full is the whole text.
func (t *wordText) Full() string { return t.full }

// String is the text shown, as a RichText says it.
func (t *wordText) String() string { return t.seg().Text }

func (t *wordText) fit(width float32, refresh bool) {
	st := t.seg().Style
	size := st.SizeName
	if size == "" {
		size = theme.SizeNameText
	}
	shown := t.full
	if width > 0 && t.Truncation == fyne.TextTruncateEllipsis {
		shown = clipWords(t.full, width, func(s string) float32 { return textWidth(s, size, st.TextStyle) })
	}
	if shown != t.seg().Text {
		t.seg().Text = shown
		refresh = true
	}
	if refresh {
		t.Refresh()
	}
}

// Resize cuts the text for the new width.
func (t *wordText) Resize(s fyne.Size) {
	t.fit(s.Width, false)
	t.RichText.Resize(s)
}

// MinSize is an ellipsis wide (unless it shows its text whole).
func (t *wordText) MinSize() fyne.Size {
	if t.Truncation != fyne.TextTruncateEllipsis {
		if t.seg().Text != t.full {
			t.seg().Text = t.full
		}
		return t.RichText.MinSize()
	}
	h := t.RichText.MinSize().Height
	st := t.seg().Style
	size := st.SizeName
	if size == "" {
		size = theme.SizeNameText
	}
	return fyne.NewSize(textWidth(ellipsis, size, st.TextStyle), h)
}

// tipLabel is a wordLabel that shows its whole text in a tooltip when the
// pointer rests on it while it is cut. Not for list rows: see the top.
type tipLabel struct {
	wordLabel
	tip tipHover
}

func newTipLabel(text string) *tipLabel {
	l := &tipLabel{}
	l.full, l.Text = text, text
	l.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// MouseIn starts the tooltip's wait.
func (l *tipLabel) MouseIn(*desktop.MouseEvent) {
	if l.Text != l.full {
		l.tip.start(l, l.full)
	}
}

// MouseMoved is part of desktop.Hoverable.
func (l *tipLabel) MouseMoved(*desktop.MouseEvent) {}

// MouseOut hides the tooltip.
func (l *tipLabel) MouseOut() { l.tip.stop(l) }

// tipHover shows a tooltip for its object after the pointer rests on it.
type tipHover struct {
	timer *time.Timer
}

const tipDelay = 600 * time.Millisecond

func (h *tipHover) start(o fyne.CanvasObject, text string) {
	h.stopTimer()
	h.timer = time.AfterFunc(tipDelay, func() {
		fyne.Do(func() {
			if layer := tipLayerOf(o); layer != nil {
				layer.show(o, text)
			}
		})
	})
}

func (h *tipHover) stop(o fyne.CanvasObject) {
	h.stopTimer()
	if layer := tipLayerOf(o); layer != nil {
		layer.hide()
	}
}

func (h *tipHover) stopTimer() {
	if h.timer != nil {
		h.timer.Stop()
		h.timer = nil
	}
}

// tipLayer draws tooltips over a window's content: a layer of the content, not
// an overlay, so that it never takes the keyboard from the field being typed in.
type tipLayer struct {
	layer *fyne.Container
	box   *fyne.Container
	text  *widget.Label
}

// tipLayers finds a window's tooltip layer by its canvas.
var tipLayers sync.Map

func newTipLayer(c fyne.Canvas) *tipLayer {
	t := &tipLayer{text: widget.NewLabel("")}
	t.text.Wrapping = fyne.TextWrapWord
	bg := canvas.NewRectangle(color.Transparent)
	bg.FillColor = theme.Color(theme.ColorNameOverlayBackground)
	bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	bg.StrokeWidth = 1
	bg.CornerRadius = theme.Size(theme.SizeNameSelectionRadius)
	t.box = container.NewStack(bg, t.text)
	t.box.Hide()
	t.layer = container.NewWithoutLayout(t.box)
	tipLayers.Store(c, t)
	return t
}

func tipLayerOf(o fyne.CanvasObject) *tipLayer {
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil {
		return nil
	}
	if t, ok := tipLayers.Load(c); ok {
		return t.(*tipLayer)
	}
	return nil
}

// show puts text in a box under o, inside the window.
func (t *tipLayer) show(o fyne.CanvasObject, text string) {
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil {
		return
	}
	t.text.SetText(text)
	win := c.Size()
	w := min(fyne.MeasureText(text, theme.TextSize(), fyne.TextStyle{}).Width+4*theme.InnerPadding(), 420, win.Width-8)
	t.text.Resize(fyne.NewSize(w, 0))
	size := fyne.NewSize(w, t.text.MinSize().Height)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o).AddXY(0, o.Size().Height)
	pos.X = max(min(pos.X, win.Width-size.Width-4), 4)
	if pos.Y+size.Height > win.Height-4 {
		pos.Y = fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Y - size.Height
	}
	t.box.Move(pos)
	t.box.Resize(size)
	t.box.Show()
	t.layer.Refresh()
}

func (t *tipLayer) hide() {
	if t.box.Visible() {
		t.box.Hide()
		t.layer.Refresh()
	}
}
