package ui

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
)

// customerPicker is a search box for a customer: as the user types, the
// customers that match (name, email or phone) are listed under the field, with
// "+ New customer: …" last. Down and Up move through them, Enter or a click
// picks one, Escape closes the list. The shop may have a hundred thousand
// customers: the store searches, a page at a time.
type customerPicker struct {
	widget.BaseWidget
	entry *pickerEntry
	list  *fyne.Container // the rows of matches, shown while there are some
	rows  []*pickRow

	// find searches the customers: Store.SearchCustomers, then the first page.
	find func(q string, limit int) ([]shop.Customer, error)
	// onPicked runs when a customer is picked; onNew when the user picks "New
	// customer", with what they typed.
	onPicked func(shop.Customer)
	onNew    func(name string)
	// async, when set, runs the search as the user types off the UI goroutine (the
	// search index of a big shop takes a third of a second to read again after a
	// change); searches is the number of the newest, whose matches alone are shown.
	async    func(work func() error, then func(error))
	searches int
	// enterWaits is an Enter pressed before the matches of what was typed came
	// (at typing speed): it picks the first of them when they do.
	enterWaits bool

	matches []shop.Customer
	labels  []string // the rows' texts: the matches, then "New customer" when offered
	typed   string   // what the matches are for
	hi      int      // the row Enter picks
	picked  shop.Customer
	// setting is set while the picker writes the field itself.
	setting bool
}

// pickerShown is how many matching customers the picker lists.
const pickerShown = 8

// newCustomerPrefix starts the picker's "add a new customer" row.
const newCustomerPrefix = "+ New customer: "

func newCustomerPicker(find func(q string, limit int) ([]shop.Customer, error)) *customerPicker {
	p := &customerPicker{find: find, list: container.New(layout.NewCustomPaddedVBoxLayout(0))}
	p.entry = &pickerEntry{p: p}
	p.entry.outer = p.entry
	p.entry.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	p.entry.ExtendBaseWidget(p.entry)
	p.entry.SetPlaceHolder("Type a name, email or phone")
	p.entry.OnChanged = p.onChanged
	p.list.Hide()
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer puts the list under the field, in the form's flow.
func (p *customerPicker) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewVBox(p.entry, p.list))
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

func (p *customerPicker) onChanged(text string) {
	if p.setting {
		return
	}
	p.picked = shop.Customer{}
	if strings.TrimSpace(text) == "" {
		p.searches++ // a search still on its way answers nothing
		p.enterWaits = false
		p.close()
		return
	}
	if p.find == nil {
		return
	}
	if p.async == nil {
		if cs, err := p.find(text, pickerShown); err == nil {
			p.offer(cs, text)
		}
		return
	}
	p.searches++
	n := p.searches
	var cs []shop.Customer
	p.async(func() (err error) {
		cs, err = p.find(text, pickerShown)
		return err
	}, func(err error) {
		if n != p.searches {
			return // an older search answering late is dropped
		}
		if err != nil {
			// Nothing to pick from: Enter does not wait for it.
			p.typed, p.enterWaits = text, false
			p.close()
			return
		}
		p.offer(cs, text)
		if p.enterWaits {
			p.enterWaits = false
			p.choose(p.hi)
		}
	})
}

// offer lists cs under the field, the first one ready for Enter, and the new
// customer typed last.
func (p *customerPicker) offer(cs []shop.Customer, typed string) {
	p.matches, p.typed, p.hi = cs, typed, 0
	p.labels = p.labels[:0]
	seen := map[string]bool{}
	for _, c := range cs {
		l := customerLabel(c)
		if seen[l] {
			l = fmt.Sprintf("%s #%d", l, c.ID)
		}
		seen[l] = true
		p.labels = append(p.labels, l)
	}
	if t := strings.TrimSpace(typed); t != "" && p.onNew != nil {
		p.labels = append(p.labels, newCustomerPrefix+t+"…")
	}
	for len(p.rows) < len(p.labels) {
		i := len(p.rows)
		r := newPickRow(func() { p.choose(i) })
		p.rows = append(p.rows, r)
		p.list.Add(r)
	}
	for i, r := range p.rows {
		showIf(r, i < len(p.labels))
		if i < len(p.labels) {
			r.set(p.labels[i], i == p.hi, i == len(p.matches))
		}
	}
	showIf(p.list, len(p.labels) > 0)
	p.list.Refresh()
	p.Refresh()
}

// move highlights the row by rows down (up when negative).
func (p *customerPicker) move(by int) {
	if !p.list.Visible() {
		if strings.TrimSpace(p.entry.Text) != "" && p.picked.ID == 0 {
			p.onChanged(p.entry.Text)
		}
		return
	}
	p.hi = min(max(p.hi+by, 0), len(p.labels)-1)
	for i, r := range p.rows[:len(p.labels)] {
		r.set(p.labels[i], i == p.hi, i == len(p.matches))
	}
}

// choose picks row i: a customer, or the new customer typed.
func (p *customerPicker) choose(i int) {
	if i < 0 || i >= len(p.labels) {
		return
	}
	p.close()
	if i >= len(p.matches) {
		name := strings.TrimSpace(p.typed)
		if p.onNew != nil {
			p.onNew(name)
		}
		return
	}
	c := p.matches[i]
	p.show(c, p.labels[i])
	if p.onPicked != nil {
		p.onPicked(c)
	}
}

