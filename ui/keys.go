package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The keyboard: the window's shortcuts work from every text field, and dialogs
// answer Enter and Escape.
//
// The desktop driver hands a shortcut to the focused widget and stops there; a
// Fyne entry swallows the ones it does not know (Ctrl+N, Ctrl+1…). The entries
// here (every text field of the window is one) hand those on to the window's
// canvas, and Escape and Enter to the window's key handler, which gives them to
// the dialog on top.

// entry is a text field that hands the window the shortcuts it does not use.
type entry struct {
	widget.Entry
	marks markState // a problem shown on it (problems.go)
	// outer is the widget that embeds this one (the picker's field), which is
	// what the window knows; nil for the entry itself.
	outer fyne.CanvasObject
}

// self is the entry as the window knows it.
func (e *entry) self() fyne.CanvasObject {
	if e.outer != nil {
		return e.outer
	}
	return e
}

func newEntry() *entry {
	e := &entry{}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

// newMultiLineEntry is a text field of several lines; its text wraps at words.
func newMultiLineEntry() *entry {
	e := &entry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

// newPasswordEntry hides what is typed, with a button that shows it.
func newPasswordEntry() *entry {
	e := newEntry()
	e.Password = true
	var reveal *widget.Button
	reveal = widget.NewButtonWithIcon("", theme.VisibilityOffIcon(), func() {
		e.Password = !e.Password
		reveal.SetIcon(theme.VisibilityOffIcon())
		if !e.Password {
			reveal.SetIcon(theme.VisibilityIcon())
		}
		e.Refresh()
	})
	reveal.Importance = widget.LowImportance
	e.ActionItem = reveal
	return e
}

// TypedShortcut lets the entry do what it knows (copy, paste, word moves) and
// hands the window's own shortcuts on. Ctrl+Enter finishes the form: the
// field's own Enter action, else the dialog's main button; it is how a field
// of several lines, where Enter starts a new line, is left from the keyboard.
func (e *entry) TypedShortcut(s fyne.Shortcut) {
	if submitShortcut(s) {
		if e.OnSubmitted != nil {
			e.OnSubmitted(e.Text)
			return
		}
		forwardKey(e.self(), &fyne.KeyEvent{Name: fyne.KeyReturn}, false)
		return
	}
	e.Entry.TypedShortcut(s)
	forwardShortcut(e.self(), s)
}

// AcceptsTab is false: Tab goes to the next field, also from a field of several
// lines (notes and summaries are prose; a typed tab would only be lost in them).
func (e *entry) AcceptsTab() bool { return false }

// submitShortcut reports Ctrl+Enter (Cmd+Enter on macOS).
func submitShortcut(s fyne.Shortcut) bool {
	c, ok := s.(*desktop.CustomShortcut)
	return ok && (c.KeyName == fyne.KeyReturn || c.KeyName == fyne.KeyEnter) &&
		(c.Modifier == fyne.KeyModifierShortcutDefault || c.Modifier == fyne.KeyModifierControl)
}

// TypedKey hands Escape, and Enter where the field has no use for it, to the
// window.
func (e *entry) TypedKey(k *fyne.KeyEvent) {
	if forwardKey(e.self(), k, e.MultiLine || e.OnSubmitted != nil) {
		return
	}
	e.Entry.TypedKey(k)
}

// selectEntry is a text field with a list of suggestions, as entry.
type selectEntry struct {
	widget.SelectEntry
	marks markState
}

func newSelectEntry(options []string) *selectEntry {
	e := &selectEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.SetOptions(options)
	return e
}

// TypedShortcut is entry's.
func (e *selectEntry) TypedShortcut(s fyne.Shortcut) {
	e.SelectEntry.TypedShortcut(s)
	forwardShortcut(e, s)
}

// TypedKey is entry's.
func (e *selectEntry) TypedKey(k *fyne.KeyEvent) {
	if forwardKey(e, k, e.OnSubmitted != nil) {
		return
	}
	e.SelectEntry.TypedKey(k)
}

// dateEntry is a date field with its calendar, as entry.
type dateEntry struct {
	widget.DateEntry
	marks markState
}

func newDateEntry() *dateEntry {
	e := &dateEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	return e
}

// TypedShortcut is entry's.
func (e *dateEntry) TypedShortcut(s fyne.Shortcut) {
	e.DateEntry.TypedShortcut(s)
	forwardShortcut(e, s)
}

// TypedKey is entry's.
func (e *dateEntry) TypedKey(k *fyne.KeyEvent) {
	if forwardKey(e, k, e.OnSubmitted != nil) {
		return
	}
	e.DateEntry.TypedKey(k)
}

// forwardShortcut gives the canvas of o a shortcut with a modifier that is not
// one of the entry's own (copy, paste, undo…): the window's Ctrl+N, Ctrl+1….
func forwardShortcut(o fyne.CanvasObject, s fyne.Shortcut) {
	if _, ok := s.(*desktop.CustomShortcut); !ok {
		return
	}
	if c, ok := fyne.CurrentApp().Driver().CanvasForObject(o).(fyne.Shortcutable); ok {
		c.TypedShortcut(s)
	}
}

// forwardKey gives Escape, and Enter unless enterUsed, to the key handler of
// o's canvas (UI.typedKey); it reports whether it did.
func forwardKey(o fyne.CanvasObject, k *fyne.KeyEvent, enterUsed bool) bool {
	switch k.Name {
	case fyne.KeyEscape:
	case fyne.KeyReturn, fyne.KeyEnter:
		if enterUsed {
			return false
		}
	default:
		return false
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil || c.OnTypedKey() == nil {
		return false
	}
	c.OnTypedKey()(k)
	return true
}

// letGoAfterChoice makes each choice of a dialog (a radio group, check or
// select) let the keyboard go once it is made. The desktop driver leaves the
// focus on the item clicked, which takes Enter and Escape and answers neither:
// after a click on a score or a letter the dialog's Enter and Escape did
// nothing. Call it once the choices' own OnChanged are set.
func (u *UI) letGoAfterChoice(choices ...fyne.CanvasObject) {
	// After the event: a select's list is still on top while it reports.
	letGo := func() { u.do(func() { u.win.Canvas().Unfocus() }) }
	for _, c := range choices {
		switch w := c.(type) {
		case *widget.RadioGroup:
			if w != nil {
				w.OnChanged = thenToo(w.OnChanged, letGo)
			}
		case *widget.Check:
			if w != nil {
				w.OnChanged = thenToo(w.OnChanged, letGo)
			}
		case *widget.Select:
			if w != nil {
				w.OnChanged = thenToo(w.OnChanged, letGo)
			}
		}
	}
}

// thenToo is f (when set), then then.
func thenToo[T any](f func(T), then func()) func(T) {
	return func(v T) {
		if f != nil {
			f(v)
		}
		then()
	}
}

// shownDialog is a dialog the window answers Enter and Escape for.
type shownDialog struct {
	popup  fyne.CanvasObject // the dialog's overlay, to know it is the one on top
	enter  func()            // nil: Enter does nothing
	escape func()
}

// present shows d and makes Enter run enter (nil: nothing, as for a dialog
// whose main button deletes) and Escape dismiss it; focus, when not nil, gets
// the cursor.
func (u *UI) present(d dialog.Dialog, enter func(), focus fyne.Focusable) {
	d.Show()
	sd := &shownDialog{popup: u.win.Canvas().Overlays().Top(), enter: enter, escape: d.Hide}
	u.shown = append(u.shown, sd)
	d.SetOnClosed(func() {
		u.shown = slices.DeleteFunc(u.shown, func(x *shownDialog) bool { return x == sd })
	})
	if focus != nil {
		u.win.Canvas().Focus(focus)
	}
}

// presentForm shows a form dialog: Enter submits it (when its fields are
// valid), Escape cancels it.
func (u *UI) presentForm(d *dialog.FormDialog, focus fyne.Focusable) {
	u.present(d, d.Submit, focus)
}

// typedKey is the window's key handler: keys no field took. Enter and Escape go
// to the dialog on top, when it is one of ours.
func (u *UI) typedKey(k *fyne.KeyEvent) {
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		return
	}
	for i := len(u.shown) - 1; i >= 0; i-- {
		sd := u.shown[i]
		if sd.popup != top {
			continue
		}
		switch k.Name {
		case fyne.KeyEscape:
			sd.escape()
		case fyne.KeyReturn, fyne.KeyEnter:
			if sd.enter != nil {
				sd.enter()
			}
		}
		return
	}
}
