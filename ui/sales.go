package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/letters"
)

// recentDays is how far back the sales list goes.
const recentDays = 60

// salesScreen logs and edits sales, beside the list of the last sixty days' sales.
type salesScreen struct {
	u *UI

	// Set by other screens before they switch here.
	pendingNew  *shop.Customer
	pendingEdit *shop.Purchase

	editing shop.Purchase // the sale in the form; ID 0 for a new one
	recent  []shop.Purchase
	names   map[shop.ID]string

	formTitle *tipLabel
	form      *widget.Form
	customer  *customerPicker
	when      *dateTimeField
	amount    *entry
	items     *entry
	channel   *widget.Select
	soldBy    *staffPicker
	save      *widget.Button
	del       *widget.Button
	status    *widget.Label
	// thanks offers the thank-you letter of the sale just saved.
	thanks    *widget.Button
	lastSale  shop.Purchase
	lastBuyer shop.Customer

	next *widget.Label

	listTitle *tipLabel
	list      *widget.List
	empty     fyne.CanvasObject

	root fyne.CanvasObject
}

func newSalesScreen(u *UI) *salesScreen {
	s := &salesScreen{u: u, names: map[shop.ID]string{}}
	s.buildUI()
	return s
}

func (s *salesScreen) buildUI() {
	s.formTitle = heading("Log a sale")
	s.customer = s.u.newCustomerPicker()
	// At the till the time is now: once the customer is picked, the amount is
	// what comes next (Enter there saves).
	s.customer.onPicked = func(shop.Customer) { s.u.win.Canvas().Focus(s.amount) }
	s.when = newDateTimeField()
	s.amount = newEntry()
	s.amount.SetPlaceHolder("12.50 — Enter saves")
	// Enter saves: at the till the amount is the last thing typed.
	s.amount.OnSubmitted = func(string) { s.onSave() }
	s.items = newMultiLineEntry()
	s.items.SetPlaceHolder("What they bought — Ctrl+Enter saves")
	s.items.SetMinRowsVisible(2)
	s.items.OnSubmitted = func(string) { s.onSave() } // Ctrl+Enter (Enter starts a line)
	s.channel = widget.NewSelect(channelLabels(shop.Channels), nil)
	s.soldBy = newStaffPicker()
	s.form = widget.NewForm(
		widget.NewFormItem("Customer", s.customer),
		&widget.FormItem{Text: "When", Widget: s.when.box, HintText: "Shop time"},
		widget.NewFormItem("Amount", s.amount),
		widget.NewFormItem("Items", s.items),
		widget.NewFormItem("Channel", s.channel),
		widget.NewFormItem("Sold by", s.soldBy.sel),
	)
	s.save = widget.NewButtonWithIcon("Save sale", theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.del = widget.NewButtonWithIcon("Delete…", theme.DeleteIcon(), s.onDelete)
	newBtn := widget.NewButtonWithIcon("New sale", theme.ContentAddIcon(), s.onNew)
	s.status = wrapped("")
	s.status.Importance = widget.SuccessImportance
	s.thanks = widget.NewButtonWithIcon("Thank-you letter…", theme.DocumentPrintIcon(), s.onThanks)
	s.thanks.Hide()
	buttons := container.NewBorder(nil, nil, s.del, container.NewHBox(newBtn, s.save))
	left := container.NewVBox(card("", container.NewVBox(s.formTitle, s.form, buttons, s.status, container.NewHBox(s.thanks))), s.buildNext())

	s.listTitle = heading("")
	s.list = widget.NewList(func() int { return len(s.recent) },
		func() fyne.CanvasObject { return newLineRow(true) }, s.updateRow)
	s.list.OnSelected = s.onSelected
	s.empty = emptyState("No sales yet", "Sales you log appear here for sixty days.")
	right := container.NewBorder(s.listTitle, nil, nil, nil, container.NewStack(s.list, s.empty))

	split := container.NewHSplit(container.NewPadded(container.NewVScroll(padRight(left))), container.NewPadded(right))
	split.Offset = 0.45
	s.root = split
	s.fill(shop.Purchase{})
}

func (s *salesScreen) content() fyne.CanvasObject { return s.root }

// reload loads the recent sales with their customers' names, then opens what
// another screen asked for.
func (s *salesScreen) reload() {
	u := s.u
	var recent []shop.Purchase
	var names map[shop.ID]string
	u.run(func() (err error) {
		recent, names, err = s.loadRecent()
		return err
	}, func() {
		s.names = names
		s.soldBy.setStaff(u.staff)
		s.explainNext()
		s.showRecent(recent)
		switch {
		case s.pendingEdit != nil:
			s.fill(*s.pendingEdit)
		case s.pendingNew != nil:
			s.fill(shop.Purchase{CustomerID: s.pendingNew.ID})
			s.customer.set(*s.pendingNew)
			s.u.win.Canvas().Focus(s.amount)
		default:
			s.soldBy.set(s.editing.SoldBy)
		}
		s.pendingNew, s.pendingEdit = nil, nil
	})
}

func (s *salesScreen) showRecent(recent []shop.Purchase) {
	s.recent = recent
	var total int64
	for _, p := range recent {
		total += p.AmountCents
	}
	s.listTitle.SetText("Last " + plural(recentDays, "day", "days") + ": " + plural(len(recent), "sale", "sales") + ", " + s.u.money(total))
	showIf(s.empty, len(recent) == 0)
	s.list.UnselectAll()
	s.list.Refresh()
}

func (s *salesScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.recent) {
		return
	}
	p := s.recent[id]
	detail := p.At.In(s.u.shopZone()).Format("Mon "+layoutDate+" 15:04") + " · " + orText(p.Items, "no items noted")
	o.(*lineRow).set(channelIcon(p.Channel), orText(s.names[p.CustomerID], "Unknown customer"), detail, s.u.money(p.AmountCents))
}

