package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
)

// chartDays is the period of the "common problems" chart.
const chartDays = 90

// issuesScreen lists the open issues beside a form to log or edit one, with a chart
// of the common problems by type.
type issuesScreen struct {
	u *UI

	pendingNew  *shop.Customer
	pendingEdit *shop.Issue

	editing shop.Issue // the issue in the form; ID 0 for a new one
	open    []shop.Issue
	names   map[shop.ID]string

	chart     *barChart
	listTitle *tipLabel
	list      *widget.List
	empty     fyne.CanvasObject

	formTitle   *tipLabel
	form        *widget.Form
	customer    *customerPicker
	typ         *widget.Select
	channel     *widget.Select
	opened      *dateTimeField
	replied     *dateTimeField
	resolved    *dateTimeField
	complicated *widget.Check
	escalated   *widget.Check
	trivial     *widget.Check
	handledBy   *staffPicker
	billing     *dateEntry
	reference   *entry
	accepted    *entry
	escalate    *widget.Button
	summary     *entry
	save        *widget.Button
	del         *widget.Button
	resolve     *widget.Button
	reopen      *widget.Button
	status      *widget.Label

	root fyne.CanvasObject
}

func newIssuesScreen(u *UI) *issuesScreen {
	s := &issuesScreen{u: u, names: map[shop.ID]string{}}
	s.buildUI()
	return s
}

func issueTypeLabels() []string {
	out := make([]string, len(shop.IssueTypes))
	for i, t := range shop.IssueTypes {
		out[i] = t.Label()
	}
	return out
}

