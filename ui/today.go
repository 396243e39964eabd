package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/remind"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// todayScreen is today's call list in the order of FOLLOWUP_RULES.md §6, with the
// call screen of §5 for the selected follow-up.
type todayScreen struct {
	u *UI

	views    []agendaView
	selected shop.ID // the follow-up in the detail panel; 0 for none
	// all is the whole day's list; whose shows the user's own calls (remind.ForStaff)
	// or everyone's. wanted is a follow-up asked for from elsewhere (a reminder,
	// the ledger), selected at the next show, or that customer's when a re-plan
	// has replaced it; everyone's calls show when it is someone else's.
	all    []shop.AgendaItem
	whose  *widget.RadioGroup
	wanted struct{ id, customer shop.ID }
	// shown is set once a list has been drawn: only the first load draws a long
	// day's head first (reload). loads counts the loads started; a load that
	// finishes after a later one started is dropped, whatever order they end in.
	shown bool
	loads int

	date   *tipLabel
	counts *tipLabel
	// status says what the last outcome did ("No answer from …: next try …").
	status *tipLabel
	replan *widget.Button
	// planning shows while the start-up re-plan runs.
	planning *fyne.Container
	list     *widget.List
	empty    fyne.CanvasObject
	// emptyView says why the list is empty: the day is done, or only the
	// user's own part of it.
	emptyView *emptyView
	detail    *fyne.Container // rebuilt for each selection
	actions   *fyne.Container

	done, noAnswer, reschedule, skip, printLetter *widget.Button
	email                                         *todayEmail // Email… and Send today's emails (email.go)

	root fyne.CanvasObject
}

func newTodayScreen(u *UI) *todayScreen {
	s := &todayScreen{u: u}
	s.buildUI()
	return s
}

func (s *todayScreen) buildUI() {
	s.date = heading("")
	s.date.Truncation = fyne.TextTruncateOff
	s.counts = newTipLabel("")
	s.replan = widget.NewButtonWithIcon("Re-plan", theme.ViewRefreshIcon(), s.onReplan)
	act := widget.NewActivity()
	planning := subtle("Planning follow-ups…")
	planning.Truncation = fyne.TextTruncateOff
	s.planning = container.NewHBox(act, planning)
	s.planning.Hide()
	s.email = newTodayEmail(s)
	s.whose = widget.NewRadioGroup([]string{myCalls, everyonesCalls}, s.onWhose)
	s.whose.Horizontal = true
	s.whose.Required = true
	s.showMine()
	// The counts give way first (cut after a word) when the buttons need room.
	header := container.NewBorder(nil, nil, s.date, container.NewHBox(container.NewCenter(s.planning), container.NewCenter(s.whose), container.NewCenter(s.email.sendAll), container.NewCenter(s.replan)),
		container.NewVBox(layout.NewSpacer(), s.counts, layout.NewSpacer()))
	s.status = newTipLabel("")
	s.status.Importance = widget.SuccessImportance
	s.status.Hide()

	s.list = widget.NewList(s.length, s.createRow, s.updateRow)
	s.list.OnSelected = s.onSelected
	s.list.OnUnselected = s.onUnselected
	s.emptyView = newEmptyView("", "", func() { s.whose.SetSelected(everyonesCalls) })
	s.empty = s.emptyView.root
	s.empty.Hide()

	s.done = widget.NewButtonWithIcon("Done…", theme.ConfirmIcon(), s.onDone)
	s.done.Importance = widget.HighImportance
	s.noAnswer = widget.NewButtonWithIcon("No answer", theme.MediaReplayIcon(), s.onNoAnswer)
	s.reschedule = widget.NewButtonWithIcon("Reschedule…", theme.HistoryIcon(), s.onReschedule)
	s.skip = widget.NewButtonWithIcon("Skip…", theme.MediaSkipNextIcon(), s.onSkip)
	s.printLetter = widget.NewButtonWithIcon("Print letter…", theme.DocumentPrintIcon(), s.onPrintLetter)
	s.actions = container.NewBorder(widget.NewSeparator(), nil, nil, nil,
		container.NewHBox(s.email.draft, s.printLetter, s.done, s.noAnswer, layout.NewSpacer(), s.reschedule, s.skip))

	s.detail = container.NewStack()
	right := container.NewBorder(nil, s.actions, nil, nil, container.NewVScroll(container.NewPadded(s.detail)))
	s.showDetail(nil)

	split := container.NewHSplit(container.NewStack(s.list, s.empty), right)
	split.Offset = 0.55
	s.root = container.NewBorder(container.NewVBox(header, s.status, widget.NewSeparator()), nil, nil, nil, split)
}

