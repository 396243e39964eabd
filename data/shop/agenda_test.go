package shop

import (
	"slices"
	"testing"
)

// A follow-up's summary joins its reasons' texts, and its references are the
// reasons' own, each once, in their order, blanks left out.
func TestSummaryAndReferencesOfTheReasons(t *testing.T) {
	for _, c := range []struct {
		reasons []Reason
		summary string
		refs    []string
	}{
		{nil, "", nil},
		{[]Reason{{Text: "Thank you for the grinder", Reference: "INV-7"}}, "Thank you for the grinder", []string{"INV-7"}},
		{[]Reason{{Text: "Ask about the leak", Reference: "T-2"}, {Text: "Thank you for the kettle"}, {Text: "Check the repair", Reference: "T-2"},
			{Text: "Thank you for the beans", Reference: "INV-9"}},
			"Ask about the leak; Thank you for the kettle; Check the repair; Thank you for the beans", []string{"T-2", "INV-9"}},
	} {
		f := FollowUp{Reasons: c.reasons}
		if got := f.Summary(); got != c.summary {
			t.Errorf("summary of %d reasons = %q; want %q", len(c.reasons), got, c.summary)
		}
		if got := f.References(); !slices.Equal(got, c.refs) {
			t.Errorf("references of %d reasons = %q; want %q", len(c.reasons), got, c.refs)
		}
		// An item and its line say the same.
		it := AgendaItem{FollowUp: f, Customer: Customer{ID: 4, Name: "Ana Ruiz"}, Assignee: "Priya", LifetimeCents: 12_000}
		l := it.Line()
		if l.Summary() != it.Summary() || !slices.Equal(l.References(), it.References()) || l.CustomerName != "Ana Ruiz" ||
			l.Assignee != "Priya" || l.LifetimeCents != 12_000 {
			t.Errorf("the line %+v does not say what its item %+v says", l, it)
		}
	}
}