func (s *issuesScreen) buildUI() {
	s.chart = newBarChart()
	s.listTitle = heading("Open issues")
	s.list = widget.NewList(func() int { return len(s.open) },
		func() fyne.CanvasObject { return newLineRow(true) }, s.updateRow)
	s.list.OnSelected = s.onSelected
	s.empty = emptyState("No open issues", "Every problem a customer raised has been resolved.")
	left := container.NewBorder(card(fmt.Sprintf("Common problems, last %d days", chartDays), s.chart), nil, nil, nil,
		container.NewBorder(s.listTitle, nil, nil, nil, container.NewStack(s.list, s.empty)))

	s.formTitle = heading("Log an issue")
	s.customer = s.u.newCustomerPicker()
	s.customer.onPicked = func(shop.Customer) { s.u.win.Canvas().Focus(s.summary) }
	s.typ = widget.NewSelect(issueTypeLabels(), s.onTypeChanged)
	s.channel = widget.NewSelect(channelLabels(shop.Channels), nil)
	s.opened = newDateTimeField()
	s.replied = newDateTimeField()
	s.resolved = newDateTimeField()
	s.complicated = widget.NewCheck("Complicated", nil)
	s.escalated = widget.NewCheck("Escalated", nil)
	s.trivial = widget.NewCheck("Trivial (no follow-up)", nil)
	s.handledBy = newStaffPicker()
	s.billing = newDateEntry()
	s.accepted = newEntry()
	s.accepted.SetPlaceHolder("Days; blank for none — Enter saves")
	// The last field of the form: Enter there saves, as Amount does for a sale.
	s.accepted.OnSubmitted = func(string) { s.onSave() }
	s.escalate = widget.NewButtonWithIcon("Escalate", theme.UploadIcon(), s.onEscalate)
	s.reference = newEntry()
	s.reference.SetPlaceHolder("Blank: given one on saving")
	s.summary = newMultiLineEntry()
	s.summary.SetPlaceHolder("What it is about, in the customer's words")
	s.summary.SetMinRowsVisible(2)
	s.summary.OnSubmitted = func(string) { s.onSave() } // Ctrl+Enter (Enter starts a line)
	s.form = widget.NewForm(
		widget.NewFormItem("Customer", s.customer),
		widget.NewFormItem("Type", s.typ),
		widget.NewFormItem("Channel", s.channel),
		widget.NewFormItem("Summary", s.summary),
		&widget.FormItem{Text: "Opened", Widget: s.opened.box, HintText: "Shop time"},
		&widget.FormItem{Text: "Replied", Widget: s.replied.box, HintText: "Our first answer; blank if none yet"},
		&widget.FormItem{Text: "Resolved", Widget: s.resolved.box, HintText: "Blank while it is open"},
		widget.NewFormItem("", container.NewHBox(s.complicated, s.escalated, s.trivial)),
		widget.NewFormItem("Handled by", s.handledBy.sel),
		&widget.FormItem{Text: "Billing date", Widget: s.billing, HintText: "Start of the billing period it is about"},
		widget.NewFormItem("Reference", s.reference),
		&widget.FormItem{Text: "Follow-up accepted in", Widget: s.accepted, HintText: "The customer agreed to hear from us again in this many days"},
	)
	s.save = widget.NewButtonWithIcon("Save issue", theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.del = widget.NewButtonWithIcon("Delete…", theme.DeleteIcon(), s.onDelete)
	s.resolve = widget.NewButtonWithIcon("Resolve", theme.ConfirmIcon(), s.onResolve)
	s.reopen = widget.NewButtonWithIcon("Reopen", theme.ViewRefreshIcon(), s.onReopen)
	newBtn := widget.NewButtonWithIcon("New issue", theme.ContentAddIcon(), s.onNew)
	s.status = wrapped("")
	s.status.Importance = widget.SuccessImportance
	s.status.Hide() // shown with something to say: empty, it takes a line from the form
	buttons := container.NewBorder(nil, nil, s.del, container.NewHBox(s.escalate, s.resolve, s.reopen, newBtn, s.save))
	// The buttons stay in sight below the form, which scrolls in a small window.
	right := container.NewBorder(s.formTitle, container.NewVBox(widget.NewSeparator(), buttons, s.status), nil, nil,
		container.NewVScroll(padRight(s.form)))

	split := container.NewHSplit(container.NewPadded(left), container.NewPadded(card("", right)))
	split.Offset = 0.4
	s.root = split
	s.fill(shop.Issue{})
}

func (s *issuesScreen) content() fyne.CanvasObject { return s.root }

// say shows what the last save did under the buttons; nothing hides the line.
func (s *issuesScreen) say(text string) {
	s.status.SetText(text)
	showIf(s.status, text != "")
}

// reload loads the open issues, the chart and the customers for the picker.
func (s *issuesScreen) reload() {
	u := s.u
	var names map[shop.ID]string
	var open []shop.Issue
	var counts map[shop.IssueType]int
	since := u.now().AddDate(0, 0, -chartDays)
	u.run(func() (err error) {
		if open, err = u.st.OpenIssues(u.ctx); err != nil {
			return err
		}
		ids := make([]shop.ID, len(open))
		for i, is := range open {
			ids[i] = is.CustomerID
		}
		if names, err = u.customerNames(ids); err != nil {
			return err
		}
		counts, err = u.st.IssueCounts(u.ctx, since)
		return err
	}, func() {
		s.names = names
		s.handledBy.setStaff(u.staff)
		s.showOpen(open, counts)
		switch {
		case s.pendingEdit != nil:
			s.fill(*s.pendingEdit)
		case s.pendingNew != nil:
			s.fill(shop.Issue{CustomerID: s.pendingNew.ID})
			s.customer.set(*s.pendingNew)
			s.u.win.Canvas().Focus(s.summary)
		default:
			s.handledBy.set(s.editing.HandledBy)
		}
		s.pendingNew, s.pendingEdit = nil, nil
	})
}

func (s *issuesScreen) showOpen(open []shop.Issue, counts map[shop.IssueType]int) {
	s.open = open
	s.listTitle.SetText("Open issues (" + fmt.Sprint(len(open)) + ")")
	showIf(s.empty, len(open) == 0)
	s.list.UnselectAll()
	s.list.Refresh()
	bars := make([]bar, len(shop.IssueTypes))
	for i, t := range shop.IssueTypes {
		bars[i] = bar{label: t.Label(), value: counts[t]}
	}
	s.chart.setBars(bars)
}

func (s *issuesScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.open) {
		return
	}
	is := s.open[id]
	parts := []string{orText(s.names[is.CustomerID], "Unknown customer"), "opened " + is.OpenedAt.In(s.u.shopZone()).Format(layoutDate)}
	if is.Reference != "" {
		parts = append(parts, is.Reference)
	}
	if n := s.u.staffName(is.HandledBy); n != "" {
		parts = append(parts, n)
	}
	age := "open " + howLong(is.OpenedAt, s.u.now())
	switch calendarDays(is.OpenedAt, s.u.now(), s.u.shopZone()) {
	case 0:
		age = "opened today"
	case 1:
		age = "opened yesterday"
	}
	if is.Escalated {
		age = "escalated"
	}
	o.(*lineRow).set(channelIcon(is.Channel), issueTitle(is), strings.Join(parts, " · "), age)
}

