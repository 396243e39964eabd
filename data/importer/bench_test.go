package importer

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/demo/demotest"
	"github.com/rapport-app/rapport/data/store"
)

func TestMain(m *testing.M) {
	code := m.Run()
	demotest.Cleanup()
	os.Exit(code)
}

// rounds is how many times the benchmarks that report medians run, whatever
// -benchtime says.
const rounds = 5

// measure runs one round of work (and of its floor, when not nil) at least rounds
// times and prints the median time, peak heap, and the ratio to the floor.
func measure(b *testing.B, setup func(), floor, work func() error) {
	b.Helper()
	var rs, fs []demotest.Run
	one := func() {
		b.StopTimer()
		setup()
		if floor != nil {
			f, err := demotest.Measure(floor)
			if err != nil {
				b.Fatal(err)
			}
			fs = append(fs, f)
			setup()
		}
		b.StartTimer()
		r, err := demotest.Measure(work)
		if err != nil {
			b.Fatal(err)
		}
		rs = append(rs, r)
	}
	for b.Loop() {
		one()
	}
	for len(rs) < rounds {
		one()
	}
	r := demotest.Median(rs)
	b.ReportMetric(float64(r.Time.Nanoseconds()), "ns/op")
	b.ReportMetric(r.Time.Seconds(), "s/rapport")
	b.ReportMetric(float64(r.PeakHeap)/1e6, "MB-peak-heap")
	if floor != nil {
		f := demotest.Median(fs)
		b.ReportMetric(f.Time.Seconds(), "s/floor")
		b.ReportMetric(r.Time.Seconds()/f.Time.Seconds(), "x-floor")
	}
}

// importCSV imports body as kind into s, as rapport import does.
func importCSV(s *store.Store, kind string, body []byte) (store.ImportBatch, error) {
	f, err := ReadCSV(bytes.NewReader(body), kind)
	if err != nil {
		return store.ImportBatch{}, err
	}
	m := GuessMapping(kind, f.Header)
	m.GuessFormats(f)
	return Import(context.Background(), s, f, m)
}

// BenchmarkImportSales100k imports a till export of 100,000 sales for 5,000 stored
// customers (matched by email) into a real database file, with the import log and
// the re-plan that follows. Target: under 5 s per import.
func BenchmarkImportSales100k(b *testing.B) {
	const customers, sales = 5_000, 100_000
	var csv bytes.Buffer
	csv.WriteString("Email,Date,Time,Total,Description\n")
	start := fixedNow.AddDate(0, -6, 0)
	for i := 0; i < sales; i++ {
		at := start.Add(time.Duration(i) * 150 * time.Second)
		fmt.Fprintf(&csv, "c%d@example.com,%s,%s,\"$%d.%02d\",Item %d\n", i%customers+1, at.Format("01/02/2006"), at.Format("15:04:05"), 5+i%900, i%100, i)
	}
	var cs bytes.Buffer
	cs.WriteString("name,email,time_zone\n")
	for i := 1; i <= customers; i++ {
		fmt.Fprintf(&cs, "Customer %d,c%d@example.com,America/New_York\n", i, i)
	}
	var s *store.Store
	measure(b, func() {
		if s != nil {
			s.Close()
		}
		var err error
		if s, _, err = store.Open(filepath.Join(b.TempDir(), "bench.db")); err != nil {
			b.Fatal(err)
		}
		s.Now = func() time.Time { return fixedNow }
		if _, err := importCSV(s, "customers", cs.Bytes()); err != nil {
			b.Fatal(err)
		}
	}, nil, func() error {
		batch, err := importCSV(s, "sales", csv.Bytes())
		if err == nil && batch.Sales != sales {
			err = fmt.Errorf("imported %d sales; want %d", batch.Sales, sales)
		}
		return err
	})
	s.Close()
}

// BenchmarkImportTenSalesInto100k imports a till export of ten sales of yesterday,
// for customers found by email, into the 100,000-customer shop: lookups by index,
// the import log, and the re-plan of the customers it touched (and of whoever the
// day's sample then moves). The floor writes the same rows with SQLite alone.
// Targets: under 0.3 s and 100 MB.
func BenchmarkImportTenSalesInto100k(b *testing.B) {
	var csv bytes.Buffer
	csv.WriteString("Email,Date,Time,Total,Description\n")
	day := fixedNow.AddDate(0, 0, -1)
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&csv, "c%d@example.com,%s,1%d:15:00,\"$2%d.50\",Beans\n", 1+i*9973, day.Format("01/02/2006"), i, i)
	}
	var s *store.Store
	measure(b, func() {
		s = demotest.BenchShop(b, fixedNow)
	}, func() error {
		return salesFloor(s.Path(), 10, day)
	}, func() error {
		batch, err := importCSV(s, "sales", csv.Bytes())
		if err == nil && batch.Sales != 10 {
			err = fmt.Errorf("imported %d sales; want 10", batch.Sales)
		}
		return err
	})
}

// BenchmarkImportCustomers100k imports 100,000 customers with email, phone and
// zone into an empty shop, beside the floor: the same rows inserted and logged
// with SQLite alone. Targets: under 5 s and 300 MB.
func BenchmarkImportCustomers100k(b *testing.B) {
	body := demotest.CustomersCSV(100_000)
	floorRows := customerRows(100_000)
	var s *store.Store
	measure(b, freshStore(b, &s), func() error {
		return customersFloor(s.Path(), floorRows)
	}, func() error {
		batch, err := importCSV(s, "customers", body)
		if err == nil && batch.NewCustomers != 100_000 {
			err = fmt.Errorf("imported %d new customers; want 100,000", batch.NewCustomers)
		}
		return err
	})
	s.Close()
}

// freshStore is a round's set-up that closes *s and opens an empty shop in its
// place.
func freshStore(b *testing.B, s **store.Store) func() {
	return func() {
		if *s != nil {
			(*s).Close()
		}
		var err error
		if *s, _, err = store.Open(filepath.Join(b.TempDir(), "bench.db")); err != nil {
			b.Fatal(err)
		}
		(*s).Now = func() time.Time { return fixedNow }
	}
}

// BenchmarkPreviewCustomers100k previews the import of BenchmarkImportCustomers100k
// (every row written, then rolled back), as the import screen and rapport import
// --preview do.
func BenchmarkPreviewCustomers100k(b *testing.B) {
	body := demotest.CustomersCSV(100_000)
	var s *store.Store
	measure(b, freshStore(b, &s), nil, func() error {
		f, err := ReadCSV(bytes.NewReader(body), "customers")
		if err != nil {
			return err
		}
		m := GuessMapping("customers", f.Header)
		m.GuessFormats(f)
		pv, err := PreviewImport(context.Background(), s, f, m, 10)
		if err == nil && pv.Batch.NewCustomers != 100_000 {
			err = fmt.Errorf("the preview counts %d new customers; want 100,000", pv.Batch.NewCustomers)
		}
		return err
	})
	s.Close()
}
