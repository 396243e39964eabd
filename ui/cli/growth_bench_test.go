package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/demo/demotest"
)

// BenchmarkCommandGrowth runs rapport replan, rapport today and rapport import
// customers as a shop owner does, each in a process of its own (runCommand), on
// shops of 10,000 and 100,000 customers, and 1,000,000 with demotest.MillionEnv
// (make bench-million), each with ten sales and two issues a customer. It prints
// each command's median time from the start of its process to its exit (opening
// and checking the file included), processor time, pages faulted in and largest
// resident memory, and how much each time grows from one size to the next.
// Target: each step within 11×.
//
// Round r re-plans day r+1 for the whole shop (as the first command of a new day
// does), lists that day's calls from the plan just stored, and imports the size's
// customers into a new file (the command makes the empty shop first). The sizes
// take turns round by round, so that a busy spell of the machine slows each of
// them and not one. The re-plan inside one process, without the start and exit
// of a command, is measured by BenchmarkGrowth (data/importer) and
// BenchmarkReplanGrowth (data/store/replan).
func BenchmarkCommandGrowth(b *testing.B) {
	sizes := demotest.GrowthSizes()
	names := []string{"replan", "today", "import customers"}
	// Five rounds each, and three imports of the million: one takes half a
	// minute. The median of three re-plans moved by a tenth from one run of the
	// benchmark to the next.
	const rounds = 5
	imports := func(n int) int {
		if n >= 1_000_000 {
			return 3
		}
		return rounds
	}
	var medians [][]process // by size, then by command
	for b.Loop() {
		paths, files := make([]string, len(sizes)), make([]string, len(sizes))
		for i, n := range sizes {
			s := demotest.Sized(b, benchNow, n, 10*n, 2*n)
			paths[i] = s.Path()
			s.Close()
			files[i] = filepath.Join(b.TempDir(), "customers.csv")
			if err := os.WriteFile(files[i], demotest.CustomersCSV(n), 0o600); err != nil {
				b.Fatal(err)
			}
		}
		runs := make([][][]process, len(sizes))
		for i := range sizes {
			runs[i] = make([][]process, len(names))
		}
		for r := range rounds {
			for i, n := range sizes {
				now := benchNow.AddDate(0, 0, r+1)
				runs[i][0] = append(runs[i][0], runCommand(b, paths[i], now, "replan"))
				runs[i][1] = append(runs[i][1], runCommand(b, paths[i], now, "today"))
				if r >= imports(n) {
					continue
				}
				// Into a new file, made by the command, and removed after it (a
				// million customers take 200 MB).
				dir, err := os.MkdirTemp(b.TempDir(), "import")
				if err != nil {
					b.Fatal(err)
				}
				runs[i][2] = append(runs[i][2], runCommand(b, filepath.Join(dir, "new.db"), now, "import", "customers", files[i]))
				if err := os.RemoveAll(dir); err != nil {
					b.Fatal(err)
				}
			}
		}
		medians = medians[:0]
		for i := range sizes {
			row := make([]process, len(names))
			for c := range names {
				row[c] = medianProcess(runs[i][c])
			}
			medians = append(medians, row)
		}
	}
	var t strings.Builder
	fmt.Fprintf(&t, "\nwhole commands, medians: time (×growth), processor time, pages faulted in, largest resident memory\n%-10s", "customers")
	for _, name := range names {
		fmt.Fprintf(&t, " %-42s", name)
	}
	t.WriteString("\n")
	for i, n := range sizes {
		fmt.Fprintf(&t, "%-10d", n)
		for c, name := range names {
			m, growth := medians[i][c], ""
			if i > 0 {
				growth = fmt.Sprintf(" ×%.1f", m.time.Seconds()/medians[i-1][c].time.Seconds())
			}
			fmt.Fprintf(&t, " %-42s", fmt.Sprintf("%.3f s%s, %.2f s, %d, %.0f MB", m.time.Seconds(), growth, m.cpu.Seconds(), m.faults, float64(m.rss)/1e6))
			b.ReportMetric(m.time.Seconds(), fmt.Sprintf("s/%s-%dk", strings.Fields(name)[0], n/1000))
		}
		t.WriteString("\n")
	}
	fmt.Print(t.String())
}
