package report

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/rapport-app/rapport/data/shop"
)

// IssueMonth counts the issues opened in one month, by type (shop.IssueType keys).
type IssueMonth struct {
	Month  string                 `json:"month"` // 2006-01
	Counts map[shop.IssueType]int `json:"counts"`
	Total  int                    `json:"total"`
}

// IssueType is how many issues of one type were opened in the period and how long
// the resolved ones took.
type IssueType struct {
	Type     shop.IssueType `json:"type"`
	Label    string         `json:"label"`
	Opened   int            `json:"opened"`
	Resolved int            `json:"resolved"`
	// StillOpen is the part of Opened not resolved yet.
	StillOpen int `json:"still_open"`
	// MedianDays and P90Days: days from opening to resolving, of the resolved ones.
	MedianDays float64 `json:"median_days_to_resolve"`
	P90Days    float64 `json:"p90_days_to_resolve"`
}

// Product is a product the issues were about.
type Product struct {
	Product string `json:"product"`
	Issues  int    `json:"issues"`
	// Share is the part of the period's issues put down to it (0–1).
	Share float64 `json:"share_of_issues"`
}

// Problems are the common problems (seed 003: "Track common problems").
type Problems struct {
	Months []IssueMonth `json:"months"`
	Types  []IssueType  `json:"types"`
	// All is every type together.
	All IssueType `json:"all"`
	// Products most named in issues, most first (at most MaxProducts).
	Products []Product `json:"products"`
}

// MaxProducts is how many products the report lists.
const MaxProducts = 10

func (c *calc) problems() Problems {
	var out Problems
	months := c.months()
	monthIdx := map[string]int{}
	for i, m := range months {
		monthIdx[m] = i
		out.Months = append(out.Months, IssueMonth{Month: m, Counts: map[shop.IssueType]int{}})
	}
	byType := map[shop.IssueType]*IssueType{}
	days := map[shop.IssueType][]float64{}
	var all []float64
	out.All = IssueType{Label: "All issues"}
	for _, t := range shop.IssueTypes {
		byType[t] = &IssueType{Type: t, Label: t.Label()}
	}
	for _, is := range c.in.Issues {
		if !c.inPeriod(is.OpenedAt) {
			continue
		}
		if i, ok := monthIdx[monthOf(is.OpenedAt, c.loc)]; ok {
			out.Months[i].Counts[is.Type]++
			out.Months[i].Total++
		}
		t := byType[is.Type]
		if t == nil {
			t = &IssueType{Type: is.Type, Label: is.Type.Label()}
			byType[is.Type] = t
		}
		for _, t := range []*IssueType{t, &out.All} {
			t.Opened++
			if is.ResolvedAt == nil {
				t.StillOpen++
			} else {
				t.Resolved++
			}
		}
		if is.ResolvedAt != nil {
			d := max(is.ResolvedAt.Sub(is.OpenedAt).Hours()/24, 0)
			days[is.Type] = append(days[is.Type], d)
			all = append(all, d)
		}
	}
	for _, t := range shop.IssueTypes {
		it := byType[t]
		it.MedianDays, it.P90Days = quantile(days[t], 0.5), quantile(days[t], 0.9)
		out.Types = append(out.Types, *it)
	}
	out.All.MedianDays, out.All.P90Days = quantile(all, 0.5), quantile(all, 0.9)
	out.Products = c.products()
	return out
}

// products puts each issue of the period down to at most one product: among what
// its customer bought in the LookBehind before it, the one whose name shares the
// most words with the issue's summary, else the latest (seed 003: the common
// problems, so that the people who choose the products hear of them).
func (c *calc) products() []Product {
	byCust := map[shop.ID][]*shop.Purchase{}
	display := map[string]string{}
	words := map[string]map[string]bool{}
	for i := range c.in.IssueSales {
		p := &c.in.IssueSales[i]
		k := productKey(p.Items)
		if k == "" {
			continue
		}
		if _, ok := display[k]; !ok {
			display[k] = strings.Join(strings.Fields(p.Items), " ")
			words[k] = wordSet(p.Items)
		}
		byCust[p.CustomerID] = append(byCust[p.CustomerID], p)
	}
	count := map[string]int{}
	issues := 0
	for _, is := range c.in.Issues {
		if !c.inPeriod(is.OpenedAt) {
			continue
		}
		issues++
		said := wordSet(is.Summary)
		var best *shop.Purchase
		bestShared := -1
		for _, p := range byCust[is.CustomerID] {
			if p.At.After(is.OpenedAt) || is.OpenedAt.Sub(p.At) > LookBehind {
				continue
			}
			shared := 0
			for w := range words[productKey(p.Items)] {
				if said[w] {
					shared++
				}
			}
			if shared > bestShared || shared == bestShared && p.At.After(best.At) {
				best, bestShared = p, shared
			}
		}
		if best != nil {
			count[productKey(best.Items)]++
		}
	}
	var out []Product
	for k, n := range count {
		out = append(out, Product{Product: display[k], Issues: n, Share: float64(n) / float64(issues)})
	}
	slices.SortFunc(out, func(a, b Product) int {
		if c := cmp.Compare(b.Issues, a.Issues); c != 0 {
			return c
		}
		return cmp.Compare(a.Product, b.Product)
	})
	if len(out) > MaxProducts {
		out = out[:MaxProducts]
	}
	return out
}

// productKey identifies a product by its name without case and spacing.
func productKey(items string) string {
	return strings.ToLower(strings.Join(strings.Fields(items), " "))
}

// stopWords are too common to tie an issue to a product.
var stopWords = map[string]bool{"and": true, "the": true, "for": true, "with": true, "from": true, "our": true, "your": true,
	"not": true, "was": true, "were": true, "has": true, "have": true, "two": true, "one": true}

// wordSet is the words of three letters or more in s, in lower case, singular by
// a plain "s" dropped ("beans" and "bean" meet).
func wordSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(w)) < 3 || stopWords[w] {
			continue
		}
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-1]
		}
		out[w] = true
	}
	return out
}
