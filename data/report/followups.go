package report

import (
	"cmp"
	"slices"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// Tally counts follow-ups that came due, by what became of them. A follow-up that
// nobody answered is tried again as a new follow-up, so Planned is the sum of
// Done, NoAnswer, Rescheduled, Skipped, Overdue and Upcoming; Lapsed counts the
// reasons the planner gave up on after every try failed.
type Tally struct {
	Planned int `json:"planned"`
	Done    int `json:"done"`
	// OnTheDay is the part of Done done on the day it was planned for.
	OnTheDay    int `json:"done_on_the_day"`
	NoAnswer    int `json:"no_answer"`
	Rescheduled int `json:"rescheduled"`
	Skipped     int `json:"skipped"`
	// Overdue are still planned, past their day.
	Overdue int `json:"overdue"`
	// Upcoming are planned for later in the period.
	Upcoming int `json:"upcoming"`
	// Lapsed: reasons tried (no answer, moved) and then dropped undone.
	Lapsed int `json:"lapsed"`
}

// Missed is what came due and was not done: no answer, skipped, still overdue or
// lapsed.
func (t Tally) Missed() int { return t.NoAnswer + t.Skipped + t.Overdue + t.Lapsed }

// WeekTally is one week's tally; Week is its Monday, YYYY-MM-DD.
type WeekTally struct {
	Week string `json:"week"`
	Tally
}

// PersonTally is one person's tally, by who the follow-ups were assigned to.
type PersonTally struct {
	Person string `json:"person"`
	Tally
}

// FollowUps is how the follow-ups due in the period went.
type FollowUps struct {
	Total  Tally         `json:"total"`
	Weeks  []WeekTally   `json:"weeks"`
	People []PersonTally `json:"people"`
}

// followUps tallies the follow-ups due in the period.
func (c *calc) followUps() FollowUps {
	var out FollowUps
	// Every week of the period, also those with nothing due, so a chart shows gaps.
	weekIdx := map[string]int{}
	for d := c.from - weekday(c.from); d < c.to; d += 7 {
		weekIdx[dayDate(d).Format(time.DateOnly)] = len(out.Weeks)
		out.Weeks = append(out.Weeks, WeekTally{Week: dayDate(d).Format(time.DateOnly)})
	}
	people := map[string]*Tally{}
	count := func(f *shop.FollowUp, add func(*Tally)) {
		add(&out.Total)
		d := day(f.Due, c.loc)
		add(&out.Weeks[weekIdx[dayDate(d-weekday(d)).Format(time.DateOnly)]].Tally)
		p := c.person(f.AssigneeID)
		if people[p] == nil {
			people[p] = &Tally{}
		}
		add(people[p])
	}
	// lapsed: reason key → the follow-up of its last try.
	lapsed := map[string]*shop.FollowUp{}
	for i := range c.in.FollowUps {
		f := &c.in.FollowUps[i]
		if !c.inPeriod(f.Due) {
			continue
		}
		count(f, func(t *Tally) {
			t.Planned++
			switch f.Status {
			case shop.StatusDone:
				t.Done++
				if c.onTheDay(f) {
					t.OnTheDay++
				}
			case shop.StatusNoAnswer:
				t.NoAnswer++
			case shop.StatusRescheduled:
				t.Rescheduled++
			case shop.StatusSkipped:
				t.Skipped++
			case shop.StatusPending:
				if f.Due.Before(c.in.Now) {
					t.Overdue++
				} else {
					t.Upcoming++
				}
			}
		})
		if f.Status == shop.StatusNoAnswer || f.Status == shop.StatusRescheduled {
			for _, r := range f.Reasons {
				if !c.settled[r.Key] && !c.pendingKey[r.Key] {
					if l := lapsed[r.Key]; l == nil || l.Due.Before(f.Due) {
						lapsed[r.Key] = f
					}
				}
			}
		}
	}
	for _, f := range lapsed {
		count(f, func(t *Tally) { t.Lapsed++ })
	}
	for p, t := range people {
		out.People = append(out.People, PersonTally{Person: p, Tally: *t})
	}
	slices.SortFunc(out.People, func(a, b PersonTally) int {
		if c := cmp.Compare(b.Planned, a.Planned); c != 0 {
			return c
		}
		return cmp.Compare(a.Person, b.Person)
	})
	return out
}

// onTheDay: done on the customer-local day it was planned for, and not carried
// over from an earlier day.
func (c *calc) onTheDay(f *shop.FollowUp) bool {
	if f.Overdue || f.CompletedAt.IsZero() {
		return false
	}
	loc := shop.ZoneOr(f.TimeZone, c.loc)
	return day(f.CompletedAt, loc) <= day(f.Due, loc)
}

// weekday is the day's place in its week, Monday 0.
func weekday(d int) int { return (int(dayDate(d).Weekday()) + 6) % 7 }

// PromiseTally counts promises due in the period by whether they were kept.
type PromiseTally struct {
	Promised int `json:"promised"`
	// OnTime: done no later than the promised day (the customer's day).
	OnTime int `json:"kept_on_time"`
	Late   int `json:"kept_late"`
	// Broken: the promised time passed and it was not done.
	Broken int `json:"broken"`
	// Open: not due yet.
	Open int `json:"open"`
}

// PersonPromises is one person's promises, by who was to keep them.
type PersonPromises struct {
	Person string `json:"person"`
	PromiseTally
}

// Promises is how the promises due in the period were kept.
type Promises struct {
	Total  PromiseTally     `json:"total"`
	People []PersonPromises `json:"people"`
}

func (c *calc) promises() Promises {
	// The follow-ups that carried each promise.
	carried := map[shop.ID][]*shop.FollowUp{}
	for i := range c.in.FollowUps {
		f := &c.in.FollowUps[i]
		for _, r := range f.Reasons {
			if r.PromiseID != 0 {
				carried[r.PromiseID] = append(carried[r.PromiseID], f)
			}
		}
	}
	var out Promises
	people := map[string]*PromiseTally{}
	for _, p := range c.in.Promises {
		if !c.inPeriod(p.Due) {
			continue
		}
		var kept *shop.FollowUp
		for _, f := range carried[p.ID] {
			if f.Status == shop.StatusDone && (kept == nil || f.CompletedAt.Before(kept.CompletedAt)) {
				kept = f
			}
		}
		add := func(t *PromiseTally) {
			t.Promised++
			switch {
			case kept != nil:
				loc := shop.ZoneOr(kept.TimeZone, c.loc)
				if day(kept.CompletedAt, loc) <= day(p.Due, loc) {
					t.OnTime++
				} else {
					t.Late++
				}
			case p.Due.Before(c.in.Now):
				t.Broken++
			default:
				t.Open++
			}
		}
		add(&out.Total)
		name := c.person(p.AssigneeID)
		if people[name] == nil {
			people[name] = &PromiseTally{}
		}
		add(people[name])
	}
	for p, t := range people {
		out.People = append(out.People, PersonPromises{Person: p, PromiseTally: *t})
	}
	slices.SortFunc(out.People, func(a, b PersonPromises) int {
		if c := cmp.Compare(b.Promised, a.Promised); c != 0 {
			return c
		}
		return cmp.Compare(a.Person, b.Person)
	})
	return out
}
