package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/engine"
)

// promiseShop is a New York shop with a senior (Maya) and a sales associate
// (Priya), and a customer in Chicago, on a store whose clock the test moves.
type promiseShop struct {
	s           *Store
	now         *time.Time
	maya, priya shop.Staff
	tom         shop.Customer
}

func newPromiseShop(t *testing.T) promiseShop {
	t.Helper()
	s := openTest(t)
	now := fixedNow // Monday 23 November 2026, 14:00 in New York
	s.Now = func() time.Time { return now }
	ctx := context.Background()
	if err := s.SaveBusiness(ctx, shop.Business{Name: "Harbor & Pine", TimeZone: "America/New_York", BigTicketCents: 50_000}); err != nil {
		t.Fatal(err)
	}
	ps := promiseShop{s: s, now: &now,
		maya:  shop.Staff{Name: "Maya Chen", Senior: true, Active: true},
		priya: shop.Staff{Name: "Priya Nair", Active: true}}
	for _, st := range []*shop.Staff{&ps.maya, &ps.priya} {
		if err := s.SaveStaff(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	ps.tom = mustCustomer(t, s, shop.Customer{Name: "Tom Becker", Phone: "+1 312 555 0107", Email: "tom.becker@example.com", TimeZone: "America/Chicago"})
	return ps
}

// promise records a promise by Priya to Tom, due at the New York wall clock.
func (ps promiseShop) promise(t *testing.T, due string) shop.Promise {
	t.Helper()
	ny, _ := time.LoadLocation("America/New_York")
	at, err := time.ParseInLocation("2006-01-02 15:04", due, ny)
	if err != nil {
		t.Fatal(err)
	}
	p := shop.Promise{CustomerID: ps.tom.ID, Due: at, Channel: shop.ChannelPhone, AssigneeID: ps.priya.ID, Note: "Call back with the supplier's answer"}
	if err := ps.s.AddPromise(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// at sets the clock to a New York wall clock on the day of fixedNow.
func (ps promiseShop) at(t *testing.T, clock string) {
	t.Helper()
	ny, _ := time.LoadLocation("America/New_York")
	v, err := time.ParseInLocation("2006-01-02 15:04", "2026-11-23 "+clock, ny)
	if err != nil {
		t.Fatal(err)
	}
	*ps.now = v
}

// pendingFor is the pending follow-up carrying the promise.
func (ps promiseShop) pendingFor(t *testing.T, p shop.Promise) shop.AgendaItem {
	t.Helper()
	items, err := ps.s.Agenda(context.Background(), p.Due.Add(-48*time.Hour), p.Due.Add(48*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		for _, r := range it.Reasons {
			if r.PromiseID == p.ID {
				return it
			}
		}
	}
	t.Fatalf("no pending follow-up carries promise %d", p.ID)
	return shop.AgendaItem{}
}

func ledgerState(t *testing.T, s *Store, id shop.ID) shop.PromiseRecord {
	t.Helper()
	recs, err := s.Promises(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("promise %d is not in the ledger", id)
	return shop.PromiseRecord{}
}

func TestTheLedgerJudgesPromisesAndSurvivesReplanning(t *testing.T) {
	ps := newPromiseShop(t)
	ctx := context.Background()
	kept := ps.promise(t, "2026-11-23 15:00")
	late := ps.promise(t, "2026-11-24 11:00")
	broken := ps.promise(t, "2026-11-25 11:00")
	if r := ledgerState(t, ps.s, kept.ID); r.Outcome.State != shop.PromiseOpen || r.MadeByName != "Priya Nair" || r.Customer.Name != "Tom Becker" {
		t.Fatalf("a promise not yet due: %s, made by %q, to %q; want open, Priya Nair, Tom Becker", r.Outcome.State, r.MadeByName, r.Customer.Name)
	}

	// Kept at 15:20, within the hour: on time.
	ps.at(t, "15:20")
	if err := ps.s.Complete(ctx, ps.pendingFor(t, kept).ID, shop.Outcome{Status: shop.StatusDone, Notes: "Supplier agreed"}); err != nil {
		t.Fatal(err)
	}
	// The next day's promise is kept at 13:30, two and a half hours late.
	*ps.now = late.Due.Add(150 * time.Minute)
	if err := ps.s.Complete(ctx, ps.pendingFor(t, late).ID, shop.Outcome{Status: shop.StatusDone}); err != nil {
		t.Fatal(err)
	}
	// The third is never kept: broken once its time passed.
	*ps.now = broken.Due.Add(10 * time.Minute)
	want := map[shop.ID]shop.PromiseState{kept.ID: shop.PromiseKept, late.ID: shop.PromiseKeptLate, broken.ID: shop.PromiseBroken}
	check := func(when string) {
		t.Helper()
		recs, err := ps.s.Promises(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 3 || recs[0].ID != broken.ID {
			t.Errorf("%s: the ledger has %d promises, the first %d; want 3, the broken one (%d) first", when, len(recs), recs[0].ID, broken.ID)
		}
		for _, r := range recs {
			if r.Outcome.State != want[r.ID] {
				t.Errorf("%s: promise %d is %s, want %s", when, r.ID, r.Outcome.State, want[r.ID])
			}
		}
	}
	check("after the outcomes")
	if _, err := ps.s.Replan(ctx); err != nil {
		t.Fatal(err)
	}
	check("after a full re-plan")
	if err := ps.s.SaveRules(ctx, shop.DefaultRules()); err != nil {
		t.Fatal(err)
	}
	check("after the rules were saved")
	toKeep, err := ps.s.PromisesToKeep(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(toKeep) != 1 || toKeep[0].ID != broken.ID {
		t.Errorf("promises to keep: %d, want only the broken one", len(toKeep))
	}
}

func TestUndoingAnImportCannotRemoveAPromisesHistory(t *testing.T) {
	ps := newPromiseShop(t)
	ctx := context.Background()
	p := ps.promise(t, "2026-11-23 15:00")
	ps.at(t, "15:05")
	if err := ps.s.Complete(ctx, ps.pendingFor(t, p).ID, shop.Outcome{Status: shop.StatusDone}); err != nil {
		t.Fatal(err)
	}

	// An import merges into Tom (a new phone number) and adds a sale of his and an
	// issue, about which Priya then promises a call.
	ps.at(t, "16:00")
	b := ImportBatch{Kind: "sales", FileName: "till.csv"}
	var issue shop.Issue
	err := ps.s.Import(ctx, &b, func(tx *ImportTx) error {
		before, err := tx.Customer(ps.tom.ID)
		if err != nil {
			return err
		}
		c := before
		c.Phone = "+1 312 555 0199"
		if err := tx.UpdateCustomer(&c, before); err != nil {
			return err
		}
		sale := shop.Purchase{CustomerID: ps.tom.ID, At: ps.s.Now().Add(-time.Hour), Items: "Grinder", AmountCents: 89_500, Channel: shop.ChannelVisit}
		if err := tx.AddPurchase(&sale); err != nil {
			return err
		}
		issue = shop.Issue{CustomerID: ps.tom.ID, Type: shop.IssueSupport, Channel: shop.ChannelPhone, OpenedAt: ps.s.Now().Add(-time.Hour), Summary: "Grinder jams"}
		b.MergedCustomers, b.Sales, b.Rows = 1, 1, 1
		return tx.AddIssue(&issue)
	})
	if err != nil {
		t.Fatal(err)
	}
	second := shop.Promise{CustomerID: ps.tom.ID, IssueID: issue.ID, Due: ps.s.Now().Add(24 * time.Hour), Channel: shop.ChannelPhone, AssigneeID: ps.priya.ID}
	if err := ps.s.AddPromise(ctx, &second); err != nil {
		t.Fatal(err)
	}
	// The undo would take the issue the second promise is about: refused, and
	// nothing changes.
	if _, err := ps.s.UndoImport(ctx, b.ID); !errors.Is(err, ErrUndoUnsafe) || !strings.Contains(err.Error(), "promised to Tom Becker") {
		t.Fatalf("undo with a promise about an imported issue: %v, want it refused naming the promise", err)
	}
	if r := ledgerState(t, ps.s, second.ID); r.Outcome.State != shop.PromiseOpen || r.IssueID != issue.ID {
		t.Errorf("after the refused undo the promise is %s about issue %d, want open about %d", r.Outcome.State, r.IssueID, issue.ID)
	}

	// Without that promise the undo goes through, and the first promise's history
	// (kept, by which follow-up) stays whole.
	if _, err := ps.s.db.Exec(`DELETE FROM promises WHERE id = ?`, second.ID); err != nil {
		t.Fatal(err)
	}
	before := ledgerState(t, ps.s, p.ID)
	if _, err := ps.s.UndoImport(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	after := ledgerState(t, ps.s, p.ID)
	if after.Outcome.State != shop.PromiseKept || after.Outcome.KeptBy != before.Outcome.KeptBy || !after.Outcome.KeptAt.Equal(before.Outcome.KeptAt) {
		t.Errorf("after the undo the promise is %s, kept by %d at %s; want kept by %d at %s", after.Outcome.State,
			after.Outcome.KeptBy, after.Outcome.KeptAt, before.Outcome.KeptBy, before.Outcome.KeptAt)
	}
	if c, _ := ps.s.Customer(ctx, ps.tom.ID); c.Phone != ps.tom.Phone {
		t.Errorf("the undo left Tom's phone %q, want %q back", c.Phone, ps.tom.Phone)
	}
}

func TestABrokenPromiseIsEscalatedToASeniorOnce(t *testing.T) {
	ps := newPromiseShop(t)
	ctx := context.Background()
	p := ps.promise(t, "2026-11-23 15:00")

	// Broken, but for less than an hour: nothing yet, and nothing written.
	ps.at(t, "15:59")
	if got, err := ps.s.EscalateBrokenPromises(ctx); err != nil || len(got) != 0 {
		t.Fatalf("at 15:59: escalated %d, %v; want none", len(got), err)
	}
	ps.at(t, "16:01")
	got, err := ps.s.EscalateBrokenPromises(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != p.ID || got[0].Promise.EscalatedTo != ps.maya.ID || got[0].EscalatedFrom != ps.priya.ID ||
		got[0].EscalatedToName != "Maya Chen" || !got[0].EscalatedAt.Equal(ps.s.Now()) {
		t.Fatalf("escalated %+v; want promise %d from Priya (%d) to Maya (%d), now", got, p.ID, ps.priya.ID, ps.maya.ID)
	}
	// The call is now on the senior's list, still a promise, still broken.
	if it := ps.pendingFor(t, p); it.AssigneeID != ps.maya.ID || it.Assignee != "Maya Chen" || !it.Promised {
		t.Errorf("the promise's follow-up is assigned to %q (%d), want Maya Chen", it.Assignee, it.AssigneeID)
	}
	if r := ledgerState(t, ps.s, p.ID); r.MadeByName != "Priya Nair" || r.AssigneeName != "Maya Chen" || r.Outcome.State != shop.PromiseBroken {
		t.Errorf("ledger: made by %q, now with %q, %s; want Priya Nair, Maya Chen, broken", r.MadeByName, r.AssigneeName, r.Outcome.State)
	}
	// The customer's brief says so.
	br, err := ps.s.Brief(ctx, ps.tom.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(br.Promises) != 1 || br.Promises[0].EscalatedToName != "Maya Chen" || br.Promises[0].EscalatedAt.IsZero() {
		t.Errorf("the brief's promises: %+v; want the one escalated to Maya Chen", br.Promises)
	}

	// Once: later, and from a second copy of Rapport on the same file, nothing more.
	ps.at(t, "17:30")
	if got, err := ps.s.EscalateBrokenPromises(ctx); err != nil || len(got) != 0 {
		t.Errorf("at 17:30: escalated %d again, %v", len(got), err)
	}
	other, _, err := Open(ps.s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.Now = ps.s.Now
	if got, err := other.EscalateBrokenPromises(ctx); err != nil || len(got) != 0 {
		t.Errorf("a second copy escalated %d again, %v", len(got), err)
	}
}

func TestTwoCopiesRacingEscalateAPromiseOnce(t *testing.T) {
	ps := newPromiseShop(t)
	ctx := context.Background()
	ps.promise(t, "2026-11-23 15:00")
	ps.at(t, "16:30")
	at := ps.s.Path()
	if !engine.IsURL(at) {
		at = filepath.Clean(at) // the same file by another name
	}
	other, _, err := Open(at)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.Now = ps.s.Now
	results := make(chan int, 2)
	for _, st := range []*Store{ps.s, other} {
		go func() {
			got, err := st.EscalateBrokenPromises(ctx)
			if err != nil {
				t.Error(err)
			}
			results <- len(got)
		}()
	}
	if n := <-results + <-results; n != 1 {
		t.Errorf("two copies escalated %d times between them, want once", n)
	}
}