func (s *salesScreen) onSelected(id widget.ListItemID) {
	if id < len(s.recent) {
		s.fill(s.recent[id])
	}
}

// fill puts a sale in the form; a new sale starts now, in the shop, by phone or
// visit as the last one.
func (s *salesScreen) fill(p shop.Purchase) {
	if p.ID == 0 && p.SoldBy == 0 {
		p.SoldBy = s.u.me() // the person at this computer, when it knows them
	}
	s.editing = p
	markForm(s.form.Items, nil)
	s.status.SetText("")
	s.thanks.Hide()
	if p.ID == 0 {
		s.formTitle.SetText("Log a sale")
		s.del.Disable()
		s.when.set(s.u.now(), s.u.shopZone())
		if p.Channel == "" {
			p.Channel = shop.ChannelVisit
		}

	} else {
		s.formTitle.SetText("Edit sale")
		s.del.Enable()
		s.when.set(p.At, s.u.shopZone())
	}
	if p.CustomerID == 0 {
		s.customer.set(shop.Customer{})
	} else if c, err := s.u.st.Customer(s.u.ctx, p.CustomerID); err == nil {
		s.customer.set(c)
	}
	if p.ID == 0 {
		s.amount.SetText("")
	} else {
		s.amount.SetText(shop.FormatCents(p.AmountCents))
	}
	s.items.SetText(p.Items)
	s.channel.SetSelected(channelLabel(p.Channel))
	s.soldBy.set(p.SoldBy)
}

// read builds the sale from the form, with its customer, or an error naming
// every field that is not acceptable.
func (s *salesScreen) read() (shop.Purchase, shop.Customer, error) {
	p := s.editing
	var probs problems
	c, err := s.customer.selected("Customer")
	probs.add(err)
	p.CustomerID = c.ID
	if at, err := s.when.value("When", s.u.shopZone(), false); err != nil {
		probs.add(err)
	} else {
		p.At = at.UTC()
	}
	p.AmountCents, err = parseMoney("Amount", s.amount.Text)
	probs.add(err)
	p.Items = strings.TrimSpace(s.items.Text)
	p.Channel, err = channelFromLabel("Channel", s.channel.Selected)
	probs.add(err)
	p.SoldBy = s.soldBy.selected()
	return p, c, probs.err()
}

// refuse marks the fields err finds fault with and says what is wrong.
func (s *salesScreen) refuse(err error) {
	s.u.showErrorThen(err, markForm(s.form.Items, err))
}

