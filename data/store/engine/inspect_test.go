package engine

import (
	"database/sql"
	"slices"
	"strings"
	"testing"
)

// TestRapportTablesAreTheMigrations applies the embedded migrations one by one to a
// database in memory and checks, after each, that its tables are those
// rapportTables lists for that version, and that every table is listed with the
// version of a migration. A table a migration adds and the list leaves out
// would go unnoticed when a damaged file lacks it; a table a migration drops and
// the list keeps would be reported missing from every file of that version and
// later (the list then needs the version that drops it).
func TestRapportTablesAreTheMigrations(t *testing.T) {
	db, err := sql.Open("sqlite", "file:rapport-tables?mode=memory")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	migs, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	check := func(v int) {
		t.Helper()
		ts, err := tableNames(db)
		if err != nil {
			t.Fatal(err)
		}
		var made []string
		for name := range ts {
			if !strings.HasPrefix(name, "sqlite_") {
				made = append(made, name)
			}
		}
		slices.Sort(made)
		if listed := tablesAt(v); !slices.Equal(made, listed) {
			t.Errorf("at version %d the migrations make the tables\n%s\nand rapportTables lists\n%s", v, strings.Join(made, ", "), strings.Join(listed, ", "))
		}
	}
	check(0)
	for _, m := range migs {
		body, err := migrationFiles.ReadFile(m.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(string(body)); err != nil {
			t.Fatalf("migration %s: %v", m.name, err)
		}
		check(m.version)
	}
	// A table listed with a version no migration has is never compared at the
	// version it names (a table a coming migration will make, listed early).
	versions := map[int]bool{0: true} // schema_migrations, which migrate makes itself
	for _, m := range migs {
		versions[m.version] = true
	}
	for _, tb := range rapportTables {
		if !versions[tb.since] {
			t.Errorf("rapportTables lists %s since version %d, which no migration has", tb.name, tb.since)
		}
	}
}
