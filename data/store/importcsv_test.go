package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

const customersCSV = `name,email,phone,address,city,region,postal_code,country,kind,time_zone,preferred_channel
Emily Tran,emily@example.com,+1 323 555 0126,2400 Sunset Blvd,Los Angeles,CA,90026,US,consumer,America/Los_Angeles,
Bell & Hart,office@bellhart.example,+1 212 555 0110,200 Park Ave S,New York,NY,10003,US,business,,email
Jonas Weber,,+49 30 5550 1234,Oranienstraße 25,Berlin,,10999,DE,consumer,Europe/Berlin,letter
`

func importString(t *testing.T, s *Store, kind, body string) (ImportResult, error) {
	t.Helper()
	return s.Import(context.Background(), kind, strings.NewReader(body))
}

func TestImportCustomersSalesIssues(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if err := s.SaveStaff(ctx, &shop.Staff{Name: "Maya Chen", Senior: true, Active: true}); err != nil {
		t.Fatal(err)
	}
	res, err := importString(t, s, "customers", customersCSV)
	if err != nil || res.Added != 3 {
		t.Fatalf("import customers = %+v, %v; want 3 added", res, err)
	}
	cs, _ := s.Customers(ctx, "Bell")
	if len(cs) != 1 || cs[0].Kind != shop.KindBusiness || cs[0].PreferredChannel != shop.ChannelEmail {
		t.Fatalf("Bell & Hart imported as %+v", cs)
	}
	if cs[0].TimeZone != "America/New_York" {
		t.Errorf("time zone from a 212 number = %q; want America/New_York", cs[0].TimeZone)
	}

	// "YYYY-MM-DD HH:MM" is the customer's own local time: 09:15 in Los Angeles.
	res, err = importString(t, s, "sales", "customer,when,amount,channel,sold_by,items\n"+
		"emily@example.com,2026-11-20 09:15,\"1,299.00\",visit,Maya Chen,Espresso machine\n"+
		"Jonas Weber,2026-11-21T10:00:00+01:00,12.5,web,,Beans\n")
	if err != nil || res.Added != 2 {
		t.Fatalf("import sales = %+v, %v", res, err)
	}
	emily, _ := s.Customers(ctx, "emily@")
	ps, _ := s.Purchases(ctx, emily[0].ID)
	if len(ps) != 1 || ps[0].AmountCents != 129900 || !ps[0].At.Equal(time.Date(2026, 11, 20, 17, 15, 0, 0, time.UTC)) {
		t.Fatalf("Emily's sale = %+v; want 129900 cents at 17:15 UTC", ps)
	}

	res, err = importString(t, s, "issues", "customer,type,channel,opened,replied,resolved,complicated,handled_by,billing_date,summary\n"+
		"office@bellhart.example,complaint,email,2026-11-10 16:00,2026-11-11 09:00,,no,Maya Chen,,Grinder arrived late\n")
	if err != nil || res.Added != 1 {
		t.Fatalf("import issues = %+v, %v", res, err)
	}
	is, _ := s.Issues(ctx, cs[0].ID)
	if len(is) != 1 || is[0].Type != shop.IssueComplaint || is[0].Reference == "" || !is[0].Open() {
		t.Fatalf("imported issue = %+v", is)
	}

	// Importing the same customers again updates them instead of adding twins.
	res, err = importString(t, s, "customers", customersCSV)
	if err != nil || res.Added != 0 || res.Updated != 3 {
		t.Fatalf("second import = %+v, %v; want 3 updated", res, err)
	}
}

func TestImportWithABadRowNamesRowAndColumnAndImportsNothing(t *testing.T) {
	for _, tc := range []struct {
		name, kind, body, want string
	}{
		{"bad amount", "sales", "customer,when,amount\nemily@example.com,2026-11-20 09:15,12.50\nemily@example.com,2026-11-21 09:15,\"12,50x\"\n",
			`import sales: row 3, column "amount": "12,50x" is not an amount of money`},
		{"unknown customer", "sales", "customer,when,amount\nnobody@example.com,2026-11-20 09:15,1\n",
			`row 2, column "customer": no customer has the email or name "nobody@example.com"`},
		{"bad date", "sales", "customer,when,amount\nEmily Tran,20/11/2026,1\n", `row 2, column "when": "20/11/2026" is not a date`},
		{"bad zone", "customers", "name,time_zone\nA,America/Nowhere\n", `row 2, column "time_zone": Time zone: "America/Nowhere"`},
		{"bad email", "customers", "name,email\nA,not-an-email\n", `row 2, column "email"`},
		{"bad issue type", "issues", "customer,type,opened\nEmily Tran,grumble,2026-11-20 10:00\n", `row 2, column "type": "grumble" is not an issue type`},
		{"resolved before opened", "issues", "customer,type,opened,resolved\nEmily Tran,support,2026-11-20 10:00,2026-11-19 10:00\n",
			`row 2, column "resolved": is before the issue was opened`},
		{"unknown staff", "sales", "customer,when,amount,sold_by\nEmily Tran,2026-11-20 09:15,1,Bob\n", `row 2, column "sold_by": no staff member is named "Bob"`},
		{"missing column", "sales", "customer,amount\nEmily Tran,1\n", `row 1, column "when": is missing from the header`},
		{"unknown column", "sales", "customer,when,amount,colour\n", `row 1, column "colour": is not a column of sales files`},
		{"bad yes/no", "issues", "customer,type,opened,complicated\nEmily Tran,support,2026-11-20 10:00,maybe\n", `row 2, column "complicated": "maybe" is not yes or no`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			if _, err := importString(t, s, "customers", customersCSV); err != nil {
				t.Fatal(err)
			}
			before := [3]int{count(t, s, "customers"), count(t, s, "purchases"), count(t, s, "issues")}
			_, err := importString(t, s, tc.kind, tc.body)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v; want it to contain %q", err, tc.want)
			}
			var re *RowError
			if !errors.As(err, &re) {
				t.Errorf("error %T is not a *RowError", err)
			}
			after := [3]int{count(t, s, "customers"), count(t, s, "purchases"), count(t, s, "issues")}
			if after != before {
				t.Errorf("rows (customers, purchases, issues) went from %v to %v; a bad file must import nothing", before, after)
			}
			// The customers already stored are unchanged.
			cs, _ := s.Customers(context.Background(), "Emily")
			if len(cs) != 1 || cs[0].TimeZone != "America/Los_Angeles" {
				t.Errorf("Emily changed: %+v", cs)
			}
		})
	}
}
