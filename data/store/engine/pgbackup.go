package engine

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// Backups of a shared shop are the same kind of file as a file's backups: a
// SQLite snapshot (written by a copy, CopyTo), kept in this computer's Rapport
// folder under the server and database they came from, and restorable into
// either engine. A restore into PostgreSQL is one transaction.

// sharedBackupDir is where this computer keeps the backups of the shared shop at
// the URL db: Rapport/backups/HOST-PORT-DBNAME in the user's configuration folder.
func sharedBackupDir(db string) string {
	base, err := os.UserConfigDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "Rapport", "backups", sharedName(db))
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// sharedName names the shared shop at db in a file name: host, port, database.
func sharedName(db string) string {
	u, err := url.Parse(db)
	if err != nil {
		return "shared"
	}
	name := strings.TrimPrefix(u.Path, "/")
	if name == "" {
		name = u.User.Username()
	}
	host := u.Hostname()
	if host == "" {
		host = "local"
	}
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	return unsafeName.ReplaceAllString(host+"-"+port+"-"+name, "_")
}

// sharedDBName is the database's name in the URL db, for a backup's file name.
func sharedDBName(db string) string {
	u, err := url.Parse(db)
	if err != nil || strings.Trim(u.Path, "/") == "" {
		return "shared"
	}
	return unsafeName.ReplaceAllString(strings.Trim(u.Path, "/"), "_")
}

// backupShared writes a SQLite snapshot of the shared shop into its backup folder
// and returns its path; suffix marks a before-restore copy.
func (s *DB) backupShared(ctx context.Context, suffix string) (string, error) {
	dir := BackupDir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("back up: create %s: %w", dir, err)
	}
	final, tmp, err := reserveBackup(dir, backupPrefix(s.path), s.Now().In(time.Local).Format(backupStamp), suffix)
	if err != nil {
		return "", fmt.Errorf("back up into %s: %w", dir, err)
	}
	_, err = s.CopyTo(ctx, tmp)
	os.Remove(LockPath(tmp))
	if err == nil {
		err = syncFile(tmp)
	}
	if err != nil {
		for _, ext := range []string{"", "-wal", "-shm", "-journal"} {
			os.Remove(tmp + ext)
		}
		return "", fmt.Errorf("back up to %s: %w", final, err)
	}
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("back up to %s: %w", final, err)
	}
	syncDir(dir)
	return final, nil
}

// OthersConnectedError refuses a restore of a shared shop while other computers
// have it open.
type OthersConnectedError struct {
	DB     string
	Others []string // how they name themselves ("rapport 1234@desk")
}

func (e *OthersConnectedError) Error() string {
	return fmt.Sprintf("restore: other computers have %s open (%s); close Rapport there first, or restore with --force; nothing was changed",
		e.DB, strings.Join(e.Others, ", "))
}

// RestoreShared replaces the shared shop at the URL db with the backup file at
// backupPath (checked first), in one transaction: other computers see the shop
// as it was or as restored, never half. What the shop held is kept first as a
// before-restore backup. It is refused with an *OthersConnectedError while other
// computers are connected to the database, unless force. steps are the
// migrations written in Go, for a backup made by an older Rapport.
func RestoreShared(ctx context.Context, db, backupPath string, force bool, steps Steps) error {
	if err := CheckBackup(backupPath); err != nil {
		return fmt.Errorf("restore: %w; nothing was changed", err)
	}
	// The backup is read from a copy of its own: opening it migrates an older one.
	tmpDir, err := os.MkdirTemp("", "rapport-restore-")
	if err != nil {
		return fmt.Errorf("restore: %w; nothing was changed", err)
	}
	defer os.RemoveAll(tmpDir)
	tmp := filepath.Join(tmpDir, "backup.db")
	if err := copyInto(backupPath, tmp); err != nil {
		return fmt.Errorf("restore: read %s: %w; nothing was changed", backupPath, err)
	}
	src, _, err := Open(tmp, steps)
	if err != nil {
		return fmt.Errorf("restore: %w; nothing was changed", err)
	}
	defer src.Close()
	dst, _, err := Open(db, steps)
	if err != nil {
		return err
	}
	defer dst.Close()
	if !force {
		others, err := dst.othersConnected(ctx)
		if err != nil {
			return fmt.Errorf("restore: %w; nothing was changed", err)
		}
		if len(others) > 0 {
			return &OthersConnectedError{DB: dst.path, Others: others}
		}
	}
	if _, err := dst.backupShared(ctx, beforeRestore); err != nil {
		return fmt.Errorf("restore: keep a copy of the shop as it is: %w; nothing was changed", err)
	}
	if _, err := copyShop(ctx, src, dst, true); err != nil {
		return fmt.Errorf("restore: %w; nothing was changed", err)
	}
	return nil
}

