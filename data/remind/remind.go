// Package remind decides which desktop reminders are due, for whom, and what they
// say: a call becoming callable, a promise about to fall due, a promise broken, a
// broken promise escalated to a senior, and the start-of-day digest. Due is a
// pure function of the stored plan, the promise ledger, the clock and what this
// computer has told already (Log): never more than one reminder per customer an
// hour, nothing outside the shop's opening hours or while reminders are paused,
// and each person told only of their own calls. It imports shop and planner only;
// the window sends what it decides.
package remind

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
)

// Kind is what a reminder is about.
type Kind string

// Kinds of reminder, in the order they are sent when several are due at once.
const (
	KindDigest    Kind = "digest"          // the start-of-day digest
	KindEscalated Kind = "escalated"       // a broken promise handed to this senior
	KindOverdue   Kind = "promise_overdue" // a promise whose time passed
	KindSoon      Kind = "promise_soon"    // a promise due within SoonBefore
	KindCallable  Kind = "callable"        // a call whose time has come and that may be made now
	KindMore      Kind = "more"            // more calls than are told one by one
)

const (
	// SoonBefore is how long before a promise falls due the reminder comes.
	SoonBefore = 15 * time.Minute
	// PerCustomer is the least time between two reminders about one customer.
	PerCustomer = time.Hour
	// MaxAtOnce is the most reminders about customers sent at once; more calls
	// than that are told in one "more calls" reminder.
	MaxAtOnce = 3
)

// Notice is one reminder to send.
type Notice struct {
	Kind        Kind
	Title, Body string
	// CustomerID is the customer it is about (0 for the digest and "more calls");
	// FollowUpID the follow-up to show when the window comes up (0 for none).
	CustomerID, FollowUpID shop.ID
	// Keys name what the reminder tells of; each is told once.
	Keys []string
	// Day is the shop's day of a digest ("2026-11-23"); "" for the others.
	Day string
}

// Input is what Due decides from.
type Input struct {
	Now      time.Time
	Business shop.Business
	Rules    shop.Rules
	// Me is the staff member who uses this computer; 0 for a computer the whole
	// shop shares, which is told of everyone's calls.
	Me shop.ID
	// Today is the day's list (store.Today) and Promises the promises not kept yet
	// (store.PromisesToKeep).
	Today    []shop.AgendaItem
	Promises []shop.PromiseRecord
	// PausedUntil silences every reminder until then ("pause for an hour").
	PausedUntil time.Time
}

// Log is what this computer has told, for the rate limit and so that nothing is
// told twice. The zero Log has told nothing.
type Log struct {
	told     map[string]time.Time
	customer map[shop.ID]time.Time
}

// Told reports whether key was told already.
func (l *Log) Told(key string) bool {
	_, ok := l.told[key]
	return ok
}

// lastAbout is when a reminder about the customer was last told.
func (l *Log) lastAbout(id shop.ID) (time.Time, bool) {
	t, ok := l.customer[id]
	return t, ok
}

// Record notes that ns were sent at at, and forgets what is too old to matter:
// keys after two days (they name a day or a promise already past), customers
// after PerCustomer.
func (l *Log) Record(ns []Notice, at time.Time) {
	if l.told == nil {
		l.told, l.customer = map[string]time.Time{}, map[shop.ID]time.Time{}
	}
	for _, n := range ns {
		for _, k := range n.Keys {
			l.told[k] = at
		}
		if n.CustomerID != 0 {
			l.customer[n.CustomerID] = at
		}
	}
	for k, t := range l.told {
		if at.Sub(t) > 48*time.Hour {
			delete(l.told, k)
		}
	}
	for id, t := range l.customer {
		if at.Sub(t) >= PerCustomer {
			delete(l.customer, id)
		}
	}
}

// Mine reports whether a follow-up or promise assigned to assignee is for the
// person using this computer (me): their own, one nobody has, or everything on a
// shared computer (me 0).
func Mine(assignee, me shop.ID) bool { return me == 0 || assignee == 0 || assignee == me }

