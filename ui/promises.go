package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
)

// promisesScreen is the promise ledger: every promise made, to whom, by whom, when
// made and when due, and what became of it (kept on time, kept late, broken,
// open), broken ones first (store.Promises). FOLLOWUP_RULES.md §1: a promise must
// never be missed silently.
type promisesScreen struct {
	u *UI

	recs     []shop.PromiseRecord
	selected shop.ID

	counts *widget.Label
	list   *widget.List
	empty  fyne.CanvasObject
	detail *fyne.Container

	root fyne.CanvasObject
}

func newPromisesScreen(u *UI) *promisesScreen {
	s := &promisesScreen{u: u}
	s.buildUI()
	return s
}

func (s *promisesScreen) buildUI() {
	s.counts = widget.NewLabel("")
	digest := widget.NewButtonWithIcon("Today's digest…", theme.ListIcon(), s.u.showDigest)
	title := heading("Promises")
	title.Truncation = fyne.TextTruncateOff
	header := container.NewBorder(nil, nil, nil, container.NewCenter(digest), container.NewHBox(title, container.NewCenter(s.counts)))

	s.list = widget.NewList(func() int { return len(s.recs) }, func() fyne.CanvasObject { return newPromiseRow() }, s.updateRow)
	s.list.OnSelected = s.onSelected
	s.empty = emptyState("No promises yet",
		"A promise is a follow-up the customer accepted: \"I'll call you back on Tuesday\". Record one on a customer or with an issue; every one shows here with what became of it.")
	s.empty.Hide()
	s.detail = container.NewStack()
	s.showDetail(nil)
	split := container.NewHSplit(container.NewStack(s.list, s.empty), container.NewVScroll(container.NewPadded(s.detail)))
	split.Offset = 0.6
	s.root = container.NewBorder(container.NewVBox(header, widget.NewSeparator()), nil, nil, nil, split)
}

func (s *promisesScreen) content() fyne.CanvasObject { return s.root }

// reload reads the ledger off the UI goroutine.
func (s *promisesScreen) reload() {
	u := s.u
	var recs []shop.PromiseRecord
	u.run(func() (err error) {
		recs, err = u.st.Promises(u.ctx)
		return err
	}, func() { s.show(recs) })
}

func (s *promisesScreen) show(recs []shop.PromiseRecord) {
	s.recs = recs
	s.counts.SetText(ledgerCounts(recs))
	showIf(s.empty, len(recs) == 0)
	showIf(s.list, len(recs) > 0)
	s.list.Refresh()
	keep := s.selected
	s.list.UnselectAll()
	for i, r := range recs {
		if r.ID == keep {
			s.list.Select(i)
			return
		}
	}
	s.showDetail(nil)
}

// ledgerCounts sums the ledger up: "1 broken · 2 open · 14 kept on time".
func ledgerCounts(recs []shop.PromiseRecord) string {
	n := map[shop.PromiseState]int{}
	for _, r := range recs {
		n[r.Outcome.State]++
	}
	var parts []string
	for _, st := range []shop.PromiseState{shop.PromiseBroken, shop.PromiseOpen, shop.PromiseKeptLate, shop.PromiseKept} {
		if n[st] > 0 {
			parts = append(parts, plural(n[st], strings.ToLower(st.Label()), strings.ToLower(st.Label())))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " · ")
}

func (s *promisesScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id < len(s.recs) {
		o.(*promiseRow).set(s.recs[id], s.u.shopZone())
	}
}

func (s *promisesScreen) onSelected(id widget.ListItemID) {
	if id >= len(s.recs) {
		return
	}
	r := s.recs[id]
	s.selected = r.ID
	s.showDetail(&r)
}

// showDetail shows everything the ledger knows of one promise.
func (s *promisesScreen) showDetail(r *shop.PromiseRecord) {
	if r == nil {
		hint := wrapped("Pick a promise to see who made it, when, and what became of it.")
		hint.Alignment = fyne.TextAlignCenter
		s.detail.Objects = []fyne.CanvasObject{container.NewCenter(withWidth(320, hint))}
		s.detail.Refresh()
		return
	}
	shopLoc := s.u.shopZone()
	loc := r.Customer.Location(shopLoc)
	// Their time, and the shop's beside it when it differs (as on Today).
	when := func(t time.Time) string {
		s := t.In(loc).Format(layoutDayDate+", 2006 ") + zoneClock(t, loc)
		if otherZone(t, loc, shopLoc) {
			s += "  (" + zoneClock(t, shopLoc) + " here)"
		}
		return s
	}
	form := widget.NewForm(
		widget.NewFormItem("To", widget.NewLabel(r.Customer.Name)),
		widget.NewFormItem("Made by", widget.NewLabel(orText(r.MadeByName, "—"))),
		widget.NewFormItem("Made on", widget.NewLabel(r.CreatedAt.In(shopLoc).Format(layoutDate+" 15:04"))),
		widget.NewFormItem("Promised for", widget.NewLabel(when(r.Due)+" by "+strings.ToLower(channelLabel(r.Channel)))),
	)
	if !r.Outcome.Due.Equal(r.Due) {
		form.Append("Moved to", widget.NewLabel(when(r.Outcome.Due)))
	}
	if note := strings.TrimSpace(r.Note); note != "" {
		form.Append("What was promised", wrapped(note))
	}
	form.Append("Outcome", widget.NewLabel(promiseFate(*r, shopLoc)))
	if !r.EscalatedAt.IsZero() {
		form.Append("Escalated", wrapped(escalationLine(*r, shopLoc)))
	}
	if r.AssigneeName != "" && r.Outcome.State != shop.PromiseKept && r.Outcome.State != shop.PromiseKeptLate {
		form.Append("Now with", widget.NewLabel(r.AssigneeName))
	}
	open := widget.NewButtonWithIcon("Open customer", theme.AccountIcon(), func() { s.u.showCustomer(r.CustomerID) })
	actions := container.NewHBox(open)
	if r.Outcome.Pending != 0 {
		today := widget.NewButtonWithIcon("Show on Today", theme.HomeIcon(), func() { s.u.showFollowUp(r.Outcome.Pending, r.CustomerID) })
		actions.Add(today)
	}
	badge := newPromiseBadges()
	badge.set(r.Outcome.State)
	s.detail.Objects = []fyne.CanvasObject{container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewCenter(badge.box), heading(r.Customer.Name)),
		card("The promise", form),
		actions,
	)}
	s.detail.Refresh()
}

