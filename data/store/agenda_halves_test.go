package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/tables"
)

// A long list is read in two halves side by side, on connections of their own; the
// list is the same as read in one, order and reasons included.
func TestALongListReadsTheSameInTwoHalves(t *testing.T) {
	s, _ := planShop(t)
	ctx := context.Background()
	from, to := fixedNow.AddDate(-1, 0, 0).Unix(), fixedNow.AddDate(1, 0, 0).Unix()
	one, err := s.queryAgendaN(ctx, 0, agendaCond, byDue, from, to)
	if err != nil {
		t.Fatal(err)
	}
	beside, err := s.queryAgendaN(ctx, splitRows, agendaCond, byDue, from, to)
	if err != nil {
		t.Fatal(err)
	}
	reasons := 0
	for _, it := range one {
		reasons += len(it.Reasons)
	}
	if len(one) < 6 || reasons <= len(one) {
		t.Fatalf("the shop has %d follow-ups with %d reasons; want some with several", len(one), reasons)
	}
	if !reflect.DeepEqual(one, beside) {
		t.Errorf("the list read in halves differs from the one read in one:\n%+v\n%+v", beside, one)
	}
	// So too as lines, which say what the items say.
	for _, n := range []int{0, splitRows} {
		lines, err := queryList(ctx, s, lineRows, n, agendaCond, byDue, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(lines, linesOf(one)) {
			t.Errorf("the lines read for about %d rows differ from the items read in one:\n%+v\n%+v", n, lines, linesOf(one))
		}
	}
	// Nothing pending: an empty list either way.
	none, err := s.queryAgendaN(ctx, splitRows, agendaCond, byDue, fixedNow.AddDate(-30, 0, 0).Unix(), fixedNow.AddDate(-29, 0, 0).Unix())
	if err != nil || len(none) != 0 {
		t.Errorf("an empty span read in halves = %d items, %v; want none", len(none), err)
	}
}

// A long list's reasons are each follow-up's own, in the order they were written,
// however they are read: by due time in the list's order (the agenda's, Today's,
// whole or in halves), or by follow-up. So too when the list changed between the two queries (another
// program re-planned: the list in another order, one follow-up gone), and for a
// follow-up without reasons between two with some.
func TestALongListHasEachFollowUpsOwnReasons(t *testing.T) {
	s, _ := planShop(t)
	ctx := context.Background()
	from, to := fixedNow.AddDate(-1, 0, 0).Unix(), fixedNow.AddDate(1, 0, 0).Unix()
	planned, err := s.queryAgendaN(ctx, 0, agendaCond, byDue, from, to)
	if err != nil {
		t.Fatal(err)
	}
	copyFollowUps(t, s, 3*reasonsByID/len(planned)+1)
	list, err := s.queryAgendaN(ctx, 0, agendaCond, byDue, from, to)
	if err != nil {
		t.Fatal(err)
	}
	// Long enough to be read in halves, each half's reasons by its condition.
	odd := 0
	for _, it := range list {
		odd += int(it.CustomerID % 2)
	}
	if len(list) < splitRows || min(odd, len(list)-odd) <= reasonsByID {
		t.Fatalf("the list has %d follow-ups, %d of customers of odd IDs; want %d or more, and more than %d in each half", len(list), odd, splitRows, reasonsByID)
	}
	// A follow-up without reasons in the middle of the list: Tx.History writes
	// whatever reasons it is given.
	bare := list[len(list)/2].ID
	if _, err := s.db.ExecContext(ctx, `DELETE FROM followup_reasons WHERE followup_id = ?`, bare); err != nil {
		t.Fatal(err)
	}
	want := reasonsOfEach(t, s)
	if len(want[bare]) != 0 || len(want) < len(list)-1 {
		t.Fatalf("%d of %d follow-ups have reasons, follow-up %d %d; want all but that one", len(want), len(list), bare, len(want[bare]))
	}
	check := func(how string, items []shop.AgendaItem) {
		t.Helper()
		for _, it := range items {
			if !reflect.DeepEqual(it.Reasons, want[it.ID]) {
				t.Errorf("%s: follow-up %d has reasons %+v; want %+v", how, it.ID, it.Reasons, want[it.ID])
			}
		}
	}
	list, err = s.queryAgendaN(ctx, 0, agendaCond, byDue, from, to)
	if err != nil {
		t.Fatal(err)
	}
	check("the agenda", list)
	halves, err := s.queryAgendaN(ctx, len(list), agendaCond, byDue, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(halves) != len(list) {
		t.Errorf("the agenda read in halves has %d follow-ups; want %d", len(halves), len(list))
	}
	check("the agenda in halves", halves)
	for how, q := range map[string]string{
		"by due time":  reasonsByDue(agendaCond),
		"by follow-up": reasonsOf(`SELECT f.id FROM followups f WHERE ` + agendaCond),
	} {
		for _, changed := range []bool{false, true} {
			items := slices.Clone(list)
			for i := range items {
				items[i].Reasons = nil
			}
			if changed {
				slices.Reverse(items)
				items = slices.Delete(items, 1, 2)
			}
			if err := addReasons(ctx, s, items, agendaRows.followUp, q, from, to); err != nil {
				t.Fatal(err)
			}
			check(fmt.Sprintf("%s, list changed %t", how, changed), items)
		}
	}
}

// copyFollowUps copies each pending follow-up copies times, one second later each
// time, with its reasons in the order they were written.
func copyFollowUps(t *testing.T, s *Store, copies int) {
	t.Helper()
	ctx := context.Background()
	const cols = `customer_id, due, day, time_zone, channel, assignee_id, priority, promised, overdue, status, notes, score, completed_at, spend_cents, customer_name, promise_due`
	// A promise's time moves with its due time.
	moved := strings.NewReplacer(" due, day,", " due + ?1, day,", "promise_due", "CASE WHEN promise_due = 0 THEN 0 ELSE promise_due + ?1 END").Replace(cols)
	err := s.InTx(ctx, func(tx *sql.Tx) error {
		var ids []shop.ID
		rows, err := tx.QueryContext(ctx, `SELECT id FROM followups WHERE status = 'pending' ORDER BY id`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id shop.ID
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			for k := 1; k <= copies; k++ {
				res, err := tx.ExecContext(ctx, `INSERT INTO followups (`+cols+`) SELECT `+moved+` FROM followups WHERE id = ?2`, k, id)
				if err != nil {
					return err
				}
				to, err := res.LastInsertId()
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO followup_reasons (followup_id, key, rule, text, purchase_id, issue_id, promise_id, reference, natural_due)
					SELECT ?, key, rule, text, purchase_id, issue_id, promise_id, reference, natural_due FROM followup_reasons WHERE followup_id = ? ORDER BY rowid`, to, id); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// reasonsOfEach reads every follow-up's reasons, each follow-up's in the order
// they were written.
func reasonsOfEach(t *testing.T, s *Store) map[shop.ID][]shop.Reason {
	t.Helper()
	rows, err := s.db.Query(`SELECT followup_id, key, rule, text, coalesce(purchase_id, 0), coalesce(issue_id, 0), coalesce(promise_id, 0),
		reference, natural_due FROM followup_reasons ORDER BY followup_id, rowid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[shop.ID][]shop.Reason{}
	for rows.Next() {
		var id shop.ID
		var r shop.Reason
		var nd int64
		if err := rows.Scan(&id, &r.Key, &r.Rule, &r.Text, &r.PurchaseID, &r.IssueID, &r.PromiseID, &r.Reference, &nd); err != nil {
			t.Fatal(err)
		}
		r.NaturalDue = tables.FromUnix(nd)
		out[id] = append(out[id], r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// The halves are merged into the even half's room, from the ends: every item of
// both in the order of byDue, in the even half's own array when it has room for
// the odd one, and whether either is empty. A customer may have several items in
// a half; no customer is in both.
func TestMergeByDueMergesIntoTheFirstList(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := fixedNow
	byDue := func(x, y shop.AgendaItem) int {
		return cmp.Or(x.Due.Compare(y.Due), cmp.Compare(x.CustomerID, y.CustomerID), cmp.Compare(x.ID, y.ID))
	}
	for round := range 500 {
		var a, b []shop.AgendaItem
		for i := range rng.IntN(14) {
			it := shop.AgendaItem{}
			it.ID = shop.ID(i + 1)
			it.CustomerID = shop.ID(rng.IntN(6)) // even customers in a, odd in b
			it.Due = base.Add(time.Duration(rng.IntN(4)) * time.Hour)
			if it.CustomerID%2 == 0 {
				a = append(a, it)
			} else {
				b = append(b, it)
			}
		}
		slices.SortFunc(a, byDue)
		slices.SortFunc(b, byDue)
		want := slices.SortedFunc(slices.Values(slices.Concat(a, b)), byDue)
		roomy := round%2 == 0
		if roomy {
			a = slices.Grow(a, len(b)) // room for both, as Today reads the even half
		} else {
			a = slices.Clip(a) // no room: the merge makes its own
		}
		got := mergeByDue(a, b, agendaRows.followUp)
		if len(got) != len(want) {
			t.Fatalf("round %d: %d items, want %d", round, len(got), len(want))
		}
		if roomy && len(got) > 0 && &got[:1][0] != &a[:1][0] {
			t.Fatalf("round %d: merged into a new array although the first list had room", round)
		}
		for i := range want {
			// Items of one customer at one time keep their order (byDue ties
			// them; the list reads them in the order the store gave).
			if got[i].CustomerID != want[i].CustomerID || !got[i].Due.Equal(want[i].Due) || got[i].ID != want[i].ID {
				t.Fatalf("round %d: item %d is #%d of customer %d at %s, want #%d of %d at %s", round, i,
					got[i].ID, got[i].CustomerID, got[i].Due, want[i].ID, want[i].CustomerID, want[i].Due)
			}
		}
	}
}
