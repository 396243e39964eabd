package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// DefaultKeep is how many backups BackupIfDue keeps: two weeks of daily ones.
const DefaultKeep = 14

// backupStamp is the time in a backup's name, in the shop's local clock.
const backupStamp = "20060102-150405"

// beforeRestore marks the copy of the current file that Restore makes first.
const beforeRestore = "-before-restore"

// Backup is one backup file of a database.
type Backup struct {
	Path string
	// Time is when it was made, read from its name (local time).
	Time time.Time
	Size int64
	// BeforeRestore is true for the copy of the database Restore made before it
	// replaced it.
	BeforeRestore bool
}

// BackupDir is where the backups of the database at dbPath live: a "backups"
// folder beside it.
func BackupDir(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), "backups") }

// backupPrefix starts the name of every backup of dbPath: "rapport-" for rapport.db.
func backupPrefix(dbPath string) string {
	base := filepath.Base(dbPath)
	return strings.TrimSuffix(base, filepath.Ext(base)) + "-"
}

// ListBackups lists the backups of the database at dbPath, newest first. A missing
// backup folder is no backups.
func ListBackups(dbPath string) ([]Backup, error) {
	dir := BackupDir(dbPath)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list the backups in %s: %w", dir, err)
	}
	prefix := backupPrefix(dbPath)
	var out []Backup
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, ".db") {
			continue
		}
		rest := strings.TrimSuffix(strings.TrimPrefix(name, prefix), ".db")
		if len(rest) < len(backupStamp) {
			continue
		}
		t, err := time.ParseInLocation(backupStamp, rest[:len(backupStamp)], time.Local)
		if err != nil {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, Backup{Path: filepath.Join(dir, name), Time: t, Size: info.Size(),
			BeforeRestore: strings.Contains(rest, beforeRestore)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Time.Equal(out[j].Time) {
			return out[i].Time.After(out[j].Time)
		}
		return out[i].Path > out[j].Path
	})
	return out, nil
}

// latestBackup is the newest backup of dbPath that CheckBackup accepts, "" for none.
func latestBackup(dbPath string) string {
	bs, _ := ListBackups(dbPath)
	for _, b := range bs {
		if CheckBackup(b.Path) == nil {
			return b.Path
		}
	}
	return ""
}

// CheckBackup makes sure, without writing to it, that path is a sound Rapport
// database of a schema version this Rapport knows. It returns an *OpenError when not.
func CheckBackup(path string) error {
	v, err := inspect(path)
	if errors.Is(err, fs.ErrNotExist) {
		if _, serr := os.Stat(path); serr == nil {
			return &OpenError{Path: path, Reason: "it is empty, not a Rapport database"}
		}
		return &OpenError{Path: path, Reason: "it does not exist", Err: err}
	}
	if err != nil {
		return err
	}
	if v == 0 {
		return &OpenError{Path: path, Reason: "it is not a Rapport database: it has no Rapport schema"}
	}
	return nil
}

// freeName is dir/prefix+stamp+suffix+".db", or with "-2", "-3"… after the stamp
// when that is taken (two backups in one second).
func freeName(dir, prefix, stamp, suffix string) string {
	for i := 1; ; i++ {
		n := stamp
		if i > 1 {
			n = fmt.Sprintf("%s-%d", stamp, i)
		}
		p := filepath.Join(dir, prefix+n+suffix+".db")
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p
		}
	}
}

// Backup writes a consistent copy of the database into BackupDir (owner-only) and
// returns its path. It runs while the store is in use: SQLite's VACUUM INTO reads
// one snapshot. The copy is written beside its final name and renamed, so a crash
// never leaves a half backup under a backup's name.
func (s *Store) Backup(ctx context.Context) (string, error) {
	s.backingUp.Lock()
	defer s.backingUp.Unlock()
	dir := BackupDir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("back up: create %s: %w", dir, err)
	}
	final := freeName(dir, backupPrefix(s.path), s.Now().In(time.Local).Format(backupStamp), "")
	tmp := final + ".tmp"
	if err := vacuumInto(ctx, s.db, tmp); err != nil {
		return "", fmt.Errorf("back up to %s: %w", final, err)
	}
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("back up to %s: %w", final, err)
	}
	syncDir(dir)
	return final, nil
}

