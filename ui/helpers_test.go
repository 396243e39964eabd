package ui

import (
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/demo/demotest"
	"github.com/rapport-app/rapport/data/store"
)

// testNow is the fixed clock of the UI tests: Monday 23 November 2026, 10:05 in
// the demo shop's New York, when calls to the east coast are allowed.
var testNow = time.Date(2026, 11, 23, 15, 5, 0, 0, time.UTC)

// testUI is the window under test with the queue of its UI-goroutine work.
type testUI struct {
	*UI
	q *callQueue
}

// callQueue collects what background jobs hand to the UI goroutine, so that the
// test goroutine runs it, one function at a time, as the app's event loop does.
type callQueue struct {
	mu    sync.Mutex
	calls []func()
}

func (q *callQueue) push(f func()) {
	q.mu.Lock()
	q.calls = append(q.calls, f)
	q.mu.Unlock()
}

func (q *callQueue) take() []func() {
	q.mu.Lock()
	defer q.mu.Unlock()
	calls := q.calls
	q.calls = nil
	return calls
}

// wait lets every background job finish and runs what they report back, until
// nothing is left (a report may start new jobs).
func (u testUI) wait() {
	for {
		u.pending.Wait()
		calls := u.q.take()
		if len(calls) == 0 {
			return
		}
		for _, f := range calls {
			f()
		}
	}
}

// buildTestUI builds the window on st with a queue for its UI work.
func buildTestUI(a fyne.App, st *store.Store) testUI {
	q := &callQueue{}
	return testUI{UI: newUI(a, st, q.push), q: q}
}

// newTestUI opens a demo shop in a fresh database and builds the window on it,
// with every background load finished.
func newTestUI(t *testing.T) (testUI, *store.Store) {
	t.Helper()
	a := test.NewTempApp(t)
	st := demotest.Demo(t, testNow)
	u := buildTestUI(a, st)
	u.win.Resize(fyne.NewSize(defaultWidth, defaultHeight))
	u.win.Show()
	t.Cleanup(u.win.Close)
	u.wait()
	return u, st
}

func TestMain(m *testing.M) {
	code := m.Run()
	demotest.Cleanup()
	os.Exit(code)
}

// texts lists the texts of the labels, rich texts and buttons under o, in order.
func texts(o fyne.CanvasObject) []string {
	var out []string
	for _, c := range test.LaidOutObjects(o) {
		switch w := c.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.RichText:
			out = append(out, w.String())
		case *widget.Button:
			out = append(out, w.Text)
		}
	}
	return out
}

// overlayText joins the texts of the topmost dialog.
func overlayText(t *testing.T, w fyne.Window) string {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is showing")
	}
	return strings.Join(texts(top), "\n")
}

// tapButton taps the button with the given text in the topmost dialog.
func tapDialogButton(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog is showing to tap %q in", text)
	}
	for _, c := range test.LaidOutObjects(top) {
		if b, ok := c.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q in the dialog; it shows: %q", text, texts(top))
}

// formItem is the widget beside label in the form of the topmost dialog: what a
// user fills in, found the way they find it.
func formItem(t *testing.T, w fyne.Window, label string) fyne.CanvasObject {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog is showing to find %q in", label)
	}
	var labels []string
	for _, o := range test.LaidOutObjects(top) {
		if f, ok := o.(*widget.Form); ok {
			for _, it := range f.Items {
				if it.Text == label {
					return it.Widget
				}
				labels = append(labels, it.Text)
			}
		}
	}
	t.Fatalf("the dialog has no field %q; it has %q", label, labels)
	return nil
}

// entryIn is the text entry beside label in the topmost dialog's form.
func entryIn(t *testing.T, w fyne.Window, label string) *widget.Entry {
	t.Helper()
	e, ok := formItem(t, w, label).(*widget.Entry)
	if !ok {
		t.Fatalf("the field %q is a %T, not a text entry", label, formItem(t, w, label))
	}
	return e
}

// dateTimeIn is the date and the clock entries of the date-and-time field beside
// label in the topmost dialog's form.
func dateTimeIn(t *testing.T, w fyne.Window, label string) (*widget.DateEntry, *widget.Entry) {
	t.Helper()
	var date *widget.DateEntry
	var clock *widget.Entry
	for _, o := range test.LaidOutObjects(formItem(t, w, label)) {
		switch e := o.(type) {
		case *widget.DateEntry:
			date = e
		case *widget.Entry:
			if e.PlaceHolder == "HH:MM" {
				clock = e
			}
		}
	}
	if date == nil || clock == nil {
		t.Fatalf("the field %q has no date and clock", label)
	}
	return date, clock
}
