package ui

import (
	"fmt"
	"io"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/rapport-app/rapport/data/export"
)

// exportCalendar is the export of planned follow-ups as an .ics file.
const exportCalendar = "calendar"

// icsDays is how far ahead the calendar export reaches.
const icsDays = 90

// exportScreen is Settings → Export: every table as CSV for a spreadsheet, and the
// planned follow-ups as a calendar file. Files are written readable by their owner
// only, since they hold customers' details.
type exportScreen struct {
	u      *UI
	status *widget.Label
	root   fyne.CanvasObject
}

var exportLabels = map[string]string{
	"customers":    "Customers",
	"sales":        "Sales",
	"issues":       "Issues",
	"followups":    "Follow-ups",
	exportCalendar: "Calendar of planned follow-ups",
}

func newExportScreen(u *UI) *exportScreen {
	s := &exportScreen{u: u}
	s.status = wrapped("")
	s.status.Importance = widget.SuccessImportance
	csvBox := container.NewVBox(wrapped("A CSV file opens in any spreadsheet. Cells that a spreadsheet would run as a formula " +
		"(starting with =, +, - or @) get a leading ' so that they stay text."))
	for _, kind := range export.Kinds() {
		csvBox.Add(widget.NewButtonWithIcon(exportLabels[kind]+" (CSV)…", theme.DocumentSaveIcon(), func() { s.onExport(kind) }))
	}
	ics := container.NewVBox(wrapped(fmt.Sprintf("The follow-ups planned for the next %d days as an .ics file for Google Calendar, Apple Calendar "+
		"or Outlook: one event per follow-up, at the customer's own time, with what to talk about.", icsDays)),
		widget.NewButtonWithIcon(exportLabels[exportCalendar]+" (.ics)…", theme.CalendarIcon(), func() { s.onExport(exportCalendar) }))
	s.root = container.NewVScroll(container.NewVBox(card("Spreadsheets", csvBox), card("Calendar", ics), s.status))
	return s
}

func (s *exportScreen) content() fyne.CanvasObject { return s.root }

// fileName suggests a name: "rapport-customers-2026-11-23.csv".
func (s *exportScreen) fileName(kind string) string {
	ext := ".csv"
	if kind == exportCalendar {
		ext = ".ics"
	}
	return "rapport-" + kind + "-" + s.u.now().Format(time.DateOnly) + ext
}

func (s *exportScreen) onExport(kind string) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			s.u.showError(fmt.Errorf("export: %w", err))
			return
		}
		if w == nil {
			return
		}
		uri := w.URI()
		if uri.Scheme() == "file" {
			// Written again through WriteFilePrivate: mode 0600, and a new file put in
			// place whole. The dialog has already created (or emptied) the file, so a
			// failed export removes it rather than leave an empty one behind.
			w.Close()
			s.exportTo(kind, uri.Path())
			return
		}
		s.exportToWriter(kind, w)
	}, s.u.win)
	d.SetFileName(s.fileName(kind))
	ext := ".csv"
	if kind == exportCalendar {
		ext = ".ics"
	}
	d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

// write writes kind to w and returns how many rows or events it wrote.
func (s *exportScreen) write(kind string, w io.Writer) (int, error) {
	u := s.u
	if kind == exportCalendar {
		n := u.now()
		from := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, n.Location())
		// The stored plan is exported; the day's first use plans the day first. When
		// that cannot be done, the plan stored is still the one to export.
		u.st.RefreshPlan(u.ctx) //nolint:errcheck // see above
		return export.ICS(u.ctx, u.st, w, from, from.AddDate(0, 0, icsDays+1))
	}
	return export.CSV(u.ctx, u.st, w, kind)
}

// exportTo writes kind to the file at path, off the UI goroutine.
func (s *exportScreen) exportTo(kind, path string) {
	var n int
	s.u.runBusy("Exporting "+exportLabels[kind]+"…", func() error {
		err := export.WriteFilePrivate(path, func(w io.Writer) error {
			var err error
			n, err = s.write(kind, w)
			return err
		})
		if err != nil {
			os.Remove(path) //nolint:errcheck // the export's own error is the one to show
		}
		return err
	}, func() { s.done(kind, n, path) })
}

// exportToWriter is for save locations that are not plain files.
func (s *exportScreen) exportToWriter(kind string, w fyne.URIWriteCloser) {
	var n int
	s.u.runBusy("Exporting "+exportLabels[kind]+"…", func() error {
		var err error
		n, err = s.write(kind, w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			storage.Delete(w.URI()) //nolint:errcheck // the export's own error is the one to show
		}
		return err
	}, func() { s.done(kind, n, w.URI().Name()) })
}

func (s *exportScreen) done(kind string, n int, where string) {
	what := plural(n, "row", "rows")
	if kind == exportCalendar {
		what = plural(n, "follow-up", "follow-ups")
	}
	s.status.SetText(fmt.Sprintf("Exported %s: %s to %s.", exportLabels[kind], what, where))
}