func (s *todayScreen) content() fyne.CanvasObject { return s.root }

// setPlanning shows or hides the "planning follow-ups" note of the start-up re-plan,
// and keeps Re-plan from starting a second one meanwhile.
func (s *todayScreen) setPlanning(on bool) {
	act := s.planning.Objects[0].(*widget.Activity)
	if on {
		act.Start()
		s.planning.Show()
		s.replan.Disable()
		return
	}
	act.Stop()
	s.planning.Hide()
	s.replan.Enable()
}

// reload loads today's list off the UI goroutine: with many customers it is the
// slowest read of the app. It reads the stored plan; a window left open overnight
// plans the new day, once, when the list is next shown. The first time, a long
// day's first screen is drawn from its head (store.TodayHead) while the whole
// list is read behind it.
func (s *todayScreen) reload() {
	if !s.shown && s.wanted.id == 0 && s.wanted.customer == 0 {
		s.reloadHead()
		return
	}
	s.reloadAll()
}

// reloadAll reads the whole day's list and shows it.
func (s *todayScreen) reloadAll() {
	u := s.u
	s.loads++
	load := s.loads
	var items []shop.AgendaItem
	var ps store.PlanState
	u.run(func() (err error) {
		if ps, err = u.st.PlanState(u.ctx); err != nil {
			return err
		}
		items, err = u.st.Today(u.ctx)
		return err
	}, func() {
		if load != s.loads {
			return // a later load shows a newer list
		}
		s.show(items)
		s.afterLoad(ps)
	})
}

// headRows is how many follow-ups the first screen of a long day shows before the
// rest are read: more than a screenful.
const headRows = 40

// reloadHead shows the head of the day, then reads the whole list when there is
// more of it.
func (s *todayScreen) reloadHead() {
	u := s.u
	me := s.me()
	s.loads++
	load := s.loads
	var head []shop.AgendaItem
	var counts planner.DayCounts
	var all int
	var ps store.PlanState
	u.run(func() (err error) {
		if ps, err = u.st.PlanState(u.ctx); err != nil {
			return err
		}
		head, counts, all, err = u.st.TodayHead(u.ctx, me, headRows)
		return err
	}, func() {
		if load != s.loads {
			return // a later load shows a newer list
		}
		if len(head) < all {
			// A long day (or only part of it the user's): its first screen now, the
			// whole list behind it, which then does what follows a load. Sending
			// the day's emails waits for the whole list.
			s.all = nil
			s.email.showItems(nil)
			s.fill(head, counts, all-counts.FollowUps)
			s.selectFirst()
			s.reloadAll()
			return
		}
		s.show(head) // the whole day, everyone's
		s.afterLoad(ps)
	})
}

// afterLoad plans the new day once if the list read was another day's plan, and
// reads the search index behind the list.
func (s *todayScreen) afterLoad(ps store.PlanState) {
	if !ps.Current() && s.u.planTried != ps.Today {
		s.u.replanInBackground()
	}
	s.u.warmSearch()
}

// me is whose calls the list shows: the user's own (remind.Mine), or 0 for
// everyone's.
func (s *todayScreen) me() shop.ID {
	if s.whose.Selected == everyonesCalls {
		return 0
	}
	return s.u.me()
}

// The choices of whose calls Today shows.
const (
	myCalls        = "My calls"
	everyonesCalls = "Everyone"
)

