package importer

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// Preview is what an import would store, computed by running it and rolling it
// back: the counts are exact, not estimates.
type Preview struct {
	Mapping     Mapping
	Assumptions []string
	Columns     []string     // headings of Rows: "Action" first
	Rows        []PreviewRow // the first rows as they would be stored
	Errors      []*RowError  // the bad rows, at most maxReportedErrors
	ErrorCount  int          // every bad row, also those not listed
	Batch       store.ImportBatch
}

// PreviewRow is one row of a preview.
type PreviewRow struct {
	Row    int // the file's row (or card) number
	Action string
	Cells  []string
}

var previewColumns = map[string][]string{
	"customers": {"Name", "Email", "Phone", "Address", "City", "Region", "Postal code", "Country", "Company", "Tags", "Notes"},
	"sales":     {"Customer", "When (customer's time)", "Amount", "Items", "Channel", "Sold by"},
	"issues":    {"Customer", "Type", "Opened (customer's time)", "Channel", "Summary", "Reference", "Resolved", "Handled by"},
}

// PreviewImport shows the first n rows of f as the mapping would store them, with
// every bad row and how many customers would be new or merged. Nothing is stored.
func PreviewImport(ctx context.Context, st *store.Store, f *CSVFile, m Mapping, n int) (Preview, error) {
	pv := Preview{Mapping: m, Assumptions: m.Assumptions()}
	if err := m.Check(f.Header); err != nil {
		return pv, err
	}
	b := store.ImportBatch{Kind: m.Kind, FileName: f.Name, Source: m.Source}
	var r *run
	err := st.DryRun(ctx, &b, func(tx *store.ImportTx) error {
		var err error
		if r, err = newRun(tx, f, m, n, &b); err != nil {
			return err
		}
		return r.all()
	})
	if err != nil {
		return pv, err
	}
	pv.Columns = append([]string{"Action"}, previewColumns[m.Kind]...)
	pv.Rows, pv.Errors, pv.ErrorCount, pv.Batch = r.preview, r.errs, r.errCount, b
	return pv, nil
}

// Import stores f as the mapping says, in one transaction: a file with any bad row
// imports nothing and the error (*Errors) lists the rows. A customer row with the
// email (any case) or phone number (compared as E.164) of a stored customer, or of
// an earlier row, is merged into that customer: blank fields are filled, and filled
// ones are overwritten only when the mapping says Update; tags are added. A sale or
// an issue finds its customer by email, then phone, then name (which must be
// unique), and a customer it does not find is added; a sale that names no customer
// is skipped, an issue that names none is a bad row. The import is logged and can be
// undone with store.UndoImport.
func Import(ctx context.Context, st *store.Store, f *CSVFile, m Mapping) (store.ImportBatch, error) {
	b := store.ImportBatch{Kind: m.Kind, FileName: f.Name, Source: m.Source}
	if err := m.Check(f.Header); err != nil {
		return b, err
	}
	var skip map[int]bool
	var skipped []*RowError
	if m.SkipBadRows {
		// A dry run first finds the bad rows; the import then leaves them out, so
		// that nothing a bad row would have added (a customer, a sale) is stored.
		var err error
		if skip, skipped, err = badRows(ctx, st, f, m); err != nil {
			return b, err
		}
	}
	err := st.Import(ctx, &b, func(tx *store.ImportTx) error {
		r, err := newRun(tx, f, m, 0, &b)
		if err != nil {
			return err
		}
		r.skip = skip
		if err := r.all(); err != nil {
			return err
		}
		if r.errCount > 0 {
			return &Errors{Errors: r.errs, Count: r.errCount}
		}
		b.BadRows = len(skip)
		for _, re := range skipped {
			b.Notes = append(b.Notes, "Left out: "+re.Error())
		}
		if len(skip) > len(skipped) {
			b.Notes = append(b.Notes, fmt.Sprintf("… and %d more bad rows left out", len(skip)-len(skipped)))
		}
		if b.Rows == 0 {
			return fmt.Errorf("import %s: the file has no %ss below its header", m.Kind, f.unit())
		}
		return nil
	})
	return b, err
}

// badRows runs the import without storing it and lists its bad rows: by the
// first row of their record (what the import leaves out) and as errors.
func badRows(ctx context.Context, st *store.Store, f *CSVFile, m Mapping) (map[int]bool, []*RowError, error) {
	b := store.ImportBatch{Kind: m.Kind, FileName: f.Name, Source: m.Source}
	var r *run
	err := st.DryRun(ctx, &b, func(tx *store.ImportTx) error {
		var err error
		if r, err = newRun(tx, f, m, 0, &b); err != nil {
			return err
		}
		r.bad = map[int]bool{}
		return r.all()
	})
	if err != nil {
		return nil, nil, err
	}
	return r.bad, r.errs, nil
}

// record is one logical row: a CSV row, or the rows of one order joined.
type record struct {
	row  int      // the first row
	vals []string // per field of the kind, in MappingFields order
	rows []int    // the row each value came from
}

