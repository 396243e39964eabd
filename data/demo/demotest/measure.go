package demotest

import (
	"runtime"
	"runtime/metrics"
	"slices"
	"testing"
	"time"
)

// Run is one measured run: how long it took and the most heap it held.
type Run struct {
	Time     time.Duration
	PeakHeap uint64 // bytes of heap objects, live or not yet swept, at the most
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
	start := time.Now()
	err := fn()
	elapsed := time.Since(start)
	close(stop)
	<-done
	return Run{Time: elapsed, PeakHeap: max(peak, read())}, err
}

// Median is the median time and the median peak of runs (the upper median of an
// even number).
func Median(runs []Run) Run {
	if len(runs) == 0 {
		return Run{}
	}
	ts := make([]time.Duration, len(runs))
	ps := make([]uint64, len(runs))
	for i, r := range runs {
		ts[i], ps[i] = r.Time, r.PeakHeap
	}
	slices.Sort(ts)
	slices.Sort(ps)
	return Run{Time: ts[len(ts)/2], PeakHeap: ps[len(ps)/2]}
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
