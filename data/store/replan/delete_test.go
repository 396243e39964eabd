package replan

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/rapport-app/rapport/data/shop"
	_ "modernc.org/sqlite"
)

// deleteIDs deletes every row it is given, in statements of deleteIDsAtOnce rows
// at most, and no other row.
func TestDeleteIDsDeletesEveryRowGivenAFewThousandAtATime(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "ids.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows := 2*deleteIDsAtOnce + 5
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY);
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) INSERT INTO t SELECT i FROM n`, rows); err != nil {
		t.Fatal(err)
	}
	var ids []shop.ID
	for id := 1; id <= rows; id++ {
		if id%1000 != 0 {
			ids = append(ids, shop.ID(id))
		}
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	w := &planWriter{ctx: context.Background(), tx: tx}
	if err := w.deleteIDs(`DELETE FROM t WHERE id IN (SELECT value FROM json_each(?))`, ids); err != nil {
		t.Fatal(err)
	}
	var left, wrong int
	if err := tx.QueryRow(`SELECT count(*), count(*) FILTER (WHERE id % 1000 <> 0) FROM t`).Scan(&left, &wrong); err != nil {
		t.Fatal(err)
	}
	if want := rows / 1000; left != want || wrong != 0 {
		t.Errorf("%d rows left, %d of them given to delete; want the %d not given, and none other", left, wrong, want)
	}
}
