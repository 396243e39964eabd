package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// customersScreen finds, edits, adds and deletes customers, and shows a customer's
// sales, issues, follow-ups and contact log with the buttons to add to them: the
// list and the search here, the fields in customerForm, the activity in
// customerActivity, the dialogs in customer_dialogs.go.
type customersScreen struct {
	u *UI

	// result is the search shown; pages holds the pages of it read so far, and
	// fetching the pages being read.
	result   store.CustomerSearch
	pages    map[int][]shop.Customer
	fetching map[int]bool
	// shown is the search text result answers; openFirst is an Enter pressed in
	// the search before its answer came, which then opens its first customer.
	shown     string
	openFirst bool
	current   shop.Customer // the customer in the form; ID 0 for a new one
	// pendingSelect is a customer another screen asked to open.
	pendingSelect shop.ID
	// keepForm is set while a reload re-selects the customer already in the form.
	keepForm bool
	// creating is set while the form holds a new customer the user asked for.
	creating bool
	// filled is the form as fill left it: edits since are not saved yet.
	filled string
	// reverting is set while the list goes back to the customer in the form
	// (the user kept their edits).
	reverting bool

	search *entry
	list   *widget.List
	count  *wordText
	newBtn *widget.Button

	title  *tipLabel
	since  *wordText
	status *widget.Label

	save, del, logSale, logIssue, promise, logContact, printLetter *widget.Button

	form     *customerForm
	activity *customerActivity
	subtabs  *container.AppTabs

	root fyne.CanvasObject
}

func newCustomersScreen(u *UI) *customersScreen {
	s := &customersScreen{u: u, pages: map[int][]shop.Customer{}, fetching: map[int]bool{}}
	s.buildUI()
	return s
}

func (s *customersScreen) buildUI() {
	s.search = newEntry()
	s.search.SetPlaceHolder("Search (Ctrl+F)")
	s.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	s.search.OnChanged = s.onSearch
	// Enter opens the first customer found: Ctrl+F, a name, Enter.
	s.search.OnSubmitted = func(q string) {
		if q != s.shown {
			s.openFirst = true // typed faster than the search answers: when it does
			return
		}
		if s.result.Len() > 0 {
			s.list.Select(0)
			s.list.ScrollToTop()
		}
	}
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

	s.form = newCustomerForm(s.u)
	// Ctrl+Enter in the fields of several lines saves (Enter starts a line there).
	s.form.notes.OnSubmitted = func(string) { s.onSave() }
	s.form.address.OnSubmitted = func(string) { s.onSave() }
	s.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.del = widget.NewButtonWithIcon("Delete…", theme.DeleteIcon(), s.onDelete)
	buttons := container.NewBorder(nil, nil, s.del, container.NewHBox(s.status, s.save))
	details := container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), buttons), nil, nil, s.form.root)

	s.activity = newCustomerActivity(s.u)
	s.subtabs = s.activity.tabs(details)
	right := container.NewBorder(header, nil, nil, nil, s.subtabs)

	split := container.NewHSplit(container.NewPadded(left), container.NewPadded(right))
	split.Offset = 0.27
	s.root = split
	s.fill(s.u.blankCustomer())
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
		s.result, s.shown = res, q
		s.pages = map[int][]shop.Customer{0: first}
		s.fetching = map[int]bool{}
		if wantPage != nil {
			s.pages[wantAt/customersPage] = wantPage
		}
		if s.openFirst {
			// Enter came before this answer: open its first customer.
			s.openFirst = false
			setSubtle(s.count, plural(res.Len(), "customer", "customers"))
			s.list.UnselectAll()
			s.list.Refresh()
			if res.Len() > 0 {
				s.list.Select(0)
				s.list.ScrollToTop()
			}
			return
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
		case want == 0 && !s.creating && !s.dirty() && res.Len() > 0:
			// Someone to look at rather than an empty form; New is one click away.
			s.list.Select(0)
		case want != 0 && q == "":
			s.fill(s.u.blankCustomer()) // deleted meanwhile
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
	if s.reverting {
		return
	}
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
		}, func() { s.leave(func() { s.open(got) }) })
		return
	}
	if s.keepForm && c.ID == s.current.ID {
		s.loadActivity(c)
		return
	}
	s.leave(func() { s.open(c) })
}

