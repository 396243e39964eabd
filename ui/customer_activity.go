package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
)

// customerActivity is what has happened with one customer, in the Customers
// screen's tabs beside Details: their sales, issues, follow-ups and contact log.
type customerActivity struct {
	u *UI

	sales    []shop.Purchase
	issues   []shop.Issue
	history  []shop.AgendaItem
	contacts []shop.Contact

	salesList, issuesList, historyList, contactsList     *widget.List
	salesEmpty, issuesEmpty, historyEmpty, contactsEmpty *widget.Label
}

// Positions of the Customers screen's tabs.
const (
	customerDetailsTab = iota
	customerSalesTab
	customerIssuesTab
	customerHistoryTab
	customerContactsTab
)

func newCustomerActivity(u *UI) *customerActivity {
	a := &customerActivity{u: u}
	a.salesList, a.salesEmpty = a.subList(func() int { return len(a.sales) }, a.updateSale)
	a.salesList.OnSelected = a.onSaleSelected
	a.issuesList, a.issuesEmpty = a.subList(func() int { return len(a.issues) }, a.updateIssue)
	a.issuesList.OnSelected = a.onIssueSelected
	a.historyList, a.historyEmpty = a.subList(func() int { return len(a.history) }, a.updateHistory)
	a.contactsList, a.contactsEmpty = a.subList(func() int { return len(a.contacts) }, a.updateContact)
	return a
}

// tabs are the activity's tabs, after details (the form).
func (a *customerActivity) tabs(details fyne.CanvasObject) *container.AppTabs {
	return container.NewAppTabs(
		container.NewTabItem("Details", details),
		container.NewTabItem("Sales", container.NewStack(a.salesList, a.salesEmpty)),
		container.NewTabItem("Issues", container.NewStack(a.issuesList, a.issuesEmpty)),
		container.NewTabItem("Follow-ups", container.NewStack(a.historyList, a.historyEmpty)),
		container.NewTabItem("Contacts", container.NewStack(a.contactsList, a.contactsEmpty)),
	)
}

func (a *customerActivity) subList(length func() int, update func(widget.ListItemID, fyne.CanvasObject)) (*widget.List, *widget.Label) {
	l := widget.NewList(length, func() fyne.CanvasObject { return newLineRow(true) }, update)
	empty := widget.NewLabel("")
	empty.Alignment = fyne.TextAlignCenter
	return l, empty
}

// load reads a customer's activity off the UI goroutine and then hands it to done.
func (a *customerActivity) load(c shop.Customer, done func(sales []shop.Purchase, issues []shop.Issue, history []shop.AgendaItem, contacts []shop.Contact)) {
	u := a.u
	var (
		sales    []shop.Purchase
		issues   []shop.Issue
		history  []shop.AgendaItem
		contacts []shop.Contact
	)
	u.run(func() (err error) {
		if sales, err = u.st.Purchases(u.ctx, c.ID); err != nil {
			return err
		}
		if issues, err = u.st.Issues(u.ctx, c.ID); err != nil {
			return err
		}
		if history, err = u.st.History(u.ctx, c.ID); err != nil {
			return err
		}
		contacts, err = u.st.Contacts(u.ctx, c.ID)
		return err
	}, func() { done(sales, issues, history, contacts) })
}

// show lists the activity and names each tab with its count.
func (a *customerActivity) show(tabs *container.AppTabs, sales []shop.Purchase, issues []shop.Issue, history []shop.AgendaItem, contacts []shop.Contact) {
	a.sales, a.issues, a.history, a.contacts = sales, issues, history, contacts
	items := tabs.Items
	items[customerSalesTab].Text = fmt.Sprintf("Sales (%d)", len(sales))
	items[customerIssuesTab].Text = fmt.Sprintf("Issues (%d)", len(issues))
	items[customerHistoryTab].Text = fmt.Sprintf("Follow-ups (%d)", len(history))
	items[customerContactsTab].Text = fmt.Sprintf("Contacts (%d)", len(contacts))
	tabs.Refresh()
	for _, l := range []struct {
		list  *widget.List
		empty *widget.Label
		n     int
		text  string
	}{
		{a.salesList, a.salesEmpty, len(sales), "No sales yet."},
		{a.issuesList, a.issuesEmpty, len(issues), "No issues: nothing has gone wrong."},
		{a.historyList, a.historyEmpty, len(history), "No follow-ups yet."},
		{a.contactsList, a.contactsEmpty, len(contacts), "No contacts logged yet."},
	} {
		l.empty.SetText(l.text)
		showIf(l.empty, l.n == 0)
		l.list.UnselectAll()
		l.list.Refresh()
	}
}