// ForStaff is the part of a day's list that is me's (Mine), in its order: "My
// calls" on Today, the tray's count, the digest for one person.
func ForStaff(items []shop.AgendaItem, me shop.ID) []shop.AgendaItem {
	if me == 0 {
		return items
	}
	out := make([]shop.AgendaItem, 0, len(items))
	for _, it := range items {
		if Mine(it.AssigneeID, me) {
			out = append(out, it)
		}
	}
	return out
}

// Due lists the reminders to send now, most urgent first, given what log says
// was told already. The caller sends them and records them in log.
//
// A call is callable when its planned time has come and the customer may be
// called now (planner.CallAllowed); it is told once a day, and not at all while
// a promise it carries is told of instead. A promise is told of SoonBefore its
// time, again once that time has passed, and to the senior it was escalated to.
// At most one reminder per customer in PerCustomer: one held back stays due and
// comes once the hour is over. Nothing is told outside the shop's opening hours
// or while paused, and each person is told of their own calls only.
func Due(in Input, log *Log) []Notice {
	now := in.Now
	if now.Before(in.PausedUntil) || !in.Business.OpenAt(now) {
		return nil
	}
	shopLoc := in.Business.Location()
	day := now.In(shopLoc).Format(time.DateOnly)
	if log == nil {
		log = &Log{}
	}
	var out []Notice
	if d := BuildDigest(now, in.Business, in.Today, in.Promises, in.Me); !log.Told(d.Notice().Keys[0]) && !d.Empty() {
		out = append(out, d.Notice())
	}

	var cands []Notice
	live := map[shop.ID]bool{} // promises told of as promises, not as calls
	for _, r := range in.Promises {
		o := r.Outcome
		if r.Customer.DoNotContact || o.Skipped || o.State == shop.PromiseKept || o.State == shop.PromiseKeptLate {
			continue
		}
		live[r.ID] = true
		if !Mine(o.Assignee, in.Me) {
			continue
		}
		n := Notice{CustomerID: r.CustomerID, FollowUpID: o.Pending}
		escalated := !r.EscalatedAt.IsZero() && r.Promise.EscalatedTo != 0 && o.Assignee == r.Promise.EscalatedTo
		switch {
		case o.State == shop.PromiseBroken && escalated:
			n.Kind, n.Keys = KindEscalated, []string{fmt.Sprintf("escalated:promise:%d", r.ID)}
		case o.State == shop.PromiseBroken:
			n.Kind, n.Keys = KindOverdue, []string{fmt.Sprintf("overdue:promise:%d", r.ID)}
		case !now.Before(o.Due.Add(-SoonBefore)):
			n.Kind, n.Keys = KindSoon, []string{fmt.Sprintf("soon:promise:%d", r.ID)}
		default:
			continue
		}
		n.Title, n.Body = promiseText(n.Kind, r, now, shopLoc)
		cands = append(cands, n)
	}
	slices.SortStableFunc(cands, func(a, b Notice) int { return cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)) })

	for _, it := range in.Today {
		if it.Channel != shop.ChannelPhone || it.Status != shop.StatusPending || !Mine(it.AssigneeID, in.Me) || now.Before(it.Due) {
			continue
		}
		covered := false
		for _, r := range it.Reasons {
			covered = covered || live[r.PromiseID]
		}
		loc := it.Location()
		if covered || it.Customer.DoNotContact || !planner.CallAllowed(in.Rules, it.Customer, loc, now) {
			continue
		}
		key := "call:" + day + ":" + callKey(it)
		cands = append(cands, Notice{Kind: KindCallable, CustomerID: it.CustomerID, FollowUpID: it.ID, Keys: []string{key},
			Title: fmt.Sprintf("Call %s now — %s in %s", it.Customer.Name, now.In(loc).Format("15:04"), Place(it.Customer, loc)),
			Body:  it.Summary()})
	}

	var due []Notice
	seen := map[shop.ID]bool{}
	for _, n := range cands {
		if log.Told(n.Keys[0]) || seen[n.CustomerID] {
			continue
		}
		if last, ok := log.lastAbout(n.CustomerID); ok && now.Sub(last) < PerCustomer {
			continue // held back; still due once the hour is over
		}
		seen[n.CustomerID] = true
		due = append(due, n)
	}
	if len(due) <= MaxAtOnce {
		return append(out, due...)
	}
	// More than can be read at once: the most urgent one by one, the rest of the
	// calls in one reminder; promises left out come in the next round.
	out = append(out, due[:MaxAtOnce-1]...)
	more := Notice{Kind: KindMore}
	for _, n := range due[MaxAtOnce-1:] {
		if n.Kind == KindCallable {
			more.Keys = append(more.Keys, n.Keys...)
		}
	}
	switch len(more.Keys) {
	case 0:
		return append(out, due[MaxAtOnce-1])
	case 1:
		more.Title = "1 more call is due now"
	default:
		more.Title = fmt.Sprintf("%d more calls are due now", len(more.Keys))
	}
	more.Body = "Open Rapport to see them on today's list."
	return append(out, more)
}

