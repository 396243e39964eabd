package ui

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
)

// layoutBackup is how a backup's time is shown.
const layoutBackup = "Mon 2 Jan 2006, 15:04"

// backupLabel names a backup for people: when it was made and how big it is.
func backupLabel(b engine.Backup) string {
	s := fmt.Sprintf("%s  ·  %s", b.Time.Format(layoutBackup), sizeLabel(b.Size))
	if b.BeforeRestore {
		s += "  ·  the file before a restore"
	}
	return s
}

func sizeLabel(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", (n+1023)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// backupsPanel is the Backups sub-tab of Settings: the list of backups, "Back up
// now" and "Restore…". A restore closes the store, swaps the file and opens the
// restored one in its place, so the window goes on with the restored data.
type backupsPanel struct {
	u          *UI
	backups    []engine.Backup
	selected   int
	list       *widget.List
	backupNow  *widget.Button
	restoreBtn *widget.Button
	status     *widget.Label
	root       fyne.CanvasObject
}

func newBackupsPanel(u *UI) *backupsPanel {
	p := &backupsPanel{u: u, selected: -1}
	p.buildUI()
	return p
}

func (p *backupsPanel) buildUI() {
	intro := wrapped(fmt.Sprintf("Rapport backs up its database each day it starts and keeps the last %d backups, "+
		"in %s. Restoring a backup replaces everything with what was there then; what is there now is kept as a backup first.",
		engine.DefaultKeep, engine.BackupDir(p.u.st.Path())))
	p.list = widget.NewList(func() int { return len(p.backups) },
		func() fyne.CanvasObject {
			return widget.NewLabel("Mon 2 Jan 2006, 15:04 · 100 KB · the file before a restore")
		},
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(backupLabel(p.backups[id])) })
	p.list.OnSelected = p.onSelected
	p.backupNow = widget.NewButtonWithIcon("Back up now", theme.DocumentSaveIcon(), p.onBackupNow)
	p.restoreBtn = widget.NewButtonWithIcon("Restore…", theme.HistoryIcon(), p.onRestore)
	p.restoreBtn.Disable()
	p.status = wrapped("")
	top := container.NewVBox(intro, container.NewHBox(p.backupNow, p.restoreBtn), p.status)
	p.root = container.NewBorder(top, nil, nil, nil, p.list)
}

func (p *backupsPanel) content() fyne.CanvasObject { return p.root }

// reload reads the list of backups.
func (p *backupsPanel) reload() {
	var bs []engine.Backup
	path := p.u.st.Path()
	p.u.run(func() (err error) {
		bs, err = engine.ListBackups(path)
		return err
	}, func() {
		p.backups = bs
		p.selected = -1
		p.list.UnselectAll()
		p.restoreBtn.Disable()
		p.list.Refresh()
		if len(bs) == 0 {
			p.status.SetText("No backups yet.")
		}
	})
}

func (p *backupsPanel) onSelected(id widget.ListItemID) {
	p.selected = id
	p.restoreBtn.Enable()
}

func (p *backupsPanel) onBackupNow() {
	u := p.u
	st := u.st
	var made string
	u.runBusy("Backing up…", func() (err error) {
		made, err = st.Backup(u.ctx)
		return err
	}, func() {
		p.reload()
		p.status.SetText("Backed up to " + made + ".")
	})
}

func (p *backupsPanel) onRestore() {
	if p.selected < 0 || p.selected >= len(p.backups) {
		return
	}
	b := p.backups[p.selected]
	when := b.Time.Format(layoutBackup)
	d := dialog.NewConfirm("Restore a backup",
		"Replace everything in Rapport with the backup of "+when+"?\n"+
			"Sales, issues and changes made since then are not in it. What is there now is kept as a backup first.",
		func(ok bool) {
			if ok {
				p.tryRestore(b)
			}
		}, p.u.win)
	d.SetConfirmText("Restore")
	d.SetConfirmImportance(widget.DangerImportance)
	p.u.present(d, nil, nil)
}

// tryRestore restores b unless background work is still using the store, which
// the restore closes and reopens.
func (p *backupsPanel) tryRestore(b engine.Backup) {
	if p.u.busy.Load() > 0 {
		p.u.showError(errors.New("the window is still planning follow-ups or loading a list; nothing was changed. Try the restore again in a moment"))
		return
	}
	p.restore(b)
}

