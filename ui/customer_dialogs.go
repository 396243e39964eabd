package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
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
	note     *entry
}

const notAboutAnIssue = "Not about an issue"

// newPromiseDialog prepares the dialog for c, whose open issues it offers; it
// starts at the time the rules would plan a promise a week on.
func newPromiseDialog(u *UI, c shop.Customer, issues []shop.Issue) *promiseDialog {
	d := &promiseDialog{u: u, c: c, when: newDateTimeField(), channel: widget.NewSelect(channelLabels(shop.OutboundChannels), nil),
		issueIDs: map[string]shop.ID{notAboutAnIssue: 0}, keeper: newStaffPicker(), note: newMultiLineEntry()}
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

// show opens the dialog; done runs after the promise is stored. A call at a
// time outside the customer's call hours is asked about first.
func (d *promiseDialog) show(done func()) {
	u, c := d.u, d.c
	loc := c.Location(u.shopZone())
	items := []*widget.FormItem{
		{Text: "When", Widget: d.when.box, HintText: "In their time: " + loc.String() + " (" + u.now().In(loc).Format("MST") + "); calls " + planner.CallHours(u.rules, c)},
		{Text: "Channel", Widget: d.channel},
		{Text: "About", Widget: d.issue},
		{Text: "Who keeps it", Widget: d.keeper.sel, HintText: "Nobody: the planner picks"},
		{Text: "Note", Widget: d.note},
	}
	var dlg *dialog.FormDialog
	dlg = dialog.NewForm("Promise a follow-up to "+c.Name, "Promise", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		p, err := d.read()
		if err != nil {
			u.refuseForm(dlg, items, err)
			return
		}
		markForm(items, nil)
		if off, fine := planner.CheckCallTime(u.rules, c, loc, p.Due); p.Channel == shop.ChannelPhone && !fine {
			d.askOffHours(p, off, loc, func() { u.presentForm(dlg, nil) }, done)
			return
		}
		d.store(p, dlg, items, done)
	}, u.win)
	dlg.Resize(fyne.NewSize(560, 0))
	u.letGoAfterChoice(d.channel, d.issue, d.keeper.sel)
	u.presentForm(dlg, d.when.date)
}

// store records the promise; a refusal opens the dialog again, marked.
func (d *promiseDialog) store(p shop.Promise, dlg *dialog.FormDialog, items []*widget.FormItem, done func()) {
	u := d.u
	u.async(func() error { return u.st.AddPromise(u.ctx, &p) }, func(err error) {
		if err != nil {
			u.refuseForm(dlg, items, err)
			return
		}
		done()
	})
}

// askOffHours asks whether to keep a promised call outside the customer's call
// hours ("Tom takes calls 17:00–20:00; keep 14:00?"), or to take the next good
// time, or to go back to the promise.
func (d *promiseDialog) askOffHours(p shop.Promise, off planner.OffHours, loc *time.Location, back, done func()) {
	u := d.u
	at := p.Due.In(loc).Format("15:04")
	next := off.Next.In(loc).Format("15:04")
	if !sameDay(off.Next, p.Due, loc) {
		next = off.Next.In(loc).Format("Mon 15:04")
	}
	var ask dialog.Dialog
	keep := widget.NewButton("Keep "+at, func() {
		ask.Hide()
		d.storeAsked(p, back, done)
	})
	move := widget.NewButton("Use "+next+" instead", func() {
		ask.Hide()
		p.Due = off.Next.UTC()
		d.storeAsked(p, back, done)
	})
	move.Importance = widget.HighImportance
	change := widget.NewButton("Change…", func() {
		ask.Hide()
		back()
	})
	msg := wrapped(off.Sentence(d.c, p.Due, loc) + " Keep " + at + "?")
	ask = dialog.NewCustomWithoutButtons("Outside "+d.c.Name+"'s call hours", container.NewVBox(msg,
		container.NewHBox(layout.NewSpacer(), change, keep, move)), u.win)
	ask.Resize(fyne.NewSize(520, 0))
	u.present(ask, move.OnTapped, nil)
}

// storeAsked records a promise after the question about its time.
func (d *promiseDialog) storeAsked(p shop.Promise, back, done func()) {
	u := d.u
	u.async(func() error { return u.st.AddPromise(u.ctx, &p) }, func(err error) {
		if err != nil {
			back()
			u.showError(err)
			return
		}
		done()
	})
}

