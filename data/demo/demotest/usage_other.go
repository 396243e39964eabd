//go:build !unix

package demotest

import "time"

// rusage is what the system has counted of the process so far: nothing where
// there is no getrusage, and a Run's processor time and faults read zero.
type rusage struct {
	user, sys time.Duration
	faults    int64
}

func usage() rusage { return rusage{} }
