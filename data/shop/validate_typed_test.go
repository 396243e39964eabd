package shop

import (
	"errors"
	"slices"
	"testing"
)

func TestATypedCustomerIsRefusedForEveryBadFieldAtOnce(t *testing.T) {
	fields := func(err error) []string {
		var es FieldErrors
		errors.As(err, &es)
		var out []string
		for _, e := range es {
			out = append(out, e.Field)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		c    Customer
		want []string
	}{
		{"a short phone and a broken email", Customer{Name: "Jane Walker", Kind: KindConsumer, Phone: "555-01", Email: "jane@"}, []string{"phone", "email"}},
		{"no name and a short phone", Customer{Kind: KindConsumer, Phone: "555-01"}, []string{"name", "phone"}},
		{"a short phone, no kind given (stored as a consumer)", Customer{Name: "Jane Walker", Phone: "555-01"}, []string{"phone"}},
		{"a broken email alone: left to Validate as it is stored", Customer{Name: "Jane Walker", Kind: KindConsumer, Email: "jane@"}, nil},
		{"a phone the shop's country reads", Customer{Name: "Jane Walker", Kind: KindConsumer, Phone: "(212) 555-0142"}, nil},
		{"no phone at all", Customer{Name: "Jane Walker", Kind: KindConsumer}, nil},
	} {
		if got := fields(tc.c.ValidateTyped("US")); !slices.Equal(got, tc.want) {
			t.Errorf("%s: refused for %q, want %q", tc.name, got, tc.want)
		}
	}
}
