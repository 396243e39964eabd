package engine

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"
)

// Moving a shop: CopyTo copies everything of one store into an empty database of
// either engine (a file or a PostgreSQL URL) in one transaction on the target,
// read from one consistent snapshot of the source, and checks every table by its
// count of rows and a checksum of its rows read back.

// copyTables are the tables a copy moves, parents before children, with the
// columns that order their rows (the same order on both engines: text compares
// by bytes on both).
var copyTables = []struct{ name, order string }{
	{"business", "id"},
	{"settings", "key"},
	{"staff", "id"},
	{"customers", "id"},
	{"purchases", "id"},
	{"issues", "id"},
	{"promises", "id"},
	{"followups", "id"},
	{"followup_reasons", "rowid"},
	{"overrides", "customer_id, key"},
	{"contacts", "id"},
	{"import_batches", "id"},
	{"import_rows", "batch_id, tbl, row_id"},
	{"letter_templates", "kind"},
	{"email_settings", "id"},
	{"emails", "id"},
	{"email_reasons", "email_id, key"},
	{"plan_state", "id"},
	{"customer_changes", "id"},
}

// copySingletons are the one-row tables the migrations fill: a copy replaces
// their row.
var copySingletons = map[string]bool{"business": true, "email_settings": true, "plan_state": true, "customer_changes": true}

// copyDerived are the columns a copy leaves out because triggers on the target
// write them as the rows they are made of arrive: a customer's lifetime spend adds
// up as their sales are copied (copying it too would count every sale twice).
var copyDerived = map[string]bool{"customers.lifetime_cents": true}

// TableCopy is what a copy moved of one table, as checked on the target.
type TableCopy struct {
	Table string
	Rows  int
	Sum   string // SHA-256 of the rows in order, the same on source and target
}

// ErrTargetNotEmpty is wrapped by CopyTo when the target holds a shop already.
var ErrTargetNotEmpty = errors.New("the target already has a shop in it")

