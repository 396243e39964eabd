package importer

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// customersCSV is a file in Rapport's own column names, as `rapport export
// customers` writes them.
const customersCSV = `name,email,phone,address,city,region,postal_code,country,kind,time_zone,preferred_channel
Emily Tran,emily@example.com,+1 323 555 0126,2400 Sunset Blvd,Los Angeles,CA,90026,US,consumer,America/Los_Angeles,
Bell & Hart,office@bellhart.example,+1 212 555 0110,200 Park Ave S,New York,NY,10003,US,business,,email
Jonas Weber,,+49 30 5550 1234,Oranienstraße 25,Berlin,,10999,DE,consumer,Europe/Berlin,letter
`

func TestImportCustomersSalesAndIssuesInRapportsOwnColumns(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if err := s.SaveStaff(ctx, &shop.Staff{Name: "Maya Chen", Senior: true, Active: true}); err != nil {
		t.Fatal(err)
	}
	b, err := importString(t, s, "customers", customersCSV)
	if err != nil || b.NewCustomers != 3 {
		t.Fatalf("import customers = %+v, %v; want 3 new", b, err)
	}
	cs, _ := s.Customers(ctx, "Bell")
	if len(cs) != 1 || cs[0].Kind != shop.KindBusiness || cs[0].PreferredChannel != shop.ChannelEmail {
		t.Fatalf("Bell & Hart imported as %+v", cs)
	}
	if cs[0].TimeZone != "America/New_York" {
		t.Errorf("time zone from a 212 number = %q; want America/New_York", cs[0].TimeZone)
	}

	// "YYYY-MM-DD HH:MM" is the customer's own local time: 09:15 in Los Angeles.
	b, err = importString(t, s, "sales", "customer,when,amount,channel,sold_by,items\n"+
		"emily@example.com,2026-11-20 09:15,\"1,299.00\",visit,Maya Chen,Espresso machine\n"+
		"Jonas Weber,2026-11-21T10:00:00+01:00,12.5,web,,Beans\n")
	if err != nil || b.Sales != 2 || b.NewCustomers != 0 {
		t.Fatalf("import sales = %+v, %v; want 2 sales of stored customers", b, err)
	}
	emily, _ := s.Customers(ctx, "emily@")
	ps, _ := s.Purchases(ctx, emily[0].ID)
	if len(ps) != 1 || ps[0].AmountCents != 129900 || !ps[0].At.Equal(time.Date(2026, 11, 20, 17, 15, 0, 0, time.UTC)) {
		t.Fatalf("Emily's sale = %+v; want 129900 cents at 17:15 UTC", ps)
	}

	b, err = importString(t, s, "issues", "customer,type,channel,opened,replied,resolved,complicated,handled_by,billing_date,summary\n"+
		"office@bellhart.example,complaint,email,2026-11-10 16:00,2026-11-11 09:00,,no,Maya Chen,,Grinder arrived late\n")
	if err != nil || b.Issues != 1 {
		t.Fatalf("import issues = %+v, %v", b, err)
	}
	is, _ := s.Issues(ctx, cs[0].ID)
	if len(is) != 1 || is[0].Type != shop.IssueComplaint || is[0].Reference == "" || !is[0].Open() || is[0].HandledBy == 0 ||
		!is[0].OpenedAt.Equal(time.Date(2026, 11, 10, 21, 0, 0, 0, time.UTC)) {
		t.Fatalf("imported issue = %+v; want an open complaint opened 16:00 New York time, handled by Maya Chen", is)
	}

	// Importing the same customers again merges them instead of adding twins.
	b, err = importString(t, s, "customers", customersCSV)
	if err != nil || b.NewCustomers != 0 || b.MergedCustomers != 3 {
		t.Fatalf("second import = %+v, %v; want 3 merged", b, err)
	}
}