// read is the promise the dialog holds, or an error naming every field that is
// not acceptable.
func (d *promiseDialog) read() (shop.Promise, error) {
	var probs problems
	loc := d.c.Location(d.u.shopZone())
	p := shop.Promise{CustomerID: d.c.ID, IssueID: d.issueIDs[d.issue.Selected], AssigneeID: d.keeper.selected(), Note: strings.TrimSpace(d.note.Text)}
	if due, err := d.when.value("When", loc, false); err != nil {
		probs.add(err)
	} else {
		p.Due = due.UTC()
		if !p.Due.After(d.u.st.Now()) {
			probs.add(fieldError("When", "%s has passed; a promise is for later", due.In(loc).Format("Mon Jan 2 15:04")))
		}
	}
	ch, err := channelFromLabel("Channel", d.channel.Selected)
	probs.add(err)
	p.Channel = ch
	return p, probs.err()
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
	note    *entry
}

func newContactDialog(u *UI, c shop.Customer) *contactDialog {
	d := &contactDialog{u: u, c: c, when: newDateTimeField(), channel: widget.NewSelect(channelLabels(shop.Channels), nil),
		dir: widget.NewRadioGroup([]string{dirIn, dirOut}, nil), staff: newStaffPicker(), note: newMultiLineEntry()}
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
	var dlg *dialog.FormDialog
	dlg = dialog.NewForm("Log a contact with "+d.c.Name, "Log", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		ct, err := d.read()
		if err != nil {
			u.refuseForm(dlg, items, err)
			return
		}
		u.async(func() error { return u.st.LogContact(u.ctx, &ct) }, func(err error) {
			if err != nil {
				u.refuseForm(dlg, items, err)
				return
			}
			done()
		})
	}, u.win)
	dlg.Resize(fyne.NewSize(540, 0))
	u.letGoAfterChoice(d.channel, d.dir, d.staff.sel)
	u.presentForm(dlg, d.note)
}

// read is the contact the dialog holds, or an error naming every field that is
// not acceptable.
func (d *contactDialog) read() (shop.Contact, error) {
	var probs problems
	ct := shop.Contact{CustomerID: d.c.ID, Direction: shop.Inbound, StaffID: d.staff.selected(), Summary: strings.TrimSpace(d.note.Text)}
	if at, err := d.when.value("When", d.u.shopZone(), false); err != nil {
		probs.add(err)
	} else {
		ct.At = at.UTC()
	}
	ch, err := channelFromLabel("Channel", d.channel.Selected)
	probs.add(err)
	ct.Channel = ch
	if d.dir.Selected == dirOut {
		ct.Direction = shop.Outbound
	}
	return ct, probs.err()
}

// quickAdd asks for a new customer's name, phone and email (the rest can wait for
// the Customers tab) where a customer is picked: at the till, in the issue form.
type quickAdd struct {
	u                  *UI
	name, phone, email *entry
	done               func(shop.Customer)
}

// quickAddCustomer opens the new customer dialog with name typed in, saves the
// customer and hands them to done. A refused save shows the error and opens the
// dialog again with everything typed still there.
func (u *UI) quickAddCustomer(name string, done func(shop.Customer)) *quickAdd {
	q := &quickAdd{u: u, name: newEntry(), phone: newEntry(), email: newEntry(), done: done}
	q.name.SetText(name)
	q.phone.SetPlaceHolder("e.g. +1 212 555 0142")
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
	var d *dialog.FormDialog
	d = dialog.NewForm("New customer", "Add", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		c := u.blankCustomer()
		c.Name, c.Phone, c.Email = strings.TrimSpace(q.name.Text), strings.TrimSpace(q.phone.Text), strings.TrimSpace(q.email.Text)
		u.async(func() error { return u.st.SaveCustomer(u.ctx, &c) }, func(err error) {
			if err != nil {
				u.refuseForm(d, items, err)
				return
			}
			q.done(c)
		})
	}, u.win)
	d.Resize(fyne.NewSize(460, 0))
	u.presentForm(d, q.phone)
}

// refuseForm marks the fields of a form dialog that err finds fault with,
// opens the dialog again with everything typed still there, and says what is
// wrong.
func (u *UI) refuseForm(d *dialog.FormDialog, items []*widget.FormItem, err error) {
	field := markForm(items, err)
	u.presentForm(d, field)
	u.showErrorThen(err, field)
}

// blankCustomer is a new customer of the shop's usual kind.
func (u *UI) blankCustomer() shop.Customer {
	c := shop.Customer{Kind: shop.KindConsumer, PreferredCallMinute: -1}
	if u.business.BusinessToBusiness {
		c.Kind = shop.KindBusiness
	}
	return c
}
