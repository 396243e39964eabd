package cli

import (
	"errors"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/demo/demotest"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
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
	if engine.IsURL(d.db) {
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
	if _, err := st.CopyTo(t.Context(), back); !errors.Is(err, engine.ErrTargetNotEmpty) {
		t.Errorf("CopyTo a file with a shop = %v; want ErrTargetNotEmpty", err)
	}
}

// A shared shop's backup is a file like any backup: listed, restorable into the
// shared shop (one transaction, refused while another computer has it open
// unless --force) and into a file.
func TestASharedShopIsBackedUpToAFileAndRestored(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // this computer's Rapport folder
	if pgtest.OnPostgres() {
		t.Skip("runs in the SQLite pass, on a PostgreSQL database of its own")
	}
	db := pgtest.NewDatabase(t)
	if _, err := demotest.Demo(t, demoNow).CopyTo(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	shared := demoShop{t: t, db: db}
	want := shared.ok("agenda", "--json")
	out := shared.ok("backup")
	m := regexp.MustCompile(`to (\S+\.db)\.`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("backup said %q; want the file it wrote", out)
	}
	backup := m[1]
	if err := engine.CheckBackup(backup); err != nil {
		t.Fatalf("the backup is not a sound Rapport file: %v", err)
	}
	if !strings.Contains(shared.ok("backups"), backup) {
		t.Errorf("backups does not list %s", backup)
	}
	shared.ok("customer", "add", "Added After The Backup", "email=after@example.com")

	// Another computer has the shop open: refused, nothing changed. (It names
	// itself: this test's commands run in its own process.)
	sep := "?"
	if strings.Contains(db, "?") {
		sep = "&"
	}
	other, _, err := store.Open(db + sep + "application_name=desk2")
	if err != nil {
		t.Fatal(err)
	}
	shared.refused(1, "other computers have", "restore", backup)
	other.Close()
	if _, errs, code := shared.run("customer", "after@example.com"); code != 0 {
		t.Fatalf("a refused restore changed the shop: %s", errs)
	}
	shared.ok("restore", backup)
	if _, errs, code := shared.run("customer", "after@example.com"); code == 0 {
		t.Errorf("the customer added after the backup is still there after the restore")
	} else if !strings.Contains(errs, "after@example.com") {
		t.Errorf("customer after the restore: %s", errs)
	}
	if got := shared.ok("agenda", "--json"); got != want {
		t.Errorf("the agenda after the restore differs from the one backed up")
	}
	// The shop as it was before the restore is kept too.
	if !strings.Contains(shared.ok("backups"), "before a restore") {
		t.Errorf("no before-restore backup is listed")
	}
	// The same file restores into a file.
	file := filepath.Join(t.TempDir(), "shop.db")
	if out, errs, code := rapport(t, "--db", file, "restore", backup); code != 0 {
		t.Fatalf("restore into a file: exit %d: %s%s", code, out, errs)
	}
	if got := (demoShop{t: t, db: file}).ok("agenda", "--json"); got != want {
		t.Errorf("the agenda of the file restored from the shared shop's backup differs")
	}
}

// A computer can be pointed at a shared shop for good (Settings → This computer):
// the shop opens without --db from then on, is never filled with the demo shop,
// and a password is never written down.
func TestThisComputerOpensTheSharedShopItWasPointedAt(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("RAPPORT_DB", "")
	db := pgtest.NewDatabase(t)
	u := must(url.Parse(db))
	withPassword := *u
	withPassword.User = url.UserPassword("rapport", "secret")
	if err := engine.SetSharedShop(withPassword.String()); err == nil || !strings.Contains(err.Error(), "password") {
		t.Errorf("SetSharedShop with a password: %v; want it refused", err)
	}
	if engine.SharedShop() != "" {
		t.Fatal("a refused address was kept")
	}
	if err := engine.SetSharedShop(db); err != nil {
		t.Fatal(err)
	}
	if got := engine.SharedShop(); got != db {
		t.Fatalf("engine.SharedShop() = %q; want %q", got, db)
	}
	out, errs, code := rapport(t, "customer", "add", "Ann Lee", "email=ann@example.com")
	if code != 0 {
		t.Fatalf("customer add on the shared shop: exit %d: %s%s", code, out, errs)
	}
	s, err := store.OpenExisting(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cs, err := s.Customers(t.Context(), "")
	if err != nil || len(cs) != 1 {
		t.Errorf("the shared shop has %d customers, %v; want the one added (and no demo shop)", len(cs), err)
	}
	if err := engine.SetSharedShop(""); err != nil || engine.SharedShop() != "" {
		t.Errorf("going back to this computer's file: %v, %q", err, engine.SharedShop())
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
