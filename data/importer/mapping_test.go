package importer

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

func readCSV(t *testing.T, kind, body string) *CSVFile {
	t.Helper()
	f, err := ReadCSV(strings.NewReader(body), kind)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// A Shopify customer export as the admin downloads it (columns trimmed to the ones
// that matter, in Shopify's order).
const shopifyCustomers = "\ufeffFirst Name,Last Name,Email,Accepts Email Marketing,Company,Address1,Address2,City,Province,Province Code,Country,Country Code,Zip,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Tags,Note,Tax Exempt\n" +
	"Emily,Tran,EMILY@example.com,yes,,2400 Sunset Blvd,Apt 4,Los Angeles,California,CA,United States,US,'90026,+13235550126,no,1299.00,1,\"vip, espresso\",Prefers mornings,no\n" +
	"Zoë,Ångström,zoe@example.se,no,,Storgatan 1,,Stockholm,,,Sweden,SE,111 22,+46 8 555 012 34,no,0.00,0,,\"Two lines\nof notes\",no\n" +
	"Bell,Hart,,no,Bell & Hart,200 Park Ave S,,New York,New York,NY,United States,US,10003,(212) 555-0110,no,0.00,0,wholesale,,no\n"

func TestGuessMappingRecognisesTillAndShopExports(t *testing.T) {
	tests := []struct {
		name, kind, header string
		source             string
		want               map[string]string
	}{
		{"Square customers", "customers", "Reference ID,First Name,Last Name,Email Address,Phone Number,Nickname,Company Name,Street Address 1,Street Address 2,City,State,Postal Code,Birthday,Memo,Square Customer ID",
			SourceSquare, map[string]string{"first_name": "First Name", "last_name": "Last Name", "email": "Email Address", "phone": "Phone Number",
				"company": "Company Name", "address": "Street Address 1", "address2": "Street Address 2", "city": "City", "region": "State",
				"postal_code": "Postal Code", "notes": "Memo"}},
		{"Square transactions", "sales", "Date,Time,Time Zone,Gross Sales,Discounts,Net Sales,Tax,Tip,Total Collected,Source,Transaction ID,Description,Customer ID,Customer Name,Staff Name",
			SourceSquare, map[string]string{"date": "Date", "time": "Time", "time_zone": "Time Zone", "amount": "Total Collected", "order": "Transaction ID",
				"items": "Description", "customer_name": "Customer Name", "sold_by": "Staff Name"}},
		{"Shopify customers", "customers", strings.SplitN(strings.TrimPrefix(shopifyCustomers, "\ufeff"), "\n", 2)[0],
			SourceShopify, map[string]string{"first_name": "First Name", "last_name": "Last Name", "email": "Email", "company": "Company",
				"address": "Address1", "address2": "Address2", "city": "City", "region": "Province Code", "country": "Country Code", "postal_code": "Zip",
				"phone": "Phone", "tags": "Tags", "notes": "Note"}},
		{"Shopify orders", "sales", "Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Created at,Lineitem quantity,Lineitem name,Lineitem price,Billing Name,Billing Phone",
			SourceShopify, map[string]string{"order": "Name", "customer_email": "Email", "customer_name": "Billing Name", "customer_phone": "Billing Phone",
				"amount": "Total", "date": "Created at", "items": "Lineitem name"}},
		{"generic", "customers", "Full name;E-mail;Tel;Zip;Town", SourceGeneric,
			map[string]string{"name": "Full name", "email": "E-mail", "phone": "Tel", "postal_code": "Zip", "city": "Town"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := GuessMapping(tt.kind, strings.Split(tt.header, map[bool]string{true: ";", false: ","}[strings.Contains(tt.header, ";")]))
			if m.Source != tt.source {
				t.Errorf("source = %q; want %q", m.Source, tt.source)
			}
			if !reflect.DeepEqual(m.Columns, tt.want) {
				t.Errorf("columns =\n%v\nwant\n%v", m.Columns, tt.want)
			}
		})
	}
}

func TestReadCSVSniffsSemicolonsDropsBOMKeepsQuotedNewlines(t *testing.T) {
	f := readCSV(t, "customers", "\ufeffName;E-Mail;Ort;Notiz\r\n\"Jürgen Weiß\";jw@example.de;München;\"Zeile 1\r\nZeile 2; mit Semikolon\"\r\n;;;\r\nÇağla Öztürk;co@example.tr;İzmir;\r\n")
	if f.Delimiter != ';' {
		t.Errorf("delimiter = %q; want ;", f.Delimiter)
	}
	want := [][]string{{"Jürgen Weiß", "jw@example.de", "München", "Zeile 1\nZeile 2; mit Semikolon"}, {"", "", "", ""}, {"Çağla Öztürk", "co@example.tr", "İzmir", ""}}
	if !reflect.DeepEqual(f.Header, []string{"Name", "E-Mail", "Ort", "Notiz"}) || !reflect.DeepEqual(f.Rows, want) {
		t.Fatalf("read %q %q", f.Header, f.Rows)
	}
	tabs := readCSV(t, "sales", "date\tamount\n2026-11-20\t12.50\n")
	if tabs.Delimiter != '\t' || tabs.Rows[0][1] != "12.50" {
		t.Errorf("tab-separated file read as %q %q", tabs.Delimiter, tabs.Rows)
	}
}

func TestReadCSVNamesTheBadRow(t *testing.T) {
	for name, tt := range map[string]struct{ body, want string }{
		"stray quote":  {"name,email\nA,a@example.com\nB \"x\" C,b@example.com\n", "import customers: row 3: bare \" in non-quoted-field"},
		"not UTF-8":    {"name,email\nA,a@example.com\nJos\xe9,j@example.com\n", `import customers: row 3, column "name": is not UTF-8 text`},
		"empty":        {"", "import customers: the file is empty"},
		"open quote":   {"name\n\"never closed\n", "import customers: row 2: extraneous or missing \" in quoted-field"},
		"header blank": {",,\n", "import customers: the file is empty"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tt.body), "customers")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("error = %v; want it to start %q", err, tt.want)
			}
		})
	}
}

