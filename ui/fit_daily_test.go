package ui

import (
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// cutWell reports whether shown is full, or full cut after a word with an
// ellipsis (a first word too long for any room may be cut where it must).
func cutWell(shown, full string) bool {
	if shown == full {
		return true
	}
	head, ok := strings.CutSuffix(shown, ellipsis)
	if !ok || !strings.HasPrefix(full, head) {
		return false
	}
	rest := []rune(full[len(head):])
	return !strings.ContainsRune(head, ' ') || len(rest) == 0 || !unicode.IsLetter(rest[0]) && !unicode.IsDigit(rest[0]) ||
		strings.IndexFunc(string(rest), unicode.IsSpace) > 0 && strings.TrimLeft(string(rest), " ,;:—–-·") != string(rest)
}

// checkTexts fails for each text under o, laid out, that is cut mid-word or
// without an ellipsis, or that is wider than the room it has.
func checkTexts(t *testing.T, where string, o fyne.CanvasObject) {
	t.Helper()
	fits := func(shown string, size fyne.ThemeSizeName, style fyne.TextStyle, width float32) bool {
		if shown == "" || width == 0 {
			return true // nothing shown, or not laid out (hidden)
		}
		if size == "" {
			size = theme.SizeNameText
		}
		return fyne.MeasureText(shown, theme.Size(size), style).Width <= width-2*theme.Size(theme.SizeNameInnerPadding)+1
	}
	for _, c := range test.LaidOutObjects(o) {
		switch w := c.(type) {
		case *wordLabel:
			if !cutWell(w.Text, w.full) || !fits(w.Text, w.size(), w.TextStyle, w.Size().Width) {
				t.Errorf("%s: %q shows %q in %.0f", where, w.full, w.Text, w.Size().Width)
			}
		case *tipLabel:
			if !cutWell(w.Text, w.full) || !fits(w.Text, w.size(), w.TextStyle, w.Size().Width) {
				t.Errorf("%s: %q shows %q in %.0f", where, w.full, w.Text, w.Size().Width)
			}
		case *wordText:
			st := w.seg().Style
			if !cutWell(w.String(), w.full) || !fits(w.String(), st.SizeName, st.TextStyle, w.Size().Width) {
				t.Errorf("%s: %q shows %q in %.0f", where, w.full, w.String(), w.Size().Width)
			}
		case *badge:
			r := test.WidgetRenderer(w).(*badgeRenderer)
			if w.Visible() && r.txt.MinSize().Width > w.Size().Width {
				t.Errorf("%s: the badge %q is cut", where, r.txt.Text)
			}
		}
	}
}

func TestAt1024By640NothingIsCutMidWord(t *testing.T) {
	u, _ := newTestUI(t)
	u.win.Resize(fyne.NewSize(1024, 640))
	s := u.todayTab()
	s.whose.SetSelected(everyonesCalls)
	u.wait()
	checkTexts(t, "Today", u.win.Content())
	// The badges of a row stay inside the list, clear of its scroll bar.
	right := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.list).X + s.list.Size().Width
	for _, c := range test.LaidOutObjects(s.list) {
		if b, ok := c.(*badge); ok && b.Visible() {
			if x := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).X + b.Size().Width; x > right-theme.Size(theme.SizeNamePadding)*2 {
				t.Errorf("a badge ends at %.0f, under the list's scroll bar (the list ends at %.0f)", x, right)
			}
		}
	}

	u.goTo(tabCalendar)
	c := u.calendarTab()
	c.setWeek(true)
	u.wait()
	checkTexts(t, "Calendar, week", u.win.Content())
	// Every word of a name in the week fits its tile: names wrap, they are not cut.
	for _, col := range c.weekCols {
		for _, o := range col.Objects {
			w := o.(*weekItem)
			room := w.name.Size().Width - 2*theme.Size(theme.SizeNameInnerPadding)
			for _, word := range strings.Fields(w.name.Text) {
				if fyne.MeasureText(word, theme.TextSize(), w.name.TextStyle).Width > room {
					t.Errorf("in the week, %q does not fit its tile (%.0f)", word, room)
				}
			}
		}
	}
}