// showMine shows the user's own calls, on a computer that knows its user.
func (s *todayScreen) showMine() {
	showIf(s.whose, s.u.me() != 0)
	s.whose.SetSelected(myCalls)
}

func (s *todayScreen) onWhose(string) {
	switch {
	case s.all != nil:
		s.show(s.all)
	case s.shown:
		// Only a long day's head is drawn yet: the other choice's head, and the
		// whole list behind it.
		s.reloadHead()
	}
}

// show fills the list with items (the user's own when My calls is chosen),
// keeping the selection when it is still there.
func (s *todayScreen) show(items []shop.AgendaItem) {
	s.all = items
	items = remind.ForStaff(items, s.me())
	s.email.showItems(items)
	s.fill(items, planner.CountDay(items, s.u.now()), len(s.all)-len(items))

	keep, want := s.selected, s.wanted
	if want.id != 0 {
		keep = want.id
	}
	s.wanted.id, s.wanted.customer = 0, 0
	s.list.UnselectAll()
	for i, v := range s.views {
		if v.item.ID == keep {
			s.list.Select(i)
			return
		}
	}
	for i, v := range s.views {
		if want.customer != 0 && v.item.CustomerID == want.customer {
			s.list.Select(i)
			return
		}
	}
	if want.id != 0 || want.customer != 0 {
		for _, it := range s.all {
			if s.whose.Selected != everyonesCalls && (it.ID == want.id || it.CustomerID == want.customer) {
				s.wanted = want
				s.whose.SetSelected(everyonesCalls) // someone else's: shows everyone's
				return
			}
		}
	}
	s.selectFirst()
}

// fill lists items, the day's counts c of the part shown, and others' calls left
// out of it.
func (s *todayScreen) fill(items []shop.AgendaItem, c planner.DayCounts, others int) {
	now := s.u.now()
	s.views = make([]agendaView, len(items))
	for i, it := range items {
		s.views[i] = newAgendaView(it, now, s.u.rules, s.u.shopZone())
	}
	s.shown = true
	s.date.SetText(now.Format(layoutLongDate))
	s.counts.SetText(dayLine(c))
	s.sayEmpty(c.FollowUps, others)
	showIf(s.empty, len(items) == 0)
	showIf(s.list, len(items) > 0)
	s.list.Refresh()
}

// selectFirst selects the most urgent follow-up, the one to start with.
func (s *todayScreen) selectFirst() {
	if len(s.views) > 0 {
		s.list.Select(0)
		return
	}
	s.showDetail(nil)
}

// sayEmpty words the empty list: the whole day done, or the user's own calls
// done while others' are left, which Everyone shows.
func (s *todayScreen) sayEmpty(shown, others int) {
	if shown > 0 {
		return
	}
	if others == 0 {
		s.emptyView.set("Nothing to follow up today",
			"Every promise is kept and every call is made. New follow-ups appear here as sales and issues come in.", "")
		return
	}
	verb := "are"
	if others == 1 {
		verb = "is"
	}
	s.emptyView.set("Nothing left for you today",
		plural(others, "follow-up", "follow-ups")+" today "+verb+" someone else's.", "Show everyone's")
}

// dayLine words a day's counts: "7 follow-ups · 5 calls · 1 promise".
func dayLine(c planner.DayCounts) string {
	parts := []string{plural(c.FollowUps, "follow-up", "follow-ups")}
	add := func(n int, one, many string) {
		if n > 0 {
			parts = append(parts, plural(n, one, many))
		}
	}
	add(c.Calls, "call", "calls")
	add(c.Emails, "email", "emails")
	add(c.Letters, "letter", "letters")
	add(c.Promises, "promise", "promises")
	add(c.Overdue, "overdue", "overdue")
	add(c.Broken, "broken promise", "broken promises")
	return strings.Join(parts, " · ")
}

func (s *todayScreen) length() int { return len(s.views) }

func (s *todayScreen) createRow() fyne.CanvasObject { return newAgendaRow() }

