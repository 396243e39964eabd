package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"

	"github.com/rapport-app/rapport/assets"
	"github.com/rapport-app/rapport/data/demo"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
)

// Windows are the windows a start of Rapport without a command may show.
type Windows struct {
	// Main is the main window on the open shop.
	Main GUI
	// Error shows why the shop could not be opened.
	Error ErrorWindow
	// First, when not nil, is shown at the first start on this computer (no
	// shop chosen, no file yet) instead of opening the demo shop: the user
	// chooses this computer's own shop or a shared one.
	First Chooser
	// AskPassword, when not nil, asks for the password of the shared shop at db
	// when its server refused the one it had or wanted one (err).
	AskPassword func(db string, err error, open Opener) error
}

// Opener opens the shop chosen in a start window: "" for this computer's own
// file, or the address of a shared shop. The store stays open, with the day's
// backup running beside it, until the windows are closed.
type Opener func(db string) (*store.Store, error)

// Chooser shows the first-start window, where open opens the shop chosen and the
// main window takes over on it; it returns when the windows are closed.
type Chooser func(open Opener) error

// firstStart reports whether the window starts for the first time on this
// computer: the default file, not there yet.
func firstStart(path string) bool {
	_, err := os.Stat(path)
	return errors.Is(err, fs.ErrNotExist)
}

// runFirstStart shows the first-start window. This computer's own shop is the
// default file, made with the demo shop; a shared shop is opened as it is (never
// seeded) and becomes the one this computer opens from then on.
func runFirstStart(path string, now time.Time, choose Chooser) error {
	o := newOpenings(now)
	defer o.close()
	return choose(func(db string) (*store.Store, error) {
		if db == "" {
			return o.open(path, true)
		}
		st, err := o.open(db, false)
		if err == nil {
			// Remembered only once it opened: a mistyped address is not kept.
			if err = engine.SetSharedShop(engine.RedactURL(db)); err != nil {
				return nil, err
			}
		}
		return st, err
	})
}

// runAskPassword asks for the password of the shared shop at db and opens it.
func runAskPassword(db string, refused error, now time.Time, ask func(string, error, Opener) error) error {
	o := newOpenings(now)
	defer o.close()
	return ask(engine.RedactURL(db), refused, func(string) (*store.Store, error) { return o.open(db, false) })
}

// openings are the shops a start window opened, each with its lock (a file's)
// and its day's backup, all closed when the windows are.
type openings struct {
	now     time.Time
	mu      sync.Mutex
	stores  []*store.Store
	locks   []*engine.Lock
	backups sync.WaitGroup
}

func newOpenings(now time.Time) *openings { return &openings{now: now} }

// open opens the shop at db, taking the window's lock on a file first; a new
// file is seeded with the demo shop when seed.
func (o *openings) open(db string, seed bool) (*store.Store, error) {
	lock, err := engine.AcquireLock(db)
	if err != nil {
		return nil, err
	}
	st, created, err := store.Open(db)
	if err != nil {
		lock.Release()
		return nil, err
	}
	if !o.now.IsZero() {
		st.Now = func() time.Time { return o.now }
	}
	ctx := context.Background()
	if created && seed {
		if err := demo.Seed(ctx, st, assets.SampleLogo); err != nil {
			st.Close()
			lock.Release()
			return nil, err
		}
	}
	o.mu.Lock()
	o.stores = append(o.stores, st)
	o.locks = append(o.locks, lock)
	o.mu.Unlock()
	o.backups.Add(1)
	go func() {
		defer o.backups.Done()
		if _, err := st.BackupIfDue(ctx, engine.DefaultKeep); err != nil {
			fmt.Fprintf(os.Stderr, "rapport: the daily backup failed: %v\n", engine.Explain(err))
		}
	}()
	return st, nil
}

// close waits for the backups, then closes the stores and lets go of the locks.
func (o *openings) close() {
	o.backups.Wait()
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, st := range o.stores {
		st.Close()
	}
	for _, l := range o.locks {
		l.Release()
	}
}