// run is one pass of the pipeline over a file: with a transaction it stores the
// rows (or tries to, for a preview); without one it only checks them (CheckRows).
type run struct {
	tx       *store.ImportTx
	f        *CSVFile
	m        Mapping
	fields   []MappingField
	fieldIdx map[string]int
	colIdx   []int // file column per field, -1 for none
	shopZone *time.Location
	// shopCountry reads phone numbers written without a country prefix.
	shopCountry string

	hadCustomers bool // the shop had customers before the import
	// touched holds a hash of each key ("e", "p" or "n" and the key) of the
	// customers the import added or changed, for as long as it runs: in a shop that
	// was empty, only those keys are worth looking up once forgotten.
	touched  *keySet
	hashSeed maphash.Seed
	byEmail  map[string]shop.ID
	byPhone  map[string]shop.ID
	byName   map[string][]shop.ID
	zones    map[shop.ID]*time.Location
	names    map[shop.ID]string
	staff    map[string]shop.ID
	staffAll []string

	// addedRow is the row that added each customer this import added (of those
	// remembered now, see forget); added and merged count them all.
	addedRow      map[shop.ID]int
	added, merged int
	// seen counts the stored issues each fingerprint has matched so far: a file
	// may hold the same issue twice, and only as many as are stored are taken for
	// already imported. storedSales counts, by fingerprint, the stored sales of the
	// customers in salesRead that no row has matched yet.
	seen        map[string]int
	storedSales map[string]int
	salesRead   map[shop.ID]bool

	sales []shop.Purchase // checked, not stored yet
	when  whenParser

	notes    int // notes made, also those not kept
	previewN int
	preview  []PreviewRow
	errs     []*RowError
	errCount int
	batch    *store.ImportBatch
	// bad collects the first row of every bad record (a dry run for
	// SkipBadRows); skip holds the records the import leaves out.
	bad, skip map[int]bool
}

func newRun(tx *store.ImportTx, f *CSVFile, m Mapping, previewN int, b *store.ImportBatch) (*run, error) {
	r := &run{tx: tx, f: f, m: m, fields: mappingFields[m.Kind], fieldIdx: map[string]int{}, previewN: previewN, batch: b,
		byEmail: map[string]shop.ID{}, byPhone: map[string]shop.ID{}, byName: map[string][]shop.ID{}, zones: map[shop.ID]*time.Location{},
		names: map[shop.ID]string{}, staff: map[string]shop.ID{}, addedRow: map[shop.ID]int{}, seen: map[string]int{},
		storedSales: map[string]int{}, salesRead: map[shop.ID]bool{}, shopZone: time.UTC}
	idx := m.indexes(f.Header)
	for i, fl := range r.fields {
		r.fieldIdx[fl.Key] = i
		r.colIdx = append(r.colIdx, idx[fl.Key])
	}
	if tx == nil {
		return r, nil
	}
	biz, err := tx.Business()
	if err != nil {
		return nil, err
	}
	// Stored customers are looked up by key as rows name them (match, named); only
	// the customers this import touches are kept in memory. In an empty shop there
	// is nobody to look up.
	r.shopZone, r.shopCountry = biz.Location(), tx.ShopCountry()
	n, err := tx.CountCustomers()
	if err != nil {
		return nil, err
	}
	r.hadCustomers = n > 0
	r.hashSeed = maphash.MakeSeed()
	if !r.hadCustomers {
		// A customer has three keys at most.
		r.touched = newKeySet(3 * len(f.Rows))
	}
	staff, err := tx.Staff()
	if err != nil {
		return nil, err
	}
	for _, st := range staff {
		r.staff[shop.Normalise(st.Name)] = st.ID
		r.staffAll = append(r.staffAll, st.Name)
	}
	return r, nil
}

// remember keeps what the import has made of a customer it added or changed: later
// rows find them by these keys first, as they were when the row was read. phone is
// the customer's phone key (phoneKey in their country, else the shop's).
func (r *run) remember(id shop.ID, name, email, phone, zone string) {
	if email != "" {
		r.byEmail[shop.Normalise(email)] = id
		r.touch('e', shop.Normalise(email))
	}
	if phone != "" {
		r.byPhone[phone] = id
		r.touch('p', phone)
	}
	if n := shop.Normalise(name); n != "" {
		r.touch('n', n)
		found := false
		for _, x := range r.byName[n] {
			found = found || x == id
		}
		if !found {
			r.byName[n] = append(r.byName[n], id)
		}
	}
	r.names[id] = name
	r.zones[id] = shop.ZoneOr(zone, r.shopZone)
}

// rememberBatch is how many customers an import keeps in memory at a time; then it
// forgets them, and later rows find them through the store's lookups, so that its
// memory follows the batch and not the file.
const rememberBatch = 10_000

// forget drops what the import keeps of the customers it touched once there are
// rememberBatch of them.
func (r *run) forget() {
	if len(r.names) < rememberBatch {
		return
	}
	clear(r.byEmail)
	clear(r.byPhone)
	clear(r.byName)
	clear(r.names)
	clear(r.zones)
	clear(r.addedRow)
}

// touch notes a key of a customer the import added or changed, in a shop that had
// no customers before (in any other, every key is worth looking up anyway).
func (r *run) touch(kind byte, key string) {
	if !r.hadCustomers {
		r.touched.add(r.keyHash(kind, key))
	}
}

// keyHash is the hash touched keeps of one key of a kind.
func (r *run) keyHash(kind byte, key string) uint64 {
	var h maphash.Hash
	h.SetSeed(r.hashSeed)
	h.WriteByte(kind)
	h.WriteString(key)
	return h.Sum64()
}

// found keeps the name and zone of a stored customer a row was matched to.
func (r *run) found(k store.CustomerKey) {
	if _, ok := r.names[k.ID]; !ok {
		r.names[k.ID] = k.Name
		r.zones[k.ID] = shop.ZoneOr(k.TimeZone, r.shopZone)
	}
}

