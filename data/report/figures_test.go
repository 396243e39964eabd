package report

import (
	"reflect"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

var staff = []shop.Staff{{ID: 1, Name: "Maya"}, {ID: 2, Name: "Leo"}}

// at is day d of the period at hour h, New York time.
func at(in Input, d, h int) time.Time {
	return in.From.AddDate(0, 0, d).Add(time.Duration(h) * time.Hour).UTC()
}

func fu(id shop.ID, who shop.ID, due time.Time, st shop.Status, done time.Time, keys ...string) shop.FollowUp {
	f := shop.FollowUp{ID: id, CustomerID: 100 + id, AssigneeID: who, Due: due, TimeZone: "America/New_York", Status: st, CompletedAt: done}
	for _, k := range keys {
		f.Reasons = append(f.Reasons, shop.Reason{Key: k, Rule: shop.RuleThankYou, PurchaseID: 1})
	}
	return f
}

func TestFollowUpTally(t *testing.T) {
	in := shopAt(14) // Monday 3 and Monday 10 March 2025
	in.Staff = staff
	in.Now = at(in, 12, 9)
	in.FollowUps = []shop.FollowUp{
		fu(1, 1, at(in, 0, 10), shop.StatusDone, at(in, 0, 11), "a"),     // on the day
		fu(2, 1, at(in, 1, 10), shop.StatusDone, at(in, 2, 11), "b"),     // a day late
		fu(3, 2, at(in, 2, 10), shop.StatusNoAnswer, at(in, 2, 10), "c"), // tried, then…
		fu(4, 2, at(in, 3, 10), shop.StatusDone, at(in, 3, 12), "c"),     // …done on the retry
		fu(5, 2, at(in, 4, 10), shop.StatusNoAnswer, at(in, 4, 10), "d"), // tried, never again: lapsed
		fu(6, 1, at(in, 8, 10), shop.StatusSkipped, at(in, 8, 10), "e"),
		fu(7, 1, at(in, 9, 10), shop.StatusRescheduled, at(in, 9, 10), "f"),
		fu(8, 1, at(in, 11, 10), shop.StatusPending, time.Time{}, "f"),  // the rescheduled one, overdue
		fu(9, 0, at(in, 13, 10), shop.StatusPending, time.Time{}, "g"),  // later in the period
		fu(10, 1, at(in, 20, 10), shop.StatusPending, time.Time{}, "h"), // after the period
	}
	in.FollowUps[1].Overdue = true // done late, as the planner carries it over
	got := Compute(in).FollowUps
	want := Tally{Planned: 9, Done: 3, OnTheDay: 2, NoAnswer: 2, Rescheduled: 1, Skipped: 1, Overdue: 1, Upcoming: 1, Lapsed: 1}
	if got.Total != want {
		t.Errorf("total\n%+v\nwant\n%+v", got.Total, want)
	}
	if got.Total.Missed() != 5 {
		t.Errorf("missed = %d, want 2 no answer + 1 skipped + 1 overdue + 1 lapsed", got.Total.Missed())
	}
	wantWeeks := []WeekTally{
		{"2025-03-03", Tally{Planned: 5, Done: 3, OnTheDay: 2, NoAnswer: 2, Lapsed: 1}},
		{"2025-03-10", Tally{Planned: 4, Skipped: 1, Rescheduled: 1, Overdue: 1, Upcoming: 1}},
	}
	if !reflect.DeepEqual(got.Weeks, wantWeeks) {
		t.Errorf("weeks\n%+v\nwant\n%+v", got.Weeks, wantWeeks)
	}
	wantPeople := []PersonTally{
		{"Maya", Tally{Planned: 5, Done: 2, OnTheDay: 1, Skipped: 1, Rescheduled: 1, Overdue: 1}},
		{"Leo", Tally{Planned: 3, Done: 1, OnTheDay: 1, NoAnswer: 2, Lapsed: 1}},
		{"Nobody", Tally{Planned: 1, Upcoming: 1}},
	}
	if !reflect.DeepEqual(got.People, wantPeople) {
		t.Errorf("people\n%+v\nwant\n%+v", got.People, wantPeople)
	}
}

func TestPromisesKept(t *testing.T) {
	in := shopAt(14)
	in.Staff = staff
	in.Now = at(in, 10, 12)
	promise := func(id shop.ID, who shop.ID, due time.Time) shop.Promise {
		return shop.Promise{ID: id, CustomerID: 100 + id, AssigneeID: who, Due: due}
	}
	in.Promises = []shop.Promise{
		promise(1, 1, at(in, 1, 15)),  // kept that day, in the evening
		promise(2, 1, at(in, 2, 15)),  // kept the next day
		promise(3, 2, at(in, 3, 15)),  // no answer, never done: broken
		promise(4, 2, at(in, 12, 15)), // not due yet
		promise(5, 2, at(in, 30, 15)), // after the period
	}
	carry := func(f shop.FollowUp, p shop.ID) shop.FollowUp {
		f.Reasons = []shop.Reason{{Key: "promise", Rule: shop.RulePromise, PromiseID: p}}
		return f
	}
	in.FollowUps = []shop.FollowUp{
		carry(fu(1, 1, at(in, 1, 15), shop.StatusDone, at(in, 1, 21), ""), 1),
		carry(fu(2, 1, at(in, 2, 15), shop.StatusNoAnswer, at(in, 2, 15), ""), 2),
		carry(fu(3, 1, at(in, 3, 15), shop.StatusDone, at(in, 3, 10), ""), 2),
		carry(fu(4, 2, at(in, 3, 15), shop.StatusNoAnswer, at(in, 3, 15), ""), 3),
	}
	got := Compute(in).Promises
	if want := (PromiseTally{Promised: 4, OnTime: 1, Late: 1, Broken: 1, Open: 1}); got.Total != want {
		t.Errorf("total %+v, want %+v", got.Total, want)
	}
	want := []PersonPromises{{"Leo", PromiseTally{Promised: 2, Broken: 1, Open: 1}}, {"Maya", PromiseTally{Promised: 2, OnTime: 1, Late: 1}}}
	if !reflect.DeepEqual(got.People, want) {
		t.Errorf("people\n%+v\nwant\n%+v", got.People, want)
	}
}

func TestFeedbackScores(t *testing.T) {
	in := shopAt(59) // March and April 2025
	in.Staff = staff
	in.Issues = []shop.Issue{{ID: 7, Type: shop.IssueComplaint, OpenedAt: at(in, -20, 10)}}
	in.Names = map[shop.ID]string{101: "Ann", 102: "Bob"}
	scored := func(id, who shop.ID, d, score int, r shop.Reason, notes string) shop.FollowUp {
		return shop.FollowUp{ID: id, CustomerID: 100 + id, AssigneeID: who, Due: at(in, d, 10), Status: shop.StatusDone,
			CompletedAt: at(in, d, 11), Score: score, Notes: notes, Reasons: []shop.Reason{r}}
	}
	complaint := shop.Reason{Rule: shop.RuleComplaintUpdate, IssueID: 7, Text: "Complaint about stale beans"}
	sale := shop.Reason{Rule: shop.RuleSmallSample, PurchaseID: 3, Text: "Quick check on the beans"}
	in.FollowUps = []shop.FollowUp{
		scored(1, 1, 2, 1, complaint, "Still unhappy"),
		scored(2, 2, 5, 2, sale, "Grinder too loud"),
		scored(3, 1, 40, 5, sale, ""),
		scored(4, 1, 45, 4, sale, ""),
		scored(5, 2, 70, 5, sale, ""),                                // after the period
		{ID: 6, Status: shop.StatusDone, CompletedAt: at(in, 6, 10)}, // no score
	}
	got := Compute(in).Feedback
	if want := (Scores{Label: "All", Count: 4, Average: 3, Dist: [5]int{1, 1, 0, 1, 1}}); got.Total != want {
		t.Errorf("total %+v, want %+v", got.Total, want)
	}
	wantMonths := []Scores{{Label: "2025-03", Count: 2, Average: 1.5, Dist: [5]int{1, 1}}, {Label: "2025-04", Count: 2, Average: 4.5, Dist: [5]int{0, 0, 0, 1, 1}}}
	if !reflect.DeepEqual(got.Months, wantMonths) {
		t.Errorf("months %+v, want %+v", got.Months, wantMonths)
	}
	wantTopics := []Scores{{Label: "Complaint", Count: 1, Average: 1, Dist: [5]int{1}}, {Label: TopicSale, Count: 3, Average: 11.0 / 3, Dist: [5]int{0, 1, 0, 1, 1}}}
	if !reflect.DeepEqual(got.Topics, wantTopics) {
		t.Errorf("topics %+v, want %+v", got.Topics, wantTopics)
	}
	wantPeople := []Scores{{Label: "Maya", Count: 3, Average: 10.0 / 3, Dist: [5]int{1, 0, 0, 1, 1}}, {Label: "Leo", Count: 1, Average: 2, Dist: [5]int{0, 1}}}
	if !reflect.DeepEqual(got.People, wantPeople) {
		t.Errorf("people %+v, want %+v", got.People, wantPeople)
	}
	wantLow := []LowScore{
		{Date: "2025-03-05", Customer: "Ann", Person: "Maya", Score: 1, About: "Complaint about stale beans", Notes: "Still unhappy"},
		{Date: "2025-03-08", Customer: "Bob", Person: "Leo", Score: 2, About: "Quick check on the beans", Notes: "Grinder too loud"},
	}
	if !reflect.DeepEqual(got.Lowest, wantLow) {
		t.Errorf("lowest\n%+v\nwant\n%+v", got.Lowest, wantLow)
	}
}

func TestCommonProblems(t *testing.T) {
	in := shopAt(59)
	b := newBuilder(&in)
	ptr := func(t time.Time) *time.Time { return &t }
	// Customer 1 bought a machine and beans, then reports the machine; customer
	// 2 bought beans only and complains; customer 3 bought nothing before.
	b.cust = 0
	machine := func(c shop.ID, d int) {
		b.id++
		in.IssueSales = append(in.IssueSales, shop.Purchase{ID: b.id, CustomerID: c, At: at(in, d, 12), Items: "Linea Micra espresso machine", AmountCents: 400000})
	}
	beans := func(c shop.ID, d int) {
		b.id++
		in.IssueSales = append(in.IssueSales, shop.Purchase{ID: b.id, CustomerID: c, At: at(in, d, 12), Items: "House  espresso blend", AmountCents: 2800})
	}
	machine(1, 1)
	beans(1, 3)
	beans(2, 2)
	beans(4, 4)
	beans(5, -200) // too long before
	in.Issues = []shop.Issue{
		{ID: 1, CustomerID: 1, Type: shop.IssueSupport, OpenedAt: at(in, 12, 9), ResolvedAt: ptr(at(in, 14, 9)), Summary: "Machine shows a pressure warning"},
		{ID: 2, CustomerID: 2, Type: shop.IssueComplaint, OpenedAt: at(in, 6, 9), ResolvedAt: ptr(at(in, 6, 21)), Summary: "Stale"},
		{ID: 3, CustomerID: 3, Type: shop.IssueSupport, OpenedAt: at(in, 35, 9), Summary: "Where is my order?"},
		{ID: 4, CustomerID: 1, Type: shop.IssueSupport, OpenedAt: at(in, 36, 9), ResolvedAt: ptr(at(in, 42, 9)), Summary: "Espresso machine leaks"},
		{ID: 5, CustomerID: 5, Type: shop.IssueBilling, OpenedAt: at(in, -3, 9), Summary: "Before the period"},
	}
	got := Compute(in).Problems
	if got.Months[0].Month != "2025-03" || got.Months[0].Total != 2 || got.Months[0].Counts[shop.IssueSupport] != 1 || got.Months[0].Counts[shop.IssueComplaint] != 1 ||
		got.Months[1].Month != "2025-04" || got.Months[1].Total != 2 || got.Months[1].Counts[shop.IssueSupport] != 2 {
		t.Errorf("months %+v", got.Months)
	}
	support := got.Types[1]
	// Resolved in 2 and 6 days: median 4, 90th percentile 2 + .9 × 4 = 5.6.
	if support.Type != shop.IssueSupport || support.Opened != 3 || support.Resolved != 2 || support.StillOpen != 1 {
		t.Errorf("support %+v", support)
	}
	near(t, "support median days", support.MedianDays, 4, 1e-9)
	near(t, "support 90th percentile days", support.P90Days, 5.6, 1e-9)
	near(t, "complaint median days", got.Types[3].MedianDays, 0.5, 1e-9)
	if got.All.Opened != 4 || got.All.Resolved != 3 {
		t.Errorf("all %+v", got.All)
	}
	// The machine is named twice (the summaries share "machine"), the blend
	// once (customer 2's only purchase); customer 3 bought nothing.
	want := []Product{
		{Product: "Linea Micra espresso machine", Issues: 2, Share: 0.5},
		{Product: "House espresso blend", Issues: 1, Share: 0.25},
	}
	if !reflect.DeepEqual(got.Products, want) {
		t.Errorf("products\n%+v\nwant\n%+v", got.Products, want)
	}
}

func TestPeriodLabels(t *testing.T) {
	in := shopAt(31)
	in.Business.Name = "Harbor"
	r := Compute(in)
	if r.Shop != "Harbor" || r.From != "2025-03-03" || r.To != "2025-04-02" {
		t.Errorf("shop %q from %s to %s; want Harbor, 2025-03-03, 2025-04-02", r.Shop, r.From, r.To)
	}
}
