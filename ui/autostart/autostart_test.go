package autostart

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestExecArgQuotesAsTheDesktopEntrySpecSays(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/usr/bin/rapport", "/usr/bin/rapport"},
		{"--db", "--db"},
		{"/home/ana/My Shop/rapport.db", `"/home/ana/My Shop/rapport.db"`},
		{`/srv/a"b$c`, `"/srv/a\\"b\\$c"`},
		{`C:\shop`, `"C:\\\\shop"`}, // a literal backslash is four in the file
		{"/data/100%/x.db", "/data/100%%/x.db"},
	} {
		if got := execArg(c.in); got != c.want {
			t.Errorf("execArg(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestEnableWritesAnOwnerOnlyEntryAndDisableRemovesIt(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the XDG autostart entry is Linux's")
	}
	home := t.TempDir()
	cfg := filepath.Join(home, "cfg")
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", cfg)
	if Enabled() {
		t.Fatal("enabled before Enable")
	}
	e := Entry{Exec: "/opt/rapport/rapport", Args: []string{"--db", "/home/ana/My Shop/rapport.db"}}
	if err := Enable(e); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(cfg, "autostart", "rapport.desktop")
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("the entry is mode %v, want 0600", st.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	for _, want := range []string{"[Desktop Entry]\n", "Type=Application\n", "Name=Rapport\n",
		"Exec=/opt/rapport/rapport --db \"/home/ana/My Shop/rapport.db\"\n"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the entry lacks %q:\n%s", want, b)
		}
	}
	if !Enabled() {
		t.Error("not enabled after Enable")
	}
	if leftovers, _ := filepath.Glob(filepath.Join(cfg, "autostart", ".rapport-autostart-*")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
	if err := Disable(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the entry is still there after Disable: %v", err)
	}
	if err := Disable(); err != nil {
		t.Errorf("Disable twice: %v", err)
	}
	if err := Enable(Entry{Exec: "/opt/rapport/rapport", Args: []string{"--db", "a\nb"}}); err == nil {
		t.Error("an argument with a line break was written")
	}
}

func TestWhereEachSystemKeepsTheEntry(t *testing.T) {
	f, ok := fileFor("linux", "/home/ana", "")
	if !ok || f.path != "/home/ana/.config/autostart/rapport.desktop" {
		t.Errorf("linux without XDG_CONFIG_HOME: %q", f.path)
	}
	if f, _ := fileFor("linux", "/home/ana", "relative/cfg"); f.path != "/home/ana/.config/autostart/rapport.desktop" {
		t.Errorf("a relative XDG_CONFIG_HOME is ignored, as the spec says: %q", f.path)
	}
	mac, ok := fileFor("darwin", "/Users/ana", "")
	if !ok || mac.path != "/Users/ana/Library/LaunchAgents/app.rapport.desktop.plist" {
		t.Errorf("macOS: %q", mac.path)
	}
	plist := mac.content(Entry{Exec: "/Applications/Rapport.app/Contents/MacOS/rapport", Args: []string{"--db", "/Users/ana/R&D.db"}})
	for _, want := range []string{"<key>Label</key>\n\t<string>app.rapport.desktop</string>", "<string>/Applications/Rapport.app/Contents/MacOS/rapport</string>",
		"<string>/Users/ana/R&amp;D.db</string>", "<key>RunAtLoad</key>\n\t<true/>"} {
		if !strings.Contains(plist, want) {
			t.Errorf("the launch agent lacks %q:\n%s", want, plist)
		}
	}
	if _, ok := fileFor("windows", `C:\Users\ana`, ""); ok {
		t.Error("Windows keeps the entry in the registry, not a file")
	}
}
