package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// customersScreen finds, edits, adds and deletes customers, and shows a customer's
// sales, issues, follow-ups and contact log with the buttons to add to them.
type customersScreen struct {
	u *UI

	// result is the search shown; pages holds the pages of it read so far, and
	// fetching the pages being read.
	result   store.CustomerSearch
	pages    map[int][]shop.Customer
	fetching map[int]bool
	current  shop.Customer // the customer in the form; ID 0 for a new one
	// pendingSelect is a customer another screen asked to open.
	pendingSelect shop.ID
	// keepForm is set while a reload re-selects the customer already in the form.
	keepForm bool
	// creating is set while the form holds a new customer the user asked for.
	creating bool

	sales    []shop.Purchase
	issues   []shop.Issue
	history  []shop.AgendaItem
	contacts []shop.Contact

	search *widget.Entry
	list   *widget.List
	count  *widget.RichText

	title  *widget.Label
	since  *widget.RichText
	status *widget.Label

	name, salutation, company, address, city, region, postal, country *widget.Entry
	phone, email, callTime, notes, tags                               *widget.Entry
	referrer                                                          *customerPicker
	kind                                                              *widget.RadioGroup
	zone                                                              *widget.SelectEntry
	channel                                                           *widget.Select
	evening, dnc                                                      *widget.Check

	newBtn, save, del, logSale, logIssue, promise, logContact, printLetter *widget.Button

	subtabs                                              *container.AppTabs
	salesList, issuesList, historyList, contactsList     *widget.List
	salesEmpty, issuesEmpty, historyEmpty, contactsEmpty *widget.Label

	// The open dialog's fields; tests fill them in.
	promiseWhen  *dateTimeField
	promiseNote  *widget.Entry
	contactWhen  *dateTimeField
	contactNote  *widget.Entry
	contactDir   *widget.RadioGroup
	contactChan  *widget.Select
	promiseChan  *widget.Select
	promiseIssue *widget.Select
	promiseStaff *staffPicker
	contactStaff *staffPicker
	letterKind   *widget.RadioGroup

	root fyne.CanvasObject
}

// Labels of the customer kinds and of "no preferred channel".
const (
	kindConsumer = "Consumer"
	kindBusiness = "Business"
	sameChannel  = "The one they use"
)

func newCustomersScreen(u *UI) *customersScreen {
	s := &customersScreen{u: u, pages: map[int][]shop.Customer{}, fetching: map[int]bool{}}
	s.buildUI()
	return s
}

