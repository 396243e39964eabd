package engine

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

// DefaultRestoreWait is how long Restore waits for the processes that have the
// database open (a command that imports, a backup) to finish.
const DefaultRestoreWait = 30 * time.Second

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
//
// A shared shop's (a PostgreSQL URL) are in this computer's Rapport folder.
func BackupDir(dbPath string) string {
	if IsURL(dbPath) {
		return sharedBackupDir(dbPath)
	}
	return filepath.Join(filepath.Dir(dbPath), "backups")
}

// backupPrefix starts the name of every backup of dbPath: "rapport-" for rapport.db.
func backupPrefix(dbPath string) string {
	if IsURL(dbPath) {
		return sharedDBName(dbPath) + "-"
	}
	base := filepath.Base(dbPath)
	return strings.TrimSuffix(base, filepath.Ext(base)) + "-"
}

// ListBackups lists the backups of the database at dbPath, newest first: the files
// of the backups folder named as its backups that are whole SQLite files (a copy
// cut short by a crash is left out). A missing backup folder is no backups.
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
		if !e.Type().IsRegular() || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, ".db") {
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
		p := filepath.Join(dir, name)
		if kind, err := lookFile(p); err != nil || kind != fileSQLite {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, Backup{Path: p, Time: t, Size: info.Size(), BeforeRestore: strings.Contains(rest, beforeRestore)})
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
// database (every page read) of a schema version this Rapport knows. It returns
// an *OpenError when not.
func CheckBackup(path string) error {
	kind, v, err := look(path, true)
	if err != nil {
		return err
	}
	switch {
	case kind == fileMissing:
		return &OpenError{Path: path, Reason: "it does not exist", Err: fs.ErrNotExist}
	case kind == fileZero:
		return &OpenError{Path: path, Reason: "it is empty, not a Rapport database"}
	case kind == fileBlank || v == 0:
		return &OpenError{Path: path, Reason: "it is not a Rapport database: it has no Rapport schema"}
	}
	return nil
}

// reserveBackup makes, owner-only and empty, the temporary file of a new backup in
// dir, and returns it with the name it gets when whole: prefix+stamp+suffix+".db",
// or with "-2", "-3"… after the stamp when that is taken (two backups in one
// second, or by two processes).
func reserveBackup(dir, prefix, stamp, suffix string) (final, tmp string, err error) {
	for i := 1; ; i++ {
		n := stamp
		if i > 1 {
			n = fmt.Sprintf("%s-%d", stamp, i)
		}
		final = filepath.Join(dir, prefix+n+suffix+".db")
		if _, err := os.Lstat(final); !errors.Is(err, fs.ErrNotExist) {
			continue
		}
		tmp = final + ".tmp"
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue // another backup is being written under that name
		}
		if err != nil {
			return "", "", err
		}
		f.Close()
		return final, tmp, nil
	}
}

// Backup checks every page of the database (PRAGMA quick_check: the daily check)
// and writes a consistent copy of it into BackupDir (owner-only); it returns the
// copy's path. A damaged database is not backed up, so that the good backups are
// kept. It runs while the store is in use: SQLite's VACUUM INTO reads one
// snapshot. The copy is written to a temporary name beside its final one and
// renamed, so a crash never leaves a half backup under a backup's name (what it
// leaves is cleared by the next Open or Restore).
func (s *DB) Backup(ctx context.Context) (string, error) {
	s.backingUp.Lock()
	defer s.backingUp.Unlock()
	if s.closed {
		return "", errors.New("back up: the database is closed")
	}
	if s.pg {
		return s.backupShared(ctx, "")
	}
	if err := s.checkPages(ctx); err != nil {
		return "", err
	}
	dir := BackupDir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("back up: create %s: %w", dir, err)
	}
	final, tmp, err := reserveBackup(dir, backupPrefix(s.path), s.Now().In(time.Local).Format(backupStamp), "")
	if err != nil {
		return "", fmt.Errorf("back up into %s: %w", dir, err)
	}
	if err := vacuumInto(ctx, s.db, tmp); err != nil {
		return "", fmt.Errorf("back up to %s: %w", final, s.Plain(err))
	}
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("back up to %s: %w", final, err)
	}
	syncDir(dir)
	return final, nil
}

