package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// ErrNotEmpty is returned when demo data would land in a shop that has customers.
var ErrNotEmpty = errors.New("the shop already has customers; demo data goes only into an empty database")

type demoPerson struct {
	name, company, street, city, region, postal, country, phone, zone string
	business, evening, dnc                                            bool
	preferred                                                         shop.Channel
}

// The demo shop's customers live in several time zones so that the call list shows
// what the planner does with them.
var demoPeople = []demoPerson{
	{name: "Alicia Rivera", street: "41 Orchard St", city: "New York", region: "NY", postal: "10002", country: "US", phone: "+1 212 555 0142", zone: "America/New_York"},
	{name: "Marcus Bell", company: "Bell & Hart Architects", street: "200 Park Ave S", city: "New York", region: "NY", postal: "10003", country: "US", phone: "+1 646 555 0110", zone: "America/New_York", business: true},
	{name: "Hannah Okafor", street: "9 Beacon St", city: "Boston", region: "MA", postal: "02108", country: "US", phone: "+1 617 555 0188", zone: "America/New_York", preferred: shop.ChannelEmail},
	{name: "Tom Becker", street: "1520 N Damen Ave", city: "Chicago", region: "IL", postal: "60622", country: "US", phone: "+1 312 555 0107", zone: "America/Chicago", evening: true},
	{name: "Grace Liu", company: "Liu Dental Group", street: "77 W Wacker Dr", city: "Chicago", region: "IL", postal: "60601", country: "US", phone: "+1 312 555 0163", zone: "America/Chicago", business: true},
	{name: "Diego Morales", street: "3100 Main St", city: "Dallas", region: "TX", postal: "75226", country: "US", phone: "+1 214 555 0175", zone: "America/Chicago"},
	{name: "Priscilla Grant", street: "1801 Wynkoop St", city: "Denver", region: "CO", postal: "80202", country: "US", phone: "+1 303 555 0139", zone: "America/Denver"},
	{name: "Ravi Shah", company: "Copperline Studios", street: "44 E Roosevelt St", city: "Phoenix", region: "AZ", postal: "85004", country: "US", phone: "+1 602 555 0191", zone: "America/Phoenix", business: true},
	{name: "Emily Tran", street: "2400 Sunset Blvd", city: "Los Angeles", region: "CA", postal: "90026", country: "US", phone: "+1 323 555 0126", zone: "America/Los_Angeles"},
	{name: "Noah Fischer", street: "510 Valencia St", city: "San Francisco", region: "CA", postal: "94110", country: "US", phone: "+1 415 555 0158", zone: "America/Los_Angeles", preferred: shop.ChannelLetter},
	{name: "Olivia Brooks", company: "Brooks Property Management", street: "1200 6th Ave", city: "Seattle", region: "WA", postal: "98101", country: "US", phone: "+1 206 555 0117", zone: "America/Los_Angeles", business: true},
	{name: "Kenji Watanabe", street: "88 Queen St W", city: "Toronto", region: "ON", postal: "M5H 2N2", country: "CA", phone: "+1 416 555 0133", zone: "America/Toronto"},
	{name: "Sophie Martin", street: "1250 Rue Sainte-Catherine", city: "Montréal", region: "QC", postal: "H3G 1P1", country: "CA", phone: "+1 514 555 0181", zone: "America/Toronto"},
	{name: "Liam O'Connor", street: "12 Dawson St", city: "Dublin", region: "", postal: "D02 XY45", country: "IE", phone: "+353 1 555 0123", zone: "Europe/Dublin", preferred: shop.ChannelEmail},
	{name: "Charlotte Evans", company: "Evans & Cole Ltd", street: "30 Fenchurch St", city: "London", region: "", postal: "EC3M 3BD", country: "GB", phone: "+44 20 7946 0321", zone: "Europe/London", business: true},
	{name: "Jonas Weber", street: "Oranienstraße 25", city: "Berlin", region: "", postal: "10999", country: "DE", phone: "+49 30 5550 1234", zone: "Europe/Berlin"},
	{name: "Isabel Santos", street: "Rua Augusta 100", city: "Lisboa", region: "", postal: "1100-053", country: "PT", phone: "+351 21 555 0147", zone: "Europe/Lisbon"},
	{name: "Mele Kahale", street: "1050 Ala Moana Blvd", city: "Honolulu", region: "HI", postal: "96814", country: "US", phone: "+1 808 555 0166", zone: "Pacific/Honolulu"},
	{name: "Brian Walsh", street: "725 Penn Ave", city: "Pittsburgh", region: "PA", postal: "15222", country: "US", phone: "+1 412 555 0172", zone: "America/New_York", dnc: true},
	{name: "Natalie Cohen", street: "18 Elm St", city: "Portland", region: "ME", postal: "04101", country: "US", phone: "+1 207 555 0104", zone: "America/New_York"},
	{name: "Samuel Adeyemi", company: "Adeyemi Logistics", street: "600 Peachtree St NE", city: "Atlanta", region: "GA", postal: "30308", country: "US", phone: "+1 404 555 0150", zone: "America/New_York", business: true},
	{name: "Chloe Dubois", street: "215 Royal St", city: "New Orleans", region: "LA", postal: "70130", country: "US", phone: "+1 504 555 0119", zone: "America/Chicago"},
	{name: "Ethan Park", street: "900 S Congress Ave", city: "Austin", region: "TX", postal: "78704", country: "US", phone: "+1 512 555 0184", zone: "America/Chicago", evening: true},
	{name: "Zoë Lindqvist", street: "33 Pearl St", city: "Salt Lake City", region: "UT", postal: "84101", country: "US", phone: "+1 801 555 0129", zone: "America/Denver"},
	{name: "Fatima Haddad", company: "Cedar Bakery Co.", street: "4100 Georgia Ave NW", city: "Washington", region: "DC", postal: "20011", country: "US", phone: "+1 202 555 0195", zone: "America/New_York", business: true},
	{name: "Oscar Nilsson", street: "700 Hennepin Ave", city: "Minneapolis", region: "MN", postal: "55403", country: "US", phone: "+1 612 555 0113", zone: "America/Chicago"},
	{name: "Amelia Wright", street: "15 Church St", city: "Burlington", region: "VT", postal: "05401", country: "US", phone: "+1 802 555 0137", zone: "America/New_York"},
	{name: "Lucas Moreau", company: "Moreau Catering", street: "2100 E Burnside St", city: "Portland", region: "OR", postal: "97214", country: "US", phone: "+1 503 555 0176", zone: "America/Los_Angeles", business: true},
	{name: "Aisha Rahman", street: "350 Broadway", city: "Nashville", region: "TN", postal: "37201", country: "US", phone: "+1 615 555 0161", zone: "America/Chicago"},
	{name: "Daniel Kim", street: "1000 Wilshire Blvd", city: "Los Angeles", region: "CA", postal: "90017", country: "US", phone: "+1 213 555 0148", zone: "America/Los_Angeles"},
	{name: "Rosa Delgado", street: "500 Canyon Rd", city: "Santa Fe", region: "NM", postal: "87501", country: "US", phone: "+1 505 555 0185", zone: "America/Denver"},
	{name: "William Turner", company: "Turner Hardware", street: "88 King St", city: "Charleston", region: "SC", postal: "29401", country: "US", phone: "+1 843 555 0102", zone: "America/New_York", business: true},
	{name: "Mia Rossi", street: "Via Roma 12", city: "Milano", region: "", postal: "20121", country: "IT", phone: "+39 02 5550 1893", zone: "Europe/Rome"},
	{name: "Henry Chow", street: "4500 Main St", city: "Vancouver", region: "BC", postal: "V5V 3R5", country: "CA", phone: "+1 604 555 0121", zone: "America/Vancouver"},
	{name: "Julia Novak", street: "250 Lake Shore Dr", city: "Cleveland", region: "OH", postal: "44114", country: "US", phone: "+1 216 555 0167", zone: "America/New_York"},
	{name: "Peter Lang", company: "Lang & Söhne GmbH", street: "Königsallee 60", city: "Düsseldorf", region: "", postal: "40212", country: "DE", phone: "+49 211 5550 777", zone: "Europe/Berlin", business: true},
}