func (s *customersScreen) buildUI() {
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Search (Ctrl+F)")
	s.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	s.search.OnChanged = s.onSearch
	s.newBtn = widget.NewButtonWithIcon("New", theme.ContentAddIcon(), s.onNew)
	s.list = widget.NewList(func() int { return s.result.Len() },
		func() fyne.CanvasObject { return newLineRow(false) }, s.updateRow)
	s.list.OnSelected = s.onSelected
	s.count = subtle("")
	left := withWidth(225, container.NewBorder(container.NewBorder(nil, nil, nil, s.newBtn, s.search), s.count, nil, nil, s.list))

	s.title = heading("New customer")
	s.since = subtle("")
	s.status = widget.NewLabel("")
	s.status.Importance = widget.SuccessImportance
	s.logSale = widget.NewButtonWithIcon("Log sale", theme.ContentAddIcon(), s.onLogSale)
	s.logIssue = widget.NewButtonWithIcon("Log issue", theme.WarningIcon(), s.onLogIssue)
	s.promise = widget.NewButtonWithIcon("Promise a follow-up", theme.HistoryIcon(), s.onPromise)
	s.logContact = widget.NewButtonWithIcon("Log contact", phoneIcon, s.onLogContact)
	s.printLetter = widget.NewButtonWithIcon("Print letter…", theme.DocumentPrintIcon(), s.onPrintLetter)
	actions := container.NewHBox(s.logSale, s.logIssue, s.promise, s.logContact)
	// Print letter… sits on the second line: a fifth button on the first would cut
	// most customers' names short at the default window width.
	header := container.NewVBox(container.NewBorder(nil, nil, nil, actions, s.title),
		container.NewBorder(nil, nil, nil, s.printLetter, s.since))

	s.name = widget.NewEntry()
	s.salutation = widget.NewEntry()
	s.salutation.SetPlaceHolder("Blank: from the name")
	s.kind = widget.NewRadioGroup([]string{kindConsumer, kindBusiness}, nil)
	s.kind.Horizontal = true
	s.kind.Required = true
	s.company = widget.NewEntry()
	s.address = widget.NewMultiLineEntry()
	s.address.SetMinRowsVisible(2)
	s.city = widget.NewEntry()
	s.region = widget.NewEntry()
	s.postal = widget.NewEntry()
	s.country = widget.NewEntry()
	s.country.SetPlaceHolder("US, GB, DE…")
	s.phone = widget.NewEntry()
	s.phone.SetPlaceHolder("+1 212 555 0142")
	s.email = widget.NewEntry()
	s.zone = widget.NewSelectEntry(commonZones)
	s.zone.SetPlaceHolder("Blank: from the phone number")
	s.phone.OnChanged = func(string) { s.suggestZone() }
	s.country.OnChanged = func(string) { s.suggestZone() }
	s.channel = widget.NewSelect([]string{sameChannel, "Phone", "Email", "Letter"}, nil)
	s.callTime = widget.NewEntry()
	s.callTime.SetPlaceHolder("HH:MM, their time")
	s.evening = widget.NewCheck("Evening only", nil)
	s.dnc = widget.NewCheck("Do not contact", nil)
	s.notes = widget.NewMultiLineEntry()
	s.notes.SetMinRowsVisible(3)
	s.notes.Wrapping = fyne.TextWrapWord
	s.referrer = newCustomerPicker(s.u.findCustomers)
	s.referrer.async = s.u.async
	s.referrer.entry.SetPlaceHolder("Who sent them to you (blank: nobody)")
	s.tags = widget.NewEntry()
	s.tags.SetPlaceHolder("wholesale, newsletter")

	who := widget.NewForm(
		widget.NewFormItem("Name", s.name),
		widget.NewFormItem("Salutation", s.salutation),
		widget.NewFormItem("Kind", s.kind),
		widget.NewFormItem("Company", s.company),
		widget.NewFormItem("Phone", s.phone),
		widget.NewFormItem("Email", s.email),
		widget.NewFormItem("Referred by", s.referrer.entry),
	)
	where := widget.NewForm(
		widget.NewFormItem("Address", s.address),
		widget.NewFormItem("City", s.city),
		widget.NewFormItem("Region", s.region),
		widget.NewFormItem("Postal code", s.postal),
		widget.NewFormItem("Country", s.country),
		widget.NewFormItem("Time zone", s.zone),
	)
	how := widget.NewForm(
		widget.NewFormItem("Preferred channel", s.channel),
		widget.NewFormItem("Preferred call time", s.callTime),
		widget.NewFormItem("", s.evening),
		widget.NewFormItem("", s.dnc),
		widget.NewFormItem("Tags", s.tags),
	)
	s.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.del = widget.NewButtonWithIcon("Delete…", theme.DeleteIcon(), s.onDelete)
	buttons := container.NewBorder(nil, nil, s.del, container.NewHBox(s.status, s.save))
	details := container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), buttons), nil, nil,
		container.NewVScroll(padRight(container.NewGridWithColumns(2,
			container.NewVBox(card("Who", who), card("How to reach them", how)),
			container.NewVBox(card("Where", where), card("Notes", s.notes))))))

	s.salesList, s.salesEmpty = s.subList(func() int { return len(s.sales) }, s.updateSale)
	s.salesList.OnSelected = s.onSaleSelected
	s.issuesList, s.issuesEmpty = s.subList(func() int { return len(s.issues) }, s.updateIssue)
	s.issuesList.OnSelected = s.onIssueSelected
	s.historyList, s.historyEmpty = s.subList(func() int { return len(s.history) }, s.updateHistory)
	s.contactsList, s.contactsEmpty = s.subList(func() int { return len(s.contacts) }, s.updateContact)
	s.subtabs = container.NewAppTabs(
		container.NewTabItem("Details", details),
		container.NewTabItem("Sales", container.NewStack(s.salesList, s.salesEmpty)),
		container.NewTabItem("Issues", container.NewStack(s.issuesList, s.issuesEmpty)),
		container.NewTabItem("Follow-ups", container.NewStack(s.historyList, s.historyEmpty)),
		container.NewTabItem("Contacts", container.NewStack(s.contactsList, s.contactsEmpty)),
	)
	right := container.NewBorder(header, nil, nil, nil, s.subtabs)

	split := container.NewHSplit(container.NewPadded(left), container.NewPadded(right))
	split.Offset = 0.27
	s.root = split
	s.fill(s.blank())
}

