//go:build unix

package demotest

import (
	"syscall"
	"time"
)

// rusage is what the system has counted of the process so far.
type rusage struct {
	user, sys time.Duration
	faults    int64
}

func usage() rusage {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return rusage{}
	}
	return rusage{user: time.Duration(u.Utime.Nano()), sys: time.Duration(u.Stime.Nano()), faults: int64(u.Minflt)}
}
