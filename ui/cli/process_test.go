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
// start of the process to its exit, the processor time it spent and the most
// memory it held resident (the database file's pages read through its map
// count; 0 where the system does not say).
type process struct {
	time, cpu time.Duration
	rss       int64 // bytes
}

// runProcess runs rapport args in a process of its own, as a shop owner runs a
// command (rapportCmd: this test binary started as rapport), and measures it:
// what a command costs that a run inside the test's own process does not show is
// the start of the process and its packages, and memory new to it.
func runProcess(b *testing.B, args ...string) process {
	b.Helper()
	cmd := rapportCmd(args...)
	peak := filepath.Join(b.TempDir(), "peak")
	cmd.Env = append(cmd.Env, childPeak+"="+peak)
	var errs strings.Builder
	cmd.Stderr = &errs
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if err != nil {
		b.Fatalf("rapport %s: %v: %s", strings.Join(args, " "), err, errs.String())
	}
	p := process{time: elapsed, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
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
		cpu: demotest.MedianOf(runs, func(p process) time.Duration { return p.cpu }),
		rss: demotest.MedianOf(runs, func(p process) int64 { return p.rss })}
}

// reportProcesses reports the median time and largest resident memory of runs.
func reportProcesses(b *testing.B, name string, runs []process) {
	m := medianProcess(runs)
	b.ReportMetric(m.time.Seconds(), "s/"+name)
	b.ReportMetric(float64(m.rss)/1e6, "MB-max-rss-"+name)
}

// nowArg is the --now of a command run at t.
func nowArg(t time.Time) string { return "--now=" + t.Format(time.RFC3339) }