func (s *customersScreen) subList(length func() int, update func(widget.ListItemID, fyne.CanvasObject)) (*widget.List, *widget.Label) {
	l := widget.NewList(length, func() fyne.CanvasObject { return newLineRow(true) }, update)
	empty := widget.NewLabel("")
	empty.Alignment = fyne.TextAlignCenter
	return l, empty
}

func (s *customersScreen) content() fyne.CanvasObject { return s.root }

// reload refreshes the list (and opens a customer another screen asked for).
func (s *customersScreen) reload() {
	if s.pendingSelect != 0 && s.search.Text != "" {
		s.search.SetText("") // calls onSearch, which loads the list
		return
	}
	s.load(s.search.Text)
}

func (s *customersScreen) onSearch(q string) { s.load(q) }

// customersPage is how many customers the list reads at a time as it scrolls.
const customersPage = 50

// load searches the customers and reads the first page of the result; the list
// reads the others as they scroll into view.
func (s *customersScreen) load(q string) {
	u := s.u
	var res store.CustomerSearch
	var first []shop.Customer
	want := s.current.ID
	if s.pendingSelect != 0 {
		want = s.pendingSelect
	}
	var wantAt = -1
	var wantPage []shop.Customer
	u.run(func() (err error) {
		if res, err = u.st.SearchCustomers(u.ctx, q); err != nil {
			return err
		}
		if first, err = u.st.CustomersPage(u.ctx, res, 0, customersPage); err != nil {
			return err
		}
		for i, id := range res.IDs {
			if id == want && want != 0 {
				wantAt = i
				break
			}
		}
		if wantAt >= customersPage {
			p := wantAt / customersPage
			wantPage, err = u.st.CustomersPage(u.ctx, res, p*customersPage, customersPage)
		}
		return err
	}, func() {
		if q != s.search.Text {
			return // a newer search is on its way
		}
		s.result = res
		s.pages = map[int][]shop.Customer{0: first}
		s.fetching = map[int]bool{}
		if wantPage != nil {
			s.pages[wantAt/customersPage] = wantPage
		}
		reopen := false
		if s.pendingSelect != 0 {
			reopen, s.pendingSelect = true, 0
		}
		setSubtle(s.count, plural(res.Len(), "customer", "customers"))
		// Selecting the customer already in the form only refreshes their activity:
		// a reload after another tab must not throw away edits not yet saved.
		s.keepForm = !reopen
		s.list.UnselectAll()
		s.list.Refresh()
		if wantAt >= 0 {
			s.list.Select(wantAt)
			s.list.ScrollTo(wantAt)
			s.keepForm = false
			return
		}
		s.keepForm = false
		switch {
		case want == 0 && !s.creating && res.Len() > 0:
			// Someone to look at rather than an empty form; New is one click away.
			s.list.Select(0)
		case want != 0 && q == "":
			s.fill(s.blank()) // deleted meanwhile
		}
	})
}

