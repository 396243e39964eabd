//go:build unix

package engine

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// openNoFollow keeps os.OpenFile from following a symbolic link as the last part
// of the path; openNoBlock keeps it from waiting on a FIFO for a writer.
const (
	openNoFollow = syscall.O_NOFOLLOW
	openNoBlock  = syscall.O_NONBLOCK
)

// tryLock takes a shared or an exclusive flock on f without waiting; false when
// another open file (in this process or another) holds one that conflicts.
func tryLock(f *os.File, mode lockMode) (bool, error) {
	how := syscall.LOCK_SH
	if mode == exclusive {
		how = syscall.LOCK_EX
	}
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return false, nil
		}
		return err == nil, err
	}
}

func unlockFile(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

func isLinkLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }

func isReadOnlyFS(err error) bool { return errors.Is(err, syscall.EROFS) }

// linkCount is how many names the file has.
func linkCount(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}

// inode identifies a file on its device, for /proc/locks.
func inode(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino)
	}
	return 0
}
