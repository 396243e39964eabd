package ui

import (
	"math"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
)

// calendarScreen is a month of follow-ups: the number due on each shop-local day,
// with the days that hold a promise or an overdue item marked, and the list of the
// day picked.
type calendarScreen struct {
	u *UI

	month time.Time // first day of the month shown, in the shop's zone
	day   time.Time // the day picked, in the shop's zone
	// week is set while the week view is shown instead of the month.
	week   bool
	counts map[string]int
	marks  map[string]dayMark
	views  []agendaView
	picked shop.ID
	// pickedItem is the follow-up selected in the day's list; pickAfterLoad one to
	// select once the day is loaded.
	pickedItem    shop.AgendaItem
	pickAfterLoad shop.ID

	title    *tipLabel
	grid     *fyne.Container
	cells    []*dayCell
	heads    []*widget.Label
	dayTitle *tipLabel
	list     *widget.List
	empty    fyne.CanvasObject
	detail   *widget.Label
	open     *widget.Button
	move     *widget.Button
	email    *widget.Button // Email… for an email follow-up (email.go)
	footer   *fyne.Container

	monthBtn, weekBtn *widget.Button
	monthView         fyne.CanvasObject
	weekView          *fyne.Container // seven columns
	weekHeads         []*dayCell
	weekNames         []*widget.Label
	weekCols          []*fyne.Container
	split             *container.Split

	root fyne.CanvasObject
}

// dayMark says what makes a day stand out.
type dayMark int

const (
	markNone dayMark = iota
	markPromise
	markOverdue
)

func newCalendarScreen(u *UI) *calendarScreen {
	s := &calendarScreen{u: u}
	s.buildUI()
	return s
}

func (s *calendarScreen) buildUI() {
	s.title = heading("")
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), s.onPrev)
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), s.onNext)
	this := widget.NewButton("Today", s.onToday)
	s.monthBtn = widget.NewButton("Month", func() { s.setWeek(false) })
	s.weekBtn = widget.NewButton("Week", func() { s.setWeek(true) })
	nav := container.NewBorder(nil, nil, container.NewHBox(prev, next), container.NewHBox(s.monthBtn, s.weekBtn, this), s.title)

	// Weekday names in a grid of their own: in the days' grid they would get a
	// day's height.
	heads := container.NewGridWithColumns(7)
	for i := 0; i < 7; i++ {
		h := widget.NewLabel("")
		h.Alignment = fyne.TextAlignCenter
		h.TextStyle.Bold = true
		s.heads = append(s.heads, h)
		heads.Add(h)
	}
	s.grid = container.NewGridWithColumns(7)
	for i := 0; i < 42; i++ {
		c := newDayCell(s.onPickDay)
		s.cells = append(s.cells, c)
		s.grid.Add(c)
	}
	legend := container.NewHBox(legendDot(theme.ColorNameError, "overdue item"), legendDot(theme.ColorNamePrimary, "promise"),
		widget.NewLabel("· days in the shop's time zone"))
	s.monthView = container.NewBorder(heads, nil, nil, nil, s.grid)
	// The week: the same day squares as the month on top (count, marks, today),
	// and under each the day's follow-ups.
	names, days, cols := container.NewGridWithColumns(7), container.NewGridWithColumns(7), container.NewGridWithColumns(7)
	for i := 0; i < 7; i++ {
		n := widget.NewLabel("")
		n.Alignment = fyne.TextAlignCenter
		n.TextStyle.Bold = true
		h := newDayCell(s.onPickDay)
		col := container.NewVBox()
		s.weekNames = append(s.weekNames, n)
		s.weekHeads = append(s.weekHeads, h)
		s.weekCols = append(s.weekCols, col)
		names.Add(n)
		days.Add(h)
		cols.Add(container.NewVScroll(col))
	}
	s.weekView = container.NewBorder(container.NewVBox(names, days), nil, nil, nil, cols)
	s.weekView.Hide()
	left := container.NewBorder(nav, legend, nil, nil, container.NewStack(s.monthView, s.weekView))

	s.dayTitle = heading("")
	s.list = widget.NewList(s.length, func() fyne.CanvasObject { return newAgendaRow() }, s.updateRow)
	s.list.OnSelected = s.onSelected
	s.empty = emptyState("Nothing planned", "No follow-ups are due on this day.")
	s.detail = wrapped("")
	s.open = widget.NewButtonWithIcon("Open customer", theme.AccountIcon(), s.onOpen)
	s.move = widget.NewButtonWithIcon("Reschedule…", theme.HistoryIcon(), s.onReschedule)
	s.email = emailButton(s.u, func() shop.AgendaItem { return s.pickedItem }, s.reload)
	s.footer = container.NewBorder(widget.NewSeparator(), container.NewHBox(layout.NewSpacer(), s.email, s.move, s.open), nil, nil, s.detail)
	s.footer.Hide()
	right := container.NewBorder(s.dayTitle, s.footer, nil, nil, container.NewStack(s.list, s.empty))

	s.split = container.NewHSplit(container.NewPadded(left), container.NewPadded(right))
	s.split.Offset = 0.5
	s.root = s.split
	s.showMode()
}

