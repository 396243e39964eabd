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
	item     shop.AgendaItem
	when     string // due time in the customer's zone, "10:30 EST"
	day      string // "Today", or the day when it is another: "Fri Nov 20"
	purpose  string
	assignee string
	// hint says whether to call now; warn marks a "not now".
	hint string
	warn bool
	// broken marks a promise whose time has passed (planner.BrokenPromise).
	broken bool
}

// newAgendaView formats a follow-up at now. For a phone call it asks the planner
// whether the customer may be called now (FOLLOWUP_RULES.md §3) and, if not, when.
func newAgendaView(it shop.AgendaItem, now time.Time, r shop.Rules, shopLoc *time.Location) agendaView {
	loc := zoneOf(it.TimeZone, zoneOf(it.Customer.TimeZone, shopLoc))
	v := agendaView{item: it, when: zoneClock(it.Due, loc), day: dayLabel(it.Due, now, loc), purpose: it.Summary(), assignee: it.Assignee,
		broken: planner.BrokenPromise(it.FollowUp, now)}
	if v.assignee == "" {
		v.assignee = "Unassigned"
	}
	switch it.Channel {
	case shop.ChannelPhone:
		if planner.CallAllowed(r, it.Customer, loc, now) {
			v.hint = "Call now — it is " + now.In(loc).Format(layoutClock) + " there"
			break
		}
		next := planner.NextCallSlot(r, it.Customer, loc, now, minuteOf(it.Due, loc))
		v.hint = "Not now — call " + next.In(loc).Format(layoutWeekClock) + " their time"
		v.warn = true
	case shop.ChannelEmail:
		v.hint = "Send an email"
	case shop.ChannelLetter:
		v.hint = "Send a letter"
	}
	return v
}

// dayLabel names the customer-local day of t: "Today", "Tomorrow", "Fri Nov 20".
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

// agendaRow is one follow-up in a list: due time, day and channel on the left;
// name with badges, the purpose line, and assignee with the call hint on the right.
type agendaRow struct {
	widget.BaseWidget
	when     *widget.Label
	day      *widget.RichText
	chIcon   *widget.Icon
	chLabel  *widget.RichText
	name     *widget.Label
	promised *badge
	overdue  *badge
	broken   *badge
	problem  *badge
	purpose  *widget.Label
	// meta is the assignee in the placeholder colour followed by the hint, in one
	// text so the two read as one line.
	meta *widget.RichText
}

func newAgendaRow() *agendaRow {
	r := &agendaRow{
		when:     bold(""),
		day:      subtle(""),
		chIcon:   widget.NewIcon(nil),
		chLabel:  subtle(""),
		name:     bold(""),
		promised: newBadge("Promised", theme.ColorNamePrimary),
		overdue:  newBadge("Overdue", theme.ColorNameError),
		broken:   newBadge("Broken promise", theme.ColorNameError),
		problem:  newBadge("Open problem", theme.ColorNameWarning),
		purpose:  widget.NewLabel(""),
		meta: widget.NewRichText(
			&widget.TextSegment{Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, Inline: true}},
			&widget.TextSegment{Style: widget.RichTextStyle{Inline: true}}),
	}
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.purpose.Truncation = fyne.TextTruncateEllipsis
	r.meta.Truncation = fyne.TextTruncateEllipsis
	r.chLabel.Truncation = fyne.TextTruncateOff
	// Hidden until set shows them: the list measures a fresh row for its width.
	for _, b := range []*badge{r.promised, r.overdue, r.broken, r.problem} {
		b.Hide()
	}
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer lays the row out once; set only changes texts and visibility.
func (r *agendaRow) CreateRenderer() fyne.WidgetRenderer {
	ch := container.NewHBox(container.NewCenter(r.chIcon), r.chLabel)
	left := withWidth(112, container.New(&tightVBox{}, r.when, r.day, ch))
	badges := container.NewCenter(container.NewHBox(r.problem, r.promised, r.overdue, r.broken))
	line1 := container.NewBorder(nil, nil, nil, badges, r.name)
	right := container.New(&tightVBox{}, line1, r.purpose, r.meta)
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, left, nil, right))
}

func (r *agendaRow) set(v agendaView) {
	it := v.item
	r.when.SetText(v.when)
	setSubtle(r.day, v.day)
	r.chIcon.SetResource(channelIcon(it.Channel))
	setSubtle(r.chLabel, channelLabel(it.Channel))
	r.name.SetText(it.Customer.Name)
	showIf(r.problem, it.Priority == shop.PriorityOpenProblem)
	// A promise past its time is the one thing that must not wait: one red badge.
	broken := v.broken
	showIf(r.promised, it.Promised && !broken)
	showIf(r.overdue, it.Overdue && !broken)
	showIf(r.broken, broken)
	r.purpose.SetText(v.purpose)
	who := r.meta.Segments[0].(*widget.TextSegment)
	hint := r.meta.Segments[1].(*widget.TextSegment)
	who.Text = v.assignee
	if v.hint != "" {
		who.Text += "  ·  "
	}
	hint.Text = v.hint
	hint.Style.ColorName = theme.ColorNameForeground
	if v.warn {
		hint.Style.ColorName = theme.ColorNameWarning
	}
	r.meta.Refresh()
}

// showIf shows or hides o.
func showIf(o fyne.CanvasObject, show bool) {
	if show {
		o.Show()
	} else {
		o.Hide()
	}
}