// customerAt is the customer on row i when its page is read; otherwise it starts
// reading the page and reports false.
func (s *customersScreen) customerAt(i int) (shop.Customer, bool) {
	p := i / customersPage
	if page, ok := s.pages[p]; ok {
		if j := i - p*customersPage; j < len(page) {
			return page[j], true
		}
		return shop.Customer{}, false
	}
	if s.fetching[p] {
		return shop.Customer{}, false
	}
	s.fetching[p] = true
	u, res := s.u, s.result
	var page []shop.Customer
	u.run(func() (err error) {
		page, err = u.st.CustomersPage(u.ctx, res, p*customersPage, customersPage)
		return err
	}, func() {
		if len(s.result.IDs) != len(res.IDs) || s.result.Query != res.Query {
			return // the list has been searched again meanwhile
		}
		s.pages[p] = page
		s.list.Refresh()
	})
	return shop.Customer{}, false
}

func (s *customersScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	c, ok := s.customerAt(id)
	if !ok {
		o.(*lineRow).set(nil, "…", "", "")
		return
	}
	detail := strings.Join(nonEmpty(c.Company, strings.Join(nonEmpty(c.City, c.Region), ", "), c.Email), " · ")
	trailing := ""
	if c.DoNotContact {
		trailing = "Do not contact"
	}
	o.(*lineRow).set(nil, c.Name, detail, trailing)
}

func (s *customersScreen) onSelected(id widget.ListItemID) {
	c, ok := s.customerAt(id)
	if !ok {
		// Its page is on its way (a fast keyboard scroll): open them once it is read.
		u, res := s.u, s.result
		if id >= len(res.IDs) {
			return
		}
		var got shop.Customer
		u.run(func() (err error) {
			got, err = u.st.Customer(u.ctx, res.IDs[id])
			return err
		}, func() { s.open(got) })
		return
	}
	if s.keepForm && c.ID == s.current.ID {
		s.loadActivity(c)
		return
	}
	s.open(c)
}

// suggestZone shows, in the blank time zone field, the zone the phone number and
// country point to: what saving with the field blank will store.
func (s *customersScreen) suggestZone() {
	if z := shop.GuessTimeZone(s.phone.Text, s.country.Text); z != "" {
		s.zone.SetPlaceHolder("From the phone: " + z)
		return
	}
	s.zone.SetPlaceHolder("Blank: from the phone number")
}

// open shows a customer in the form and loads their activity.
func (s *customersScreen) open(c shop.Customer) {
	s.fill(c)
	s.loadActivity(c)
}

// loadActivity loads a customer's sales, issues, follow-ups and contacts.
func (s *customersScreen) loadActivity(c shop.Customer) {
	u := s.u
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
	}, func() {
		if s.current.ID != c.ID {
			return
		}
		s.showActivity(sales, issues, history, contacts)
	})
}

func (s *customersScreen) showActivity(sales []shop.Purchase, issues []shop.Issue, history []shop.AgendaItem, contacts []shop.Contact) {
	s.sales, s.issues, s.history, s.contacts = sales, issues, history, contacts
	var spent int64
	for _, p := range sales {
		spent += p.AmountCents
	}
	open := 0
	for _, is := range issues {
		if is.Open() {
			open++
		}
	}
	tabs := s.subtabs.Items
	tabs[1].Text = fmt.Sprintf("Sales (%d)", len(sales))
	tabs[2].Text = fmt.Sprintf("Issues (%d)", len(issues))
	tabs[3].Text = fmt.Sprintf("Follow-ups (%d)", len(history))
	tabs[4].Text = fmt.Sprintf("Contacts (%d)", len(contacts))
	s.subtabs.Refresh()
	c := s.current
	parts := []string{}
	if !c.CustomerSince.IsZero() {
		parts = append(parts, "Customer since "+c.CustomerSince.In(s.u.shopZone()).Format(layoutDate))
	}
	parts = append(parts, "spent "+money(spent), plural(open, "open issue", "open issues"))
	setSubtle(s.since, strings.Join(parts, " · "))

	for _, l := range []struct {
		list  *widget.List
		empty *widget.Label
		n     int
		text  string
	}{
		{s.salesList, s.salesEmpty, len(sales), "No sales yet."},
		{s.issuesList, s.issuesEmpty, len(issues), "No issues: nothing has gone wrong."},
		{s.historyList, s.historyEmpty, len(history), "No follow-ups yet."},
		{s.contactsList, s.contactsEmpty, len(contacts), "No contacts logged yet."},
	} {
		l.empty.SetText(l.text)
		showIf(l.empty, l.n == 0)
		l.list.UnselectAll()
		l.list.Refresh()
	}
}

