package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/demo"

	"github.com/rapport-app/rapport/data/store/storetest"

	ics "github.com/arran4/golang-ical"
	"github.com/rapport-app/rapport/data/importer"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

func TestNeutraliseCell(t *testing.T) {
	for in, want := range map[string]string{
		"=1+2":                     "'=1+2",
		"+1 323 555 0126":          "'+1 323 555 0126",
		"-5":                       "'-5",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\t=cmd":                   "'\t'=cmd", // the tab splits it in a tab-separated reader
		"\r=cmd":                   "'\r'=cmd",
		"Bob;=cmd|' /C calc'!A0;":  "Bob;'=cmd|' /C calc'!A0;",
		"a,+1;@x\t-2\n=3":          "a,'+1;'@x\t'-2\n'=3",
		"Emily Tran":               "Emily Tran",
		"a=b":                      "a=b",
		"":                         "",
		"'already quoted":          "'already quoted",
		"１２":                       "１２",
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
	} {
		if got := NeutraliseCell(in); got != want {
			t.Errorf("NeutraliseCell(%q) = %q; want %q", in, got, want)
		}
	}
}

func exportRows(t *testing.T, s *store.Store, kind string) [][]string {
	t.Helper()
	var buf bytes.Buffer
	n, err := CSV(context.Background(), s, &buf, kind)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("export %s is not CSV: %v", kind, err)
	}
	if len(rows) != n+1 {
		t.Fatalf("export %s: %d rows read back, %d reported", kind, len(rows)-1, n)
	}
	return rows
}

func TestExportCSVWritesEveryKindNeutralised(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if err := s.SaveStaff(ctx, &shop.Staff{Name: "Maya Chen", Active: true, Senior: true}); err != nil {
		t.Fatal(err)
	}
	evil := mustCustomer(t, s, shop.Customer{Name: "=HYPERLINK(\"http://evil.example\",\"Click\")", Email: "evil@example.com", Phone: "+1 212 555 0110",
		Notes: "@SUM(A1:A9)", Tags: []string{"-wholesale"}})
	zoe := mustCustomer(t, s, shop.Customer{Name: "Zoë Ångström", Email: "zoe@example.se", TimeZone: "Europe/Stockholm", City: "Stockholm"})
	p := shop.Purchase{CustomerID: zoe.ID, At: time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC), Items: "=2+3 mugs", AmountCents: 123450, Channel: shop.ChannelVisit}
	if err := s.SavePurchase(ctx, &p); err != nil {
		t.Fatal(err)
	}
	is := shop.Issue{CustomerID: evil.ID, Type: shop.IssueComplaint, Channel: shop.ChannelEmail, OpenedAt: time.Date(2026, 11, 18, 15, 0, 0, 0, time.UTC), Summary: "+ late delivery", Reference: "C-1"}
	if err := s.SaveIssue(ctx, &is); err != nil {
		t.Fatal(err)
	}

	cs := exportRows(t, s, "customers")
	if want := []string{"id", "name", "email", "phone", "address", "city", "region", "postal_code", "country", "kind", "company", "salutation",
		"time_zone", "preferred_channel", "evening_only", "do_not_contact", "tags", "notes", "customer_since"}; !reflect.DeepEqual(cs[0], want) {
		t.Errorf("customers header = %q", cs[0])
	}
	if len(cs) != 3 || cs[1][1] != "'=HYPERLINK(\"http://evil.example\",\"Click\")" || cs[1][3] != "'+1 212-555-0110" || cs[1][16] != "'-wholesale" ||
		cs[1][17] != "'@SUM(A1:A9)" || cs[1][12] != "America/New_York" || cs[2][1] != "Zoë Ångström" || cs[2][18] != "2026-11-23" {
		t.Errorf("customers = %q", cs)
	}
	sales := exportRows(t, s, "sales")
	if want := [][]string{{"id", "customer", "customer_email", "when", "time_zone", "amount", "channel", "sold_by", "items"},
		{"1", "Zoë Ångström", "zoe@example.se", "2026-11-20 10:30", "Europe/Stockholm", "1234.50", "visit", "", "'=2+3 mugs"}}; !reflect.DeepEqual(sales, want) {
		t.Errorf("sales =\n%q\nwant\n%q", sales, want)
	}
	issues := exportRows(t, s, "issues")
	if len(issues) != 2 || issues[1][3] != "Complaint" || issues[1][5] != "2026-11-18 10:00" || issues[1][7] != "" || issues[1][15] != "'+ late delivery" || issues[1][14] != "C-1" {
		t.Errorf("issues = %q", issues)
	}
	fus := exportRows(t, s, "followups")
	if len(fus) < 2 {
		t.Fatalf("no follow-ups exported: %q", fus)
	}
	for _, r := range fus[1:] {
		if r[8] != shop.StatusPending.Label() {
			t.Errorf("follow-up status %q", r[8])
		}
		if r[1] == evil.Name {
			t.Errorf("a formula name went out unneutralised: %q", r)
		}
	}
	if _, err := CSV(ctx, s, &bytes.Buffer{}, "letters"); err == nil || !strings.Contains(err.Error(), `"letters" is not something to export`) {
		t.Errorf("unknown kind = %v", err)
	}
}

