//go:build !unix

package engine

import (
	"io/fs"
	"os"
)

// Without flock (Windows) the lock files are written but not enforced: two windows
// are not told of each other, and a restore does not wait for the other processes
// on the file. WAL and the busy timeout still keep the database whole, and Close
// still says when the file was replaced under a store.
const (
	openNoFollow = 0
	openNoBlock  = 0
)

func tryLock(*os.File, lockMode) (bool, error) { return true, nil }

func unlockFile(*os.File) error { return nil }

func isLinkLoop(error) bool { return false }

func isReadOnlyFS(error) bool { return false }

func linkCount(fs.FileInfo) uint64 { return 1 }

func inode(fs.FileInfo) uint64 { return 0 }
