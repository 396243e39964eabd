package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/replan"
	"github.com/rapport-app/rapport/data/store/tables"
)

// This file is the store's side of an import: the transaction an importer writes
// through, the import log that makes every import undoable, and the undo. What a
// file's rows mean is package importer's business; what is stored, and how it is
// taken back, is the store's.

// ImportBatch is one import as the import log keeps it.
type ImportBatch struct {
	ID              shop.ID
	Kind            string // customers, sales or issues
	FileName        string
	Source          string // square, shopify, vcard or generic
	At              time.Time
	Rows            int // records read (an order of several line items counts once)
	NewCustomers    int
	MergedCustomers int // customers already stored that the import filled in or updated
	Sales           int
	Issues          int
	Skipped         int // rows that name no customer at all
	// BadRows is how many bad rows an import that skips them left out (not
	// kept with the log: Notes says which, when the import is done).
	BadRows    int
	Duplicates int       // sales and issues already stored (an earlier import of the same rows), skipped
	UndoneAt   time.Time // zero while the import stands

	// What the import merged and what it kept apart, for the person importing;
	// these are not kept in the import log.
	MergedRows int      // rows merged into a customer an earlier row of the file added
	KeptApart  int      // rows with the phone of another customer but another name and email, added as new customers
	Notes      []string // what was merged and kept apart, row by row (the first ones)
}

// Undone reports whether the import was undone.
func (b ImportBatch) Undone() bool { return !b.UndoneAt.IsZero() }

// ImportTx is the write transaction of one import. The importer reads the shop and
// writes its rows through it; the store remembers what each write added or changed,
// so that the import can be undone (UndoImport).
type ImportTx struct {
	*Tx
	batch *ImportBatch // ID 0 in a dry run

	// lastSale is the largest sale ID before the import: the transaction holds the
	// write lock, so every sale with a larger ID is the import's.
	lastSale  shop.ID
	lastIssue shop.ID // likewise for issues
	orders    *bool   // whether any sale stored before the import has an order ID; nil until asked
	issues    []shop.ID
	added     []shop.ID        // customers the import added, in order (of rising IDs: see isAdded)
	addedSet  map[shop.ID]bool // the same, to ask, once an ID came out of order
	merged    []shop.ID        // customers it changed, in the order first changed
	mergedSet map[shop.ID]bool // the same, to ask

	// logRows are the import log's rows of the customers written last (not in a
	// dry run), each snapshot made from the customer just stored: they are written
	// logBatch at a time by logFull, and the rest by flushLog. logAfter makes a
	// logged snapshot anew.
	logRows           []any
	logFull, logAfter *sql.Stmt

	// The lookups by key (LookupEmail, LookupPhone, LookupName) and of what was
	// imported before (OrderImported, StoredSales, StoredIssues), prepared once.
	byEmail, byPhone, byName                   *sql.Stmt
	byOrder, salesOf, issueByRef, issueByEvent *sql.Stmt
}