func TestImportIssuesIsLoggedAndUndone(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if _, err := importString(t, s, "customers", customersCSV); err != nil {
		t.Fatal(err)
	}
	b, err := importString(t, s, "issues", "Email,Type,Opened,Subject,Ticket\n"+
		"emily@example.com,Support,11/20/2026 10:00,Steam wand sputters,T-1\n"+
		"new.person@example.com,Billing,11/21/2026,Charged twice,T-2\n")
	if err != nil || b.Issues != 2 || b.NewCustomers != 1 || b.Kind != "issues" {
		t.Fatalf("import = %+v, %v; want 2 issues and the unknown email as a new customer", b, err)
	}
	if n := count(t, s, "issues"); n != 2 {
		t.Fatalf("%d issues stored; want 2", n)
	}
	if _, err := s.UndoImport(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if n, c := count(t, s, "issues"), count(t, s, "customers"); n != 0 || c != 3 {
		t.Errorf("after the undo: %d issues, %d customers; want 0 and the 3 from before", n, c)
	}
}

func TestUndoOfIssuesIsRefusedOnceAPromiseWasMadeAboutOne(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if _, err := importString(t, s, "customers", customersCSV); err != nil {
		t.Fatal(err)
	}
	b, err := importString(t, s, "issues", "customer,type,opened,summary\nemily@example.com,complaint,2026-11-20 10:00,Beans stale\n")
	if err != nil {
		t.Fatal(err)
	}
	emily, _ := s.Customers(ctx, "emily@")
	is, _ := s.Issues(ctx, emily[0].ID)
	p := shop.Promise{CustomerID: emily[0].ID, IssueID: is[0].ID, Due: fixedNow.Add(48 * time.Hour), Channel: shop.ChannelPhone}
	if err := s.AddPromise(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UndoImport(ctx, b.ID); !errors.Is(err, store.ErrUndoUnsafe) || !strings.Contains(err.Error(), "Emily Tran") {
		t.Fatalf("undo after a promise about an imported issue = %v; want it refused naming Emily Tran", err)
	}
	if n := count(t, s, "issues"); n != 1 {
		t.Errorf("%d issues after the refused undo; want 1", n)
	}
}

func TestImportWithABadRowNamesRowAndColumnAndImportsNothing(t *testing.T) {
	for _, tc := range []struct {
		name, kind, body, want string
	}{
		{"bad amount", "sales", "customer,when,amount\nemily@example.com,2026-11-20 09:15,12.50\nemily@example.com,2026-11-21 09:15,\"12,50x\"\n",
			`import sales: row 3, column "amount": "12,50x" is not an amount`},
		{"bad date", "sales", "customer,when,amount\nEmily Tran,2026-13-20,1\n", `row 2, column "when": "2026-13-20" is not a date`},
		{"bad zone", "customers", "name,time_zone\nA,America/Nowhere\n", `row 2, column "time_zone": "America/Nowhere" is not a time zone name`},
		{"bad email", "customers", "name,email\nA,not-an-email\n", `row 2, column "email": "not-an-email" is not an email address`},
		{"bad do-not-contact", "customers", "name,do_not_contact\nA,perhaps\n", `row 2, column "do_not_contact": "perhaps" is not yes or no`},
		{"bad issue type", "issues", "customer,type,opened\nEmily Tran,grumble,2026-11-20 10:00\n", `row 2, column "type": "grumble" is not an issue type`},
		{"resolved before opened", "issues", "customer,type,opened,resolved\nEmily Tran,support,2026-11-20 10:00,2026-11-19 10:00\n",
			`row 2, column "resolved": must not be before the issue was opened`},
		{"issue without customer", "issues", "customer,type,opened\n,support,2026-11-20 10:00\n", `row 2, column "customer": is empty`},
		{"unknown staff", "sales", "customer,when,amount,sold_by\nEmily Tran,2026-11-20 09:15,1,Bob\n", `row 2, column "sold_by": no staff member is named "Bob"`},
		{"bad yes/no", "issues", "customer,type,opened,complicated\nEmily Tran,support,2026-11-20 10:00,maybe\n", `row 2, column "complicated": "maybe" is not yes or no`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			if _, err := importString(t, s, "customers", customersCSV); err != nil {
				t.Fatal(err)
			}
			before := [4]int{count(t, s, "customers"), count(t, s, "purchases"), count(t, s, "issues"), count(t, s, "import_batches")}
			_, err := importString(t, s, tc.kind, tc.body)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v; want it to contain %q", err, tc.want)
			}
			var re *RowError
			if !errors.As(err, &re) {
				t.Errorf("error %T is not a *RowError", err)
			}
			after := [4]int{count(t, s, "customers"), count(t, s, "purchases"), count(t, s, "issues"), count(t, s, "import_batches")}
			if after != before {
				t.Errorf("rows (customers, purchases, issues, imports) went from %v to %v; a bad file must import nothing", before, after)
			}
			cs, _ := s.Customers(context.Background(), "Emily")
			if len(cs) != 1 || cs[0].TimeZone != "America/Los_Angeles" {
				t.Errorf("Emily changed: %+v", cs)
			}
		})
	}
}

func TestImportedDoNotContactIsKeptByAMergeWithoutUpdate(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if _, err := importString(t, s, "customers", "name,email,do_not_contact\nAna Ruiz,ana@example.com,yes\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := importString(t, s, "customers", "name,email,do_not_contact\nAna Ruiz,ana@example.com,no\n"); err != nil {
		t.Fatal(err)
	}
	cs, _ := s.Customers(ctx, "Ana")
	if len(cs) != 1 || !cs[0].DoNotContact {
		t.Fatalf("Ana after a second file saying no = %+v; want do not contact kept (only --update clears it)", cs)
	}
}
