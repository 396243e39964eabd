package store

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// ImportResult counts what an import did.
type ImportResult struct {
	Added   int
	Updated int
}

// importSpec describes one kind of CSV file: its columns (required first) and how a
// row becomes stored rows.
type importSpec struct {
	required []string
	optional []string
}

var importSpecs = map[string]importSpec{
	"customers": {
		required: []string{"name"},
		optional: []string{"email", "phone", "address", "city", "region", "postal_code", "country", "kind", "time_zone", "preferred_channel",
			"company", "salutation", "notes", "evening_only", "do_not_contact", "tags"},
	},
	"sales": {
		required: []string{"customer", "when", "amount"},
		optional: []string{"channel", "sold_by", "items"},
	},
	"issues": {
		required: []string{"customer", "type", "opened"},
		optional: []string{"channel", "replied", "resolved", "complicated", "handled_by", "billing_date", "summary", "escalated", "trivial", "reference"},
	},
}

// ImportKinds lists what Import accepts.
func ImportKinds() []string { return []string{"customers", "sales", "issues"} }

// ImportColumns lists the columns of a kind of file, required ones first.
func ImportColumns(kind string) (required, optional []string) {
	sp := importSpecs[kind]
	return sp.required, sp.optional
}

// RowError is a problem with one cell of an imported file.
type RowError struct {
	Kind   string
	Row    int // as a spreadsheet counts: the header is row 1
	Column string
	Err    error
	// Unit is what Row counts: "row" (also when empty) or "card" for vCard files.
	Unit string
}

func (e *RowError) Error() string {
	unit := e.Unit
	if unit == "" {
		unit = "row"
	}
	if e.Column == "" {
		return fmt.Sprintf("import %s: %s %d: %v", e.Kind, unit, e.Row, e.Err)
	}
	return fmt.Sprintf("import %s: %s %d, column %q: %v", e.Kind, unit, e.Row, e.Column, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// Import reads a CSV file with a header row (kind: customers, sales or issues) and
// stores it in one transaction: a file with any bad row imports nothing, and the
// error names the row and column. Customers are matched by email, else by name; a
// customer already stored is updated, any other row is added. Dates are RFC 3339
// or "YYYY-MM-DD HH:MM" (or "YYYY-MM-DD") in the customer's time zone.
func (s *Store) Import(ctx context.Context, kind string, r io.Reader) (ImportResult, error) {
	spec, ok := importSpecs[kind]
	if !ok {
		return ImportResult{}, fmt.Errorf("import: %q is not something to import (customers, sales or issues)", kind)
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return ImportResult{}, fmt.Errorf("import %s: the file is empty; it needs a header row (%s)", kind, strings.Join(spec.required, ","))
	}
	if err != nil {
		return ImportResult{}, fmt.Errorf("import %s: row 1: %w", kind, err)
	}
	col := map[string]int{}
	known := map[string]bool{}
	for _, c := range append(append([]string{}, spec.required...), spec.optional...) {
		known[c] = true
	}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		h = strings.ReplaceAll(h, " ", "_")
		if h == "" {
			continue
		}
		if !known[h] {
			return ImportResult{}, &RowError{Kind: kind, Row: 1, Column: h, Err: fmt.Errorf("is not a column of %s files (%s)", kind,
				strings.Join(append(append([]string{}, spec.required...), spec.optional...), ", "))}
		}
		if _, dup := col[h]; dup {
			return ImportResult{}, &RowError{Kind: kind, Row: 1, Column: h, Err: errors.New("appears twice")}
		}
		col[h] = i
	}
	for _, c := range spec.required {
		if _, ok := col[c]; !ok {
			return ImportResult{}, &RowError{Kind: kind, Row: 1, Column: c, Err: errors.New("is missing from the header")}
		}
	}

	var res ImportResult
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		im, err := newImporter(ctx, tx, s, kind)
		if err != nil {
			return err
		}
		for rowNum := 2; ; rowNum++ {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					return &RowError{Kind: kind, Row: pe.Line, Err: pe.Err}
				}
				return &RowError{Kind: kind, Row: rowNum, Err: err}
			}
			if blank(rec) {
				continue
			}
			row := csvRow{kind: kind, num: rowNum, rec: rec, col: col}
			added, err := im.row(row)
			if err != nil {
				return err
			}
			if added {
				res.Added++
			} else {
				res.Updated++
			}
		}
		_, err = s.replanAll(ctx, tx)
		return err
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

type csvRow struct {
	kind string
	num  int
	rec  []string
	col  map[string]int
}