// Import runs fn in one write transaction that is logged as the import b: fn's
// writes land whole, with the log entry and b's counts (which fn fills in), or not
// at all. The customers it touched are re-planned in the same transaction (with
// whoever the day's random picks then move; the whole shop when the import touched
// a good part of it, or the plan is from an earlier day). b.ID is set.
func (s *Store) Import(ctx context.Context, b *ImportBatch, fn func(*ImportTx) error) error {
	b.At = s.Now().UTC()
	return s.InBulkTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO import_batches (kind, file_name, source, at) VALUES (?, ?, ?, ?)`,
			b.Kind, b.FileName, b.Source, tables.Unix(b.At))
		if err != nil {
			return fmt.Errorf("log the import: %w", err)
		}
		b.ID, _ = res.LastInsertId()
		it, err := s.newImportTx(ctx, tx, b)
		if err != nil {
			return err
		}
		if err := fn(it); err != nil {
			return err
		}
		if err := it.finish(); err != nil {
			return err
		}
		touched, err := it.touched()
		if err != nil {
			return err
		}
		return replan.Customers(ctx, tx, s.Now(), touched)
	})
}

// touched lists the customers the import added or changed, or gave a sale or an
// issue: the customers whose follow-ups it can change.
func (t *ImportTx) touched() ([]shop.ID, error) {
	ids := append(append([]shop.ID{}, t.added...), t.merged...)
	rows, err := t.tx.QueryContext(t.ctx, `SELECT customer_id FROM purchases WHERE id > ?1
		UNION SELECT customer_id FROM issues WHERE id IN (SELECT value FROM json_each(?2))`, t.lastSale, tables.JSONIDs(t.issues))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id shop.ID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// DryRun runs fn as Import would and then rolls everything back: a preview's counts
// are exact, not estimates. Nothing is stored or logged.
func (s *Store) DryRun(ctx context.Context, b *ImportBatch, fn func(*ImportTx) error) error {
	b.At = s.Now().UTC()
	err := s.InBulkTx(ctx, func(tx *sql.Tx) error {
		it, err := s.newImportTx(ctx, tx, b)
		if err != nil {
			return err
		}
		if err := fn(it); err != nil {
			return err
		}
		return errDryRun
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

// errDryRun rolls a dry run back.
var errDryRun = errors.New("a dry run stores nothing")

func (s *Store) newImportTx(ctx context.Context, tx *sql.Tx, b *ImportBatch) (*ImportTx, error) {
	it := &ImportTx{Tx: &Tx{ctx: ctx, tx: tx, s: s}, batch: b, mergedSet: map[shop.ID]bool{}}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT max(id) FROM purchases), 0), coalesce((SELECT max(id) FROM issues), 0)`).Scan(&it.lastSale,
		&it.lastIssue); err != nil {
		return nil, err
	}
	return it, nil
}

// CustomerKey is what an import matches a row against: a stored customer's
// identifying fields.
type CustomerKey struct {
	ID                                    shop.ID
	Name, Email, Phone, Country, TimeZone string
}

// EachCustomerKey calls fn with every stored customer's identifying fields.
func (t *ImportTx) EachCustomerKey(fn func(CustomerKey)) error {
	rows, err := t.tx.QueryContext(t.ctx, `SELECT id, name, email, phone, country, time_zone FROM customers`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k CustomerKey
		if err := rows.Scan(&k.ID, &k.Name, &k.Email, &k.Phone, &k.Country, &k.TimeZone); err != nil {
			return err
		}
		fn(k)
	}
	return rows.Err()
}

// LookupEmail finds the stored customer whose email, as shop.Normalise writes it,
// is key (the newest of several); ok is false for none.
func (t *ImportTx) LookupEmail(key string) (k CustomerKey, ok bool, err error) {
	return t.lookupOne(&t.byEmail, `email_key`, key)
}

// LookupPhone finds the stored customer whose phone, read as shop.PhoneKey reads
// it (in the customer's country, else the shop's), is key (the newest of several);
// ok is false for none.
func (t *ImportTx) LookupPhone(key string) (k CustomerKey, ok bool, err error) {
	return t.lookupOne(&t.byPhone, `phone_key`, key)
}

