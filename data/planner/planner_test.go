package planner

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// Test helpers. Times are written as local wall-clock strings in a named zone so a
// failing case reads like the rule it checks.

const (
	zLA     = "America/Los_Angeles"
	zNY     = "America/New_York"
	zBerlin = "Europe/Berlin"
	zTokyo  = "Asia/Tokyo"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load zone %s: %v", name, err)
	}
	return loc
}

// lt parses "2006-01-02 15:04" in zone.
func lt(t testing.TB, zone, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, mustZone(t, zone))
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return v
}

func ptr[T any](v T) *T { return &v }

// fmtLocal prints an instant as a wall-clock time in zone, with the weekday.
func fmtLocal(t testing.TB, v time.Time, zone string) string {
	return v.In(mustZone(t, zone)).Format("Mon 2006-01-02 15:04")
}

// person is a reachable consumer with no call-time preference.
func person(id shop.ID, zone string) shop.Customer {
	return shop.Customer{
		ID: id, Name: fmt.Sprintf("Customer %d", id), Kind: shop.KindConsumer,
		Phone: "+1 555 0100", Email: fmt.Sprintf("c%d@example.com", id), Address: "1 Main St",
		TimeZone: zone, PreferredCallMinute: -1,
	}
}

// shopInput is a Los Angeles shop with a senior (1), a representative (2) and a
// former employee (3), planning at now.
func shopInput(now time.Time, plans ...CustomerPlan) PlanInput {
	return PlanInput{
		Now:      now,
		Business: shop.Business{Name: "Corner Coffee Gear", TimeZone: zLA, BigTicketCents: 50_000},
		Rules:    shop.DefaultRules(),
		Staff: []shop.Staff{
			{ID: 1, Name: "Ana", Senior: true, Active: true},
			{ID: 2, Name: "Ben", Active: true},
			{ID: 3, Name: "Cy", Active: false},
		},
		Customers: plans,
	}
}

// byKey finds the follow-up carrying the reason key.
func byKey(fus []shop.FollowUp, key string) (shop.FollowUp, shop.Reason, bool) {
	for _, f := range fus {
		for _, r := range f.Reasons {
			if r.Key == key {
				return f, r, true
			}
		}
	}
	return shop.FollowUp{}, shop.Reason{}, false
}

func mustKey(t testing.TB, fus []shop.FollowUp, key string) (shop.FollowUp, shop.Reason) {
	t.Helper()
	f, r, ok := byKey(fus, key)
	if !ok {
		t.Fatalf("no follow-up for %s; plan:\n%s", key, dump(fus))
	}
	return f, r
}

func keys(fus []shop.FollowUp) []string {
	var ks []string
	for _, f := range fus {
		for _, r := range f.Reasons {
			ks = append(ks, r.Key)
		}
	}
	slices.Sort(ks)
	return ks
}

func dump(fus []shop.FollowUp) string {
	var b strings.Builder
	for _, f := range fus {
		loc, _ := time.LoadLocation(f.TimeZone)
		fmt.Fprintf(&b, "  cust %d %s %s %s prio=%d promised=%v overdue=%v who=%d\n", f.CustomerID,
			f.Due.In(loc).Format("Mon 2006-01-02 15:04"), f.TimeZone, f.Channel, f.Priority, f.Promised, f.Overdue, f.AssigneeID)
		for _, r := range f.Reasons {
			fmt.Fprintf(&b, "      %s %s %q\n", r.Key, r.Rule, r.Text)
		}
	}
	return b.String()
}

func TestPlanPhoneTimes(t *testing.T) {
	type tc struct {
		name  string // cites the rule
		zone  string
		setup func(c *shop.Customer, is *shop.Issue)
		now   string
		key   string
		want  string // local wall clock in zone
	}
	cases := []tc{
		{
			name: "§3 phone: a Los Angeles customer who called at 08:30 is not called before 10:00 their time",
			zone: zLA, now: "2026-03-03 12:00", key: "issue:10:first",
			setup: func(c *shop.Customer, is *shop.Issue) {
				is.OpenedAt = lt(t, zLA, "2026-03-02 08:30")
				is.ResolvedAt = ptr(lt(t, zLA, "2026-03-02 09:10"))
			},
			// Resolved Mon 2 Mar, +7 days; 8 Mar was the US clock change, still 10:00 PDT.
			want: "Mon 2026-03-09 10:00",
		},
		{
			name: "§3 phone: at about the time the customer contacted us (14:05 stays 14:05)",
			zone: zBerlin, now: "2026-05-04 09:00", key: "issue:10:first",
			setup: func(c *shop.Customer, is *shop.Issue) {
				is.OpenedAt = lt(t, zBerlin, "2026-05-01 14:05")
				is.ResolvedAt = ptr(lt(t, zBerlin, "2026-05-04 08:00"))
			},
			want: "Mon 2026-05-11 14:05",
		},
		{
			name: "§3 phone: a call wanted at 12:30 lands outside lunch 12:00-13:30 (nearest: 11:55, over by noon)",
			zone: zTokyo, now: "2026-05-04 09:00", key: "issue:10:first",
			setup: func(c *shop.Customer, is *shop.Issue) {
				is.OpenedAt = lt(t, zTokyo, "2026-05-01 12:30")
				is.ResolvedAt = ptr(lt(t, zTokyo, "2026-05-04 08:00"))
			},
			want: "Mon 2026-05-11 11:55",
		},
		{
			name: "§3 phone: 13:10 is nearer the end of lunch, so 13:30",
			zone: zTokyo, now: "2026-05-04 09:00", key: "issue:10:first",
			setup: func(c *shop.Customer, is *shop.Issue) {
				is.OpenedAt = lt(t, zTokyo, "2026-05-01 13:10")
				is.ResolvedAt = ptr(lt(t, zTokyo, "2026-05-04 08:00"))
			},
			want: "Mon 2026-05-11 13:30",
		},
		{
			name: "§3 phone: a call wanted at 18:50 (dinner) moves to 19:30, nearer than 17:55",
			zone: zNY, now: "2026-05-04 09:00", key: "issue:10:first",
			setup: func(c *shop.Customer, is *shop.Issue) {
				is.OpenedAt = lt(t, zNY, "2026-05-01 18:50")
				is.ResolvedAt = ptr(lt(t, zNY, "2026-05-04 08:00"))
			},
			want: "Mon 2026-05-11 19:30",
		},
		{
			name: "§3 phone: nothing late at night; 23:00 moves back to the last start before 20:00",
			zone: zNY, now: "2026-05-04 09:00", key: "issue:10:first",
			setup: func(c *shop.Customer, is *shop.Issue) {
				is.OpenedAt = lt(t, zNY, "2026-05-01 23:00")
				is.ResolvedAt = ptr(lt(t, zNY, "2026-05-04 08:00"))
			},
			want: "Mon 2026-05-11 19:55",
		},
		{
			name: "§3 phone: evening-only customers get an evening slot (10:00 wanted → 17:00)",
			zone: zLA, now: "2026-05-04 09:00", key: "issue:10:first",
			setup: func(c *shop.Customer, is *shop.Issue) {
				c.EveningOnly = true
				is.OpenedAt = lt(t, zLA, "2026-05-01 10:00")
				is.ResolvedAt = ptr(lt(t, zLA, "2026-05-04 08:00"))
			},
			want: "Mon 2026-05-11 17:00",
		},
		{
			name: "§3 phone: evening-only, wanted in the dinner break 18:50 → 19:30",
			zone: zLA, now: "2026-05-04 09:00", key: "issue:10:first",
			setup: func(c *shop.Customer, is *shop.Issue) {
				c.EveningOnly = true
				is.OpenedAt = lt(t, zLA, "2026-05-01 18:50")
				is.ResolvedAt = ptr(lt(t, zLA, "2026-05-04 08:00"))
			},
			want: "Mon 2026-05-11 19:30",
		},
		{
			name: "§3 phone: the customer's preferred call time wins over the contact time",
			zone: zBerlin, now: "2026-05-04 09:00", key: "issue:10:first",
			setup: func(c *shop.Customer, is *shop.Issue) {
				c.PreferredCallMinute = 16*60 + 45
				is.OpenedAt = lt(t, zBerlin, "2026-05-01 10:15")
				is.ResolvedAt = ptr(lt(t, zBerlin, "2026-05-04 08:00"))
			},
			want: "Mon 2026-05-11 16:45",
		},
		{
			name: "§3 phone: no Sunday calls; due Sunday 10 May moves to Monday",
			zone: zBerlin, now: "2026-05-04 09:00", key: "issue:10:first",
			setup: func(c *shop.Customer, is *shop.Issue) {
				is.OpenedAt = lt(t, zBerlin, "2026-05-01 11:00")
				is.ResolvedAt = ptr(lt(t, zBerlin, "2026-05-03 11:00"))
			},
			want: "Mon 2026-05-11 11:00",
		},
		{
			name: "§3 DST: New York, contact 14:00 EDT on 29 Oct, follow-up 5 Nov 14:00 EST (after 1 Nov change)",
			zone: zNY, now: "2026-10-29 15:00", key: "issue:10:first",
			setup: func(c *shop.Customer, is *shop.Issue) {
				is.Type = shop.IssueSalesInquiry
				is.OpenedAt = lt(t, zNY, "2026-10-29 14:00")
			},
			want: "Thu 2026-11-05 14:00",
		},
		{
			name: "§3 DST: Berlin, contact 10:00 CET on 23 Mar, follow-up 30 Mar 10:00 CEST (after 29 Mar change)",
			zone: zBerlin, now: "2026-03-23 11:00", key: "issue:10:first",
			setup: func(c *shop.Customer, is *shop.Issue) {
				is.OpenedAt = lt(t, zBerlin, "2026-03-23 10:00")
			},
			want: "Mon 2026-03-30 10:00",
		},
		{
			name: "§2 channel: the customer prefers email, so the follow-up is an email (not a phone slot)",
			zone: zBerlin, now: "2026-05-04 09:00", key: "issue:10:first",
			setup: func(c *shop.Customer, is *shop.Issue) {
				c.PreferredChannel = shop.ChannelEmail
				is.OpenedAt = lt(t, zBerlin, "2026-05-01 14:05")
				is.ResolvedAt = ptr(lt(t, zBerlin, "2026-05-04 08:00"))
			},
			// Due Mon 11 May; a consumer's email goes out on the next Friday at 09:00.
			want: "Fri 2026-05-15 09:00",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cust := person(5, c.zone)
			is := shop.Issue{ID: 10, CustomerID: 5, Type: shop.IssueSupport, Channel: shop.ChannelPhone, Summary: "printer jams on tray 2", Reference: "T-1042"}
			c.setup(&cust, &is)
			in := shopInput(lt(t, c.zone, c.now), CustomerPlan{Customer: CustomerOf(cust), Issues: []shop.Issue{is}})
			fus := Plan(in)
			f, _ := mustKey(t, fus, c.key)
			if got := fmtLocal(t, f.Due, c.zone); got != c.want {
				t.Errorf("due %s, want %s\n%s", got, c.want, dump(fus))
			}
			if f.Channel == shop.ChannelPhone && !CallAllowed(in.Rules, cust, mustZone(t, c.zone), f.Due) {
				t.Errorf("call at %s is outside the customer's windows", fmtLocal(t, f.Due, c.zone))
			}
			if f.TimeZone != c.zone {
				t.Errorf("time zone %q, want %q", f.TimeZone, c.zone)
			}
			if f.Due.Location() != time.UTC {
				t.Errorf("Due is in %v, want UTC", f.Due.Location())
			}
		})
	}
}