func (r csvRow) get(name string) string {
	i, ok := r.col[name]
	if !ok || i >= len(r.rec) {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
}

func (r csvRow) fail(column string, format string, args ...any) error {
	return &RowError{Kind: r.kind, Row: r.num, Column: column, Err: fmt.Errorf(format, args...)}
}

func (r csvRow) wrap(column string, err error) error {
	return &RowError{Kind: r.kind, Row: r.num, Column: column, Err: err}
}

func (r csvRow) boolean(name string) (bool, error) {
	switch shop.Normalise(r.get(name)) {
	case "", "no", "n", "false", "0":
		return false, nil
	case "yes", "y", "true", "1", "x":
		return true, nil
	}
	return false, r.fail(name, "%q is not yes or no", r.get(name))
}

// when reads a date and time in loc; ok is false for an empty cell.
func (r csvRow) when(name string, loc *time.Location) (t time.Time, ok bool, err error) {
	v := r.get(name)
	if v == "" {
		return time.Time{}, false, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), true, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t.UTC(), true, nil
		}
	}
	return time.Time{}, false, r.fail(name, "%q is not a date (use 2026-11-23 14:30 or RFC 3339 such as 2026-11-23T14:30:00-05:00)", v)
}

// importer holds what resolving a row needs: the customers and staff by name.
type importer struct {
	ctx      context.Context
	tx       *sql.Tx
	s        *Store
	kind     string
	shopZone *time.Location
	byEmail  map[string]shop.ID
	byName   map[string][]shop.ID
	zones    map[shop.ID]*time.Location
	staff    map[string]shop.ID
	staffAll []string
}

func newImporter(ctx context.Context, tx *sql.Tx, s *Store, kind string) (*importer, error) {
	b, err := getBusiness(ctx, tx)
	if err != nil {
		return nil, err
	}
	im := &importer{ctx: ctx, tx: tx, s: s, kind: kind, shopZone: b.Location(), byEmail: map[string]shop.ID{}, byName: map[string][]shop.ID{},
		zones: map[shop.ID]*time.Location{}, staff: map[string]shop.ID{}}
	rows, err := tx.QueryContext(ctx, `SELECT id, name, email, time_zone FROM customers`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id shop.ID
		var name, email, zone string
		if err := rows.Scan(&id, &name, &email, &zone); err != nil {
			return nil, err
		}
		im.remember(id, name, email, zone)
	}
	staff, err := getStaff(ctx, tx)
	if err != nil {
		return nil, err
	}
	for _, st := range staff {
		im.staff[shop.Normalise(st.Name)] = st.ID
		im.staffAll = append(im.staffAll, st.Name)
	}
	return im, nil
}

func (im *importer) remember(id shop.ID, name, email, zone string) {
	if email != "" {
		im.byEmail[shop.Normalise(email)] = id
	}
	if n := shop.Normalise(name); !slices.Contains(im.byName[n], id) {
		im.byName[n] = append(im.byName[n], id)
	}
	im.zones[id] = shop.Customer{TimeZone: zone}.Location(im.shopZone)
}

// customer finds the customer a row names, by email, else by name.
func (im *importer) customer(r csvRow) (shop.ID, error) {
	v := r.get("customer")
	if v == "" {
		return 0, r.fail("customer", "is empty; give the customer's email or name")
	}
	if id, ok := im.byEmail[shop.Normalise(v)]; ok {
		return id, nil
	}
	switch ids := im.byName[shop.Normalise(v)]; len(ids) {
	case 0:
		return 0, r.fail("customer", "no customer has the email or name %q; import customers first", v)
	case 1:
		return ids[0], nil
	default:
		return 0, r.fail("customer", "%d customers are named %q; give the email instead", len(ids), v)
	}
}

func (im *importer) staffID(r csvRow, column string) (shop.ID, error) {
	v := r.get(column)
	if v == "" {
		return 0, nil
	}
	if id, ok := im.staff[shop.Normalise(v)]; ok {
		return id, nil
	}
	if len(im.staffAll) == 0 {
		return 0, r.fail(column, "no staff member is named %q; the shop has no staff yet", v)
	}
	return 0, r.fail(column, "no staff member is named %q (staff: %s)", v, strings.Join(im.staffAll, ", "))
}

func (im *importer) channel(r csvRow, column string, def shop.Channel) (shop.Channel, error) {
	v := r.get(column)
	if v == "" {
		return def, nil
	}
	ch, err := shop.ParseChannel(v)
	if err != nil {
		return "", r.wrap(column, err)
	}
	return ch, nil
}

func (im *importer) row(r csvRow) (added bool, err error) {
	switch im.kind {
	case "customers":
		return im.customerRow(r)
	case "sales":
		return true, im.saleRow(r)
	default:
		return true, im.issueRow(r)
	}
}

