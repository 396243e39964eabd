package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
)

// agendaView is a follow-up formatted for a row of the call list or the calendar:
// everything is computed once when the list loads, not on every redraw.
type agendaView struct {
	item  shop.AgendaItem
	when  string // due time at the shop, "16:00" (with the day when not today: "Sun 16:00")
	their string // due time in the customer's zone when it is another, "13:00 PST"
	day   string // "Today", or the day when it is another: "Fri Nov 20"
	// purpose is the talking points in one line.
	purpose  string
	assignee string
	// hint says whether to call now; warn marks a "not now".
	hint string
	warn bool
	// broken marks a promise whose time has passed (planner.BrokenPromise);
	// overdue one that could have been done before and is due by today
	// (planner.OverdueOn).
	broken, overdue bool
}

// newAgendaView formats a follow-up at now. For a phone call it asks the planner
// whether the customer may be called now (FOLLOWUP_RULES.md §3) and, if not, when.
func newAgendaView(it shop.AgendaItem, now time.Time, r shop.Rules, shopLoc *time.Location) agendaView {
	loc := zoneOf(it.TimeZone, zoneOf(it.Customer.TimeZone, shopLoc))
	v := agendaView{item: it, when: shopClock(it.Due, now, shopLoc), day: dayLabel(it.Due, now, shopLoc), purpose: it.Summary(),
		assignee: it.Assignee, broken: planner.BrokenPromise(it.FollowUp, now), overdue: planner.OverdueOn(it.FollowUp, now, shopLoc)}
	if otherZone(it.Due, loc, shopLoc) {
		v.their = zoneClock(it.Due, loc)
	}
	if v.assignee == "" {
		v.assignee = "Unassigned"
	}
	switch it.Channel {
	case shop.ChannelPhone:
		v.hint, v.warn = callHint(planner.AdviseCall(r, it.Customer, loc, it.FollowUp, now), it.Due, now, loc)
	case shop.ChannelEmail:
		v.hint = "Send an email"
	case shop.ChannelLetter:
		v.hint = "Send a letter"
	}
	return v
}

// otherZone reports whether loc keeps another clock than the shop's at t.
func otherZone(t time.Time, loc, shopLoc *time.Location) bool {
	_, a := t.In(loc).Zone()
	_, b := t.In(shopLoc).Zone()
	return a != b
}

// shopClock is a due time at the shop: "16:00" today, "Sun 16:00" on another day.
func shopClock(t, now time.Time, shopLoc *time.Location) string {
	if sameDay(t, now, shopLoc) {
		return t.In(shopLoc).Format(layoutClock)
	}
	return t.In(shopLoc).Format(layoutWeekClock)
}

// bothClocks is a due time at the shop and, when it is another, the customer's:
// "16:00 here · 13:00 PST".
func bothClocks(t, now time.Time, loc, shopLoc *time.Location) string {
	s := shopClock(t, now, shopLoc)
	if otherZone(t, loc, shopLoc) {
		return s + " here · " + zoneClock(t, loc)
	}
	return s
}

// callHint says when to call, as planner.AdviseCall decided, in the customer's
// time; warn marks a call not to make now.
func callHint(a planner.CallAdvice, due, now time.Time, loc *time.Location) (string, bool) {
	at := func(t time.Time) string {
		switch {
		case sameDay(t, now, loc):
			return "at " + t.In(loc).Format(layoutClock)
		case sameDay(t, now.AddDate(0, 0, 1), loc):
			return "tomorrow at " + t.In(loc).Format(layoutClock)
		}
		return t.In(loc).Format(layoutWeekClock)
	}
	promised := "Promised for " + due.In(loc).Format(layoutClock)
	if !sameDay(due, now, loc) {
		promised = "Promised for " + due.In(loc).Format(layoutWeekClock)
	}
	it := "it is " + now.In(loc).Format(layoutClock) + " there"
	switch {
	case a.Promised && a.Now:
		return promised + " — call now, " + it, false
	case a.Promised && a.At.Equal(due):
		return promised + " their time", false
	case a.Promised:
		return promised + " — call " + at(a.At) + " their time, the next good time", true
	case a.Now:
		return "Call now — " + it, false
	}
	return "Not now — call " + at(a.At) + " their time", true
}

// dayLabel names the shop-local day of t: "Today", "Tomorrow", "Fri Nov 20".
func dayLabel(t, now time.Time, loc *time.Location) string {
	switch {
	case sameDay(t, now, loc):
		return "Today"
	case sameDay(t, now.AddDate(0, 0, 1), loc):
		return "Tomorrow"
	case sameDay(t, now.AddDate(0, 0, -1), loc):
		return "Yesterday"
	}
	return t.In(loc).Format(layoutDayDate)
}

