package remind

import (
	"testing"

	"github.com/rapport-app/rapport/data/shop"
)

func TestTheDigestOfADay(t *testing.T) {
	email := call(23, emily, at(t, "09:00"), priya, "Send the descaling guide")
	email.Channel = shop.ChannelEmail
	letter := call(24, tom, at(t, "09:00"), leo, "Thank you letter")
	letter.Channel = shop.ChannelLetter
	today := []shop.AgendaItem{
		call(20, tom, at(t, "11:00"), leo, "Is the grinder working?"),
		call(21, emily, at(t, "13:00"), priya, "Your inquiry about a grinder"),
		email, letter,
		call(25, emily, at(t, "16:00"), 0, "Quick check"),
	}
	dueLater := promise(8, at(t, "16:00"), priya, shop.PromiseOpen)
	dueTomorrow := promise(9, at(t, "Tue 10:00"), priya, shop.PromiseOpen)
	broken := promise(7, at(t, "09:30"), leo, shop.PromiseBroken)
	promises := []shop.PromiseRecord{dueTomorrow, broken, dueLater}

	d := BuildDigest(at(t, "09:05"), biz, today, promises, 0)
	if d.Day.Format("2006-01-02 15:04 MST") != "2026-11-23 00:00 EST" {
		t.Errorf("day %s", d.Day)
	}
	var people []string
	for _, p := range d.People {
		people = append(people, p.Name)
	}
	// By name, nobody last.
	if got := people; len(got) != 3 || got[0] != "staff 2" || got[1] != "staff 3" || got[2] != "Unassigned" {
		t.Errorf("people %q", got)
	}
	if p := d.People[1]; len(p.Items) != 2 || p.Calls != 1 || p.Letters != 1 {
		t.Errorf("Leo's day: %d items, %d calls, %d letters; want 2, 1, 1", len(p.Items), p.Calls, p.Letters)
	}
	if len(d.DueToday) != 1 || d.DueToday[0].ID != 8 || len(d.Broken) != 1 || d.Broken[0].ID != 7 || d.Emails != 1 {
		t.Errorf("due today %d, broken %d, emails %d; want promise 8, promise 7, 1", len(d.DueToday), len(d.Broken), d.Emails)
	}
	// Every follow-up of the day is counted: the letter too.
	if d.Title() != "Today: 5 follow-ups" || d.Summary() != "3 calls · 1 letter to print · 1 promise due today · 1 broken promise · 1 email to send" {
		t.Errorf("title %q, summary %q", d.Title(), d.Summary())
	}

	mine := BuildDigest(at(t, "09:05"), biz, today, promises, priya)
	if len(mine.People) != 2 || mine.People[0].Name != "staff 2" || len(mine.Broken) != 0 || len(mine.DueToday) != 1 {
		t.Errorf("Priya's digest: %d people, %d broken, %d due; want hers and the unassigned, none broken, 1 due", len(mine.People), len(mine.Broken), len(mine.DueToday))
	}
	if mine.Title() != "Today: 3 follow-ups for you" {
		t.Errorf("Priya's title %q", mine.Title())
	}

	// The digest is the day's first reminder, once.
	in := Input{Business: biz, Rules: shop.DefaultRules(), Me: priya, Now: at(t, "09:05"), Today: today, Promises: promises}
	var log Log
	ns := Due(in, &log)
	if len(ns) == 0 || ns[0].Kind != KindDigest || ns[0].Title != mine.Title() || ns[0].Body != mine.Summary() {
		t.Fatalf("first reminder of the day %+v, want the digest", ns)
	}
	log.Record(ns, in.Now)
	in.Now = at(t, "09:10")
	for _, n := range Due(in, &log) {
		if n.Kind == KindDigest {
			t.Error("the digest is told twice in a day")
		}
	}
	if !BuildDigest(at(t, "09:05"), biz, nil, nil, priya).Empty() {
		t.Error("a day with nothing is not empty")
	}
}

func TestADigestWithoutCallsDoesNotCountNone(t *testing.T) {
	letter := call(24, tom, at(t, "09:00"), leo, "Thank you letter")
	letter.Channel = shop.ChannelLetter
	d := BuildDigest(at(t, "09:05"), biz, []shop.AgendaItem{letter}, nil, 0)
	if got := d.Summary(); got != "1 letter to print" {
		t.Errorf("a day of one letter: %q", got)
	}
	if got := BuildDigest(at(t, "09:05"), biz, nil, nil, 0).Summary(); got != "nothing to do" {
		t.Errorf("an empty day: %q", got)
	}
}
