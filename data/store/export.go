package store

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// ExportKinds lists what ExportCSV writes.
func ExportKinds() []string { return []string{"customers", "sales", "issues", "followups"} }

// NeutraliseCell makes a cell safe to open in a spreadsheet: a cell beginning with
// =, +, -, @, a tab or a carriage return would be read as a formula (CSV injection),
// so it gets a leading single quote, as OWASP advises. Other cells are unchanged.
func NeutraliseCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// csvOut writes neutralised rows.
type csvOut struct {
	w   *csv.Writer
	row []string
}

func (o *csvOut) write(cells ...string) error {
	o.row = o.row[:0]
	for _, c := range cells {
		o.row = append(o.row, NeutraliseCell(c))
	}
	return o.w.Write(o.row)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// localTime formats a stored instant in the customer's zone, as the import reads it.
func localTime(t time.Time, zone string, shopLoc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(shop.Customer{TimeZone: zone}.Location(shopLoc)).Format("2006-01-02 15:04")
}

func localNull(v sql.NullInt64, zone string, shopLoc *time.Location) string {
	if !v.Valid {
		return ""
	}
	return localTime(fromUnix(v.Int64), zone, shopLoc)
}

// ExportCSV writes every customer, sale, issue or follow-up (kind) as CSV with a
// header row. Times are local to each customer, with the zone in its own column;
// amounts are plain 1234.50. Cells that a spreadsheet would run as formulas are
// neutralised (NeutraliseCell). It returns the number of rows written.
func (s *Store) ExportCSV(ctx context.Context, w io.Writer, kind string) (int, error) {
	b, err := s.Business(ctx)
	if err != nil {
		return 0, err
	}
	shopLoc := b.Location()
	out := &csvOut{w: csv.NewWriter(w)}
	var n int
	switch kind {
	case "customers":
		n, err = s.exportCustomers(ctx, out, shopLoc)
	case "sales":
		n, err = s.exportSales(ctx, out, shopLoc)
	case "issues":
		n, err = s.exportIssues(ctx, out, shopLoc)
	case "followups":
		n, err = s.exportFollowUps(ctx, out)
	default:
		return 0, fmt.Errorf("export: %q is not something to export (%s)", kind, strings.Join(ExportKinds(), ", "))
	}
	if err != nil {
		return n, fmt.Errorf("export %s: %w", kind, err)
	}
	out.w.Flush()
	if err := out.w.Error(); err != nil {
		return n, fmt.Errorf("export %s: %w", kind, err)
	}
	return n, nil
}

func (s *Store) exportCustomers(ctx context.Context, out *csvOut, shopLoc *time.Location) (int, error) {
	if err := out.write("id", "name", "email", "phone", "address", "city", "region", "postal_code", "country", "kind", "company", "salutation",
		"time_zone", "preferred_channel", "evening_only", "do_not_contact", "tags", "notes", "customer_since"); err != nil {
		return 0, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+customerCols+` FROM customers ORDER BY name COLLATE NOCASE, id`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return n, err
		}
		since := ""
		if !c.CustomerSince.IsZero() {
			since = c.CustomerSince.In(c.Location(shopLoc)).Format(time.DateOnly)
		}
		if err := out.write(strconv.FormatInt(c.ID, 10), c.Name, c.Email, c.Phone, c.Address, c.City, c.Region, c.PostalCode, c.Country,
			string(c.Kind), c.Company, c.Salutation, c.TimeZone, string(c.PreferredChannel), yesNo(c.EveningOnly), yesNo(c.DoNotContact),
			strings.Join(c.Tags, ", "), c.Notes, since); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

func (s *Store) exportSales(ctx context.Context, out *csvOut, shopLoc *time.Location) (int, error) {
	if err := out.write("id", "customer", "customer_email", "when", "time_zone", "amount", "channel", "sold_by", "items"); err != nil {
		return 0, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, c.name, c.email, c.time_zone, p.at, p.amount_cents, p.channel, coalesce(st.name, ''), p.items
		FROM purchases p JOIN customers c ON c.id = p.customer_id LEFT JOIN staff st ON st.id = p.sold_by ORDER BY p.at, p.id`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id, at, cents int64
		var name, email, zone, ch, staff, items string
		if err := rows.Scan(&id, &name, &email, &zone, &at, &cents, &ch, &staff, &items); err != nil {
			return n, err
		}
		loc := shop.Customer{TimeZone: zone}.Location(shopLoc)
		if err := out.write(strconv.FormatInt(id, 10), name, email, localTime(fromUnix(at), zone, shopLoc), loc.String(), plainCents(cents), ch, staff, items); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// plainCents writes 1234.50: no thousands separator, so any spreadsheet reads it.
func plainCents(c int64) string {
	return strings.ReplaceAll(shop.FormatCents(c), ",", "")
}

func (s *Store) exportIssues(ctx context.Context, out *csvOut, shopLoc *time.Location) (int, error) {
	if err := out.write("id", "customer", "customer_email", "type", "channel", "opened", "replied", "resolved", "time_zone", "complicated", "escalated",
		"trivial", "handled_by", "billing_date", "reference", "summary"); err != nil {
		return 0, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, c.name, c.email, c.time_zone, i.type, i.channel, i.opened_at, i.replied_at, i.resolved_at,
		i.complicated, i.escalated, i.trivial, coalesce(st.name, ''), i.billing_date, i.reference, i.summary
		FROM issues i JOIN customers c ON c.id = i.customer_id LEFT JOIN staff st ON st.id = i.handled_by ORDER BY i.opened_at, i.id`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id, opened int64
		var name, email, zone, typ, ch, staff, ref, summary string
		var replied, resolved, billing sql.NullInt64
		var complicated, escalated, trivial bool
		if err := rows.Scan(&id, &name, &email, &zone, &typ, &ch, &opened, &replied, &resolved, &complicated, &escalated, &trivial, &staff,
			&billing, &ref, &summary); err != nil {
			return n, err
		}
		loc := shop.Customer{TimeZone: zone}.Location(shopLoc)
		bill := ""
		if billing.Valid {
			bill = fromUnix(billing.Int64).In(loc).Format(time.DateOnly)
		}
		if err := out.write(strconv.FormatInt(id, 10), name, email, shop.IssueType(typ).Label(), ch, localTime(fromUnix(opened), zone, shopLoc),
			localNull(replied, zone, shopLoc), localNull(resolved, zone, shopLoc), loc.String(), yesNo(complicated), yesNo(escalated), yesNo(trivial),
			staff, bill, ref, summary); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

func (s *Store) exportFollowUps(ctx context.Context, out *csvOut) (int, error) {
	if err := out.write("id", "customer", "customer_email", "customer_phone", "due", "time_zone", "channel", "assignee", "status", "priority",
		"promised", "overdue", "reasons", "references", "notes", "score", "completed"); err != nil {
		return 0, err
	}
	items, err := s.queryAgenda(ctx, `1 = 1 ORDER BY f.due, f.id`)
	if err != nil {
		return 0, err
	}
	for _, it := range items {
		score := ""
		if it.Score > 0 {
			score = strconv.Itoa(it.Score)
		}
		if err := out.write(strconv.FormatInt(it.ID, 10), it.Customer.Name, it.Customer.Email, it.Customer.Phone, localTime(it.Due, it.TimeZone, time.UTC),
			it.TimeZone, string(it.Channel), it.Assignee, it.Status.Label(), priorityLabel(it.Priority), yesNo(it.Promised), yesNo(it.Overdue),
			it.Summary(), strings.Join(it.References(), ", "), it.Notes, score, localTime(it.CompletedAt, it.TimeZone, time.UTC)); err != nil {
			return 0, err
		}
	}
	return len(items), nil
}

func priorityLabel(p int) string {
	switch p {
	case shop.PriorityOpenProblem:
		return "open problem"
	case shop.PriorityPromise:
		return "promise or overdue"
	}
	return "routine"
}

// WriteFilePrivate writes a file that only its owner may read (mode 0600): exports
// hold customers' names, phones and addresses. The content goes to a temporary file
// beside path that replaces path only when write succeeded, so a failed export never
// leaves half a file or destroys an earlier one.
func WriteFilePrivate(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
