package report

import (
	"math"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

var ny = mustZone("America/New_York")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// shopAt is a shop in New York whose period starts on 2025-03-03 and runs days
// days; the clock is far enough on for every window to have ended.
func shopAt(days int) Input {
	from := time.Date(2025, 3, 3, 0, 0, 0, 0, ny)
	r := shop.DefaultRules()
	return Input{
		Business:  shop.Business{Name: "Test Shop", TimeZone: "America/New_York", BigTicketCents: 50000},
		Rules:     r,
		From:      from,
		To:        from.AddDate(0, 0, days),
		Now:       from.AddDate(0, 0, days+120),
		BigTicket: map[shop.ID]bool{},
		Drawn:     map[shop.ID]bool{},
		Names:     map[shop.ID]string{},
	}
}

// builder adds sales with fresh IDs.
type builder struct {
	in    *Input
	id    shop.ID
	cust  shop.ID
	start time.Time
}

func newBuilder(in *Input) *builder { return &builder{in: in, start: in.From} }

// buyer adds a new customer's small-ticket sale on day d of the period at noon and
// returns the sale's ID.
func (b *builder) buyer(d int, drawn bool) (shop.ID, shop.ID) {
	b.cust++
	return b.cust, b.sale(b.cust, d, 2500, drawn)
}

func (b *builder) sale(cust shop.ID, d int, cents int64, drawn bool) shop.ID {
	b.id++
	at := b.start.AddDate(0, 0, d).Add(12 * time.Hour).UTC()
	b.in.Sales = append(b.in.Sales, shop.Purchase{ID: b.id, CustomerID: cust, At: at, Items: "Beans", AmountCents: cents, Channel: shop.ChannelVisit})
	if drawn {
		b.in.Drawn[b.id] = true
	}
	if cents >= b.in.Business.BigTicketCents {
		b.in.BigTicket[b.id] = true
	}
	return b.id
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.6f, want %.6f", what, got, want)
	}
}

// The issue's example: 200 drawn buyers of whom 60 bought again against 1,800 not
// drawn of whom 360 did.
func TestSampleComparisonOfTheIssue(t *testing.T) {
	in := shopAt(20)
	in.Rules.SmallSampleMaxDay = 10 // 10 % of 100 buyers a day, not capped
	b := newBuilder(&in)
	for d := 0; d < 20; d++ {
		for k := 0; k < 100; k++ {
			drawn := k < 10
			cust, _ := b.buyer(d, drawn)
			// 3 of the 10 drawn and 18 of the 90 others buy again 25 days on
			// (after the period, so the days' buyers stay 100).
			if drawn && k < 3 {
				b.sale(cust, d+25, 4000, false)
			}
			if !drawn && k < 28 {
				b.sale(cust, d+25, 3000, false)
			}
		}
	}
	cmp := Compute(in).DoesItPay.Sample
	if !cmp.Randomised || cmp.CalledBuyers != 200 || cmp.OtherBuyers != 1800 {
		t.Fatalf("groups: randomised %v, %d called, %d others; want true, 200, 1800", cmp.Randomised, cmp.CalledBuyers, cmp.OtherBuyers)
	}
	for _, w := range cmp.Windows {
		t.Run(itoaDays(w.Days), func(t *testing.T) {
			if w.Called.Buyers != 200 || w.Called.BoughtAgain != 60 || w.Others.Buyers != 1800 || w.Others.BoughtAgain != 360 {
				t.Fatalf("counts: %d/%d called, %d/%d others; want 60/200 and 360/1800", w.Called.BoughtAgain, w.Called.Buyers, w.Others.BoughtAgain, w.Others.Buyers)
			}
			near(t, "called share", w.Called.Share.Value, 0.30, 1e-12)
			near(t, "others share", w.Others.Share.Value, 0.20, 1e-12)
			// By hand: SE = sqrt(.3·.7/200 + .2·.8/1800) = sqrt(.00105 + .0000888…)
			// = .0337474; 1.959964 × .0337474 = .0661437.
			near(t, "difference", w.ShareDiff.Value, 0.10, 1e-12)
			near(t, "difference low", w.ShareDiff.Low, 0.10-0.0661437, 1e-6)
			near(t, "difference high", w.ShareDiff.High, 0.10+0.0661437, 1e-6)
			// Spend: called 60 × $40 / 200 = $12.00, others 360 × $30 / 1800 = $6.00.
			// Var = Σ(y−ȳ)²/n²: called (60·2800² + 140·1200²)/200² = 16,800, others
			// (360·2400² + 1440·600²)/1800² = 800; SE = sqrt(17,600) = 132.665;
			// × 1.959964 = 260.019 cents.
			near(t, "called spend", w.Called.SpendCents.Value, 1200, 1e-9)
			near(t, "others spend", w.Others.SpendCents.Value, 600, 1e-9)
			near(t, "spend difference", w.SpendDiffCents.Value, 600, 1e-9)
			near(t, "spend difference low", w.SpendDiffCents.Low, 600-260.019, 1e-3)
			if !w.Enough || w.MoreSales != 0 {
				t.Errorf("enough %v, more %d; want true, 0", w.Enough, w.MoreSales)
			}
			want := "30 % of the called bought again within " + itoaDays(w.Days) + " days against 20 % of the others: 10 points more (95 % interval +3 to +17)."
			if w.Verdict != want {
				t.Errorf("verdict\n%q\nwant\n%q", w.Verdict, want)
			}
		})
	}
}

