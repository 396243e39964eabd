package store

import (
	"context"
	"testing"
)

// bulkDeleted are the tables whose rows Rapport deletes many at a time: a
// re-plan deletes the follow-ups no longer planned (thousands a day in a big
// shop), and undoing an import deletes its customers, sales and issues.
var bulkDeleted = map[string]bool{"customers": true, "followups": true, "issues": true, "purchases": true, "import_batches": true}

// SQLite looks for the rows that refer to a deleted row (to delete them too, or
// to clear their reference) through an index on the referring column, or else by
// reading the whole referring table, once for each row deleted. Every key that
// refers to a table deleted from in bulk has its index.
func TestEveryKeyToARowDeletedInBulkHasAnIndex(t *testing.T) {
	s := openTest(t)
	if s.IsPostgres() {
		t.Skip("reads SQLite's catalogue")
	}
	ctx := context.Background()
	rows, err := s.db.QueryContext(ctx, `SELECT m.name, k."from", k."table" FROM sqlite_schema m, pragma_foreign_key_list(m.name) k
		WHERE m.type = 'table' ORDER BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ table, column, parent string }
	var keys []key
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.table, &k.column, &k.parent); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	rows.Close()
	if len(keys) < 10 {
		t.Fatalf("found %d foreign keys; the schema has more", len(keys))
	}
	for _, k := range keys {
		if !bulkDeleted[k.parent] {
			continue
		}
		var n int
		err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM pragma_index_list(?1) l, pragma_index_info(l.name) i WHERE i.seqno = 0 AND i.name = ?2`,
			k.table, k.column).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("%s.%s refers to %s, and no index of %s starts with it", k.table, k.column, k.parent, k.table)
		}
	}
}
