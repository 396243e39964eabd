package engine

import (
	"os"
	"strconv"
	"strings"
)

// lockHolders lists the processes that hold a flock on f's file, as /proc/locks
// tells them (the first process of each lock; those waiting are left out).
func lockHolders(f *os.File) []int {
	st, err := f.Stat()
	if err != nil {
		return nil
	}
	ino := strconv.FormatUint(inode(st), 10)
	b, err := os.ReadFile("/proc/locks")
	if err != nil {
		return nil
	}
	var pids []int
	seen := map[int]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		// 1: FLOCK  ADVISORY  READ  4242 00:2c:1234567 0 EOF
		fields := strings.Fields(line)
		if len(fields) < 6 || fields[1] != "FLOCK" {
			continue
		}
		dev := strings.Split(fields[5], ":")
		if len(dev) != 3 || dev[2] != ino {
			continue
		}
		pid, err := strconv.Atoi(fields[4])
		if err != nil || seen[pid] {
			continue
		}
		seen[pid] = true
		pids = append(pids, pid)
	}
	return pids
}
