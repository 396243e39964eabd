package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
)

// promiseDialog records a follow-up the customer accepted ("I'll call you back on
// Friday"), at a time in the customer's own zone.
type promiseDialog struct {
	u        *UI
	c        shop.Customer
	when     *dateTimeField
	channel  *widget.Select
	issue    *widget.Select
	issueIDs map[string]shop.ID
	keeper   *staffPicker
	note     *widget.Entry
}

const notAboutAnIssue = "Not about an issue"

// newPromiseDialog prepares the dialog for c, whose open issues it offers; it
// starts at the time the rules would plan a promise a week on.
func newPromiseDialog(u *UI, c shop.Customer, issues []shop.Issue) *promiseDialog {
	d := &promiseDialog{u: u, c: c, when: newDateTimeField(), channel: widget.NewSelect(channelLabels(shop.OutboundChannels), nil),
		issueIDs: map[string]shop.ID{notAboutAnIssue: 0}, keeper: newStaffPicker(), note: widget.NewMultiLineEntry()}
	loc := c.Location(u.shopZone())
	due, ch := planner.SuggestPromise(u.rules, c, loc, u.now(), 7)
	d.when.set(due, loc)
	d.channel.SetSelected(channelLabel(ch))
	opts := []string{notAboutAnIssue}
	for _, is := range issues {
		if is.Open() {
			l := is.Type.Label() + ": " + is.Summary
			if is.Reference != "" {
				l += " (" + is.Reference + ")"
			}
			d.issueIDs[l] = is.ID
			opts = append(opts, l)
		}
	}
	d.issue = widget.NewSelect(opts, nil)
	d.issue.SetSelectedIndex(min(1, len(opts)-1))
	d.keeper.setStaff(u.staff)
	d.keeper.set(0)
	d.note.SetPlaceHolder("What was promised, e.g. call back with the supplier's answer")
	d.note.SetMinRowsVisible(2)
	d.note.Wrapping = fyne.TextWrapWord
	return d
}

// show opens the dialog; done runs after the promise is stored.
func (d *promiseDialog) show(done func()) {
	u, c := d.u, d.c
	loc := c.Location(u.shopZone())
	items := []*widget.FormItem{
		{Text: "When", Widget: d.when.box, HintText: "In their time: " + loc.String() + " (" + u.now().In(loc).Format("MST") + ")"},
		{Text: "Channel", Widget: d.channel},
		{Text: "About", Widget: d.issue},
		{Text: "Who keeps it", Widget: d.keeper.sel, HintText: "Nobody: the planner picks"},
		{Text: "Note", Widget: d.note},
	}
	dlg := dialog.NewForm("Promise a follow-up to "+c.Name, "Promise", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		p, err := d.read()
		if err != nil {
			u.showError(err)
			return
		}
		u.run(func() error { return u.st.AddPromise(u.ctx, &p) }, done)
	}, u.win)
	dlg.Resize(fyne.NewSize(560, 0))
	dlg.Show()
}

// read is the promise the dialog holds, or an error naming the field.
func (d *promiseDialog) read() (shop.Promise, error) {
	loc := d.c.Location(d.u.shopZone())
	due, err := d.when.value("When", loc, false)
	if err != nil {
		return shop.Promise{}, err
	}
	ch, err := channelFromLabel("Channel", d.channel.Selected)
	if err != nil {
		return shop.Promise{}, err
	}
	return shop.Promise{CustomerID: d.c.ID, IssueID: d.issueIDs[d.issue.Selected], Due: due.UTC(), Channel: ch,
		AssigneeID: d.keeper.selected(), Note: strings.TrimSpace(d.note.Text)}, nil
}

// Direction labels of the contact log dialog.
const (
	dirIn  = "They contacted us"
	dirOut = "We contacted them"
)

// contactDialog adds a call, email, letter or visit to the contact log
// (FOLLOWUP_RULES.md §8), at a time in the shop's zone.
type contactDialog struct {
	u       *UI
	c       shop.Customer
	when    *dateTimeField
	channel *widget.Select
	dir     *widget.RadioGroup
	staff   *staffPicker
	note    *widget.Entry
}