// promiseFate is what became of a promise in words, times in the shop's zone.
func promiseFate(r shop.PromiseRecord, shopLoc *time.Location) string {
	o := r.Outcome
	switch o.State {
	case shop.PromiseKept, shop.PromiseKeptLate:
		return o.State.Label() + ": recorded done " + o.KeptAt.In(shopLoc).Format(layoutDayDate) + " " + zoneClock(o.KeptAt, shopLoc)
	case shop.PromiseBroken:
		if o.Skipped {
			return "Broken: the follow-up was skipped"
		}
		return "Broken: not kept yet"
	}
	return "Open: to keep by " + o.Due.In(shopLoc).Format(layoutDayDate) + " " + zoneClock(o.Due, shopLoc)
}

// escalationLine says who a broken promise went to, and when.
func escalationLine(r shop.PromiseRecord, shopLoc *time.Location) string {
	to := orText(r.EscalatedToName, "nobody (no one else in the shop)")
	return "To " + to + " on " + r.EscalatedAt.In(shopLoc).Format(layoutDayDate) + " " + zoneClock(r.EscalatedAt, shopLoc) +
		", more than an hour after it was broken"
}

// briefPromises is the promises part of a customer's brief: each one's state, and
// whether it went to a senior.
func briefPromises(recs []shop.PromiseRecord, shopLoc *time.Location) fyne.CanvasObject {
	box := container.NewVBox()
	for i, r := range recs {
		if i == 3 {
			box.Add(subtle(plural(len(recs)-3, "more", "more")))
			break
		}
		text := r.Outcome.State.Label() + " — " + promiseLine(r, shopLoc)
		if !r.EscalatedAt.IsZero() {
			text += " — escalated to " + orText(r.EscalatedToName, "nobody") + " " + r.EscalatedAt.In(shopLoc).Format(layoutDayDate) + " " +
				zoneClock(r.EscalatedAt, shopLoc)
		}
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		if r.Outcome.State == shop.PromiseBroken {
			l.Importance = widget.DangerImportance
		}
		box.Add(l)
	}
	if len(recs) == 0 {
		box.Add(widget.NewLabel("none made"))
	}
	return box
}

// promiseBadges shows one of the ledger's states as a coloured tag.
type promiseBadges struct {
	box                        *fyne.Container
	broken, open, late, onTime *badge
}

func newPromiseBadges() *promiseBadges {
	b := &promiseBadges{
		broken: newBadge(shop.PromiseBroken.Label(), theme.ColorNameError),
		open:   newBadge(shop.PromiseOpen.Label(), theme.ColorNamePrimary),
		late:   newBadge(shop.PromiseKeptLate.Label(), theme.ColorNameWarning),
		onTime: newBadge(shop.PromiseKept.Label(), theme.ColorNameSuccess),
	}
	b.box = container.NewStack(b.broken, b.open, b.late, b.onTime)
	return b
}

func (b *promiseBadges) set(st shop.PromiseState) {
	showIf(b.broken, st == shop.PromiseBroken)
	showIf(b.open, st == shop.PromiseOpen)
	showIf(b.late, st == shop.PromiseKeptLate)
	showIf(b.onTime, st == shop.PromiseKept)
}

// promiseRow is one promise in the ledger's list: the customer with the state's
// tag, when it was due and who made it, and what became of it.
type promiseRow struct {
	widget.BaseWidget
	name   *wordLabel
	badges *promiseBadges
	due    *wordLabel
	fate   *wordText
}

func newPromiseRow() *promiseRow {
	r := &promiseRow{name: newWordLabel(""), badges: newPromiseBadges(), due: newWordLabel(""), fate: subtle("")}
	r.name.TextStyle.Bold = true
	r.ExtendBaseWidget(r)
	return r
}

func (r *promiseRow) CreateRenderer() fyne.WidgetRenderer {
	line1 := container.NewBorder(nil, nil, nil, container.NewCenter(r.badges.box), r.name)
	return widget.NewSimpleRenderer(container.New(&tightVBox{}, line1, r.due, r.fate))
}

func (r *promiseRow) set(rec shop.PromiseRecord, shopLoc *time.Location) {
	loc := rec.Customer.Location(shopLoc)
	r.name.SetText(rec.Customer.Name)
	r.badges.set(rec.Outcome.State)
	made := "made by " + orText(rec.MadeByName, "nobody known") + " on " + rec.CreatedAt.In(shopLoc).Format(layoutDayDate)
	r.due.SetText("Due " + rec.Outcome.Due.In(loc).Format(layoutDayDate) + " " + zoneClock(rec.Outcome.Due, loc) + " · " + made)
	fate := promiseFate(rec, shopLoc)
	if !rec.EscalatedAt.IsZero() {
		fate += " · escalated to " + orText(rec.EscalatedToName, "nobody")
	}
	if note := strings.Join(strings.Fields(rec.Note), " "); note != "" {
		fate += " · " + note
	}
	setSubtle(r.fate, fate)
}
