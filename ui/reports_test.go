package ui

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/report"
	"github.com/rapport-app/rapport/data/shop"
)

// The Reports screen shows the store's report of the period chosen (the one
// `rapport report --json` prints, checked in ui/cli), says its key figures in
// words and tables, and fits a 1024 × 640 window without cutting a heading.
func TestReportsScreenShowsTheShopsFigures(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabReports)
	u.wait()
	s := u.reportsTab()

	from, to := report.DefaultPeriod(testNow, u.shopZone())
	want, err := st.Report(t.Context(), from, to)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.shown, want) {
		t.Fatalf("the screen shows a report other than the store's of %s to %s", want.From, want.To)
	}
	if s.status.Text != want.From+" to "+want.To {
		t.Errorf("status = %q", s.status.Text)
	}
	shown := texts(s.body)
	all := strings.Join(shown, "\n")
	tot := want.FollowUps.Total
	for _, w := range []string{
		want.DoesItPay.Sample.Windows[0].Verdict,
		fmt.Sprintf("%s follow-ups came due: %s done", shop.FormatCount(tot.Planned), shop.FormatCount(tot.Done)),
		want.Feedback.Lowest[0].Notes,
		want.Problems.Products[0].Product,
	} {
		if !strings.Contains(all, w) {
			t.Errorf("the screen does not say %q", w)
		}
	}
	// The "All" row of the follow-ups table: its label, then each figure.
	var labels []string
	for _, o := range test.LaidOutObjects(s.body) {
		if l, ok := o.(*widget.Label); ok {
			labels = append(labels, l.Text)
		}
	}
	shown = labels
	i := slices.Index(shown, "All")
	n := shop.FormatCount
	if i < 0 || !slices.Equal(shown[i+1:i+8], []string{n(tot.Planned), n(tot.Done), n(tot.OnTheDay), n(tot.NoAnswer), n(tot.Skipped), n(tot.Overdue), n(tot.Lapsed)}) {
		t.Errorf("the follow-ups' All row is not the report's total %+v: %q", tot, shown[max(i, 0):min(i+8, len(shown))])
	}

	// In the smallest window Rapport supports, the content fits its width.
	u.win.Resize(fyne.NewSize(1024, 640))
	if w := u.win.Content().MinSize().Width; w > 1024 {
		t.Errorf("the Reports screen needs %.0f points across; the window has 1024", w)
	}
}

// Choosing a shorter period recomputes the report for it.
func TestReportsScreenPeriod(t *testing.T) {
	u, _ := newTestUI(t)
	u.goTo(tabReports)
	u.wait()
	s := u.reportsTab()
	s.period.SetSelectedIndex(len(reportPeriods) - 1) // the last month
	u.wait()
	_, to := report.DefaultPeriod(testNow, u.shopZone())
	wantFrom := to.AddDate(0, -1, 0).Format("2006-01-02")
	if s.shown.From != wantFrom || s.status.Text != wantFrom+" to "+s.shown.To {
		t.Errorf("after choosing the last month: report from %s, status %q; want from %s", s.shown.From, s.status.Text, wantFrom)
	}
}
