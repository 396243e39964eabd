package engine

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
)

// InBulkTx is InTx for a transaction that writes many rows a statement at a time
// (an import): on SQLite its statement journals are kept in memory.
//
// SQLite keeps the original of each page a statement changes in a statement
// journal when the statement may have to be undone on its own (an insert that
// fires a trigger, as every customer's does). The journal starts in memory and
// moves to a temporary file the first time one statement's pages pass 64 KiB,
// which sooner or later happens in a long import; from then on every row writes
// its pages to that file (about a second per 100,000 customers). PRAGMA
// temp_store = MEMORY keeps statement journals in memory, but it would also keep
// every sort and temporary table in memory however big it grew (a re-plan of a
// million customers). SQLite decides where a transaction's statement journals go
// when the transaction begins, so the pragma is set for the BEGIN only and put
// back as it was as the transaction's first statement. Sorts and temporary tables
// spill to disk as always; a statement journal holds in memory the pages of one
// statement at a time: a few for an import's rows, more for a statement that
// changes many rows (the re-plan's removal of the follow-ups no longer planned).
func (s *DB) InBulkTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.pg {
		return s.InTx(ctx, fn)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return s.Plain(err)
	}
	defer conn.Close()
	tx, err := beginMemoryJournals(ctx, conn)
	if err != nil {
		return s.Plain(err)
	}
	return s.run(tx, fn)
}

// beginMemoryJournals begins a transaction on conn whose statement journals are
// kept in memory, with temp_store as it was for everything else. The pragma is put
// back even when ctx is cancelled meanwhile, and a connection on which it cannot
// be is closed rather than handed back to the pool with it. Should SQLite refuse
// to put temp_store back inside the transaction (it does when the connection
// holds temporary tables, and Rapport makes none), the transaction is begun again
// as any other. That the journals' place is settled by the BEGIN holds because
// every transaction begins IMMEDIATE (the connection's _txlock): a deferred one
// would start writing only after the pragma was put back, and the store's
// TestBulkAndPlanTransactionsKeepStatementJournalsInMemory would see the
// journal's file again.
func beginMemoryJournals(ctx context.Context, conn *sql.Conn) (*sql.Tx, error) {
	var was int
	if err := conn.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&was); err != nil {
		return nil, err
	}
	restore := fmt.Sprintf(`PRAGMA temp_store = %d`, was)
	putBack := func() error {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), restore); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn }) //nolint:errcheck // ErrBadConn closes the connection
			return err
		}
		return nil
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA temp_store = MEMORY`); err != nil {
		putBack() //nolint:errcheck // the error to report is this one
		return nil, err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		putBack() //nolint:errcheck // the error to report is BEGIN's
		return nil, err
	}
	if _, err := tx.ExecContext(context.WithoutCancel(ctx), restore); err != nil {
		tx.Rollback() //nolint:errcheck // nothing was written
		if err := putBack(); err != nil {
			return nil, err
		}
		return conn.BeginTx(ctx, nil)
	}
	return tx, nil
}

// planCacheKiB is the page cache of a re-plan of the whole shop (InPlanTx): 64 MB,
// against SQLite's 2 MB for everything else.
const planCacheKiB = 64 << 10

// InPlanTx is InTx for a re-plan of the whole shop. A new day moves most of the
// calls waiting for room, and on a big shop the pages those rows and their
// indexes take are more than SQLite's page cache of 2 MB: changed pages were
// written to the log before the commit and read back from it (each read looking
// through the log's index) as the same pages changed again. On SQLite the
// transaction's connection has a page cache of planCacheKiB for the transaction
// and its own again afterwards; the cache grows only with the pages read into it
// or changed, so a small shop's re-plan takes what it took. Its statement
// journals are kept in memory, as an import's (InBulkTx): each batch of moved
// follow-ups journals the pages it changes, hundreds at a million customers, as
// the indexes they move in grow with the shop, and a file took a write per page.
// As with InBulkTx, a connection whose setting cannot be put back is closed
// rather than handed back to the pool.
func (s *DB) InPlanTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.pg {
		return s.InTx(ctx, fn)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return s.Plain(err)
	}
	defer conn.Close()
	var was int
	if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&was); err != nil {
		return s.Plain(err)
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA cache_size = %d`, was)); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn }) //nolint:errcheck // ErrBadConn closes the connection
		}
	}()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, -planCacheKiB)); err != nil {
		return s.Plain(err)
	}
	tx, err := beginMemoryJournals(ctx, conn)
	if err != nil {
		return s.Plain(err)
	}
	return s.run(tx, fn)
}