// setWeek switches between the month and the week of the picked day.
func (s *calendarScreen) setWeek(week bool) {
	s.week = week
	s.showMode()
	s.loadMonth()
}

func (s *calendarScreen) showMode() {
	showIf(s.weekView, s.week)
	showIf(s.monthView, !s.week)
	s.monthBtn.Importance, s.weekBtn.Importance = widget.HighImportance, widget.MediumImportance
	offset := 0.5
	if s.week {
		s.monthBtn.Importance, s.weekBtn.Importance = widget.MediumImportance, widget.HighImportance
		// Seven columns of names need more room than the month's squares; the
		// day's list keeps room for a name beside its badges.
		offset = 0.62
	}
	s.monthBtn.Refresh()
	s.weekBtn.Refresh()
	s.split.SetOffset(offset)
}

// weekStart is the first day of the week that holds d.
func weekStart(d time.Time) time.Time {
	back := (int(d.Weekday()) - int(firstWeekday()) + 7) % 7
	return time.Date(d.Year(), d.Month(), d.Day()-back, 0, 0, 0, 0, d.Location())
}

func (s *calendarScreen) content() fyne.CanvasObject { return s.root }

// reload shows the month picked before, or this month on the first visit.
func (s *calendarScreen) reload() {
	if s.month.IsZero() {
		s.goToday()
		return
	}
	// Re-anchor in the shop's zone: Settings may have changed it since.
	shopLoc := s.u.shopZone()
	s.month = time.Date(s.month.Year(), s.month.Month(), 1, 0, 0, 0, 0, shopLoc)
	s.day = time.Date(s.day.Year(), s.day.Month(), s.day.Day(), 0, 0, 0, 0, shopLoc)
	s.loadMonth()
	s.loadDay()
}

func (s *calendarScreen) goToday() {
	n := s.u.now()
	s.day = time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, n.Location())
	s.month = time.Date(n.Year(), n.Month(), 1, 0, 0, 0, 0, n.Location())
	s.loadMonth()
	s.loadDay()
}

func (s *calendarScreen) onToday() { s.goToday() }

func (s *calendarScreen) onPrev() { s.shiftMonth(-1) }

func (s *calendarScreen) onNext() { s.shiftMonth(1) }

func (s *calendarScreen) shiftMonth(by int) {
	if s.week {
		s.day = s.day.AddDate(0, 0, 7*by)
		s.month = time.Date(s.day.Year(), s.day.Month(), 1, 0, 0, 0, 0, s.day.Location())
		s.loadMonth()
		s.loadDay()
		return
	}
	s.month = s.month.AddDate(0, by, 0)
	s.loadMonth()
}

// firstWeekday is the first column of the grid: Sunday where the user's region
// starts the week on Sunday, Monday elsewhere.
func firstWeekday() time.Weekday {
	loc := lang.SystemLocale().LanguageString()
	_, region, _ := strings.Cut(loc, "-")
	switch strings.ToUpper(region) {
	case "US", "CA", "MX", "BR", "JP", "KR", "TW", "HK", "PH", "IL", "IN", "ZA", "AU":
		return time.Sunday
	}
	return time.Monday
}