// blank is a new customer with the shop's usual kind.
func (s *customersScreen) blank() shop.Customer {
	c := shop.Customer{Kind: shop.KindConsumer, PreferredCallMinute: -1}
	if s.u.business.BusinessToBusiness {
		c.Kind = shop.KindBusiness
	}
	return c
}

// fill puts c in the form.
func (s *customersScreen) fill(c shop.Customer) {
	if c.ID == 0 || c.ID != s.current.ID {
		s.status.SetText("")
	}
	s.creating = false
	s.current = c
	if c.ID == 0 {
		s.title.SetText("New customer")
		s.showActivity(nil, nil, nil, nil)
		setSubtle(s.since, "Fill in at least the name, then Save. Sales, issues and follow-ups appear once the customer is saved.")
		s.subtabs.SelectIndex(0)
	} else {
		s.title.SetText(c.Name)
	}
	for _, b := range []*widget.Button{s.del, s.logSale, s.logIssue, s.promise, s.logContact, s.printLetter} {
		if c.ID == 0 {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	s.name.SetText(c.Name)
	s.salutation.SetText(c.Salutation)
	if c.Kind == shop.KindBusiness {
		s.kind.SetSelected(kindBusiness)
	} else {
		s.kind.SetSelected(kindConsumer)
	}
	s.company.SetText(c.Company)
	s.address.SetText(c.Address)
	s.city.SetText(c.City)
	s.region.SetText(c.Region)
	s.postal.SetText(c.PostalCode)
	s.country.SetText(c.Country)
	s.phone.SetText(c.Phone)
	s.email.SetText(c.Email)
	s.zone.SetText(c.TimeZone)
	if c.PreferredChannel == "" {
		s.channel.SetSelected(sameChannel)
	} else {
		s.channel.SetSelected(channelLabel(c.PreferredChannel))
	}
	if c.PreferredCallMinute >= 0 {
		s.callTime.SetText(shop.FormatClock(c.PreferredCallMinute))
	} else {
		s.callTime.SetText("")
	}
	s.evening.SetChecked(c.EveningOnly)
	s.dnc.SetChecked(c.DoNotContact)
	s.notes.SetText(c.Notes)
	s.tags.SetText(strings.Join(c.Tags, ", "))
	s.referrer.set(shop.Customer{})
	if c.ReferredBy != 0 {
		// One row by its key: as quick as reading the form's own fields.
		if ref, err := s.u.st.Customer(s.u.ctx, c.ReferredBy); err == nil {
			s.referrer.set(ref)
		}
	}
}

// read builds a customer from the form, or an error naming the field.
func (s *customersScreen) read() (shop.Customer, error) {
	c := s.current // keeps the ID and the "customer since" date
	c.Name = strings.TrimSpace(s.name.Text)
	c.Salutation = strings.TrimSpace(s.salutation.Text)
	c.Kind = shop.KindConsumer
	if s.kind.Selected == kindBusiness {
		c.Kind = shop.KindBusiness
	}
	c.Company = strings.TrimSpace(s.company.Text)
	c.Address = strings.TrimSpace(s.address.Text)
	c.City = strings.TrimSpace(s.city.Text)
	c.Region = strings.TrimSpace(s.region.Text)
	c.PostalCode = strings.TrimSpace(s.postal.Text)
	c.Country = strings.ToUpper(strings.TrimSpace(s.country.Text))
	c.Phone = strings.TrimSpace(s.phone.Text)
	c.Email = strings.TrimSpace(s.email.Text)
	c.TimeZone = strings.TrimSpace(s.zone.Text)
	c.PreferredChannel = ""
	if s.channel.Selected != sameChannel && s.channel.Selected != "" {
		ch, err := channelFromLabel("Preferred channel", s.channel.Selected)
		if err != nil {
			return c, err
		}
		c.PreferredChannel = ch
	}
	m, err := parseClockField("Preferred call time", s.callTime.Text, true)
	if err != nil {
		return c, err
	}
	c.PreferredCallMinute = m
	c.EveningOnly = s.evening.Checked
	c.DoNotContact = s.dnc.Checked
	c.Notes = strings.TrimSpace(s.notes.Text)
	c.Tags = shop.NormaliseTags(s.tags.Text)
	c.ReferredBy = 0
	if strings.TrimSpace(s.referrer.entry.Text) != "" {
		ref, err := s.referrer.selected("Referred by")
		if err != nil {
			return c, err
		}
		c.ReferredBy = ref.ID
	}
	return c, nil
}

func (s *customersScreen) onSave() {
	c, err := s.read()
	if err != nil {
		s.u.showError(err)
		return
	}
	u := s.u
	u.run(func() error { return u.st.SaveCustomer(u.ctx, &c) }, func() {
		s.fill(c)
		s.status.SetText("Saved at " + u.now().Format(layoutClock))
		s.pendingSelect = c.ID
		s.reload()
	})
}

func (s *customersScreen) onNew() {
	s.list.UnselectAll()
	s.fill(s.blank())
	s.creating = true
	s.u.win.Canvas().Focus(s.name)
}

func (s *customersScreen) onDelete() {
	c := s.current
	if c.ID == 0 {
		return
	}
	msg := fmt.Sprintf("Delete %s with everything recorded about them: %s, %s and %s? This cannot be undone.",
		c.Name, plural(len(s.sales), "sale", "sales"), plural(len(s.issues), "issue", "issues"),
		plural(len(s.history), "follow-up", "follow-ups"))
	u := s.u
	u.confirmDelete("Delete customer?", msg, func() error { return u.st.DeleteCustomer(u.ctx, c.ID) }, func() {
		s.list.UnselectAll()
		s.fill(s.blank())
		s.reload()
	})
}

func (s *customersScreen) onLogSale() {
	if s.current.ID != 0 {
		s.u.logSaleFor(s.current)
	}
}

func (s *customersScreen) onLogIssue() {
	if s.current.ID != 0 {
		s.u.logIssueFor(s.current)
	}
}

// onPromise records a follow-up the customer accepted ("I'll call you back on
// Friday"), at a time in the customer's own zone.
func (s *customersScreen) onPromise() {
	c := s.current
	if c.ID == 0 {
		return
	}
	loc := c.Location(s.u.shopZone())
	n := s.u.now().In(loc)
	// A week on, at a time the rules would plan it at.
	due, ch := planner.SuggestPromise(s.u.rules, c, loc, n, 7)
	s.promiseWhen = newDateTimeField()
	s.promiseWhen.set(due, loc)
	s.promiseChan = widget.NewSelect(channelLabels(shop.OutboundChannels), nil)
	s.promiseChan.SetSelected(channelLabel(ch))
	issueIDs := map[string]shop.ID{"Not about an issue": 0}
	opts := []string{"Not about an issue"}
	for _, is := range s.issues {
		if is.Open() {
			l := is.Type.Label() + ": " + is.Summary
			if is.Reference != "" {
				l += " (" + is.Reference + ")"
			}
			issueIDs[l] = is.ID
			opts = append(opts, l)
		}
	}
	s.promiseIssue = widget.NewSelect(opts, nil)
	s.promiseIssue.SetSelectedIndex(0)
	if len(opts) > 1 {
		s.promiseIssue.SetSelectedIndex(1)
	}
	s.promiseStaff = newStaffPicker()
	s.promiseStaff.setStaff(s.u.staff)
	s.promiseStaff.set(0)
	s.promiseNote = widget.NewMultiLineEntry()
	s.promiseNote.SetPlaceHolder("What was promised, e.g. call back with the supplier's answer")
	s.promiseNote.SetMinRowsVisible(2)
	items := []*widget.FormItem{
		{Text: "When", Widget: s.promiseWhen.box, HintText: "In their time: " + loc.String() + " (" + n.Format("MST") + ")"},
		{Text: "Channel", Widget: s.promiseChan},
		{Text: "About", Widget: s.promiseIssue},
		{Text: "Who keeps it", Widget: s.promiseStaff.sel, HintText: "Nobody: the planner picks"},
		{Text: "Note", Widget: s.promiseNote},
	}
	d := dialog.NewForm("Promise a follow-up to "+c.Name, "Promise", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		due, err := s.promiseWhen.value("When", loc, false)
		if err != nil {
			s.u.showError(err)
			return
		}
		ch, err := channelFromLabel("Channel", s.promiseChan.Selected)
		if err != nil {
			s.u.showError(err)
			return
		}
		p := shop.Promise{CustomerID: c.ID, IssueID: issueIDs[s.promiseIssue.Selected], Due: due.UTC(), Channel: ch,
			AssigneeID: s.promiseStaff.selected(), Note: strings.TrimSpace(s.promiseNote.Text)}
		u := s.u
		u.run(func() error { return u.st.AddPromise(u.ctx, &p) }, func() { s.open(c) })
	}, s.u.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

// Direction labels of the contact log dialog.
const (
	dirIn  = "They contacted us"
	dirOut = "We contacted them"
)

// onLogContact adds a call, email, letter or visit to the contact log
// (FOLLOWUP_RULES.md §8), at a time in the shop's zone.
func (s *customersScreen) onLogContact() {
	c := s.current
	if c.ID == 0 {
		return
	}
	shopLoc := s.u.shopZone()
	s.contactWhen = newDateTimeField()
	s.contactWhen.set(s.u.now(), shopLoc)
	s.contactChan = widget.NewSelect(channelLabels(shop.Channels), nil)
	s.contactChan.SetSelected(channelLabel(shop.ChannelPhone))
	s.contactDir = widget.NewRadioGroup([]string{dirIn, dirOut}, nil)
	s.contactDir.Required = true
	s.contactDir.SetSelected(dirIn)
	s.contactStaff = newStaffPicker()
	s.contactStaff.setStaff(s.u.staff)
	s.contactStaff.set(0)
	s.contactNote = widget.NewMultiLineEntry()
	s.contactNote.SetPlaceHolder("What it was about")
	s.contactNote.SetMinRowsVisible(2)
	items := []*widget.FormItem{
		{Text: "When", Widget: s.contactWhen.box, HintText: "Shop time: " + shopLoc.String()},
		{Text: "Channel", Widget: s.contactChan},
		{Text: "Who started it", Widget: s.contactDir},
		{Text: "Staff", Widget: s.contactStaff.sel},
		{Text: "Summary", Widget: s.contactNote},
	}
	d := dialog.NewForm("Log a contact with "+c.Name, "Log", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		at, err := s.contactWhen.value("When", shopLoc, false)
		if err != nil {
			s.u.showError(err)
			return
		}
		ch, err := channelFromLabel("Channel", s.contactChan.Selected)
		if err != nil {
			s.u.showError(err)
			return
		}
		dir := shop.Inbound
		if s.contactDir.Selected == dirOut {
			dir = shop.Outbound
		}
		ct := shop.Contact{CustomerID: c.ID, At: at.UTC(), Channel: ch, Direction: dir, StaffID: s.contactStaff.selected(),
			Summary: strings.TrimSpace(s.contactNote.Text)}
		u := s.u
		u.run(func() error { return u.st.LogContact(u.ctx, &ct) }, func() {
			s.open(c)
			s.subtabs.SelectIndex(4)
		})
	}, s.u.win)
	d.Resize(fyne.NewSize(540, 0))
	d.Show()
}

func (s *customersScreen) updateSale(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.sales) {
		return
	}
	p := s.sales[id]
	detail := p.At.In(s.u.shopZone()).Format(layoutDate+" 15:04") + " · " + channelLabel(p.Channel)
	if n := s.u.staffName(p.SoldBy); n != "" {
		detail += " · sold by " + n
	}
	o.(*lineRow).set(channelIcon(p.Channel), orText(p.Items, "Sale"), detail, money(p.AmountCents))
}

func (s *customersScreen) onSaleSelected(id widget.ListItemID) {
	if id < len(s.sales) {
		s.u.editSale(s.sales[id])
	}
}

func (s *customersScreen) updateIssue(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.issues) {
		return
	}
	o.(*lineRow).set(channelIcon(s.issues[id].Channel), issueTitle(s.issues[id]), s.issueDetail(s.issues[id]), issueState(s.issues[id]))
}

