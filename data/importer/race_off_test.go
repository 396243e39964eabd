//go:build !race

package importer

// raceBuild reports whether the tests run under the race detector.
const raceBuild = false