// checkPages reads every page of the open database (PRAGMA quick_check), the check
// Open leaves to the daily backup.
func (s *DB) checkPages(ctx context.Context) error {
	err := quickCheck(s.db)
	if err == nil {
		return nil
	}
	if _, _, isDriver := driverError(err); isDriver {
		if serr := s.Plain(err); serr != err {
			return fmt.Errorf("back up: %w", serr)
		}
	}
	msg := "back up: the database is damaged (SQLite's check of every page failed), so no backup was made and the good ones are kept; " +
		"restore the latest backup (rapport backups lists them)"
	return &StorageError{Msg: msg, Err: err}
}

// vacuumInto writes a compact copy of db's main database to path, which must be an
// empty file made owner-only (SQLite would make it world-readable), and syncs it.
// On failure path is removed.
func vacuumInto(ctx context.Context, db *sql.DB, path string) error {
	_, err := db.ExecContext(ctx, `VACUUM INTO ?`, path)
	if err == nil {
		err = syncFile(path)
	}
	if err != nil {
		os.Remove(path)
		os.Remove(path + "-journal")
	}
	return err
}

// BackupIfDue makes the day's backup when none was made yet on the store's local
// day, then deletes all but the newest keep backups. It returns the new backup's
// path, or "" when one was already made today.
func (s *DB) BackupIfDue(ctx context.Context, keep int) (string, error) {
	if s.pg {
		return s.sharedBackupIfDue(ctx, keep) // once a day for the shop (pgbackup.go)
	}
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
		if err := os.Remove(bs[i].Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("delete the old backup %s: %w", bs[i].Path, err)
		}
		os.Remove(bs[i].Path + "-wal")
		os.Remove(bs[i].Path + "-shm")
	}
	return nil
}

// restoring is the temporary name of the file Restore puts in place.
func restoring(dbPath string) string { return dbPath + ".restoring" }

