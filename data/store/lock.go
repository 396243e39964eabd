package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// InUseError says that another running Rapport holds the window lock of a database.
type InUseError struct {
	Path string
	PID  int    // the holder's process ID (0 when unknown)
	Host string // the holder's machine
}

func (e *InUseError) Error() string {
	who := "another program"
	if e.PID > 0 {
		who = "pid " + strconv.Itoa(e.PID)
		if e.Host != "" {
			who += " on " + e.Host
		}
	}
	return fmt.Sprintf("Rapport is already open on this file (%s): %s; close the other window first", who, e.Path)
}

// Lock is the lock one Rapport window holds on its database, so that a second
// window on the same file is told, rather than both editing at once. Headless
// commands do not take it: WAL and the busy timeout keep them safe beside a window.
type Lock struct {
	f    *os.File
	path string
}

// LockPath is the lock file of the database at dbPath.
func LockPath(dbPath string) string { return dbPath + ".lock" }

// AcquireLock takes the lock on the database at dbPath, or returns an *InUseError
// naming the process that holds it. The lock file is owner-only and holds the
// holder's PID and host; the lock itself is the operating system's, so it is freed
// when the holder exits, even by a crash.
func AcquireLock(dbPath string) (*Lock, error) {
	p := LockPath(dbPath)
	// The window takes the lock before Open creates the folder on a first run.
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return nil, fmt.Errorf("lock %s: %w", dbPath, err)
	}
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dbPath, err)
	}
	held, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", dbPath, err)
	}
	if !held {
		e := &InUseError{Path: dbPath}
		if b, err := os.ReadFile(p); err == nil {
			fields := strings.Fields(string(b))
			if len(fields) > 0 {
				e.PID, _ = strconv.Atoi(fields[0])
			}
			if len(fields) > 1 {
				e.Host = fields[1]
			}
		}
		f.Close()
		return nil, e
	}
	host, _ := os.Hostname()
	if err := f.Truncate(0); err == nil {
		fmt.Fprintf(f, "%d %s\n", os.Getpid(), host)
		f.Sync() //nolint:errcheck // the holder's name is only a courtesy
	}
	return &Lock{f: f, path: p}, nil
}

// Release frees the lock; the file stays, empty.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	l.f.Truncate(0)    //nolint:errcheck // an old PID in a free lock file is harmless
	err := l.f.Close() // closing frees the operating system's lock
	l.f = nil
	return err
}
