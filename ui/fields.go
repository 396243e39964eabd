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
		return nil, fmt.Errorf("%s: %w", field, err)
	}
	return &t, nil
}

// customerPicker chooses a customer from a SelectEntry whose options are the first
// customers matching what was typed, searched as the user types (the shop may have
// a hundred thousand), and a last option that adds a new customer by that name.
type customerPicker struct {
	entry *widget.SelectEntry
	// find searches the customers: Store.SearchCustomers, then the first page.
	find    func(q string, limit int) ([]shop.Customer, error)
	byLabel map[string]shop.Customer
	// options are the options offered now.
	options []string
	// onPicked runs when the text names a customer exactly.
	onPicked func(shop.Customer)
	// onNew runs when the user picks the "new customer" option, with what they typed.
	onNew func(name string)
	// async, when set, runs the search as the user types off the UI goroutine (the
	// search index of a big shop takes a third of a second to read again after a
	// change); searches is the number of the newest, whose options alone are shown.
	async    func(work func() error, then func(error))
	searches int
}

// pickerOptions is how many matching customers the picker offers.
const pickerOptions = 12

// newCustomerPrefix starts the picker's "add a new customer" option.
const newCustomerPrefix = "+ New customer: "

func newCustomerPicker(find func(q string, limit int) ([]shop.Customer, error)) *customerPicker {
	p := &customerPicker{entry: widget.NewSelectEntry(nil), byLabel: map[string]shop.Customer{}, find: find}
	p.entry.SetPlaceHolder("Type a name, email or phone, then pick")
	p.entry.OnChanged = p.onChanged
	return p
}

// customerLabel names a customer in pickers and lists: "Grace Liu (Liu Dental Group)".
func customerLabel(c shop.Customer) string {
	switch {
	case c.Company != "" && c.Company != c.Name:
		return c.Name + " (" + c.Company + ")"
	case c.City != "":
		return c.Name + " (" + c.City + ")"
	}
	return c.Name
}

// offer makes cs the options, keeping the labels of customers offered before so
// that a label picked earlier still names its customer.
func (p *customerPicker) offer(cs []shop.Customer, typed string) {
	opts := make([]string, 0, len(cs)+1)
	seen := map[string]bool{}
	for _, c := range cs {
		l := customerLabel(c)
		if prev, ok := p.byLabel[l]; (ok && prev.ID != c.ID) || seen[l] {
			l = fmt.Sprintf("%s #%d", l, c.ID)
		}
		seen[l] = true
		p.byLabel[l] = c
		opts = append(opts, l)
	}
	if t := strings.TrimSpace(typed); t != "" && p.onNew != nil {
		opts = append(opts, newCustomerPrefix+t+"…")
	}
	p.options = opts
	p.entry.SetOptions(opts)
}

func (p *customerPicker) onChanged(text string) {
	if c, ok := p.byLabel[text]; ok {
		if p.onPicked != nil {
			p.onPicked(c)
		}
		return
	}
	if name, ok := strings.CutPrefix(text, newCustomerPrefix); ok {
		name = strings.TrimSuffix(name, "…")
		p.entry.SetText(name)
		if p.onNew != nil {
			p.onNew(name)
		}
		return
	}
	if p.find == nil {
		return
	}
	if p.async == nil {
		if cs, err := p.find(text, pickerOptions); err == nil {
			p.offer(cs, text)
		}
		return
	}
	p.searches++
	n := p.searches
	var cs []shop.Customer
	p.async(func() (err error) {
		cs, err = p.find(text, pickerOptions)
		return err
	}, func(err error) {
		if err == nil && n == p.searches { // an older search answering late is dropped
			p.offer(cs, text)
		}
	})
}

// set shows a customer; the zero customer clears the field.
func (p *customerPicker) set(c shop.Customer) {
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
	l := customerLabel(c)
	if prev, ok := p.byLabel[l]; ok && prev.ID != c.ID {
		l = fmt.Sprintf("%s #%d", l, c.ID)
	}
	p.byLabel[l] = c
	p.entry.SetText(l)
}

// selected is the customer named in the field, or an error naming the field.
func (p *customerPicker) selected(field string) (shop.Customer, error) {
	text := strings.TrimSpace(p.entry.Text)
	if text == "" {
		return shop.Customer{}, fieldError(field, "choose a customer")
	}
	if c, ok := p.byLabel[text]; ok {
		return c, nil
	}
	// A name typed in full without the part in brackets still counts when it is
	// the name of exactly one customer.
	var found []shop.Customer
	if p.find != nil {
		cs, err := p.find(text, 100)
		if err != nil {
			return shop.Customer{}, fieldError(field, "%v", err)
		}
		for _, c := range cs {
			if strings.EqualFold(c.Name, text) {
				found = append(found, c)
			}
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	if len(found) > 1 {
		return shop.Customer{}, fieldError(field, "there are %d customers named %q; pick one from the list", len(found), text)
	}
	return shop.Customer{}, fieldError(field, "%q is not a customer; pick one from the list, or pick \"New customer\" to add them", text)
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
