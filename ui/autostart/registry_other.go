//go:build !windows

package autostart

// Outside Windows the entry is a file (fileFor); these are never reached where
// fileFor knows the system, and report ErrUnsupported where it does not.
const registrySupported = false

func registryEnabled() bool { return false }

func registryEnable(Entry) error { return ErrUnsupported }

func registryDisable() error { return ErrUnsupported }
