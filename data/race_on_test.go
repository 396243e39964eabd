//go:build race

package data

// raceBuild reports whether the tests run under the race detector.
const raceBuild = true