func itoaDays(d int) string { return map[int]string{30: "30", 90: "90"}[d] }

// On a day where the cap binds a buyer is less likely to be called; weighting by
// the inverse of the chance keeps a busy day from passing for an effect.
func TestSampleComparisonWeighsCappedDays(t *testing.T) {
	in := shopAt(2)
	in.Rules.SmallSampleMaxDay = 10
	b := newBuilder(&in)
	// Day 0: 200 buyers, 10 drawn (capped: a 5 % chance); half of everyone buys
	// again. Day 1: 50 buyers, 5 drawn (10 %); a fifth of everyone buys again.
	// The call changes nothing, so the difference must be 0; unweighted it would
	// be 6/15 − 104/235 = −4.3 points.
	for k := 0; k < 200; k++ {
		cust, _ := b.buyer(0, k < 10)
		if k%2 == 0 {
			b.sale(cust, 10, 2500, false)
		}
	}
	for k := 0; k < 50; k++ {
		cust, _ := b.buyer(1, k < 5)
		if k%5 == 0 {
			b.sale(cust, 10, 2500, false)
		}
	}
	w := Compute(in).DoesItPay.Sample.Windows[0]
	// Weighted: called (10·20·½ + 5·10·⅕)/(10·20 + 5·10) = 110/250; others
	// (190/.95·½ + 45/.9·⅕)/(190/.95 + 45/.9) = 110/250.
	near(t, "called share", w.Called.Share.Value, 0.44, 1e-12)
	near(t, "others share", w.Others.Share.Value, 0.44, 1e-12)
	near(t, "difference", w.ShareDiff.Value, 0, 1e-12)
}

// With too few sales the report says how many more it needs instead of a number.
func TestSampleComparisonSaysHowManyMoreSales(t *testing.T) {
	in := shopAt(10)
	b := newBuilder(&in)
	// 10 buyers a day for 10 days, one drawn each day: 10 called, 90 others;
	// 2 of the called and 18 of the others buy again.
	for d := 0; d < 10; d++ {
		for k := 0; k < 10; k++ {
			cust, _ := b.buyer(d, k == 0)
			if k == 0 && d < 2 || k > 0 && k < 3 {
				b.sale(cust, 20, 2500, false)
			}
		}
	}
	w := Compute(in).DoesItPay.Sample.Windows[0]
	if w.Enough {
		t.Fatal("2 of 10 called who bought again is enough; want too few")
	}
	// By hand, with shares of .2 and a tenth of buyers called: the half-width
	// needs 1.959964² × (.16/.1 + .16/.9) / .1² = 682.9 buyers; ten buyers again
	// among the called need 10/(.2 × .1) = 500. 683 − 100 so far = 583, said as 590.
	if w.MoreSales != 590 {
		t.Errorf("more sales needed = %d, want 590", w.MoreSales)
	}
	if want := "Too few sales to tell yet: about 590 more are needed before the 30-day comparison means something."; w.Verdict != want {
		t.Errorf("verdict %q, want %q", w.Verdict, want)
	}
}

