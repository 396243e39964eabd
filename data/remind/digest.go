package remind

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// Digest is the start of a day at a glance: the day's follow-ups by person, the
// promises to keep today, the promises broken, and the emails to send.
type Digest struct {
	// Day is the shop's today, at midnight in its zone.
	Day time.Time
	// For is the staff member it is for; 0 for the whole shop.
	For shop.ID
	// People are the day's follow-ups by assignee, by name, "Unassigned" last.
	People []PersonDay
	// DueToday are the promises not kept yet whose time agreed is later today,
	// the next first; Broken every promise broken and not kept, the oldest first.
	DueToday, Broken []shop.PromiseRecord
	// Emails is how many email follow-ups are due by the end of the day.
	Emails int
}

// PersonDay is one person's part of the day.
type PersonDay struct {
	StaffID shop.ID
	Name    string // "Unassigned" for nobody
	// Items are their follow-ups in the day's order (planner.RankDay).
	Items                  []shop.AgendaItem
	Calls, Emails, Letters int
}

// BuildDigest makes the digest of the shop's day at now from the day's list
// (store.Today) and the promises not kept yet (store.PromisesToKeep), for one
// staff member (forStaff) or everyone (0).
func BuildDigest(now time.Time, b shop.Business, today []shop.AgendaItem, promises []shop.PromiseRecord, forStaff shop.ID) Digest {
	loc := b.Location()
	n := now.In(loc)
	d := Digest{Day: time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc), For: forStaff}
	end := d.Day.AddDate(0, 0, 1)
	byStaff := map[shop.ID]int{}
	for _, it := range ForStaff(today, forStaff) {
		i, ok := byStaff[it.AssigneeID]
		if !ok {
			name := it.Assignee
			if it.AssigneeID == 0 || name == "" {
				name = "Unassigned"
			}
			i = len(d.People)
			byStaff[it.AssigneeID] = i
			d.People = append(d.People, PersonDay{StaffID: it.AssigneeID, Name: name})
		}
		p := &d.People[i]
		p.Items = append(p.Items, it)
		switch it.Channel {
		case shop.ChannelPhone:
			p.Calls++
		case shop.ChannelEmail:
			p.Emails++
			d.Emails++
		case shop.ChannelLetter:
			p.Letters++
		}
	}
	slices.SortFunc(d.People, func(a, b PersonDay) int {
		if (a.StaffID == 0) != (b.StaffID == 0) {
			if a.StaffID == 0 {
				return 1 // nobody's last
			}
			return -1
		}
		return cmp.Compare(a.Name, b.Name)
	})
	for _, r := range promises {
		o := r.Outcome
		if !Mine(o.Assignee, forStaff) || o.Skipped {
			continue
		}
		switch {
		case o.State == shop.PromiseBroken:
			d.Broken = append(d.Broken, r)
		case o.State == shop.PromiseOpen && o.Due.Before(end):
			d.DueToday = append(d.DueToday, r)
		}
	}
	byDue := func(a, b shop.PromiseRecord) int {
		if c := a.Outcome.Due.Compare(b.Outcome.Due); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	}
	slices.SortFunc(d.DueToday, byDue)
	slices.SortFunc(d.Broken, byDue)
	return d
}

// FollowUps is how many follow-ups the day holds.
func (d Digest) FollowUps() int {
	n := 0
	for _, p := range d.People {
		n += len(p.Items)
	}
	return n
}

// Calls is how many of them are calls.
func (d Digest) Calls() int {
	n := 0
	for _, p := range d.People {
		n += p.Calls
	}
	return n
}

// Empty reports a day with nothing to do and nothing broken.
func (d Digest) Empty() bool {
	return d.FollowUps() == 0 && len(d.DueToday) == 0 && len(d.Broken) == 0
}

// Title heads the digest: "Today: 7 follow-ups for you".
func (d Digest) Title() string {
	t := "Today: " + plural(d.FollowUps(), "follow-up", "follow-ups")
	if d.For != 0 {
		t += " for you"
	}
	return t
}

// Summary is the digest in one line: "5 calls · 1 letter to print · 1 promise
// due today · 1 broken promise · 2 emails to send"; every follow-up of the day
// is in it, and nothing is counted as none.
func (d Digest) Summary() string {
	var parts []string
	if n := d.Calls(); n > 0 {
		parts = append(parts, plural(n, "call", "calls"))
	}
	letters := 0
	for _, p := range d.People {
		letters += p.Letters
	}
	if letters > 0 {
		parts = append(parts, plural(letters, "letter", "letters")+" to print")
	}
	if n := len(d.DueToday); n > 0 {
		parts = append(parts, plural(n, "promise", "promises")+" due today")
	}
	if n := len(d.Broken); n > 0 {
		parts = append(parts, plural(n, "broken promise", "broken promises"))
	}
	if d.Emails > 0 {
		parts = append(parts, plural(d.Emails, "email", "emails")+" to send")
	}
	if len(parts) == 0 {
		return "nothing to do"
	}
	return strings.Join(parts, " · ")
}

// Notice is the digest as the day's first reminder, told once a day: also when
// the window shows it, so that it is not sent besides.
func (d Digest) Notice() Notice {
	day := d.Day.Format(time.DateOnly)
	return Notice{Kind: KindDigest, Title: d.Title(), Body: d.Summary(), Keys: []string{"digest:" + day}, Day: day}
}