// pgApplicationName is how this process names itself to the server, so that a
// restore can tell other computers' connections from its own.
var pgApplicationName = func() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("rapport %d@%s", os.Getpid(), host)
}()

// othersConnected lists the other processes connected to the shared shop's
// database.
func (s *DB) othersConnected(ctx context.Context) ([]string, error) {
	return stringsOf(s.db.QueryContext(ctx, `SELECT DISTINCT coalesce(nullif(application_name, ''), 'another program') FROM pg_stat_activity
		WHERE datname = current_database() AND application_name <> current_setting('application_name') AND backend_type = 'client backend' ORDER BY 1`))
}

// pgBackupLock is the key of the advisory lock a computer holds while it makes a
// shared shop's daily backup: one past the write lock's.
const pgBackupLock = pgWriteLock + 1

// SharedBackup is the shared shop's last daily backup: the shop-local day and
// the computer that made it (into its own backups folder).
type SharedBackup struct {
	Day string // "2006-01-02", "" before the first
	By  string
}

// LastSharedBackup is the shared shop's last daily backup, whichever computer
// made it.
func (s *DB) LastSharedBackup(ctx context.Context) (SharedBackup, error) {
	var b SharedBackup
	err := s.db.QueryRowContext(ctx, `SELECT backup_day, backup_by FROM plan_state WHERE id = 1`).Scan(&b.Day, &b.By)
	return b, err
}

// sharedBackupIfDue makes a shared shop's backup of the day, once a day for the
// shop however many computers open it: the first computer to start on a day
// makes it, into its own backups folder, and notes the day and its name in the
// database; the others find the day noted and make none. One backup a day is
// what a file gets, and several computers copying the whole shop each morning
// would only load the server. A session advisory lock keeps two computers that
// start at once from both making it; the day is noted only once the backup is
// whole, so a failed or killed backup is made again by the next start.
func (s *DB) sharedBackupIfDue(ctx context.Context, keep int) (string, error) {
	p, err := s.sharedBackup(ctx, keep)
	if err != nil {
		err = s.Plain(err)
	}
	return p, err
}

func (s *DB) sharedBackup(ctx context.Context, keep int) (string, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	var mine bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(?)`, pgBackupLock).Scan(&mine); err != nil {
		return "", err
	}
	if !mine {
		return "", nil // another computer is making it now
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(?)`, pgBackupLock) //nolint:errcheck // the session's end frees it too
	// The shop's day, in the shop's zone (not this computer's: the computers
	// sharing a shop may be in other zones).
	var zone string
	if err := conn.QueryRowContext(ctx, `SELECT time_zone FROM business WHERE id = 1`).Scan(&zone); err != nil {
		return "", err
	}
	today := s.Now().In(shop.ZoneOr(zone, time.UTC)).Format(time.DateOnly)
	var last string
	if err := conn.QueryRowContext(ctx, `SELECT backup_day FROM plan_state WHERE id = 1`).Scan(&last); err != nil {
		return "", err
	}
	if last == today {
		return "", nil
	}
	p, err := s.Backup(ctx)
	if err != nil {
		return "", err
	}
	host, _ := os.Hostname()
	if _, err := conn.ExecContext(ctx, `UPDATE plan_state SET backup_day = ?, backup_by = ? WHERE id = 1`, today, host); err != nil {
		return p, err
	}
	return p, pruneBackups(s.path, keep)
}
