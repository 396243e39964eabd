package planner

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

const zChicago = "America/Chicago"

// tom is the demo shop's evening-only customer in Chicago.
func tom() shop.Customer {
	c := person(7, zChicago)
	c.Name, c.EveningOnly = "Tom Becker", true
	return c
}

func TestCheckCallTimeFlagsAPromiseOutsideTheCallHours(t *testing.T) {
	r, chicago := shop.DefaultRules(), mustZone(t, zChicago)
	at := lt(t, zChicago, "2026-11-23 14:00")
	off, ok := CheckCallTime(r, tom(), chicago, at)
	if ok {
		t.Fatal("14:00 is accepted for an evening-only customer")
	}
	if got, want := off.Sentence(tom(), at, chicago), "Tom Becker takes calls Mon–Sat 17:00–18:00, 19:30–20:00 their time; 14:00 is outside them (the next good time is 17:00)."; got != want {
		t.Errorf("Sentence = %q\nwant       %q", got, want)
	}
	if _, ok := CheckCallTime(r, tom(), chicago, off.Next); !ok {
		t.Errorf("the next good time %v is itself refused", off.Next)
	}
	if _, ok := CheckCallTime(r, tom(), chicago, lt(t, zChicago, "2026-11-23 17:30")); !ok {
		t.Error("17:30 is refused for an evening-only customer")
	}
}

func TestProposeTimeIsAlwaysATimeTheStoreAccepts(t *testing.T) {
	// Reschedule… offers the next day at the planned time of day; for a call the
	// offer must be inside the customer's call hours and after now, whatever the
	// customer, zone, planned time and clock.
	zones := []string{zLA, zNY, zChicago, zBerlin, zTokyo, "Australia/Lord_Howe", "Pacific/Chatham"}
	rng := rand.New(rand.NewPCG(14, 23))
	r := shop.DefaultRules()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 3000; i++ {
		c := person(1, zones[rng.IntN(len(zones))])
		c.EveningOnly = rng.IntN(3) == 0
		loc := mustZone(t, c.TimeZone)
		now := base.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
		due := now.Add(time.Duration(rng.Int64N(int64(48*time.Hour))) - 24*time.Hour)
		ch := shop.ChannelPhone
		if rng.IntN(4) == 0 {
			ch = shop.ChannelEmail
		}
		p := ProposeTime(r, c, loc, ch, due, now)
		if !p.Truncate(time.Minute).After(now) {
			t.Fatalf("%s customer %v: proposed %v, not after now %v", c.TimeZone, c.EveningOnly, p, now)
		}
		if _, ok := CheckCallTime(r, c, loc, p); ch == shop.ChannelPhone && !ok {
			t.Fatalf("%s customer (evening %v), due %v: proposed %v, outside the call hours", c.TimeZone, c.EveningOnly, due.In(loc), p.In(loc))
		}
	}
	// Tom's call planned at 14:00 moves to the evening of the next day.
	got := ProposeTime(r, tom(), mustZone(t, zChicago), shop.ChannelPhone, lt(t, zChicago, "2026-11-23 14:00"), lt(t, zChicago, "2026-11-23 09:05"))
	if want := "Tue 2026-11-24 17:00"; fmtLocal(t, got, zChicago) != want {
		t.Errorf("proposed %s, want %s", fmtLocal(t, got, zChicago), want)
	}
}