// records turns the file's rows into records, joining the rows of one order.
func (r *run) records(yield func(record) bool) {
	orderF, hasOrder := r.fieldIdx["order"]
	grouped := hasOrder && r.colIdx[orderF] >= 0
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

func (r *run) all() error {
	var fatal error
	total := len(r.f.Rows)
	r.records(func(rec record) bool {
		if r.skip[rec.row] {
			return true
		}
		r.forget()
		r.batch.Rows++
		if r.m.Progress != nil && r.batch.Rows%500 == 0 {
			r.m.Progress(min(r.batch.Rows, total), total)
		}
		var err error
		var pr PreviewRow
		switch r.m.Kind {
		case "customers":
			pr, err = r.customerRow(rec)
		case "sales":
			pr, err = r.saleRow(rec)
		default:
			pr, err = r.issueRow(rec)
		}
		var re *RowError
		switch {
		case errors.As(err, &re):
			r.errCount++
			if len(r.errs) < maxReportedErrors {
				r.errs = append(r.errs, re)
			}
			if r.bad != nil {
				r.bad[rec.row] = true
			}
		case err != nil:
			fatal = err
			return false
		case len(r.preview) < r.previewN:
			r.preview = append(r.preview, pr)
		}
		return true
	})
	r.batch.NewCustomers = r.added
	r.batch.MergedCustomers = r.merged
	if fatal != nil {
		return fatal
	}
	if r.m.Progress != nil {
		r.m.Progress(total, total)
	}
	return r.flushSales()
}

// flushSales stores the sales read so far. Each was checked row by row, so the
// database has no reason left to refuse one.
func (r *run) flushSales() error {
	if len(r.sales) == 0 {
		return nil
	}
	err := r.tx.AddSales(r.sales)
	r.sales = r.sales[:0]
	return err
}

func (r *run) val(rec record, key string) string {
	if i, ok := r.fieldIdx[key]; ok {
		return rec.vals[i]
	}
	return ""
}

func (r *run) mapped(key string) bool {
	i, ok := r.fieldIdx[key]
	return ok && r.colIdx[i] >= 0
}

// fail names the file's column of a field and the row its value came from.
func (r *run) fail(rec record, key string, err error) *RowError {
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

// fieldFailure turns a validation error into the RowError of the first field that
// column names a mapping field for (column maps a shop.FieldError's field to it);
// nil when err names no such field.
func (r *run) fieldFailure(rec record, err error, column map[string]string) *RowError {
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

// yesNo reads a yes/no cell; ok is false for an empty one.
func yesNo(v string) (b, ok bool, err error) {
	switch shop.Normalise(v) {
	case "":
		return false, false, nil
	case "yes", "y", "true", "1", "x", "ja", "oui", "sí", "si":
		return true, true, nil
	case "no", "n", "false", "0", "nein", "non":
		return false, true, nil
	}
	return false, false, fmt.Errorf("%q is not yes or no", v)
}

// incoming is the customer a row describes, with only the mapped fields set.
func (r *run) incoming(rec record) shop.Customer {
	v := func(k string) string { return r.val(rec, k) }
	c := shop.Customer{Name: strings.Join(strings.Fields(v("name")), " "), Email: v("email"), Phone: v("phone"), City: v("city"), Region: v("region"),
		// Shopify and spreadsheets write a leading apostrophe to keep a zip code's
		// leading zeros ('02108); it is not part of the code.
		PostalCode: strings.TrimPrefix(v("postal_code"), "'"), Country: strings.ToUpper(v("country")), Company: v("company"), Notes: v("notes"),
		TimeZone: v("time_zone"), Salutation: v("salutation"), Tags: shop.NormaliseTags(v("tags")), PreferredCallMinute: -1}
	if c.Name == "" {
		c.Name = strings.Join(strings.Fields(v("first_name")+" "+v("last_name")), " ")
	}
	if c.Name == "" && c.Email != "" {
		c.Name, _, _ = strings.Cut(c.Email, "@")
	}
	c.Address = v("address")
	if k := v("kind"); k != "" {
		c.Kind, _ = shop.ParseCustomerKind(k) // checked in checkCustomerCells
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
	c.EveningOnly, _, _ = yesNo(v("evening_only"))
	c.DoNotContact, _, _ = yesNo(v("do_not_contact"))
	return c
}

// mergeCustomer fills the blank fields of c from in, and with update also overwrites
// filled ones with in's non-empty values; tags are added. A "yes" in a mapped
// evening-only or do-not-contact column is always kept (a customer who asked not to
// be contacted stays so); a "no" clears it only with update. It reports a change.
func (r *run) mergeCustomer(rec record, c *shop.Customer, in shop.Customer, update bool) bool {
	changed := false
	for _, p := range []struct {
		dst *string
		v   string
	}{
		{&c.Name, in.Name}, {&c.Email, in.Email}, {&c.Phone, in.Phone}, {&c.Address, in.Address}, {&c.City, in.City},
		{&c.Region, in.Region}, {&c.PostalCode, in.PostalCode}, {&c.Country, in.Country}, {&c.Company, in.Company},
		{&c.Notes, in.Notes}, {&c.TimeZone, in.TimeZone}, {&c.Salutation, in.Salutation},
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
	for _, b := range []struct {
		key string
		dst *bool
	}{{"evening_only", &c.EveningOnly}, {"do_not_contact", &c.DoNotContact}} {
		v, ok, _ := yesNo(r.val(rec, b.key))
		if ok && v != *b.dst && (v || update) {
			*b.dst, changed = v, true
		}
	}
	tags := shop.NormaliseTags(strings.Join(append(append([]string{}, c.Tags...), in.Tags...), ","))
	if len(tags) != len(c.Tags) {
		c.Tags, changed = tags, true
	}
	return changed
}

// match finds a customer by email, else by phone: among those the import has
// touched first, then among the stored ones (the newest of several). When it finds
// none, phone is the phone's key (a new customer's).
func (r *run) match(email, phone, country string) (id shop.ID, phoneKey string, err error) {
	if email != "" {
		key := shop.Normalise(email)
		if id, ok := r.byEmail[key]; ok {
			return id, "", nil
		}
		if k, ok, err := r.lookup(r.tx.LookupEmail, 'e', key); err != nil || ok {
			if ok {
				r.byEmail[key] = k.ID
				r.found(k)
			}
			return k.ID, "", err
		}
	}
	key := shop.PhoneKey(phone, cmp.Or(country, r.shopCountry))
	if key != "" {
		if id, ok := r.byPhone[key]; ok {
			return id, "", nil
		}
		if k, ok, err := r.lookup(r.tx.LookupPhone, 'p', key); err != nil || ok {
			if ok {
				r.byPhone[key] = k.ID
				r.found(k)
			}
			return k.ID, "", err
		}
	}
	return 0, key, nil
}

// worthLooking reports whether a customer with the key of kind can be stored: the
// shop had customers before the import, or the import may have given one that key
// (touched says so of a few keys it was never given: those are looked up and not
// found).
func (r *run) worthLooking(kind byte, key string) bool {
	if r.hadCustomers {
		return true
	}
	return r.touched.has(r.keyHash(kind, key))
}

// lookup looks key (of kind) up among the stored customers, when one can have it.
func (r *run) lookup(by func(string) (store.CustomerKey, bool, error), kind byte, key string) (store.CustomerKey, bool, error) {
	if !r.worthLooking(kind, key) {
		return store.CustomerKey{}, false, nil
	}
	return by(key)
}

// named lists the customers named name: those the import has touched under that
// name, and the stored ones.
func (r *run) named(name string) ([]shop.ID, error) {
	key := shop.Normalise(name)
	ids := slices.Clone(r.byName[key])
	if !r.worthLooking('n', key) {
		return ids, nil
	}
	ks, err := r.tx.LookupName(key)
	if err != nil {
		return nil, err
	}
	for _, k := range ks {
		if !slices.Contains(ids, k.ID) {
			ids = append(ids, k.ID)
		}
		r.found(k)
	}
	return ids, nil
}

func (r *run) customerRow(rec record) (PreviewRow, error) {
	in := r.incoming(rec)
	if err := r.checkCustomerCells(rec, in); err != nil {
		return PreviewRow{}, err
	}
	if in.TimeZone != "" {
		loc, _ := ParseZone(in.TimeZone) // checked above
		in.TimeZone = loc.String()
	}
	action := "new"
	c := in
	if c.Kind == "" && c.Company != "" {
		c.Kind = shop.KindBusiness
	}
	columns := map[string]string{"name": r.nameKey(), "email": "email", "time_zone": "time_zone", "salutation": "salutation", "company": "company",
		"address": "address", "city": "city", "region": "region", "postal_code": "postal_code", "country": "country", "phone": "phone",
		"notes": "notes", "tags": "tags"}
	id, phoneKey, err := r.match(in.Email, in.Phone, in.Country)
	if err != nil {
		return PreviewRow{}, err
	}
	if id == 0 {
		// Stored, the phone is written the one way; it is the same number, so
		// phoneKey, the new row's, is the customer's.
		if err := r.tx.AddCustomer(&c); err != nil {
			if re := r.fieldFailure(rec, err, columns); re != nil {
				return PreviewRow{}, re
			}
			return PreviewRow{}, err
		}
		r.addedRow[c.ID] = rec.row
		r.added++
	} else {
		old, err := r.tx.Customer(id)
		if err != nil {
			return PreviewRow{}, err
		}
		// A customer the import added earlier: its row, when still remembered (see
		// forget).
		first, known := r.addedRow[id]
		earlier := known || r.tx.Added(id)
		whose := fmt.Sprintf("%s (#%d)", old.Name, id)
		switch {
		case known:
			whose = fmt.Sprintf("%s (%s %d)", old.Name, r.f.unit(), first)
		case earlier:
			whose = fmt.Sprintf("%s (an earlier %s)", old.Name, r.f.unit())
		}
		byEmail := in.Email != "" && shop.Normalise(in.Email) == shop.Normalise(old.Email)
		if !byEmail && differ(in.Name, old.Name) && differ(in.Email, old.Email) {
			// The same phone, but another name and another email: a shared phone (a
			// family's, an office's) as often as the same person. Not merged; the
			// preview asks.
			pk := shop.PhoneKey(in.Phone, cmp.Or(in.Country, r.shopCountry))
			prev := r.byPhone[pk]
			if err := r.tx.AddCustomer(&c); err != nil {
				if re := r.fieldFailure(rec, err, columns); re != nil {
					return PreviewRow{}, re
				}
				return PreviewRow{}, err
			}
			r.addedRow[c.ID] = rec.row
			r.added++
			r.remember(c.ID, c.Name, c.Email, shop.PhoneKey(c.Phone, cmp.Or(c.Country, r.shopCountry)), c.TimeZone)
			r.byPhone[pk] = prev // the phone keeps finding the customer it found first
			r.batch.KeptApart++
			action = fmt.Sprintf("new, not merged: the phone of %s, but another name and email (the same customer?)", whose)
			r.note(fmt.Sprintf("%s %d (%s, %s) has the phone of %s but another name and email: added as a new customer, not merged; "+
				"if it is the same customer, merge them by hand", r.f.unit(), rec.row, in.Name, in.Email, whose))
			return r.customerPreview(rec, action, c), nil
		}
		c = old
		how := "email"
		if !byEmail {
			how = "phone"
		}
		switch {
		case known:
			action = fmt.Sprintf("same customer as %s %d (by %s)", r.f.unit(), first, how)
			r.batch.MergedRows++
		case earlier:
			action = fmt.Sprintf("same customer as an earlier %s (by %s)", r.f.unit(), how)
			r.batch.MergedRows++
		default:
			action = fmt.Sprintf("merge into %s (#%d, by %s)", old.Name, id, how)
			if !r.tx.Changed(id) {
				r.merged++
			}
		}
		if !r.mergeCustomer(rec, &c, in, r.m.Update) {
			action += ", nothing new"
		}
		if !byEmail || earlier {
			r.note(fmt.Sprintf("%s %d (%s) merged into %s: the same %s", r.f.unit(), rec.row, cmp.Or(in.Name, in.Email, in.Phone), whose, how))
		}
		if err := r.tx.UpdateCustomer(&c, old); err != nil {
			if re := r.fieldFailure(rec, err, columns); re != nil {
				return PreviewRow{}, re
			}
			return PreviewRow{}, err
		}
	}
	if id != 0 {
		phoneKey = shop.PhoneKey(c.Phone, cmp.Or(c.Country, r.shopCountry))
	}
	r.remember(c.ID, c.Name, c.Email, phoneKey, c.TimeZone)
	return r.customerPreview(rec, action, c), nil
}

// customerPreview is the preview row of a customer row.
func (r *run) customerPreview(rec record, action string, c shop.Customer) PreviewRow {
	return PreviewRow{Row: rec.row, Action: action, Cells: []string{c.Name, c.Email, c.Phone, c.Address, c.City, c.Region, c.PostalCode,
		c.Country, c.Company, strings.Join(c.Tags, ", "), c.Notes}}
}

// differ reports whether two values are both there and not the same (without
// case or extra spaces).
func differ(a, b string) bool {
	a, b = shop.Normalise(a), shop.Normalise(b)
	return a != "" && b != "" && a != b
}

// maxNotes is how many notes an import keeps; it counts them all.
const maxNotes = 20

// note records what the import merged or kept apart, for the person importing.
func (r *run) note(s string) {
	r.notes++
	switch {
	case r.notes <= maxNotes:
		r.batch.Notes = append(r.batch.Notes, s)
	case r.notes == maxNotes+1:
		r.batch.Notes = append(r.batch.Notes, "… and more rows merged or kept apart (the preview lists every row)")
	}
}

// cellLimits is the longest value each field of a file may hold, as the shop's
// fields (shop.Max...); a field not named here holds one line (shop.MaxLine).
var cellLimits = map[string]int{
	"name": shop.MaxName, "first_name": shop.MaxName, "last_name": shop.MaxName, "company": shop.MaxName,
	"customer_name": shop.MaxName, "sold_by": shop.MaxName, "handled_by": shop.MaxName,
	"email": shop.MaxEmail, "customer_email": shop.MaxEmail, "phone": shop.MaxPhone, "customer_phone": shop.MaxPhone,
	"address": shop.MaxAddress, "address2": shop.MaxAddress, "postal_code": shop.MaxPostal, "country": shop.MaxCountry,
	"notes": shop.MaxNotes, "tags": shop.MaxTags, "time_zone": shop.MaxZone, "items": shop.MaxItems, "summary": shop.MaxSummary,
}

// checkCellText refuses a cell that holds a NUL character or is longer than its
// field holds: before anything is stored, and without the shop (CheckRows).
func (r *run) checkCellText(rec record) *RowError {
	for i, f := range r.fields {
		v := rec.vals[i]
		if v == "" {
			continue
		}
		max, ok := cellLimits[f.Key]
		if !ok {
			max = shop.MaxLine
		}
		if e := shop.CheckText(f.Key, v, max); e != nil {
			return r.fail(rec, f.Key, errors.New(e.Msg))
		}
	}
	return nil
}

// checkCustomerCells refuses what a customer row cannot hold: no name, a kind,
// channel, zone, email or yes/no that does not read, text too long.
func (r *run) checkCustomerCells(rec record, in shop.Customer) *RowError {
	if re := r.checkCellText(rec); re != nil {
		return re
	}
	if in.Name == "" {
		return r.fail(rec, r.nameKey(), errors.New("is empty; a customer needs a name"))
	}
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
	if in.TimeZone != "" {
		if _, err := ParseZone(in.TimeZone); err != nil {
			return r.fail(rec, "time_zone", err)
		}
	}
	for _, key := range []string{"evening_only", "do_not_contact"} {
		if _, _, err := yesNo(r.val(rec, key)); err != nil {
			return r.fail(rec, key, err)
		}
	}
	if re := r.checkPhone(rec, "phone", in.Country); re != nil {
		return re
	}
	return r.checkEmail(rec, "email")
}

// checkPhone refuses a phone number the customer form refuses (one that cannot
// be a phone number, so gives no time zone to call in); country reads a number
// without its country prefix, else the shop's.
func (r *run) checkPhone(rec record, key, country string) *RowError {
	// Without the store (CheckRows) the shop's country is not known: the import
	// itself checks.
	if v := r.val(rec, key); v != "" && r.tx != nil {
		if _, err := shop.NormalisePhone(v, cmp.Or(country, r.shopCountry)); err != nil {
			var fe *shop.FieldError
			if errors.As(err, &fe) {
				err = errors.New(fe.Msg)
			}
			return r.fail(rec, key, err)
		}
	}
	return nil
}

func (r *run) checkEmail(rec record, key string) *RowError {
	if v := r.val(rec, key); v != "" && !shop.IsEmailAddress(v) {
		return r.fail(rec, key, fmt.Errorf("%q is not an email address", v))
	}
	return nil
}

// nameKey is the field a customer's name comes from: the first one mapped of name,
// first name, last name and email.
func (r *run) nameKey() string {
	for _, k := range []string{"name", "first_name", "last_name", "email"} {
		if r.mapped(k) {
			return k
		}
	}
	return "name"
}

// customerFor finds or adds the customer a sale or an issue names; 0 when it names
// none. action is "new customer" when it was added.
func (r *run) customerFor(rec record) (id shop.ID, action string, err error) {
	email, phone, name := r.val(rec, "customer_email"), r.val(rec, "customer_phone"), strings.Join(strings.Fields(r.val(rec, "customer_name")), " ")
	if email == "" && shop.IsEmailAddress(name) {
		// A "customer" column that holds emails (Rapport's own files).
		email, name = name, ""
	}
	id, phoneKey, err := r.match(email, phone, "")
	if err != nil || id != 0 {
		return id, "", err
	}
	if name != "" && email == "" {
		ids, err := r.named(name)
		if err != nil {
			return 0, "", err
		}
		switch len(ids) {
		case 1:
			return ids[0], "", nil
		case 0:
		default:
			return 0, "", r.fail(rec, "customer_name", fmt.Errorf("%d customers are named %q; map the customer's email or phone too", len(ids), name))
		}
	}
	if name == "" && email == "" {
		if phone == "" {
			return 0, "", nil
		}
		name = phone
	}
	if re := r.checkPhone(rec, "customer_phone", ""); re != nil {
		return 0, "", re
	}
	c := shop.Customer{Name: name, Email: email, Phone: phone, PreferredCallMinute: -1}
	if c.Name == "" {
		c.Name, _, _ = strings.Cut(email, "@")
	}
	if err := r.tx.AddCustomer(&c); err != nil {
		if re := r.fieldFailure(rec, err, map[string]string{"email": "customer_email", "name": "customer_name", "phone": "customer_phone"}); re != nil {
			return 0, "", re
		}
		return 0, "", err
	}
	r.addedRow[c.ID] = rec.row
	r.added++
	r.remember(c.ID, c.Name, c.Email, phoneKey, c.TimeZone)
	return c.ID, "new customer", nil
}

// zoneOf is the zone a row's times are read in: its own time zone column, else
// the customer's zone.
func (r *run) zoneOf(rec record, cust shop.ID) (*time.Location, *RowError) {
	if z := r.val(rec, "time_zone"); z != "" {
		loc, err := ParseZone(z)
		if err != nil {
			return nil, r.fail(rec, "time_zone", err)
		}
		return loc, nil
	}
	if loc, ok := r.zones[cust]; ok {
		return loc, nil
	}
	return r.shopZone, nil
}

// date reads the date (and time, for a sale) of field key; ok is false for an
// empty cell.
func (r *run) date(rec record, key string, loc *time.Location) (time.Time, bool, *RowError) {
	v := r.val(rec, key)
	if v == "" {
		return time.Time{}, false, nil
	}
	when := v
	timeCol := key == "date" && r.val(rec, "time") != ""
	if timeCol {
		when += " " + r.val(rec, "time")
	}
	t, err := r.when.parse(when, loc, r.m.DayFirst)
	if err != nil {
		if timeCol {
			err = fmt.Errorf("%q with time %q: %w", v, r.val(rec, "time"), err)
		}
		return time.Time{}, false, r.fail(rec, key, err)
	}
	return t, true, nil
}

// staffOf reads a staff member's name; 0 for an empty cell.
func (r *run) staffOf(rec record, key string) (shop.ID, *RowError) {
	v := r.val(rec, key)
	if v == "" {
		return 0, nil
	}
	if id, ok := r.staff[shop.Normalise(v)]; ok {
		return id, nil
	}
	if len(r.staffAll) == 0 {
		return 0, r.fail(rec, key, fmt.Errorf("no staff member is named %q; the shop has no staff yet", v))
	}
	return 0, r.fail(rec, key, fmt.Errorf("no staff member is named %q (staff: %s)", v, strings.Join(r.staffAll, ", ")))
}

func (r *run) staffName(id shop.ID) string {
	for _, n := range r.staffAll {
		if r.staff[shop.Normalise(n)] == id {
			return n
		}
	}
	return ""
}

func (r *run) saleRow(rec record) (PreviewRow, error) {
	if re := r.checkSaleCells(rec); re != nil {
		return PreviewRow{}, re
	}
	order := r.val(rec, "order")
	if order != "" {
		// A till's order ID is the sale's own: one already stored was imported
		// before (exports overlap from month to month).
		dup, err := r.tx.OrderImported(order)
		if err != nil {
			return PreviewRow{}, err
		}
		if dup {
			return r.duplicate(rec, "sales", fmt.Sprintf("already imported (order %s), skipped", order)), nil
		}
	}
	cust, action, err := r.customerFor(rec)
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
	loc, re := r.zoneOf(rec, cust)
	if re != nil {
		return PreviewRow{}, re
	}
	at, _, re := r.date(rec, "date", loc)
	if re != nil {
		return PreviewRow{}, re
	}
	cents, re := r.amount(rec)
	if re != nil {
		return PreviewRow{}, re
	}
	ch := shop.ChannelVisit
	if r.m.Source == SourceShopify {
		ch = shop.ChannelWeb // an online order
	}
	if v := r.val(rec, "channel"); v != "" {
		ch, _ = shop.ParseChannel(v)
	}
	soldBy, re := r.staffOf(rec, "sold_by")
	if re != nil {
		return PreviewRow{}, re
	}
	p := shop.Purchase{CustomerID: cust, At: at, Items: r.val(rec, "items"), AmountCents: cents, Channel: ch, SoldBy: soldBy, OrderRef: order}
	if err := p.Validate(); err != nil {
		// The items of an order's rows, joined, may be too long; a year may be
		// out of bounds.
		if re := r.fieldFailure(rec, err, map[string]string{"when": "date", "items": "items", "order_ref": "order", "amount": "amount",
			"channel": "channel"}); re != nil {
			return PreviewRow{}, re
		}
		return PreviewRow{}, err
	}
	if order == "" {
		// Without an order ID, a stored sale of the same customer, time, amount and
		// items is this one, imported before.
		dup, err := r.storedSale(p)
		if err != nil {
			return PreviewRow{}, err
		}
		if dup {
			return r.duplicate(rec, "sales", "already imported (the same customer, time, amount and items), skipped"), nil
		}
	}
	r.sales = append(r.sales, p)
	if len(r.sales) >= 1000 {
		if err := r.flushSales(); err != nil {
			return PreviewRow{}, err
		}
	}
	r.batch.Sales++
	if r.previewN == 0 {
		return PreviewRow{}, nil
	}
	return PreviewRow{Row: rec.row, Action: action, Cells: []string{r.names[cust], at.In(loc).Format("2006-01-02 15:04 MST"), shop.FormatCents(cents),
		p.Items, string(ch), r.staffName(soldBy)}}, nil
}

// saleKey is a sale's fingerprint: customer, time, amount and items.
func saleKey(p shop.Purchase) string {
	return fmt.Sprintf("%d\x00%d\x00%d\x00%s", p.CustomerID, p.At.Unix(), p.AmountCents, p.Items)
}

// storedSale reports whether p matches a sale stored before the import that no
// earlier row matched. A customer's stored sales are read once, the first time a
// row names them (none for a customer the import added).
func (r *run) storedSale(p shop.Purchase) (bool, error) {
	if _, added := r.addedRow[p.CustomerID]; added || r.tx.Added(p.CustomerID) {
		return false, nil
	}
	if !r.salesRead[p.CustomerID] {
		r.salesRead[p.CustomerID] = true
		ps, err := r.tx.StoredSales(p.CustomerID)
		if err != nil {
			return false, err
		}
		for _, s := range ps {
			r.storedSales[saleKey(s)]++
		}
	}
	key := saleKey(p)
	if r.storedSales[key] == 0 {
		return false, nil
	}
	r.storedSales[key]--
	return true, nil
}

// duplicate counts a sale or an issue that is already stored, and is its preview
// row.
func (r *run) duplicate(rec record, kind, action string) PreviewRow {
	r.batch.Duplicates++
	return PreviewRow{Row: rec.row, Action: action, Cells: make([]string, len(previewColumns[kind]))}
}

// amount reads a sale's amount, which must be there and not negative.
func (r *run) amount(rec record) (int64, *RowError) {
	v := r.val(rec, "amount")
	if v == "" {
		return 0, r.fail(rec, "amount", errors.New("is empty"))
	}
	c, err := ParseAmount(v, r.m.DecimalComma)
	if err != nil {
		return 0, r.fail(rec, "amount", err)
	}
	if c < 0 {
		return 0, r.fail(rec, "amount", fmt.Errorf("%q is negative (a refund?); remove refunds from the file", v))
	}
	return c, nil
}

// checkSaleCells refuses the cells of a sale that do not read, before its customer
// is looked for.
func (r *run) checkSaleCells(rec record) *RowError {
	if re := r.checkCellText(rec); re != nil {
		return re
	}
	if re := r.checkEmail(rec, "customer_email"); re != nil {
		return re
	}
	if z := r.val(rec, "time_zone"); z != "" {
		if _, err := ParseZone(z); err != nil {
			return r.fail(rec, "time_zone", err)
		}
	}
	if r.val(rec, "date") == "" {
		return r.fail(rec, "date", errors.New("is empty"))
	}
	if v := r.val(rec, "channel"); v != "" {
		if _, err := shop.ParseChannel(v); err != nil {
			return r.fail(rec, "channel", err)
		}
	}
	return nil
}

func (r *run) issueRow(rec record) (PreviewRow, error) {
	if re := r.checkIssueCells(rec); re != nil {
		return PreviewRow{}, re
	}
	cust, action, err := r.customerFor(rec)
	if err != nil {
		return PreviewRow{}, err
	}
	if cust == 0 {
		return PreviewRow{}, r.fail(rec, r.customerKey(), errors.New("is empty; an issue needs its customer's email, phone or name"))
	}
	if action == "" {
		action = "issue of " + r.names[cust]
	}
	loc, re := r.zoneOf(rec, cust)
	if re != nil {
		return PreviewRow{}, re
	}
	is := shop.Issue{CustomerID: cust, Channel: shop.ChannelPhone, Summary: r.val(rec, "summary"), Reference: r.val(rec, "reference")}
	is.Type, _ = shop.ParseIssueType(r.val(rec, "type")) // checked above
	if v := r.val(rec, "channel"); v != "" {
		is.Channel, _ = shop.ParseChannel(v)
	}
	if is.OpenedAt, _, re = r.date(rec, "opened", loc); re != nil {
		return PreviewRow{}, re
	}
	for _, d := range []struct {
		key string
		dst **time.Time
	}{{"replied", &is.RepliedAt}, {"resolved", &is.ResolvedAt}, {"billing_date", &is.BillingDate}} {
		t, ok, re := r.date(rec, d.key, loc)
		if re != nil {
			return PreviewRow{}, re
		}
		if ok {
			*d.dst = &t
		}
	}
	is.Complicated, _, _ = yesNo(r.val(rec, "complicated"))
	is.Escalated, _, _ = yesNo(r.val(rec, "escalated"))
	is.Trivial, _, _ = yesNo(r.val(rec, "trivial"))
	if is.HandledBy, re = r.staffOf(rec, "handled_by"); re != nil {
		return PreviewRow{}, re
	}
	if err := is.Validate(); err != nil {
		if re := r.fieldFailure(rec, err, map[string]string{"type": "type", "channel": "channel", "opened": "opened", "replied": "replied",
			"resolved": "resolved", "billing_date": "billing_date", "summary": "summary", "reference": "reference"}); re != nil {
			return PreviewRow{}, re
		}
		return PreviewRow{}, err
	}
	n, err := r.tx.StoredIssues(is)
	if err != nil {
		return PreviewRow{}, err
	}
	key := "issue\x00" + is.Reference
	if is.Reference == "" {
		key = fmt.Sprintf("issue\x00%d\x00%d\x00%s\x00%s", is.CustomerID, is.OpenedAt.Unix(), is.Type, is.Summary)
	}
	if r.seen[key] < n {
		r.seen[key]++
		how := "the same customer, time, type and summary"
		if is.Reference != "" {
			how = "reference " + is.Reference
		}
		return r.duplicate(rec, "issues", "already imported ("+how+"), skipped"), nil
	}
	if err := r.tx.AddIssue(&is); err != nil {
		return PreviewRow{}, err
	}
	r.batch.Issues++
	if r.previewN == 0 {
		return PreviewRow{}, nil
	}
	resolved := "open"
	if is.ResolvedAt != nil {
		resolved = is.ResolvedAt.In(loc).Format("2006-01-02 15:04")
	}
	return PreviewRow{Row: rec.row, Action: action, Cells: []string{r.names[cust], is.Type.Label(), is.OpenedAt.In(loc).Format("2006-01-02 15:04 MST"),
		string(is.Channel), is.Summary, is.Reference, resolved, r.staffName(is.HandledBy)}}, nil
}

// customerKey is the first customer field the mapping maps, for messages.
func (r *run) customerKey() string {
	for _, k := range []string{"customer_email", "customer_phone", "customer_name"} {
		if r.mapped(k) {
			return k
		}
	}
	return "customer_name"
}

// checkIssueCells refuses the cells of an issue that do not read.
func (r *run) checkIssueCells(rec record) *RowError {
	if re := r.checkCellText(rec); re != nil {
		return re
	}
	if re := r.checkEmail(rec, "customer_email"); re != nil {
		return re
	}
	v := r.val(rec, "type")
	if v == "" {
		return r.fail(rec, "type", errors.New("is empty"))
	}
	if _, err := shop.ParseIssueType(v); err != nil {
		return r.fail(rec, "type", err)
	}
	if v := r.val(rec, "channel"); v != "" {
		if _, err := shop.ParseChannel(v); err != nil {
			return r.fail(rec, "channel", err)
		}
	}
	if z := r.val(rec, "time_zone"); z != "" {
		if _, err := ParseZone(z); err != nil {
			return r.fail(rec, "time_zone", err)
		}
	}
	if r.val(rec, "opened") == "" {
		return r.fail(rec, "opened", errors.New("is empty"))
	}
	for _, key := range []string{"complicated", "escalated", "trivial"} {
		if _, _, err := yesNo(r.val(rec, key)); err != nil {
			return r.fail(rec, key, err)
		}
	}
	return nil
}

// CheckRows reports the cells of f that cannot be read as the mapping says, without
// a database: empty names, amounts, dates and zones that do not parse, emails that
// are not addresses. The preview and the import report the same errors and, in
// addition, those that depend on what is stored (staff names, duplicate names).
func (m Mapping) CheckRows(f *CSVFile) ([]*RowError, error) {
	if err := m.Check(f.Header); err != nil {
		return nil, err
	}
	b := store.ImportBatch{}
	r, _ := newRun(nil, f, m, 0, &b)
	var errs []*RowError
	r.records(func(rec record) bool {
		if err := r.checkRecord(rec); err != nil {
			errs = append(errs, err)
		}
		return true
	})
	return errs, nil
}

func (r *run) checkRecord(rec record) *RowError {
	switch r.m.Kind {
	case "customers":
		return r.checkCustomerCells(rec, r.incoming(rec))
	case "sales":
		if re := r.checkSaleCells(rec); re != nil {
			return re
		}
	default:
		if re := r.checkIssueCells(rec); re != nil {
			return re
		}
	}
	loc := time.UTC
	if z := r.val(rec, "time_zone"); z != "" {
		loc, _ = ParseZone(z)
	}
	for _, key := range dateFields[r.m.Kind] {
		if _, _, re := r.date(rec, key, loc); re != nil {
			return re
		}
	}
	if r.m.Kind == "sales" {
		if _, re := r.amount(rec); re != nil {
			return re
		}
	}
	return nil
}

// dateFields are the fields of a kind that hold dates.
var dateFields = map[string][]string{
	"sales":  {"date"},
	"issues": {"opened", "replied", "resolved", "billing_date"},
}
