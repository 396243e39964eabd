package data

import (
	"context"
	"slices"
	"testing"
)

func TestNormaliseTagsTrimsAndDropsRepeats(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{" , ,", nil},
		{"wholesale", []string{"wholesale"}},
		{" Wholesale ,newsletter, wholesale,  bean   subscription ", []string{"Wholesale", "newsletter", "bean subscription"}},
	} {
		if got := NormaliseTags(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("NormaliseTags(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestCustomerTagsAreStoredAndImported(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	c := mustCustomer(t, s, Customer{Name: "Zoë Lindqvist", Tags: []string{"newsletter", " Newsletter", "wholesale "}, PreferredCallMinute: -1})
	got, err := s.Customer(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Tags, []string{"newsletter", "wholesale"}) || !got.HasTag("WHOLESALE") || got.HasTag("vip") {
		t.Fatalf("stored tags = %q", got.Tags)
	}

	if _, err := importString(t, s, "customers", "name,tags\nAlicia Rivera,\"vip, newsletter\"\nZoë Lindqvist,vip\n"); err != nil {
		t.Fatal(err)
	}
	cs, _ := s.Customers(ctx, "")
	tags := map[string][]string{}
	for _, c := range cs {
		tags[c.Name] = c.Tags
	}
	if !slices.Equal(tags["Alicia Rivera"], []string{"vip", "newsletter"}) || !slices.Equal(tags["Zoë Lindqvist"], []string{"vip"}) {
		t.Fatalf("imported tags = %q", tags)
	}
}