// LookupName lists the stored customers whose name, as shop.Normalise writes it, is
// key, oldest first.
func (t *ImportTx) LookupName(key string) ([]CustomerKey, error) {
	if key == "" {
		return nil, nil
	}
	st, err := t.prepare(&t.byName, `SELECT id, name, email, phone, country, time_zone FROM customers WHERE name_key = ? AND name_key <> '' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(t.ctx, key)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CustomerKey
	for rows.Next() {
		var k CustomerKey
		if err := rows.Scan(&k.ID, &k.Name, &k.Email, &k.Phone, &k.Country, &k.TimeZone); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// OrderImported reports whether a sale with the till's order, transaction or
// receipt ID ref was stored before the import.
func (t *ImportTx) OrderImported(ref string) (bool, error) {
	if t.orders == nil {
		// Most shops' files carry no order IDs, and a first import finds none
		// stored: then no sale needs looking up.
		var any bool
		if err := t.tx.QueryRowContext(t.ctx, `SELECT EXISTS (SELECT 1 FROM purchases WHERE order_ref <> '')`).Scan(&any); err != nil {
			return false, err
		}
		t.orders = &any
	}
	if !*t.orders || ref == "" {
		return false, nil
	}
	st, err := t.prepare(&t.byOrder, `SELECT EXISTS (SELECT 1 FROM purchases WHERE order_ref = ? AND id <= ?)`)
	if err != nil {
		return false, err
	}
	var found bool
	err = st.QueryRowContext(t.ctx, ref, t.lastSale).Scan(&found)
	return found, err
}

// StoredSales lists the sales of a customer stored before the import, with their
// time, amount and items: what a sale's fingerprint is made of, for files without
// order IDs.
func (t *ImportTx) StoredSales(customer shop.ID) ([]shop.Purchase, error) {
	st, err := t.prepare(&t.salesOf, `SELECT at, amount_cents, items FROM purchases WHERE customer_id = ? AND id <= ?`)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(t.ctx, customer, t.lastSale)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shop.Purchase
	for rows.Next() {
		p := shop.Purchase{CustomerID: customer}
		var at int64
		if err := rows.Scan(&at, &p.AmountCents, &p.Items); err != nil {
			return nil, err
		}
		p.At = tables.FromUnix(at)
		out = append(out, p)
	}
	return out, rows.Err()
}

func (t *ImportTx) lookupOne(st **sql.Stmt, col, key string) (CustomerKey, bool, error) {
	var k CustomerKey
	if key == "" {
		return k, false, nil
	}
	// "<> ''" lets SQLite use the partial index on col, which leaves out blanks.
	stmt, err := t.prepare(st, `SELECT id, name, email, phone, country, time_zone FROM customers WHERE `+col+` = ? AND `+col+` <> '' ORDER BY id DESC LIMIT 1`)
	if err != nil {
		return k, false, err
	}
	err = stmt.QueryRowContext(t.ctx, key).Scan(&k.ID, &k.Name, &k.Email, &k.Phone, &k.Country, &k.TimeZone)
	if errors.Is(err, sql.ErrNoRows) {
		return k, false, nil
	}
	return k, err == nil, err
}

// prepare prepares query once in the import's transaction, which closes it.
func (t *ImportTx) prepare(st **sql.Stmt, query string) (*sql.Stmt, error) {
	if *st == nil {
		p, err := t.tx.PrepareContext(t.ctx, query)
		if err != nil {
			return nil, err
		}
		*st = p
	}
	return *st, nil
}

// StoredIssues counts the issues stored before the import that match is: the
// same reference when is has one, else the same customer, opening time, type and
// summary.
func (t *ImportTx) StoredIssues(is shop.Issue) (int, error) {
	var n int
	if is.Reference != "" {
		st, err := t.prepare(&t.issueByRef, `SELECT count(*) FROM issues WHERE reference = ? AND id <= ?`)
		if err != nil {
			return 0, err
		}
		err = st.QueryRowContext(t.ctx, is.Reference, t.lastIssue).Scan(&n)
		return n, err
	}
	st, err := t.prepare(&t.issueByEvent, `SELECT count(*) FROM issues WHERE customer_id = ? AND opened_at = ? AND type = ? AND summary = ? AND id <= ?`)
	if err != nil {
		return 0, err
	}
	err = st.QueryRowContext(t.ctx, is.CustomerID, tables.Unix(is.OpenedAt), is.Type, is.Summary, t.lastIssue).Scan(&n)
	return n, err
}

// AddCustomer stores a new customer as SaveCustomer would (the phone written the
// one way, the zone guessed from it), without re-planning, and logs it as added.
// A customer that is not acceptable is refused with its FieldErrors.
func (t *ImportTx) AddCustomer(c *shop.Customer) error {
	if err := t.Tx.AddCustomer(c); err != nil {
		return err
	}
	if n := len(t.added); t.addedSet == nil && n > 0 && c.ID <= t.added[n-1] {
		t.addedSet = make(map[shop.ID]bool, n+1)
		for _, id := range t.added {
			t.addedSet[id] = true
		}
	}
	t.added = append(t.added, c.ID)
	if t.addedSet != nil {
		t.addedSet[c.ID] = true
	}
	return t.logCustomer(*c, "added", nil)
}

// UpdateCustomer stores the import's changes to a stored customer, logging the
// customer as it was (before) the first time it changes, so that an undo can put
// it back.
func (t *ImportTx) UpdateCustomer(c *shop.Customer, before shop.Customer) error {
	if err := t.s.saveCustomer(t.ctx, t.tx, t.statements(), c, false); err != nil {
		return err
	}
	if t.mergedSet[c.ID] || t.isAdded(c.ID) {
		return t.logCustomer(*c, "", nil)
	}
	t.mergedSet[c.ID] = true
	t.merged = append(t.merged, c.ID)
	return t.logCustomer(*c, "merged", &before)
}

// logCustomer writes the import log's row of the customer c just stored: a new
// row for action (with the customer as they were before, for a merge), or, with
// no action, the snapshot of a customer logged already made anew. A dry run logs
// nothing.
func (t *ImportTx) logCustomer(c shop.Customer, action string, before *shop.Customer) error {
	if t.batch.ID == 0 {
		return nil
	}
	snap, err := json.Marshal(asStored(c))
	if err != nil {
		return err
	}
	after := snapshotSum(snap)
	if action == "" {
		// The customer's row may be among those not written yet.
		if err := t.flushLog(); err != nil {
			return err
		}
		st, err := t.prepare(&t.logAfter, `UPDATE import_rows SET after = ? WHERE batch_id = ? AND tbl = 'customers' AND row_id = ?`)
		if err != nil {
			return err
		}
		_, err = st.ExecContext(t.ctx, after, t.batch.ID, c.ID)
		return err
	}
	var was any
	if before != nil {
		b, err := json.Marshal(before)
		if err != nil {
			return err
		}
		was = string(b)
	}
	t.logRows = append(t.logRows, t.batch.ID, c.ID, action, was, after)
	if len(t.logRows) < logBatch*logWidth {
		return nil
	}
	st, err := t.prepare(&t.logFull, logInsert(logBatch))
	if err != nil {
		return err
	}
	_, err = st.ExecContext(t.ctx, t.logRows...)
	t.logRows = t.logRows[:0]
	return err
}

// The import log's rows of customers are written logBatch to a statement: one
// statement a row was a sixth of an import of new customers. logWidth is the
// number of values in a row.
const (
	logBatch = 128
	logWidth = 5
)

// logInsert writes n rows of the import log's customers.
func logInsert(n int) string {
	return `INSERT INTO import_rows (batch_id, tbl, row_id, action, before, after) VALUES ` +
		strings.TrimSuffix(strings.Repeat(`(?, 'customers', ?, ?, ?, ?), `, n), ", ")
}

// flushLog writes the import log's rows of customers not written yet.
func (t *ImportTx) flushLog() error {
	if len(t.logRows) == 0 {
		return nil
	}
	_, err := t.tx.ExecContext(t.ctx, logInsert(len(t.logRows)/logWidth), t.logRows...)
	t.logRows = t.logRows[:0]
	return err
}

// snapshotSum is what the import log keeps of a customer as the import left them:
// a hash of their snapshot (its JSON), enough for an undo to tell whether they were
// edited since. Before, the log kept the snapshot itself, which made the log of an
// import of new customers bigger than the customers. Half of SHA-256 (128 bits,
// in base64 after a "#", which no JSON object starts with) tells an edit from none
// as surely as the whole would.
func snapshotSum(snap []byte) string {
	sum := sha256.Sum256(snap)
	return snapshotSumPrefix + base64.RawStdEncoding.EncodeToString(sum[:16])
}

const snapshotSumPrefix = "#"

// sameSnapshot reports whether the customer's snapshot now is the one logged,
// whichever way it was logged: as a hash, or as the snapshot itself (a log written
// before the hash).
func sameSnapshot(now []byte, logged string) bool {
	if strings.HasPrefix(logged, snapshotSumPrefix) {
		return snapshotSum(now) == logged
	}
	return string(now) == logged
}

// asStored is c as reading it back gives it (scanCustomer): the day they became a
// customer to the second in UTC, the tags as their stored text reads. An undo
// compares the sum of this snapshot with that of the customer as stored then.
func asStored(c shop.Customer) shop.Customer {
	if !c.CustomerSince.IsZero() {
		c.CustomerSince = tables.FromUnix(tables.Unix(c.CustomerSince))
	}
	c.Tags = shop.NormaliseTags(strings.Join(c.Tags, ", "))
	return c
}

// isAdded reports whether the import added the customer id. A new row takes the
// largest ID plus one, so the IDs of added rise and are searched as they are: an
// import of a million new customers keeps no set of them. Should an ID ever come
// out of order (SQLite picks another once the largest possible is taken), a set
// is kept from then on.
func (t *ImportTx) isAdded(id shop.ID) bool {
	if t.addedSet != nil {
		return t.addedSet[id]
	}
	_, ok := slices.BinarySearch(t.added, id)
	return ok
}

// Added reports whether the import added the customer id.
func (t *ImportTx) Added(id shop.ID) bool { return t.isAdded(id) }

// Changed reports whether the import has changed the stored customer id already.
func (t *ImportTx) Changed(id shop.ID) bool { return t.mergedSet[id] }

// AddIssue stores a new issue (with its reference, R-00042 when it has none) and
// logs it as added.
func (t *ImportTx) AddIssue(is *shop.Issue) error {
	if err := t.Tx.AddIssue(is); err != nil {
		return err
	}
	t.issues = append(t.issues, is.ID)
	return nil
}

// finish writes the log rows of the customers still waiting (the others were
// written 128 at a time as they came), records the sales and issues the import
// added, and the batch's counts.
func (t *ImportTx) finish() error {
	if err := t.flushLog(); err != nil {
		return err
	}
	ins, err := t.tx.PrepareContext(t.ctx, `INSERT INTO import_rows (batch_id, tbl, row_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	b := t.batch
	for _, id := range t.issues {
		if _, err := ins.ExecContext(t.ctx, b.ID, "issues", id, "added", nil, nil); err != nil {
			return err
		}
	}
	if _, err := t.tx.ExecContext(t.ctx, `INSERT INTO import_rows (batch_id, tbl, row_id, action)
		SELECT ?, 'purchases', id, 'added' FROM purchases WHERE id > ?`, b.ID, t.lastSale); err != nil {
		return fmt.Errorf("log the imported sales: %w", err)
	}
	_, err = t.tx.ExecContext(t.ctx, `UPDATE import_batches SET rows = ?, new_customers = ?, merged_customers = ?, sales = ?, issues = ?, skipped = ?,
		duplicates = ? WHERE id = ?`, b.Rows, b.NewCustomers, b.MergedCustomers, b.Sales, b.Issues, b.Skipped, b.Duplicates, b.ID)
	return err
}

// ImportBatches lists the import log, newest first.
func (s *Store) ImportBatches(ctx context.Context) ([]ImportBatch, error) {
	return queryBatches(ctx, s.db, `ORDER BY id DESC`)
}

// ImportBatchByID returns one entry of the import log.
func (s *Store) ImportBatchByID(ctx context.Context, id shop.ID) (ImportBatch, error) {
	bs, err := queryBatches(ctx, s.db, `WHERE id = ?`, id)
	if err != nil {
		return ImportBatch{}, err
	}
	if len(bs) == 0 {
		return ImportBatch{}, fmt.Errorf("import #%d: %w", id, ErrNotFound)
	}
	return bs[0], nil
}

func queryBatches(ctx context.Context, q tables.Queryer, where string, args ...any) ([]ImportBatch, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kind, file_name, source, at, rows, new_customers, merged_customers, sales, issues, skipped, duplicates,
		undone_at FROM import_batches `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ImportBatch
	for rows.Next() {
		var b ImportBatch
		var at int64
		var undone sql.NullInt64
		if err := rows.Scan(&b.ID, &b.Kind, &b.FileName, &b.Source, &at, &b.Rows, &b.NewCustomers, &b.MergedCustomers, &b.Sales, &b.Issues,
			&b.Skipped, &b.Duplicates, &undone); err != nil {
			return nil, err
		}
		b.At = tables.FromUnix(at)
		if undone.Valid {
			b.UndoneAt = tables.FromUnix(undone.Int64)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// ErrUndoUnsafe is wrapped by UndoImport when later work depends on the import.
var ErrUndoUnsafe = errors.New("cannot be undone safely")

// UndoImport takes an import back in one transaction: the sales, issues and
// customers it added are deleted and the customers it merged into are restored as
// they were. It refuses, changing nothing, when undoing would lose later work: a
// follow-up about an imported sale or issue was already recorded, a promise was made
// about an imported issue, an added customer has since had sales, issues, promises
// or contacts of their own, a customer it added or merged into was edited, or a
// later import that is still in place touched the same customers.
func (s *Store) UndoImport(ctx context.Context, id shop.ID) (ImportBatch, error) {
	var b ImportBatch
	err := s.InTx(ctx, func(tx *sql.Tx) error {
		bs, err := queryBatches(ctx, tx, `WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if len(bs) == 0 {
			return fmt.Errorf("import #%d: %w", id, ErrNotFound)
		}
		b = bs[0]
		if b.Undone() {
			return fmt.Errorf("import #%d was already undone on %s", id, b.UndoneAt.Format("2006-01-02 15:04 MST"))
		}
		unsafe := func(format string, args ...any) error {
			return fmt.Errorf("import #%d %w: %s", id, ErrUndoUnsafe, fmt.Sprintf(format, args...))
		}
		var later shop.ID
		err = tx.QueryRowContext(ctx, `SELECT o.batch_id FROM import_rows r
			JOIN import_rows o ON o.tbl = 'customers' AND o.row_id = r.row_id AND o.batch_id > r.batch_id
			JOIN import_batches lb ON lb.id = o.batch_id AND lb.undone_at IS NULL
			WHERE r.batch_id = ? AND r.tbl = 'customers' ORDER BY o.batch_id DESC LIMIT 1`, id).Scan(&later)
		if err == nil {
			return unsafe("the later import #%d changed the same customers; undo it first", later)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var name, tbl string
		var due int64
		var status shop.Status
		err = tx.QueryRowContext(ctx, `SELECT c.name, f.due, f.status, r.tbl FROM import_rows r
			JOIN followup_reasons fr ON (r.tbl = 'purchases' AND fr.purchase_id = r.row_id) OR (r.tbl = 'issues' AND fr.issue_id = r.row_id)
			JOIN followups f ON f.id = fr.followup_id AND f.status <> 'pending'
			JOIN customers c ON c.id = f.customer_id
			WHERE r.batch_id = ? AND r.tbl IN ('purchases', 'issues') LIMIT 1`, id).Scan(&name, &due, &status, &tbl)
		if err == nil {
			what := map[string]string{"purchases": "sale", "issues": "issue"}[tbl]
			return unsafe("the follow-up with %s about an imported %s was already recorded (%s, due %s)", name, what, status.Label(),
				tables.FromUnix(due).Format(time.DateOnly))
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT c.name FROM import_rows r JOIN promises p ON p.issue_id = r.row_id JOIN customers c ON c.id = p.customer_id
			WHERE r.batch_id = ? AND r.tbl = 'issues' LIMIT 1`, id).Scan(&name)
		if err == nil {
			return unsafe("a follow-up was promised to %s about an imported issue", name)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT c.name FROM import_rows r JOIN customers c ON c.id = r.row_id
			WHERE r.batch_id = ?1 AND r.tbl = 'customers' AND r.action = 'added' AND (
				EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = c.id
					AND NOT EXISTS (SELECT 1 FROM import_rows x WHERE x.batch_id = ?1 AND x.tbl = 'purchases' AND x.row_id = p.id))
				OR EXISTS (SELECT 1 FROM issues i WHERE i.customer_id = c.id
					AND NOT EXISTS (SELECT 1 FROM import_rows x WHERE x.batch_id = ?1 AND x.tbl = 'issues' AND x.row_id = i.id))
				OR EXISTS (SELECT 1 FROM promises WHERE customer_id = c.id)
				OR EXISTS (SELECT 1 FROM contacts WHERE customer_id = c.id)
				OR EXISTS (SELECT 1 FROM followups WHERE customer_id = c.id AND status <> 'pending')
				OR EXISTS (SELECT 1 FROM customers r WHERE r.referred_by = c.id)
				OR EXISTS (SELECT 1 FROM overrides WHERE customer_id = c.id AND pinned IS NOT NULL))
			LIMIT 1`, id).Scan(&name)
		if err == nil {
			return unsafe("%s, added by it, has since had sales, issues, contacts, referrals or a rescheduled call recorded", name)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		type touched struct {
			id            shop.ID
			action        string
			before, after string
		}
		var ms []touched
		rows, err := tx.QueryContext(ctx, `SELECT row_id, action, coalesce(before, ''), coalesce(after, '') FROM import_rows
			WHERE batch_id = ? AND tbl = 'customers' ORDER BY row_id`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var m touched
			if err := rows.Scan(&m.id, &m.action, &m.before, &m.after); err != nil {
				rows.Close()
				return err
			}
			ms = append(ms, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, m := range ms {
			cur, err := getCustomer(ctx, tx, m.id)
			if errors.Is(err, ErrNotFound) {
				continue // deleted since: nothing to restore
			}
			if err != nil {
				return err
			}
			now, _ := json.Marshal(cur)
			if !sameSnapshot(now, m.after) {
				return unsafe("%s was edited after the import", cur.Name)
			}
			if m.action == "added" {
				continue // deleted below
			}
			var old shop.Customer
			if err := json.Unmarshal([]byte(m.before), &old); err != nil {
				return fmt.Errorf("import #%d: the snapshot of customer %d is damaged: %w", id, m.id, err)
			}
			if err := restoreCustomer(ctx, tx, old); err != nil {
				return err
			}
		}
		for _, q := range []string{
			`DELETE FROM purchases WHERE id IN (SELECT row_id FROM import_rows WHERE batch_id = ? AND tbl = 'purchases')`,
			`DELETE FROM issues WHERE id IN (SELECT row_id FROM import_rows WHERE batch_id = ? AND tbl = 'issues')`,
			`DELETE FROM customers WHERE id IN (SELECT row_id FROM import_rows WHERE batch_id = ? AND tbl = 'customers' AND action = 'added')`,
		} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return fmt.Errorf("undo import #%d: %w", id, err)
			}
		}
		b.UndoneAt = s.Now().UTC()
		if _, err := tx.ExecContext(ctx, `UPDATE import_batches SET undone_at = ? WHERE id = ?`, tables.Unix(b.UndoneAt), id); err != nil {
			return err
		}
		_, err = replan.All(ctx, tx, s.Now())
		return err
	})
	return b, err
}

// restoreCustomer writes a snapshot back exactly as it was, without the guesses
// saveCustomer makes for new input.
func restoreCustomer(ctx context.Context, tx *sql.Tx, c shop.Customer) error {
	emailKey, nameKey := customerKeys(&c)
	phoneKey := phoneKeyOf(&c, shopCountry(ctx, tx))
	return execOne(ctx, tx, "customer", c.ID, `UPDATE customers SET name = ?, salutation = ?, kind = ?, company = ?, address = ?, city = ?, region = ?,
		postal_code = ?, country = ?, phone = ?, email = ?, time_zone = ?, preferred_channel = ?, preferred_call_minute = ?,
		evening_only = ?, do_not_contact = ?, notes = ?, customer_since = ?, tags = ?, referred_by = ?, email_key = ?, phone_key = ?, name_key = ?
		WHERE id = ?`,
		c.Name, c.Salutation, c.Kind, c.Company, c.Address, c.City, c.Region, c.PostalCode, c.Country, c.Phone, c.Email,
		c.TimeZone, c.PreferredChannel, c.PreferredCallMinute, tables.Flag(c.EveningOnly), tables.Flag(c.DoNotContact), c.Notes, tables.ZeroUnix(c.CustomerSince),
		strings.Join(c.Tags, ", "), tables.NullID(c.ReferredBy), emailKey, phoneKey, nameKey, c.ID)
}