func (s *issuesScreen) onSelected(id widget.ListItemID) {
	if id < len(s.open) {
		s.fill(s.open[id])
	}
}

func (s *issuesScreen) onTypeChanged(label string) {
	if label == shop.IssueBilling.Label() {
		s.billing.Enable()
	} else {
		s.billing.Disable()
	}
}

// fill puts an issue in the form; a new one was opened now, by phone.
func (s *issuesScreen) fill(is shop.Issue) {
	if is.ID == 0 && is.HandledBy == 0 {
		is.HandledBy = s.u.me() // the person at this computer, when it knows them
	}
	s.editing = is
	markForm(s.form.Items, nil)
	s.say("")
	s.accepted.SetText("")
	if is.Escalated {
		s.escalate.Disable()
	} else {
		s.escalate.Enable()
	}
	shopLoc := s.u.shopZone()
	if is.ID == 0 {
		s.formTitle.SetText("Log an issue")
		if is.OpenedAt.IsZero() {
			is.OpenedAt = s.u.now()
		}
		if is.Type == "" {
			is.Type = shop.IssueSupport
		}
		if is.Channel == "" {
			is.Channel = shop.ChannelPhone
		}
		s.del.Disable()
	} else {
		s.formTitle.SetText("Edit issue " + is.Reference)
		s.del.Enable()
	}
	showIf(s.resolve, is.ID != 0 && is.Open())
	showIf(s.reopen, is.ID != 0 && !is.Open())
	if is.CustomerID == 0 {
		s.customer.set(shop.Customer{})
	} else if c, err := s.u.st.Customer(s.u.ctx, is.CustomerID); err == nil {
		s.customer.set(c)
	}
	s.typ.SetSelected(is.Type.Label())
	s.onTypeChanged(is.Type.Label())
	s.channel.SetSelected(channelLabel(is.Channel))
	s.opened.set(is.OpenedAt, shopLoc)
	s.replied.setPtr(is.RepliedAt, shopLoc)
	s.resolved.setPtr(is.ResolvedAt, shopLoc)
	s.complicated.SetChecked(is.Complicated)
	s.escalated.SetChecked(is.Escalated)
	s.trivial.SetChecked(is.Trivial)
	s.handledBy.set(is.HandledBy)
	if is.BillingDate != nil {
		l := is.BillingDate.In(shopLoc)
		d := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
		s.billing.SetDate(&d)
	} else {
		s.billing.SetDate(nil)
		// Blank is fine (most issues are not about a bill): without this the entry
		// shows its parser's complaint about "" under the field.
		s.billing.SetValidationError(nil)
	}
	s.reference.SetText(is.Reference)
	s.summary.SetText(is.Summary)
}