func TestWriteFilePrivateIsOwnerOnlyAndAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "customers.csv")
	if err := os.WriteFile(path, []byte("old export"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk full")
	err := WriteFilePrivate(path, func(w io.Writer) error {
		w.Write([]byte("half"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old export" {
		t.Errorf("a failed export changed the file to %q", b)
	}
	if err := WriteFilePrivate(path, func(w io.Writer) error { _, err := w.Write([]byte("new")); return err }); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if b, _ := os.ReadFile(path); string(b) != "new" || st.Mode().Perm() != 0o600 {
		t.Errorf("file = %q, mode %v; want new, 0600", b, st.Mode().Perm())
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestExportICSParsesBackWithTheCustomersZones(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if err := demo.Seed(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	from, to := fixedNow.AddDate(0, 0, -1), fixedNow.AddDate(0, 3, 0)
	want, err := s.Agenda(ctx, from, to)
	if err != nil || len(want) < 5 {
		t.Fatalf("agenda: %d items, %v", len(want), err)
	}
	var buf bytes.Buffer
	n, err := ICS(ctx, s, &buf, from, to)
	if err != nil || n != len(want) {
		t.Fatalf("export = %d, %v; want %d events", n, err, len(want))
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("the .ics does not parse: %v", err)
	}
	events := cal.Events()
	if len(events) != len(want) {
		t.Fatalf("%d events parsed; want %d", len(events), len(want))
	}
	zones := map[string]bool{}
	for i, ev := range events {
		it := want[i]
		start, err := ev.GetStartAt()
		if err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if !start.Equal(it.Due) {
			t.Errorf("event %d starts %v; want %v", i, start, it.Due)
		}
		dt := ev.GetProperty(ics.ComponentPropertyDtStart)
		if tzid := dt.ICalParameters["TZID"]; len(tzid) != 1 || tzid[0] != it.TimeZone || start.Location().String() != it.TimeZone {
			t.Errorf("event %d TZID = %v; want the customer's %s", i, tzid, it.TimeZone)
		}
		if local := it.Due.In(shop.ZoneOr(it.TimeZone, time.UTC)).Format(icsLocal); dt.Value != local {
			t.Errorf("event %d DTSTART = %s; want local %s", i, dt.Value, local)
		}
		end, _ := ev.GetEndAt()
		if end.Sub(start) != followUpMinutes*time.Minute {
			t.Errorf("event %d lasts %v", i, end.Sub(start))
		}
		summary := ev.GetProperty(ics.ComponentPropertySummary).Value
		verb := map[shop.Channel]string{shop.ChannelPhone: "Call ", shop.ChannelEmail: "Email ", shop.ChannelLetter: "Write to "}[it.Channel]
		if !strings.HasPrefix(summary, verb+it.Customer.Name+" — "+it.Reasons[0].Text) {
			t.Errorf("event %d summary = %q", i, summary)
		}
		if desc := ev.GetProperty(ics.ComponentPropertyDescription).Value; !strings.Contains(desc, "• "+it.Reasons[0].Text) {
			t.Errorf("event %d description = %q", i, desc)
		}
		zones[it.TimeZone] = true
	}
	// Every zone has its VTIMEZONE, and Los Angeles leaves daylight time on 1 Nov 2026
	// at 02:00 local (09:00 UTC), from -0700 to -0800.
	got := map[string]*ics.VTimezone{}
	for _, tz := range cal.Timezones() {
		got[tz.GetProperty(ics.ComponentProperty(ics.PropertyTzid)).Value] = tz
	}
	for z := range zones {
		if got[z] == nil && z != "UTC" {
			t.Errorf("no VTIMEZONE for %s", z)
		}
	}
	la := vtimezone("America/Los_Angeles", fixedNow.AddDate(-1, 0, 0), fixedNow.AddDate(1, 0, 0))
	laCal := ics.NewCalendar()
	laCal.AddVTimezone(la)
	text := strings.ReplaceAll(laCal.Serialize(), "\r\n", "\n")
	if !strings.Contains(text, "BEGIN:STANDARD\nDTSTART:20261101T020000\nTZOFFSETFROM:-0700\nTZOFFSETTO:-0800\nTZNAME:PST\nEND:STANDARD") {
		t.Errorf("Los Angeles VTIMEZONE lacks the 2026 change to standard time:\n%s", text)
	}

	// UIDs survive a re-plan, which gives the pending follow-ups new IDs.
	uids := func() []string {
		var b bytes.Buffer
		if _, err := ICS(ctx, s, &b, from, to); err != nil {
			t.Fatal(err)
		}
		c, err := ics.ParseCalendar(&b)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, ev := range c.Events() {
			out = append(out, ev.Id())
		}
		return out
	}
	first := uids()
	if _, err := s.Replan(ctx); err != nil {
		t.Fatal(err)
	}
	if again := uids(); !reflect.DeepEqual(first, again) {
		t.Errorf("UIDs changed on re-plan:\n%q\n%q", first, again)
	}
	seen := map[string]bool{}
	for _, u := range first {
		if seen[u] {
			t.Errorf("UID %s used twice", u)
		}
		seen[u] = true
	}
}

// customer_since is the day in the customer's zone, else the shop's, as every
// other exported time.
func TestExportedCustomerSinceIsTheShopsDay(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	bz, _ := s.Business(ctx)
	bz.TimeZone = "Australia/Sydney"
	if bz.Name == "" {
		bz.Name = "Shop"
	}
	if err := s.SaveBusiness(ctx, bz); err != nil {
		t.Fatal(err)
	}
	mustCustomer(t, s, shop.Customer{Name: "Ann", CustomerSince: time.Date(2026, 11, 23, 21, 0, 0, 0, time.UTC)})
	var w strings.Builder
	if _, err := CSV(ctx, s, &w, "customers"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(w.String(), "2026-11-24") {
		t.Errorf("customer_since exported in UTC, not the shop's zone:\n%s", w.String())
	}
}

// The export's tests share the store's test helpers.
var (
	fixedNow     = storetest.Now
	openTest     = storetest.Open
	mustCustomer = storetest.Customer
)

// TestExportedCellsStayOneCellWhateverTheSeparator: a cell that holds a semicolon
// or a tab is quoted, and nothing after a separator inside a cell starts a
// formula, so a spreadsheet that splits on semicolons (or ignores the quotes)
// runs nothing. Once `Bob;=cmd|' /C calc'!A0;` reached such a spreadsheet as a
// formula.
func TestExportedCellsStayOneCellWhateverTheSeparator(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	c := mustCustomer(t, s, shop.Customer{Name: "Bob;=cmd|' /C calc'!A0;", Email: "bob@example.com", Notes: "fine\t+SUM(A1)\n@x"})
	p := shop.Purchase{CustomerID: c.ID, At: time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC), Items: "Beans;-1", AmountCents: 100, Channel: shop.ChannelVisit}
	if err := s.SavePurchase(ctx, &p); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"customers", "sales"} {
		var buf bytes.Buffer
		if _, err := CSV(ctx, s, &buf, kind); err != nil {
			t.Fatal(err)
		}
		text := buf.String()
		if !strings.Contains(text, `"Bob;'=cmd|' /C calc'!A0;"`) {
			t.Errorf("%s: the name is not one quoted, neutralised cell:\n%s", kind, text)
		}
		// Split as a reader that knows no quotes and splits on any separator.
		for _, piece := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(",;\t\n\r", r) }) {
			piece = strings.TrimPrefix(piece, `"`)
			if piece != "" && strings.ContainsRune("=+-@", rune(piece[0])) {
				t.Errorf("%s: a piece starts a formula: %q", kind, piece)
			}
		}
	}
	rows := exportRows(t, s, "sales")
	if rows[1][8] != "Beans;'-1" {
		t.Errorf("items read back as %q", rows[1][8])
	}
}

// TestATimeTheClocksShowTwiceKeepsItsOffset: a sale at 01:30 on the night New
// York's clocks go back is exported with its offset, and reads back as the same
// instant, whichever of the two 01:30s it was.
func TestATimeTheClocksShowTwiceKeepsItsOffset(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	c := mustCustomer(t, s, shop.Customer{Name: "Ann", Email: "ann@example.com", TimeZone: "America/New_York"})
	ny, _ := time.LoadLocation("America/New_York")
	first := time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC)  // 01:30 EDT
	second := time.Date(2026, 11, 1, 6, 30, 0, 0, time.UTC) // 01:30 EST
	plain := time.Date(2026, 11, 1, 15, 0, 0, 0, time.UTC)  // 10:00 EST
	for _, at := range []time.Time{first, second, plain} {
		p := shop.Purchase{CustomerID: c.ID, At: at, Items: "Beans", AmountCents: 100, Channel: shop.ChannelVisit}
		if err := s.SavePurchase(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	rows := exportRows(t, s, "sales")
	want := map[string]time.Time{"2026-11-01 01:30 -0400": first, "2026-11-01 01:30 -0500": second, "2026-11-01 10:00": plain}
	for _, r := range rows[1:] {
		at, ok := want[r[3]]
		if !ok {
			t.Errorf("when = %q; want one of %v", r[3], want)
			continue
		}
		back, err := importer.ParseWhen(r[3], ny, false)
		if err != nil || !back.Equal(at) {
			t.Errorf("%q reads back as %v, %v; want %v", r[3], back, err, at)
		}
	}
}
