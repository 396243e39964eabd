package cli

import (
	"bufio"
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// peakRSS is the most memory this process has held resident, in bytes: VmHWM of
// /proc/self/status. The figure the system hands the parent when a child exits
// (ru_maxrss) is no use here: Linux counts in it what the child held before it
// started the program, while it still shared the memory of the process that
// started it, and that is the benchmark's test process with its shops' files
// read in (312 MB reported for every command of a small shop).
func peakRSS() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, errors.New("/proc/self/status has no VmHWM")
}

// minorFaults are the pages the exited process ps faulted in without reading the
// disk. Unlike ru_maxrss the count starts at zero in a new process.
func minorFaults(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Minflt
	}
	return 0
}
