package cli

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestShopOpeningHoursAreSetAndShown(t *testing.T) {
	d := newDemoShop(t)
	var sv shopView
	d.json(&sv, "shop")
	if sv.OpeningHours != "Mon-Sat 09:00-18:00" {
		t.Errorf("a shop's opening hours start as %q, want Mon-Sat 09:00-18:00", sv.OpeningHours)
	}
	d.ok("shop", "set", "opening_hours=Monday to Friday 8:30 to 17:00")
	d.json(&sv, "shop")
	if sv.OpeningHours != "Mon-Fri 08:30-17:00" {
		t.Errorf("after shop set: %q, want Mon-Fri 08:30-17:00", sv.OpeningHours)
	}
	if out := d.ok("shop"); !strings.Contains(out, "opening_hours  Mon-Fri 08:30-17:00") {
		t.Errorf("shop prints:\n%s", out)
	}
	d.refused(1, "opening_hours=Mon-Fri 17:00-08:30: closing (08:30) must be after opening (17:00)", "shop", "set", "opening_hours=Mon-Fri 17:00-08:30")
	d.json(&sv, "shop")
	if sv.OpeningHours != "Mon-Fri 08:30-17:00" {
		t.Errorf("a refused shop set changed the hours to %q", sv.OpeningHours)
	}
}

func TestDigestShowsTheDayByPersonAndThePromises(t *testing.T) {
	d := newDemoShop(t)
	var v digestView
	d.json(&v, "digest")
	if v.Day != "2026-11-23" || v.For != "" || len(v.People) == 0 {
		t.Fatalf("digest: %+v", v)
	}
	var today []Item
	d.json(&today, "today")
	total := 0
	for _, p := range v.People {
		total += len(p.FollowUps)
		for _, it := range p.FollowUps {
			if it.Assignee != p.Name {
				t.Errorf("%s's day lists %s's follow-up with %s", p.Name, it.Assignee, it.Customer)
			}
		}
	}
	if total != len(today) || v.FollowUps != len(today) {
		t.Errorf("the digest holds %d follow-ups (says %d), today lists %d", total, v.FollowUps, len(today))
	}
	// The demo's promise to Tom Becker is due at 15:00 in New York today.
	if len(v.PromisesDueToday) != 1 || v.PromisesDueToday[0].Customer != "Tom Becker" || v.PromisesDueToday[0].MadeBy != "Sam Ortiz" ||
		v.PromisesDueToday[0].Due != "2026-11-23T14:00:00-06:00" || len(v.BrokenPromises) != 0 {
		t.Errorf("promises due today %+v, broken %+v; want Tom Becker's, by Sam Ortiz, at 14:00 his time", v.PromisesDueToday, v.BrokenPromises)
	}

	var leo digestView
	d.json(&leo, "digest", "--for", "leo park")
	if leo.For != "Leo Park" || len(leo.People) != 1 || leo.People[0].Name != "Leo Park" || len(leo.PromisesDueToday) != 0 {
		t.Errorf("Leo's digest: %+v", leo)
	}
	d.refused(1, `digest: no staff member is named "Nobody"`, "digest", "--for", "Nobody")

	out := d.ok("digest")
	for _, want := range []string{"Monday, 23 November 2026 — Harbor & Pine Coffee Roasters", "Calls by person", "Sam Ortiz:", "Tom Becker",
		"Promises due today", "Broken promises not kept yet\n  none: every promise still open is on time", "Emails to send: 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("digest does not say %q:\n%s", want, out)
		}
	}
}

func TestPromisesListsTheLedgerBrokenFirst(t *testing.T) {
	d := newDemoShop(t)
	// At 16:05 in New York Tom Becker's promise (15:00) is broken.
	later := []string{"--db", d.db, "--now", "2026-11-23T16:05:00-05:00"}
	out, errs, code := rapport(t, append(later, "promises", "--json")...)
	if code != 0 {
		t.Fatalf("promises: exit %d: %s", code, errs)
	}
	var recs []promiseView
	if err := json.Unmarshal([]byte(out), &recs); err != nil {
		t.Fatal(err)
	}
	// The demo's year of history has older promises, some broken: today's comes
	// first, and the open one right after the broken ones.
	firstOpen := slices.IndexFunc(recs, func(r promiseView) bool { return r.State != "broken" })
	if len(recs) < 2 || recs[0].Customer != "Tom Becker" || recs[0].State != "broken" || firstOpen < 0 || recs[firstOpen].State != "open" {
		t.Fatalf("ledger %+v; want Tom Becker's broken promise first, and the open one after the broken ones", recs)
	}
	out, _, _ = rapport(t, append(later, "promises")...)
	if !strings.Contains(strings.Join(strings.Fields(out), " "), "Broken 2026-11-23 14:00 CST Tom Becker Sam Ortiz 2026-11-20") {
		t.Errorf("promises prints:\n%s", out)
	}
	out, _, _ = rapport(t, append(later, "digest")...)
	if !strings.Contains(out, "Broken promises not kept yet\n  Mon 14:00 CST  Tom Becker") {
		t.Errorf("the digest at 16:05 does not list the broken promise:\n%s", out)
	}
}