// agendaRow is one follow-up in a list: the time at the shop, the customer's
// time (or the day) and the channel on the left; name with badges, the purpose
// line, and assignee with the call hint on the right. Text that does not fit
// ends with an ellipsis; the call screen beside the list shows it whole.
type agendaRow struct {
	widget.BaseWidget
	when     *widget.Label
	day      *wordText
	chIcon   *widget.Icon
	chLabel  *wordText
	name     *wordLabel
	promised *badge
	overdue  *badge
	broken   *badge
	problem  *badge
	purpose  *wordLabel
	who      *widget.RichText // never cut: the hint gives way
	hint     *wordText
}

func newAgendaRow() *agendaRow {
	r := &agendaRow{
		when:     bold(""),
		day:      subtle(""),
		chIcon:   widget.NewIcon(nil),
		chLabel:  subtle(""),
		name:     newWordLabel(""),
		promised: newBadge("Promised", theme.ColorNamePrimary),
		overdue:  newBadge("Overdue", theme.ColorNameError),
		broken:   newBadge("Broken promise", theme.ColorNameError),
		problem:  newBadge("Open problem", theme.ColorNameWarning),
		purpose:  newWordLabel(""),
		who:      widget.NewRichText(&widget.TextSegment{Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, Inline: true}}),
		hint:     subtle(""),
	}
	r.name.TextStyle.Bold = true
	r.chLabel.Truncation = fyne.TextTruncateOff
	r.problem.short, r.broken.short = "Problem", "Broken"
	// Hidden until set shows them: the list measures a fresh row for its width.
	for _, b := range []*badge{r.promised, r.overdue, r.broken, r.problem} {
		b.Hide()
	}
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer lays the row out once; set only changes texts and visibility.
// The right edge leaves room for the list's scroll bar.
func (r *agendaRow) CreateRenderer() fyne.WidgetRenderer {
	ch := container.NewHBox(container.NewCenter(r.chIcon), r.chLabel)
	left := withWidth(100, container.New(&tightVBox{}, r.when, r.day, ch))
	badges := container.NewCenter(container.NewHBox(r.problem, r.promised, r.overdue, r.broken))
	line1 := container.New(&nameBadges{name: r.name, badges: []*badge{r.problem, r.promised, r.overdue, r.broken}}, r.name, badges)
	meta := container.New(leadFill{}, r.who, r.hint)
	right := container.New(&tightVBox{}, line1, r.purpose, meta)
	return widget.NewSimpleRenderer(padRight(container.NewBorder(nil, nil, left, nil, right)))
}

func (r *agendaRow) set(v agendaView) {
	it := v.item
	r.when.SetText(v.when)
	setSubtle(r.day, orText(v.their, v.day))
	r.chIcon.SetResource(channelIcon(it.Channel))
	setSubtle(r.chLabel, channelLabel(it.Channel))
	r.name.SetText(it.Customer.Name)
	showIf(r.problem, it.Priority == shop.PriorityOpenProblem)
	// A promise past its time is the one thing that must not wait: one red badge.
	showIf(r.promised, it.Promised && !v.broken)
	showIf(r.overdue, v.overdue && !v.broken)
	showIf(r.broken, v.broken)
	r.purpose.SetText(v.purpose)
	who := v.assignee
	if v.hint != "" {
		who += " ·"
	}
	if seg := r.who.Segments[0].(*widget.TextSegment); seg.Text != who {
		seg.Text = who
		r.who.Refresh()
	}
	r.hint.SetText(v.hint)
	if v.warn {
		r.hint.SetColor(theme.ColorNameWarning)
	} else {
		r.hint.SetColor(theme.ColorNameForeground)
	}
}

// showIf shows or hides o.
func showIf(o fyne.CanvasObject, show bool) {
	if show {
		o.Show()
	} else {
		o.Hide()
	}
}

// leadFill lays out two objects on one line without a gap: the first at its
// width, the second filling the rest (where a long text ends with an ellipsis).
type leadFill struct{}

func (leadFill) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := min(objs[0].MinSize().Width, size.Width)
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(w, size.Height))
	// Each text carries the theme's inner padding on both sides: overlap them.
	gap := theme.Size(theme.SizeNameInnerPadding)
	objs[1].Move(fyne.NewPos(w-gap, 0))
	objs[1].Resize(fyne.NewSize(max(size.Width-w+gap, 0), size.Height))
}

func (leadFill) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(a.Width+b.Width, max(a.Height, b.Height))
}

// nameBadges lays out a name with badges at the right. When both do not fit,
// the badges shorten ("Problem", "Broken") before the name is cut: the name is
// what the row is for.
type nameBadges struct {
	name   *wordLabel
	badges []*badge
}

func (l *nameBadges) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	need := min(textWidth(l.name.Full(), l.name.size(), l.name.TextStyle), 160)
	for _, b := range l.badges {
		b.setCompact(false)
	}
	if size.Width-objs[1].MinSize().Width < need {
		for _, b := range l.badges {
			b.setCompact(true)
		}
	}
	bw := objs[1].MinSize().Width
	objs[1].Move(fyne.NewPos(size.Width-bw, 0))
	objs[1].Resize(fyne.NewSize(bw, size.Height))
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(max(size.Width-bw, 0), size.Height))
}

func (l *nameBadges) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(a.Width+b.Width, max(a.Height, b.Height))
}
