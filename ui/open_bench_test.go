package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/rapport-app/rapport/data/demo/demotest"
	"github.com/rapport-app/rapport/data/store"
)

// bigShop is the 100,000-customer shop of the data benchmarks
// (demotest.BenchShop), planned, written once per test binary and copied for each
// benchmark. Only the benchmarks build it: plain `go test` never calls bigShop.
func bigShop(b *testing.B) *store.Store {
	b.Helper()
	return demotest.BenchShop(b, testNow)
}

// BenchmarkOpenWindow opens the 100,000-customer shop's database (its header and
// schema, read-only, before anything else), builds the window over it and waits
// until its first screen (Today) has loaded, as a start does; the re-plan and the
// day's backup that a start then runs in the background are not part of it.
// Target: under 2 s.
func BenchmarkOpenWindow(b *testing.B) {
	path := bigShop(b).Path()
	a := test.NewTempApp(b)
	rows := 0
	for b.Loop() {
		st, _, err := store.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		st.Now = func() time.Time { return testNow }
		u := buildTestUI(a, st)
		u.win.Resize(fyne.NewSize(defaultWidth, defaultHeight))
		u.win.Show()
		u.wait()
		rows = len(u.todayTab().views)
		u.win.Close()
		st.Close()
	}
	if rows == 0 {
		b.Fatal("the call list is empty: the window did not load Today")
	}
	b.ReportMetric(float64(rows), "calls-today")
}

// BenchmarkCustomersSearchAndScroll types a search into the Customers screen of the
// 100,000-customer shop and scrolls the whole list of everyone from top to bottom
// a screenful at a time, as a user dragging the scroll bar would: each step reads
// the page it shows. It reports the time per keystroke and per screenful.
func BenchmarkCustomersSearchAndScroll(b *testing.B) {
	st := bigShop(b)
	a := test.NewTempApp(b)
	u := buildTestUI(a, st)
	u.win.Resize(fyne.NewSize(defaultWidth, defaultHeight))
	u.win.Show()
	defer u.win.Close()
	u.wait()
	u.goTo(tabCustomers)
	u.wait()
	s := u.customersTab()
	var search, scroll time.Duration
	steps := 0
	for b.Loop() {
		start := time.Now()
		s.search.SetText("Customer 777")
		u.wait()
		s.search.SetText("")
		u.wait()
		search += time.Since(start) / 2
		start = time.Now()
		for i := 0; i < s.result.Len(); i += 5_000 {
			s.list.ScrollTo(i)
			u.wait()
			steps++
		}
		scroll += time.Since(start)
	}
	b.ReportMetric(float64(search.Milliseconds())/float64(b.N), "ms/search")
	b.ReportMetric(float64(scroll.Microseconds())/float64(steps)/1000, "ms/screenful")
}