// searching reports a search on its way for the text in the field, whose
// matches are not listed yet.
func (p *customerPicker) searching() bool {
	return p.async != nil && p.picked.ID == 0 && strings.TrimSpace(p.entry.Text) != "" && p.typed != p.entry.Text
}

// close hides the list.
func (p *customerPicker) close() {
	if p.list.Visible() {
		p.list.Hide()
		p.Refresh()
	}
}

// show writes the customer picked into the field.
func (p *customerPicker) show(c shop.Customer, label string) {
	p.picked = c
	p.setting = true
	p.entry.SetText(label)
	p.entry.CursorColumn = len([]rune(label))
	p.setting = false
}

// set shows a customer; the zero customer clears the field.
func (p *customerPicker) set(c shop.Customer) {
	p.close()
	if c.ID == 0 {
		p.picked = shop.Customer{}
		p.setting = true
		p.entry.SetText("")
		p.setting = false
		return
	}
	p.show(c, customerLabel(c))
}

// selected is the customer picked, or an error naming the field.
func (p *customerPicker) selected(field string) (shop.Customer, error) {
	text := strings.TrimSpace(p.entry.Text)
	if text == "" {
		return shop.Customer{}, fieldError(field, "choose a customer")
	}
	if p.picked.ID != 0 {
		return p.picked, nil
	}
	// A name typed in full, without picking, still counts when it is the name of
	// exactly one customer.
	var found []shop.Customer
	if p.find != nil {
		cs, err := p.find(text, 100)
		if err != nil {
			return shop.Customer{}, fieldError(field, "%v", err)
		}
		for _, c := range cs {
			if strings.EqualFold(c.Name, text) || strings.EqualFold(customerLabel(c), text) {
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
	return shop.Customer{}, fieldError(field, "%q is not a customer; pick one from the list under the field, or \"New customer\" to add them", text)
}

// pickerEntry is the picker's field: Down, Up, Enter and Escape work the list.
type pickerEntry struct {
	entry
	p *customerPicker
}

// TypedKey moves through the list and picks from it; other keys are the field's.
func (e *pickerEntry) TypedKey(k *fyne.KeyEvent) {
	p := e.p
	switch k.Name {
	case fyne.KeyDown:
		p.move(1)
		return
	case fyne.KeyUp:
		if p.list.Visible() {
			p.move(-1)
			return
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if p.searching() {
			// The rows shown are for what was typed before: Enter waits for its own.
			p.enterWaits = true
			return
		}
		if p.list.Visible() {
			p.choose(p.hi)
			return
		}
	case fyne.KeyEscape:
		if p.list.Visible() {
			p.close()
			return
		}
	}
	e.entry.TypedKey(k)
}

// FocusLost closes the list, unless the pointer is on it (a click on a row is
// on its way).
func (e *pickerEntry) FocusLost() {
	e.entry.FocusLost()
	for _, r := range e.p.rows {
		if r.hovered {
			return
		}
	}
	e.p.close()
}

// pickRow is one row of the picker's list.
type pickRow struct {
	widget.BaseWidget
	text    *widget.Label
	bg      *canvas.Rectangle
	onTap   func()
	hovered bool
	hi      bool
}

func newPickRow(onTap func()) *pickRow {
	r := &pickRow{text: widget.NewLabel(""), bg: canvas.NewRectangle(color.Transparent), onTap: onTap}
	r.text.Truncation = fyne.TextTruncateEllipsis
	r.ExtendBaseWidget(r)
	return r
}

func (r *pickRow) set(text string, hi, isNew bool) {
	r.text.SetText(text)
	r.text.Importance = widget.MediumImportance
	if isNew {
		r.text.Importance = widget.HighImportance
	}
	r.text.Refresh()
	r.hi = hi
	r.Refresh()
}

// CreateRenderer draws the highlight behind the text.
func (r *pickRow) CreateRenderer() fyne.WidgetRenderer {
	return &pickRowRenderer{r: r, objects: []fyne.CanvasObject{r.bg, r.text}}
}

type pickRowRenderer struct {
	r       *pickRow
	objects []fyne.CanvasObject
}

func (rr *pickRowRenderer) Layout(s fyne.Size) {
	rr.r.bg.Resize(s)
	rr.r.text.Resize(s)
}

func (rr *pickRowRenderer) MinSize() fyne.Size { return rr.r.text.MinSize() }

func (rr *pickRowRenderer) Refresh() {
	th := rr.r.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	switch {
	case rr.r.hi:
		rr.r.bg.FillColor = th.Color(theme.ColorNameSelection, v)
	case rr.r.hovered:
		rr.r.bg.FillColor = th.Color(theme.ColorNameHover, v)
	default:
		rr.r.bg.FillColor = th.Color(theme.ColorNameInputBackground, v)
	}
	rr.r.bg.Refresh()
}

func (rr *pickRowRenderer) Objects() []fyne.CanvasObject { return rr.objects }

func (rr *pickRowRenderer) Destroy() {}

// Tapped picks the row.
func (r *pickRow) Tapped(*fyne.PointEvent) { r.onTap() }

// MouseIn shades the row.
func (r *pickRow) MouseIn(*desktop.MouseEvent) { r.hovered = true; r.Refresh() }

// MouseMoved is part of desktop.Hoverable.
func (r *pickRow) MouseMoved(*desktop.MouseEvent) {}

// MouseOut ends the shade.
func (r *pickRow) MouseOut() { r.hovered = false; r.Refresh() }

// Cursor is a pointing hand.
func (r *pickRow) Cursor() desktop.Cursor { return desktop.PointerCursor }
