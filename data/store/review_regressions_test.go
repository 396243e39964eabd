package store

import (
	"context"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/tables"
)

// A promise taken four days before the clocks change is due at the send time on
// the clock, not that many minutes after midnight.
func TestAPromisedEmailKeepsItsClockTimeOnAClockChangeDay(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	s.Now = func() time.Time { return time.Date(2027, 3, 10, 15, 0, 0, 0, time.UTC) }
	c := mustCustomer(t, s, shop.Customer{Name: "Ny", Email: "ny@example.com", TimeZone: "America/New_York", PreferredChannel: shop.ChannelEmail})
	is := shop.Issue{CustomerID: c.ID, Type: shop.IssueSupport, Channel: shop.ChannelEmail, OpenedAt: s.Now(), Summary: "x"}
	if err := s.SaveIssueWithPromise(ctx, &is, 4); err != nil {
		t.Fatal(err)
	}
	var due int64
	if err := s.db.QueryRow(`SELECT due FROM promises`).Scan(&due); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("America/New_York")
	if got := tables.FromUnix(due).In(loc); got.Hour() != 9 {
		t.Errorf("promised email due %s; want 09:00 their time (default send time)", got)
	}
}