// Restore replaces the database at dbPath with the backup at backupPath.
// The backup is checked first (every page). Then it takes the use lock
// exclusive, waiting up to wait for every process that has the database open
// (stores of this process too: close them first) and refusing with a *BusyError
// that names them when they do not finish. The current file, if any, is copied
// into BackupDir (its -wal folded in first when it is sound); the backup is
// written beside dbPath and renamed over it. A crash leaves the old file or the
// new one, and the copy of the old one is whole or not there; what a crash
// leaves beside them is cleared by the next Open or Restore.
//
// A shared shop (a PostgreSQL URL) is restored by RestoreShared, refused while
// other computers have it open; wait does not apply, and steps are the
// migrations written in Go for a backup made by an older Rapport.
func Restore(dbPath, backupPath string, wait time.Duration, steps Steps) error {
	if IsURL(dbPath) {
		return RestoreShared(context.Background(), dbPath, backupPath, false, steps)
	}
	if err := CheckBackup(backupPath); err != nil {
		return fmt.Errorf("restore: %w; nothing was changed", err)
	}
	if st, err := os.Stat(dbPath); err == nil {
		if reason := notRegular(st.Mode()); reason != "" {
			return fmt.Errorf("restore: %s %s, not a Rapport database; Rapport does not replace it, so nothing was changed", dbPath, strings.TrimPrefix(reason, "it "))
		}
	}
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o700); err != nil {
		return fmt.Errorf("restore: %w; nothing was changed", err)
	}
	lk, err := openLockFile(LockPath(dbPath))
	if err != nil {
		return fmt.Errorf("restore: %w; nothing was changed", err)
	}
	defer lk.close()
	if ok, err := lk.lock(exclusive, wait); err != nil {
		return fmt.Errorf("restore: %w; nothing was changed", err)
	} else if !ok {
		return lk.busy(dbPath, "restore", wait)
	}
	tidy(dbPath)
	dir := BackupDir(dbPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("restore: create %s: %w; nothing was changed", dir, err)
	}
	if st, err := os.Stat(dbPath); err == nil && st.Size() > 0 {
		// A sound file is made whole in itself first, so that its copy is one file
		// and no -wal of it is left to drop.
		if kind, _, err := look(dbPath, false); err == nil && (kind == fileCurrent || kind == fileOlder) && walHasContent(dbPath) {
			checkpoint(dbPath)
		}
		if err := keepCopy(dbPath, dir); err != nil {
			return fmt.Errorf("restore: keep a copy of the current database: %w; nothing was changed", err)
		}
	}
	// A clean copy of the backup (its -wal, if any, folded in), read-only from it.
	tmp := restoring(dbPath)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("restore: %w; nothing was changed", err)
	}
	f.Close()
	src, err := sql.Open("sqlite", readOnlyDSN(backupPath))
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore: read %s: %w; nothing was changed", backupPath, err)
	}
	err = vacuumInto(context.Background(), src, tmp)
	src.Close()
	if err != nil {
		return fmt.Errorf("restore: copy %s: %w; nothing was changed", backupPath, Explain(err))
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

// checkpoint folds the -wal of the database at path into it; best effort (a copy
// of the file and its -wal is kept either way).
func checkpoint(path string) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return
	}
	db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`) //nolint:errcheck // see above
	db.Close()
}

// keepCopy copies the database at dbPath (and its -wal, if any) into dir as a
// before-restore backup. Each copy is written under a temporary name, synced and
// renamed, the -wal first: a crash never leaves a copy cut short under a backup's
// name.
func keepCopy(dbPath, dir string) error {
	final, tmp, err := reserveBackup(dir, backupPrefix(dbPath), time.Now().Format(backupStamp), beforeRestore)
	if err != nil {
		return err
	}
	if err := copyInto(dbPath, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if walHasContent(dbPath) {
		walTmp := final + "-wal.tmp"
		err := copyInto(dbPath+"-wal", walTmp)
		if err == nil {
			err = os.Rename(walTmp, final+"-wal")
		}
		if err != nil {
			os.Remove(walTmp)
			os.Remove(tmp)
			return err
		}
	}
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		os.Remove(final + "-wal")
		return err
	}
	syncDir(dir)
	return nil
}

// copyInto copies src into dst (made owner-only, or empty and reserved) and syncs it.
func copyInto(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// tidy removes what a killed backup or restore of the database at dbPath left:
// the file a restore was writing, the temporary files of backups, and a copied
// -wal whose database copy never got its name. It runs only with the use lock
// exclusive, when no backup or restore of the file can be under way.
func tidy(dbPath string) {
	for _, ext := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(restoring(dbPath) + ext)
	}
	dir := BackupDir(dbPath)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := backupPrefix(dbPath)
	names := map[string]bool{}
	for _, e := range entries {
		names[e.Name()] = true
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || !e.Type().IsRegular() {
			continue
		}
		leftover := false
		for _, suf := range []string{".db.tmp", ".db.tmp-journal", ".db.tmp-wal", ".db.tmp-shm", ".db-wal.tmp"} {
			leftover = leftover || strings.HasSuffix(name, suf)
		}
		if strings.HasSuffix(name, ".db-wal") && !names[strings.TrimSuffix(name, "-wal")] {
			leftover = true
		}
		// What SQLite makes beside a backup it reads (CheckBackup) is not needed
		// once nobody reads it, as now.
		if strings.HasSuffix(name, ".db-shm") {
			leftover = true
		}
		if leftover {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

// CleanUp clears what a killed backup or restore of the database at dbPath left
// behind, when no process has the database open (else it leaves it for later).
func CleanUp(dbPath string) error {
	if IsURL(dbPath) {
		return nil // nothing of a shared shop lies beside a file
	}
	if _, err := os.Stat(dbPath); err != nil {
		return nil
	}
	lk, err := openLockFile(LockPath(dbPath))
	if err != nil {
		return err
	}
	defer lk.close()
	if ok, err := lk.lock(exclusive, 0); err != nil || !ok {
		return err
	}
	tidy(dbPath)
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
