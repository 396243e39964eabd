package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// WriteBenchShop writes a shop of the size in the planner's benchmarks into a new
// database file: customers in several zones, with purchases over the five years
// before now and issues, and a few staff. The rows are random but the same on
// every run. It is for the benchmarks, not for real shops: the follow-ups are not
// planned (a re-plan does that), and the file is checkpointed so that a plain copy
// of it is the whole database.
func WriteBenchShop(path string, now time.Time, customers, purchases, issues int) error {
	st, _, err := store.Open(path)
	if err != nil {
		return err
	}
	defer st.Close()
	zones := []string{"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Europe/London", "Europe/Berlin", "Pacific/Honolulu"}
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	err = st.Write(ctx, func(tx *store.Tx) error {
		biz, err := tx.Business()
		if err != nil {
			return err
		}
		biz.Name, biz.TimeZone, biz.BigTicketCents = "Bench Shop", "America/New_York", 50000
		if err := tx.SetProfile(biz, shop.LetterSettings{Country: "US"}); err != nil {
			return err
		}
		staff := make([]shop.ID, 6)
		for i := range staff {
			s := shop.Staff{Name: fmt.Sprintf("Staff %d", i), Senior: i < 2, Active: true}
			if err := tx.AddStaff(&s); err != nil {
				return err
			}
			staff[i] = s.ID
		}
		ids := make([]shop.ID, customers)
		for i := 1; i <= customers; i++ {
			kind := shop.KindConsumer
			if i%5 == 0 {
				kind = shop.KindBusiness
			}
			c := shop.Customer{Name: fmt.Sprintf("Customer %d", i), Kind: kind, Phone: "+1 555 0100", Email: fmt.Sprintf("c%d@example.com", i),
				TimeZone: zones[i%len(zones)], EveningOnly: i%17 == 0, DoNotContact: i%101 == 0, PreferredCallMinute: -1, CustomerSince: now.AddDate(-6, 0, 0)}
			if err := tx.AddCustomer(&c); err != nil {
				return err
			}
			ids[i-1] = c.ID
		}
		span := int64(5 * 365 * 86400)
		chans := []shop.Channel{shop.ChannelVisit, shop.ChannelPhone, shop.ChannelWeb, shop.ChannelEmail}
		batch := make([]shop.Purchase, 0, 10_000)
		for i := 0; i < purchases; i++ {
			amount := int64(500 + rng.IntN(20000))
			if rng.IntN(20) == 0 {
				amount = 50000 + int64(rng.IntN(400000))
			}
			at := time.Unix(now.Unix()-rng.Int64N(span), 0).UTC()
			batch = append(batch, shop.Purchase{CustomerID: ids[rng.IntN(customers)], At: at, Items: "Item", AmountCents: amount,
				Channel: chans[rng.IntN(4)], SoldBy: staff[rng.IntN(6)]})
			if len(batch) == cap(batch) {
				if err := tx.AddSales(batch); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		if err := tx.AddSales(batch); err != nil {
			return err
		}
		for i := 0; i < issues; i++ {
			opened := time.Unix(now.Unix()-rng.Int64N(span), 0).UTC()
			replied := opened.Add(time.Hour)
			is := shop.Issue{CustomerID: ids[rng.IntN(customers)], Type: shop.IssueTypes[rng.IntN(len(shop.IssueTypes))], Channel: chans[rng.IntN(4)],
				OpenedAt: opened, RepliedAt: &replied, Complicated: rng.IntN(4) == 0, HandledBy: staff[rng.IntN(6)],
				Reference: fmt.Sprintf("T-%d", i), Summary: "Something to look at"}
			if rng.IntN(50) != 0 {
				resolved := opened.Add(time.Duration(rng.IntN(10)) * 24 * time.Hour)
				is.ResolvedAt = &resolved
			}
			if err := tx.AddIssue(&is); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return st.Checkpoint(ctx)
}
