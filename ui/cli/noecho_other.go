//go:build !linux && !darwin

package cli

import "os"

// noEcho cannot turn the echo off here: the password is read as typed (or piped).
func noEcho(*os.File) (func(), bool) { return nil, false }
