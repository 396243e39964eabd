package importer

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/store"
)

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
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s, _, err := store.Open(filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		s.Now = func() time.Time { return fixedNow }
		var cs bytes.Buffer
		cs.WriteString("name,email,time_zone\n")
		for i := 1; i <= customers; i++ {
			fmt.Fprintf(&cs, "Customer %d,c%d@example.com,America/New_York\n", i, i)
		}
		if _, err := importString(b, s, "customers", cs.String()); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		f, err := ReadCSV(bytes.NewReader(csv.Bytes()), "sales")
		if err != nil {
			b.Fatal(err)
		}
		m := GuessMapping("sales", f.Header)
		m.GuessFormats(f)
		batch, err := Import(ctx, s, f, m)
		if err != nil {
			b.Fatal(err)
		}
		if batch.Sales != sales {
			b.Fatalf("imported %d sales; want %d", batch.Sales, sales)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}