// loadMonth counts the month's follow-ups per day (DueDays) and finds the days with
// a promise or an overdue item among the month's agenda, off the UI goroutine.
func (s *calendarScreen) loadMonth() {
	u := s.u
	shopLoc := u.shopZone()
	start := time.Date(s.month.Year(), s.month.Month(), 1, 0, 0, 0, 0, shopLoc)
	end := start.AddDate(0, 1, 0)
	if s.week {
		start = weekStart(time.Date(s.day.Year(), s.day.Month(), s.day.Day(), 0, 0, 0, 0, shopLoc))
		end = start.AddDate(0, 0, 7)
	}
	week := s.week
	var counts map[string]int
	var items []shop.AgendaItem
	u.run(func() (err error) {
		if counts, err = u.st.DueDays(u.ctx, start.Format(time.DateOnly), end.Format(time.DateOnly)); err != nil {
			return err
		}
		items, err = u.st.Agenda(u.ctx, start, end)
		return err
	}, func() {
		s.counts = counts
		s.marks = map[string]dayMark{}
		now := u.now()
		for _, it := range items {
			d := it.Due.In(shopLoc).Format(time.DateOnly)
			switch {
			case planner.OverdueOn(it.FollowUp, now, shopLoc):
				// Only where it could have been done and was not: never a day to come.
				s.marks[d] = markOverdue
			case it.Promised && s.marks[d] != markOverdue:
				s.marks[d] = markPromise
			}
		}
		if week {
			s.drawWeek(start, items)
			return
		}
		s.drawMonth()
	})
}

// drawWeek fills the seven columns with the week's follow-ups by due time: the
// time in the shop's zone and the customer, in red when overdue and in the
// primary colour when promised. Tapping one picks it in the day's list.
func (s *calendarScreen) drawWeek(start time.Time, items []shop.AgendaItem) {
	shopLoc := s.u.shopZone()
	end := start.AddDate(0, 0, 6)
	if start.Month() == end.Month() {
		s.title.SetText(start.Format("Jan 2") + " – " + end.Format("2, 2006"))
	} else {
		s.title.SetText(start.Format("Jan 2") + " – " + end.Format("Jan 2, 2006"))
	}
	today := s.u.now().Format(time.DateOnly)
	picked := s.day.Format(time.DateOnly)
	for i := range s.weekCols {
		d := start.AddDate(0, 0, i)
		key := d.Format(time.DateOnly)
		s.weekNames[i].SetText(d.Format("Mon"))
		s.weekHeads[i].setDay(dayCellState{day: d, count: s.counts[key], mark: s.marks[key], today: key == today, picked: key == picked})
		s.weekCols[i].Objects = nil
	}
	for _, it := range items {
		d := it.Due.In(shopLoc)
		i := int(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, shopLoc).Sub(start).Hours()+12) / 24
		if i < 0 || i > 6 {
			continue
		}
		it := it
		tint := theme.ColorNameInputBorder
		switch {
		case planner.OverdueOn(it.FollowUp, s.u.now(), shopLoc):
			tint = theme.ColorNameError
		case it.Promised:
			tint = theme.ColorNamePrimary
		}
		w := newWeekItem(d.Format(layoutClock), it.Customer.Name, tint, func() { s.pickItem(it) })
		w.onDrop = func(dx float32) { s.onDropItem(it, dx) }
		s.weekCols[i].Add(w)
	}
	for _, c := range s.weekCols {
		c.Refresh()
	}
}

// onDropItem moves a follow-up dragged dx across the week by as many days as
// columns it crossed, at the same time of day in the customer's zone; the store
// checks the call windows as for Reschedule….
func (s *calendarScreen) onDropItem(it shop.AgendaItem, dx float32) {
	step := s.weekView.Size().Width / 7
	days := 0
	if step > 0 {
		days = int(math.Round(float64(dx / step)))
	}
	if days == 0 {
		s.weekView.Refresh() // back into its column
		return
	}
	loc := zoneOf(it.TimeZone, zoneOf(it.Customer.TimeZone, s.u.shopZone()))
	due := it.Due.In(loc)
	when := time.Date(due.Year(), due.Month(), due.Day()+days, due.Hour(), due.Minute(), 0, 0, loc)
	u := s.u
	u.async(func() error { return u.st.Reschedule(u.ctx, it.ID, when) }, func(err error) {
		if err != nil {
			s.loadMonth() // redraws the week as it was
			u.showError(err)
			return
		}
		s.pickItem(shop.AgendaItem{FollowUp: shop.FollowUp{ID: it.ID, Due: when}})
	})
}