var demoSmall = []struct {
	items string
	cents int64
}{
	{"Ethiopia Yirgacheffe beans, 1 kg", 3400}, {"House espresso blend, 2 × 500 g", 2800}, {"Paper filters and descaler", 1850},
	{"Colombia Huila beans, 500 g", 1650}, {"Ceramic pour-over dripper", 3200}, {"Milk frothing pitcher", 2450},
	{"Decaf Swiss Water beans, 1 kg", 3600}, {"Gift card", 5000}, {"Burr grinder cleaning tablets", 1299},
}

var demoBig = []struct {
	items string
	cents int64
}{
	{"La Marzocco Linea Micra espresso machine", 429000}, {"Mahlkönig X54 grinder", 89500}, {"Office bean-to-cup machine, installed", 315000},
	{"Breville Oracle Touch", 249995}, {"Barista course for 4 + starter kit", 72000},
}

// Seed fills the empty shop of st with a believable demo shop, "Harbor & Pine
// Coffee Roasters", whose customers live in several time zones and whose sales and
// issues leave follow-ups due today, all in one transaction. It is deterministic
// for a given clock. logo is the shop's logo image (may be nil).
func Seed(ctx context.Context, st *store.Store, logo []byte) error {
	now := st.Now().UTC()
	return st.Write(ctx, func(tx *store.Tx) error {
		n, err := tx.CountCustomers()
		if err != nil {
			return err
		}
		if n > 0 {
			return ErrNotEmpty
		}
		biz := shop.Business{Name: "Harbor & Pine Coffee Roasters", Address: "118 Harbor Street\nPortland, ME 04101", Phone: "+1 207 555 0100",
			Email: "hello@harborandpine.example", Website: "www.harborandpine.example", Logo: logo, TimeZone: "America/New_York", BigTicketCents: 50000}
		if err := tx.SetProfile(biz, shop.LetterSettings{Country: "US"}); err != nil {
			return fmt.Errorf("demo: shop profile: %w", err)
		}
		staff := []shop.Staff{
			{Name: "Maya Chen", Title: "Owner", Senior: true, Active: true},
			{Name: "Sam Ortiz", Title: "Store manager", Senior: true, Active: true},
			{Name: "Priya Nair", Title: "Sales associate", Active: true},
			{Name: "Leo Park", Title: "Support specialist", Active: true},
		}
		for i := range staff {
			if err := tx.AddStaff(&staff[i]); err != nil {
				return fmt.Errorf("demo: staff: %w", err)
			}
		}
		rng := rand.New(rand.NewPCG(uint64(now.Unix()/86400), 7))
		pickStaff := func() shop.ID { return staff[2+rng.IntN(2)].ID }

		custs := make([]shop.Customer, len(demoPeople))
		for i, p := range demoPeople {
			first, _, _ := strings.Cut(p.name, " ")
			email := strings.ToLower(strings.NewReplacer("'", "", "ë", "e").Replace(first)) + "." +
				strings.ToLower(strings.NewReplacer("'", "", " ", "").Replace(p.name[len(first)+1:])) + "@example.com"
			kind := shop.KindConsumer
			if p.business {
				kind = shop.KindBusiness
			}
			c := shop.Customer{Name: p.name, Company: p.company, Kind: kind, Address: p.street, City: p.city, Region: p.region, PostalCode: p.postal,
				Country: p.country, Phone: p.phone, Email: email, TimeZone: p.zone, PreferredChannel: p.preferred, PreferredCallMinute: -1,
				EveningOnly: p.evening, DoNotContact: p.dnc, CustomerSince: now.AddDate(0, 0, -200-rng.IntN(900))}
			// A few tags so that letters, cards and exports can pick a group.
			if p.business {
				c.Tags = append(c.Tags, "wholesale")
			}
			if i%3 == 0 {
				c.Tags = append(c.Tags, "newsletter")
			}
			if i%5 == 1 {
				c.Tags = append(c.Tags, "bean subscription")
			}
			if p.dnc {
				c.Notes = "Asked not to be contacted (phone call, last spring)."
			}
			if err := tx.AddCustomer(&c); err != nil {
				return fmt.Errorf("demo: customer %s: %w", p.name, err)
			}
			custs[i] = c
		}
		// Word of mouth: Alicia Rivera sent two friends, Marcus Bell a client.
		for _, r := range []struct{ by, who string }{
			{"Alicia Rivera", "Natalie Cohen"}, {"Alicia Rivera", "Amelia Wright"}, {"Marcus Bell", "Fatima Haddad"},
		} {
			var by shop.ID
			who := -1
			for i, c := range custs {
				switch c.Name {
				case r.by:
					by = c.ID
				case r.who:
					who = i
				}
			}
			custs[who].ReferredBy = by
			if err := tx.UpdateCustomer(&custs[who]); err != nil {
				return fmt.Errorf("demo: referral of %s: %w", r.who, err)
			}
		}
		// at returns a time daysAgo days before now at the given local hour and minute
		// of the customer's own zone: customers shop during their day, not ours.
		at := func(c shop.Customer, daysAgo, hour, minute int) time.Time {
			loc := c.Location(time.UTC)
			d := now.In(loc).AddDate(0, 0, -daysAgo)
			return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, loc).UTC()
		}
		channels := []shop.Channel{shop.ChannelVisit, shop.ChannelVisit, shop.ChannelPhone, shop.ChannelWeb, shop.ChannelEmail}
		for i, c := range custs {
			for k := 0; k < 2+rng.IntN(4); k++ {
				item := demoSmall[rng.IntN(len(demoSmall))]
				p := shop.Purchase{CustomerID: c.ID, At: at(c, 3+rng.IntN(180), 10+rng.IntN(8), 5*rng.IntN(12)), Items: item.items, AmountCents: item.cents,
					Channel: channels[rng.IntN(len(channels))], SoldBy: pickStaff()}
				if err := tx.AddPurchase(&p); err != nil {
					return err
				}
			}
			// Every fourth customer bought something big: a week ago for some, so the
			// first big-ticket call is due today; about three months ago for others.
			if i%4 == 0 {
				big := demoBig[(i/4)%len(demoBig)]
				daysAgo := []int{7, 91, 30, 7, 120, 91, 7, 60, 14}[(i/4)%9]
				p := shop.Purchase{CustomerID: c.ID, At: at(c, daysAgo, 11+i%6, 15), Items: big.items, AmountCents: big.cents, Channel: shop.ChannelVisit, SoldBy: staff[i%3].ID}
				if err := tx.AddPurchase(&p); err != nil {
					return err
				}
			}
			// Yesterday's buyers: the small-ticket sample and relationship calls draw
			// from them.
			if i%3 == 1 {
				item := demoSmall[i%len(demoSmall)]
				p := shop.Purchase{CustomerID: c.ID, At: at(c, 1, 9+i%10, 40), Items: item.items, AmountCents: item.cents, Channel: shop.ChannelVisit, SoldBy: pickStaff()}
				if err := tx.AddPurchase(&p); err != nil {
					return err
				}
			}
		}
		// This morning's web order: its thank-you goes out by email, today.
		for _, c := range custs {
			if c.Name == "Hannah Okafor" {
				p := shop.Purchase{CustomerID: c.ID, At: now.Add(-90 * time.Minute), Items: "Ethiopia Yirgacheffe beans, 1 kg", AmountCents: 3400,
					Channel: shop.ChannelWeb, SoldBy: staff[2].ID}
				if err := tx.AddPurchase(&p); err != nil {
					return err
				}
			}
		}
		yearly, err := year(tx, now, staff)
		if err != nil {
			return err
		}
		if err := history(tx, now, staff, yearly); err != nil {
			return err
		}
		ptr := func(t time.Time) *time.Time { return &t }
		issues := []shop.Issue{
			{CustomerID: custs[0].ID, Type: shop.IssueSupport, Channel: shop.ChannelPhone, OpenedAt: at(custs[0], 9, 8, 30), RepliedAt: ptr(at(custs[0], 8, 10, 0)),
				ResolvedAt: ptr(at(custs[0], 7, 15, 0)), HandledBy: staff[3].ID, Summary: "Espresso machine shows a low-pressure warning", Complicated: true},
			{CustomerID: custs[3].ID, Type: shop.IssueComplaint, Channel: shop.ChannelEmail, OpenedAt: at(custs[3], 21, 19, 10), RepliedAt: ptr(at(custs[3], 20, 11, 0)),
				HandledBy: staff[1].ID, Summary: "Grinder delivered two weeks late", Escalated: true},
			{CustomerID: custs[4].ID, Type: shop.IssueBilling, Channel: shop.ChannelEmail, OpenedAt: at(custs[4], 6, 14, 0), RepliedAt: ptr(at(custs[4], 5, 9, 30)),
				ResolvedAt: ptr(at(custs[4], 5, 16, 0)), HandledBy: staff[0].ID, Summary: "Invoice 2291 charged twice for the service plan",
				BillingDate: ptr(at(custs[4], -12, 0, 0))},
			{CustomerID: custs[8].ID, Type: shop.IssueSalesInquiry, Channel: shop.ChannelPhone, OpenedAt: at(custs[8], 8, 8, 30), RepliedAt: ptr(at(custs[8], 7, 12, 0)),
				ResolvedAt: ptr(at(custs[8], 7, 12, 0)), HandledBy: staff[2].ID, Summary: "Asked about a grinder for a small café"},
			{CustomerID: custs[10].ID, Type: shop.IssueSupport, Channel: shop.ChannelEmail, OpenedAt: at(custs[10], 2, 13, 5), HandledBy: staff[3].ID,
				Summary: "Office machine descaling light stays on"},
			{CustomerID: custs[14].ID, Type: shop.IssueSuggestion, Channel: shop.ChannelEmail, OpenedAt: at(custs[14], 14, 16, 0), RepliedAt: ptr(at(custs[14], 10, 10, 0)),
				ResolvedAt: ptr(at(custs[14], 10, 10, 0)), HandledBy: staff[1].ID, Summary: "Would like a monthly subscription for office beans"},
			{CustomerID: custs[5].ID, Type: shop.IssueMisc, Channel: shop.ChannelVisit, OpenedAt: at(custs[5], 7, 17, 45), ResolvedAt: ptr(at(custs[5], 7, 18, 0)),
				HandledBy: staff[2].ID, Summary: "Lost loyalty card replaced"},
			{CustomerID: custs[11].ID, Type: shop.IssueComplaint, Channel: shop.ChannelPhone, OpenedAt: at(custs[11], 45, 11, 20), RepliedAt: ptr(at(custs[11], 44, 10, 0)),
				ResolvedAt: ptr(at(custs[11], 40, 10, 0)), HandledBy: staff[0].ID, Summary: "Beans arrived stale"},
			{CustomerID: custs[20].ID, Type: shop.IssueSupport, Channel: shop.ChannelPhone, OpenedAt: at(custs[20], 1, 15, 30), HandledBy: staff[3].ID,
				Summary: "Steam wand sputters"},
			{CustomerID: custs[22].ID, Type: shop.IssueSalesInquiry, Channel: shop.ChannelEmail, OpenedAt: at(custs[22], 3, 21, 0), RepliedAt: ptr(at(custs[22], 2, 10, 0)),
				HandledBy: staff[2].ID, Summary: "Price for a barista course for two"},
		}
		for i := range issues {
			if err := tx.AddIssue(&issues[i]); err != nil {
				return fmt.Errorf("demo: issue: %w", err)
			}
		}
		// Inbound emails show when customers usually reply.
		for i, c := range custs[:12] {
			for k := 0; k < 3; k++ {
				ct := shop.Contact{CustomerID: c.ID, At: at(c, 10+k*9+i, 14, 5*k), Channel: shop.ChannelEmail, Direction: shop.Inbound, Summary: "Reply to our email"}
				if err := tx.AddContact(&ct); err != nil {
					return err
				}
			}
		}
		shopTime := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		if loc, err := shop.LoadZone("America/New_York"); err == nil {
			n := now.In(loc)
			shopTime = time.Date(n.Year(), n.Month(), n.Day(), 15, 0, 0, 0, loc)
		}
		promises := []shop.Promise{
			{CustomerID: custs[3].ID, IssueID: issues[1].ID, Due: shopTime.UTC(), Channel: shop.ChannelPhone, AssigneeID: staff[1].ID,
				Note: "Promised to call back with the supplier's answer about compensation", CreatedAt: now.AddDate(0, 0, -3)},
			{CustomerID: custs[10].ID, IssueID: issues[4].ID, Due: shopTime.AddDate(0, 0, 2).UTC(), Channel: shop.ChannelEmail, AssigneeID: staff[3].ID,
				Note: "Send descaling instructions once the technician confirms", CreatedAt: now.AddDate(0, 0, -1)},
		}
		for i := range promises {
			if err := tx.AddPromise(&promises[i]); err != nil {
				return fmt.Errorf("demo: promise: %w", err)
			}
		}
		_, err = tx.ReplanAll()
		return err
	})
}

