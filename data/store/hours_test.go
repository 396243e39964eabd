package store

import (
	"context"
	"errors"
	"testing"

	"github.com/rapport-app/rapport/data/shop"
)

func TestOpeningHoursAreStoredWithTheShop(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	b, err := s.Business(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Hours.String(); got != "Mon-Sat 09:00-18:00" {
		t.Errorf("a new shop is open %q, want Mon-Sat 09:00-18:00", got)
	}
	b.Name, b.TimeZone = "Corner Coffee", "America/New_York"
	b.Hours, err = shop.ParseOpeningHours("Tue-Sun 07:30-15:00")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveBusiness(ctx, b); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Business(ctx); got.Hours.String() != "Tue-Sun 07:30-15:00" {
		t.Errorf("stored hours %q, want Tue-Sun 07:30-15:00", got.Hours)
	}
	// Hours never set (a Business made in code) are stored as the default ones.
	b.Hours = shop.OpeningHours{}
	if err := s.SaveBusiness(ctx, b); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Business(ctx); got.Hours != shop.DefaultOpeningHours() {
		t.Errorf("unset hours stored as %q, want the default", got.Hours)
	}
	// Hours that make no sense are refused by name, and nothing changes.
	b.Name = "Renamed"
	b.Hours = shop.OpeningHours{Days: shop.DefaultOpeningHours().Days, From: 18 * 60, Until: 9 * 60}
	var fe *shop.FieldError
	if err := s.SaveBusiness(ctx, b); !errors.As(err, &fe) || fe.Field != "opening_hours" {
		t.Errorf("closing before opening: %v, want a FieldError of opening_hours", err)
	}
	if got, _ := s.Business(ctx); got.Name != "Corner Coffee" {
		t.Errorf("a refused save renamed the shop %q", got.Name)
	}
}