func (im *importer) customerRow(r csvRow) (bool, error) {
	c := shop.Customer{Name: r.get("name"), Email: r.get("email"), PreferredCallMinute: -1}
	if c.Name == "" {
		return false, r.fail("name", "is empty")
	}
	var existing shop.ID
	if id, ok := im.byEmail[shop.Normalise(c.Email)]; ok && c.Email != "" {
		existing = id
	} else if ids := im.byName[shop.Normalise(c.Name)]; c.Email == "" && len(ids) == 1 {
		existing = ids[0]
	}
	if existing != 0 {
		old, err := getCustomer(im.ctx, im.tx, existing)
		if err != nil {
			return false, err
		}
		c = old
		c.Name = r.get("name")
	}
	set := func(field *string, column string) {
		if _, present := r.col[column]; present {
			*field = r.get(column)
		}
	}
	set(&c.Email, "email")
	set(&c.Phone, "phone")
	set(&c.Address, "address")
	set(&c.City, "city")
	set(&c.Region, "region")
	set(&c.PostalCode, "postal_code")
	set(&c.Country, "country")
	set(&c.TimeZone, "time_zone")
	set(&c.Company, "company")
	set(&c.Salutation, "salutation")
	set(&c.Notes, "notes")
	if _, present := r.col["tags"]; present {
		c.Tags = shop.NormaliseTags(r.get("tags"))
	}
	c.Country = strings.ToUpper(c.Country)
	if v := r.get("kind"); v != "" {
		k, err := shop.ParseCustomerKind(v)
		if err != nil {
			return false, r.wrap("kind", err)
		}
		c.Kind = k
	} else if c.Kind == "" {
		c.Kind = shop.KindConsumer
		if c.Company != "" {
			c.Kind = shop.KindBusiness
		}
	}
	if v := r.get("preferred_channel"); v != "" {
		ch, err := shop.ParseChannel(v)
		if err != nil || (ch != shop.ChannelPhone && ch != shop.ChannelEmail && ch != shop.ChannelLetter) {
			return false, r.fail("preferred_channel", "%q is not phone, email or letter", v)
		}
		c.PreferredChannel = ch
	}
	var err error
	if _, ok := r.col["evening_only"]; ok {
		if c.EveningOnly, err = r.boolean("evening_only"); err != nil {
			return false, err
		}
	}
	if _, ok := r.col["do_not_contact"]; ok {
		if c.DoNotContact, err = r.boolean("do_not_contact"); err != nil {
			return false, err
		}
	}
	if err := im.s.saveCustomer(im.ctx, im.tx, &c, false); err != nil {
		return false, r.wrap(fieldColumn(err), err)
	}
	im.remember(c.ID, c.Name, c.Email, c.TimeZone)
	return existing == 0, nil
}

// fieldColumn maps a Validate message ("Email: ...") to its CSV column.
func fieldColumn(err error) string {
	field, _, _ := strings.Cut(err.Error(), ":")
	return strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(field, "Preferred ")), " ", "_")
}

func (im *importer) saleRow(r csvRow) error {
	cust, err := im.customer(r)
	if err != nil {
		return err
	}
	p := shop.Purchase{CustomerID: cust, Items: r.get("items")}
	var ok bool
	if p.At, ok, err = r.when("when", im.zones[cust]); err != nil {
		return err
	} else if !ok {
		return r.fail("when", "is empty")
	}
	if p.AmountCents, err = shop.ParseCents(r.get("amount")); err != nil {
		return r.wrap("amount", err)
	}
	if p.AmountCents < 0 {
		return r.fail("amount", "%q is negative; record a refund as its own note", r.get("amount"))
	}
	if p.Channel, err = im.channel(r, "channel", shop.ChannelVisit); err != nil {
		return err
	}
	if p.SoldBy, err = im.staffID(r, "sold_by"); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return r.wrap("", err)
	}
	return insertOrUpdatePurchase(im.ctx, im.tx, &p)
}

func (im *importer) issueRow(r csvRow) error {
	cust, err := im.customer(r)
	if err != nil {
		return err
	}
	is := shop.Issue{CustomerID: cust, Summary: r.get("summary"), Reference: r.get("reference")}
	if is.Type, err = shop.ParseIssueType(r.get("type")); err != nil {
		return r.wrap("type", err)
	}
	if is.Channel, err = im.channel(r, "channel", shop.ChannelPhone); err != nil {
		return err
	}
	loc := im.zones[cust]
	var ok bool
	if is.OpenedAt, ok, err = r.when("opened", loc); err != nil {
		return err
	} else if !ok {
		return r.fail("opened", "is empty")
	}
	for _, c := range []struct {
		column string
		dst    **time.Time
	}{{"replied", &is.RepliedAt}, {"resolved", &is.ResolvedAt}, {"billing_date", &is.BillingDate}} {
		t, ok, err := r.when(c.column, loc)
		if err != nil {
			return err
		}
		if ok {
			*c.dst = &t
		}
	}
	if is.RepliedAt != nil && is.RepliedAt.Before(is.OpenedAt) {
		return r.fail("replied", "is before the issue was opened")
	}
	if is.ResolvedAt != nil && is.ResolvedAt.Before(is.OpenedAt) {
		return r.fail("resolved", "is before the issue was opened")
	}
	for _, c := range []struct {
		column string
		dst    *bool
	}{{"complicated", &is.Complicated}, {"escalated", &is.Escalated}, {"trivial", &is.Trivial}} {
		if *c.dst, err = r.boolean(c.column); err != nil {
			return err
		}
	}
	if is.HandledBy, err = im.staffID(r, "handled_by"); err != nil {
		return err
	}
	if err := is.Validate(); err != nil {
		return r.wrap("", err)
	}
	return insertOrUpdateIssue(im.ctx, im.tx, &is)
}