func newContactDialog(u *UI, c shop.Customer) *contactDialog {
	d := &contactDialog{u: u, c: c, when: newDateTimeField(), channel: widget.NewSelect(channelLabels(shop.Channels), nil),
		dir: widget.NewRadioGroup([]string{dirIn, dirOut}, nil), staff: newStaffPicker(), note: widget.NewMultiLineEntry()}
	d.when.set(u.now(), u.shopZone())
	d.channel.SetSelected(channelLabel(shop.ChannelPhone))
	d.dir.Required = true
	d.dir.SetSelected(dirIn)
	d.staff.setStaff(u.staff)
	d.staff.set(0)
	d.note.SetPlaceHolder("What it was about")
	d.note.SetMinRowsVisible(2)
	d.note.Wrapping = fyne.TextWrapWord
	return d
}

// show opens the dialog; done runs after the contact is stored.
func (d *contactDialog) show(done func()) {
	u := d.u
	items := []*widget.FormItem{
		{Text: "When", Widget: d.when.box, HintText: "Shop time: " + u.shopZone().String()},
		{Text: "Channel", Widget: d.channel},
		{Text: "Who started it", Widget: d.dir},
		{Text: "Staff", Widget: d.staff.sel},
		{Text: "Summary", Widget: d.note},
	}
	dlg := dialog.NewForm("Log a contact with "+d.c.Name, "Log", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		ct, err := d.read()
		if err != nil {
			u.showError(err)
			return
		}
		u.run(func() error { return u.st.LogContact(u.ctx, &ct) }, done)
	}, u.win)
	dlg.Resize(fyne.NewSize(540, 0))
	dlg.Show()
}

// read is the contact the dialog holds, or an error naming the field.
func (d *contactDialog) read() (shop.Contact, error) {
	at, err := d.when.value("When", d.u.shopZone(), false)
	if err != nil {
		return shop.Contact{}, err
	}
	ch, err := channelFromLabel("Channel", d.channel.Selected)
	if err != nil {
		return shop.Contact{}, err
	}
	dir := shop.Inbound
	if d.dir.Selected == dirOut {
		dir = shop.Outbound
	}
	return shop.Contact{CustomerID: d.c.ID, At: at.UTC(), Channel: ch, Direction: dir, StaffID: d.staff.selected(),
		Summary: strings.TrimSpace(d.note.Text)}, nil
}

// quickAdd asks for a new customer's name, phone and email (the rest can wait for
// the Customers tab) where a customer is picked: at the till, in the issue form.
type quickAdd struct {
	u                  *UI
	name, phone, email *widget.Entry
	done               func(shop.Customer)
}

// quickAddCustomer opens the new customer dialog with name typed in, saves the
// customer and hands them to done. A refused save shows the error and opens the
// dialog again with everything typed still there.
func (u *UI) quickAddCustomer(name string, done func(shop.Customer)) *quickAdd {
	q := &quickAdd{u: u, name: widget.NewEntry(), phone: widget.NewEntry(), email: widget.NewEntry(), done: done}
	q.name.SetText(name)
	q.phone.SetPlaceHolder("+1 212 555 0142")
	q.show()
	return q
}

func (q *quickAdd) show() {
	u := q.u
	items := []*widget.FormItem{
		widget.NewFormItem("Name", q.name),
		{Text: "Phone", Widget: q.phone, HintText: "The time zone is taken from it; edit it later under Customers"},
		widget.NewFormItem("Email", q.email),
	}
	d := dialog.NewForm("New customer", "Add", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		c := u.blankCustomer()
		c.Name, c.Phone, c.Email = strings.TrimSpace(q.name.Text), strings.TrimSpace(q.phone.Text), strings.TrimSpace(q.email.Text)
		u.async(func() error { return u.st.SaveCustomer(u.ctx, &c) }, func(err error) {
			if err != nil {
				q.show()
				u.showError(err)
				return
			}
			q.done(c)
		})
	}, u.win)
	d.Resize(fyne.NewSize(460, 0))
	d.Show()
	u.win.Canvas().Focus(q.phone)
}

// blankCustomer is a new customer of the shop's usual kind.
func (u *UI) blankCustomer() shop.Customer {
	c := shop.Customer{Kind: shop.KindConsumer, PreferredCallMinute: -1}
	if u.business.BusinessToBusiness {
		c.Kind = shop.KindBusiness
	}
	return c
}