// summary is the line under the customer's name: since when, what they spent,
// how many issues are open.
func (a *customerActivity) summary(c shop.Customer) string {
	var spent int64
	for _, p := range a.sales {
		spent += p.AmountCents
	}
	open := 0
	for _, is := range a.issues {
		if is.Open() {
			open++
		}
	}
	parts := []string{}
	if !c.CustomerSince.IsZero() {
		parts = append(parts, "Customer since "+c.CustomerSince.In(a.u.shopZone()).Format(layoutDate))
	}
	parts = append(parts, "spent "+a.u.money(spent), plural(open, "open issue", "open issues"))
	return strings.Join(parts, " · ")
}

func (a *customerActivity) updateSale(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(a.sales) {
		return
	}
	p := a.sales[id]
	detail := p.At.In(a.u.shopZone()).Format(layoutDate+" 15:04") + " · " + channelLabel(p.Channel)
	if n := a.u.staffName(p.SoldBy); n != "" {
		detail += " · sold by " + n
	}
	o.(*lineRow).set(channelIcon(p.Channel), orText(p.Items, "Sale"), detail, a.u.money(p.AmountCents))
}

func (a *customerActivity) onSaleSelected(id widget.ListItemID) {
	if id < len(a.sales) {
		a.u.editSale(a.sales[id])
	}
}

func (a *customerActivity) updateIssue(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(a.issues) {
		return
	}
	o.(*lineRow).set(channelIcon(a.issues[id].Channel), issueTitle(a.issues[id]), a.issueDetail(a.issues[id]), issueState(a.issues[id]))
}

func (a *customerActivity) issueDetail(is shop.Issue) string {
	parts := []string{"Opened " + is.OpenedAt.In(a.u.shopZone()).Format(layoutDate)}
	if is.Reference != "" {
		parts = append(parts, is.Reference)
	}
	if n := a.u.staffName(is.HandledBy); n != "" {
		parts = append(parts, "handled by "+n)
	}
	return strings.Join(parts, " · ")
}

func (a *customerActivity) onIssueSelected(id widget.ListItemID) {
	if id < len(a.issues) {
		a.u.editIssue(a.issues[id])
	}
}

func (a *customerActivity) updateHistory(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(a.history) {
		return
	}
	it := a.history[id]
	loc := zoneOf(it.TimeZone, a.u.shopZone())
	detail := it.Due.In(loc).Format(layoutDate+" 15:04 MST") + " · " + orText(it.Assignee, "unassigned")
	if it.Notes != "" {
		detail += " · " + it.Notes
	}
	// A follow-up still waiting says what Today's badge says of it.
	state := it.Status.Label()
	if it.Status == shop.StatusPending {
		now := a.u.now()
		switch {
		case planner.BrokenPromise(it.FollowUp, now):
			state = "Broken promise"
		case planner.OverdueOn(it.FollowUp, now, a.u.shopZone()):
			state = "Overdue"
		}
	}
	if it.Score > 0 {
		state += fmt.Sprintf(" · %d/5", it.Score)
	}
	o.(*lineRow).set(channelIcon(it.Channel), it.Summary(), detail, state)
}

func (a *customerActivity) updateContact(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(a.contacts) {
		return
	}
	c := a.contacts[id]
	detail := c.At.In(a.u.shopZone()).Format(layoutDate+" 15:04") + " · " + channelLabel(c.Channel)
	if n := a.u.staffName(c.StaffID); n != "" {
		detail += " · " + n
	}
	dir := "From them"
	if c.Direction == shop.Outbound {
		dir = "From us"
	}
	o.(*lineRow).set(channelIcon(c.Channel), orText(c.Summary, "Contact"), detail, dir)
}

func orText(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}

// issueTitle is "Complaint: Grinder delivered two weeks late".
func issueTitle(is shop.Issue) string {
	if is.Summary == "" {
		return is.Type.Label()
	}
	return is.Type.Label() + ": " + is.Summary
}

// issueState is "Open", "Open, escalated" or "Resolved".
func issueState(is shop.Issue) string {
	switch {
	case !is.Open():
		return "Resolved"
	case is.Escalated:
		return "Open, escalated"
	}
	return "Open"
}
