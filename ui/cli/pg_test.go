package cli

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/pgtest"
)

// The same demo shop made on each engine at the same --now plans the same: the
// agenda's JSON is byte for byte the same.
func TestAgendaJSONIsTheSameOnBothEngines(t *testing.T) {
	pg := pgtest.NewDatabase(t)
	file := filepath.Join(t.TempDir(), "shop.db")
	now := "--now=" + demoNow.Format("2006-01-02T15:04:05Z07:00")
	var agendas []string
	for _, db := range []string{file, pg} {
		if out, errs, code := rapport(t, "--db", db, now, "demo"); code != 0 {
			t.Fatalf("demo on %s: exit %d: %s%s", db, code, out, errs)
		}
		out, errs, code := rapport(t, "--db", db, now, "agenda", "--from", "2026-11-23", "--to", "2026-12-31", "--json")
		if code != 0 {
			t.Fatalf("agenda on %s: exit %d: %s", db, code, errs)
		}
		agendas = append(agendas, out)
	}
	if len(agendas[0]) < 1000 {
		t.Fatalf("the demo shop's agenda is nearly empty: %q", agendas[0])
	}
	if agendas[0] != agendas[1] {
		t.Errorf("the agendas differ:\nSQLite:     %.600s\nPostgreSQL: %.600s", agendas[0], agendas[1])
	}
}

// A shop copied from a file to PostgreSQL and back is the same shop: the agenda
// reads the same, the copy names every table it checked, and a database with a
// shop in it is not copied into.
func TestCopyMovesAShopToPostgreSQLAndBack(t *testing.T) {
	d := newDemoShop(t)
	if store.IsURL(d.db) {
		t.Skip("the demo shop is on PostgreSQL already: this test starts from a file")
	}
	pg := pgtest.NewDatabase(t)
	back := filepath.Join(t.TempDir(), "back.db")
	want := d.ok("agenda", "--json")
	out := d.ok("copy", "--to", pg)
	for _, table := range []string{"customers", "purchases", "followup_reasons", "plan_state"} {
		if !strings.Contains(out, "\n"+table+" ") {
			t.Errorf("the copy does not name the table %s:\n%s", table, out)
		}
	}
	onPG := demoShop{t: t, db: pg}
	if got := onPG.ok("agenda", "--json"); got != want {
		t.Errorf("the agenda on PostgreSQL differs from the file's")
	}
	onPG.ok("copy", "--to", back)
	if got := (demoShop{t: t, db: back}).ok("agenda", "--json"); got != want {
		t.Errorf("the agenda of the file copied back differs from the first file's")
	}
	d.refused(1, "already has a shop in it", "copy", "--to", pg)
	d.refused(1, "already has a shop in it", "copy", "--to", back)
	// What was refused left the target as it was.
	if got := onPG.ok("agenda", "--json"); got != want {
		t.Errorf("a refused copy changed the target")
	}
	st, _, err := store.Open(pg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.CopyTo(t.Context(), back); !errors.Is(err, store.ErrTargetNotEmpty) {
		t.Errorf("CopyTo a file with a shop = %v; want ErrTargetNotEmpty", err)
	}
}