// history records the follow-ups a well-run shop has already done for the demo's
// past sales (thank-yous, big-ticket calls, the small-ticket sample), so that the
// first launch shows today's work rather than months of overdue items, and each
// customer has a history to look at. The customers in skip have theirs already.
func history(tx *store.Tx, now time.Time, staff []shop.Staff, skip map[shop.ID]bool) error {
	b, err := tx.Business()
	if err != nil {
		return err
	}
	r := shop.DefaultRules()
	loc := b.Location()
	n := now.In(loc)
	today := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc)
	purchases, err := tx.Purchases(today)
	if err != nil {
		return err
	}
	sampled := planner.SampleSmallTicket(r, b, purchases)
	done := func(p shop.Purchase, after time.Duration, ch shop.Channel, key, rule, text, notes string, score int) error {
		due := p.At.Add(after)
		if !due.Before(today) {
			return nil
		}
		who := p.SoldBy
		if who == 0 {
			who = staff[0].ID
		}
		f := shop.FollowUp{CustomerID: p.CustomerID, Due: due, Channel: ch, AssigneeID: who, Priority: shop.PriorityRoutine,
			Status: shop.StatusDone, Notes: notes, Score: score, CompletedAt: due.Add(20 * time.Minute),
			Reasons: []shop.Reason{{Key: fmt.Sprintf("purchase:%d:%s", p.ID, key), Rule: rule, Text: fmt.Sprintf(text, p.Items), PurchaseID: p.ID, NaturalDue: due}}}
		return tx.RecordHistory(&f)
	}
	for i, p := range purchases {
		if skip[p.CustomerID] {
			continue // the year's customers have their history already (year.go)
		}
		if err := done(p, 3*time.Hour, shop.ChannelLetter, "thanks", shop.RuleThankYou, "Thank you for buying %q", "Thank-you letter posted.", 0); err != nil {
			return err
		}
		if planner.IsBigTicket(b, &p) {
			if err := done(p, time.Duration(r.BigTicketWeekDays)*24*time.Hour, shop.ChannelPhone, "big1", shop.RuleBigTicketWeek,
				"How is %q working out? (1-week call)", "Happy with it; asked for the cleaning guide, emailed it.", 5); err != nil {
				return err
			}
			if err := done(p, time.Duration(r.BigTicketSecondDays)*24*time.Hour, shop.ChannelPhone, "big2", shop.RuleBigTicketQuarter,
				"Is %q still serving you well? (3-month call)", "All good; interested in the next barista course.", 4+i%2); err != nil {
				return err
			}
		}
		if sampled[p.ID] {
			if err := done(p, 24*time.Hour, shop.ChannelPhone, "sample", shop.RuleSmallSample, "How are you getting on with %q?",
				"Enjoying it; no problems.", 4); err != nil {
				return err
			}
		}
	}
	return nil
}
