//go:build linux

package store

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rapport-app/rapport/data/store/engine"
)

// nobody is the user the read-only test runs as when the tests run as root, whom
// file permissions do not bind.
const nobody = 65534

// TestReadOnlyFolderGivesClearErrorsAndChangesNothing makes the database's file and
// folder read-only and checks that opening, backing up and restoring each fail in
// plain words, that the open store goes on saving (its files are already open),
// and that the file is never damaged. Run as root, the checks run in a child
// process as the user nobody, since permissions do not bind root.
func TestReadOnlyFolderGivesClearErrorsAndChangesNothing(t *testing.T) {
	if os.Getenv("RAPPORT_RO_CHILD") != "" {
		t.Skip("the child runs TestReadOnlyChild only")
	}
	if os.Geteuid() != 0 {
		readOnlyChecks(t, t.TempDir())
		return
	}
	// A folder nobody may enter, holding a copy of this test binary.
	dir, err := os.MkdirTemp("", "rapport-ro-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	bin := filepath.Join(dir, "data.test")
	if err := copyExecutable(os.Args[0], bin); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(dir, "work")
	os.Mkdir(work, 0o700)
	for _, p := range []string{dir, bin, work} {
		if err := os.Chown(p, nobody, nobody); err != nil {
			t.Fatal(err)
		}
	}
	os.Chmod(dir, 0o755)
	cmd := exec.Command(bin, "-test.run=^TestReadOnlyChild$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "RAPPORT_RO_CHILD="+work, "HOME="+work, "TMPDIR="+work)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestReadOnlyChild") {
		t.Fatalf("the checks as the user nobody: %v\n%s", err, out)
	}
	t.Logf("ran as the user nobody:\n%s", out)
}

func TestReadOnlyChild(t *testing.T) {
	dir := os.Getenv("RAPPORT_RO_CHILD")
	if dir == "" {
		t.Skip("run by TestReadOnlyFolderGivesClearErrorsAndChangesNothing")
	}
	if os.Geteuid() == 0 {
		t.Fatal("the child runs as root; permissions would not bind")
	}
	readOnlyChecks(t, dir)
}

func copyExecutable(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func readOnlyChecks(t *testing.T, dir string) {
	ctx := context.Background()
	shopName := filepath.Join(dir, "shop")
	os.Mkdir(shopName, 0o700)
	path := shopFile(t, shopName, "rapport.db", 20)
	s, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	good, err := s.Backup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(engine.BackupDir(path), 0o500)
	os.Chmod(path, 0o400)
	os.Chmod(shopName, 0o500)
	t.Cleanup(func() {
		os.Chmod(shopName, 0o700)
		os.Chmod(engine.BackupDir(path), 0o700)
		os.Chmod(path, 0o600)
	})

	// The store already open goes on: its file, -wal and -shm are open.
	if err := importCustomers(s, "After Chmod"); err != nil {
		t.Errorf("saving on the open store after the folder became read-only: %v", err)
	}
	if _, err := s.Backup(ctx); err == nil || !strings.Contains(err.Error(), "back up") || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("backup into a read-only folder: %v; want a clear refusal", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	before := digest(t, path)

	_, _, err = Open(path)
	t.Logf("Open read-only: %v", err)
	if err == nil || !strings.Contains(err.Error(), "read-only") || !strings.Contains(err.Error(), path) {
		t.Errorf("Open of a read-only file in a read-only folder: %v; want it to name the file and say read-only", err)
	}
	err = Restore(path, good)
	t.Logf("Restore into a read-only folder: %v", err)
	if err == nil || !strings.Contains(err.Error(), "nothing was changed") {
		t.Errorf("restore into a read-only folder: %v; want a refusal that changed nothing", err)
	}
	if after := digest(t, path); after != before {
		t.Error("the read-only database was changed")
	}

	// Writable again, nothing is lost: the 20 customers and the one saved after
	// the folder turned read-only.
	os.Chmod(shopName, 0o700)
	os.Chmod(path, 0o600)
	if n := customerCount(t, path); n != 21 {
		t.Errorf("%d customers; want 21", n)
	}
	checkIntegrity(t, path)

	// A writable file in a read-only folder: SQLite cannot make its -wal there.
	shop2 := filepath.Join(dir, "shop2")
	os.Mkdir(shop2, 0o700)
	path2 := shopFile(t, shop2, "rapport.db", 5)
	os.Chmod(shop2, 0o500)
	t.Cleanup(func() { os.Chmod(shop2, 0o700) })
	before = digest(t, path2)
	_, _, err = Open(path2)
	t.Logf("Open in a read-only folder: %v", err)
	var oe *engine.OpenError
	if !errors.As(err, &oe) || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("Open of a file in a read-only folder: %v; want an *engine.OpenError saying read-only", err)
	}
	if after := digest(t, path2); after != before {
		t.Error("the database in the read-only folder was changed")
	}
}
