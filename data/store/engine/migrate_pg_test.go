package engine

import (
	"context"
	"database/sql"
	"testing"

	"github.com/rapport-app/rapport/data/store/pgtest"
)

// pgAtVersion makes a PostgreSQL database whose schema is that of the migrations
// up to version, as a shared shop last opened by that Rapport has it, runs rows
// (the statements that fill it) in it, and returns its URL: the store's
// openAtVersion for a file, on PostgreSQL.
func pgAtVersion(t *testing.T, version int, rows ...string) string {
	t.Helper()
	url := pgtest.NewDatabase(t)
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	migs, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migs {
		if m.version > version {
			break
		}
		body, err := migrationFiles.ReadFile(m.name)
		if err != nil {
			t.Fatal(err)
		}
		pg, err := pgSchema(m, string(body))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(pg); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
		if _, err := db.Exec(`INSERT INTO schema_migrations VALUES ($1, 0)`, m.version); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range rows {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return url
}

// A shared shop's follow-ups stored before migration 0027 get their customers'
// names when it runs on PostgreSQL, as they do in a file (the store's
// TestMigrationGivesStoredFollowUpsTheirCustomersNames), history included; and a
// rename after it reaches them.
func TestPostgresMigrationGivesStoredFollowUpsTheirCustomersNames(t *testing.T) {
	url := pgAtVersion(t, 26,
		`INSERT INTO customers (id, name) VALUES (1, 'Ada'), (2, 'Tom'), (3, 'Lin')`,
		`INSERT INTO followups (id, customer_id, due, day, time_zone, channel, priority, status) VALUES
			(1, 1, 0, '1970-01-01', 'UTC', 'phone', 3, 'pending'), (2, 3, 0, '1970-01-01', 'UTC', 'email', 3, 'done'),
			(3, 3, 0, '1970-01-02', 'UTC', 'email', 3, 'pending')`,
	)
	s, _, err := Open(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	names := func() string {
		t.Helper()
		var got string
		if err := s.db.QueryRow(`SELECT string_agg(customer_name, ' ' ORDER BY id) FROM followups`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := names(); got != "Ada Lin Lin" {
		t.Errorf("after the migration the stored follow-ups carry the names %q, want \"Ada Lin Lin\"", got)
	}
	err = s.InTx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE customers SET name = 'Lin Wu' WHERE id = 3`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(); got != "Ada Lin Wu Lin Wu" {
		t.Errorf("after a rename the follow-ups carry the names %q, want \"Ada Lin Wu Lin Wu\"", got)
	}
}
