package report

import (
	"math"
	"slices"
)

// This file holds the statistics: weighted shares and means with their standard
// errors, the difference of two of them with its 95 % interval, and how many more
// observations a comparison needs before its interval means something.

// z95 is the two-sided 95 % point of the standard normal distribution.
const z95 = 1.959964

// Estimate is a number with its 95 % interval.
type Estimate struct {
	Value float64 `json:"value"`
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
}

// Excludes reports whether the interval lies wholly on one side of v (a difference
// whose interval excludes 0 is unlikely to be chance alone).
func (e Estimate) Excludes(v float64) bool { return e.Low > v || e.High < v }

// weighted accumulates a weighted mean. Each unit carries the inverse of the chance
// it had to land in its group, so that days on which the sample's daily cap made
// a call less likely count as much as the others (the Hájek estimator).
type weighted struct {
	w, y []float64
}

// newWeighted is an empty sample with room for n values.
func newWeighted(n int) *weighted {
	return &weighted{w: make([]float64, 0, n), y: make([]float64, 0, n)}
}

func (a *weighted) add(w, y float64) {
	a.w = append(a.w, w)
	a.y = append(a.y, y)
}

// mean and its standard error by the delta method: Σw²(y−ȳ)² / (Σw)². With equal
// weights this is the textbook p(1−p)/n for a share.
func (a *weighted) mean() (m, se float64) {
	var sw, swy float64
	for i, w := range a.w {
		sw += w
		swy += w * a.y[i]
	}
	if sw == 0 {
		return 0, 0
	}
	m = swy / sw
	var v float64
	for i, w := range a.w {
		d := a.y[i] - m
		v += w * w * d * d
	}
	return m, math.Sqrt(v) / sw
}

// diff is the difference of two independent means a − b with its 95 % interval.
func diff(ma, sea, mb, seb float64) Estimate {
	d := ma - mb
	h := z95 * math.Hypot(sea, seb)
	return Estimate{Value: d, Low: d - h, High: d + h}
}

// Precision the comparison of shares needs before it is shown: a 95 % interval
// of the difference no wider than ±maxHalfWidth, and at least minEvents buyers who
// did and who did not buy again in each group (below that the normal interval
// itself is not to be trusted).
const (
	maxHalfWidth = 0.10
	minEvents    = 10
)

// unitsNeeded is how many units (buyers) in all a comparison of two shares needs
// to meet the precision above, when a share frac of them land in the first group
// and the shares are about pa and pb.
func unitsNeeded(frac, pa, pb float64) int {
	if frac <= 0 || frac >= 1 {
		return math.MaxInt32
	}
	clamp := func(p float64) float64 { return min(max(p, 0.05), 0.95) }
	pa, pb = clamp(pa), clamp(pb)
	// Half-width: z·sqrt(pa·qa/(frac·N) + pb·qb/((1−frac)·N)) ≤ h.
	n := z95 * z95 * (pa*(1-pa)/frac + pb*(1-pb)/(1-frac)) / (maxHalfWidth * maxHalfWidth)
	// Events: the rarer outcome at least minEvents times in the smaller group.
	small := min(frac, 1-frac)
	n = max(n, minEvents/(min(pa, 1-pa)*small), minEvents/(min(pb, 1-pb)*small))
	return int(math.Ceil(n))
}

// roundUp rounds n up to two significant figures, as an estimate is said aloud:
// 1,234 → 1,300.
func roundUp(n int) int {
	if n <= 100 {
		return (n + 9) / 10 * 10
	}
	p := 1
	for n/p >= 100 {
		p *= 10
	}
	return (n + p - 1) / p * p
}

// quantile is the q-quantile of xs (sorted in place) by linear interpolation
// between order statistics; 0 for none.
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	pos := q * float64(len(xs)-1)
	i := int(pos)
	if i+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[i] + (pos-float64(i))*(xs[i+1]-xs[i])
}