func (s *todayScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id < len(s.views) {
		o.(*agendaRow).set(s.views[id])
	}
}

func (s *todayScreen) onSelected(id widget.ListItemID) {
	if id >= len(s.views) {
		return
	}
	v := s.views[id]
	s.selected = v.item.ID
	s.showDetail(&v)
}

func (s *todayScreen) onUnselected(widget.ListItemID) {
	s.selected = 0
	s.showDetail(nil)
}

// current is the selected follow-up.
func (s *todayScreen) current() (agendaView, bool) {
	for _, v := range s.views {
		if v.item.ID == s.selected && s.selected != 0 {
			return v, true
		}
	}
	return agendaView{}, false
}

// showDetail fills the call screen for v, or a hint when nothing is selected.
// What it offers fits the channel: a call has its script and No answer, an
// email its draft, a letter its printing.
func (s *todayScreen) showDetail(v *agendaView) {
	s.email.selectItem(v)
	s.showActions(v)
	if v == nil {
		hint := widget.NewLabel("Pick a follow-up on the left to see what it is about, who the customer is, and how the call goes.")
		hint.Wrapping = fyne.TextWrapWord
		hint.Alignment = fyne.TextAlignCenter
		s.detail.Objects = []fyne.CanvasObject{container.NewCenter(withWidth(320, hint))}
		s.detail.Refresh()
		return
	}
	it := v.item
	c := it.Customer
	shopLoc := s.u.shopZone()
	loc := zoneOf(it.TimeZone, c.Location(shopLoc))
	now := s.u.now()

	title := heading(c.Name)
	open := widget.NewButtonWithIcon("Open customer", theme.AccountIcon(), s.onOpenCustomer)
	open.Importance = widget.LowImportance
	sub := subtle(customerPlace(c))

	// What to talk about: the reasons now, the open problems first once the
	// customer's issues are read with the brief.
	purpose := container.NewVBox()
	showPoints(purpose, planner.TalkingPoints(it.FollowUp, nil, loc))
	hint := wrapped(v.hint)
	switch {
	case v.warn:
		hint.Importance = widget.WarningImportance
	case it.Channel == shop.ChannelPhone:
		// The primary blue reads on light and dark; the theme's green is faint on white.
		hint.Importance = widget.HighImportance
	}
	contact := widget.NewForm(
		widget.NewFormItem("Phone", selectable(orDash(c.Phone))),
		widget.NewFormItem("Email", selectable(orDash(c.Email))),
		widget.NewFormItem("Their time now", widget.NewLabel(now.In(loc).Format("Mon 15:04 MST")+"  ("+loc.String()+")")),
		widget.NewFormItem("Due", wrapped(bothClocks(it.Due, now, loc, shopLoc)+" by "+strings.ToLower(channelLabel(it.Channel))+", for "+v.assignee)),
	)
	if it.Channel == shop.ChannelPhone {
		contact.Append("Call hours", wrapped(planner.CallHours(s.u.rules, c)+" their time"))
	}
	if refs := it.References(); len(refs) > 0 {
		contact.Append("References", selectable(strings.Join(refs, ", ")))
	}

	brief := container.NewVBox(subtle("Loading the customer's brief…"))
	var br store.CustomerBrief
	s.u.run(func() (err error) {
		br, err = s.u.st.Brief(s.u.ctx, c.ID)
		return err
	}, func() {
		if s.selected != it.ID {
			return // the user has moved on
		}
		showPoints(purpose, planner.TalkingPoints(it.FollowUp, br.Issues, loc))
		brief.Objects = []fyne.CanvasObject{briefForm(br, shopLoc, now, s.u.money)}
		brief.Refresh()
	})

	badges := container.NewHBox()
	if it.Priority == shop.PriorityOpenProblem {
		badges.Add(newBadge("Open problem", theme.ColorNameWarning))
	}
	switch {
	case v.broken:
		badges.Add(newBadge("Broken promise", theme.ColorNameError))
	case it.Promised:
		badges.Add(newBadge("Promised", theme.ColorNamePrimary))
	case v.overdue:
		badges.Add(newBadge("Overdue", theme.ColorNameError))
	}

	parts := []fyne.CanvasObject{
		container.NewBorder(nil, nil, nil, container.NewHBox(container.NewCenter(badges), open), title),
		sub,
		card("What to talk about", purpose),
		hint,
	}
	if it.Channel == shop.ChannelPhone {
		parts = append(parts, card("How it goes", s.callScript(c)))
	}
	parts = append(parts, card("How to reach them", contact), card("Customer brief", brief))
	s.detail.Objects = []fyne.CanvasObject{container.NewVBox(parts...)}
	s.detail.Refresh()
}

