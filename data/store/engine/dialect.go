package engine

import (
	"context"
	"database/sql/driver"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// The store speaks SQLite's SQL. On PostgreSQL every statement goes through the
// connection wrapper below, which is the one place where the two dialects differ
// for the services: it rewrites a statement's text once (cached by text) and
// gives database/sql what SQLite's driver gives it.
//
//   - placeholders: ? and ?NNN become $n and $NNN;
//   - x COLLATE NOCASE (an ASCII-case-blind order or comparison) becomes lower(x):
//     text columns are COLLATE "C" on PostgreSQL, so orders are by bytes as on
//     SQLite;
//   - json_each(?) over a list of IDs becomes rapport_json_ids(?), a function the
//     PostgreSQL schema defines (migrations_pg.go);
//   - SQLite's INDEXED BY (an index the store names because SQLite keeps no
//     statistics of the shop) goes: PostgreSQL chooses by its own statistics;
//   - an INSERT into a table with an identity id gets RETURNING id, and its
//     result's LastInsertId is the last id returned;
//   - Go bools become 1 and 0, as SQLite's driver stores them;
//   - inside a write transaction a query's rows are read whole before it returns
//     (a read-only one, which copies read a shop through, streams them):
//     PostgreSQL runs one query at a time on a connection, and the store (as
//     SQLite lets it) reads other rows while it walks a result;
//   - every transaction that is not read-only first takes the shop's advisory
//     lock, so that writers take turns exactly as SQLite's BEGIN IMMEDIATE makes
//     them (a re-plan reads, plans and writes without another writer between).
//
// What cannot be rewritten by text (the schema: identity columns, triggers) is in
// the PostgreSQL migrations (migrations_pg.go).

// pgWriteLock is the key of the advisory lock every PostgreSQL write transaction
// holds: "Rapp" in ASCII, like the SQLite file's application_id.
const pgWriteLock = rapportAppID

// identityTables are the tables whose id PostgreSQL makes (an identity column):
// an INSERT into them returns it.
var identityTables = map[string]bool{
	"staff": true, "customers": true, "purchases": true, "issues": true, "promises": true,
	"followups": true, "contacts": true, "import_batches": true, "emails": true,
}

// pgStatement is a statement's text as PostgreSQL runs it.
type pgStatement struct {
	sql       string
	returning bool // an INSERT that returns its ids (LastInsertId)
	write     bool // an INSERT, UPDATE or DELETE
}

var (
	pgCache      sync.Map // SQLite text → pgStatement
	nocaseRe     = regexp.MustCompile(`([A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z_0-9]*)?) COLLATE NOCASE`)
	writeRe      = regexp.MustCompile(`(?i)^\s*(INSERT|UPDATE|DELETE)\b`)
	indexedByRe  = regexp.MustCompile(`\s+INDEXED BY [A-Za-z_][A-Za-z_0-9]*`)
	insertIntoRe = regexp.MustCompile(`(?is)^\s*INSERT\s+INTO\s+([A-Za-z_]+)\s*(\(\s*id\s*[,)])?`)
)

// toPostgres is query as PostgreSQL runs it, rewritten once per text.
func toPostgres(query string) pgStatement {
	if st, ok := pgCache.Load(query); ok {
		return st.(pgStatement)
	}
	q := rebind(query)
	q = nocaseRe.ReplaceAllString(q, "lower($1)")
	q = strings.ReplaceAll(q, "json_each(", "rapport_json_ids(")
	q = indexedByRe.ReplaceAllString(q, "")
	st := pgStatement{sql: q, write: writeRe.MatchString(q)}
	// An INSERT that names its ids (a copy, a restore) needs none back.
	if m := insertIntoRe.FindStringSubmatch(q); m != nil && identityTables[strings.ToLower(m[1])] && m[2] == "" &&
		!strings.Contains(strings.ToUpper(q), "RETURNING") {
		st.sql = strings.TrimRight(strings.TrimSpace(q), ";") + " RETURNING id"
		st.returning = true
	}
	pgCache.Store(query, st)
	return st
}

// rebind turns SQLite's placeholders (? and ?NNN) into PostgreSQL's ($n), leaving
// string literals, quoted names and comments alone. A bare ? is numbered one past
// the highest number so far, as SQLite numbers it.
func rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	highest := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) {
				if q[j] == c {
					if j+1 < len(q) && q[j+1] == c { // a doubled quote
						j += 2
						continue
					}
					break
				}
				j++
			}
			end := min(j+1, len(q))
			b.WriteString(q[i:end])
			i = end - 1
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j - 1
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			n := highest + 1
			if j > i+1 {
				n, _ = strconv.Atoi(q[i+1 : j])
			}
			highest = max(highest, n)
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// pgConnector makes the store's PostgreSQL connections: pgx's, wrapped.
type pgConnector struct{ inner driver.Connector }

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{conn: conn}, nil
}

func (c pgConnector) Driver() driver.Driver { return c.inner.Driver() }

// pgConn is one PostgreSQL connection that takes SQLite's SQL (see above). pgx's
// connection implements every optional interface used here.
type pgConn struct {
	conn    driver.Conn
	inTx    bool // a transaction is open
	inWrite bool // a write transaction is open: queries are read whole (bufferRows)
}

func (c *pgConn) inner() interface {
	driver.ConnPrepareContext
	driver.ConnBeginTx
	driver.ExecerContext
	driver.QueryerContext
} {
	return c.conn.(interface {
		driver.ConnPrepareContext
		driver.ConnBeginTx
		driver.ExecerContext
		driver.QueryerContext
	})
}

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	pq := toPostgres(query)
	st, err := c.inner().PrepareContext(ctx, pq.sql)
	if err != nil {
		return nil, err
	}
	return &pgStmt{st: st, c: c, returning: pq.returning}, nil
}