// restore swaps the database file for backup b and opens it in place of the
// store. When the swap fails the old file, untouched, is opened again.
func (p *backupsPanel) restore(b engine.Backup) {
	u := p.u
	old := u.st
	path, clock := old.Path(), old.Now
	var reopened *store.Store
	act := widget.NewActivity()
	wait := dialog.NewCustomWithoutButtons("Please wait", container.NewHBox(act, widget.NewLabel("Restoring the backup of "+b.Time.Format(layoutBackup)+"…")), u.win)
	act.Start()
	wait.Show()
	watching := u.stopChanges != nil
	u.stopWatching()
	u.async(func() error {
		// Check first, so that a bad backup does not even close the store.
		if err := engine.CheckBackup(b.Path); err != nil {
			return fmt.Errorf("%w; nothing was changed", err)
		}
		if err := old.Close(); err != nil {
			return err
		}
		restoreErr := store.Restore(path, b.Path)
		st, _, err := store.Open(path)
		if err != nil {
			return errors.Join(restoreErr, err)
		}
		st.Now = clock
		reopened = st
		return restoreErr
	}, func(err error) {
		act.Stop()
		wait.Hide()
		if reopened != nil {
			u.st = reopened
			u.ownStore = true
			u.loadShared()
			u.updateTitle()
			u.settingsTab().reload()
			// The restored follow-ups were planned on the day of the backup.
			u.replanInBackground()
		}
		if watching {
			u.watchChanges() // the store reopened, or the old one when the restore failed early
		}
		if err != nil {
			u.showError(err)
			return
		}
		p.status.SetText("Restored the backup of " + b.Time.Format(layoutBackup) + ".")
	})
}

// OpenErrorWindow is the window Rapport shows instead of its main window when it
// cannot start on its database: what is wrong, and, when restore is not nil and
// the error names a backup, a button that restores it. The caller shows it.
func OpenErrorWindow(a fyne.App, err error, restore func(backup string) error) fyne.Window {
	return newOpenErrorWindow(a, err, restore, fyne.Do)
}

func newOpenErrorWindow(a fyne.App, err error, restore func(backup string) error, do func(func())) fyne.Window {
	a.Settings().SetTheme(newTheme())
	w := a.NewWindow("Rapport")
	w.SetMaster()
	err = engine.Explain(err)
	msg := wrapped(sentence(err.Error()) + ".")
	status := wrapped("")
	quit := widget.NewButton("Quit", w.Close)
	buttons := container.NewHBox(quit)
	title := "Rapport cannot open its database"

	var iu *engine.InUseError
	var oe *engine.OpenError
	switch {
	case errors.As(err, &iu):
		title = "Rapport is already open"
		msg.SetText(sentence(err.Error()) + ".\nSwitch to that window, or close it and start Rapport again.")
	case errors.As(err, &oe) && oe.Backup != "" && restore != nil:
		when := oe.Backup
		if bs, lerr := engine.ListBackups(oe.Path); lerr == nil {
			for _, b := range bs {
				if b.Path == oe.Backup {
					when = b.Time.Format(layoutBackup)
				}
			}
		}
		status.SetText("The latest good backup is from " + when + ". Restoring it puts it in place of the file; " +
			"the file as it is now is kept in the backups folder.")
		var restoreBtn *widget.Button
		restoreBtn = widget.NewButtonWithIcon("Restore the backup of "+when, theme.HistoryIcon(), func() {
			restoreBtn.Disable()
			status.SetText("Restoring…")
			go func() {
				err := restore(oe.Backup)
				do(func() {
					if err != nil {
						restoreBtn.Enable()
						status.SetText(sentence(engine.Explain(err).Error()) + ".")
						return
					}
					restoreBtn.Hide()
					status.SetText("The backup of " + when + " is restored. Start Rapport again to open it.")
				})
			}()
		})
		restoreBtn.Importance = widget.HighImportance
		buttons = container.NewHBox(restoreBtn, quit)
	case errors.As(err, &oe):
		status.SetText("There is no backup of it to restore. The file was left as it is.")
	}
	icon := widget.NewIcon(theme.WarningIcon())
	head := heading(title)
	head.Truncation = fyne.TextTruncateOff
	body := container.NewVBox(head, msg, status, container.NewCenter(buttons))
	w.SetContent(container.NewPadded(container.NewBorder(nil, nil, container.NewVBox(icon), nil, body)))
	w.Resize(fyne.NewSize(560, 260))
	return w
}
