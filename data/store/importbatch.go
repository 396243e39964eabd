package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nyaruka/phonenumbers"
	"github.com/rapport-app/rapport/data/shop"
)

// ImportBatch is one mapped import as the import log keeps it.
type ImportBatch struct {
	ID              shop.ID
	Kind            string // customers or sales
	FileName        string
	Source          string // square, shopify, vcard or generic
	At              time.Time
	Rows            int // records read (an order of several line items counts once)
	NewCustomers    int
	MergedCustomers int // customers already stored that the import filled in or updated
	Sales           int
	Skipped         int       // sales rows that name no customer at all
	UndoneAt        time.Time // zero while the import stands
}

// Undone reports whether the import was undone.
func (b ImportBatch) Undone() bool { return !b.UndoneAt.IsZero() }

// ImportPreview is what an import would store, computed by running it and rolling
// it back: the counts are exact, not estimates.
type ImportPreview struct {
	Mapping     Mapping
	Assumptions []string
	Columns     []string     // headings of Rows: "Action" first
	Rows        []PreviewRow // the first rows as they would be stored
	Errors      []*RowError  // the bad rows, at most maxReportedErrors
	ErrorCount  int          // every bad row, also those not listed
	Batch       ImportBatch  // the counts the import would log
}

// PreviewRow is one row of a preview.
type PreviewRow struct {
	Row    int // the file's row (or card) number
	Action string
	Cells  []string
}

// ImportErrors refuses an import with every bad row it found.
type ImportErrors struct {
	Errors []*RowError
	Count  int // may exceed len(Errors)
}

func (e *ImportErrors) Error() string {
	if len(e.Errors) == 0 {
		return "import: bad rows"
	}
	msg := e.Errors[0].Error()
	if e.Count > 1 {
		msg += fmt.Sprintf(" (and %d more bad rows)", e.Count-1)
	}
	return msg
}

// Unwrap gives the row errors to errors.As.
func (e *ImportErrors) Unwrap() []error {
	out := make([]error, len(e.Errors))
	for i, re := range e.Errors {
		out[i] = re
	}
	return out
}

const maxReportedErrors = 200

// PreviewImport shows the first n rows of f as the mapping would store them, with
// every bad row and how many customers would be new or merged. Nothing is stored.
func (s *Store) PreviewImport(ctx context.Context, f *CSVFile, m Mapping, n int) (ImportPreview, error) {
	pv := ImportPreview{Mapping: m, Assumptions: m.Assumptions()}
	if err := m.Check(f.Header); err != nil {
		return pv, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return pv, err
	}
	defer tx.Rollback() //nolint:errcheck // a preview never commits
	run, err := s.newBatchRun(ctx, tx, f, m, n)
	if err != nil {
		return pv, err
	}
	if err := run.all(); err != nil {
		return pv, err
	}
	pv.Columns = append([]string{"Action"}, previewColumns[m.Kind]...)
	pv.Rows, pv.Errors, pv.ErrorCount, pv.Batch = run.preview, run.errs, run.errCount, run.batch
	return pv, nil
}

// ImportMapped stores f as the mapping says, in one transaction: a file with any bad
// row imports nothing and the error (*ImportErrors) lists the rows. A customer row
// with the email (any case) or phone number (compared as E.164) of a stored customer,
// or of an earlier row, is merged into that customer: blank fields are filled, and
// filled ones are overwritten only when the mapping says Update; tags are added. A
// sale finds its customer by email, then phone, then name (which must be unique), and
// a customer it does not find is added; a sale that names no customer is skipped.
// The import is logged and can be undone with UndoImport.
func (s *Store) ImportMapped(ctx context.Context, f *CSVFile, m Mapping) (ImportBatch, error) {
	if err := m.Check(f.Header); err != nil {
		return ImportBatch{}, err
	}
	var b ImportBatch
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		run, err := s.newBatchRun(ctx, tx, f, m, 0)
		if err != nil {
			return err
		}
		if err := run.begin(); err != nil {
			return err
		}
		if err := run.all(); err != nil {
			return err
		}
		if run.errCount > 0 {
			return &ImportErrors{Errors: run.errs, Count: run.errCount}
		}
		if run.batch.Rows == 0 {
			return fmt.Errorf("import %s: the file has no %ss below its header", m.Kind, f.unit())
		}
		if err := run.finish(); err != nil {
			return err
		}
		b = run.batch
		_, err = s.replanAll(ctx, tx)
		return err
	})
	return b, err
}