func TestParseAmountFollowsTheMappingNeverGuesses(t *testing.T) {
	tests := []struct {
		in    string
		comma bool
		want  int64
		bad   bool
	}{
		{"$1,234.50", false, 123450, false},
		{"1234.5", false, 123450, false},
		{"USD 12.00", false, 1200, false},
		{"($5.00)", false, -500, false},
		{"-$5.00", false, -500, false},
		{"12,50", false, 0, true},
		{"1.234,50 €", false, 0, true},
		{"1.234,50 €", true, 123450, false},
		{"1 234,50", true, 123450, false},
		{"1\u00a0234,50 EUR", true, 123450, false},
		{"12,5", true, 1250, false},
		{"12.50", true, 0, true},
		{"1.234", true, 123400, false},
		{"12..5", false, 0, true},
		{"abc", false, 0, true},
		{"", false, 0, true},
		{"1+2", false, 0, true},
		{"12x", false, 0, true},
		{"12.50 kr", false, 1250, false},
		{"CHF 1'234.50", false, 0, true},
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in, tt.comma)
		if tt.bad {
			if err == nil {
				t.Errorf("ParseAmount(%q, comma=%v) = %d; want an error", tt.in, tt.comma, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseAmount(%q, comma=%v) = %d, %v; want %d", tt.in, tt.comma, got, err, tt.want)
		}
	}
}

func TestGuessFormatsFromTheRows(t *testing.T) {
	f := readCSV(t, "sales", "Kunde;Datum;Betrag\nA;23/11/2026;12,50\nB;01/12/2026;1.234,00\n")
	m := GuessMapping("sales", f.Header)
	m.Columns = map[string]string{"customer_name": "Kunde", "date": "Datum", "amount": "Betrag"}
	m.GuessFormats(f)
	if !m.DecimalComma || !m.DayFirst {
		t.Errorf("guessed decimal comma %v, day first %v; want both", m.DecimalComma, m.DayFirst)
	}
	f = readCSV(t, "sales", "Customer,Date,Amount\nA,11/23/2026,12.50\nB,12/01/2026,\"1,234.00\"\n")
	m = GuessMapping("sales", f.Header)
	m.GuessFormats(f)
	if m.DecimalComma || m.DayFirst {
		t.Errorf("guessed decimal comma %v, day first %v; want neither", m.DecimalComma, m.DayFirst)
	}
}

func TestImportShopifyCustomersMergesDuplicatesAndUndoRestoresThem(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	// Emily is stored with another case of her email and no address; Bell & Hart
	// under the same phone written differently, with a note the file must not erase.
	emily := mustCustomer(t, s, shop.Customer{Name: "Emily T.", Email: "emily@example.com", Phone: "", Notes: ""})
	bell := mustCustomer(t, s, shop.Customer{Name: "Bell & Hart Ltd", Phone: "+1 212 555 0110", Notes: "Office on 3rd floor", City: "NYC"})
	before := map[shop.ID]shop.Customer{}
	for _, c := range []shop.Customer{emily, bell} {
		got, _ := s.Customer(ctx, c.ID)
		before[c.ID] = got
	}

	f := readCSV(t, "customers", shopifyCustomers)
	f.Name = "customers_export.csv"
	m := GuessMapping("customers", f.Header)
	pv, err := PreviewImport(ctx, s, f, m, 10)
	if err != nil {
		t.Fatal(err)
	}
	if pv.ErrorCount != 0 || pv.Batch.NewCustomers != 1 || pv.Batch.MergedCustomers != 2 || len(pv.Rows) != 3 {
		t.Fatalf("preview = %d errors %v, %d new, %d merged, %d rows", pv.ErrorCount, pv.Errors, pv.Batch.NewCustomers, pv.Batch.MergedCustomers, len(pv.Rows))
	}
	if got := pv.Rows[0].Action; got != "merge into Emily T. (#1, by email)" {
		t.Errorf("row 2 action = %q", got)
	}
	if got := pv.Rows[1].Cells[:2]; !reflect.DeepEqual(got, []string{"Zoë Ångström", "zoe@example.se"}) {
		t.Errorf("row 3 previewed as %q", got)
	}
	if n := count(t, s, "customers"); n != 2 {
		t.Fatalf("a preview stored customers: %d", n)
	}

	b, err := Import(ctx, s, f, m)
	if err != nil {
		t.Fatal(err)
	}
	if b.ID == 0 || b.Rows != 3 || b.NewCustomers != 1 || b.MergedCustomers != 2 || b.Source != SourceShopify || b.FileName != "customers_export.csv" {
		t.Fatalf("batch = %+v", b)
	}
	// Fill blanks only: Emily keeps her stored name, gains the address; Bell keeps the note and city.
	e, _ := s.Customer(ctx, emily.ID)
	if e.Name != "Emily T." || e.Email != "emily@example.com" || e.Address != "2400 Sunset Blvd\nApt 4" || e.City != "Los Angeles" ||
		e.PostalCode != "90026" || e.Notes != "Prefers mornings" || !reflect.DeepEqual(e.Tags, []string{"vip", "espresso"}) || e.Phone != "+1 323-555-0126" {
		t.Errorf("Emily merged as %+v", e)
	}
	bh, _ := s.Customer(ctx, bell.ID)
	if bh.Name != "Bell & Hart Ltd" || bh.Notes != "Office on 3rd floor" || bh.City != "NYC" || bh.Company != "Bell & Hart" || bh.Region != "NY" {
		t.Errorf("Bell & Hart merged as %+v", bh)
	}
	zs, _ := s.Customers(ctx, "zoe@")
	if len(zs) != 1 || zs[0].Name != "Zoë Ångström" || zs[0].Notes != "Two lines\nof notes" || zs[0].Country != "SE" || zs[0].TimeZone != "Europe/Stockholm" {
		t.Errorf("Zoë added as %+v", zs)
	}

	// With Update the file's values win where it has one.
	m.Update = true
	b2, err := Import(ctx, s, f, m)
	if err != nil {
		t.Fatal(err)
	}
	if b2.NewCustomers != 0 || b2.MergedCustomers != 3 {
		t.Fatalf("second import = %+v", b2)
	}
	bh, _ = s.Customer(ctx, bell.ID)
	if bh.Name != "Bell Hart" || bh.Notes != "Office on 3rd floor" || bh.City != "New York" {
		t.Errorf("Bell & Hart updated as %+v", bh)
	}
	if _, err := s.UndoImport(ctx, b.ID); !errors.Is(err, store.ErrUndoUnsafe) || !strings.Contains(err.Error(), "later import #2") {
		t.Fatalf("undo of the first import under the second = %v", err)
	}
	if _, err := s.UndoImport(ctx, b2.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UndoImport(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	for id, want := range before {
		got, _ := s.Customer(ctx, id)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("after undo customer %d =\n%+v\nwant\n%+v", id, got, want)
		}
	}
	if n := count(t, s, "customers"); n != 2 {
		t.Errorf("after undo %d customers; want the 2 stored before", n)
	}
	if _, err := s.UndoImport(ctx, b.ID); err == nil || !strings.Contains(err.Error(), "already undone") {
		t.Errorf("second undo = %v", err)
	}
	log, _ := s.ImportBatches(ctx)
	if len(log) != 2 || log[0].ID != b2.ID || !log[0].Undone() || !log[1].Undone() {
		t.Errorf("import log = %+v", log)
	}
}

func TestUndoRefusesAfterTheMergedCustomerWasEdited(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	c := mustCustomer(t, s, shop.Customer{Name: "Ann Lee", Email: "ann@example.com"})
	f := readCSV(t, "customers", "Name,Email,City\nAnn Lee,ann@example.com,Boston\n")
	b, err := Import(ctx, s, f, GuessMapping("customers", f.Header))
	if err != nil {
		t.Fatal(err)
	}
	c, _ = s.Customer(ctx, c.ID)
	c.Notes = "Called about the grinder"
	if err := s.SaveCustomer(ctx, &c); err != nil {
		t.Fatal(err)
	}
	_, err = s.UndoImport(ctx, b.ID)
	if !errors.Is(err, store.ErrUndoUnsafe) || !strings.Contains(err.Error(), "Ann Lee was edited after the import") {
		t.Fatalf("undo = %v", err)
	}
	got, _ := s.Customer(ctx, c.ID)
	if got.City != "Boston" || got.Notes != "Called about the grinder" {
		t.Errorf("a refused undo changed the customer: %+v", got)
	}
}

// A Shopify order export: one row per line item, the order's fields on its first row.
const shopifyOrders = "Name,Email,Financial Status,Paid at,Currency,Total,Created at,Lineitem quantity,Lineitem name,Billing Name,Billing Phone\n" +
	"#1001,emily@example.com,paid,2026-11-20 09:15:00 -0800,USD,1329.00,2026-11-20 09:14:00 -0800,1,Espresso machine,Emily Tran,\n" +
	"#1001,,,,,,,1,Descaler,,\n" +
	"#1002,new.buyer@example.org,paid,2026-11-21 18:02:00 -0500,USD,45.50,2026-11-21 18:01:00 -0500,2,House blend 1kg,Noah Fischer,+1 617 555 0199\n" +
	"#1003,,paid,2026-11-21 19:00:00 -0500,USD,9.00,2026-11-21 19:00:00 -0500,1,Gift card,,\n"

func TestImportShopifyOrdersJoinsLineItemsAndAddsBuyers(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	emily := mustCustomer(t, s, shop.Customer{Name: "Emily Tran", Email: "emily@example.com", TimeZone: "America/Los_Angeles"})
	f := readCSV(t, "sales", shopifyOrders)
	m := GuessMapping("sales", f.Header)
	m.GuessFormats(f)
	b, err := Import(ctx, s, f, m)
	if err != nil {
		t.Fatal(err)
	}
	if b.Rows != 3 || b.Sales != 2 || b.NewCustomers != 1 || b.Skipped != 1 {
		t.Fatalf("batch = %+v; want 3 orders: 2 sales, 1 new buyer, 1 without a customer skipped", b)
	}
	ps, _ := s.Purchases(ctx, emily.ID)
	if len(ps) != 1 || ps[0].AmountCents != 132900 || ps[0].Items != "Espresso machine, Descaler" ||
		!ps[0].At.Equal(time.Date(2026, 11, 20, 17, 14, 0, 0, time.UTC)) || ps[0].Channel != shop.ChannelWeb {
		t.Errorf("Emily's order = %+v", ps)
	}
	noah, _ := s.Customers(ctx, "new.buyer")
	if len(noah) != 1 || noah[0].Name != "Noah Fischer" || noah[0].TimeZone != "America/New_York" {
		t.Fatalf("new buyer = %+v", noah)
	}
	if _, err := s.UndoImport(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "purchases"); n != 0 {
		t.Errorf("undo left %d sales", n)
	}
	if n := count(t, s, "customers"); n != 1 {
		t.Errorf("undo left %d customers; want Emily only", n)
	}
}

func TestImportSquareTransactionsInTheTillsZone(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if err := s.SaveStaff(ctx, &shop.Staff{Name: "Maya Chen", Active: true}); err != nil {
		t.Fatal(err)
	}
	mustCustomer(t, s, shop.Customer{Name: "Emily Tran", Email: "emily@example.com", TimeZone: "America/Los_Angeles"})
	f := readCSV(t, "sales", "Date,Time,Time Zone,Gross Sales,Net Sales,Total Collected,Transaction ID,Description,Customer Name,Staff Name\n"+
		"11/20/2026,14:31:05,Eastern Time (US & Canada),$25.00,$25.00,$27.19,tx1,\"2 × Latte\",Emily Tran,Maya Chen\n"+
		"11/21/2026,09:02:00,Eastern Time (US & Canada),\"$1,200.00\",\"$1,200.00\",\"$1,302.00\",tx2,Grinder,Emily Tran,\n")
	m := GuessMapping("sales", f.Header)
	m.GuessFormats(f)
	b, err := Import(ctx, s, f, m)
	if err != nil || b.Sales != 2 || b.NewCustomers != 0 {
		t.Fatalf("import = %+v, %v", b, err)
	}
	cs, _ := s.Customers(ctx, "Emily")
	ps, _ := s.Purchases(ctx, cs[0].ID)
	if len(ps) != 2 {
		t.Fatalf("sales = %+v", ps)
	}
	// Newest first: the grinder at 09:02 New York time.
	if ps[0].AmountCents != 130200 || !ps[0].At.Equal(time.Date(2026, 11, 21, 14, 2, 0, 0, time.UTC)) || ps[0].SoldBy != 0 {
		t.Errorf("grinder = %+v", ps[0])
	}
	if ps[1].AmountCents != 2719 || ps[1].Items != "2 × Latte" || ps[1].SoldBy == 0 {
		t.Errorf("latte = %+v", ps[1])
	}
}

func TestImportWithBadRowsImportsNothingAndListsEveryRow(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustCustomer(t, s, shop.Customer{Name: "Emily Tran", Email: "emily@example.com"})
	body := "customer_email,when,amount\n" +
		"emily@example.com,2026-11-20 10:00,12.50\n" +
		"emily@example.com,2026-11-20 11:00,\"12,50\"\n" +
		"emily@example.com,yesterday,3.00\n" +
		"not-an-email,2026-11-20 12:00,3.00\n"
	f := readCSV(t, "sales", body)
	m := GuessMapping("sales", f.Header)
	m.GuessFormats(f)
	if m.DecimalComma {
		t.Fatal("one 12,50 among 12.50 and 3.00 must not switch the file to decimal commas")
	}
	_, err := Import(ctx, s, f, m)
	var ie *Errors
	if !errors.As(err, &ie) || ie.Count != 3 {
		t.Fatalf("error = %v; want 3 bad rows", err)
	}
	want := []string{
		`import sales: row 3, column "amount": "12,50" is not an amount with a decimal point such as 1,234.50; if the file writes 1.234,50, choose decimal comma`,
		`import sales: row 4, column "when": "yesterday" is not a date (use 2026-11-23 14:30, or month/day/year as the mapping says)`,
		`import sales: row 5, column "customer_email": "not-an-email" is not an email address`,
	}
	for i, w := range want {
		if got := ie.Errors[i].Error(); got != w {
			t.Errorf("error %d = %s\nwant        %s", i, got, w)
		}
	}
	if n := count(t, s, "purchases") + count(t, s, "import_batches"); n != 0 {
		t.Errorf("a refused import stored %d rows", n)
	}
	if n := count(t, s, "customers"); n != 1 {
		t.Errorf("a refused import added customers: %d", n)
	}
	empty := readCSV(t, "sales", "Email,Date,Total\n,,\n")
	if _, err := Import(ctx, s, empty, GuessMapping("sales", empty.Header)); err == nil || err.Error() != "import sales: the file has no rows below its header" {
		t.Errorf("a file without rows = %v", err)
	}
}

func TestUndoRefusesAfterAFollowUpAboutAnImportedSaleWasDone(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustCustomer(t, s, shop.Customer{Name: "Emily Tran", Email: "emily@example.com", Phone: "+1 323 555 0126", TimeZone: "America/Los_Angeles"})
	f := readCSV(t, "sales", "email,date,amount,items\nemily@example.com,2026-11-16 10:00,80.00,Beans\n")
	b, err := Import(ctx, s, f, GuessMapping("sales", f.Header))
	if err != nil {
		t.Fatal(err)
	}
	items, err := s.Agenda(ctx, fixedNow.AddDate(0, 0, -30), fixedNow.AddDate(0, 0, 60))
	if err != nil || len(items) == 0 {
		t.Fatalf("no follow-up planned for the imported sale: %v", err)
	}
	if err := s.Complete(ctx, items[0].ID, shop.Outcome{Status: shop.StatusDone}); err != nil {
		t.Fatal(err)
	}
	_, err = s.UndoImport(ctx, b.ID)
	if !errors.Is(err, store.ErrUndoUnsafe) || !strings.Contains(err.Error(), "the follow-up with Emily Tran about an imported sale was already recorded") {
		t.Fatalf("undo = %v", err)
	}
	if n := count(t, s, "purchases"); n != 1 {
		t.Errorf("a refused undo deleted the sale")
	}
}

func TestUndoRefusesAfterAnAddedCustomerWasEdited(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	f := readCSV(t, "customers", "Name,Email\nAnn Lee,ann@example.com\n")
	b, err := Import(ctx, s, f, GuessMapping("customers", f.Header))
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := s.Customers(ctx, "ann@")
	cs[0].Phone = "+1 617 555 0100"
	if err := s.SaveCustomer(ctx, &cs[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UndoImport(ctx, b.ID); !errors.Is(err, store.ErrUndoUnsafe) || !strings.Contains(err.Error(), "Ann Lee was edited after the import") {
		t.Fatalf("undo = %v", err)
	}
	if n := count(t, s, "customers"); n != 1 {
		t.Error("a refused undo deleted the customer")
	}
}

// A European till export: BOM, semicolons, decimal commas, day-first dates, a
// quoted newline, non-ASCII names, and customers new and stored.
const europeanSales = "\ufeffBeleg;Datum;Kunde;E-Mail;Betrag;Artikel\r\n" +
	"1001;23.11.2026 10:15;Jürgen Weiß;jw@example.de;1.299,00 €;Siebträger\r\n" +
	"1002;24/11/2026 17:40;Çağla Öztürk;;12,50 €;\"Bohnen\r\n(Äthiopien)\"\r\n" +
	"1003;25/11/2026 09:00;Jürgen Weiß;jw@example.de;3,9;Filter\r\n"

func TestImportEuropeanTillExportExactly(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	jw := mustCustomer(t, s, shop.Customer{Name: "Jürgen Weiß", Email: "JW@example.de", TimeZone: "Europe/Berlin"})
	f := readCSV(t, "sales", europeanSales)
	m := GuessMapping("sales", f.Header)
	m.GuessFormats(f)
	want := map[string]string{"order": "Beleg", "date": "Datum", "customer_name": "Kunde", "customer_email": "E-Mail", "amount": "Betrag", "items": "Artikel"}
	if !reflect.DeepEqual(m.Columns, want) || !m.DecimalComma || !m.DayFirst || f.Delimiter != ';' {
		t.Fatalf("mapping = %+v, delimiter %q", m, f.Delimiter)
	}
	b, err := Import(ctx, s, f, m)
	if err != nil {
		t.Fatal(err)
	}
	if b.Sales != 3 || b.NewCustomers != 1 || b.Rows != 3 {
		t.Fatalf("batch = %+v", b)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	ps, _ := s.Purchases(ctx, jw.ID)
	wantJW := []shop.Purchase{
		{ID: 3, CustomerID: jw.ID, At: time.Date(2026, 11, 25, 9, 0, 0, 0, berlin).UTC(), Items: "Filter", AmountCents: 390, Channel: shop.ChannelVisit},
		{ID: 1, CustomerID: jw.ID, At: time.Date(2026, 11, 23, 10, 15, 0, 0, berlin).UTC(), Items: "Siebträger", AmountCents: 129900, Channel: shop.ChannelVisit},
	}
	if !reflect.DeepEqual(ps, wantJW) {
		t.Errorf("Jürgen's sales =\n%+v\nwant\n%+v", ps, wantJW)
	}
	cs, _ := s.Customers(ctx, "Çağla")
	if len(cs) != 1 || cs[0].Email != "" {
		t.Fatalf("Çağla = %+v", cs)
	}
	biz, _ := s.Business(ctx)
	ps, _ = s.Purchases(ctx, cs[0].ID)
	wantC := []shop.Purchase{{ID: 2, CustomerID: cs[0].ID, At: time.Date(2026, 11, 24, 17, 40, 0, 0, biz.Location()).UTC(), Items: "Bohnen\n(Äthiopien)", AmountCents: 1250, Channel: shop.ChannelVisit}}
	if !reflect.DeepEqual(ps, wantC) {
		t.Errorf("Çağla's sales =\n%+v\nwant\n%+v", ps, wantC)
	}
}

func TestImportMappedReportsItsProgressToTheEnd(t *testing.T) {
	s := openTest(t)
	var body strings.Builder
	body.WriteString("Name,Email\n")
	for i := range 1200 {
		fmt.Fprintf(&body, "Customer %d,c%d@example.com\n", i, i)
	}
	f := readCSV(t, "customers", body.String())
	m := GuessMapping("customers", f.Header)
	var calls [][2]int
	m.Progress = func(done, total int) { calls = append(calls, [2]int{done, total}) }
	b, err := Import(context.Background(), s, f, m)
	if err != nil || b.NewCustomers != 1200 {
		t.Fatalf("import = %+v, %v", b, err)
	}
	if want := [][2]int{{500, 1200}, {1000, 1200}, {1200, 1200}}; !reflect.DeepEqual(calls, want) {
		t.Errorf("progress calls = %v; want %v", calls, want)
	}
}

func TestReadCSVRefusesARowWithMoreCellsThanTheHeader(t *testing.T) {
	_, err := ReadCSV(strings.NewReader("Date,Customer Name,Total Collected,Description\n"+
		"2026-11-20,Alicia Rivera,$12.50,Beans,,\n"+ // empty trailing cells: fine
		"2026-11-21,Alicia Rivera,12,50,Mugs\n"), "sales")
	var re *RowError
	if !errors.As(err, &re) || re.Row != 3 || !strings.Contains(err.Error(), "5 cells") || !strings.Contains(err.Error(), "4 columns") {
		t.Fatalf("ReadCSV = %v; want row 3 refused for its extra cell", err)
	}
}

// An import's log of customers is written in batches: a row that fills in a
// customer an earlier row of the file added (one whose log row is written
// already, one whose is not yet) leaves the log with that customer as the import
// left them, so the undo takes every one of them back.
func TestUndoOfALongFileWhoseRowsFillInEarlierOnes(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	var body strings.Builder
	body.WriteString("Name,Email,City\n")
	for i := range 300 {
		fmt.Fprintf(&body, "Person %d,p%d@example.org,\n", i, i)
	}
	// Fill in the city of the 281st (its log row still waiting: 128 rows go to a
	// statement), then of the 4th (its row written long before).
	body.WriteString("Person 280,p280@example.org,Denver\nPerson 3,p3@example.org,Boston\n")
	f := readCSV(t, "customers", body.String())
	b, err := Import(ctx, s, f, GuessMapping("customers", f.Header))
	if err != nil {
		t.Fatal(err)
	}
	if b.NewCustomers != 300 || b.MergedRows != 2 {
		t.Fatalf("batch = %d new, %d rows merged; want 300 and 2", b.NewCustomers, b.MergedRows)
	}
	for email, city := range map[string]string{"p3@example.org": "Boston", "p280@example.org": "Denver"} {
		found, err := s.Customers(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		if len(found) != 1 || found[0].City != city {
			t.Fatalf("%s: %+v; want the one customer, in %s", email, found, city)
		}
	}
	if _, err := s.UndoImport(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "customers"); n != 0 {
		t.Errorf("after undo %d customers; want none", n)
	}
}
