package engine

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestRapportTablesAreTheMigrations applies the embedded migrations one by one to a
// database in memory and checks, after each, that its tables are those
// rapportTables lists for that version: a migration that adds or drops a table
// must say so there, or every open would call a file of that version damaged (or
// miss a table gone from it).
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
			t.Fatal(fmt.Errorf("migration %s: %w", m.name, err))
		}
		check(m.version)
	}
	if last := migs[len(migs)-1].version; last != newestMigration() {
		t.Fatalf("the last migration is %d; newestMigration says %d", last, newestMigration())
	}
}
