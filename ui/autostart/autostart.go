// Package autostart starts Rapport when the user logs in, so that its reminders
// run without anyone remembering to open it: an XDG autostart entry on Linux and
// the BSDs, a launch agent on macOS, the Run key of the registry on Windows. Each
// is a file or a value of the user's own, written without native code, and
// removed again when the user turns it off. It knows nothing of Fyne.
package autostart

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Name is the entry's name, the application's ID (ui.AppID): the launch agent's
// label on macOS.
const Name = "app.rapport.desktop"

// desktopFile is the XDG autostart entry's file name.
const desktopFile = "rapport.desktop"

// ErrUnsupported is returned where the system has no way known to this package.
var ErrUnsupported = errors.New("starting at login is not supported on this system")

// Entry is the command to run at login.
type Entry struct {
	// Exec is the program, an absolute path, and Args its arguments.
	Exec string
	Args []string
}

// Command is the entry for the running program with args, refused when it runs
// from a temporary build (go run), which is gone by the next login.
func Command(args ...string) (Entry, error) {
	exe, err := os.Executable()
	if err != nil {
		return Entry{}, fmt.Errorf("find Rapport's program file: %w", err)
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	if tmp, err := filepath.EvalSymlinks(os.TempDir()); err == nil && strings.HasPrefix(exe, tmp+string(filepath.Separator)) {
		//lint:ignore ST1005 the message begins with the program's name, shown as it is
		return Entry{}, fmt.Errorf("Rapport runs from a temporary build (%s), which is gone by the next login; build or install it first", exe)
	}
	return Entry{Exec: exe, Args: args}, nil
}

// file is where a file-based system keeps the entry, and what it says.
type file struct {
	path    string
	content func(Entry) string
}

// fileFor is the entry's file on goos for a user with the given home and
// XDG_CONFIG_HOME ("" for unset); ok is false where the entry is not a file.
func fileFor(goos, home, xdgConfig string) (file, bool) {
	switch goos {
	case "darwin":
		return file{filepath.Join(home, "Library", "LaunchAgents", Name+".plist"), launchAgent}, true
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
		dir := xdgConfig
		if dir == "" || !filepath.IsAbs(dir) {
			dir = filepath.Join(home, ".config")
		}
		return file{filepath.Join(dir, "autostart", desktopFile), desktopEntry}, true
	}
	return file{}, false
}

func userFile() (file, bool, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return file{}, false, fmt.Errorf("find the home folder: %w", err)
	}
	f, ok := fileFor(runtime.GOOS, home, os.Getenv("XDG_CONFIG_HOME"))
	return f, ok, nil
}

// Supported reports whether this system can start Rapport at login.
func Supported() bool {
	_, ok, err := userFile()
	return err == nil && (ok || registrySupported)
}

// Enabled reports whether Rapport starts at login.
func Enabled() bool {
	f, ok, err := userFile()
	if err != nil {
		return false
	}
	if !ok {
		return registryEnabled()
	}
	_, err = os.Stat(f.path)
	return err == nil
}

// Enable makes e run at login. The file is the user's own (mode 0600), written
// whole or not at all.
func Enable(e Entry) error {
	f, ok, err := userFile()
	if err != nil {
		return err
	}
	for _, a := range append([]string{e.Exec}, e.Args...) {
		if strings.ContainsAny(a, "\r\n") {
			return fmt.Errorf("start at login: %q holds a line break, which a login entry cannot", a)
		}
	}
	if !ok {
		return registryEnable(e)
	}
	return writeFile(f.path, f.content(e))
}

// Disable stops Rapport starting at login; it is not an error when it did not.
func Disable() error {
	f, ok, err := userFile()
	if err != nil {
		return err
	}
	if !ok {
		return registryDisable()
	}
	if err := os.Remove(f.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("stop starting at login: %w", err)
	}
	return nil
}

// writeFile writes content to path, owner-only, through a temporary file beside
// it, so that a failed write leaves no half entry.
func writeFile(path, content string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("start at login: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".rapport-autostart-*")
	if err != nil {
		return fmt.Errorf("start at login: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("start at login: %w", err)
	}
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		return fmt.Errorf("start at login: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("start at login: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("start at login: %w", err)
	}
	return nil
}

// desktopEntry is an XDG autostart entry (Desktop Entry Specification 1.5).
func desktopEntry(e Entry) string {
	argv := append([]string{e.Exec}, e.Args...)
	for i, a := range argv {
		argv[i] = execArg(a)
	}
	return "[Desktop Entry]\n" +
		"Type=Application\n" +
		"Name=Rapport\n" +
		"Comment=Follow-up reminders for the shop's customers\n" +
		"Exec=" + strings.Join(argv, " ") + "\n" +
		"Terminal=false\n" +
		"X-GNOME-Autostart-enabled=true\n"
}

// execArg quotes one argument of an Exec key that holds a reserved character:
// inside double quotes, `"`, "`", "$" and "\" are escaped with a backslash, and
// then, as in every string value, each backslash is doubled; a "%" is written
// "%%" (field codes).
func execArg(a string) string {
	a = strings.ReplaceAll(a, "%", "%%")
	if a != "" && !strings.ContainsAny(a, " \t\"'\\><~|&;$*?#()`") {
		return a
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range a {
		switch r {
		case '"', '`', '$', '\\':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return strings.ReplaceAll(b.String(), `\`, `\\`)
}

// launchAgent is a launchd property list that runs the program at login.
func launchAgent(e Entry) string {
	var args strings.Builder
	for _, a := range append([]string{e.Exec}, e.Args...) {
		args.WriteString("\t\t<string>" + xmlEscape(a) + "</string>\n")
	}
	return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>` + Name + `</string>
	<key>ProgramArguments</key>
	<array>
` + args.String() + `	</array>
	<key>RunAtLoad</key>
	<true/>
</dict>
</plist>
`
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}
