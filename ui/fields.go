package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
)

// dateTimeField is a date entry with a time of day beside it. The date entry gives
// back UTC midnight (typed) or the local clock (picked): only its year, month and
// day are kept, and the time of day is read in the zone the caller names.
type dateTimeField struct {
	date  *dateEntry
	clock *entry
	box   *fyne.Container
}

func newDateTimeField() *dateTimeField {
	f := &dateTimeField{date: newDateEntry(), clock: newEntry()}
	f.clock.SetPlaceHolder("HH:MM")
	f.box = container.NewBorder(nil, nil, nil, withWidth(84, f.clock), f.date)
	return f
}

// set shows t in loc; the zero time clears the field.
func (f *dateTimeField) set(t time.Time, loc *time.Location) {
	if t.IsZero() {
		f.date.SetDate(nil)
		f.clock.SetText("")
		return
	}
	l := t.In(loc)
	d := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
	f.date.SetDate(&d)
	f.clock.SetText(l.Format(layoutClock))
}

// setPtr is set for an optional time.
func (f *dateTimeField) setPtr(t *time.Time, loc *time.Location) {
	if t == nil {
		f.set(time.Time{}, loc)
		return
	}
	f.set(*t, loc)
}

// day reads the date alone; ok is false when the field is blank.
func (f *dateTimeField) day(field string) (day time.Time, ok bool, err error) {
	text := strings.TrimSpace(f.date.Text)
	if text == "" {
		return time.Time{}, false, nil
	}
	if f.date.Date == nil || f.date.Validate() != nil {
		return time.Time{}, false, fieldError(field, "%q is not a date; pick one from the calendar", text)
	}
	y, m, d := f.date.Date.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true, nil
}

// value reads the field as an instant in loc; a blank field is an error naming the
// field unless optional, when it gives nil.
func (f *dateTimeField) value(field string, loc *time.Location, optional bool) (*time.Time, error) {
	day, ok, err := f.day(field)
	if err != nil {
		return nil, err
	}
	if !ok {
		if optional && strings.TrimSpace(f.clock.Text) == "" {
			return nil, nil
		}
		return nil, fieldError(field, "the date is missing")
	}
	m, err := parseClockField(field+" (time)", f.clock.Text, false)
	if err != nil {
		return nil, err
	}
	// A time the clocks skip (a daylight-saving jump) is said, not moved.
	t, err := shop.AtWallClock(time.Date(day.Year(), day.Month(), day.Day(), m/60, m%60, 0, 0, time.UTC), loc)
	if err != nil {
		return nil, fieldError(field, "%v", err)
	}
	return &t, nil
}

// staffPicker is a Select of the active staff, with "Nobody" for none.
type staffPicker struct {
	sel  *widget.Select
	byID map[shop.ID]string
	ids  map[string]shop.ID
}

const nobody = "Nobody"

func newStaffPicker() *staffPicker {
	return &staffPicker{sel: widget.NewSelect(nil, nil), byID: map[shop.ID]string{}, ids: map[string]shop.ID{}}
}

// setStaff offers the active staff.
func (p *staffPicker) setStaff(staff []shop.Staff) {
	p.byID = map[shop.ID]string{}
	p.ids = map[string]shop.ID{nobody: 0}
	opts := []string{nobody}
	for _, s := range staff {
		l := s.Name
		if s.Title != "" {
			l += " — " + s.Title
		}
		if !s.Active {
			l += " (inactive)"
		}
		p.byID[s.ID] = l
		p.ids[l] = s.ID
		if s.Active {
			opts = append(opts, l)
		}
	}
	p.sel.SetOptions(opts)
}

func (p *staffPicker) set(id shop.ID) {
	if l, ok := p.byID[id]; ok {
		if !slices.Contains(p.sel.Options, l) {
			// Someone no longer active is still the one recorded on this row.
			p.sel.SetOptions(append(p.sel.Options, l))
		}
		p.sel.SetSelected(l)
		return
	}
	p.sel.SetSelected(nobody)
}

func (p *staffPicker) selected() shop.ID { return p.ids[p.sel.Selected] }

// formError is a value of a form field that is not acceptable: the field's label
// as the form shows it, and what is wrong with the value.
type formError struct{ label, msg string }

func (e *formError) Error() string { return e.label + ": " + e.msg }

// fieldError is a *formError with a formatted message.
func fieldError(label, format string, args ...any) error {
	return &formError{label: label, msg: fmt.Sprintf(format, args...)}
}
