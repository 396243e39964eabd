package demotest

import (
	"cmp"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"testing"
	"time"
)

// Run is one measured run: how long it took and the most heap it held, and where
// the system counts them (Linux and the other Unixes), the processor time the
// whole process spent meanwhile (the run, the garbage collector, Measure's own
// sampling) and the pages it faulted in without reading the disk (memory new to
// the process, or a file's pages first read through a map).
type Run struct {
	Time      time.Duration
	PeakHeap  uint64 // bytes of heap objects, live or not yet swept, at the most
	User, Sys time.Duration
	Faults    int64
}

// rusage is what the system has counted of the process so far (usage); zero
// where there is no getrusage, so that a Run's processor time and faults read
// zero there.
type rusage struct {
	user, sys time.Duration
	faults    int64
}

// heapObjects is the runtime metric Measure samples: what the heap's objects take.
const heapObjects = "/memory/classes/heap/objects:bytes"

// Measure runs fn and reports how long it took and the most heap it held, sampled
// every millisecond. It collects the garbage first, so that what ran before is not
// counted.
func Measure(fn func() error) (Run, error) {
	runtime.GC()
	sample := []metrics.Sample{{Name: heapObjects}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	peak := read()
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				peak = max(peak, read())
			}
		}
	}()
	u0 := usage()
	start := time.Now()
	err := fn()
	elapsed := time.Since(start)
	u1 := usage()
	close(stop)
	<-done
	return Run{Time: elapsed, PeakHeap: max(peak, read()), User: u1.user - u0.user, Sys: u1.sys - u0.sys, Faults: u1.faults - u0.faults}, err
}

// Median is the median of each figure of runs, each taken on its own (the upper
// median of an even number).
func Median(runs []Run) Run {
	if len(runs) == 0 {
		return Run{}
	}
	return Run{Time: MedianOf(runs, func(r Run) time.Duration { return r.Time }), PeakHeap: MedianOf(runs, func(r Run) uint64 { return r.PeakHeap }),
		User: MedianOf(runs, func(r Run) time.Duration { return r.User }), Sys: MedianOf(runs, func(r Run) time.Duration { return r.Sys }),
		Faults: MedianOf(runs, func(r Run) int64 { return r.Faults })}
}

// MedianOf is the median of one figure of runs, each taken on its own (the upper
// median of an even number).
func MedianOf[R any, T cmp.Ordered](runs []R, of func(R) T) T {
	vs := make([]T, len(runs))
	for i, r := range runs {
		vs[i] = of(r)
	}
	slices.Sort(vs)
	return vs[len(vs)/2]
}

// Rounds is how many times the benchmarks that compare Rapport with the floor run
// each, whatever -benchtime says: they report medians.
const Rounds = 5

// reportVsFloor prints Rapport's median time and peak heap, the floor's, and the
// ratio of the times.
func reportVsFloor(b *testing.B, rapport, floor []Run) {
	r, f := Median(rapport), Median(floor)
	b.ReportMetric(float64(r.Time.Nanoseconds()), "ns/op")
	b.ReportMetric(r.Time.Seconds(), "s/rapport")
	b.ReportMetric(f.Time.Seconds(), "s/floor")
	b.ReportMetric(r.Time.Seconds()/f.Time.Seconds(), "x-floor")
	b.ReportMetric(float64(r.PeakHeap)/1e6, "MB-peak-heap")
}

// Compare runs the floor and Rapport one after the other, Rounds times at least,
// and reports Rapport's median time and peak heap, the floor's time, and the ratio.
func Compare(b *testing.B, floor, rapport func() error) {
	var rs, fs []Run
	one := func() {
		f, err := Measure(floor)
		if err != nil {
			b.Fatal(err)
		}
		r, err := Measure(rapport)
		if err != nil {
			b.Fatal(err)
		}
		fs, rs = append(fs, f), append(rs, r)
	}
	for b.Loop() {
		one()
	}
	for len(rs) < Rounds {
		one()
	}
	reportVsFloor(b, rs, fs)
}

// MillionEnv asks for the benchmarks of the shop of a million customers and ten
// million sales (make bench-million): writing it takes minutes and about two
// gigabytes of disk, so plain go test and make bench leave them out.
const MillionEnv = "RAPPORT_BENCH_MILLION"

// GrowthSizes are the numbers of customers the growth benchmarks step through,
// ten times as many each step: 10,000 and 100,000, and 1,000,000 with MillionEnv.
func GrowthSizes() []int {
	if os.Getenv(MillionEnv) != "" {
		return []int{10_000, 100_000, 1_000_000}
	}
	return []int{10_000, 100_000}
}

// Turns measures a step for each of sizes sizes least times at least (most, if
// fewer), and again while its runs add up to less than a second, up to most runs,
// and returns the median of each. A step of seconds whose growth is a target
// needs five: the median of three moved by a tenth from one run of the benchmark
// to the next on a shared machine. The sizes take turns: round 0 of each, then
// round 1 of each, and so on, so that a spell of a busy machine slows each of them
// and not the one that happened to be measured then. round sets up round n (from 0) of size i and
// returns the work to measure and what to do after it (nil for nothing), neither
// of them measured.
//
// Each run starts with the memory the runs before it held given back to the
// system, as a command run on its own starts with none: otherwise a smaller shop
// ran in pages a bigger one had left (a few hundred faulted in at 100,000
// customers) and the bigger one in pages new to it (130,000 at a million).
func Turns(b *testing.B, sizes, least, most int, round func(i, n int) (work func() error, after func())) []Run {
	b.Helper()
	runs := make([][]Run, sizes)
	total := make([]time.Duration, sizes)
	for n := 0; n < most; n++ {
		more := false
		for i := range sizes {
			if n >= min(least, most) && total[i] >= time.Second {
				continue
			}
			more = true
			work, after := round(i, n)
			debug.FreeOSMemory()
			run, err := Measure(work)
			if after != nil {
				after()
			}
			if err != nil {
				b.Fatal(err)
			}
			runs[i] = append(runs[i], run)
			total[i] += run.Time
		}
		if !more {
			break
		}
	}
	out := make([]Run, sizes)
	for i := range runs {
		out[i] = Median(runs[i])
	}
	return out
}
