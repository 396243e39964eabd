package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/demo/demotest"
)

// process is one command run in a process of its own: how long it took from the
// start of the process to its exit, the processor time it spent, the pages it
// faulted in without reading the disk (memory new to it, or the file's pages
// first read through its map), and the most memory it held resident, the file's
// pages read through its map included. Outside Linux the last two are 0.
type process struct {
	time, cpu time.Duration
	faults    int64
	rss       int64 // bytes
}

// runCommand runs rapport --db path --now now args... in a process of its own
// (runProcess).
func runCommand(b *testing.B, path string, now time.Time, args ...string) process {
	b.Helper()
	return runProcess(b, append([]string{"--db", path, nowArg(now)}, args...)...)
}

// runProcess runs rapport args in a process of its own, as a shop owner runs a
// command (rapportCmd: this test binary started as rapport), and measures it.
// What a command costs that a run inside the test's own process does not show is
// the start of the process and its packages, and memory new to it. The window's
// packages are not in this binary: the built program starts a little slower.
func runProcess(b *testing.B, args ...string) process {
	b.Helper()
	cmd := rapportCmd(args...)
	peak := filepath.Join(b.TempDir(), "peak")
	cmd.Env = append(cmd.Environ(), childPeak+"="+peak)
	var errs strings.Builder
	cmd.Stderr = &errs
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if err != nil {
		b.Fatalf("rapport %s: %v: %s", strings.Join(args, " "), err, errs.String())
	}
	p := process{time: elapsed, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), faults: minorFaults(cmd.ProcessState)}
	text, err := os.ReadFile(peak)
	if err == nil {
		p.rss, err = strconv.ParseInt(string(text), 10, 64)
	}
	if err != nil {
		b.Fatalf("rapport %s: its memory: %v", strings.Join(args, " "), err)
	}
	return p
}

// medianProcess is the median of each figure of runs, each taken on its own.
func medianProcess(runs []process) process {
	return process{time: demotest.MedianOf(runs, func(p process) time.Duration { return p.time }),
		cpu:    demotest.MedianOf(runs, func(p process) time.Duration { return p.cpu }),
		faults: demotest.MedianOf(runs, func(p process) int64 { return p.faults }),
		rss:    demotest.MedianOf(runs, func(p process) int64 { return p.rss })}
}

// reportProcesses reports the median time of runs, and where the system tells
// them, the pages faulted in and the largest resident memory.
func reportProcesses(b *testing.B, name string, runs []process) {
	m := medianProcess(runs)
	b.ReportMetric(m.time.Seconds(), "s/"+name)
	if m.rss > 0 {
		b.ReportMetric(float64(m.faults), "faults-"+name)
		b.ReportMetric(float64(m.rss)/1e6, "MB-max-rss-"+name)
	}
}

// nowArg is the --now of a command run at t.
func nowArg(t time.Time) string { return "--now=" + t.Format(time.RFC3339) }
