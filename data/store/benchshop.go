package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// WriteBenchShop writes a shop of the size in the planner issue straight into a new
// database file for the benchmarks of data and ui: customers in several zones, with
// purchases over the five years before now and issues, and a few staff. The rows are
// random but the same on every run. It is not for real shops: the follow-ups are not
// planned (Replan does that).
func WriteBenchShop(path string, now time.Time, customers, purchases, issues int) error {
	s, _, err := Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	zones := []string{"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Europe/London", "Europe/Berlin", "Pacific/Honolulu"}
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		for i := 0; i < 6; i++ {
			if _, err := tx.Exec(`INSERT INTO staff (name, senior) VALUES (?, ?)`, fmt.Sprintf("Staff %d", i), b2i(i < 2)); err != nil {
				return err
			}
		}
		tx.Exec(`UPDATE business SET time_zone = 'America/New_York', big_ticket_cents = 50000`)
		ins, _ := tx.Prepare(`INSERT INTO customers (id, name, kind, phone, email, time_zone, evening_only, do_not_contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		for i := 1; i <= customers; i++ {
			kind := "consumer"
			if i%5 == 0 {
				kind = "business"
			}
			if _, err := ins.Exec(i, fmt.Sprintf("Customer %d", i), kind, "+1 555 0100", fmt.Sprintf("c%d@example.com", i), zones[i%len(zones)], b2i(i%17 == 0), b2i(i%101 == 0)); err != nil {
				return err
			}
		}
		ins.Close()
		span := int64(5 * 365 * 86400)
		ins, _ = tx.Prepare(`INSERT INTO purchases (customer_id, at, items, amount_cents, channel, sold_by) VALUES (?, ?, 'Item', ?, ?, ?)`)
		chans := []string{"visit", "phone", "web", "email"}
		for i := 0; i < purchases; i++ {
			amount := int64(500 + rng.IntN(20000))
			if rng.IntN(20) == 0 {
				amount = 50000 + int64(rng.IntN(400000))
			}
			at := now.Unix() - rng.Int64N(span)
			if _, err := ins.Exec(1+rng.IntN(customers), at, amount, chans[rng.IntN(4)], 1+rng.IntN(6)); err != nil {
				return err
			}
		}
		ins.Close()
		ins, _ = tx.Prepare(`INSERT INTO issues (customer_id, type, channel, opened_at, replied_at, resolved_at, complicated, handled_by, reference, summary)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'Something to look at')`)
		for i := 0; i < issues; i++ {
			opened := now.Unix() - rng.Int64N(span)
			var resolved any = opened + 86400*int64(rng.IntN(10))
			if rng.IntN(50) == 0 {
				resolved = nil
			}
			if _, err := ins.Exec(1+rng.IntN(customers), shop.IssueTypes[rng.IntN(len(shop.IssueTypes))], chans[rng.IntN(4)], opened, opened+3600, resolved,
				b2i(rng.IntN(4) == 0), 1+rng.IntN(6), fmt.Sprintf("T-%d", i)); err != nil {
				return err
			}
		}
		ins.Close()
		return nil
	})
	if err != nil {
		return err
	}
	// Fold the WAL into the file so that a plain copy of it is the whole database.
	_, err = s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}