// read builds the issue from the form, or an error naming every field that is
// not acceptable.
func (s *issuesScreen) read() (shop.Issue, error) {
	is := s.editing
	shopLoc := s.u.shopZone()
	var probs problems
	c, err := s.customer.selected("Customer")
	probs.add(err)
	is.CustomerID = c.ID
	is.Type = ""
	for _, t := range shop.IssueTypes {
		if t.Label() == s.typ.Selected {
			is.Type = t
		}
	}
	if is.Type == "" {
		probs.add(fieldError("Type", "choose one"))
	}
	is.Channel, err = channelFromLabel("Channel", s.channel.Selected)
	probs.add(err)
	if opened, err := s.opened.value("Opened", shopLoc, false); err != nil {
		probs.add(err)
	} else {
		is.OpenedAt = opened.UTC()
	}
	is.RepliedAt, err = s.replied.value("Replied", shopLoc, true)
	probs.add(err)
	is.ResolvedAt, err = s.resolved.value("Resolved", shopLoc, true)
	probs.add(err)
	is.Complicated = s.complicated.Checked
	is.Escalated = s.escalated.Checked
	is.Trivial = s.trivial.Checked
	is.HandledBy = s.handledBy.selected()
	is.BillingDate = nil
	if is.Type == shop.IssueBilling && strings.TrimSpace(s.billing.Text) != "" {
		if s.billing.Date == nil || s.billing.Validate() != nil {
			probs.add(fieldError("Billing date", "%q is not a date; pick one from the calendar", s.billing.Text))
		} else {
			y, m, d := s.billing.Date.Date()
			t := time.Date(y, m, d, 0, 0, 0, 0, shopLoc)
			is.BillingDate = &t
		}
	}
	is.Reference = strings.TrimSpace(s.reference.Text)
	is.Summary = strings.TrimSpace(s.summary.Text)
	if t := strings.TrimSpace(s.accepted.Text); t != "" {
		if n, err := strconv.Atoi(t); err != nil || n < 1 {
			probs.add(fieldError("Follow-up accepted in", "%q is not a number of days", t))
		}
	}
	return is, probs.err()
}

// refuse marks the fields err finds fault with and says what is wrong.
func (s *issuesScreen) refuse(err error) {
	s.u.showErrorThen(err, markForm(s.form.Items, err))
}

// store saves is, with the follow-up the customer accepted when the form names
// one, and shows msg; the form then shows the saved issue.
func (s *issuesScreen) store(is shop.Issue, msg string) {
	days := 0
	if t := strings.TrimSpace(s.accepted.Text); t != "" {
		days, _ = strconv.Atoi(t) // read checked it
		msg += " The customer's follow-up in " + plural(days, "day", "days") + " is on the calendar."
	}
	markForm(s.form.Items, nil)
	u := s.u
	u.async(func() error { return u.st.SaveIssueWithPromise(u.ctx, &is, days) }, func(err error) {
		if err != nil {
			s.refuse(err)
			return
		}
		s.fill(is)
		s.say(msg)
		s.reload()
	})
}

// onEscalate hands the issue in the form to a senior: it is marked escalated, and
// the planner gives it a senior's follow-up.
func (s *issuesScreen) onEscalate() {
	is, err := s.read()
	if err != nil {
		s.refuse(err)
		return
	}
	is.Escalated = true
	s.store(is, "Escalated.")
}

func (s *issuesScreen) onSave() {
	is, err := s.read()
	if err != nil {
		s.refuse(err)
		return
	}
	s.store(is, "Saved. Its follow-ups are planned.")
}

// onResolve marks the issue in the form resolved now; the resolution date starts
// the follow-up clock of most issue types.
func (s *issuesScreen) onResolve() {
	is, err := s.read()
	if err != nil {
		s.refuse(err)
		return
	}
	now := s.u.now().UTC()
	is.ResolvedAt = &now
	s.store(is, "Resolved. The follow-up is planned from today.")
}

// onReopen clears the resolution: the issue is open again and is followed up as one.
func (s *issuesScreen) onReopen() {
	is, err := s.read()
	if err != nil {
		s.refuse(err)
		return
	}
	is.ResolvedAt = nil
	s.store(is, "Reopened.")
}

func (s *issuesScreen) onNew() {
	s.list.UnselectAll()
	s.fill(shop.Issue{})
	s.u.win.Canvas().Focus(s.customer.entry)
}

func (s *issuesScreen) onDelete() {
	is := s.editing
	if is.ID == 0 {
		return
	}
	u := s.u
	u.confirmDelete("Delete this issue?",
		"Issue "+is.Reference+" of "+s.customer.entry.Text+" is removed and its follow-ups are dropped. Follow-ups already made stay in the history.",
		func() error { return u.st.DeleteIssue(u.ctx, is.ID) }, func() {
			s.fill(shop.Issue{})
			s.say("Issue deleted.")
			s.reload()
		})
}