// pickItem picks a follow-up's day and selects it in the day's list.
func (s *calendarScreen) pickItem(it shop.AgendaItem) {
	shopLoc := s.u.shopZone()
	d := it.Due.In(shopLoc)
	s.pickAfterLoad = it.ID
	s.month = time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, shopLoc)
	s.onPickDay(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, shopLoc))
}

// drawMonth fills the grid from s.month, s.counts and s.marks.
func (s *calendarScreen) drawMonth() {
	s.title.SetText(s.month.Format("January 2006"))
	first := firstWeekday()
	for i, h := range s.heads {
		h.SetText(time.Weekday((int(first) + i) % 7).String()[:3])
	}
	lead := (int(s.month.Weekday()) - int(first) + 7) % 7
	today := s.u.now().Format(time.DateOnly)
	picked := s.day.Format(time.DateOnly)
	days := s.month.AddDate(0, 1, -1).Day()
	weeks := (lead + days + 6) / 7
	for i, c := range s.cells {
		// Only the weeks the month spans take room; the grid skips hidden cells.
		showIf(c, i < 7*weeks)
		d := s.month.AddDate(0, 0, i-lead)
		if d.Month() != s.month.Month() {
			c.setDay(dayCellState{})
			continue
		}
		key := d.Format(time.DateOnly)
		c.setDay(dayCellState{day: d, count: s.counts[key], mark: s.marks[key], today: key == today, picked: key == picked})
	}
	s.grid.Refresh() // lays the rows out again when the number of weeks changed
}

func (s *calendarScreen) onPickDay(d time.Time) {
	s.day = d
	if s.week {
		s.loadMonth()
	} else {
		s.drawMonth()
	}
	s.loadDay()
}

// loadDay lists the follow-ups due on the picked shop-local day.
func (s *calendarScreen) loadDay() {
	u := s.u
	start := s.day
	end := start.AddDate(0, 0, 1)
	var items []shop.AgendaItem
	u.run(func() (err error) {
		items, err = u.st.Agenda(u.ctx, start, end)
		return err
	}, func() {
		now := u.now()
		s.views = make([]agendaView, len(items))
		for i, it := range items {
			v := newAgendaView(it, now, u.rules, u.shopZone())
			v.day = ""
			v.hint = reasonHint(it)
			v.warn = false
			s.views[i] = v
		}
		s.dayTitle.SetText(start.Format("Mon, Jan 2") + " — " + plural(len(items), "follow-up", "follow-ups"))
		showIf(s.empty, len(items) == 0)
		showIf(s.list, len(items) > 0)
		s.list.UnselectAll()
		s.list.Refresh()
		s.footer.Hide()
		if want := s.pickAfterLoad; want != 0 {
			s.pickAfterLoad = 0
			for i, v := range s.views {
				if v.item.ID == want {
					s.list.Select(i)
					s.list.ScrollTo(i)
				}
			}
		}
	})
}

// reasonHint is the calendar row's last line: how many things the follow-up is for.
func reasonHint(it shop.AgendaItem) string {
	if len(it.Reasons) > 1 {
		return strconv.Itoa(len(it.Reasons)) + " reasons in one " + channelNoun(it.Channel)
	}
	if len(it.Reasons) == 1 && it.Reasons[0].Reference != "" {
		return "Reference " + it.Reasons[0].Reference
	}
	return ""
}

func (s *calendarScreen) length() int { return len(s.views) }

func (s *calendarScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id < len(s.views) {
		o.(*agendaRow).set(s.views[id])
	}
}