func TestPlanDSTInstants(t *testing.T) {
	// §3 DST: the wall clock stays right, so the UTC instant shifts by the hour the
	// clocks moved. Checked against hand-computed UTC times.
	cases := []struct {
		name, zone, opened, now, wantUTC string
	}{
		{"New York before the change: 14:00 EDT is 18:00 UTC", zNY, "2026-10-22 14:00", "2026-10-22 15:00", "2026-10-29T18:00:00Z"},
		{"New York after the change: 14:00 EST is 19:00 UTC", zNY, "2026-10-29 14:00", "2026-10-29 15:00", "2026-11-05T19:00:00Z"},
		{"Berlin before the change: 10:00 CET is 09:00 UTC", zBerlin, "2026-03-16 10:00", "2026-03-16 11:00", "2026-03-23T09:00:00Z"},
		{"Berlin after the change: 10:00 CEST is 08:00 UTC", zBerlin, "2026-03-23 10:00", "2026-03-23 11:00", "2026-03-30T08:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			is := shop.Issue{ID: 10, CustomerID: 5, Type: shop.IssueSalesInquiry, Channel: shop.ChannelPhone, OpenedAt: lt(t, c.zone, c.opened), Summary: "X200 price"}
			fus := Plan(shopInput(lt(t, c.zone, c.now), CustomerPlan{Customer: CustomerOf(person(5, c.zone)), Issues: []shop.Issue{is}}))
			f, _ := mustKey(t, fus, "issue:10:first")
			if got := f.Due.Format(time.RFC3339); got != c.wantUTC {
				t.Errorf("due %s, want %s", got, c.wantUTC)
			}
		})
	}
}