// showPoints lists the talking points in box, an open problem in the warning
// colour.
func showPoints(box *fyne.Container, points []planner.TalkingPoint) {
	box.Objects = nil
	for _, p := range points {
		l := wrapped("• " + p.Text)
		if p.Problem {
			l.Importance = widget.WarningImportance
		}
		box.Add(l)
	}
	box.Refresh()
}

// callScript is the call's two branches (FOLLOWUP_RULES.md §5).
func (s *todayScreen) callScript(c shop.Customer) fyne.CanvasObject {
	logIssue := widget.NewButtonWithIcon("Log an issue", theme.ContentAddIcon(), func() { s.u.logIssueFor(c) })
	problems := container.NewVBox(bold("Still having problems?"),
		wrapped("Reassure them and help. Log a new issue, or reopen the old one, so it is followed up."),
		container.NewHBox(logIssue))
	fine := container.NewVBox(bold("No problems?"),
		wrapped("Ask for their comments and whether they need anything — manuals, materials. Offer a quick survey: how would they score us from 1 to 5? Note it under Done."))
	return container.NewGridWithColumns(2, problems, fine)
}

// showActions offers what fits the follow-up's channel: No answer for a call,
// the draft for an email, printing for a letter (and for a call to a customer a
// letter can reach); Done, Reschedule and Skip for all.
func (s *todayScreen) showActions(v *agendaView) {
	for _, b := range []*widget.Button{s.done, s.noAnswer, s.reschedule, s.skip, s.printLetter} {
		if v == nil {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if v == nil {
		return
	}
	ch, c := v.item.Channel, v.item.Customer
	showIf(s.noAnswer, ch == shop.ChannelPhone)
	showIf(s.printLetter, ch != shop.ChannelEmail && c.HasPostalAddress() && !c.DoNotContact)
	s.printLetter.Importance = widget.MediumImportance
	s.done.Importance = widget.HighImportance
	switch ch {
	case shop.ChannelLetter:
		s.printLetter.Importance = widget.HighImportance
		s.done.Importance = widget.MediumImportance
	case shop.ChannelEmail:
		s.done.Importance = widget.MediumImportance
	}
	s.printLetter.Refresh()
	s.done.Refresh()
}

func selectable(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Selectable = true
	return l
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// customerPlace is the line under a customer's name: company, city and zone.
func customerPlace(c shop.Customer) string {
	var parts []string
	if c.Company != "" {
		parts = append(parts, c.Company)
	}
	place := strings.TrimSpace(strings.Join(nonEmpty(c.City, c.Region, c.Country), ", "))
	if place != "" {
		parts = append(parts, place)
	}
	if c.Kind == shop.KindBusiness {
		parts = append(parts, "business customer")
	}
	if c.DoNotContact {
		parts = append(parts, "do not contact")
	}
	return strings.Join(parts, " · ")
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// briefForm shows what to know before the call (FOLLOWUP_RULES.md §1).
func briefForm(br store.CustomerBrief, shopLoc *time.Location, now time.Time, money func(int64) string) fyne.CanvasObject {
	since := "—"
	if !br.Since.IsZero() {
		since = br.Since.In(shopLoc).Format(layoutDate) + " (" + howLong(br.Since, now) + ")"
	}
	people := strings.Join(br.People, ", ")
	if people == "" {
		people = "nobody yet"
	}
	open := "none"
	if br.OpenIssues > 0 {
		open = strconv.Itoa(br.OpenIssues)
	}
	buys := container.NewVBox()
	for i, p := range br.Purchases {
		if i == 3 {
			buys.Add(subtle(fmt.Sprintf("and %d more", len(br.Purchases)-3)))
			break
		}
		l := newTipLabel(p.At.In(shopLoc).Format(layoutDate) + " — " + money(p.AmountCents) + " — " + p.Items)
		buys.Add(l)
	}
	if len(br.Purchases) == 0 {
		buys.Add(widget.NewLabel("nothing yet"))
	}
	issues := container.NewVBox()
	for i, is := range br.Issues {
		if i == 3 {
			issues.Add(subtle(fmt.Sprintf("and %d more", len(br.Issues)-3)))
			break
		}
		l := newTipLabel(is.OpenedAt.In(shopLoc).Format(layoutDate) + " — " + issueTitle(is) + " — " + issueState(is))
		issues.Add(l)
	}
	if len(br.Issues) == 0 {
		issues.Add(widget.NewLabel("none: nothing has gone wrong"))
	}
	past := container.NewVBox()
	for i, it := range br.Past {
		if i == 3 {
			past.Add(subtle(fmt.Sprintf("and %d more", len(br.Past)-3)))
			break
		}
		text := it.CompletedAt.In(shopLoc).Format(layoutDate) + " — " + it.Status.Label()
		if it.Score > 0 {
			text += fmt.Sprintf(", scored %d/5", it.Score)
		}
		text += " — " + orText(it.Notes, it.Summary())
		past.Add(newTipLabel(text))
	}
	if len(br.Past) == 0 {
		past.Add(widget.NewLabel("none yet: this is the first"))
	}
	referrals := "none known"
	if br.ReferredBy.ID != 0 {
		referrals = "referred by " + br.ReferredBy.Name
	}
	if n := len(br.Referrals); n > 0 {
		names := make([]string, n)
		for i, c := range br.Referrals {
			names[i] = c.Name
		}
		sent := "sent " + plural(n, "customer", "customers") + ": " + strings.Join(names, ", ")
		if br.ReferredBy.ID != 0 {
			referrals += "; " + sent
		} else {
			referrals = strings.ToUpper(sent[:1]) + sent[1:]
		}
	} else if br.ReferredBy.ID != 0 {
		referrals = strings.ToUpper(referrals[:1]) + referrals[1:]
	}
	score := "no survey answered yet"
	if br.Scores > 0 {
		score = fmt.Sprintf("%.1f out of 5 from %s", float64(br.ScoreSum)/float64(br.Scores), plural(br.Scores, "survey", "surveys"))
	}
	return widget.NewForm(
		widget.NewFormItem("Customer since", widget.NewLabel(since)),
		widget.NewFormItem("Lifetime spend", widget.NewLabel(money(br.LifetimeCents))),
		widget.NewFormItem("Open issues", widget.NewLabel(open)),
		widget.NewFormItem("Looked after by", wrapped(people)),
		widget.NewFormItem("Referrals", wrapped(referrals)),
		widget.NewFormItem("Last purchases", buys),
		widget.NewFormItem("Issues", issues),
		widget.NewFormItem("Past follow-ups", past),
		widget.NewFormItem("Promises", briefPromises(br.Promises, shopLoc)),
		widget.NewFormItem("Their scores", widget.NewLabel(score)),
	)
}

// howLong is a rough age: "3 years", "5 months", "2 weeks", "4 days".
func howLong(since, now time.Time) string {
	d := now.Sub(since)
	days := int(d.Hours() / 24)
	switch {
	case days >= 730:
		return plural(days/365, "year", "years")
	case days >= 60:
		return plural(days/30, "month", "months")
	case days >= 14:
		return plural(days/7, "week", "weeks")
	case days >= 1:
		return plural(days, "day", "days")
	}
	return "new today"
}