func TestAdviseCallNeverContradictsAPromisedTime(t *testing.T) {
	r, chicago := shop.DefaultRules(), mustZone(t, zChicago)
	promise := shop.Reason{Key: "promise:1", Rule: shop.RulePromise, NaturalDue: lt(t, zChicago, "2026-11-23 14:00")}
	atPromise := shop.FollowUp{Due: lt(t, zChicago, "2026-11-23 14:00"), Reasons: []shop.Reason{promise}, Promised: true}
	routine := shop.FollowUp{Due: lt(t, zChicago, "2026-11-23 17:30"), Reasons: []shop.Reason{{Key: "purchase:1:big1", Rule: shop.RuleBigTicketWeek}}}
	cases := []struct {
		name string
		f    shop.FollowUp
		now  string
		want CallAdvice
	}{
		{"promised for 14:00, asked at 09:05: at 14:00 as promised", atPromise, "2026-11-23 09:05",
			CallAdvice{At: lt(t, zChicago, "2026-11-23 14:00"), Promised: true}},
		{"promised for 14:00, now 17:30: call now", atPromise, "2026-11-23 17:30", CallAdvice{Now: true, Promised: true}},
		{"promised for 14:00, now 14:30 (outside the hours): the next good time", atPromise, "2026-11-23 14:30",
			CallAdvice{At: lt(t, zChicago, "2026-11-23 17:00"), Promised: true}},
		{"routine evening call at 17:30 asked at 09:05: at 17:30", routine, "2026-11-23 09:05", CallAdvice{At: lt(t, zChicago, "2026-11-23 17:30")}},
		{"routine evening call asked at 17:10: now", routine, "2026-11-23 17:10", CallAdvice{Now: true}},
	}
	for _, c := range cases {
		got := AdviseCall(r, tom(), chicago, c.f, lt(t, zChicago, c.now))
		if got.Now != c.want.Now || got.Promised != c.want.Promised || !got.At.Equal(c.want.At) {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestTalkingPointsPutTheOpenProblemFirstAndNameEachReferenceOnce(t *testing.T) {
	ny := mustZone(t, zNY)
	open := shop.Issue{ID: 9, Type: shop.IssueComplaint, Summary: "Grinder delivered two weeks late", Reference: "R-00239",
		OpenedAt: lt(t, zNY, "2026-11-09 11:00")}
	closed := shop.Issue{ID: 8, Type: shop.IssueSupport, Summary: "Descaling", Reference: "R-00100", OpenedAt: lt(t, zNY, "2026-10-01 11:00"),
		ResolvedAt: ptr(lt(t, zNY, "2026-10-02 11:00"))}
	t.Run("a problem the follow-up is not about comes first, as its own line", func(t *testing.T) {
		f := shop.FollowUp{Reasons: []shop.Reason{{Text: "Is the \"Linea Micra\" bought on 24 Aug still serving you well? (3-month call)"}}}
		got := TalkingPoints(f, []shop.Issue{closed, open}, ny)
		if len(got) != 2 || !got[0].Problem || got[1].Problem {
			t.Fatalf("points = %+v; want the open problem, then the call's reason", got)
		}
		if want := `Open problem: complaint "Grinder delivered two weeks late" (ref R-00239), opened 9 Nov: ask where it stands, and help`; got[0].Text != want {
			t.Errorf("problem line = %q\nwant          %q", got[0].Text, want)
		}
	})
	t.Run("a reason about the problem moves first; its reference is named once", func(t *testing.T) {
		f := shop.FollowUp{Reasons: []shop.Reason{
			{Text: "Quick check on the beans bought on 17 Nov"},
			{Text: `Promised follow-up on the issue "Grinder delivered two weeks late" (ref R-00239): call back`, IssueID: 9, Reference: "R-00239"},
			{Text: "Is the issue resolved?", IssueID: 8, Reference: "R-00100"},
		}}
		got := TalkingPoints(f, []shop.Issue{open, closed}, ny)
		if len(got) != 3 || !got[0].Problem || !strings.HasPrefix(got[0].Text, "Promised follow-up") {
			t.Fatalf("points = %+v; want the promise about the open problem first", got)
		}
		if n := strings.Count(got[0].Text, "R-00239"); n != 1 {
			t.Errorf("%q names its reference %d times", got[0].Text, n)
		}
		if got[2].Text != "Is the issue resolved? (ref R-00100)" {
			t.Errorf("a reason without its reference in the text: %q; want it added once", got[2].Text)
		}
	})
}

func TestRetryNoteSaysTheNextTry(t *testing.T) {
	r := shop.DefaultRules()
	now := lt(t, zChicago, "2026-11-23 10:00")
	call := shop.AgendaItem{FollowUp: shop.FollowUp{Due: lt(t, zChicago, "2026-11-24 10:30"), TimeZone: zChicago, Channel: shop.ChannelPhone}}
	if got, want := RetryNote(r, call, now), "next try: Tue 10:30 their time"; got != want {
		t.Errorf("RetryNote = %q, want %q", got, want)
	}
	email := call
	email.Channel, email.Due = shop.ChannelEmail, lt(t, zChicago, "2026-11-27 09:00")
	if got, want := RetryNote(r, email, now), "3 calls went unanswered: an email goes instead, Fri 09:00 their time"; got != want {
		t.Errorf("RetryNote = %q, want %q", got, want)
	}
}
