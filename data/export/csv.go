package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// Kinds lists what CSV writes.
func Kinds() []string { return []string{"customers", "sales", "issues", "followups"} }

// NeutraliseCell makes a cell safe to open in a spreadsheet: text beginning with
// =, +, -, @, a tab or a carriage return would be read as a formula (CSV
// injection), so it gets a single quote before it, as OWASP advises. That is done
// at the start of the cell and after every separator a spreadsheet may split on
// (comma, semicolon, tab) and every line break: a spreadsheet that reads the file
// with another separator, or ignores the quotes, must not find a formula at the
// start of any piece either. Other text is unchanged.
func NeutraliseCell(s string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	start, changed := true, false
	for _, r := range s {
		if start && strings.ContainsRune("=+-@\t\r", r) {
			b.WriteByte('\'')
			changed = true
		}
		b.WriteRune(r)
		start = strings.ContainsRune(",;\t\r\n", r)
	}
	if !changed {
		return s
	}
	return b.String()
}

// quoteCell quotes a cell that holds a separator (comma, semicolon or tab), a
// quote or a line break, or spaces at either end, so that a spreadsheet reading
// the file with any of those separators keeps it one cell.
func quoteCell(s string) string {
	if s == "" || (!strings.ContainsAny(s, ",;\t\"\r\n") && s[0] != ' ' && s[len(s)-1] != ' ') {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// csvOut writes neutralised, quoted rows.
type csvOut struct {
	w   *bufio.Writer
	err error
}

func (o *csvOut) write(cells ...string) error {
	if o.err != nil {
		return o.err
	}
	for i, c := range cells {
		if i > 0 {
			o.w.WriteByte(',')
		}
		o.w.WriteString(quoteCell(NeutraliseCell(c)))
	}
	_, o.err = o.w.WriteString("\n")
	return o.err
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// localTime formats a stored instant in the customer's zone, as the import reads
// it. A time the clocks show twice (the hour they go back) keeps its offset
// ("2026-11-01 01:30 -0500"), so that it reads back as the same instant.
func localTime(t time.Time, zone string, shopLoc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	loc := shop.ZoneOr(zone, shopLoc)
	if shop.AmbiguousWallClock(t, loc) {
		return t.In(loc).Format("2006-01-02 15:04 -0700")
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

// CSV writes every customer, sale, issue or follow-up (kind) of the store as CSV
// with a header row. Times are local to each customer, with the zone in its own
// column; amounts are plain 1234.50. Cells that a spreadsheet would run as formulas
// are neutralised (NeutraliseCell). It returns the number of rows written.
func CSV(ctx context.Context, st *store.Store, w io.Writer, kind string) (int, error) {
	b, err := st.Business(ctx)
	if err != nil {
		return 0, err
	}
	shopLoc := b.Location()
	out := &csvOut{w: bufio.NewWriter(w)}
	var n int
	switch kind {
	case "customers":
		n, err = exportCustomers(ctx, st, out, shopLoc)
	case "sales":
		n, err = exportSales(ctx, st, out, shopLoc)
	case "issues":
		n, err = exportIssues(ctx, st, out, shopLoc)
	case "followups":
		n, err = exportFollowUps(ctx, st, out)
	default:
		return 0, fmt.Errorf("export: %q is not something to export (%s)", kind, strings.Join(Kinds(), ", "))
	}
	if err != nil {
		return n, fmt.Errorf("export %s: %w", kind, err)
	}
	if err := out.w.Flush(); err != nil {
		return n, fmt.Errorf("export %s: %w", kind, err)
	}
	return n, nil
}

func exportCustomers(ctx context.Context, st *store.Store, out *csvOut, shopLoc *time.Location) (int, error) {
	if err := out.write("id", "name", "email", "phone", "address", "city", "region", "postal_code", "country", "kind", "company", "salutation",
		"time_zone", "preferred_channel", "evening_only", "do_not_contact", "tags", "notes", "customer_since"); err != nil {
		return 0, err
	}
	n := 0
	err := st.EachCustomer(ctx, func(c shop.Customer) error {
		since := ""
		if !c.CustomerSince.IsZero() {
			since = c.CustomerSince.In(c.Location(shopLoc)).Format(time.DateOnly)
		}
		n++
		return out.write(strconv.FormatInt(c.ID, 10), c.Name, c.Email, c.Phone, c.Address, c.City, c.Region, c.PostalCode, c.Country,
			string(c.Kind), c.Company, c.Salutation, c.TimeZone, string(c.PreferredChannel), yesNo(c.EveningOnly), yesNo(c.DoNotContact),
			strings.Join(c.Tags, ", "), c.Notes, since)
	})
	return n, err
}

func exportSales(ctx context.Context, st *store.Store, out *csvOut, shopLoc *time.Location) (int, error) {
	if err := out.write("id", "customer", "customer_email", "when", "time_zone", "amount", "channel", "sold_by", "items"); err != nil {
		return 0, err
	}
	n := 0
	err := st.EachSale(ctx, func(l store.SaleLine) error {
		loc := shop.ZoneOr(l.TimeZone, shopLoc)
		n++
		return out.write(strconv.FormatInt(l.ID, 10), l.Customer, l.Email, localTime(l.At, l.TimeZone, shopLoc), loc.String(), plainCents(l.AmountCents),
			string(l.Channel), l.Seller, l.Items)
	})
	return n, err
}

// plainCents writes 1234.50: no thousands separator, so any spreadsheet reads it.
func plainCents(c int64) string {
	return strings.ReplaceAll(shop.FormatCents(c), ",", "")
}

func exportIssues(ctx context.Context, st *store.Store, out *csvOut, shopLoc *time.Location) (int, error) {
	if err := out.write("id", "customer", "customer_email", "type", "channel", "opened", "replied", "resolved", "time_zone", "complicated", "escalated",
		"trivial", "handled_by", "billing_date", "reference", "summary"); err != nil {
		return 0, err
	}
	n := 0
	err := st.EachIssue(ctx, func(l store.IssueLine) error {
		loc := shop.ZoneOr(l.TimeZone, shopLoc)
		opt := func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return localTime(*t, l.TimeZone, shopLoc)
		}
		bill := ""
		if l.BillingDate != nil {
			bill = l.BillingDate.In(loc).Format(time.DateOnly)
		}
		n++
		return out.write(strconv.FormatInt(l.ID, 10), l.Customer, l.Email, l.Type.Label(), string(l.Channel), localTime(l.OpenedAt, l.TimeZone, shopLoc),
			opt(l.RepliedAt), opt(l.ResolvedAt), loc.String(), yesNo(l.Complicated), yesNo(l.Escalated), yesNo(l.Trivial),
			l.Handler, bill, l.Reference, l.Summary)
	})
	return n, err
}

func exportFollowUps(ctx context.Context, st *store.Store, out *csvOut) (int, error) {
	if err := out.write("id", "customer", "customer_email", "customer_phone", "due", "time_zone", "channel", "assignee", "status", "priority",
		"promised", "overdue", "reasons", "references", "notes", "score", "completed"); err != nil {
		return 0, err
	}
	items, err := st.AllFollowUps(ctx)
	if err != nil {
		return 0, err
	}
	for _, it := range items {
		score := ""
		if it.Score > 0 {
			score = strconv.Itoa(it.Score)
		}
		if err := out.write(strconv.FormatInt(it.ID, 10), it.Customer.Name, it.Customer.Email, it.Customer.Phone, localTime(it.Due, it.TimeZone, time.UTC),
			it.TimeZone, string(it.Channel), it.Assignee, it.Status.Label(), shop.PriorityLabel(it.Priority), yesNo(it.Promised), yesNo(it.Overdue),
			it.Summary(), strings.Join(it.References(), ", "), it.Notes, score, localTime(it.CompletedAt, it.TimeZone, time.UTC)); err != nil {
			return 0, err
		}
	}
	return len(items), nil
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