func TestPlanIssueTimeframes(t *testing.T) {
	// One customer in Berlin who likes calls at 14:00, so every due time is 14:00 on
	// the day the §1 issue table says. Opened Fri 1 May 11:00, replied Sat 2 May,
	// resolved Mon 4 May; planned Mon 4 May 09:00.
	opened := "2026-05-01 11:00"
	replied := "2026-05-02 09:00"
	resolved := "2026-05-04 08:00"
	type want map[string]string // key → local due; a key missing from the map must not be planned
	cases := []struct {
		name  string
		issue func(is *shop.Issue)
		want  want
	}{
		{"§1 sales inquiry: 1 week and about 1 month after resolution",
			func(is *shop.Issue) { is.Type = shop.IssueSalesInquiry },
			want{"issue:10:first": "Mon 2026-05-11 14:00", "issue:10:second": "Wed 2026-06-03 14:00"}},
		{"§1 support: 1 week; no second follow-up unless complicated",
			func(is *shop.Issue) { is.Type = shop.IssueSupport },
			want{"issue:10:first": "Mon 2026-05-11 14:00"}},
		{"§1 support: a complicated issue gets the second follow-up after about a month",
			func(is *shop.Issue) { is.Type = shop.IssueSupport; is.Complicated = true },
			want{"issue:10:first": "Mon 2026-05-11 14:00", "issue:10:second": "Wed 2026-06-03 14:00"}},
		{"§1 billing: 5 days, then 3 days before the billing period (1 Jun → 29 May)",
			func(is *shop.Issue) {
				is.Type = shop.IssueBilling
				is.BillingDate = ptr(lt(t, zBerlin, "2026-06-01 00:00"))
			},
			want{"issue:10:first": "Sat 2026-05-09 14:00", "issue:10:second": "Fri 2026-05-29 14:00"}},
		{"§1 billing: no second follow-up when the billing period comes before the first",
			func(is *shop.Issue) {
				is.Type = shop.IssueBilling
				is.BillingDate = ptr(lt(t, zBerlin, "2026-05-10 00:00"))
			},
			want{"issue:10:first": "Sat 2026-05-09 14:00"}},
		{"§1 billing: no billing date, no second follow-up",
			func(is *shop.Issue) { is.Type = shop.IssueBilling },
			want{"issue:10:first": "Sat 2026-05-09 14:00"}},
		{"§1 complaint: update 10 days after the reply, progress 21 days after it was made, even when resolved",
			func(is *shop.Issue) { is.Type = shop.IssueComplaint },
			want{"issue:10:first": "Tue 2026-05-12 14:00", "issue:10:second": "Fri 2026-05-22 14:00"}},
		{"§1 complaint: not replied to yet, the update counts from the complaint",
			func(is *shop.Issue) { is.Type = shop.IssueComplaint; is.RepliedAt = nil; is.ResolvedAt = nil },
			want{"issue:10:first": "Mon 2026-05-11 14:00", "issue:10:second": "Fri 2026-05-22 14:00"}},
		{"§1 suggestion: 10 days after the reply, progress report 30 days after that",
			func(is *shop.Issue) { is.Type = shop.IssueSuggestion },
			want{"issue:10:first": "Tue 2026-05-12 14:00", "issue:10:second": "Thu 2026-06-11 14:00"}},
		{"§1 miscellaneous: one follow-up after a week",
			func(is *shop.Issue) { is.Type = shop.IssueMisc },
			want{"issue:10:first": "Mon 2026-05-11 14:00"}},
		{"§1 anchor: an issue left open counts from the reply",
			func(is *shop.Issue) { is.Type = shop.IssueSupport; is.ResolvedAt = nil },
			want{"issue:10:first": "Sat 2026-05-09 14:00"}},
		{"§1 trivial: a trivial support question gets no follow-up",
			func(is *shop.Issue) { is.Type = shop.IssueSupport; is.Trivial = true },
			want{}},
		{"§1 always: a trivial complaint still gets both follow-ups",
			func(is *shop.Issue) { is.Type = shop.IssueComplaint; is.Trivial = true },
			want{"issue:10:first": "Tue 2026-05-12 14:00", "issue:10:second": "Fri 2026-05-22 14:00"}},
		{"§1 always: an escalated trivial question still gets a follow-up",
			func(is *shop.Issue) { is.Type = shop.IssueSupport; is.Trivial = true; is.Escalated = true },
			want{"issue:10:first": "Mon 2026-05-11 14:00"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cust := person(5, zBerlin)
			cust.PreferredCallMinute = 14 * 60
			is := shop.Issue{ID: 10, CustomerID: 5, Channel: shop.ChannelPhone, Summary: "printer jams on tray 2", Reference: "T-1042",
				OpenedAt: lt(t, zBerlin, opened), RepliedAt: ptr(lt(t, zBerlin, replied)), ResolvedAt: ptr(lt(t, zBerlin, resolved))}
			c.issue(&is)
			fus := Plan(shopInput(lt(t, zBerlin, "2026-05-04 09:00"), CustomerPlan{Customer: CustomerOf(cust), Issues: []shop.Issue{is}}))
			got := map[string]string{}
			for _, f := range fus {
				for _, r := range f.Reasons {
					got[r.Key] = fmtLocal(t, f.Due, zBerlin)
					if r.IssueID != 10 || r.Reference != "T-1042" {
						t.Errorf("%s: IssueID %d, Reference %q", r.Key, r.IssueID, r.Reference)
					}
					if !strings.Contains(r.Text, `"printer jams on tray 2"`) || !strings.Contains(r.Text, "T-1042") {
						t.Errorf("%s: text %q does not name the issue and its reference", r.Key, r.Text)
					}
				}
			}
			if len(got) != len(c.want) {
				t.Errorf("planned %v, want %v", got, c.want)
			}
			for k, w := range c.want {
				if got[k] != w {
					t.Errorf("%s due %q, want %q", k, got[k], w)
				}
			}
		})
	}
}