// CopyTo copies the whole shop into the database to (a file path or a PostgreSQL
// URL), which must be empty or not exist yet; it is made when missing. The copy
// is one transaction: on any error, nothing of it is left in the target. It
// returns each table's count and checksum, equal on both sides.
func (s *DB) CopyTo(ctx context.Context, to string) ([]TableCopy, error) {
	if to == s.path || (IsURL(to) && RedactURL(to) == s.path) {
		return nil, fmt.Errorf("copy: %s is the shop itself", s.path)
	}
	dst, _, err := Open(to, s.steps)
	if err != nil {
		return nil, err
	}
	out, err := copyShop(ctx, s, dst, false)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// copyShop copies the shop src into dst in one transaction on dst. With replace,
// what dst holds is deleted first (in the same transaction); without, dst must
// hold no shop.
func copyShop(ctx context.Context, s, dst *DB, replace bool) ([]TableCopy, error) {
	var out []TableCopy
	err := dst.InTx(ctx, func(wtx *sql.Tx) error {
		if replace {
			for i := len(copyTables) - 1; i >= 0; i-- {
				if _, err := wtx.ExecContext(ctx, `DELETE FROM `+copyTables[i].name); err != nil {
					return fmt.Errorf("empty %s: %w", copyTables[i].name, err)
				}
			}
		}
		for _, t := range copyTables {
			if copySingletons[t.name] {
				continue
			}
			var found int
			if err := wtx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM `+t.name+` LIMIT 1) x`).Scan(&found); err != nil {
				return fmt.Errorf("look at %s: %w", t.name, err)
			}
			if found > 0 {
				return fmt.Errorf("copy to %s: %w (its table %s has rows); Rapport copies only into an empty database", dst.path, ErrTargetNotEmpty, t.name)
			}
		}
		for name := range copySingletons {
			if _, err := wtx.ExecContext(ctx, `DELETE FROM `+name); err != nil {
				return err
			}
		}
		rtx, err := s.readSnapshot(ctx)
		if err != nil {
			return err
		}
		defer rtx.Rollback() //nolint:errcheck // it only read
		for _, t := range copyTables {
			c, err := copyTable(ctx, rtx, wtx, t.name, t.order)
			if err != nil {
				return fmt.Errorf("copy %s: %w", t.name, err)
			}
			out = append(out, c)
		}
		if dst.pg {
			return resetIdentities(ctx, wtx)
		}
		return nil
	})
	return out, err
}

// readSnapshot is a transaction that reads the whole store as of one moment.
func (s *DB) readSnapshot(ctx context.Context) (*sql.Tx, error) {
	if s.pg {
		return s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	}
	return s.db.BeginTx(ctx, nil)
}

// columns are the columns of table as db has them.
func columns(ctx context.Context, tx *sql.Tx, table string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT * FROM `+table+` LIMIT 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Columns()
}

// copyTable copies one table's rows from rtx to wtx in order and checks them read
// back.
func copyTable(ctx context.Context, rtx, wtx *sql.Tx, table, order string) (TableCopy, error) {
	src, err := columns(ctx, rtx, table)
	if err != nil {
		return TableCopy{}, err
	}
	dst, err := columns(ctx, wtx, table)
	if err != nil {
		return TableCopy{}, err
	}
	have := map[string]bool{}
	for _, c := range dst {
		have[c] = true
	}
	var cols []string
	for _, c := range src {
		if have[c] && !copyDerived[table+"."+c] {
			cols = append(cols, c)
		}
	}
	// A customer's referrer may come after them: referrals are set once all are in.
	selfRef := -1
	if table == "customers" {
		for i, c := range cols {
			if c == "referred_by" {
				selfRef = i
			}
		}
	}
	list := strings.Join(cols, ", ")
	query := `SELECT ` + list + ` FROM ` + table + ` ORDER BY ` + order
	rows, err := rtx.QueryContext(ctx, query)
	if err != nil {
		return TableCopy{}, err
	}
	defer rows.Close()
	perInsert := max(1, min(500, 30000/len(cols)))
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	insert := func(n int) string {
		return `INSERT INTO ` + table + ` (` + list + `) VALUES ` + strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
	}
	full, err := wtx.PrepareContext(ctx, insert(perInsert))
	if err != nil {
		return TableCopy{}, err
	}
	defer full.Close()
	sum := sha256.New()
	var pending []any
	var refs [][2]any
	n := 0
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		var err error
		if len(pending) == perInsert*len(cols) {
			_, err = full.ExecContext(ctx, pending...)
		} else {
			_, err = wtx.ExecContext(ctx, insert(len(pending)/len(cols)), pending...)
		}
		pending = pending[:0]
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return TableCopy{}, err
		}
		writeRow(sum, vals)
		n++
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = append([]byte(nil), b...)
			}
			if i == selfRef && v != nil {
				refs = append(refs, [2]any{vals[0], v})
				v = nil
			}
			pending = append(pending, v)
		}
		if len(pending) == perInsert*len(cols) {
			if err := flush(); err != nil {
				return TableCopy{}, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return TableCopy{}, err
	}
	rows.Close()
	if err := flush(); err != nil {
		return TableCopy{}, err
	}
	for _, r := range refs {
		if _, err := wtx.ExecContext(ctx, `UPDATE customers SET referred_by = ? WHERE id = ?`, r[1], r[0]); err != nil {
			return TableCopy{}, err
		}
	}
	want := TableCopy{Table: table, Rows: n, Sum: hex.EncodeToString(sum.Sum(nil))}
	got, err := tableSum(ctx, wtx, table, query, len(cols))
	if err != nil {
		return TableCopy{}, err
	}
	if got != want {
		return TableCopy{}, fmt.Errorf("the copy does not match the shop (%d rows, checksum %.12s; the copy has %d rows, checksum %.12s), so nothing was copied",
			want.Rows, want.Sum, got.Rows, got.Sum)
	}
	return got, nil
}

// tableSum counts and checksums the rows query reads.
func tableSum(ctx context.Context, tx *sql.Tx, table, query string, ncols int) (TableCopy, error) {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return TableCopy{}, err
	}
	defer rows.Close()
	sum := sha256.New()
	vals := make([]any, ncols)
	ptrs := make([]any, ncols)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return TableCopy{}, err
		}
		writeRow(sum, vals)
		n++
	}
	return TableCopy{Table: table, Rows: n, Sum: hex.EncodeToString(sum.Sum(nil))}, rows.Err()
}

// writeRow adds one row to a checksum in a form the same on both engines: text
// and bytes alike, integers in decimal, NULL apart from every value.
func writeRow(h hash.Hash, vals []any) {
	var b []byte
	for _, v := range vals {
		switch v := v.(type) {
		case nil:
			b = append(b, 'N')
		case int64:
			b = append(b, 'i')
			b = strconv.AppendInt(b, v, 10)
		case float64:
			b = append(b, 'f')
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		case bool:
			b = append(b, 'i', '0'+byte(b2i(v)))
		case string:
			b = append(b, 's')
			b = strconv.AppendInt(b, int64(len(v)), 10)
			b = append(b, ':')
			b = append(b, v...)
		case []byte:
			b = append(b, 's')
			b = strconv.AppendInt(b, int64(len(v)), 10)
			b = append(b, ':')
			b = append(b, v...)
		default:
			b = fmt.Appendf(b, "?%v", v)
		}
		b = append(b, 0)
	}
	h.Write(append(b, '\n'))
}

// resetIdentities moves PostgreSQL's identity counters past the ids a copy wrote.
func resetIdentities(ctx context.Context, tx *sql.Tx) error {
	for t := range identityTables {
		if err := resetIdentity(ctx, tx, t, "id"); err != nil {
			return err
		}
	}
	return resetIdentity(ctx, tx, "followup_reasons", "rowid")
}

func resetIdentity(ctx context.Context, tx *sql.Tx, table, col string) error {
	_, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', '`+col+`'), (SELECT coalesce(max(`+col+`), 0) + 1 FROM `+table+`), false)`)
	return err
}
