package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/rapport-app/rapport/assets"
	"github.com/rapport-app/rapport/data/demo"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
)

func runBackup(e *env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("backup takes no arguments: %w", errUsage)
	}
	p, err := e.st.Backup(e.ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.out, "Backed up %s to %s.\n", e.st.Path(), p)
	return nil
}

func runRestore(path string, args []string, stdout io.Writer) error {
	fs := newFlags("restore")
	wait := fs.Duration("wait", engine.DefaultRestoreWait, "how long to wait for commands that have the file open")
	force := fs.Bool("force", false, "a shared shop: restore even while other computers have it open")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("restore takes the backup file to restore: %w", errUsage)
	}
	if engine.IsURL(path) {
		// One transaction on the server: the other computers see the shop as it
		// was or as restored.
		if err := store.RestoreShared(context.Background(), path, pos[0], *force); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Restored %s from %s; the shop as it was is kept in %s.\n", shown(path), pos[0], engine.BackupDir(path))
		return nil
	}
	// Never swap the file under an open window: it is refused at once, as the
	// window stays open. Commands are waited for (the use lock, in Restore).
	lock, err := engine.AcquireLock(path)
	if err != nil {
		return err
	}
	defer lock.Release()
	if err := store.RestoreWaiting(path, pos[0], *wait); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Restored %s from %s; the file it replaced is kept in %s.\n", path, pos[0], engine.BackupDir(path))
	return nil
}

func runBackups(path string, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("backups takes no arguments: %w", errUsage)
	}
	// What a killed backup or restore left is cleared first (when nobody has the
	// file open), so that the folder holds only the backups listed.
	if engine.IsURL(path) {
		// A shared shop's backups are this computer's, in its Rapport folder.
	} else if err := engine.CleanUp(path); err != nil {
		return err
	}
	bs, err := engine.ListBackups(path)
	if err != nil {
		return err
	}
	if len(bs) == 0 {
		fmt.Fprintf(stdout, "No backups of %s yet.\n", shown(path))
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MADE\tSIZE\tFILE")
	for _, b := range bs {
		note := ""
		if b.BeforeRestore {
			note = " (before a restore)"
		}
		fmt.Fprintf(tw, "%s\t%d KB\t%s%s\n", b.Time.Format("2006-01-02 15:04"), (b.Size+1023)/1024, b.Path, note)
	}
	return tw.Flush()
}

func runDemo(e *env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("demo takes no arguments: %w", errUsage)
	}
	if err := demo.Seed(e.ctx, e.st, assets.SampleLogo); err != nil {
		return err
	}
	cs, err := e.st.SearchCustomers(e.ctx, "")
	if err != nil {
		return err
	}
	items, err := e.st.Agenda(e.ctx, time.Unix(0, 0), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.out, "Demo shop created in %s: %d customers, %d follow-ups planned.\n", e.st.Path(), cs.Len(), len(items))
	return nil
}
