//go:build windows

package autostart

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/sys/windows/registry"
)

// On Windows the entry is a value of the user's Run key, which Windows starts at
// login: no shortcut file (which would need COM) and no native code.
const registrySupported = true

const runKey = `Software\Microsoft\Windows\CurrentVersion\Run`

// valueName is the entry's name in the Run key.
const valueName = "Rapport"

func registryEnabled() bool {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.QUERY_VALUE)
	if err != nil {
		return false
	}
	defer k.Close()
	_, _, err = k.GetStringValue(valueName)
	return err == nil
}

func registryEnable(e Entry) error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if err != nil {
		return fmt.Errorf("start at login: %w", err)
	}
	defer k.Close()
	if err := k.SetStringValue(valueName, commandLine(e)); err != nil {
		return fmt.Errorf("start at login: %w", err)
	}
	return nil
}

func registryDisable() error {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if err != nil {
		return nil // no Run key: nothing starts
	}
	defer k.Close()
	if err := k.DeleteValue(valueName); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return fmt.Errorf("stop starting at login: %w", err)
	}
	return nil
}

// commandLine quotes the program and its arguments for Windows: each in double
// quotes, with the backslashes before a quote doubled and the quote escaped.
func commandLine(e Entry) string {
	var parts []string
	for _, a := range append([]string{e.Exec}, e.Args...) {
		var b strings.Builder
		b.WriteByte('"')
		slashes := 0
		for _, r := range a {
			switch r {
			case '\\':
				slashes++
				continue
			case '"':
				b.WriteString(strings.Repeat(`\`, 2*slashes+1))
			default:
				b.WriteString(strings.Repeat(`\`, slashes))
			}
			slashes = 0
			b.WriteRune(r)
		}
		b.WriteString(strings.Repeat(`\`, 2*slashes))
		b.WriteByte('"')
		parts = append(parts, b.String())
	}
	return strings.Join(parts, " ")
}
