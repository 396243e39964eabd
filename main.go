// Rapport plans follow-ups with a small shop's customers and prints its letters.
// main stays thin: it is the only importer of fyne.io/fyne/v2/app (which needs cgo
// and the X11/GL headers), so everything else builds and tests without cgo.
package main

import (
	"os"

	// First of all: keeps Fyne from logging about a C.UTF-8 locale while it starts
	// (see the package's comment for why it is imported, and named, so).
	_ "early.rapport.app/locale"

	"fyne.io/fyne/v2/app"

	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/ui"
	"github.com/rapport-app/rapport/ui/cli"
)

func main() {
	os.Exit(cli.MainWindows(os.Args[1:], os.Stdout, os.Stderr, cli.Windows{
		Main: func(st *store.Store) error {
			ui.New(app.NewWithID(ui.AppID), st).ShowAndRun()
			return nil
		},
		Error: func(err error, restore func(backup string) error) {
			ui.OpenErrorWindow(app.NewWithID(ui.AppID), err, restore).ShowAndRun()
		},
		First: func(open cli.Opener) error {
			ui.FirstStart(app.NewWithID(ui.AppID), ui.Opener(open)).ShowAndRun()
			return nil
		},
		AskPassword: func(db string, err error, open cli.Opener) error {
			ui.AskPassword(app.NewWithID(ui.AppID), db, err, ui.Opener(open)).ShowAndRun()
			return nil
		},
	}))
}
