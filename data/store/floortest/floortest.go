// Package floortest is the floor the store's benchmarks measure Rapport against:
// the rows Rapport reads, read by SQLite alone through the same driver, every
// column as raw bytes and nothing built from them.
package floortest

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/tables"
)

// Query is one SELECT: what it reads (for errors), its text and its arguments.
type Query struct {
	What string
	SQL  string
	Args []any
}

// Rows runs query and reads every column of every row as raw bytes, building
// nothing from them; cust, when not negative, is the column holding a customer ID,
// collected into ids. It returns the number of rows.
func Rows(ctx context.Context, q tables.Queryer, query Query, cust int, ids *[]shop.ID) (int, error) {
	rows, err := q.QueryContext(ctx, query.SQL, query.Args...)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", query.What, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	raw := make([]sql.RawBytes, len(cols))
	dest := make([]any, len(cols))
	for i := range raw {
		dest[i] = &raw[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return n, err
		}
		if cust >= 0 {
			id, _ := strconv.ParseInt(string(raw[cust]), 10, 64)
			*ids = append(*ids, id)
		}
		n++
	}
	return n, rows.Err()
}
