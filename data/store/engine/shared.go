package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// sharedShopFile is where this computer notes the shared shop it opens when no
// --db or RAPPORT_DB names one: Rapport/shared-shop in the user's configuration
// folder, one PostgreSQL URL without a password.
func sharedShopFile() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user's data folder: %w", err)
	}
	return filepath.Join(dir, "Rapport", "shared-shop"), nil
}

// SharedShop is the shared shop (a PostgreSQL URL) this computer opens by
// default, "" for its own file (DefaultPath).
func SharedShop() string {
	p, err := sharedShopFile()
	if err != nil {
		return ""
	}
	b, err := os.ReadFile(p)
	if db := strings.TrimSpace(string(b)); err == nil && IsURL(db) {
		return db
	}
	return ""
}

// SetSharedShop makes the shared shop at the URL db the one this computer opens
// by default from its next start ("" goes back to its own file). A URL with a
// password is refused: the password belongs in ~/.pgpass or PGPASSWORD, never
// in a file Rapport writes.
func SetSharedShop(db string) error {
	p, err := sharedShopFile()
	if err != nil {
		return err
	}
	db = strings.TrimSpace(db)
	if db == "" {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	if !IsURL(db) {
		return fmt.Errorf("%q is not a PostgreSQL address (postgres://user@host:5432/dbname)", db)
	}
	if RedactURL(db) != db {
		return errors.New("the address has a password in it; Rapport never keeps one: put it in ~/.pgpass (or PGPASSWORD) and give the address without it")
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".shared-shop.*") // owner-only
	if err != nil {
		return err
	}
	_, err = tmp.WriteString(db + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
