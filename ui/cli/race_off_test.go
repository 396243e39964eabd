//go:build !race

package cli

// raceBuild reports whether the tests run under the race detector.
const raceBuild = false