var previewColumns = map[string][]string{
	"customers": {"Name", "Email", "Phone", "Address", "City", "Region", "Postal code", "Country", "Company", "Tags", "Notes"},
	"sales":     {"Customer", "When (customer's time)", "Amount", "Items", "Channel", "Sold by"},
}

// record is one logical row: a CSV row, or the rows of one order joined.
type record struct {
	row  int      // the first row
	vals []string // per field of the kind, in MappingFields order
	rows []int    // the row each value came from
}

type batchRun struct {
	ctx      context.Context
	tx       *sql.Tx
	s        *Store
	f        *CSVFile
	m        Mapping
	fields   []MappingField
	fieldIdx map[string]int
	colIdx   []int // file column per field, -1 for none
	shopZone *time.Location
	// shopCountry reads phone numbers written without a country prefix.
	shopCountry string

	byEmail  map[string]shop.ID
	byPhone  map[string]shop.ID
	byName   map[string][]shop.ID
	zones    map[shop.ID]*time.Location
	names    map[shop.ID]string
	staff    map[string]shop.ID
	staffAll []string

	added    map[shop.ID]int    // customers this import added → the row that added them
	before   map[shop.ID][]byte // snapshots of stored customers this import merged into
	mergedBy []shop.ID          // in the order first merged

	insSale, insRow *sql.Stmt
	sales           []any // sales not inserted yet: six values each
	lastSaleBefore  shop.ID
	when            whenParser

	previewN int
	preview  []PreviewRow
	errs     []*RowError
	errCount int
	batch    ImportBatch
}