func TestPlanIssueTexts(t *testing.T) {
	// §5: the purpose line names the specific issue, never "Is your issue resolved?".
	now := lt(t, zLA, "2026-05-04 09:00")
	cases := []struct {
		name, typ, key, want string
	}{
		{"§5 support names the issue and ticket", string(shop.IssueSupport), "issue:10:first", `Is the issue "printer jams on tray 2" resolved? (ref T-1042)`},
		{"§5 complaint update names the complaint", string(shop.IssueComplaint), "issue:10:first", `Complaint "printer jams on tray 2": an update on what we did (ref T-1042)`},
		{"§5 complaint progress names the day it was made", string(shop.IssueComplaint), "issue:10:second", `Complaint "printer jams on tray 2" made on 1 May: a progress report (ref T-1042)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			is := shop.Issue{ID: 10, CustomerID: 5, Type: shop.IssueType(c.typ), Channel: shop.ChannelPhone, Summary: "  printer jams\non tray 2 ", Reference: "T-1042",
				OpenedAt: lt(t, zLA, "2026-05-01 11:00"), RepliedAt: ptr(lt(t, zLA, "2026-05-02 11:00"))}
			_, r := mustKey(t, Plan(shopInput(now, CustomerPlan{Customer: CustomerOf(person(5, zLA)), Issues: []shop.Issue{is}})), c.key)
			if r.Text != c.want {
				t.Errorf("text %q, want %q", r.Text, c.want)
			}
		})
	}
}

func TestPlanPurchases(t *testing.T) {
	// A Los Angeles customer buys at 15:20 on Mon 1 Jun 2026; planned at 16:00 that day.
	bought := "2026-06-01 15:20"
	now := "2026-06-01 16:00"
	type want map[string]string // key → "channel local-due"
	cases := []struct {
		name    string
		amount  int64
		channel shop.Channel
		sampled bool
		cust    func(c *shop.Customer)
		want    want
	}{
		{"§1 big-ticket: thank-you now, calls after 7 and 91 days at the time of the sale",
			120_000, shop.ChannelVisit, false, nil,
			want{
				"purchase:1:thanks": "letter Mon 2026-06-01 16:00",
				"purchase:1:big1":   "phone Mon 2026-06-08 15:20",
				"purchase:1:big2":   "phone Mon 2026-08-31 15:20",
			}},
		{"§1 small-ticket, not sampled: only the thank-you",
			2_500, shop.ChannelVisit, false, nil,
			want{"purchase:1:thanks": "letter Mon 2026-06-01 16:00"}},
		{"§1 small-ticket, sampled: a call the next day",
			2_500, shop.ChannelPhone, true, nil,
			want{"purchase:1:thanks": "letter Mon 2026-06-01 16:00", "purchase:1:sample": "phone Tue 2026-06-02 15:20"}},
		{"§1 thank-you by email for a web order, not held for a send day",
			2_500, shop.ChannelWeb, false, nil,
			want{"purchase:1:thanks": "email Mon 2026-06-01 16:00"}},
		{"§1 thank-you by email when the customer prefers email",
			2_500, shop.ChannelVisit, false, func(c *shop.Customer) { c.PreferredChannel = shop.ChannelEmail },
			want{"purchase:1:thanks": "email Mon 2026-06-01 16:00"}},
		{"§1 thank-you never by phone, even when the customer prefers phone",
			2_500, shop.ChannelPhone, false, func(c *shop.Customer) { c.PreferredChannel = shop.ChannelPhone },
			want{"purchase:1:thanks": "letter Mon 2026-06-01 16:00"}},
		{"§2 a web order by a customer without an email address: thank-you letter",
			2_500, shop.ChannelWeb, false, func(c *shop.Customer) { c.Email = "" },
			want{"purchase:1:thanks": "letter Mon 2026-06-01 16:00"}},
		{"§2 big-ticket calls go by email when the customer prefers email (Friday for a consumer)",
			120_000, shop.ChannelVisit, false, func(c *shop.Customer) { c.PreferredChannel = shop.ChannelEmail },
			want{
				"purchase:1:thanks": "email Mon 2026-06-01 16:00",
				"purchase:1:big1":   "email Fri 2026-06-12 09:00",
				"purchase:1:big2":   "email Fri 2026-09-04 09:00",
			}},
		{"§2 big-ticket calls fall back to email when there is no phone number",
			120_000, shop.ChannelVisit, false, func(c *shop.Customer) { c.Phone = "" },
			want{
				"purchase:1:thanks": "letter Mon 2026-06-01 16:00",
				"purchase:1:big1":   "email Fri 2026-06-12 09:00",
				"purchase:1:big2":   "email Fri 2026-09-04 09:00",
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cust := person(5, zLA)
			if c.cust != nil {
				c.cust(&cust)
			}
			pu := shop.Purchase{ID: 1, CustomerID: 5, At: lt(t, zLA, bought), Items: "Espresso machine", AmountCents: c.amount, Channel: c.channel, SoldBy: 2}
			cp := CustomerPlan{Customer: CustomerOf(cust), Purchases: []shop.Purchase{pu}}
			if c.sampled {
				cp.Sampled = map[shop.ID]bool{1: true}
			}
			fus := Plan(shopInput(lt(t, zLA, now), cp))
			got := map[string]string{}
			for _, f := range fus {
				for _, r := range f.Reasons {
					got[r.Key] = string(f.Channel) + " " + fmtLocal(t, f.Due, zLA)
				}
			}
			if len(got) != len(c.want) {
				t.Errorf("planned %v, want %v", got, c.want)
			}
			for k, w := range c.want {
				if got[k] != w {
					t.Errorf("%s: %q, want %q", k, got[k], w)
				}
			}
		})
	}
}

func TestPlanPurchaseReasonFields(t *testing.T) {
	// §5/§7: the thank-you names what was bought and when; the natural due date is kept.
	pu := shop.Purchase{ID: 77, CustomerID: 5, At: lt(t, zLA, "2026-11-12 10:00"), Items: "Espresso machine", AmountCents: 120_000, Channel: shop.ChannelVisit, SoldBy: 2}
	fus := Plan(shopInput(lt(t, zLA, "2026-11-12 11:00"), CustomerPlan{Customer: CustomerOf(person(5, zLA)), Purchases: []shop.Purchase{pu}}))
	f, r := mustKey(t, fus, "purchase:77:thanks")
	if r.Text != `Thank you for buying "Espresso machine" on 12 Nov` {
		t.Errorf("text %q", r.Text)
	}
	if r.Rule != shop.RuleThankYou || r.PurchaseID != 77 || !r.NaturalDue.Equal(pu.At) {
		t.Errorf("reason %+v", r)
	}
	if f.AssigneeID != 2 || f.Status != shop.StatusPending || f.ID != 0 || f.CustomerID != 5 {
		t.Errorf("follow-up %+v", f)
	}
	_, r = mustKey(t, fus, "purchase:77:big2")
	if r.Rule != shop.RuleBigTicketQuarter || !strings.Contains(r.Text, `"Espresso machine"`) || !strings.Contains(r.Text, "3-month") {
		t.Errorf("big2 reason %+v", r)
	}
	if want := lt(t, zLA, "2027-02-11 10:00"); !r.NaturalDue.Equal(want) {
		t.Errorf("big2 natural due %s, want %s", r.NaturalDue, want)
	}
}

func TestPlanEmailDays(t *testing.T) {
	// §3 email and mail: business customers on Tue/Wed, consumers on Fri/Sat, a little
	// before the time the customer usually replies. A misc issue by email resolved
	// on the given day is due 7 days later.
	cases := []struct {
		name     string
		kind     shop.CustomerKind
		b2b      bool
		resolved string
		replies  []string // local times of the customer's inbound emails
		want     string
	}{
		{"§3 a consumer's email due on a Monday moves to Friday", shop.KindConsumer, false, "2026-11-09 10:00", nil, "Fri 2026-11-20 09:00"},
		{"§3 a business email due on a Monday moves to Tuesday", shop.KindBusiness, false, "2026-11-09 10:00", nil, "Tue 2026-11-17 09:00"},
		{"§3 a business email due on a Thursday moves to next Tuesday", shop.KindBusiness, false, "2026-11-05 10:00", nil, "Tue 2026-11-17 09:00"},
		{"§3 a business email due on a Wednesday stays", shop.KindBusiness, false, "2026-11-11 10:00", nil, "Wed 2026-11-18 09:00"},
		{"§3 a consumer's email due on a Saturday stays", shop.KindConsumer, false, "2026-11-14 10:00", nil, "Sat 2026-11-21 09:00"},
		{"§3 unknown kind at a business-to-business shop: Tuesday", "", true, "2026-11-09 10:00", nil, "Tue 2026-11-17 09:00"},
		{"§3 unknown kind at a consumer shop: Friday", "", false, "2026-11-09 10:00", nil, "Fri 2026-11-20 09:00"},
		{"§3 usual reply 14:00 → sent 13:30", shop.KindConsumer, false, "2026-11-09 10:00",
			[]string{"2026-10-01 13:50", "2026-10-08 14:10", "2026-10-15 14:00"}, "Fri 2026-11-20 13:30"},
		{"§3 replies either side of midnight average to midnight → sent 23:30", shop.KindConsumer, false, "2026-11-09 10:00",
			[]string{"2026-10-01 23:50", "2026-10-08 00:10"}, "Fri 2026-11-20 23:30"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cust := person(5, zBerlin)
			cust.Kind = c.kind
			is := shop.Issue{ID: 10, CustomerID: 5, Type: shop.IssueMisc, Channel: shop.ChannelEmail, Summary: "opening hours",
				OpenedAt: lt(t, zBerlin, c.resolved).Add(-time.Hour), ResolvedAt: ptr(lt(t, zBerlin, c.resolved))}
			cp := CustomerPlan{Customer: CustomerOf(cust), Issues: []shop.Issue{is}}
			for i, s := range c.replies {
				cp.Contacts = append(cp.Contacts, shop.Contact{ID: shop.ID(i + 1), CustomerID: 5, At: lt(t, zBerlin, s), Channel: shop.ChannelEmail, Direction: shop.Inbound})
			}
			// An outbound email and an inbound call must not count as replies.
			cp.Contacts = append(cp.Contacts,
				shop.Contact{ID: 90, CustomerID: 5, At: lt(t, zBerlin, "2026-10-02 06:00"), Channel: shop.ChannelEmail, Direction: shop.Outbound},
				shop.Contact{ID: 91, CustomerID: 5, At: lt(t, zBerlin, "2026-10-02 06:00"), Channel: shop.ChannelPhone, Direction: shop.Inbound})
			in := shopInput(lt(t, zBerlin, c.resolved).Add(time.Hour), cp)
			in.Business.BusinessToBusiness = c.b2b
			f, _ := mustKey(t, Plan(in), "issue:10:first")
			if f.Channel != shop.ChannelEmail {
				t.Errorf("channel %s, want email", f.Channel)
			}
			if got := fmtLocal(t, f.Due, zBerlin); got != c.want {
				t.Errorf("due %s, want %s", got, c.want)
			}
		})
	}
}

func TestPlanChannels(t *testing.T) {
	// §2: follow up over the same medium the customer used; a stated preference wins;
	// a channel the customer cannot be reached on falls back.
	cases := []struct {
		name string
		used shop.Channel
		cust func(c *shop.Customer)
		want shop.Channel
	}{
		{"§2 phone → phone", shop.ChannelPhone, nil, shop.ChannelPhone},
		{"§2 email → email", shop.ChannelEmail, nil, shop.ChannelEmail},
		{"§2 letter → letter", shop.ChannelLetter, nil, shop.ChannelLetter},
		{"§2 visit → phone", shop.ChannelVisit, nil, shop.ChannelPhone},
		{"§2 web → email", shop.ChannelWeb, nil, shop.ChannelEmail},
		{"§2 preference overrides the medium", shop.ChannelPhone, func(c *shop.Customer) { c.PreferredChannel = shop.ChannelLetter }, shop.ChannelLetter},
		{"§2 email without an address falls back to phone", shop.ChannelEmail, func(c *shop.Customer) { c.Email = "" }, shop.ChannelPhone},
		{"§2 email without an address or phone falls back to letter", shop.ChannelEmail, func(c *shop.Customer) { c.Email, c.Phone = "", "" }, shop.ChannelLetter},
		{"§2 phone without a number falls back to email", shop.ChannelPhone, func(c *shop.Customer) { c.Phone = "" }, shop.ChannelEmail},
		{"§2 phone without a number or email falls back to letter", shop.ChannelPhone, func(c *shop.Customer) { c.Phone, c.Email = "", "" }, shop.ChannelLetter},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cust := person(5, zLA)
			if c.cust != nil {
				c.cust(&cust)
			}
			is := shop.Issue{ID: 10, CustomerID: 5, Type: shop.IssueMisc, Channel: c.used, Summary: "gift wrapping",
				OpenedAt: lt(t, zLA, "2026-05-01 11:00"), ResolvedAt: ptr(lt(t, zLA, "2026-05-01 12:00"))}
			f, _ := mustKey(t, Plan(shopInput(lt(t, zLA, "2026-05-02 09:00"), CustomerPlan{Customer: CustomerOf(cust), Issues: []shop.Issue{is}})), "issue:10:first")
			if f.Channel != c.want {
				t.Errorf("channel %s, want %s", f.Channel, c.want)
			}
		})
	}
}

func TestPlanPromises(t *testing.T) {
	// §1 "Do what you say": a promise is due exactly when promised, even outside the
	// call windows, on a Sunday, on a full day, and it outranks routine.
	now := lt(t, zLA, "2026-06-01 09:00")
	pr := shop.Promise{ID: 4, CustomerID: 5, IssueID: 10, Due: lt(t, zLA, "2026-06-07 07:15"), Channel: "", AssigneeID: 2, Note: "call back about the refund"}
	is := shop.Issue{ID: 10, CustomerID: 5, Type: shop.IssueBilling, Channel: shop.ChannelEmail, Summary: "double charge", Reference: "B-9",
		OpenedAt: lt(t, zLA, "2026-05-28 10:00"), ResolvedAt: ptr(lt(t, zLA, "2026-05-29 10:00"))}
	in := shopInput(now, CustomerPlan{Customer: CustomerOf(person(5, zLA)), Promises: []shop.Promise{pr}, Issues: []shop.Issue{is}})
	in.Rules.BlockMinutes = 5 // one call a day
	in.Booked = map[string]int{"2026-06-07": 9}
	fus := Plan(in)
	f, r := mustKey(t, fus, "promise:4")
	if !f.Due.Equal(pr.Due) {
		t.Errorf("promise due %s, want exactly %s", fmtLocal(t, f.Due, zLA), fmtLocal(t, pr.Due, zLA))
	}
	if !f.Promised || f.Priority > shop.PriorityPromise || f.Channel != shop.ChannelPhone || f.AssigneeID != 2 || f.Overdue {
		t.Errorf("promise follow-up %+v", f)
	}
	if r.Rule != shop.RulePromise || r.PromiseID != 4 || r.IssueID != 10 || r.Reference != "B-9" ||
		r.Text != `Promised follow-up on the issue "double charge" (ref B-9): call back about the refund` {
		t.Errorf("promise reason %+v", r)
	}

	t.Run("§1 an overdue promise stays at its time and shows overdue", func(t *testing.T) {
		in := in
		in.Now = lt(t, zLA, "2026-06-20 09:00")
		f, _ := mustKey(t, Plan(in), "promise:4")
		if !f.Due.Equal(pr.Due) || !f.Overdue || !f.Promised {
			t.Errorf("overdue promise %+v", f)
		}
	})
	t.Run("§4 a promise made by someone who has left goes to the issue's handler order", func(t *testing.T) {
		in := shopInput(now, CustomerPlan{Customer: CustomerOf(person(5, zLA)), Promises: []shop.Promise{{ID: 4, CustomerID: 5, Due: pr.Due, AssigneeID: 3, Channel: shop.ChannelEmail}}})
		f, _ := mustKey(t, Plan(in), "promise:4")
		if f.AssigneeID != 1 || f.Channel != shop.ChannelEmail || !f.Due.Equal(pr.Due) {
			t.Errorf("promise %+v", f)
		}
	})
}

func TestPlanDoNotContact(t *testing.T) {
	// model.go: DoNotContact is absolute — not even promises or relationship calls.
	now := lt(t, zLA, "2026-06-01 09:00")
	cust := person(5, zLA)
	cust.DoNotContact = true
	cp := CustomerPlan{
		Customer:     CustomerOf(cust),
		Purchases:    []shop.Purchase{{ID: 1, CustomerID: 5, At: now.Add(-time.Hour), AmountCents: 900_000}},
		Issues:       []shop.Issue{{ID: 2, CustomerID: 5, Type: shop.IssueComplaint, Channel: shop.ChannelPhone, OpenedAt: now.Add(-48 * time.Hour), Escalated: true}},
		Promises:     []shop.Promise{{ID: 3, CustomerID: 5, Due: now.Add(24 * time.Hour)}},
		Relationship: true,
		Sampled:      map[shop.ID]bool{1: true},
	}
	other := CustomerPlan{Customer: CustomerOf(person(6, zLA)), Promises: []shop.Promise{{ID: 9, CustomerID: 6, Due: now.Add(24 * time.Hour)}}}
	fus := Plan(shopInput(now, cp, other))
	for _, f := range fus {
		if f.CustomerID == 5 {
			t.Errorf("planned for a do-not-contact customer: %+v", f)
		}
	}
	if len(fus) != 1 {
		t.Errorf("want only the other customer's promise, got\n%s", dump(fus))
	}
}

func TestPlanDoneAndOverrides(t *testing.T) {
	// CustomerPlan.Done and Overrides: completed reasons never come back; a retry is
	// not planned before NotBefore; a pinned time is kept exactly.
	now := lt(t, zLA, "2026-06-01 16:00")
	pu := shop.Purchase{ID: 1, CustomerID: 5, At: lt(t, zLA, "2026-06-01 15:20"), Items: "Grinder", AmountCents: 120_000, Channel: shop.ChannelVisit}
	cases := []struct {
		name      string
		done      []string
		overrides []shop.Override
		want      map[string]string // key → local due; "" means not planned
		overdue   bool
		prio      int
	}{
		{"Done: a completed thank-you is not planned again; the calls still are",
			[]string{"purchase:1:thanks"}, nil,
			map[string]string{"purchase:1:thanks": "", "purchase:1:big1": "Mon 2026-06-08 15:20"}, false, shop.PriorityRoutine},
		{"NotBefore: a retry after no answer is not planned before 10 Jun 12:00, then at the wanted 15:20",
			nil, []shop.Override{{Key: "purchase:1:big1", NotBefore: lt(t, zLA, "2026-06-10 12:00"), Attempts: 1}},
			map[string]string{"purchase:1:big1": "Wed 2026-06-10 15:20"}, false, shop.PriorityRoutine},
		{"NotBefore: 16:00 is past the wanted 15:20, so as soon as allowed that day",
			nil, []shop.Override{{Key: "purchase:1:big1", NotBefore: lt(t, zLA, "2026-06-10 16:00")}},
			map[string]string{"purchase:1:big1": "Wed 2026-06-10 16:00"}, false, shop.PriorityRoutine},
		{"NotBefore: after the last call start on a Saturday, and no Sunday calls: Monday at the wanted time",
			nil, []shop.Override{{Key: "purchase:1:big1", NotBefore: lt(t, zLA, "2026-06-13 19:58")}},
			// Sat 19:58 has no call start left (last is 19:55), Sunday is off: Monday at 15:20.
			map[string]string{"purchase:1:big1": "Mon 2026-06-15 15:20"}, false, shop.PriorityRoutine},
		{"Pinned: the owner's time is kept exactly, even at 07:00, with the reason's own priority",
			nil, []shop.Override{{Key: "purchase:1:big1", Pinned: lt(t, zLA, "2026-06-09 07:00")}},
			map[string]string{"purchase:1:big1": "Tue 2026-06-09 07:00"}, false, shop.PriorityRoutine},
		{"Pinned in the past: kept as is and shown overdue",
			nil, []shop.Override{{Key: "purchase:1:big1", Pinned: lt(t, zLA, "2026-06-01 10:00")}},
			map[string]string{"purchase:1:big1": "Mon 2026-06-01 10:00"}, true, shop.PriorityOverdue},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cp := CustomerPlan{Customer: CustomerOf(person(5, zLA)), Purchases: []shop.Purchase{pu}, Overrides: map[string]shop.Override{}, Done: map[string]bool{}}
			for _, k := range c.done {
				cp.Done[k] = true
			}
			for _, o := range c.overrides {
				cp.Overrides[o.Key] = o
			}
			fus := Plan(shopInput(now, cp))
			for k, w := range c.want {
				f, _, ok := byKey(fus, k)
				switch {
				case w == "" && ok:
					t.Errorf("%s planned, want it left out", k)
				case w != "" && !ok:
					t.Errorf("%s not planned\n%s", k, dump(fus))
				case w != "":
					if got := fmtLocal(t, f.Due, zLA); got != w {
						t.Errorf("%s due %s, want %s", k, got, w)
					}
					if k == "purchase:1:big1" && (f.Overdue != c.overdue || f.Priority != c.prio) {
						t.Errorf("%s overdue=%v prio=%d, want %v %d", k, f.Overdue, f.Priority, c.overdue, c.prio)
					}
				}
			}
		})
	}
}

func TestPlanMergesOneDay(t *testing.T) {
	// Golden rule "don't bother anyone": a support follow-up and a big-ticket call on
	// the same day become one call, at the earlier time, carrying both reasons.
	now := lt(t, zLA, "2026-06-01 16:00")
	cp := CustomerPlan{
		Customer:  CustomerOf(person(5, zLA)),
		Purchases: []shop.Purchase{{ID: 1, CustomerID: 5, At: lt(t, zLA, "2026-06-01 15:20"), Items: "Grinder", AmountCents: 120_000, Channel: shop.ChannelVisit, SoldBy: 2}},
		Issues: []shop.Issue{{ID: 10, CustomerID: 5, Type: shop.IssueSupport, Channel: shop.ChannelPhone, Summary: "burr alignment", HandledBy: 1,
			OpenedAt: lt(t, zLA, "2026-06-01 11:00"), ResolvedAt: ptr(lt(t, zLA, "2026-06-01 11:30"))}},
	}
	fus := Plan(shopInput(now, cp))
	f1, _ := mustKey(t, fus, "issue:10:first")
	f2, _ := mustKey(t, fus, "purchase:1:big1")
	if f1.Due != f2.Due || len(f1.Reasons) != 2 {
		t.Fatalf("want one follow-up with both reasons, got\n%s", dump(fus))
	}
	if got := fmtLocal(t, f1.Due, zLA); got != "Mon 2026-06-08 11:00" {
		t.Errorf("due %s, want the earlier call time Mon 2026-06-08 11:00", got)
	}
	if f1.Reasons[0].Key != "issue:10:first" || f1.AssigneeID != 1 || f1.Channel != shop.ChannelPhone {
		t.Errorf("the earlier call should lead: %+v", f1)
	}
	perDay := map[string]int{}
	for _, f := range fus {
		perDay[f.Due.In(mustZone(t, zLA)).Format(time.DateOnly)]++
	}
	for d, n := range perDay {
		if n > 1 {
			t.Errorf("%d follow-ups on %s", n, d)
		}
	}

	t.Run("a promise leads a merged day: its channel and exact time", func(t *testing.T) {
		cp := cp
		cp.Promises = []shop.Promise{{ID: 4, CustomerID: 5, Due: lt(t, zLA, "2026-06-08 09:00"), Channel: shop.ChannelEmail, AssigneeID: 2}}
		f, _ := mustKey(t, Plan(shopInput(now, cp)), "promise:4")
		if len(f.Reasons) != 3 || f.Reasons[0].Key != "promise:4" || f.Channel != shop.ChannelEmail || !f.Promised ||
			fmtLocal(t, f.Due, zLA) != "Mon 2026-06-08 09:00" || f.Priority != shop.PriorityPromise {
			t.Errorf("merged follow-up %+v", f)
		}
	})
}

func TestPlanPriority(t *testing.T) {
	// §6 priority classes.
	now := lt(t, zLA, "2026-06-10 12:00")
	pu := shop.Purchase{ID: 1, CustomerID: 5, At: lt(t, zLA, "2026-06-01 15:20"), AmountCents: 120_000, Channel: shop.ChannelVisit}
	cases := []struct {
		name    string
		cp      CustomerPlan
		key     string
		want    int
		overdue bool
		due     string
	}{
		{"§6 routine: a call due in the future",
			CustomerPlan{Customer: CustomerOf(person(5, zLA)), Purchases: []shop.Purchase{{ID: 1, CustomerID: 5, At: lt(t, zLA, "2026-06-05 15:20"), AmountCents: 120_000}}},
			"purchase:1:big1", shop.PriorityRoutine, false, "Fri 2026-06-12 15:20"},
		{"§6 overdue: a call due two days ago is planned today at the next good time, ranked after promises",
			CustomerPlan{Customer: CustomerOf(person(5, zLA)), Purchases: []shop.Purchase{pu}},
			"purchase:1:big1", shop.PriorityOverdue, true, "Wed 2026-06-10 15:20"},
		{"§6 promise: a promise ranks above overdue and routine items",
			CustomerPlan{Customer: CustomerOf(person(5, zLA)), Promises: []shop.Promise{{ID: 3, CustomerID: 5, Due: lt(t, zLA, "2026-06-11 10:00"), AssigneeID: 2}}},
			"promise:3", shop.PriorityPromise, false, "Thu 2026-06-11 10:00"},
		{"§6 open problem: every follow-up of a customer with an open case comes first",
			CustomerPlan{Customer: CustomerOf(person(5, zLA)), Purchases: []shop.Purchase{{ID: 1, CustomerID: 5, At: lt(t, zLA, "2026-06-05 15:20"), AmountCents: 120_000}},
				Issues: []shop.Issue{{ID: 2, CustomerID: 5, Type: shop.IssueSupport, Channel: shop.ChannelPhone, OpenedAt: lt(t, zLA, "2026-06-09 10:00")}}},
			"purchase:1:big1", shop.PriorityOpenProblem, false, "Fri 2026-06-12 15:20"},
		{"§6 a trivial open question is no open problem",
			CustomerPlan{Customer: CustomerOf(person(5, zLA)), Purchases: []shop.Purchase{{ID: 1, CustomerID: 5, At: lt(t, zLA, "2026-06-05 15:20"), AmountCents: 120_000}},
				Issues: []shop.Issue{{ID: 2, CustomerID: 5, Type: shop.IssueSupport, Channel: shop.ChannelPhone, Trivial: true, OpenedAt: lt(t, zLA, "2026-06-09 10:00")}}},
			"purchase:1:big1", shop.PriorityRoutine, false, "Fri 2026-06-12 15:20"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, _ := mustKey(t, Plan(shopInput(now, c.cp)), c.key)
			if f.Priority != c.want || f.Overdue != c.overdue {
				t.Errorf("priority %d overdue %v, want %d %v", f.Priority, f.Overdue, c.want, c.overdue)
			}
			if got := fmtLocal(t, f.Due, zLA); got != c.due {
				t.Errorf("due %s, want %s", got, c.due)
			}
		})
	}
}

func TestPlanOverdueTodayIfPossible(t *testing.T) {
	// "Planned at the next allowed slot from Now (today if still possible)": at 19:58
	// nothing fits today any more, so tomorrow at the wanted time; at 12:10 (lunch)
	// the nearest allowed time after now is 13:30.
	pu := shop.Purchase{ID: 1, CustomerID: 5, At: lt(t, zLA, "2026-06-01 11:00"), AmountCents: 120_000, Channel: shop.ChannelVisit}
	cases := []struct{ name, now, want string }{
		{"§3 overdue, asked at lunch time: 13:30 today", "2026-06-10 12:10", "Wed 2026-06-10 13:30"},
		{"§3 overdue, asked after the last call start: tomorrow at the wanted 11:00", "2026-06-10 19:58", "Thu 2026-06-11 11:00"},
		{"§3 overdue, asked before the wanted time: at the wanted time", "2026-06-10 09:00", "Wed 2026-06-10 11:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, _ := mustKey(t, Plan(shopInput(lt(t, zLA, c.now), CustomerPlan{Customer: CustomerOf(person(5, zLA)), Purchases: []shop.Purchase{pu}})), "purchase:1:big1")
			if got := fmtLocal(t, f.Due, zLA); got != c.want || !f.Overdue {
				t.Errorf("due %s overdue %v, want %s overdue", got, f.Overdue, c.want)
			}
		})
	}
}

func TestPlanLapse(t *testing.T) {
	// Rules.LapseDays (14): missed routine items are dropped after two weeks; promises
	// and reasons of open issues never are.
	now := lt(t, zLA, "2026-06-30 09:00")
	cp := CustomerPlan{
		Customer: CustomerOf(person(5, zLA)),
		Purchases: []shop.Purchase{
			{ID: 1, CustomerID: 5, At: lt(t, zLA, "2026-06-01 15:20"), AmountCents: 120_000}, // thanks 29 days ago, big1 22 days ago, big2 ahead
			{ID: 2, CustomerID: 5, At: lt(t, zLA, "2026-06-16 10:00"), AmountCents: 1_000},   // thanks exactly 14 days ago: kept
			{ID: 3, CustomerID: 5, At: lt(t, zLA, "2026-06-15 10:00"), AmountCents: 1_000},   // 15 days ago: dropped
		},
		Issues: []shop.Issue{
			{ID: 7, CustomerID: 5, Type: shop.IssueSupport, Channel: shop.ChannelPhone, OpenedAt: lt(t, zLA, "2025-06-01 10:00")}, // open for a year
			{ID: 8, CustomerID: 5, Type: shop.IssueSupport, Channel: shop.ChannelPhone, OpenedAt: lt(t, zLA, "2026-01-01 10:00"),
				ResolvedAt: ptr(lt(t, zLA, "2026-01-02 10:00"))},
		},
		Promises: []shop.Promise{{ID: 4, CustomerID: 5, Due: lt(t, zLA, "2026-03-01 10:00")}},
	}
	got := keys(Plan(shopInput(now, cp)))
	want := []string{"issue:7:first", "promise:4", "purchase:1:big2", "purchase:2:thanks"}
	if !slices.Equal(got, want) {
		t.Errorf("planned %v, want %v", got, want)
	}
}

func TestPlanAssignee(t *testing.T) {
	// §4 who: the person who handled it → a senior → anyone; escalations to a senior;
	// choices among several are spread by customer ID.
	now := lt(t, zLA, "2026-06-01 09:00")
	staffAll := []shop.Staff{{ID: 1, Senior: true, Active: true}, {ID: 2, Active: true}, {ID: 3, Active: false, Senior: true}, {ID: 4, Senior: true, Active: true}}
	juniors := []shop.Staff{{ID: 2, Active: true}, {ID: 5, Active: true}}
	cases := []struct {
		name      string
		staff     []shop.Staff
		cust      shop.ID
		handledBy shop.ID
		escalated bool
		want      shop.ID
	}{
		{"§4 the person who handled the issue", staffAll, 10, 2, false, 2},
		{"§4 handler has left: a senior (customer 10 → seniors[10 mod 2] = 1)", staffAll, 10, 3, false, 1},
		{"§4 handler has left: a senior (customer 11 → seniors[11 mod 2] = 4)", staffAll, 11, 3, false, 4},
		{"§4 nobody handled it, no seniors: anyone (customer 11 → 5)", juniors, 11, 0, false, 5},
		{"§6 escalated, handled by a non-senior: a senior", staffAll, 10, 2, true, 1},
		{"§6 escalated, handled by a senior: that senior", staffAll, 10, 4, true, 4},
		{"§4 no staff at all: nobody", nil, 10, 2, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			is := shop.Issue{ID: 9, CustomerID: c.cust, Type: shop.IssueSupport, Channel: shop.ChannelPhone, HandledBy: c.handledBy, Escalated: c.escalated,
				OpenedAt: lt(t, zLA, "2026-05-30 10:00"), ResolvedAt: ptr(lt(t, zLA, "2026-05-30 11:00"))}
			in := shopInput(now, CustomerPlan{Customer: CustomerOf(person(c.cust, zLA)), Issues: []shop.Issue{is}})
			in.Staff = c.staff
			f, _ := mustKey(t, Plan(in), "issue:9:first")
			if f.AssigneeID != c.want {
				t.Errorf("assignee %d, want %d", f.AssigneeID, c.want)
			}
		})
	}
	t.Run("§4 a sale: the seller, or a senior when the seller has left", func(t *testing.T) {
		for _, c := range []struct {
			soldBy, want shop.ID
		}{{2, 2}, {3, 1}, {0, 1}} {
			in := shopInput(now, CustomerPlan{Customer: CustomerOf(person(10, zLA)), Purchases: []shop.Purchase{
				{ID: 1, CustomerID: 10, At: lt(t, zLA, "2026-05-31 10:00"), SoldBy: c.soldBy, AmountCents: 100}}})
			in.Staff = staffAll
			if f, _ := mustKey(t, Plan(in), "purchase:1:thanks"); f.AssigneeID != c.want {
				t.Errorf("sold by %d: assignee %d, want %d", c.soldBy, f.AssigneeID, c.want)
			}
		}
	})
}

func TestPlanRelationship(t *testing.T) {
	// Seeds 001/002: a courtesy call today, by a senior other than the last person who
	// looked after the customer, at about the time they last contacted the shop.
	now := lt(t, zLA, "2026-06-02 09:00")
	staff := []shop.Staff{{ID: 1, Senior: true, Active: true}, {ID: 2, Active: true}, {ID: 4, Senior: true, Active: true}}
	cp := CustomerPlan{
		Customer:     CustomerOf(person(10, zNY)),
		Relationship: true,
		Contacts: []shop.Contact{
			{ID: 2, CustomerID: 10, At: lt(t, zNY, "2026-06-01 15:40"), Channel: shop.ChannelPhone, Direction: shop.Inbound, StaffID: 1},
			{ID: 1, CustomerID: 10, At: lt(t, zNY, "2026-05-20 11:00"), Channel: shop.ChannelVisit, Direction: shop.Inbound, StaffID: 4},
		},
	}
	in := shopInput(now, cp)
	in.Staff = staff
	f, r := mustKey(t, Plan(in), "relationship:2026-06-02")
	if f.AssigneeID != 4 {
		t.Errorf("assignee %d, want senior 4 (senior 1 handled the last contact)", f.AssigneeID)
	}
	if got := fmtLocal(t, f.Due, zNY); got != "Tue 2026-06-02 15:40" || f.Channel != shop.ChannelPhone {
		t.Errorf("due %s %s, want a call Tue 2026-06-02 15:40 New York time", got, f.Channel)
	}
	if r.Rule != shop.RuleRelationship || !strings.Contains(r.Text, "no sales intent") || f.Priority != shop.PriorityRoutine {
		t.Errorf("reason %+v priority %d", r, f.Priority)
	}
	t.Run("§4 the only senior calls even if they were the last", func(t *testing.T) {
		in := in
		in.Staff = staff[:2]
		if f, _ := mustKey(t, Plan(in), "relationship:2026-06-02"); f.AssigneeID != 1 {
			t.Errorf("assignee %d, want 1", f.AssigneeID)
		}
	})
}

func TestPlanZoneFallback(t *testing.T) {
	// FollowUp.TimeZone: the customer's zone if valid, else the shop's, else UTC.
	now := lt(t, zLA, "2026-06-01 09:00")
	cases := []struct{ name, cust, shop, want string }{
		{"customer's own zone", zTokyo, zLA, zTokyo},
		{"unknown customer zone: the shop's", "Mars/Olympus", zLA, zLA},
		{"no zones at all: UTC", "", "", "UTC"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := shopInput(now, CustomerPlan{Customer: CustomerOf(person(5, c.cust)), Promises: []shop.Promise{{ID: 1, CustomerID: 5, Due: now.Add(time.Hour)}}})
			in.Business.TimeZone = c.shop
			fus := Plan(in)
			if len(fus) != 1 || fus[0].TimeZone != c.want {
				t.Errorf("got\n%s want zone %s", dump(fus), c.want)
			}
		})
	}
}

func TestPlanCapacity(t *testing.T) {
	// §3 the owner's block: 3 calls a day (15 minutes, 5 per call). On Mon 8 Jun two
	// customers with open problems (fixed), and three routine big-ticket calls.
	// Open problems stay; the best-ranked routine call (most spent) takes the last
	// place; the other two move to Tue 9 Jun at their wanted times.
	now := lt(t, zLA, "2026-06-01 16:00")
	bought := lt(t, zLA, "2026-06-01 15:20")
	routine := func(id shop.ID, spend int64, at string) CustomerPlan {
		return CustomerPlan{Customer: CustomerOf(person(id, zLA)), LifetimeCents: spend,
			Purchases: []shop.Purchase{{ID: id * 10, CustomerID: id, At: lt(t, zLA, at), AmountCents: 120_000, Channel: shop.ChannelVisit}}}
	}
	open := func(id shop.ID) CustomerPlan {
		return CustomerPlan{Customer: CustomerOf(person(id, zLA)), LifetimeCents: 1,
			Issues: []shop.Issue{{ID: id * 10, CustomerID: id, Type: shop.IssueSupport, Channel: shop.ChannelPhone, OpenedAt: bought.Add(-time.Hour), RepliedAt: ptr(bought.Add(-time.Hour))}}}
	}
	plans := []CustomerPlan{
		open(1), open(2),
		routine(3, 50_000, "2026-06-01 11:00"),
		routine(4, 900_000, "2026-06-01 14:00"),
		routine(5, 10_000, "2026-06-01 10:30"),
	}
	in := shopInput(now, plans...)
	in.Rules.BlockMinutes = 15
	fus := Plan(in)

	want := map[string]string{
		"issue:10:first":   "Mon 2026-06-08 14:20", // open problems stay, on the 8th
		"issue:20:first":   "Mon 2026-06-08 14:20",
		"purchase:40:big1": "Mon 2026-06-08 14:00", // most spent: keeps its place
		"purchase:30:big1": "Tue 2026-06-09 11:00", // moved a day, same wanted minute
		"purchase:50:big1": "Tue 2026-06-09 10:30",
		"purchase:30:big2": "Mon 2026-08-31 11:00",
		"purchase:40:big2": "Mon 2026-08-31 14:00",
		"purchase:50:big2": "Mon 2026-08-31 10:30",
		"issue:10:second":  "", // support, not complicated
	}
	for k, w := range want {
		f, _, ok := byKey(fus, k)
		if w == "" {
			if ok {
				t.Errorf("%s planned, want none", k)
			}
			continue
		}
		if !ok {
			t.Errorf("%s missing\n%s", k, dump(fus))
			continue
		}
		if got := fmtLocal(t, f.Due, zLA); got != w {
			t.Errorf("%s due %s, want %s", k, got, w)
		}
	}

	t.Run("§3 calls booked for other customers count: both routine calls move", func(t *testing.T) {
		in := in
		in.Booked = map[string]int{"2026-06-08": 1}
		fus := Plan(in)
		for k, w := range map[string]string{"purchase:40:big1": "Tue 2026-06-09 14:00", "purchase:30:big1": "Tue 2026-06-09 11:00", "purchase:50:big1": "Tue 2026-06-09 10:30"} {
			f, _ := mustKey(t, fus, k)
			if got := fmtLocal(t, f.Due, zLA); got != w {
				t.Errorf("%s due %s, want %s", k, got, w)
			}
		}
	})
	t.Run("§3 a full Saturday moves the call past Sunday to Monday", func(t *testing.T) {
		in := shopInput(now, routine(3, 50_000, "2026-06-06 11:00"), routine(4, 900_000, "2026-06-06 14:00"))
		in.Rules.BlockMinutes = 5
		fus := Plan(in)
		f, _ := mustKey(t, fus, "purchase:30:big1")
		if got := fmtLocal(t, f.Due, zLA); got != "Mon 2026-06-15 11:00" {
			t.Errorf("moved to %s, want Mon 2026-06-15 11:00", got)
		}
	})
	t.Run("§3 a moved call joins the customer's follow-up already planned on the next day", func(t *testing.T) {
		// Customer 3 also has a misc issue by email due on Tue 9 Jun: the moved call
		// and that email become one call.
		r3 := routine(3, 50_000, "2026-06-01 11:00")
		r3.Issues = []shop.Issue{{ID: 99, CustomerID: 3, Type: shop.IssueMisc, Channel: shop.ChannelEmail, Summary: "catalogue",
			OpenedAt: lt(t, zLA, "2026-06-02 08:00"), ResolvedAt: ptr(lt(t, zLA, "2026-06-02 08:00"))}}
		cust := r3.Customer
		cust.Kind = shop.KindBusiness // Tuesday is a send day for a business
		r3.Customer = cust
		in := shopInput(now, open(1), open(2), r3, routine(4, 900_000, "2026-06-01 14:00"))
		in.Rules.BlockMinutes = 15
		fus := Plan(in)
		f, _ := mustKey(t, fus, "purchase:30:big1")
		g, _ := mustKey(t, fus, "issue:99:first")
		if f.Due != g.Due || len(f.Reasons) != 2 || f.Channel != shop.ChannelPhone || fmtLocal(t, f.Due, zLA) != "Tue 2026-06-09 11:00" {
			t.Errorf("want one call Tue 2026-06-09 11:00 with both reasons, got\n%s", dump(fus))
		}
	})
	t.Run("§3 no limit when the block is zero", func(t *testing.T) {
		in := in
		in.Rules.BlockMinutes = 0
		f, _ := mustKey(t, Plan(in), "purchase:30:big1")
		if got := fmtLocal(t, f.Due, zLA); got != "Mon 2026-06-08 11:00" {
			t.Errorf("due %s, want Mon 2026-06-08 11:00", got)
		}
	})
}

func TestPlanDeterministicAndSorted(t *testing.T) {
	// Plan is a pure function: same input, same output, sorted by Due then customer.
	in := randomShop(7, 60)
	a, b := Plan(in), Plan(in)
	if len(a) == 0 {
		t.Fatal("random shop planned nothing")
	}
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatal("two plans of the same input differ")
	}
	if !slices.IsSortedFunc(a, func(x, y shop.FollowUp) int {
		if c := x.Due.Compare(y.Due); c != 0 {
			return c
		}
		return int(x.CustomerID - y.CustomerID)
	}) {
		t.Error("plan not sorted by Due then CustomerID")
	}
}

// TestOneLineIsFieldsJoined: oneLine returns most texts as they are, and must
// then give exactly what joining strings.Fields would: every mix of spaces, other
// white space (ASCII and not) and letters up to three characters long.
func TestOneLineIsFieldsJoined(t *testing.T) {
	alphabet := []string{"a", " ", "\t", "\n", "\r", "\v", "\f", "\u0085", "\u00a0", "\u2003", "é"}
	var each func(prefix string, left int)
	each = func(prefix string, left int) {
		if want := strings.Join(strings.Fields(prefix), " "); oneLine(prefix) != want {
			t.Errorf("oneLine(%q) = %q, want %q", prefix, oneLine(prefix), want)
		}
		if left == 0 {
			return
		}
		for _, c := range alphabet {
			each(prefix+c, left-1)
		}
	}
	each("", 3)
}