func (c *pgConn) Close() error { return c.conn.Close() }

func (c *pgConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.inner().BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	if !opts.ReadOnly {
		if _, err := c.inner().ExecContext(ctx, `SELECT pg_advisory_xact_lock(`+strconv.Itoa(pgWriteLock)+`)`, nil); err != nil {
			tx.Rollback() //nolint:errcheck // the error that matters is the lock's
			return nil, err
		}
	}
	c.inTx, c.inWrite = true, !opts.ReadOnly
	return pgTx{tx: tx, c: c, write: !opts.ReadOnly}, nil
}

// pgTx is a transaction of a pgConn.
type pgTx struct {
	tx    driver.Tx
	c     *pgConn
	write bool
}

// Commit commits; a write transaction first notifies the listeners of changes
// (changes.go), which PostgreSQL tells them of once it has committed.
func (t pgTx) Commit() error {
	t.c.inTx, t.c.inWrite = false, false
	if t.write {
		if _, err := t.c.inner().ExecContext(context.Background(), notifySQL, nil); err != nil {
			t.tx.Rollback() //nolint:errcheck // the error that matters is the notification's
			return err
		}
	}
	return t.tx.Commit()
}

func (t pgTx) Rollback() error {
	t.c.inTx, t.c.inWrite = false, false
	return t.tx.Rollback()
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	pq := toPostgres(query)
	if pq.returning {
		rows, err := c.inner().QueryContext(ctx, pq.sql, args)
		if err != nil {
			return nil, err
		}
		res, err := readReturned(rows)
		return res, c.notifyOutsideTx(ctx, pq, err)
	}
	res, err := c.inner().ExecContext(ctx, pq.sql, args)
	return res, c.notifyOutsideTx(ctx, pq, err)
}

// notifyOutsideTx notifies the listeners of changes after a write made outside a
// transaction (one statement, committed by itself), when it succeeded.
func (c *pgConn) notifyOutsideTx(ctx context.Context, pq pgStatement, err error) error {
	if err != nil || c.inTx || !pq.write {
		return err
	}
	_, err = c.inner().ExecContext(ctx, notifySQL, nil)
	return err
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := c.inner().QueryContext(ctx, toPostgres(query).sql, args)
	if err != nil || !c.inWrite {
		return rows, err
	}
	return bufferRows(rows)
}

func (c *pgConn) Ping(ctx context.Context) error {
	if p, ok := c.conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *pgConn) ResetSession(ctx context.Context) error {
	if r, ok := c.conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

// CheckNamedValue passes every value to pgx as it is, but a bool as 1 or 0: the
// schema's flags are integers, as SQLite's driver stores a bool.
func (c *pgConn) CheckNamedValue(nv *driver.NamedValue) error {
	if b, ok := nv.Value.(bool); ok {
		nv.Value = int64(b2i(b))
	}
	return nil
}

// pgStmt is a prepared statement of a pgConn.
type pgStmt struct {
	st        driver.Stmt
	c         *pgConn
	returning bool
}

func (s *pgStmt) Close() error  { return s.st.Close() }
func (s *pgStmt) NumInput() int { return s.st.NumInput() }

func (s *pgStmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

func (s *pgStmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

func (s *pgStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if s.returning {
		rows, err := s.st.(driver.StmtQueryContext).QueryContext(ctx, args)
		if err != nil {
			return nil, err
		}
		return readReturned(rows)
	}
	return s.st.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (s *pgStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := s.st.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil || !s.c.inWrite {
		return rows, err
	}
	return bufferRows(rows)
}

func (s *pgStmt) CheckNamedValue(nv *driver.NamedValue) error { return (&pgConn{}).CheckNamedValue(nv) }

func named(args []driver.Value) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return nv
}

// pgResult is an INSERT's result: the last id it returned and how many rows.
type pgResult struct{ id, n int64 }

func (r pgResult) LastInsertId() (int64, error) { return r.id, nil }
func (r pgResult) RowsAffected() (int64, error) { return r.n, nil }

// readReturned reads the ids an INSERT … RETURNING id returned.
func readReturned(rows driver.Rows) (driver.Result, error) {
	defer rows.Close()
	var r pgResult
	dest := make([]driver.Value, len(rows.Columns()))
	for {
		err := rows.Next(dest)
		if err == io.EOF {
			return r, nil
		}
		if err != nil {
			return nil, err
		}
		r.n++
		if id, ok := dest[0].(int64); ok {
			r.id = id
		}
	}
}

// bufferedRows are a query's rows read whole (see bufferRows).
type bufferedRows struct {
	cols []string
	vals [][]driver.Value
}

// bufferRows reads rows whole and closes them, so that the connection is free for
// the next query while the caller walks the result.
func bufferRows(rows driver.Rows) (driver.Rows, error) {
	defer rows.Close()
	b := &bufferedRows{cols: rows.Columns()}
	for {
		dest := make([]driver.Value, len(b.cols))
		err := rows.Next(dest)
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		for i, v := range dest {
			if p, ok := v.([]byte); ok { // the driver may reuse its buffer
				dest[i] = append([]byte(nil), p...)
			}
		}
		b.vals = append(b.vals, dest)
	}
}

func (b *bufferedRows) Columns() []string { return b.cols }
func (b *bufferedRows) Close() error      { b.vals = nil; return nil }

func (b *bufferedRows) Next(dest []driver.Value) error {
	if len(b.vals) == 0 {
		return io.EOF
	}
	copy(dest, b.vals[0])
	b.vals = b.vals[1:]
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