func (s *Store) newBatchRun(ctx context.Context, tx *sql.Tx, f *CSVFile, m Mapping, previewN int) (*batchRun, error) {
	b, err := getBusiness(ctx, tx)
	if err != nil {
		return nil, err
	}
	r := &batchRun{ctx: ctx, tx: tx, s: s, f: f, m: m, fields: mappingFields[m.Kind], fieldIdx: map[string]int{}, shopZone: b.Location(),
		shopCountry: shopCountry(ctx, tx),
		byEmail:     map[string]shop.ID{}, byPhone: map[string]shop.ID{}, byName: map[string][]shop.ID{}, zones: map[shop.ID]*time.Location{}, names: map[shop.ID]string{},
		staff: map[string]shop.ID{}, added: map[shop.ID]int{}, before: map[shop.ID][]byte{}, previewN: previewN}
	r.batch = ImportBatch{Kind: m.Kind, FileName: f.Name, Source: m.Source, At: s.Now().UTC()}
	idx := m.indexes(f.Header)
	for i, fl := range r.fields {
		r.fieldIdx[fl.Key] = i
		r.colIdx = append(r.colIdx, idx[fl.Key])
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, name, email, phone, country, time_zone FROM customers`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id shop.ID
		var name, email, phone, country, zone string
		if err := rows.Scan(&id, &name, &email, &phone, &country, &zone); err != nil {
			return nil, err
		}
		r.remember(id, name, email, phone, country, zone)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	staff, err := getStaff(ctx, tx)
	if err != nil {
		return nil, err
	}
	for _, st := range staff {
		r.staff[shop.Normalise(st.Name)] = st.ID
		r.staffAll = append(r.staffAll, st.Name)
	}
	if r.insSale, err = tx.PrepareContext(ctx, salesInsert(salesPerInsert)); err != nil {
		return nil, err
	}
	return r, nil
}

// salesPerInsert is how many sales one INSERT statement adds: a statement per sale
// spends more time crossing into SQLite than writing.
const salesPerInsert = 200

func salesInsert(n int) string {
	return `INSERT INTO purchases (customer_id, at, items, amount_cents, channel, sold_by) VALUES (?, ?, ?, ?, ?, ?)` +
		strings.Repeat(`, (?, ?, ?, ?, ?, ?)`, n-1)
}

// flushSales inserts the sales read so far. Each was checked row by row, so the
// database has no reason left to refuse one.
func (r *batchRun) flushSales() error {
	n := len(r.sales) / 6
	if n == 0 {
		return nil
	}
	var err error
	if n == salesPerInsert {
		_, err = r.insSale.ExecContext(r.ctx, r.sales...)
	} else {
		_, err = r.tx.ExecContext(r.ctx, salesInsert(n), r.sales...)
	}
	r.sales = r.sales[:0]
	if err != nil {
		return fmt.Errorf("add sales: %w", err)
	}
	return nil
}

// begin logs the batch, so that its rows can point at it.
func (r *batchRun) begin() error {
	res, err := r.tx.ExecContext(r.ctx, `INSERT INTO import_batches (kind, file_name, source, at) VALUES (?, ?, ?, ?)`,
		r.batch.Kind, r.batch.FileName, r.batch.Source, unix(r.batch.At))
	if err != nil {
		return fmt.Errorf("log the import: %w", err)
	}
	r.batch.ID, _ = res.LastInsertId()
	r.insRow, err = r.tx.PrepareContext(r.ctx, `INSERT INTO import_rows (batch_id, tbl, row_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	// A new row's ID is one more than the largest, and the transaction holds the
	// write lock: every sale with a larger ID than now is this import's.
	return r.tx.QueryRowContext(r.ctx, `SELECT coalesce(max(id), 0) FROM purchases`).Scan(&r.lastSaleBefore)
}

// finish records the customers the import added or merged into, with snapshots,
// and the batch's counts.
func (r *batchRun) finish() error {
	for id := range r.added {
		c, err := getCustomer(r.ctx, r.tx, id)
		if err != nil {
			return err
		}
		after, _ := json.Marshal(c)
		if _, err := r.insRow.ExecContext(r.ctx, r.batch.ID, "customers", id, "added", nil, string(after)); err != nil {
			return err
		}
	}
	for _, id := range r.mergedBy {
		c, err := getCustomer(r.ctx, r.tx, id)
		if err != nil {
			return err
		}
		after, _ := json.Marshal(c)
		if _, err := r.insRow.ExecContext(r.ctx, r.batch.ID, "customers", id, "merged", string(r.before[id]), string(after)); err != nil {
			return err
		}
	}
	if _, err := r.tx.ExecContext(r.ctx, `INSERT INTO import_rows (batch_id, tbl, row_id, action)
		SELECT ?, 'purchases', id, 'added' FROM purchases WHERE id > ?`, r.batch.ID, r.lastSaleBefore); err != nil {
		return fmt.Errorf("log the imported sales: %w", err)
	}
	b := r.batch
	_, err := r.tx.ExecContext(r.ctx, `UPDATE import_batches SET rows = ?, new_customers = ?, merged_customers = ?, sales = ?, skipped = ? WHERE id = ?`,
		b.Rows, b.NewCustomers, b.MergedCustomers, b.Sales, b.Skipped, b.ID)
	return err
}

func normalPhone(phone, country string) string {
	if strings.TrimSpace(phone) == "" {
		return ""
	}
	if num := shop.ParsePhone(phone, country); num != nil {
		return phonenumbers.Format(num, phonenumbers.E164)
	}
	var b strings.Builder
	for _, c := range phone {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	if b.Len() < 5 {
		return ""
	}
	return b.String()
}

func (r *batchRun) remember(id shop.ID, name, email, phone, country, zone string) {
	if email != "" {
		r.byEmail[shop.Normalise(email)] = id
	}
	if p := normalPhone(phone, cmp.Or(country, r.shopCountry)); p != "" {
		r.byPhone[p] = id
	}
	if n := shop.Normalise(name); n != "" {
		found := false
		for _, x := range r.byName[n] {
			found = found || x == id
		}
		if !found {
			r.byName[n] = append(r.byName[n], id)
		}
	}
	r.names[id] = name
	r.zones[id] = shop.Customer{TimeZone: zone}.Location(r.shopZone)
}

// records turns the file's rows into records, joining the rows of one order.
func (r *batchRun) records(yield func(record) bool) {
	orderF := r.fieldIdx["order"]
	grouped := r.m.Kind == "sales" && r.colIdx[orderF] >= 0
	var groups map[string]int
	var recs []record
	for i, raw := range r.f.Rows {
		if blank(raw) {
			continue
		}
		rec := record{row: r.f.rowNum(i), vals: make([]string, len(r.fields))}
		for k, c := range r.colIdx {
			if c >= 0 && c < len(raw) {
				rec.vals[k] = strings.TrimSpace(raw[c])
			}
		}
		if !grouped || rec.vals[orderF] == "" {
			if grouped {
				recs = append(recs, rec)
				continue
			}
			if !yield(rec) {
				return
			}
			continue
		}
		if groups == nil {
			groups = map[string]int{}
		}
		key := rec.vals[orderF]
		gi, ok := groups[key]
		if !ok {
			rec.rows = make([]int, len(r.fields))
			for k := range rec.rows {
				rec.rows[k] = rec.row
			}
			groups[key] = len(recs)
			recs = append(recs, rec)
			continue
		}
		g := &recs[gi]
		for k, v := range rec.vals {
			switch {
			case v == "":
			case r.fields[k].Key == "items":
				if g.vals[k] == "" {
					g.vals[k], g.rows[k] = v, rec.row
				} else {
					g.vals[k] += ", " + v
				}
			case g.vals[k] == "":
				g.vals[k], g.rows[k] = v, rec.row
			}
		}
	}
	for _, rec := range recs {
		if !yield(rec) {
			return
		}
	}
}

func (r *batchRun) all() error {
	var fatal error
	total := len(r.f.Rows)
	r.records(func(rec record) bool {
		r.batch.Rows++
		if r.m.Progress != nil && r.batch.Rows%500 == 0 {
			r.m.Progress(min(r.batch.Rows, total), total)
		}
		var err error
		var pr PreviewRow
		if r.m.Kind == "customers" {
			pr, err = r.customerRow(rec)
		} else {
			pr, err = r.saleRow(rec)
		}
		var re *RowError
		switch {
		case errors.As(err, &re):
			r.errCount++
			if len(r.errs) < maxReportedErrors {
				r.errs = append(r.errs, re)
			}
		case err != nil:
			fatal = err
			return false
		case len(r.preview) < r.previewN:
			r.preview = append(r.preview, pr)
		}
		return true
	})
	r.batch.NewCustomers = len(r.added)
	r.batch.MergedCustomers = len(r.mergedBy)
	if fatal != nil {
		return fatal
	}
	if r.m.Progress != nil {
		r.m.Progress(total, total)
	}
	return r.flushSales()
}

func (r *batchRun) val(rec record, key string) string {
	if i, ok := r.fieldIdx[key]; ok {
		return rec.vals[i]
	}
	return ""
}

func (r *batchRun) mapped(key string) bool {
	i, ok := r.fieldIdx[key]
	return ok && r.colIdx[i] >= 0
}

// fail names the file's column of a field and the row its value came from.
func (r *batchRun) fail(rec record, key string, err error) *RowError {
	row := rec.row
	if i, ok := r.fieldIdx[key]; ok && rec.rows != nil {
		row = rec.rows[i]
	}
	col := r.m.Columns[key]
	if key == "" {
		col = ""
	}
	kind := r.m.Kind
	if r.m.Source == SourceVCard {
		kind = "vcard"
	}
	return &RowError{Kind: kind, Unit: r.f.unit(), Row: row, Column: col, Err: err}
}

// incoming is the customer a row describes, with only the mapped fields set.
func (r *batchRun) incoming(rec record) shop.Customer {
	v := func(k string) string { return r.val(rec, k) }
	c := shop.Customer{Name: strings.Join(strings.Fields(v("name")), " "), Email: v("email"), Phone: v("phone"), City: v("city"), Region: v("region"),
		// Shopify and spreadsheets write a leading apostrophe to keep a zip code's
		// leading zeros ('02108); it is not part of the code.
		PostalCode: strings.TrimPrefix(v("postal_code"), "'"), Country: strings.ToUpper(v("country")), Company: v("company"), Notes: v("notes"), TimeZone: v("time_zone"),
		Tags: shop.NormaliseTags(v("tags")), PreferredCallMinute: -1}
	if c.Name == "" {
		c.Name = strings.Join(strings.Fields(v("first_name")+" "+v("last_name")), " ")
	}
	if c.Name == "" && c.Email != "" {
		c.Name, _, _ = strings.Cut(c.Email, "@")
	}
	c.Address = v("address")
	if k := v("kind"); k != "" {
		c.Kind, _ = shop.ParseCustomerKind(k) // checked in customerRow
	}
	if ch := v("preferred_channel"); ch != "" {
		c.PreferredChannel, _ = shop.ParseChannel(ch)
	}
	if a2 := v("address2"); a2 != "" {
		if c.Address != "" {
			c.Address += "\n"
		}
		c.Address += a2
	}
	return c
}

// mergeCustomer fills the blank fields of c from in, and with update also overwrites
// filled ones with in's non-empty values; tags are added. It reports a change.
func mergeCustomer(c *shop.Customer, in shop.Customer, update bool) bool {
	changed := false
	for _, p := range []struct {
		dst *string
		v   string
	}{
		{&c.Name, in.Name}, {&c.Email, in.Email}, {&c.Phone, in.Phone}, {&c.Address, in.Address}, {&c.City, in.City},
		{&c.Region, in.Region}, {&c.PostalCode, in.PostalCode}, {&c.Country, in.Country}, {&c.Company, in.Company},
		{&c.Notes, in.Notes}, {&c.TimeZone, in.TimeZone},
	} {
		if p.v == "" || *p.dst == p.v {
			continue
		}
		if *p.dst == "" || update {
			*p.dst, changed = p.v, true
		}
	}
	if in.Kind != "" && in.Kind != c.Kind && (c.Kind == "" || update) {
		c.Kind, changed = in.Kind, true
	}
	if in.PreferredChannel != "" && in.PreferredChannel != c.PreferredChannel && (c.PreferredChannel == "" || update) {
		c.PreferredChannel, changed = in.PreferredChannel, true
	}
	tags := shop.NormaliseTags(strings.Join(append(append([]string{}, c.Tags...), in.Tags...), ","))
	if len(tags) != len(c.Tags) {
		c.Tags, changed = tags, true
	}
	return changed
}

// match finds a customer by email, else by phone.
func (r *batchRun) match(email, phone, country string) shop.ID {
	if email != "" {
		if id, ok := r.byEmail[shop.Normalise(email)]; ok {
			return id
		}
	}
	if p := normalPhone(phone, cmp.Or(country, r.shopCountry)); p != "" {
		if id, ok := r.byPhone[p]; ok {
			return id
		}
	}
	return 0
}

// fieldFailure turns a validation error into the RowError of the first field that
// column names a mapping field for (column maps a FieldError's field to it); nil
// when err names no such field.
func (r *batchRun) fieldFailure(rec record, err error, column map[string]string) *RowError {
	var es shop.FieldErrors
	var fe *shop.FieldError
	switch {
	case errors.As(err, &es):
	case errors.As(err, &fe):
		es = shop.FieldErrors{fe}
	}
	for _, e := range es {
		if key := column[e.Field]; key != "" {
			return r.fail(rec, key, errors.New(e.Msg))
		}
	}
	return nil
}

func (r *batchRun) customerRow(rec record) (PreviewRow, error) {
	in := r.incoming(rec)
	if in.Name == "" {
		return PreviewRow{}, r.fail(rec, r.nameKey(), errors.New("is empty; a customer needs a name"))
	}
	if err := r.checkKindChannel(rec); err != nil {
		return PreviewRow{}, err
	}
	if in.TimeZone != "" {
		loc, err := ParseZone(in.TimeZone)
		if err != nil {
			return PreviewRow{}, r.fail(rec, "time_zone", err)
		}
		in.TimeZone = loc.String()
	}
	action := "new"
	c := in
	if c.Kind == "" && c.Company != "" {
		c.Kind = shop.KindBusiness
	}
	id := r.match(in.Email, in.Phone, in.Country)
	if id != 0 {
		old, err := getCustomer(r.ctx, r.tx, id)
		if err != nil {
			return PreviewRow{}, err
		}
		c = old
		if first, ok := r.added[id]; ok {
			action = fmt.Sprintf("same customer as %s %d", r.f.unit(), first)
		} else {
			action = fmt.Sprintf("merge into %s (#%d)", old.Name, id)
			if _, seen := r.before[id]; !seen {
				snap, _ := json.Marshal(old)
				r.before[id] = snap
				r.mergedBy = append(r.mergedBy, id)
			}
		}
		if !mergeCustomer(&c, in, r.m.Update) {
			action += ", nothing new"
		}
	}
	if err := r.s.saveCustomer(r.ctx, r.tx, &c, false); err != nil {
		if re := r.fieldFailure(rec, err, map[string]string{"name": r.nameKey(), "email": "email", "time_zone": "time_zone"}); re != nil {
			return PreviewRow{}, re
		}
		return PreviewRow{}, err
	}
	if id == 0 {
		r.added[c.ID] = rec.row
	}
	r.remember(c.ID, c.Name, c.Email, c.Phone, c.Country, c.TimeZone)
	return PreviewRow{Row: rec.row, Action: action, Cells: []string{c.Name, c.Email, c.Phone, c.Address, c.City, c.Region, c.PostalCode,
		c.Country, c.Company, strings.Join(c.Tags, ", "), c.Notes}}, nil
}

// checkKindChannel refuses a kind or preferred channel the customer cannot have.
func (r *batchRun) checkKindChannel(rec record) *RowError {
	if k := r.val(rec, "kind"); k != "" {
		if _, err := shop.ParseCustomerKind(k); err != nil {
			return r.fail(rec, "kind", err)
		}
	}
	if v := r.val(rec, "preferred_channel"); v != "" {
		if ch, err := shop.ParseChannel(v); err != nil || (ch != shop.ChannelPhone && ch != shop.ChannelEmail && ch != shop.ChannelLetter) {
			return r.fail(rec, "preferred_channel", fmt.Errorf("%q is not phone, email or letter", v))
		}
	}
	return nil
}

// nameKey is the field a customer's name comes from: the first one mapped of name,
// first name, last name and email.
func (r *batchRun) nameKey() string {
	for _, k := range []string{"name", "first_name", "last_name", "email"} {
		if r.mapped(k) {
			return k
		}
	}
	return "name"
}

// saleCustomer finds or adds the customer a sale names; 0 when it names none.
func (r *batchRun) saleCustomer(rec record) (shop.ID, string, error) {
	email, phone, name := r.val(rec, "customer_email"), r.val(rec, "customer_phone"), strings.Join(strings.Fields(r.val(rec, "customer_name")), " ")
	if email == "" && shop.IsEmailAddress(name) {
		// A "customer" column that holds emails (Rapport's own sales files).
		email, name = name, ""
	}
	if id := r.match(email, phone, ""); id != 0 {
		return id, "", nil
	}
	if name != "" && email == "" {
		switch ids := r.byName[shop.Normalise(name)]; len(ids) {
		case 1:
			return ids[0], "", nil
		case 0:
		default:
			return 0, "", r.fail(rec, "customer_name", fmt.Errorf("%d customers are named %q; map the customer's email or phone too", len(ids), name))
		}
	}
	if name == "" && email == "" {
		if phone != "" {
			name = phone
		} else {
			return 0, "", nil
		}
	}
	c := shop.Customer{Name: name, Email: email, Phone: phone, PreferredCallMinute: -1}
	if c.Name == "" {
		c.Name, _, _ = strings.Cut(email, "@")
	}
	if err := r.s.saveCustomer(r.ctx, r.tx, &c, false); err != nil {
		if re := r.fieldFailure(rec, err, map[string]string{"email": "customer_email", "name": "customer_name"}); re != nil {
			return 0, "", re
		}
		return 0, "", err
	}
	r.added[c.ID] = rec.row
	r.remember(c.ID, c.Name, c.Email, c.Phone, c.Country, c.TimeZone)
	return c.ID, "new customer", nil
}

func (r *batchRun) saleRow(rec record) (PreviewRow, error) {
	cust, action, err := r.saleCustomer(rec)
	if err != nil {
		return PreviewRow{}, err
	}
	if cust == 0 {
		r.batch.Skipped++
		return PreviewRow{Row: rec.row, Action: "skipped: no customer", Cells: make([]string, len(previewColumns["sales"]))}, nil
	}
	if action == "" {
		action = "sale for " + r.names[cust]
	}
	loc := r.zones[cust]
	if z := r.val(rec, "time_zone"); z != "" {
		if loc, err = ParseZone(z); err != nil {
			return PreviewRow{}, r.fail(rec, "time_zone", err)
		}
	}
	when := r.val(rec, "date")
	if when == "" {
		return PreviewRow{}, r.fail(rec, "date", errors.New("is empty"))
	}
	if t := r.val(rec, "time"); t != "" {
		when += " " + t
	}
	at, err := r.when.parse(when, loc, r.m.DayFirst)
	if err != nil {
		key := "date"
		if r.val(rec, "time") != "" {
			err = fmt.Errorf("%q with time %q: %w", r.val(rec, "date"), r.val(rec, "time"), err)
		}
		return PreviewRow{}, r.fail(rec, key, err)
	}
	amount := r.val(rec, "amount")
	if amount == "" {
		return PreviewRow{}, r.fail(rec, "amount", errors.New("is empty"))
	}
	cents, err := ParseAmount(amount, r.m.DecimalComma)
	if err != nil {
		return PreviewRow{}, r.fail(rec, "amount", err)
	}
	if cents < 0 {
		return PreviewRow{}, r.fail(rec, "amount", fmt.Errorf("%q is negative (a refund?); remove refunds from the file", amount))
	}
	ch := shop.ChannelVisit
	if r.m.Source == SourceShopify {
		ch = shop.ChannelWeb // an online order
	}
	if v := r.val(rec, "channel"); v != "" {
		if ch, err = shop.ParseChannel(v); err != nil {
			return PreviewRow{}, r.fail(rec, "channel", err)
		}
	}
	var soldBy shop.ID
	if v := r.val(rec, "sold_by"); v != "" {
		id, ok := r.staff[shop.Normalise(v)]
		if !ok {
			if len(r.staffAll) == 0 {
				return PreviewRow{}, r.fail(rec, "sold_by", fmt.Errorf("no staff member is named %q; the shop has no staff yet", v))
			}
			return PreviewRow{}, r.fail(rec, "sold_by", fmt.Errorf("no staff member is named %q (staff: %s)", v, strings.Join(r.staffAll, ", ")))
		}
		soldBy = id
	}
	items := r.val(rec, "items")
	r.sales = append(r.sales, cust, unix(at), items, cents, ch, nullID(soldBy))
	if len(r.sales) == salesPerInsert*6 {
		if err := r.flushSales(); err != nil {
			return PreviewRow{}, err
		}
	}
	r.batch.Sales++
	if r.previewN == 0 {
		return PreviewRow{}, nil
	}
	return PreviewRow{Row: rec.row, Action: action, Cells: []string{r.names[cust], at.In(loc).Format("2006-01-02 15:04 MST"), shop.FormatCents(cents),
		items, string(ch), r.staffNameOf(soldBy)}}, nil
}

func (r *batchRun) staffNameOf(id shop.ID) string {
	for name, sid := range r.staff {
		if sid == id {
			for _, n := range r.staffAll {
				if shop.Normalise(n) == name {
					return n
				}
			}
		}
	}
	return ""
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

func queryBatches(ctx context.Context, q queryer, where string, args ...any) ([]ImportBatch, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kind, file_name, source, at, rows, new_customers, merged_customers, sales, skipped, undone_at
		FROM import_batches `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ImportBatch
	for rows.Next() {
		var b ImportBatch
		var at int64
		var undone sql.NullInt64
		if err := rows.Scan(&b.ID, &b.Kind, &b.FileName, &b.Source, &at, &b.Rows, &b.NewCustomers, &b.MergedCustomers, &b.Sales, &b.Skipped, &undone); err != nil {
			return nil, err
		}
		b.At = fromUnix(at)
		if undone.Valid {
			b.UndoneAt = fromUnix(undone.Int64)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// ErrUndoUnsafe is wrapped by UndoImport when later work depends on the import.
var ErrUndoUnsafe = errors.New("cannot be undone safely")

// UndoImport takes an import back in one transaction: the sales and customers it
// added are deleted and the customers it merged into are restored as they were. It
// refuses, changing nothing, when undoing would lose later work: a follow-up about an
// imported sale was already recorded, an added customer has since had sales, issues,
// promises or contacts of their own, a customer it added or merged into was edited,
// or a later import that is still in place touched the same customers.
func (s *Store) UndoImport(ctx context.Context, id shop.ID) (ImportBatch, error) {
	var b ImportBatch
	err := s.inTx(ctx, func(tx *sql.Tx) error {
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
		var name string
		var due int64
		var status shop.Status
		err = tx.QueryRowContext(ctx, `SELECT c.name, f.due, f.status FROM import_rows r
			JOIN followup_reasons fr ON fr.purchase_id = r.row_id
			JOIN followups f ON f.id = fr.followup_id AND f.status <> 'pending'
			JOIN customers c ON c.id = f.customer_id
			WHERE r.batch_id = ? AND r.tbl = 'purchases' LIMIT 1`, id).Scan(&name, &due, &status)
		if err == nil {
			return unsafe("the follow-up with %s about an imported sale was already recorded (%s, due %s)", name, status.Label(), fromUnix(due).Format(time.DateOnly))
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT c.name FROM import_rows r JOIN customers c ON c.id = r.row_id
			WHERE r.batch_id = ?1 AND r.tbl = 'customers' AND r.action = 'added' AND (
				EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = c.id
					AND NOT EXISTS (SELECT 1 FROM import_rows x WHERE x.batch_id = ?1 AND x.tbl = 'purchases' AND x.row_id = p.id))
				OR EXISTS (SELECT 1 FROM issues WHERE customer_id = c.id)
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
			if string(now) != m.after {
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
		if _, err := tx.ExecContext(ctx, `DELETE FROM purchases WHERE id IN (SELECT row_id FROM import_rows WHERE batch_id = ? AND tbl = 'purchases')`, id); err != nil {
			return fmt.Errorf("undo import #%d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM customers WHERE id IN (SELECT row_id FROM import_rows WHERE batch_id = ? AND tbl = 'customers' AND action = 'added')`, id); err != nil {
			return fmt.Errorf("undo import #%d: %w", id, err)
		}
		b.UndoneAt = s.Now().UTC()
		if _, err := tx.ExecContext(ctx, `UPDATE import_batches SET undone_at = ? WHERE id = ?`, unix(b.UndoneAt), id); err != nil {
			return err
		}
		_, err = s.replanAll(ctx, tx)
		return err
	})
	return b, err
}

// restoreCustomer writes a snapshot back exactly as it was, without the guesses
// saveCustomer makes for new input.
func restoreCustomer(ctx context.Context, tx *sql.Tx, c shop.Customer) error {
	return execOne(ctx, tx, "customer", c.ID, `UPDATE customers SET name = ?, salutation = ?, kind = ?, company = ?, address = ?, city = ?, region = ?,
		postal_code = ?, country = ?, phone = ?, email = ?, time_zone = ?, preferred_channel = ?, preferred_call_minute = ?,
		evening_only = ?, do_not_contact = ?, notes = ?, customer_since = ?, tags = ?, referred_by = ? WHERE id = ?`,
		c.Name, c.Salutation, c.Kind, c.Company, c.Address, c.City, c.Region, c.PostalCode, c.Country, c.Phone, c.Email,
		c.TimeZone, c.PreferredChannel, c.PreferredCallMinute, b2i(c.EveningOnly), b2i(c.DoNotContact), c.Notes, zeroUnix(c.CustomerSince),
		strings.Join(c.Tags, ", "), nullID(c.ReferredBy), c.ID)
}

// CheckRows reports the cells of f that cannot be read as the mapping says, without
// a database: empty names, amounts, dates and zones that do not parse, emails that
// are not addresses. The preview and the import report the same errors and, in
// addition, those that depend on what is stored (staff names, duplicate names).
func (m Mapping) CheckRows(f *CSVFile) ([]*RowError, error) {
	if err := m.Check(f.Header); err != nil {
		return nil, err
	}
	r := &batchRun{f: f, m: m, fields: mappingFields[m.Kind], fieldIdx: map[string]int{}}
	idx := m.indexes(f.Header)
	for i, fl := range r.fields {
		r.fieldIdx[fl.Key] = i
		r.colIdx = append(r.colIdx, idx[fl.Key])
	}
	var errs []*RowError
	r.records(func(rec record) bool {
		if err := r.checkRecord(rec); err != nil {
			errs = append(errs, err)
		}
		return true
	})
	return errs, nil
}

func (r *batchRun) checkRecord(rec record) *RowError {
	email := func(key string) *RowError {
		if v := r.val(rec, key); v != "" && !shop.IsEmailAddress(v) {
			return r.fail(rec, key, fmt.Errorf("%q is not an email address", v))
		}
		return nil
	}
	if r.m.Kind == "customers" {
		in := r.incoming(rec)
		if in.Name == "" {
			return r.fail(rec, r.nameKey(), errors.New("is empty; a customer needs a name"))
		}
		if err := r.checkKindChannel(rec); err != nil {
			return err
		}
		if in.TimeZone != "" {
			if _, err := ParseZone(in.TimeZone); err != nil {
				return r.fail(rec, "time_zone", err)
			}
		}
		return email("email")
	}
	if err := email("customer_email"); err != nil {
		return err
	}
	loc := time.UTC
	if z := r.val(rec, "time_zone"); z != "" {
		var err error
		if loc, err = ParseZone(z); err != nil {
			return r.fail(rec, "time_zone", err)
		}
	}
	when := strings.TrimSpace(r.val(rec, "date") + " " + r.val(rec, "time"))
	if r.val(rec, "date") == "" {
		return r.fail(rec, "date", errors.New("is empty"))
	}
	if _, err := r.when.parse(when, loc, r.m.DayFirst); err != nil {
		return r.fail(rec, "date", err)
	}
	if v := r.val(rec, "amount"); v == "" {
		return r.fail(rec, "amount", errors.New("is empty"))
	} else if c, err := ParseAmount(v, r.m.DecimalComma); err != nil {
		return r.fail(rec, "amount", err)
	} else if c < 0 {
		return r.fail(rec, "amount", fmt.Errorf("%q is negative (a refund?); remove refunds from the file", v))
	}
	if v := r.val(rec, "channel"); v != "" {
		if _, err := shop.ParseChannel(v); err != nil {
			return r.fail(rec, "channel", err)
		}
	}
	return nil
}
