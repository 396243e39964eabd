package engine

import "testing"

func TestStatementsAreRewrittenForPostgreSQL(t *testing.T) {
	for _, c := range []struct{ sqlite, pg string }{
		{`SELECT a FROM t WHERE b = ? AND c = ?`, `SELECT a FROM t WHERE b = $1 AND c = $2`},
		{`SELECT 1 WHERE x = ?1 OR y = ?1 AND z > ?`, `SELECT 1 WHERE x = $1 OR y = $1 AND z > $2`},
		{`SELECT '?', "a?b" -- is it?` + "\n" + `WHERE c = ?`, `SELECT '?', "a?b" -- is it?` + "\n" + `WHERE c = $1`},
		{`SELECT 'it''s ?' WHERE c = ?`, `SELECT 'it''s ?' WHERE c = $1`},
		{`SELECT id FROM customers ORDER BY name COLLATE NOCASE, c.id`, `SELECT id FROM customers ORDER BY lower(name), c.id`},
		{`WHERE id IN (SELECT value FROM json_each(?1))`, `WHERE id IN (SELECT value FROM rapport_json_ids($1))`},
		{`SELECT f.id FROM followups f INDEXED BY followups_rank JOIN customers c ON c.id = f.customer_id`,
			`SELECT f.id FROM followups f JOIN customers c ON c.id = f.customer_id`},
		{`INSERT INTO staff (name) VALUES (?)`, `INSERT INTO staff (name) VALUES ($1) RETURNING id`},
		{`INSERT INTO staff (id, name) VALUES (?, ?)`, `INSERT INTO staff (id, name) VALUES ($1, $2)`},
		{`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
			`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`},
	} {
		if got := toPostgres(c.sqlite).sql; got != c.pg {
			t.Errorf("toPostgres(%q)\n = %q\nwant %q", c.sqlite, got, c.pg)
		}
	}
}

func TestEveryMigrationHasAPostgreSQLVersion(t *testing.T) {
	migs, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migs {
		body, err := migrationFiles.ReadFile(m.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pgSchema(m, string(body)); err != nil {
			t.Error(err)
		}
	}
}