// vacuumInto writes a compact copy of db's main database to path (owner-only,
// synced to disk). path must not exist or be empty.
func vacuumInto(ctx context.Context, db *sql.DB, path string) error {
	// SQLite would create the file world-readable: create it owner-only first.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return err
	}
	if err := syncFile(path); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

// BackupIfDue makes the day's backup when none was made yet on the store's local
// day, then deletes all but the newest keep backups. It returns the new backup's
// path, or "" when one was already made today.
func (s *Store) BackupIfDue(ctx context.Context, keep int) (string, error) {
	bs, err := ListBackups(s.path)
	if err != nil {
		return "", err
	}
	today := s.Now().In(time.Local).Format(time.DateOnly)
	for _, b := range bs {
		if !b.BeforeRestore && b.Time.Format(time.DateOnly) == today {
			return "", nil
		}
	}
	p, err := s.Backup(ctx)
	if err != nil {
		return "", err
	}
	return p, pruneBackups(s.path, keep)
}

// pruneBackups deletes all but the newest keep backups of dbPath.
func pruneBackups(dbPath string, keep int) error {
	if keep < 1 {
		keep = 1
	}
	bs, err := ListBackups(dbPath)
	if err != nil {
		return err
	}
	for i := keep; i < len(bs); i++ {
		if err := os.Remove(bs[i].Path); err != nil {
			return fmt.Errorf("delete the old backup %s: %w", bs[i].Path, err)
		}
		os.Remove(bs[i].Path + "-wal")
	}
	return nil
}

// Restore replaces the database at dbPath with the backup at backupPath. The store
// on dbPath must be closed (and reopened afterwards). The backup is checked first;
// the current file, if any, is copied into BackupDir; the backup is written beside
// dbPath and renamed over it, so a crash leaves either the old file or the new one.
func Restore(dbPath, backupPath string) error {
	if err := CheckBackup(backupPath); err != nil {
		return fmt.Errorf("restore: %w; nothing was changed", err)
	}
	dir := BackupDir(dbPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("restore: create %s: %w; nothing was changed", dir, err)
	}
	if st, err := os.Stat(dbPath); err == nil && st.Size() > 0 {
		keep := freeName(dir, backupPrefix(dbPath), time.Now().Format(backupStamp), beforeRestore)
		if err := copyFile(dbPath, keep); err != nil {
			return fmt.Errorf("restore: keep a copy of the current database: %w; nothing was changed", err)
		}
		if _, err := os.Stat(dbPath + "-wal"); err == nil {
			if err := copyFile(dbPath+"-wal", keep+"-wal"); err != nil {
				return fmt.Errorf("restore: keep a copy of the current database: %w; nothing was changed", err)
			}
		}
	}
	// A clean copy of the backup (its -wal, if any, folded in), read-only from it.
	tmp := dbPath + ".restoring"
	src, err := sql.Open("sqlite", readOnlyDSN(backupPath))
	if err != nil {
		return fmt.Errorf("restore: read %s: %w; nothing was changed", backupPath, err)
	}
	err = vacuumInto(context.Background(), src, tmp)
	src.Close()
	if err != nil {
		return fmt.Errorf("restore: copy %s: %w; nothing was changed", backupPath, err)
	}
	// The old file's write-ahead log must not be replayed onto the restored file.
	for _, ext := range []string{"-wal", "-shm"} {
		if err := os.Remove(dbPath + ext); err != nil && !errors.Is(err, fs.ErrNotExist) {
			os.Remove(tmp)
			return fmt.Errorf("restore: %w; nothing was changed", err)
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore: %w", err)
	}
	syncDir(filepath.Dir(dbPath))
	return nil
}

// copyFile copies src to a new owner-only file dst and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(dst)
		return err
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// syncDir makes a rename in dir durable; where a folder cannot be synced (some
// systems), the rename is still atomic.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync() //nolint:errcheck // best effort, see above
		f.Close()
	}
}