func kindRank(k Kind) int {
	return slices.Index([]Kind{KindDigest, KindEscalated, KindOverdue, KindSoon, KindCallable, KindMore}, k)
}

// callKey names a call by what it is for, which a re-plan keeps (a pending
// follow-up's ID does not survive one).
func callKey(it shop.AgendaItem) string {
	if len(it.Reasons) == 0 {
		return fmt.Sprintf("followup:%d", it.ID)
	}
	return it.Reasons[0].Key
}

// Place is where the customer is, for "10:00 in Los Angeles": their city, else
// the city of their time zone.
func Place(c shop.Customer, loc *time.Location) string {
	if c.City != "" {
		return c.City
	}
	name := loc.String()
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	return strings.ReplaceAll(name, "_", " ")
}

// verb is what keeping a promise on a channel is: "call Tom Becker".
func verb(ch shop.Channel) string {
	switch ch {
	case shop.ChannelEmail:
		return "email"
	case shop.ChannelLetter:
		return "write to"
	}
	return "call"
}

// promiseText words a reminder about a promise.
func promiseText(k Kind, r shop.PromiseRecord, now time.Time, shopLoc *time.Location) (title, body string) {
	loc := r.Customer.Location(shopLoc)
	due := r.Outcome.Due
	what := verb(r.Channel) + " " + r.Customer.Name
	when := due.In(loc).Format("15:04") + " in " + Place(r.Customer, loc)
	if loc.String() != shopLoc.String() {
		when += " (" + due.In(shopLoc).Format("15:04") + " here)"
	}
	note := ""
	if n := strings.Join(strings.Fields(r.Note), " "); n != "" {
		note = ": " + n
	}
	switch k {
	case KindSoon:
		mins := int((due.Sub(now) + time.Minute - 1) / time.Minute)
		return fmt.Sprintf("Promise in %s: %s", plural(mins, "minute", "minutes"), what), "Promised for " + when + note
	case KindOverdue:
		return "Promise overdue: " + what, "Promised for " + when + ", " + ago(now.Sub(due)) + note
	}
	by := r.MadeByName
	if by == "" {
		by = "Someone"
	}
	return "Escalated to you: " + what, by + " promised " + when + ", " + ago(now.Sub(due)) + note
}

// ago says how long ago: "20 minutes ago", "1 hour 5 minutes ago".
func ago(d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m < 1:
		return "just now"
	case m < 60:
		return plural(m, "minute", "minutes") + " ago"
	case m%60 == 0:
		return plural(m/60, "hour", "hours") + " ago"
	}
	return plural(m/60, "hour", "hours") + " " + plural(m%60, "minute", "minutes") + " ago"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
