//go:build !linux

package cli

import "os"

// maxRSS is 0: outside Linux the unit of the system's figure differs, or there
// is none.
func maxRSS(*os.ProcessState) int64 { return 0 }
