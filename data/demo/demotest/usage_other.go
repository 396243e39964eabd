//go:build !unix

package demotest

// usage has nothing to count where there is no getrusage.
func usage() rusage { return rusage{} }
