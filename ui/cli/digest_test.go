package cli

import (
	"strings"
	"testing"
)

func TestShopOpeningHoursAreSetAndShown(t *testing.T) {
	d := newDemoShop(t)
	var sv shopView
	d.json(&sv, "shop")
	if sv.OpeningHours != "Mon-Sat 09:00-18:00" {
		t.Errorf("a shop's opening hours start as %q, want Mon-Sat 09:00-18:00", sv.OpeningHours)
	}
	d.ok("shop", "set", "opening_hours=Monday to Friday 8:30 to 17:00")
	d.json(&sv, "shop")
	if sv.OpeningHours != "Mon-Fri 08:30-17:00" {
		t.Errorf("after shop set: %q, want Mon-Fri 08:30-17:00", sv.OpeningHours)
	}
	if out := d.ok("shop"); !strings.Contains(out, "opening_hours  Mon-Fri 08:30-17:00") {
		t.Errorf("shop prints:\n%s", out)
	}
	d.refused(1, "opening_hours=Mon-Fri 17:00-08:30: closing (08:30) must be after opening (17:00)", "shop", "set", "opening_hours=Mon-Fri 17:00-08:30")
	d.json(&sv, "shop")
	if sv.OpeningHours != "Mon-Fri 08:30-17:00" {
		t.Errorf("a refused shop set changed the hours to %q", sv.OpeningHours)
	}
}