// leave runs next (which puts another customer in the form) once the edits in
// the form are saved or dropped, as the user says; Cancel keeps them, with the
// list back on the customer in the form.
func (s *customersScreen) leave(next func()) {
	if !s.dirty() {
		next()
		return
	}
	name := strings.TrimSpace(s.form.name.Text)
	title := "Save the changes to " + orText(strings.TrimSpace(s.current.Name), name) + "?"
	if s.current.ID == 0 {
		title = "Save the new customer " + name + "?"
		if name == "" {
			title = "Save the new customer?"
		}
	}
	var d dialog.Dialog
	answered := false
	answer := func(then func()) func() {
		return func() {
			answered = true
			d.Hide()
			then()
		}
	}
	save := widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), answer(func() {
		s.store(func() {
			next()
			s.reload()
		}, s.revert)
	}))
	save.Importance = widget.HighImportance
	discard := widget.NewButton("Discard", answer(next))
	cancel := widget.NewButton("Cancel", answer(s.revert))
	msg := wrapped("The changes in the form are not saved yet. Save them, or discard them, before another customer is shown.")
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(msg, container.NewHBox(layout.NewSpacer(), cancel, discard, save)), s.u.win)
	d.Resize(fyne.NewSize(480, 0))
	s.u.present(d, save.OnTapped, nil)
	// Escape is Cancel: the edits stay.
	d.SetOnClosed(func() {
		if !answered {
			s.revert()
		}
	})
}

// revert puts the list back on the customer in the form, which keeps its edits.
func (s *customersScreen) revert() {
	s.reverting = true
	defer func() { s.reverting = false }()
	for i, id := range s.result.IDs {
		if id == s.current.ID && s.current.ID != 0 {
			s.list.Select(i)
			return
		}
	}
	s.list.UnselectAll()
}

// dirty reports edits in the form not saved yet.
func (s *customersScreen) dirty() bool { return s.form.snapshot() != s.filled }

// open shows a customer in the form and loads their activity.
func (s *customersScreen) open(c shop.Customer) {
	s.fill(c)
	s.loadActivity(c)
}

// loadActivity loads a customer's sales, issues, follow-ups and contacts.
func (s *customersScreen) loadActivity(c shop.Customer) {
	s.activity.load(c, func(sales []shop.Purchase, issues []shop.Issue, history []shop.AgendaItem, contacts []shop.Contact) {
		if s.current.ID != c.ID {
			return
		}
		s.showActivity(sales, issues, history, contacts)
	})
}

func (s *customersScreen) showActivity(sales []shop.Purchase, issues []shop.Issue, history []shop.AgendaItem, contacts []shop.Contact) {
	s.activity.show(s.subtabs, sales, issues, history, contacts)
	setSubtle(s.since, s.activity.summary(s.current))
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
		s.subtabs.SelectIndex(customerDetailsTab)
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
	s.form.fill(c)
	markForm(s.form.items(), nil)
	s.filled = s.form.snapshot()
}

func (s *customersScreen) onSave() {
	s.store(nil, nil)
}

// store saves the customer in the form, then runs then (when not nil); a
// refusal marks every field at fault, says what is wrong and runs failed (when
// not nil).
func (s *customersScreen) store(then, failed func()) {
	refuse := func(err error) {
		s.refuse(err)
		if failed != nil {
			failed()
		}
	}
	c, err := s.form.read(s.current)
	if err != nil {
		refuse(err)
		return
	}
	markForm(s.form.items(), nil)
	u := s.u
	u.async(func() error { return u.st.SaveCustomer(u.ctx, &c) }, func(err error) {
		if err != nil {
			refuse(err)
			return
		}
		s.filled = s.form.snapshot() // saved: nothing to ask about any more
		if then != nil {
			then()
			return
		}
		s.fill(c)
		s.status.SetText("Saved at " + u.now().Format(layoutClock))
		s.pendingSelect = c.ID
		s.reload()
	})
}

// refuse marks the fields err finds fault with and says what is wrong.
func (s *customersScreen) refuse(err error) {
	s.u.showErrorThen(err, markForm(s.form.items(), err))
}

func (s *customersScreen) onNew() {
	s.leave(func() {
		s.list.UnselectAll()
		s.fill(s.u.blankCustomer())
		s.creating = true
		s.u.win.Canvas().Focus(s.form.name)
	})
}

func (s *customersScreen) onDelete() {
	c := s.current
	if c.ID == 0 {
		return
	}
	a := s.activity
	msg := fmt.Sprintf("Delete %s with everything recorded about them: %s, %s and %s? This cannot be undone.",
		c.Name, plural(len(a.sales), "sale", "sales"), plural(len(a.issues), "issue", "issues"),
		plural(len(a.history), "follow-up", "follow-ups"))
	u := s.u
	u.confirmDelete("Delete customer?", msg, func() error { return u.st.DeleteCustomer(u.ctx, c.ID) }, func() {
		s.list.UnselectAll()
		s.fill(u.blankCustomer())
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

// onPromise records a follow-up the customer accepted.
func (s *customersScreen) onPromise() {
	c := s.current
	if c.ID == 0 {
		return
	}
	newPromiseDialog(s.u, c, s.activity.issues).show(func() { s.open(c) })
}

// onLogContact adds to the customer's contact log.
func (s *customersScreen) onLogContact() {
	c := s.current
	if c.ID == 0 {
		return
	}
	newContactDialog(s.u, c).show(func() {
		s.open(c)
		s.subtabs.SelectIndex(customerContactsTab)
	})
}
