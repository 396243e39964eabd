//go:build !linux

package cli

import "os"

// peakRSS is 0 outside Linux: the benchmarks leave resident memory out there.
func peakRSS() (int64, error) { return 0, nil }

// minorFaults is 0 outside Linux, as peakRSS is.
func minorFaults(*os.ProcessState) int64 { return 0 }
