//go:build !race

package store

// raceBuild reports whether the tests run under the race detector.
const raceBuild = false
