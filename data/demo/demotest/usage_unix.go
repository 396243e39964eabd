//go:build unix

package demotest

import (
	"syscall"
	"time"
)

// usage is what the system has counted of the process so far.
func usage() rusage {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return rusage{}
	}
	return rusage{user: time.Duration(u.Utime.Nano()), sys: time.Duration(u.Stime.Nano()), faults: int64(u.Minflt)}
}
