package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/demo/demotest"
	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/remind"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/pgtest"
	"github.com/rapport-app/rapport/data/store/storetest"
)

// The head of Today, sorted by SQLite, is the start of the list Today ranks in Go,
// for everyone and for each member of staff (their own and nobody's calls), with
// the counts of that part of the list: on the demo shop (promises kept and
// broken, open problems) and on a generated one (thousands of follow-ups, many
// customers with the same spend), through the day as promises come due.
func TestTodayHeadIsTheStartOfToday(t *testing.T) {
	for _, tc := range []struct {
		name  string
		st    *store.Store
		now   time.Time
		least int // follow-ups today at the least
	}{
		{"demo", onTheSuitesEngine(t, demotest.Demo(t, demoNow)), demoNow, 5},
		{"generated", onTheSuitesEngine(t, demotest.Sized(t, demoNow, 1_500, 15_000, 3_000)), demoNow, 50},
		{"ties", tiedDay(t, onTheSuitesEngine(t, demotest.Sized(t, demoNow, 1_500, 15_000, 3_000))), demoNow, 50},
	} {
		ctx := context.Background()
		staff, err := tc.st.Staff(ctx)
		if err != nil {
			t.Fatal(err)
		}
		people := []shop.ID{0, 1 << 40} // everyone's; someone's who has no calls
		for _, p := range staff {
			people = append(people, p.ID)
		}
		// Half a second after a promise's time it is broken.
		for _, after := range []time.Duration{0, 500 * time.Millisecond, 3 * time.Hour, 7 * time.Hour} {
			now := tc.now.Add(after)
			tc.st.Now = func() time.Time { return now }
			day, err := tc.st.Today(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(day) < tc.least {
				t.Fatalf("%s: today lists %d follow-ups; want a day to rank", tc.name, len(day))
			}
			for _, me := range people {
				want := remind.ForStaff(day, me)
				for _, n := range []int{1, 7, len(want) + 3} {
					head, counts, all, err := tc.st.TodayHead(ctx, me, n)
					if err != nil {
						t.Fatal(err)
					}
					w := want[:min(n, len(want))]
					if !reflect.DeepEqual(ids(head), ids(w)) {
						t.Errorf("%s at +%v, staff %d, first %d: head %v, Today %v", tc.name, after, me, n, ids(head), ids(w))
					} else if !reflect.DeepEqual(head, w) && len(w) > 0 {
						t.Errorf("%s at +%v, staff %d, first %d: the items differ from Today's:\n%+v\n%+v", tc.name, after, me, n, head[0], w[0])
					}
					if wc := planner.CountDay(want, now); counts != wc || all != len(day) {
						t.Errorf("%s at +%v, staff %d: counts %+v of %d, want %+v of %d", tc.name, after, me, counts, all, wc, len(day))
					}
				}
			}
		}
	}
}

// tiedDay reshapes st's stored plan for today into the cases the order has to
// break: follow-ups at the same time for customers who spent the same, promises
// whose order by time is not their order by spend (some broken), and follow-ups
// nobody is assigned to.
func tiedDay(t *testing.T, st *store.Store) *store.Store {
	t.Helper()
	ctx := context.Background()
	day, err := st.Today(ctx)
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.SQL(t, st)
	tie := demoNow.Add(2 * time.Hour).Unix()
	for i, it := range day {
		promised := demoNow.Add(time.Duration(i%11-5) * time.Hour).Unix()
		for _, q := range []struct {
			when bool
			sql  string
			args []any
		}{
			{i%3 == 0, `UPDATE followups SET due = ?, promise_due = CASE WHEN priority = 1 THEN ? ELSE 0 END WHERE id = ?`, []any{tie, tie, it.ID}},
			{i%4 == 0, `UPDATE customers SET lifetime_cents = 123456 WHERE id = ?`, []any{it.CustomerID}},
			{i%5 == 0, `UPDATE followups SET priority = ?, promised = 1, due = ?, promise_due = ? WHERE id = ?`,
				[]any{shop.PriorityPromise, promised, promised, it.ID}},
			{i%7 == 0, `UPDATE followups SET assignee_id = NULL WHERE id = ?`, []any{it.ID}},
		} {
			if q.when {
				if _, err := db.ExecContext(ctx, q.sql, q.args...); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return st
}

// onTheSuitesEngine is st, or under RAPPORT_TEST_ENGINE=postgres a copy of it in a
// fresh PostgreSQL database, with st's clock.
func onTheSuitesEngine(t *testing.T, st *store.Store) *store.Store {
	t.Helper()
	if !pgtest.OnPostgres() {
		return st
	}
	url := pgtest.NewDatabase(t)
	if _, err := st.CopyTo(context.Background(), url); err != nil {
		t.Fatal(err)
	}
	there := storetest.OpenFile(t, url)
	there.Now = st.Now
	return there
}

func ids(items []shop.AgendaItem) []shop.ID {
	out := make([]shop.ID, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}