func (s *calendarScreen) onSelected(id widget.ListItemID) {
	if id >= len(s.views) {
		return
	}
	it := s.views[id].item
	s.picked = it.CustomerID
	s.pickedItem = it
	showIf(s.email, it.Channel == shop.ChannelEmail)
	shopLoc := s.u.shopZone()
	loc := zoneOf(it.TimeZone, shopLoc)
	when := bothClocks(it.Due, s.u.now(), loc, shopLoc)
	head := it.Customer.Name + " — " + when + ", " + strings.ToLower(channelLabel(it.Channel)) + ", for " + s.views[id].assignee
	// What to talk about as Today says it: the reasons now, the customer's open
	// problems first once their issues are read.
	say := func(issues []shop.Issue) {
		lines := []string{head}
		for _, p := range planner.TalkingPoints(it.FollowUp, issues, loc) {
			lines = append(lines, "• "+p.Text)
		}
		s.detail.SetText(strings.Join(lines, "\n"))
	}
	say(nil)
	s.footer.Show()
	var issues []shop.Issue
	s.u.run(func() (err error) {
		issues, err = s.u.st.Issues(s.u.ctx, it.CustomerID)
		return err
	}, func() {
		if s.pickedItem.ID == it.ID {
			say(issues)
		}
	})
}

// onReschedule moves the selected follow-up to a date and time the owner picks, in
// the customer's time with the shop's time beside it. The store checks the call
// windows and pins the new time; a refused time opens the dialog again as it was.
func (s *calendarScreen) onReschedule() {
	it := s.pickedItem
	if it.ID == 0 {
		return
	}
	shopLoc := s.u.shopZone()
	loc := zoneOf(it.TimeZone, zoneOf(it.Customer.TimeZone, shopLoc))
	moveTo := newDateTimeField()
	// The planned time when it is still to come and would be accepted, else the
	// time Reschedule… offers on Today (planner.ProposeTime): never one refused.
	start := it.Due
	_, fine := planner.CheckCallTime(s.u.rules, it.Customer, loc, it.Due)
	if !it.Due.After(s.u.now()) || it.Channel == shop.ChannelPhone && !fine {
		start = planner.ProposeTime(s.u.rules, it.Customer, loc, it.Channel, it.Due, s.u.now())
	}
	moveTo.set(start, loc)
	s.showReschedule(it, loc, moveTo, widget.NewLabel(""))
}

// showReschedule shows the reschedule dialog with moveTo and the shop's time
// beside it; a refused time opens it again as it was.
func (s *calendarScreen) showReschedule(it shop.AgendaItem, loc *time.Location, moveTo *dateTimeField, moveShop *widget.Label) {
	shopLoc := s.u.shopZone()
	update := func() {
		t, err := moveTo.value("New time", loc, false)
		if err != nil || t == nil {
			moveShop.SetText("")
			return
		}
		moveShop.SetText(t.In(shopLoc).Format("Mon Jan 2 15:04") + " at the shop (" + shopLoc.String() + ")")
	}
	moveTo.date.OnChanged = func(*time.Time) { update() }
	moveTo.clock.OnChanged = func(string) { update() }
	update()
	hint := "In " + it.Customer.Name + "'s time: " + loc.String()
	if it.Channel == shop.ChannelPhone {
		hint += "; calls " + planner.CallHours(s.u.rules, it.Customer)
	}
	items := []*widget.FormItem{
		{Text: "New time", Widget: moveTo.box, HintText: hint},
		{Text: "Shop time", Widget: moveShop},
	}
	var d *dialog.FormDialog
	d = dialog.NewForm("Reschedule: "+it.Customer.Name, "Reschedule", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		u := s.u
		t, err := moveTo.value("New time", loc, false)
		if err != nil {
			u.refuseForm(d, items, err)
			return
		}
		u.async(func() error { return u.st.Reschedule(u.ctx, it.ID, *t) }, func(err error) {
			if err != nil {
				u.refuseForm(d, items, err)
				return
			}
			// Show the day it moved to, with it picked.
			s.pickItem(shop.AgendaItem{FollowUp: shop.FollowUp{ID: it.ID, Due: *t}})
			s.loadMonth()
		})
	}, s.u.win)
	d.Resize(fyne.NewSize(500, 0))
	s.u.presentForm(d, moveTo.date)
}

func (s *calendarScreen) onOpen() {
	if s.picked != 0 {
		s.u.showCustomer(s.picked)
	}
}
