package cli

import (
	"os"

	"golang.org/x/sys/unix"
)

// noEcho turns the terminal's echo off when f is one, and returns what turns it
// back on.
func noEcho(f *os.File) (func(), bool) {
	fd := int(f.Fd())
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return nil, false
	}
	quiet := *t
	quiet.Lflag &^= unix.ECHO
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, &quiet); err != nil {
		return nil, false
	}
	return func() { unix.IoctlSetTermios(fd, unix.TCSETS, t) }, true //nolint:errcheck // best effort
}
