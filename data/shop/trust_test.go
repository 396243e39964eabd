package shop

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// fieldOf is the field of the first *FieldError in err, "" for none.
func fieldOf(err error) string {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}

// fieldsOf lists the fields err names.
func fieldsOf(err error) []string {
	var es FieldErrors
	if errors.As(err, &es) {
		var out []string
		for _, e := range es {
			out = append(out, e.Field)
		}
		return out
	}
	if f := fieldOf(err); f != "" {
		return []string{f}
	}
	return nil
}

func names(err error, field string) bool {
	for _, f := range fieldsOf(err) {
		if f == field {
			return true
		}
	}
	return false
}

var when = time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)

// valid values of each kind, to spoil one field at a time.
func goodCustomer() Customer {
	return Customer{Name: "Ann", Kind: KindConsumer, PreferredCallMinute: -1}
}
func goodSale() Purchase {
	return Purchase{CustomerID: 1, At: when, AmountCents: 100, Channel: ChannelVisit}
}
func goodIssue() Issue {
	return Issue{CustomerID: 1, Type: IssueComplaint, Channel: ChannelPhone, OpenedAt: when}
}
func goodPromise() Promise { return Promise{CustomerID: 1, Due: when, Channel: ChannelPhone} }
func goodContact() Contact {
	return Contact{CustomerID: 1, At: when, Channel: ChannelPhone, Direction: Inbound}
}
func goodBusiness() Business { return Business{Name: "Shop", TimeZone: "UTC"} }

// textFields is every text field a person or a file fills, with its limit and a
// function that checks a value in it.
var textFields = []struct {
	field string
	max   int
	check func(v string) error
}{
	{"name", MaxName, func(v string) error { c := goodCustomer(); c.Name = v; return c.Validate() }},
	{"salutation", MaxLine, func(v string) error { c := goodCustomer(); c.Salutation = v; return c.Validate() }},
	{"company", MaxName, func(v string) error { c := goodCustomer(); c.Company = v; return c.Validate() }},
	{"address", MaxAddress, func(v string) error { c := goodCustomer(); c.Address = v; return c.Validate() }},
	{"city", MaxLine, func(v string) error { c := goodCustomer(); c.City = v; return c.Validate() }},
	{"region", MaxLine, func(v string) error { c := goodCustomer(); c.Region = v; return c.Validate() }},
	{"postal_code", MaxPostal, func(v string) error { c := goodCustomer(); c.PostalCode = v; return c.Validate() }},
	{"country", MaxCountry, func(v string) error { c := goodCustomer(); c.Country = v; return c.Validate() }},
	{"phone", MaxPhone, func(v string) error { c := goodCustomer(); c.Phone = v; return c.Validate() }},
	{"notes", MaxNotes, func(v string) error { c := goodCustomer(); c.Notes = v; return c.Validate() }},
	{"tags", MaxTags, func(v string) error { c := goodCustomer(); c.Tags = []string{v}; return c.Validate() }},
	{"items", MaxItems, func(v string) error { p := goodSale(); p.Items = v; return p.Validate() }},
	{"order_ref", MaxLine, func(v string) error { p := goodSale(); p.OrderRef = v; return p.Validate() }},
	{"summary", MaxSummary, func(v string) error { is := goodIssue(); is.Summary = v; return is.Validate() }},
	{"reference", MaxLine, func(v string) error { is := goodIssue(); is.Reference = v; return is.Validate() }},
	{"note", MaxSummary, func(v string) error { p := goodPromise(); p.Note = v; return p.Validate() }},
	{"summary", MaxSummary, func(v string) error { c := goodContact(); c.Summary = v; return c.Validate() }},
	{"shop_name", MaxName, func(v string) error { b := goodBusiness(); b.Name = v; return b.Validate() }},
	{"address", MaxAddress, func(v string) error { b := goodBusiness(); b.Address = v; return b.Validate() }},
	{"website", MaxWebsite, func(v string) error { b := goodBusiness(); b.Website = v; return b.Validate() }},
	{"staff_name", MaxName, func(v string) error { return Staff{Name: v}.Validate() }},
	{"title", MaxLine, func(v string) error { return Staff{Name: "Maya", Title: v}.Validate() }},
	{"notes", MaxSummary, func(v string) error { return Outcome{Status: StatusDone, Notes: v}.Validate(when) }},
}

// TestEveryTextFieldIsBoundedAndNamed: each text field takes its longest value
// and refuses one character more, naming the field; once a 50 MB name was taken
// (and made a 157 MB database).
func TestEveryTextFieldIsBoundedAndNamed(t *testing.T) {
	for _, f := range textFields {
		if err := f.check(strings.Repeat("é", f.max)); err != nil {
			t.Errorf("%s of %d characters: %v; want it accepted", f.field, f.max, err)
		}
		err := f.check(strings.Repeat("é", f.max+1))
		if !names(err, f.field) || !strings.Contains(err.Error(), "characters long") {
			t.Errorf("%s of %d characters: %v; want it refused, naming %s", f.field, f.max+1, err, f.field)
		}
	}
	b := goodBusiness()
	b.Logo = make([]byte, MaxLogoSize+1)
	if err := b.Validate(); !names(err, "logo") {
		t.Errorf("a logo of %d bytes: %v; want it refused", len(b.Logo), err)
	}
}