// A window that has not ended yet leaves its buyers out; each buyer counts once,
// at their first small-ticket sale; big-ticket sales are not in the sample.
func TestSampleComparisonUnits(t *testing.T) {
	in := shopAt(60)
	in.Now = in.From.AddDate(0, 0, 45) // 30 days after day 14 have ended, 90 after none
	b := newBuilder(&in)
	c1, _ := b.buyer(0, false)
	b.sale(c1, 3, 2500, true) // a second small sale: drawn, but not the first
	c2, _ := b.buyer(10, true)
	b.sale(c2, 11, 90000, false) // big-ticket: bought again, spend counts
	b.buyer(20, false)           // window still running at Now
	w := Compute(in).DoesItPay.Sample
	if w.CalledBuyers != 1 || w.OtherBuyers != 2 {
		t.Fatalf("called %d, others %d; want 1 (c2), 2 (c1 at day 0, and the day-20 buyer)", w.CalledBuyers, w.OtherBuyers)
	}
	w30, w90 := w.Windows[0], w.Windows[1]
	if w30.Called.Buyers != 1 || w30.Called.BoughtAgain != 1 || w30.Others.Buyers != 1 || w30.Others.BoughtAgain != 1 {
		t.Errorf("30 days: called %d/%d, others %d/%d; want 1/1 and 1/1 (the day-20 window has not ended)",
			w30.Called.BoughtAgain, w30.Called.Buyers, w30.Others.BoughtAgain, w30.Others.Buyers)
	}
	near(t, "called spend in 30 days", w30.Called.SpendCents.Value, 90000, 1e-9)
	if w90.Called.Buyers+w90.Others.Buyers != 0 {
		t.Errorf("90 days: %d buyers, want none (no window has ended)", w90.Called.Buyers+w90.Others.Buyers)
	}
}

func TestBigTicketComparisonIsNotRandomised(t *testing.T) {
	in := shopAt(30)
	b := newBuilder(&in)
	// 40 big-ticket buyers; the first call reached 20, of whom 15 bought again;
	// 5 of the 20 others did.
	for k := 0; k < 40; k++ {
		b.cust++
		id := b.sale(b.cust, k%30, 90000, false)
		if k < 20 {
			in.FollowUps = append(in.FollowUps, shop.FollowUp{ID: shop.ID(k + 1), CustomerID: b.cust, Status: shop.StatusDone,
				Due: in.From.AddDate(0, 0, k%30+7), CompletedAt: in.From.AddDate(0, 0, k%30+7),
				Reasons: []shop.Reason{{Key: "k", Rule: shop.RuleBigTicketWeek, PurchaseID: id}}})
		}
		if k < 15 || k >= 20 && k < 25 {
			b.sale(b.cust, k%30+20, 2000, false)
		}
	}
	cmp := Compute(in).DoesItPay.BigTicket
	if cmp.Randomised || cmp.CalledBuyers != 20 || cmp.OtherBuyers != 20 || cmp.Reached != 20 {
		t.Fatalf("randomised %v, called %d, others %d, reached %d; want false, 20, 20, 20", cmp.Randomised, cmp.CalledBuyers, cmp.OtherBuyers, cmp.Reached)
	}
	w := cmp.Windows[0]
	near(t, "called share", w.Called.Share.Value, 0.75, 1e-12)
	near(t, "others share", w.Others.Share.Value, 0.25, 1e-12)
	if w.Enough {
		t.Error("5 of 20 others bought again: too few events, want not enough")
	}
}

func TestNoSampleSaysSo(t *testing.T) {
	in := shopAt(10)
	in.Rules.SmallSamplePercent = 0
	if n := Compute(in).DoesItPay.Sample.Note; n == "" {
		t.Error("no note for a shop that calls no sample")
	}
}
