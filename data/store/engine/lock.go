package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Two lock files beside a database keep the processes that use it in step:
//
//   - The use lock (rapport.db.lock). Every Store holds it shared from Open to
//     Close: the window, and every command (those that write and those that only
//     read). Restore holds it exclusive while it swaps the file, so a restore waits
//     for everyone who has the file open, and nobody opens the file halfway through
//     a restore or goes on writing into the file a restore replaced. Open holds it
//     exclusive for a moment to create or migrate the file, to look for damage
//     after an unclean close, and to clear what a killed backup or restore left.
//   - The window lock (rapport.db.window): one window per file. Its holder writes
//     its PID and host into it, so that a second window is told who has the file.
//
// Both are the operating system's advisory locks (flock), freed when their holder
// exits, even by a crash. Where there is no flock (Windows) they are not
// enforced: a restore does not wait there, and the check that Close makes (was
// the file replaced under the store?) is what keeps a command from reporting work
// that did not survive.

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

// BusyError says that a database was in use by other processes for longer than a
// restore (or an open) would wait, and names them where the system tells.
type BusyError struct {
	Path    string
	Doing   string   // what had to wait: "restore", "open"
	Holders []string // "pid 4242 (rapport import sales june.csv)"; empty when unknown
	Waited  time.Duration
}

func (e *BusyError) Error() string {
	who := "another Rapport (a command or the window)"
	if len(e.Holders) > 0 {
		who = strings.Join(e.Holders, ", ")
	}
	return fmt.Sprintf("%s: %s is in use by %s and did not come free within %s; nothing was changed. Try again when it has finished",
		e.Doing, e.Path, who, e.Waited.Round(time.Second))
}

// LockPath is the use lock of the database at dbPath.
func LockPath(dbPath string) string { return dbPath + ".lock" }

// WindowLockPath is the window lock of the database at dbPath.
func WindowLockPath(dbPath string) string { return dbPath + ".window" }

// lockMode is what a lockFile holds.
type lockMode int

const (
	unlocked lockMode = iota
	shared
	exclusive
)

// lockFile is an open lock file and the lock held on it.
type lockFile struct {
	f    *os.File
	path string
	held lockMode
}

// openLockFile opens (creating it owner-only) the lock file at path. A lock file
// is never followed through a link, and one that is not a plain file of its own
// (a symbolic or hard link, a device) is refused: a lock file is written to, and
// must not be able to point at something else.
func openLockFile(path string) (*lockFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|openNoFollow, 0o600)
	if err != nil {
		if isLinkLoop(err) {
			return nil, fmt.Errorf("the lock file %s is a link; Rapport does not follow it. Remove it and try again", path)
		}
		if errors.Is(err, fs.ErrPermission) || isReadOnlyFS(err) {
			return nil, &OpenError{Path: strings.TrimSuffix(strings.TrimSuffix(path, ".lock"), ".window"),
				Reason: fmt.Sprintf("its folder is read-only (cannot write %s), so Rapport cannot work on it", filepath.Base(path)), Err: err}
		}
		return nil, fmt.Errorf("open the lock file %s: %w", path, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open the lock file %s: %w", path, err)
	}
	if !st.Mode().IsRegular() || linkCount(st) > 1 {
		f.Close()
		return nil, fmt.Errorf("the lock file %s is not a plain file of its own (a link?); remove it and try again", path)
	}
	return &lockFile{f: f, path: path}, nil
}

// lock takes the lock in mode (shared or exclusive), trying again until wait has
// passed; false when it could not. Changing a lock lets go of the old one first
// (as flock does), so a lock that could not be had leaves nothing held.
func (l *lockFile) lock(mode lockMode, wait time.Duration) (bool, error) {
	if l.held == mode {
		return true, nil
	}
	deadline := time.Now().Add(wait)
	pause := 2 * time.Millisecond
	for {
		ok, err := tryLock(l.f, mode)
		if err != nil {
			l.held = unlocked
			return false, fmt.Errorf("lock %s: %w", l.path, err)
		}
		if ok {
			l.held = mode
			return true, nil
		}
		l.held = unlocked
		if !time.Now().Before(deadline) {
			return false, nil
		}
		time.Sleep(pause)
		pause = min(2*pause, 50*time.Millisecond)
	}
}