// TestBrokenTextIsRefusedInEveryKind: text that is not UTF-8, or that holds a
// NUL, is refused in every field, issues included (once only the files of
// customers and sales were checked).
func TestBrokenTextIsRefusedInEveryKind(t *testing.T) {
	for _, f := range textFields {
		for _, bad := range []string{"caf\xe9", "a\x00b"} {
			if err := f.check(bad); !names(err, f.field) {
				t.Errorf("%s = %q: %v; want it refused, naming %s", f.field, bad, err, f.field)
			}
		}
	}
}

// TestYearsOutside1900To2200AreRefused: a year typed 20266, or 26 read as 0026,
// is refused in every date, naming it.
func TestYearsOutside1900To2200AreRefused(t *testing.T) {
	for _, y := range []int{1899, 2201, 26, 20266} {
		at := time.Date(y, 6, 1, 12, 0, 0, 0, time.UTC)
		checks := map[string]error{}
		p := goodSale()
		p.At = at
		checks["when"] = p.Validate()
		is := goodIssue()
		is.OpenedAt = at
		checks["opened"] = is.Validate()
		is = goodIssue()
		is.BillingDate = &at
		checks["billing_date"] = is.Validate()
		pr := goodPromise()
		pr.Due = at
		checks["due"] = pr.Validate()
		c := goodContact()
		c.At = at
		checks["when "] = c.Validate()
		cu := goodCustomer()
		cu.CustomerSince = at
		checks["customer_since"] = cu.Validate()
		for field, err := range checks {
			if !names(err, strings.TrimSpace(field)) || !strings.Contains(err.Error(), "between 1900 and 2200") {
				t.Errorf("year %d in %s: %v; want it refused", y, field, err)
			}
		}
	}
	for _, y := range []int{1900, 2200} {
		p := goodSale()
		p.At = time.Date(y, 6, 1, 12, 0, 0, 0, time.UTC)
		if err := p.Validate(); err != nil {
			t.Errorf("year %d: %v; want it accepted", y, err)
		}
	}
}

// TestATimeTheClocksSkipIsRefusedSayingSo: 02:30 on the night New York's clocks
// jump from 02:00 to 03:00 does not exist, and is said so rather than moved.
func TestATimeTheClocksSkipIsRefusedSayingSo(t *testing.T) {
	for _, tc := range []struct {
		zone string
		wall time.Time
		want string
	}{
		{"America/New_York", time.Date(2026, 3, 8, 2, 30, 0, 0, time.UTC), "02:30 does not exist on 8 March in New York: the clocks go from 02:00 to 03:00 there that night"},
		{"Europe/London", time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC), "01:00 does not exist on 29 March in London: the clocks go from 01:00 to 02:00 there that night"},
		{"Australia/Lord_Howe", time.Date(2026, 10, 4, 2, 15, 0, 0, time.UTC), "02:15 does not exist on 4 October in Lord Howe: the clocks go from 02:00 to 02:30 there that night"},
	} {
		loc, err := LoadZone(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		got, err := AtWallClock(tc.wall, loc)
		var se *SkippedTimeError
		if !errors.As(err, &se) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("AtWallClock(%s in %s) = %v, %v; want %q", tc.wall.Format("2006-01-02 15:04"), tc.zone, got, err, tc.want)
		}
	}
	ny, _ := LoadZone("America/New_York")
	for _, tc := range []struct {
		wall time.Time
		want time.Time
	}{
		{time.Date(2026, 3, 8, 1, 59, 0, 0, time.UTC), time.Date(2026, 3, 8, 6, 59, 0, 0, time.UTC)},
		{time.Date(2026, 3, 8, 3, 0, 0, 0, time.UTC), time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC)},
		// Shown twice: the first, in daylight time.
		{time.Date(2026, 11, 1, 1, 30, 0, 0, time.UTC), time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC)},
	} {
		if got, err := AtWallClock(tc.wall, ny); err != nil || !got.Equal(tc.want) {
			t.Errorf("AtWallClock(%s) = %v, %v; want %v", tc.wall.Format("15:04 2 Jan"), got, err, tc.want)
		}
	}
}

// TestAmbiguousWallClockFindsTheHourShownTwice: the hour New York's clocks go back
// over is shown twice; the minutes around it are not.
func TestAmbiguousWallClockFindsTheHourShownTwice(t *testing.T) {
	ny, _ := LoadZone("America/New_York")
	back := time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC) // 02:00 EDT becomes 01:00 EST
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{back.Add(-61 * time.Minute), false}, // 00:59 EDT
		{back.Add(-60 * time.Minute), true},  // 01:00 EDT
		{back.Add(-30 * time.Minute), true},  // 01:30 EDT
		{back, true},                         // 01:00 EST
		{back.Add(59 * time.Minute), true},   // 01:59 EST
		{back.Add(60 * time.Minute), false},  // 02:00 EST
		{time.Date(2026, 3, 8, 7, 30, 0, 0, time.UTC), false},
	} {
		if got := AmbiguousWallClock(tc.at, ny); got != tc.want {
			t.Errorf("AmbiguousWallClock(%s) = %v; want %v", tc.at.In(ny).Format("15:04 MST"), got, tc.want)
		}
	}
}
