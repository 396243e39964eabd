//go:build !linux

package cli

// peakRSS is 0 outside Linux, where no file tells it.
func peakRSS() int64 { return 0 }
