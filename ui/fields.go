package ui

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data"
)

// dateTimeField is a date entry with a time of day beside it. The date entry gives
// back UTC midnight (typed) or the local clock (picked): only its year, month and
// day are kept, and the time of day is read in the zone the caller names.
type dateTimeField struct {
	date  *widget.DateEntry
	clock *widget.Entry
	box   *fyne.Container
}

func newDateTimeField() *dateTimeField {
	f := &dateTimeField{date: widget.NewDateEntry(), clock: widget.NewEntry()}
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
		return time.Time{}, false, fmt.Errorf("%s: %q is not a date; pick one from the calendar", field, text)
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
		return nil, fmt.Errorf("%s: the date is missing", field)
	}
	m, err := parseClockField(field+" (time)", f.clock.Text, false)
	if err != nil {
		return nil, err
	}
	t := atMinute(day, m, loc)
	return &t, nil
}

// customerPicker chooses a customer by name from a SelectEntry whose options narrow
// down to the customers matching what was typed.
type customerPicker struct {
	entry   *widget.SelectEntry
	all     []data.Customer
	labels  []string
	byLabel map[string]data.Customer
	// onPicked runs when the text names a customer exactly.
	onPicked func(data.Customer)
}

func newCustomerPicker() *customerPicker {
	p := &customerPicker{entry: widget.NewSelectEntry(nil), byLabel: map[string]data.Customer{}}
	p.entry.SetPlaceHolder("Type a name, then pick")
	p.entry.OnChanged = p.onChanged
	return p
}

// customerLabel names a customer in pickers and lists: "Grace Liu (Liu Dental Group)".
func customerLabel(c data.Customer) string {
	switch {
	case c.Company != "" && c.Company != c.Name:
		return c.Name + " (" + c.Company + ")"
	case c.City != "":
		return c.Name + " (" + c.City + ")"
	}
	return c.Name
}

func (p *customerPicker) setCustomers(cs []data.Customer) {
	p.all = cs
	p.byLabel = make(map[string]data.Customer, len(cs))
	p.labels = p.labels[:0]
	for _, c := range cs {
		l := customerLabel(c)
		if _, dup := p.byLabel[l]; dup {
			l = fmt.Sprintf("%s #%d", l, c.ID)
		}
		p.byLabel[l] = c
		p.labels = append(p.labels, l)
	}
	sort.Strings(p.labels)
	p.onChanged(p.entry.Text)
}

func (p *customerPicker) onChanged(text string) {
	if c, ok := p.byLabel[text]; ok {
		p.entry.SetOptions(p.labels)
		if p.onPicked != nil {
			p.onPicked(c)
		}
		return
	}
	q := strings.ToLower(strings.TrimSpace(text))
	var opts []string
	for _, l := range p.labels {
		if q == "" || strings.Contains(strings.ToLower(l), q) {
			opts = append(opts, l)
		}
	}
	p.entry.SetOptions(opts)
}

// set shows a customer; the zero customer clears the field.
func (p *customerPicker) set(c data.Customer) {
	if c.ID == 0 {
		p.entry.SetText("")
		return
	}
	for l, pc := range p.byLabel {
		if pc.ID == c.ID {
			p.entry.SetText(l)
			return
		}
	}
	p.entry.SetText(customerLabel(c))
}

// selected is the customer named in the field, or an error naming the field.
func (p *customerPicker) selected(field string) (data.Customer, error) {
	text := strings.TrimSpace(p.entry.Text)
	if text == "" {
		return data.Customer{}, fmt.Errorf("%s: choose a customer", field)
	}
	if c, ok := p.byLabel[text]; ok {
		return c, nil
	}
	// A name typed in full without the part in brackets still counts when it is
	// the name of exactly one customer.
	var found []data.Customer
	for _, c := range p.all {
		if strings.EqualFold(c.Name, text) {
			found = append(found, c)
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	if len(found) > 1 {
		return data.Customer{}, fmt.Errorf("%s: there are %d customers named %q; pick one from the list", field, len(found), text)
	}
	return data.Customer{}, fmt.Errorf("%s: %q is not a customer; pick one from the list or add them under Customers", field, text)
}

// staffPicker is a Select of the active staff, with "Nobody" for none.
type staffPicker struct {
	sel  *widget.Select
	byID map[data.ID]string
	ids  map[string]data.ID
}

const nobody = "Nobody"

func newStaffPicker() *staffPicker {
	return &staffPicker{sel: widget.NewSelect(nil, nil), byID: map[data.ID]string{}, ids: map[string]data.ID{}}
}

// setStaff offers the active staff.
func (p *staffPicker) setStaff(staff []data.Staff) {
	p.byID = map[data.ID]string{}
	p.ids = map[string]data.ID{nobody: 0}
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

func (p *staffPicker) set(id data.ID) {
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

func (p *staffPicker) selected() data.ID { return p.ids[p.sel.Selected] }
