package remind

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

const (
	maya  shop.ID = 1 // owner, senior
	priya shop.ID = 2
	leo   shop.ID = 3
)

var (
	ny, _ = time.LoadLocation("America/New_York")
	biz   = shop.Business{Name: "Harbor & Pine", TimeZone: "America/New_York", Hours: shop.DefaultOpeningHours()}
)

// at is a New York wall clock on Monday 23 November 2026 ("13:00"), or on another
// day ("Tue 09:30").
func at(t *testing.T, s string) time.Time {
	t.Helper()
	day := "2026-11-23 "
	if d, clock, ok := strings.Cut(s, " "); ok {
		day = map[string]string{"Tue": "2026-11-24 ", "Sun": "2026-11-29 "}[d]
		s = clock
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", day+s, ny)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

var emily = shop.Customer{ID: 9, Name: "Emily Tran", City: "Los Angeles", TimeZone: "America/Los_Angeles", Phone: "+1 323 555 0126"}
var tom = shop.Customer{ID: 4, Name: "Tom Becker", City: "Chicago", TimeZone: "America/Chicago", Phone: "+1 312 555 0107"}

// call is a pending phone follow-up for c at due, assigned to who.
func call(id shop.ID, c shop.Customer, due time.Time, who shop.ID, text string) shop.AgendaItem {
	return shop.AgendaItem{FollowUp: shop.FollowUp{ID: id, CustomerID: c.ID, Due: due, TimeZone: c.TimeZone, Channel: shop.ChannelPhone,
		AssigneeID: who, Status: shop.StatusPending, Priority: shop.PriorityRoutine,
		Reasons: []shop.Reason{{Key: fmt.Sprintf("issue:%d:first", id), Text: text}}}, Customer: c, Assignee: fmt.Sprint("staff ", who)}
}

// promise is a promise to tom by who, due at due, with its pending follow-up 50.
func promise(id shop.ID, due time.Time, who shop.ID, state shop.PromiseState) shop.PromiseRecord {
	return shop.PromiseRecord{
		Promise:  shop.Promise{ID: id, CustomerID: tom.ID, Due: due, Channel: shop.ChannelPhone, AssigneeID: who, Note: "Call back with the supplier's answer"},
		Customer: tom, MadeByName: "Priya Nair",
		Outcome: shop.PromiseOutcome{State: state, Due: due, Pending: 50, Assignee: who},
	}
}

// kinds lists the kinds of ns, without the digest (told on the day's first round).
func kinds(ns []Notice) []Kind {
	var out []Kind
	for _, n := range ns {
		if n.Kind != KindDigest {
			out = append(out, n.Kind)
		}
	}
	return out
}

func only(t *testing.T, ns []Notice, k Kind) Notice {
	t.Helper()
	var found []Notice
	for _, n := range ns {
		if n.Kind != KindDigest {
			found = append(found, n)
		}
	}
	if len(found) != 1 || found[0].Kind != k {
		t.Fatalf("reminders %v, want one %s", kinds(ns), k)
	}
	return found[0]
}

func TestACallIsToldWhenItBecomesCallable(t *testing.T) {
	// Emily's call is planned for 10:00 in Los Angeles: 13:00 in New York.
	emilyCall := call(21, emily, at(t, "13:00"), priya, "Your inquiry about a grinder for a small café: any questions left before you decide?")
	in := Input{Business: biz, Rules: shop.DefaultRules(), Me: priya, Today: []shop.AgendaItem{emilyCall}}
	var log Log

	in.Now = at(t, "12:59")
	if got := kinds(Due(in, &log)); len(got) != 0 {
		t.Errorf("before its time: %v, want nothing", got)
	}
	in.Now = at(t, "13:00")
	ns := Due(in, &log)
	n := only(t, ns, KindCallable)
	if n.Title != "Call Emily Tran now — 10:00 in Los Angeles" || n.Body != emilyCall.Summary() || n.FollowUpID != 21 || n.CustomerID != emily.ID {
		t.Errorf("reminder %+v", n)
	}
	log.Record(ns, in.Now)
	in.Now = at(t, "14:30")
	if got := kinds(Due(in, &log)); len(got) != 0 {
		t.Errorf("told already today: %v, want nothing", got)
	}

	t.Run("not to someone else's computer; to a shared one", func(t *testing.T) {
		in := in
		in.Now = at(t, "13:00")
		in.Me = leo
		if got := kinds(Due(in, &Log{})); len(got) != 0 {
			t.Errorf("Leo is told of Priya's call: %v", got)
		}
		in.Me = 0
		only(t, Due(in, &Log{}), KindCallable)
	})
	t.Run("not while the customer may not be called: lunch in Los Angeles", func(t *testing.T) {
		in := in
		in.Now = at(t, "15:15") // 12:15 there
		if got := kinds(Due(in, &Log{})); len(got) != 0 {
			t.Errorf("at lunch time there: %v, want nothing", got)
		}
		in.Now = at(t, "16:35") // 13:35 there
		only(t, Due(in, &Log{}), KindCallable)
	})
	t.Run("still not done the next day: told again", func(t *testing.T) {
		in := in
		in.Now = at(t, "Tue 13:05")
		only(t, Due(in, &log), KindCallable)
	})
}

func TestPromisesAreToldBeforeAndAfterTheirTime(t *testing.T) {
	due := at(t, "15:00") // 14:00 in Chicago
	in := Input{Business: biz, Rules: shop.DefaultRules(), Me: priya}
	var log Log

	in.Now = at(t, "14:44")
	in.Promises = []shop.PromiseRecord{promise(7, due, priya, shop.PromiseOpen)}
	if got := kinds(Due(in, &log)); len(got) != 0 {
		t.Errorf("16 minutes before: %v, want nothing", got)
	}
	in.Now = at(t, "14:47")
	ns := Due(in, &log)
	n := only(t, ns, KindSoon)
	if n.Title != "Promise in 13 minutes: call Tom Becker" || n.Body != "Promised for 14:00 in Chicago (15:00 here): Call back with the supplier's answer" ||
		n.FollowUpID != 50 {
		t.Errorf("soon: %+v", n)
	}
	log.Record(ns, in.Now)

	// Broken at 15:00; but Tom was told of 13 minutes ago: held back for the hour.
	in.Promises = []shop.PromiseRecord{promise(7, due, priya, shop.PromiseBroken)}
	in.Now = at(t, "15:01")
	if got := kinds(Due(in, &log)); len(got) != 0 {
		t.Errorf("at 15:01, 14 minutes after the last reminder about Tom: %v, want nothing (one an hour)", got)
	}
	in.Now = at(t, "15:47")
	ns = Due(in, &log)
	n = only(t, ns, KindOverdue)
	if n.Title != "Promise overdue: call Tom Becker" || n.Body != "Promised for 14:00 in Chicago (15:00 here), 47 minutes ago: Call back with the supplier's answer" {
		t.Errorf("overdue: %+v", n)
	}
	log.Record(ns, in.Now)
	in.Now = at(t, "17:00")
	if got := kinds(Due(in, &log)); len(got) != 0 {
		t.Errorf("told once already: %v", got)
	}

	// Escalated to Maya: her computer tells her; Priya's no longer does.
	esc := promise(7, due, maya, shop.PromiseBroken)
	esc.EscalatedAt, esc.EscalatedFrom, esc.Promise.EscalatedTo = at(t, "16:01"), priya, maya
	in.Promises = []shop.PromiseRecord{esc}
	in.Now = at(t, "16:02")
	if got := kinds(Due(in, &log)); len(got) != 0 {
		t.Errorf("Priya's computer after the escalation: %v, want nothing", got)
	}
	in.Me = maya
	n = only(t, Due(in, &Log{}), KindEscalated)
	if n.Title != "Escalated to you: call Tom Becker" || n.Body != "Priya Nair promised 14:00 in Chicago (15:00 here), 1 hour 2 minutes ago: Call back with the supplier's answer" {
		t.Errorf("escalated: %+v", n)
	}
}

func TestAPromiseCoversTheCallThatCarriesIt(t *testing.T) {
	// Tom's promise rides on a call with a routine reason: one reminder, the
	// promise's, not a second "call now".
	due := at(t, "15:00")
	c := call(50, tom, due, priya, "Promised follow-up")
	c.Reasons = append(c.Reasons, shop.Reason{Key: "promise:7", PromiseID: 7})
	in := Input{Business: biz, Rules: shop.DefaultRules(), Me: priya, Now: at(t, "15:05"), Today: []shop.AgendaItem{c},
		Promises: []shop.PromiseRecord{promise(7, due, priya, shop.PromiseBroken)}}
	only(t, Due(in, &Log{}), KindOverdue)
	// Kept already (a retry after no answer still carries it): the call is a call.
	in.Promises = nil
	only(t, Due(in, &Log{}), KindCallable)
}

func TestNothingIsToldOutsideOpeningHoursOrWhilePaused(t *testing.T) {
	due := at(t, "17:30")
	in := Input{Business: biz, Rules: shop.DefaultRules(), Me: priya, Promises: []shop.PromiseRecord{promise(7, due, priya, shop.PromiseBroken)}}
	var log Log
	for _, quiet := range []string{"18:00", "21:00", "Tue 08:59", "Sun 12:00"} {
		in.Now = at(t, quiet)
		if got := Due(in, &log); len(got) != 0 {
			t.Errorf("at %s, the shop closed: %v, want nothing", quiet, kinds(got))
		}
	}
	// Never silently missed: told when the shop opens.
	in.Now = at(t, "Tue 09:00")
	only(t, Due(in, &log), KindOverdue)

	in.PausedUntil = at(t, "Tue 10:00")
	in.Now = at(t, "Tue 09:30")
	if got := Due(in, &Log{}); len(got) != 0 {
		t.Errorf("paused until 10:00, at 09:30: %v", kinds(got))
	}
	in.Now = at(t, "Tue 10:00")
	only(t, Due(in, &Log{}), KindOverdue)
}

func TestManyCallsAtOnceAreToldTogether(t *testing.T) {
	var today []shop.AgendaItem
	for i := range 6 {
		c := shop.Customer{ID: shop.ID(100 + i), Name: fmt.Sprintf("Customer %d", i), City: "Boston", TimeZone: "America/New_York", Phone: "+1 617 555 0100"}
		today = append(today, call(shop.ID(200+i), c, at(t, "10:00"), priya, "Quick check"))
	}
	in := Input{Business: biz, Rules: shop.DefaultRules(), Me: priya, Now: at(t, "10:30"), Today: today}
	var log Log
	ns := Due(in, &log)
	got := kinds(ns)
	if len(got) != MaxAtOnce || got[0] != KindCallable || got[1] != KindCallable || got[2] != KindMore {
		t.Fatalf("six calls due at once: %v, want two calls and one for the rest", got)
	}
	more := ns[len(ns)-1]
	if more.Title != "4 more calls are due now" || len(more.Keys) != 4 {
		t.Errorf("the rest: %+v", more)
	}
	log.Record(ns, in.Now)
	in.Now = at(t, "10:31")
	if got := Due(in, &log); len(got) != 0 {
		t.Errorf("a minute later: %v, want nothing (all told)", kinds(got))
	}
}

func TestLogForgetsWhatNoLongerMatters(t *testing.T) {
	var log Log
	log.Record([]Notice{{CustomerID: 4, Keys: []string{"soon:promise:7"}}}, at(t, "10:00"))
	if !log.Told("soon:promise:7") {
		t.Fatal("a key recorded is not told")
	}
	log.Record(nil, at(t, "11:00"))
	if _, ok := log.lastAbout(4); ok {
		t.Error("the customer's hour is over but the log still holds them")
	}
	log.Record(nil, at(t, "10:00").Add(49*time.Hour))
	if log.Told("soon:promise:7") {
		t.Error("a key two days old is still held")
	}
}

func TestForStaffIsMyCalls(t *testing.T) {
	items := []shop.AgendaItem{call(1, emily, at(t, "10:00"), priya, ""), call(2, tom, at(t, "11:00"), leo, ""), call(3, tom, at(t, "12:00"), 0, "")}
	ids := func(items []shop.AgendaItem) (out []shop.ID) {
		for _, it := range items {
			out = append(out, it.ID)
		}
		return out
	}
	if got := ids(ForStaff(items, priya)); fmt.Sprint(got) != "[1 3]" {
		t.Errorf("Priya's calls %v, want [1 3] (hers and the unassigned one)", got)
	}
	if got := ids(ForStaff(items, 0)); len(got) != 3 {
		t.Errorf("a shared computer's calls %v, want all three", got)
	}
}
