package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
)

// A form says everything wrong with it at once: every field that is not
// acceptable is marked, and one dialog lists them all.

// problems collects what is wrong with a form's fields as it is read.
type problems struct{ list []*formError }

// add keeps err: one field's (*formError), or the fields' of a store
// validation (shop.FieldErrors, labelled as the forms label them); nil is
// nothing wrong.
func (p *problems) add(err error) {
	if err == nil {
		return
	}
	var fe *formError
	var es shop.FieldErrors
	var one *shop.FieldError
	var many formErrors
	switch {
	case errors.As(err, &many):
		p.list = append(p.list, many...)
	case errors.As(err, &fe):
		p.list = append(p.list, fe)
	case errors.As(err, &es):
		for _, e := range es {
			p.list = append(p.list, &formError{label: shop.FieldLabel(e.Field), msg: e.Msg})
		}
	case errors.As(err, &one):
		p.list = append(p.list, &formError{label: shop.FieldLabel(one.Field), msg: one.Msg})
	default:
		p.list = append(p.list, &formError{msg: err.Error()})
	}
}

// err is every problem as one error (a field's first problem alone); nil when
// there is none.
func (p *problems) err() error {
	var out formErrors
	seen := map[string]bool{}
	for _, e := range p.list {
		if e.label != "" && seen[e.label] {
			continue
		}
		seen[e.label] = true
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// formErrors is every unacceptable field of a form.
type formErrors []*formError

func (es formErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// fieldProblems lists the problems of err by field: a form's, a store's, or
// none (another error).
func fieldProblems(err error) []*formError {
	var p problems
	var fe *formError
	var es shop.FieldErrors
	var one *shop.FieldError
	var many formErrors
	if errors.As(err, &many) || errors.As(err, &fe) || errors.As(err, &es) || errors.As(err, &one) {
		p.add(err)
	}
	return p.list
}

// markForm marks each field of the form items that err finds fault with (its
// label names it; "When (time)" is the When field's clock), and clears the marks
// of the others. It returns the first field marked that takes the cursor (nil
// for none), to put it there.
func markForm(items []*widget.FormItem, err error) fyne.Focusable {
	probs := fieldProblems(err)
	var first fyne.Focusable
	for _, it := range items {
		var msg error
		for _, p := range probs {
			if p.label != "" && (p.label == it.Text || strings.HasPrefix(p.label, it.Text+" (")) {
				msg = errors.New(p.msg)
				break
			}
		}
		if markField(it.Widget, msg) && msg != nil && first == nil {
			first = focusIn(it.Widget)
		}
	}
	return first
}

// focusIn is the first text field of o, to put the cursor in.
func focusIn(o fyne.CanvasObject) fyne.Focusable {
	switch w := o.(type) {
	case *customerPicker:
		return w.entry
	case *fyne.Container:
		for _, c := range w.Objects {
			if f := focusIn(c); f != nil {
				return f
			}
		}
		return nil
	}
	if f, ok := o.(fyne.Focusable); ok {
		return f
	}
	return nil
}

// markField shows err on the text fields of o (a field, or a box holding a date
// and a clock), until the text is changed; nil clears the mark. It reports
// whether o has a text field to mark.
func markField(o fyne.CanvasObject, err error) bool {
	switch w := o.(type) {
	case *entry:
		w.marks.mark(&w.Entry, err)
	case *selectEntry:
		w.marks.mark(&w.Entry, err)
	case *dateEntry:
		w.marks.mark(&w.Entry, err)
	case *customerPicker:
		w.entry.marks.mark(&w.entry.Entry, err)
	case *fyne.Container:
		any := false
		for _, c := range w.Objects {
			any = markField(c, err) || any
		}
		return any
	default:
		return false
	}
	return true
}

// markState is a text field's mark: the field's own validator, kept while the
// mark's is in place.
type markState struct {
	on   bool
	own  func(string) error
	text string
}

// mark shows err on e until its text changes from what it is now; nil clears it.
func (m *markState) mark(e *widget.Entry, err error) {
	if !m.on {
		m.own = e.Validator
	}
	if err == nil {
		if m.on {
			m.on = false
			e.Validator = m.own
			e.SetValidationError(nil)
			e.AlwaysShowValidationError = false
			e.Refresh()
		}
		return
	}
	m.on, m.text = true, e.Text
	e.AlwaysShowValidationError = true
	e.Validator = func(text string) error {
		if text == m.text {
			return err
		}
		if m.own != nil {
			return m.own(text)
		}
		return nil
	}
	e.SetValidationError(err)
}
