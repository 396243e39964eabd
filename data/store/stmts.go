package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/rapport-app/rapport/data/shop"
)

// stmts prepares each statement once for the transaction it belongs to: an import
// saves a hundred thousand customers with the same few statements, and preparing
// one costs about as much as running it. The transaction closes them. A nil *stmts
// runs its statements unprepared, for the one-record services.
type stmts struct {
	m map[string]*sql.Stmt
	// country is the shop's country, read once (haveCountry); a change of the
	// profile in the transaction forgets it.
	country     string
	haveCountry bool
}

// shopCountry is shopCountry, read once per transaction through st.
func (st *stmts) shopCountry(ctx context.Context, tx *sql.Tx) string {
	if st == nil {
		return shopCountry(ctx, tx)
	}
	if !st.haveCountry {
		st.country, st.haveCountry = shopCountry(ctx, tx), true
	}
	return st.country
}

func (st *stmts) get(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	if p, ok := st.m[query]; ok {
		return p, nil
	}
	p, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if st.m == nil {
		st.m = map[string]*sql.Stmt{}
	}
	st.m[query] = p
	return p, nil
}

func (st *stmts) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if st == nil {
		return tx.ExecContext(ctx, query, args...)
	}
	p, err := st.get(ctx, tx, query)
	if err != nil {
		return nil, err
	}
	return p.ExecContext(ctx, args...)
}

// scanRow runs a query of one row into dest.
func (st *stmts) scanRow(ctx context.Context, tx *sql.Tx, query string, args []any, dest ...any) error {
	if st == nil {
		return tx.QueryRowContext(ctx, query, args...).Scan(dest...)
	}
	p, err := st.get(ctx, tx, query)
	if err != nil {
		return err
	}
	return p.QueryRowContext(ctx, args...).Scan(dest...)
}

// execOne is execOne through st.
func (st *stmts) execOne(ctx context.Context, tx *sql.Tx, what string, id shop.ID, query string, args ...any) error {
	res, err := st.exec(ctx, tx, query, args...)
	if err != nil {
		return fmt.Errorf("%s %d: %w", what, id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%s %d: %w", what, id, ErrNotFound)
	}
	return nil
}