func (s *customersScreen) issueDetail(is shop.Issue) string {
	parts := []string{"Opened " + is.OpenedAt.In(s.u.shopZone()).Format(layoutDate)}
	if is.Reference != "" {
		parts = append(parts, is.Reference)
	}
	if n := s.u.staffName(is.HandledBy); n != "" {
		parts = append(parts, "handled by "+n)
	}
	return strings.Join(parts, " · ")
}

func (s *customersScreen) onIssueSelected(id widget.ListItemID) {
	if id < len(s.issues) {
		s.u.editIssue(s.issues[id])
	}
}

func (s *customersScreen) updateHistory(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.history) {
		return
	}
	it := s.history[id]
	loc := zoneOf(it.TimeZone, s.u.shopZone())
	detail := it.Due.In(loc).Format(layoutDate+" 15:04 MST") + " · " + orText(it.Assignee, "unassigned")
	if it.Notes != "" {
		detail += " · " + it.Notes
	}
	state := it.Status.Label()
	if it.Score > 0 {
		state += fmt.Sprintf(" · %d/5", it.Score)
	}
	o.(*lineRow).set(channelIcon(it.Channel), it.Summary(), detail, state)
}

func (s *customersScreen) updateContact(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.contacts) {
		return
	}
	c := s.contacts[id]
	detail := c.At.In(s.u.shopZone()).Format(layoutDate+" 15:04") + " · " + channelLabel(c.Channel)
	if n := s.u.staffName(c.StaffID); n != "" {
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

// quickAdd holds the fields of the open "new customer" dialog; tests fill them in.
type quickAdd struct {
	name, phone, email *widget.Entry
}

// quickAddCustomer asks for a new customer's name, phone and email (the rest can
// wait for the Customers tab), saves them and hands them to done. A refused save
// shows the error and opens the dialog again with everything typed still there.
func (u *UI) quickAddCustomer(name string, done func(shop.Customer)) {
	q := &quickAdd{name: widget.NewEntry(), phone: widget.NewEntry(), email: widget.NewEntry()}
	q.name.SetText(name)
	q.phone.SetPlaceHolder("+1 212 555 0142")
	u.quick = q
	u.showQuickAdd(q, done)
}

func (u *UI) showQuickAdd(q *quickAdd, done func(shop.Customer)) {
	items := []*widget.FormItem{
		widget.NewFormItem("Name", q.name),
		{Text: "Phone", Widget: q.phone, HintText: "The time zone is taken from it; edit it later under Customers"},
		widget.NewFormItem("Email", q.email),
	}
	d := dialog.NewForm("New customer", "Add", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		c := u.customers.blank()
		c.Name, c.Phone, c.Email = strings.TrimSpace(q.name.Text), strings.TrimSpace(q.phone.Text), strings.TrimSpace(q.email.Text)
		u.async(func() error { return u.st.SaveCustomer(u.ctx, &c) }, func(err error) {
			if err != nil {
				u.showQuickAdd(q, done)
				u.showError(err)
				return
			}
			done(c)
		})
	}, u.win)
	d.Resize(fyne.NewSize(460, 0))
	d.Show()
	u.win.Canvas().Focus(q.phone)
}
