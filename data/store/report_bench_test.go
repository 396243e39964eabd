package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/demo/demotest"
)

// BenchmarkReportYear computes the report of the last twelve months of the
// 100,000-customer shop (1,000,000 sales over five years, 200,000 issues), as the
// Reports screen does when it opens: read the rows, draw the sample again,
// compute every figure; beside its floor, the same SELECTs read one after the
// other by SQLite alone (ReportFloor). Target: under 1 s.
func BenchmarkReportYear(b *testing.B) {
	s := benchShop(b)
	ctx := context.Background()
	biz, err := s.Business(ctx)
	if err != nil {
		b.Fatal(err)
	}
	loc := biz.Location()
	n := s.Now().In(loc)
	to := time.Date(n.Year(), n.Month(), n.Day()+1, 0, 0, 0, 0, loc)
	from := to.AddDate(-1, 0, 0)
	rows := 0
	demotest.Compare(b, func() (err error) {
		rows, err = s.ReportFloor(ctx, from, to)
		return err
	}, func() error {
		r, err := s.Report(ctx, from, to)
		if err == nil && r.DoesItPay.Sample.CalledBuyers == 0 {
			err = errors.New("no buyer was drawn in a year of a million-sale shop")
		}
		return err
	})
	b.ReportMetric(float64(rows), "rows")
}