func (s *salesScreen) onSave() {
	p, c, err := s.read()
	if err != nil {
		s.refuse(err)
		return
	}
	markForm(s.form.Items, nil)
	u := s.u
	// c is the customer the sale was saved for: by the time the save is done the
	// clerk may be typing the next customer's name into the picker.
	u.async(func() error { return u.st.SavePurchase(u.ctx, &p) }, func(err error) {
		if err != nil {
			s.refuse(err)
			return
		}
		msg := "Saved: " + s.u.money(p.AmountCents) + " from " + c.Name + ". Its follow-ups are planned."
		// The next sale is often another customer's: start afresh, same channel and seller.
		s.fill(shop.Purchase{Channel: p.Channel, SoldBy: p.SoldBy})
		s.status.SetText(msg)
		// The next customer's name goes into Customer, not where the last sale ended.
		s.u.win.Canvas().Focus(s.customer.entry)
		// The thank-you can go at once, while the customer is still at the till.
		s.lastSale, s.lastBuyer = p, c
		if letters.MayWrite(c) == nil {
			s.thanks.SetText("Thank-you letter to " + c.Name + "…")
			s.thanks.Show()
		}
		s.reloadList()
	})
}

// onThanks saves the thank-you letter of the sale just logged as a PDF.
func (s *salesScreen) onThanks() {
	u, p, c := s.u, s.lastSale, s.lastBuyer
	l := letters.ForSale(u.business, c, p, letters.Signer(p.SoldBy, u.staff), u.now())
	u.withItems(l, func(l letters.Letter) {
		u.saveLetters(letterFileName(kindSlug(l.Kind), c.Name, l.Date), "", []letters.Letter{l}, nil)
	})
}

func (s *salesScreen) reloadList() {
	var recent []shop.Purchase
	var names map[shop.ID]string
	s.u.run(func() (err error) {
		recent, names, err = s.loadRecent()
		return err
	}, func() {
		s.names = names
		s.showRecent(recent)
	})
}

// loadRecent reads the last sixty days' sales (the latest thousand) and the names
// of their customers; it runs off the UI goroutine.
func (s *salesScreen) loadRecent() ([]shop.Purchase, map[shop.ID]string, error) {
	u := s.u
	recent, err := u.st.RecentPurchases(u.ctx, u.now().AddDate(0, 0, -recentDays), 1000)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]shop.ID, len(recent))
	for i, p := range recent {
		ids[i] = p.CustomerID
	}
	names, err := u.customerNames(ids)
	return recent, names, err
}

func (s *salesScreen) onNew() {
	s.list.UnselectAll()
	s.fill(shop.Purchase{Channel: s.editing.Channel, SoldBy: s.editing.SoldBy})
	s.u.win.Canvas().Focus(s.customer.entry)
}

func (s *salesScreen) onDelete() {
	p := s.editing
	if p.ID == 0 {
		return
	}
	u := s.u
	u.confirmDelete("Delete this sale?",
		"The sale of "+s.u.money(p.AmountCents)+" to "+s.customer.entry.Text+" is removed and its follow-ups are dropped. Follow-ups already made stay in the history.",
		func() error { return u.st.DeletePurchase(u.ctx, p.ID) }, func() {
			s.fill(shop.Purchase{})
			s.status.SetText("Sale deleted.")
			s.reloadList()
		})
}

// buildNext explains what a logged sale sets off, in the shop's own numbers, so the
// owner sees why a sale appears on the call list later.
func (s *salesScreen) buildNext() fyne.CanvasObject {
	s.next = wrapped("")
	return card("What happens after a sale", s.next)
}

func (s *salesScreen) explainNext() {
	r, b := s.u.rules, s.u.business
	thanks := "the same day"
	if r.ThankYouDays > 0 {
		thanks = "after " + plural(r.ThankYouDays, "day", "days")
	}
	s.next.SetText("• A thank-you letter or email goes out " + thanks + ".\n" +
		"• Sales of " + s.u.money(b.BigTicketCents) + " or more get a call after " + plural(r.BigTicketWeekDays, "day", "days") +
		" and again after " + plural(r.BigTicketSecondDays, "day", "days") + ".\n" +
		"• Of the smaller sales, " + fmt.Sprint(r.SmallSamplePercent) + "% of each day's buyers (at most " + fmt.Sprint(r.SmallSampleMaxDay) +
		") get a call the next day.\n" +
		"Change these numbers under Settings.")
}
