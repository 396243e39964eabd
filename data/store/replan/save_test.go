package replan_test

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/replan"
	"github.com/rapport-app/rapport/data/store/storetest"
)

// pendingIDs is the ID of every pending follow-up, by its customer and lead
// reason (several customers share a lead reason: the day's relationship calls).
func pendingIDs(t *testing.T, s *store.Store) map[string]shop.ID {
	t.Helper()
	items, err := s.Agenda(context.Background(), time.Unix(0, 0), storetest.Now.AddDate(2, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]shop.ID{}
	for _, it := range items {
		out[fmt.Sprint(it.CustomerID, " ", it.Reasons[0].Key)] = it.ID
	}
	if len(out) == 0 {
		t.Fatal("nothing is pending")
	}
	return out
}

// storedPending is every pending follow-up as its rows read back, by its customer
// and lead reason: what a re-plan wrote, without the IDs.
func storedPending(t *testing.T, s *store.Store) map[string]string {
	t.Helper()
	rows, err := storetest.SQL(t, s).Query(`SELECT f.id, f.customer_id, f.due, f.day, f.time_zone, f.channel, coalesce(f.assignee_id, 0), f.priority, f.promised, f.overdue,
		f.promise_due, r.key, r.rule, r.text, r.reference, coalesce(r.purchase_id, 0), r.natural_due
		FROM followups f JOIN followup_reasons r ON r.followup_id = f.id WHERE f.status = 'pending' ORDER BY f.id, r.rowid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	byID := map[int64]string{}
	lead := map[int64]string{}
	for rows.Next() {
		var id, cust, due, assignee, priority, promised, overdue, promiseDue, purchase, natural int64
		var day, zone, channel, key, rule, text, ref string
		if err := rows.Scan(&id, &cust, &due, &day, &zone, &channel, &assignee, &priority, &promised, &overdue, &promiseDue, &key, &rule, &text, &ref, &purchase, &natural); err != nil {
			t.Fatal(err)
		}
		if _, ok := byID[id]; !ok {
			lead[id] = fmt.Sprint(cust, " ", key)
			byID[id] = fmt.Sprint(cust, due, day, zone, channel, assignee, priority, promised, overdue, promiseDue)
		}
		byID[id] += fmt.Sprint(" |", key, rule, text, ref, purchase, natural)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for id, v := range byID {
		out[lead[id]] = v
	}
	return out
}

// A re-plan that moves more follow-ups than one statement writes (a rule
// changed for everyone) leaves the same rows as a plan written from nothing,
// each follow-up keeping its ID.
func TestAReplanThatMovesHundredsOfFollowUpsWritesThemAll(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	n := replan.BatchRows + 44 // a full batch and then batches of 32, 8 and 4
	err := s.Write(ctx, func(tx *store.Tx) error {
		b, err := tx.Business()
		if err != nil {
			return err
		}
		b.TimeZone, b.BigTicketCents = "America/New_York", 50000
		if err := tx.SetProfile(b, shop.LetterSettings{}); err != nil {
			return err
		}
		for i := range n {
			c := shop.Customer{Name: fmt.Sprintf("Customer %03d", i), Phone: fmt.Sprintf("+1 212 555 %04d", i), TimeZone: "America/New_York"}
			if err := tx.AddCustomer(&c); err != nil {
				return err
			}
			p := shop.Purchase{CustomerID: c.ID, At: storetest.Now.AddDate(0, 0, -1-i%5), Items: "Espresso machine", AmountCents: 90000, Channel: shop.ChannelVisit}
			if err := tx.AddPurchase(&p); err != nil {
				return err
			}
		}
		_, err = tx.ReplanAll()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	before := pendingIDs(t, s)
	was := storedPending(t, s)
	r, err := s.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r.BigTicketWeekDays += 3
	if err := s.SaveRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	moved := storedPending(t, s)
	changed := 0
	for key, v := range moved {
		if was[key] != "" && was[key] != v {
			changed++
		}
	}
	if changed <= replan.BatchRows {
		t.Fatalf("the rule moved %d follow-ups; the test needs more than %d", changed, replan.BatchRows)
	}
	after := pendingIDs(t, s)
	for key, id := range before {
		if a, ok := after[key]; ok && a != id {
			t.Errorf("the follow-up led by %s moved from #%d to #%d", key, id, a)
		}
	}

	sameAsFromNothing(t, s, moved, "over the old plan")
}

// A new day moves most follow-ups without touching their place in Today's order
// (updateMoved), but a promise's place is its time: every follow-up's promise_due
// stays its due time if it is a promise and 0 if not, in history, over a week of
// new days, and when the owner moves a promise to another time (a re-plan writes
// it, with its class unchanged). At the end of the week the follow-ups moved day
// after day are the rows the same plan written from nothing has.
func TestMovedFollowUpsAndPromisesAreWrittenWhole(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	var promises []shop.Promise
	err := s.Write(ctx, func(tx *store.Tx) error {
		b, err := tx.Business()
		if err != nil {
			return err
		}
		b.TimeZone = "America/New_York"
		if err := tx.SetProfile(b, shop.LetterSettings{}); err != nil {
			return err
		}
		for i := range 40 {
			c := shop.Customer{Name: fmt.Sprintf("Customer %02d", i), Phone: fmt.Sprintf("+1 212 555 %04d", i), TimeZone: "America/New_York"}
			if err := tx.AddCustomer(&c); err != nil {
				return err
			}
			p := shop.Purchase{CustomerID: c.ID, At: storetest.Now.AddDate(0, 0, -1-i%9), Items: "Espresso machine", AmountCents: int64(20000 + 1000*i), Channel: shop.ChannelVisit}
			if err := tx.AddPurchase(&p); err != nil {
				return err
			}
			if i == 0 { // a promise kept last week
				h := shop.FollowUp{CustomerID: c.ID, Due: storetest.Now.AddDate(0, 0, -7), TimeZone: "America/New_York", Channel: shop.ChannelPhone,
					Priority: shop.PriorityPromise, Promised: true, Status: shop.StatusDone, CompletedAt: storetest.Now.AddDate(0, 0, -7),
					Reasons: []shop.Reason{{Key: "history:promise", Rule: "promise", Text: "Call back about the grinder", NaturalDue: storetest.Now.AddDate(0, 0, -7)}}}
				if err := tx.RecordHistory(&h); err != nil {
					return err
				}
			}
			if i%4 == 0 { // some broken already, some still to keep
				promises = append(promises, shop.Promise{CustomerID: c.ID, Due: storetest.Now.Add(time.Duration(i-20) * time.Hour), Channel: shop.ChannelPhone,
					Note: "call back", CreatedAt: storetest.Now.AddDate(0, 0, -2)})
			}
		}
		_, err = tx.ReplanAll()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range promises {
		if err := s.AddPromise(ctx, &promises[i]); err != nil {
			t.Fatal(err)
		}
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for day := range 7 {
		s.Now = func() time.Time { return storetest.Now.AddDate(0, 0, day) }
		if _, err := s.Replan(ctx); err != nil {
			t.Fatal(err)
		}
		if storetest.PromiseDue(t, s) == 0 {
			t.Fatalf("day %d: no promise is pending", day)
		}
		if day != 1 {
			continue
		}
		// Wednesday late morning, a minute apart.
		before := promiseTimes(t, s)
		i := 0
		for id := range before {
			if err := s.Reschedule(ctx, id, time.Date(2026, 11, 25, 11, i, 0, 0, ny)); err != nil {
				t.Fatal(err)
			}
			i++
		}
		moved := 0
		for id, due := range promiseTimes(t, s) {
			if was, ok := before[id]; ok && was != due {
				moved++
			}
		}
		if moved == 0 {
			t.Fatal("no promise moved to its new time: the test needs some that do")
		}
		storetest.PromiseDue(t, s)
	}

	sameAsFromNothing(t, s, storedPending(t, s), "day after day")
}

// sameAsFromNothing fails t unless the pending follow-ups written (storedPending,
// written how) are the rows the same plan has written from nothing: it deletes
// them and re-plans.
func sameAsFromNothing(t *testing.T, s *store.Store, written map[string]string, how string) {
	t.Helper()
	if _, err := storetest.SQL(t, s).Exec(`DELETE FROM followups WHERE status = 'pending'`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Replan(context.Background()); err != nil {
		t.Fatal(err)
	}
	fresh := storedPending(t, s)
	if maps.Equal(fresh, written) {
		return
	}
	for key, v := range fresh {
		if written[key] != v {
			t.Errorf("the follow-up led by %s:\nwritten %s %s\nwritten from nothing %s", key, how, written[key], v)
			break
		}
	}
	t.Errorf("%d follow-ups written %s, %d from nothing; they differ", len(written), how, len(fresh))
}

// promiseTimes is the due time of each pending promise, by ID.
func promiseTimes(t *testing.T, s *store.Store) map[shop.ID]int64 {
	t.Helper()
	rows, err := storetest.SQL(t, s).Query(`SELECT id, due FROM followups WHERE status = 'pending' AND priority = ?`, shop.PriorityPromise)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[shop.ID]int64{}
	for rows.Next() {
		var id shop.ID
		var due int64
		if err := rows.Scan(&id, &due); err != nil {
			t.Fatal(err)
		}
		out[id] = due
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