// unlock lets go of the lock and keeps the file open.
func (l *lockFile) unlock() {
	if l.held != unlocked {
		unlockFile(l.f) //nolint:errcheck // closing the file frees it as well
		l.held = unlocked
	}
}

// close frees the lock and closes the file.
func (l *lockFile) close() {
	if l == nil || l.f == nil {
		return
	}
	l.f.Close() // closing frees the operating system's lock
	l.f, l.held = nil, unlocked
}

// busy is the *BusyError for a lock that did not come free.
func (l *lockFile) busy(dbPath, doing string, waited time.Duration) error {
	return &BusyError{Path: dbPath, Doing: doing, Holders: describeHolders(dbPath, l.f), Waited: waited}
}

// describeOthers is describeHolders without this process, unless it is the only
// one: who else is working on the file.
func describeOthers(dbPath string, f *os.File) []string {
	all := describeHolders(dbPath, f)
	var others []string
	self := fmt.Sprintf("pid %d ", os.Getpid())
	for _, h := range all {
		if !strings.HasPrefix(h+" ", self) {
			others = append(others, h)
		}
	}
	if len(others) == 0 {
		return all
	}
	return others
}

// describeHolders names the processes that hold the use lock open through f's
// file (the system knows on Linux), and the window among them.
func describeHolders(dbPath string, f *os.File) []string {
	window := 0
	if b, err := os.ReadFile(WindowLockPath(dbPath)); err == nil {
		if fields := strings.Fields(string(b)); len(fields) > 0 {
			window, _ = strconv.Atoi(fields[0])
		}
	}
	var out []string
	for _, pid := range lockHolders(f) {
		what := commandLine(pid)
		switch {
		case pid == window:
			what = "the Rapport window"
		case pid == os.Getpid():
			what = "this Rapport"
		}
		if what == "" {
			out = append(out, "pid "+strconv.Itoa(pid))
		} else {
			out = append(out, fmt.Sprintf("pid %d (%s)", pid, what))
		}
	}
	return out
}

// commandLine is how a process was started, shortened for a message: "rapport
// import sales june.csv"; "" when the system does not say.
func commandLine(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || len(b) == 0 {
		return ""
	}
	args := strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
	args[0] = filepath.Base(args[0])
	s := strings.Join(args, " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:79]) + "…"
	}
	return s
}

// Lock is the window lock one Rapport window holds on its database, so that a
// second window on the same file is told, rather than both editing at once.
// Commands do not take it; like the window, they hold the use lock (see Open).
type Lock struct {
	l *lockFile
}

// AcquireLock takes the window lock on the database at dbPath, or returns an
// *InUseError naming the process that holds it. The lock file is owner-only and
// holds the holder's PID and host; the lock itself is the operating system's, so
// it is freed when the holder exits, even by a crash.
//
// A shared shop (a PostgreSQL URL) is meant to be open in several windows at
// once: its lock is nothing.
func AcquireLock(dbPath string) (*Lock, error) {
	if IsURL(dbPath) {
		return &Lock{}, nil
	}
	p := WindowLockPath(dbPath)
	// The window takes the lock before Open creates the folder on a first run.
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return nil, fmt.Errorf("lock %s: %w", dbPath, err)
	}
	l, err := openLockFile(p)
	if err != nil {
		return nil, err
	}
	held, err := l.lock(exclusive, 0)
	if err != nil {
		l.close()
		return nil, err
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
		l.close()
		return nil, e
	}
	host, _ := os.Hostname()
	if err := l.f.Truncate(0); err == nil {
		fmt.Fprintf(l.f, "%d %s\n", os.Getpid(), host)
		l.f.Sync() //nolint:errcheck // the holder's name is only a courtesy
	}
	return &Lock{l: l}, nil
}

// Release frees the lock; the file stays, empty.
func (l *Lock) Release() error {
	if l == nil || l.l == nil || l.l.f == nil {
		return nil
	}
	l.l.f.Truncate(0) //nolint:errcheck // an old PID in a free lock file is harmless
	l.l.close()
	return nil
}
