package ui

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/importer"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
)

// Import kinds as the importer offers them.
const (
	importCustomers = "Customers"
	importSales     = "Sales"
	importVCard     = "Contacts (vCard)"
	importIssues    = "Issues"
)

// noColumn is the choice that leaves a field out of the import.
const noColumn = "(not imported)"

// previewRows is how many rows the preview table shows.
const previewRows = 20

// importScreen is Settings → Import: choose a file and what it holds, check how its
// columns map to Rapport's fields, look at the preview with every bad row, import
// it in one go, and take it back with Undo. The rules live in data (GuessMapping,
// PreviewImport, ImportMapped, UndoImport); this only shows them.
type importScreen struct {
	u *UI

	kind     *widget.Select
	choose   *widget.Button
	fileName *widget.Label

	file    *importer.CSVFile
	mapping importer.Mapping

	source       *widget.Label
	selects      map[string]*widget.Select
	decimalComma *widget.Check
	dayFirst     *widget.Check
	update       *widget.Check
	// skipBad imports the good rows of a file with bad ones, leaving those out.
	skipBad     *widget.Check
	mappingForm *fyne.Container

	assumptions *widget.Label
	summary     *widget.Label
	errorsText  *widget.Label
	table       *widget.Table
	// rowDetail is the preview row picked, whole: the table cuts long cells.
	rowDetail *widget.Label
	tableBox  *fyne.Container
	preview   importer.Preview
	// previews counts the previews started; only the newest one is shown, whichever
	// finishes last.
	previews int

	importBtn *widget.Button
	result    *widget.Label
	// fixes offers each customer row the last import left out, to add by hand
	// with what the row held.
	fixes   *fyne.Container
	undoBtn *widget.Button
	last    store.ImportBatch
	logBox  *fyne.Container // the newest imports, each with its Undo

	root fyne.CanvasObject
}

func newImportScreen(u *UI) *importScreen {
	s := &importScreen{u: u, selects: map[string]*widget.Select{}}
	s.buildUI()
	return s
}

func (s *importScreen) buildUI() {
	s.kind = widget.NewSelect([]string{importCustomers, importSales, importVCard, importIssues}, s.onKindChanged)
	s.kind.SetSelected(importCustomers)
	s.choose = widget.NewButtonWithIcon("Choose file…", theme.FolderOpenIcon(), s.onChoose)
	s.choose.Importance = widget.HighImportance
	s.fileName = widget.NewLabel("No file chosen.")
	intro := wrapped("Bring in customers or sales from a till or web shop (Square, Shopify, or any spreadsheet saved as CSV), " +
		"or contacts from a vCard file. Nothing is stored until you press Import, an import lands whole or not at all, " +
		"and you can undo it afterwards. A customer with the same email or phone as one already stored is merged into them.")
	step1 := card("1. File", container.NewVBox(intro,
		container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel("It holds"), withWidth(200, s.kind), s.choose), nil, s.fileName)))

	s.source = widget.NewLabel("")
	s.decimalComma = widget.NewCheck("Amounts use a decimal comma (1.234,50)", func(bool) { s.onMappingChanged() })
	s.dayFirst = widget.NewCheck("Dates with slashes are day first (23/11/2026)", func(bool) { s.onMappingChanged() })
	s.update = widget.NewCheck("Update customers already stored with the file's values (otherwise only blanks are filled)", func(bool) { s.onMappingChanged() })
	s.mappingForm = container.NewVBox()
	step2 := card("2. Columns", container.NewVBox(s.source, s.mappingForm, s.decimalComma, s.dayFirst, s.update))

	s.assumptions = wrapped("")
	s.summary = bold("")
	s.summary.Wrapping = fyne.TextWrapWord
	s.errorsText = wrapped("")
	s.errorsText.Importance = widget.DangerImportance
	s.table = widget.NewTable(s.tableSize, func() fyne.CanvasObject { return newWordLabel("") }, s.updateCell)
	s.table.ShowHeaderRow = true
	s.table.CreateHeader = func() fyne.CanvasObject { return bold("") }
	s.table.UpdateHeader = s.updateHeader
	s.table.OnSelected = s.onCellSelected
	s.skipBad = widget.NewCheck("Leave the bad rows out and import the others", func(bool) { s.showImportable() })
	s.skipBad.Hide()
	s.rowDetail = wrapped("")
	s.rowDetail.Hide()
	tableBox := container.NewGridWrap(fyne.NewSize(1180, 300), s.table)
	// The table shows once there is a preview to show.
	s.tableBox = container.NewVBox(subtle("Click a row to read it whole."), container.NewHScroll(tableBox))
	s.tableBox.Hide()
	step3 := card("3. Preview", container.NewVBox(s.summary, s.assumptions, s.errorsText, s.skipBad, s.tableBox, s.rowDetail))

	s.importBtn = widget.NewButtonWithIcon("Import", theme.DownloadIcon(), s.onImport)
	s.importBtn.Importance = widget.HighImportance
	s.importBtn.Disable()
	s.result = wrapped("")
	s.result.Importance = widget.SuccessImportance
	s.undoBtn = widget.NewButtonWithIcon("Undo this import", theme.ContentUndoIcon(), s.onUndo)
	s.undoBtn.Hide()
	s.fixes = container.NewVBox()
	step4 := card("4. Import", container.NewVBox(container.NewHBox(s.importBtn, s.undoBtn), s.result, s.fixes))
	s.logBox = container.NewVBox()
	history := card("Earlier imports", s.logBox)

	s.root = container.NewVScroll(container.NewVBox(step1, step2, step3, step4, history))
}

// logShown is how many imports the history lists.
const logShown = 10

// reload shows the import log afresh.
func (s *importScreen) reload() {
	var bs []store.ImportBatch
	s.u.run(func() (err error) {
		bs, err = s.u.st.ImportBatches(s.u.ctx)
		return err
	}, func() { s.showLog(bs) })
}

func (s *importScreen) showLog(bs []store.ImportBatch) {
	s.logBox.Objects = nil
	if len(bs) == 0 {
		s.logBox.Add(widget.NewLabel("None yet."))
	}
	for i, b := range bs {
		if i == logShown {
			s.logBox.Add(widget.NewLabel(fmt.Sprintf("… and %d older; rapport imports lists them all.", len(bs)-logShown)))
			break
		}
		text := fmt.Sprintf("#%d  %s  %s (%s): %s", b.ID, b.At.In(s.u.shopZone()).Format("2006-01-02 15:04"), dashIfEmpty(b.FileName), b.Source, batchCounts(b))
		var right fyne.CanvasObject
		if b.Undone() {
			right = widget.NewLabel("undone")
		} else {
			right = widget.NewButtonWithIcon("Undo", theme.ContentUndoIcon(), func() { s.confirmUndo(b) })
		}
		s.logBox.Add(container.NewBorder(nil, nil, nil, right, newTipLabel(text)))
	}
	s.logBox.Refresh()
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (s *importScreen) content() fyne.CanvasObject { return s.root }

func (s *importScreen) onKindChanged(string) {
	if s.file != nil {
		s.fileName.SetText("Choose the file again for the new kind.")
		s.reset()
	}
}

// reset forgets the file and its preview.
func (s *importScreen) reset() {
	s.file = nil
	s.mappingForm.Objects = nil
	s.root.Refresh()
	s.source.SetText("")
	s.preview = importer.Preview{}
	s.summary.SetText("")
	s.assumptions.SetText("")
	s.errorsText.SetText("")
	s.skipBad.SetChecked(false)
	s.skipBad.Hide()
	s.rowDetail.Hide()
	s.tableBox.Hide()
	s.table.Refresh()
	s.importBtn.Disable()
}

func (s *importScreen) onChoose() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.u.showError(fmt.Errorf("import: %w", err))
			return
		}
		if r == nil {
			return
		}
		s.openFile(r.URI().Name(), r)
	}, s.u.win)
	ext := []string{".csv", ".txt", ".tsv"}
	if s.kind.Selected == importVCard {
		ext = []string{".vcf", ".vcard"}
	}
	d.SetFilter(storage.NewExtensionFileFilter(ext))
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

// openFile reads a file off the UI goroutine, guesses its mapping and previews it.
// It closes r.
func (s *importScreen) openFile(name string, r io.ReadCloser) {
	kind := s.kind.Selected
	var f *importer.CSVFile
	var m importer.Mapping
	s.offerFixes(nil) // a new file: the last import's rows are its own business
	s.u.runBusy("Reading "+name+"…", func() error {
		defer r.Close()
		var err error
		if kind == importVCard {
			if f, err = importer.ReadVCards(r); err != nil {
				return err
			}
			m = importer.VCardMapping()
		} else {
			k := strings.ToLower(kind)
			if f, err = importer.ReadCSV(r, k); err != nil {
				return err
			}
			m = importer.GuessMapping(k, f.Header)
			m.GuessFormats(f)
		}
		f.Name = filepath.Base(name)
		return nil
	}, func() {
		s.file, s.mapping = f, m
		s.fileName.SetText(fmt.Sprintf("%s: %s, %s.", name, plural(len(f.Rows), f.Unit, f.Unit+"s"), plural(len(f.Header), "column", "columns")))
		s.showMapping()
		s.refreshPreview()
	})
}

// showMapping builds a choice of column for each field, set to the guess.
func (s *importScreen) showMapping() {
	m := s.mapping
	switch m.Source {
	case importer.SourceSquare:
		s.source.SetText("This looks like a Square export; the columns are matched to it.")
	case importer.SourceShopify:
		s.source.SetText("This looks like a Shopify export; the columns are matched to it.")
	case importer.SourceVCard:
		s.source.SetText("Contacts: name, email, phone, address, company and note are imported.")
	default:
		s.source.SetText("The columns are matched by their names; check them.")
	}
	options := append([]string{noColumn}, s.file.Header...)
	form := widget.NewForm()
	s.selects = map[string]*widget.Select{}
	for _, f := range importer.MappingFields(m.Kind) {
		sel := widget.NewSelect(options, nil)
		if col := m.Columns[f.Key]; col != "" {
			sel.SetSelected(col)
		} else {
			sel.SetSelected(noColumn)
		}
		sel.OnChanged = func(string) { s.onMappingChanged() }
		if m.Source == importer.SourceVCard {
			sel.Disable()
		}
		s.selects[f.Key] = sel
		form.AppendItem(&widget.FormItem{Text: f.Label, Widget: sel, HintText: f.Hint})
	}
	s.mappingForm.Objects = []fyne.CanvasObject{form}
	s.mappingForm.Refresh()
	sales := m.Kind == "sales"
	s.decimalComma.OnChanged, s.dayFirst.OnChanged, s.update.OnChanged = nil, nil, nil
	s.decimalComma.SetChecked(m.DecimalComma)
	s.dayFirst.SetChecked(m.DayFirst)
	s.update.SetChecked(m.Update)
	s.decimalComma.OnChanged = func(bool) { s.onMappingChanged() }
	s.dayFirst.OnChanged = func(bool) { s.onMappingChanged() }
	s.update.OnChanged = func(bool) { s.onMappingChanged() }
	for _, c := range []*widget.Check{s.decimalComma, s.dayFirst} {
		if sales {
			c.Show()
		} else {
			c.Hide()
		}
	}
	s.root.Refresh() // the form changed height: lay the steps out again
}

// onMappingChanged reads the choices back into the mapping and previews again.
func (s *importScreen) onMappingChanged() {
	if s.file == nil {
		return
	}
	m := s.mapping
	m.Columns = map[string]string{}
	for key, sel := range s.selects {
		if sel.Selected != "" && sel.Selected != noColumn {
			m.Columns[key] = sel.Selected
		}
	}
	m.DecimalComma, m.DayFirst, m.Update = s.decimalComma.Checked, s.dayFirst.Checked, s.update.Checked
	s.mapping = m
	s.refreshPreview()
}

// refreshPreview runs the import without storing it and shows what it would do.
func (s *importScreen) refreshPreview() {
	f, m := s.file, s.mapping
	var pv importer.Preview
	s.previews++
	gen := s.previews
	s.importBtn.Disable()
	s.u.async(func() error {
		var err error
		pv, err = importer.PreviewImport(s.u.ctx, s.u.st, f, m, previewRows)
		return err
	}, func(err error) {
		if f != s.file || gen != s.previews {
			return // another file or mapping was chosen meanwhile
		}
		s.preview = pv
		s.assumptions.SetText(strings.Join(pv.Assumptions, " "))
		if err != nil {
			s.summary.SetText(sentence(engine.Explain(err).Error()))
			s.errorsText.SetText("")
			s.table.Refresh()
			return
		}
		s.summary.SetText(previewSummary(pv))
		var lines []string
		for _, re := range pv.Errors {
			lines = append(lines, sentence(re.Error()))
		}
		if pv.ErrorCount > len(pv.Errors) {
			lines = append(lines, fmt.Sprintf("… and %d more.", pv.ErrorCount-len(pv.Errors)))
		}
		s.errorsText.SetText(strings.Join(lines, "\n"))
		s.rowDetail.Hide()
		showIf(s.tableBox, len(pv.Rows) > 0)
		s.table.UnselectAll()
		s.table.Refresh()
		for i, c := range pv.Columns {
			w := float32(150)
			switch {
			case i == 0:
				// What becomes of the row, merges named: the widest column.
				w = 360
			case strings.HasPrefix(c, "When"):
				w = 210
			}
			s.table.SetColumnWidth(i, w)
		}
		showIf(s.skipBad, pv.ErrorCount > 0 && pv.ErrorCount < pv.Batch.Rows)
		s.showImportable()
	})
}

// showImportable enables Import for a file without bad rows, or with bad rows
// to leave out, and says which way it goes.
func (s *importScreen) showImportable() {
	pv := s.preview
	ok := pv.Batch.Rows > 0 && (pv.ErrorCount == 0 || s.skipBad.Checked && s.skipBad.Visible())
	if ok {
		s.importBtn.Enable()
	} else {
		s.importBtn.Disable()
	}
	s.importBtn.SetText("Import")
	if pv.ErrorCount > 0 && ok {
		s.importBtn.SetText(fmt.Sprintf("Import without the %s", plural(pv.ErrorCount, "bad row", "bad rows")))
	}
}

// onCellSelected shows the row picked, whole, under the table.
func (s *importScreen) onCellSelected(id widget.TableCellID) {
	if id.Row < 0 || id.Row >= len(s.preview.Rows) {
		return
	}
	r := s.preview.Rows[id.Row]
	parts := []string{fmt.Sprintf("Row %d: %s", r.Row, r.Action)}
	for i, c := range r.Cells {
		if c != "" && i+1 < len(s.preview.Columns) {
			parts = append(parts, s.preview.Columns[i+1]+": "+strings.ReplaceAll(c, "\n", ", "))
		}
	}
	s.rowDetail.SetText(strings.Join(parts, " · "))
	s.rowDetail.Show()
}

// previewSummary says in one sentence what the import would do.
func previewSummary(pv importer.Preview) string {
	unit := "row"
	if pv.Mapping.Source == importer.SourceVCard {
		unit = "card"
	}
	s := plural(pv.Batch.Rows, unit, unit+"s") + ": " + batchCounts(pv.Batch) + "."
	if pv.ErrorCount > 0 {
		them := "them"
		if pv.ErrorCount == 1 {
			them = "it"
		}
		out := "leave " + them + " out below"
		if pv.Mapping.Kind == "customers" && unit == "row" {
			out += " and add " + them + " by hand afterwards" // offerFixes
		}
		s += " " + plural(pv.ErrorCount, "bad "+unit, "bad "+unit+"s") + ": fix the file and choose it again, or " + out + "; nothing is imported while any is left in."
	}
	// What was merged, and the rows that share a phone with another customer but
	// not the name or the email: a question for the owner.
	for _, n := range pv.Batch.Notes {
		s += "\n" + n
	}
	return s
}

// leftOut is a customer row an import left out, as the file gave it.
type leftOut struct{ name, phone, email string }

// leftOutCustomers are the rows of a customers file that bad lists, with the
// name, phone and email the mapping reads from them; none for other files and
// vCards.
func leftOutCustomers(f *importer.CSVFile, m importer.Mapping, bad []*importer.RowError) []leftOut {
	if f == nil || m.Kind != "customers" || f.RowNums != nil {
		return nil
	}
	cell := func(row []string, key string) string {
		col := m.Columns[key]
		for i, h := range f.Header {
			if col != "" && h == col && i < len(row) {
				return strings.TrimSpace(row[i])
			}
		}
		return ""
	}
	var out []leftOut
	seen := map[int]bool{}
	for _, re := range bad {
		i := re.Row - 2 // the header is row 1
		if i < 0 || i >= len(f.Rows) || seen[i] {
			continue
		}
		seen[i] = true
		row := f.Rows[i]
		name := cell(row, "name")
		if name == "" {
			name = strings.TrimSpace(cell(row, "first_name") + " " + cell(row, "last_name"))
		}
		out = append(out, leftOut{name: name, phone: cell(row, "phone"), email: cell(row, "email")})
	}
	return out
}

// offerFixes shows a button for each row left out, which opens the new customer
// dialog with what the row held: the owner corrects what was wrong and adds it.
func (s *importScreen) offerFixes(rows []leftOut) {
	s.fixes.Objects = nil
	for _, r := range rows {
		label := "Add " + orText(r.name, "the customer") + " by hand…"
		var b *widget.Button
		b = widget.NewButtonWithIcon(label, theme.ContentAddIcon(), func() {
			q := s.u.quickAddCustomer(r.name, func(c shop.Customer) {
				b.Hide()
				s.result.SetText(s.result.Text + "\nAdded " + c.Name + " by hand.")
			})
			q.phone.SetText(r.phone)
			q.email.SetText(r.email)
		})
		s.fixes.Add(container.NewHBox(b))
	}
	s.fixes.Refresh()
}

// batchCounts lists what an import adds: "1 new customer, 2 customers merged".
func batchCounts(b store.ImportBatch) string {
	// Only what happened: "0 customers merged" is noise after every sales import.
	var parts []string
	if b.NewCustomers > 0 {
		parts = append(parts, plural(b.NewCustomers, "new customer", "new customers"))
	}
	if b.MergedCustomers > 0 {
		parts = append(parts, plural(b.MergedCustomers, "customer merged", "customers merged"))
	}
	if b.MergedRows > 0 {
		parts = append(parts, plural(b.MergedRows, "row", "rows")+" merged into a customer an earlier row added")
	}
	if b.KeptApart > 0 {
		parts = append(parts, plural(b.KeptApart, "row", "rows")+" with another customer's phone kept apart (see below)")
	}
	switch b.Kind {
	case "sales":
		if b.Sales > 0 {
			parts = append(parts, plural(b.Sales, "sale", "sales"))
		}
		if b.Skipped > 0 {
			parts = append(parts, plural(b.Skipped, "row", "rows")+" without a customer skipped")
		}
	case "issues":
		if b.Issues > 0 {
			parts = append(parts, plural(b.Issues, "issue", "issues"))
		}
	}
	if b.Duplicates > 0 {
		parts = append(parts, fmt.Sprintf("%d already imported, skipped", b.Duplicates))
	}
	if len(parts) == 0 {
		return "nothing new"
	}
	return strings.Join(parts, ", ")
}

func (s *importScreen) tableSize() (int, int) {
	return len(s.preview.Rows), len(s.preview.Columns)
}

func (s *importScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*wordLabel)
	if id.Row >= len(s.preview.Rows) {
		l.SetText("")
		return
	}
	r := s.preview.Rows[id.Row]
	if id.Col == 0 {
		l.SetText(fmt.Sprintf("%d: %s", r.Row, r.Action))
		return
	}
	if id.Col-1 < len(r.Cells) {
		l.SetText(strings.ReplaceAll(r.Cells[id.Col-1], "\n", " ⏎ "))
	} else {
		l.SetText("")
	}
}

func (s *importScreen) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Col >= 0 && id.Col < len(s.preview.Columns) {
		l.SetText(s.preview.Columns[id.Col])
	} else {
		l.SetText("")
	}
}

func (s *importScreen) onImport() {
	if s.file == nil {
		return
	}
	f, m := s.file, s.mapping
	m.SkipBadRows = s.skipBad.Checked && s.skipBad.Visible()
	u := s.u
	var b store.ImportBatch
	s.importBtn.Disable()
	u.runProgress("Importing…", fmt.Sprintf("%s: %s", f.Name, plural(len(f.Rows), f.Unit, f.Unit+"s")), func(progress func(int, int)) error {
		m.Progress = progress
		var err error
		b, err = importer.Import(u.ctx, u.st, f, m)
		if err != nil {
			return fmt.Errorf("%s: %w (nothing was imported)", f.Name, err)
		}
		return nil
	}, func(err error) {
		if err != nil {
			s.importBtn.Enable() // the file and its mapping are still there to fix and retry
			u.showError(err)
			return
		}
		s.last = b
		msg := fmt.Sprintf("Imported %s as import #%d: %s.", f.Name, b.ID, batchCounts(b))
		if b.BadRows > 0 {
			// Which rows were left out, each with what was wrong.
			msg += " " + plural(b.BadRows, "bad row was", "bad rows were") + " left out:"
			for _, n := range b.Notes {
				if strings.HasPrefix(n, "Left out: ") || strings.HasPrefix(n, "… and ") {
					msg += "\n• " + sentence(strings.TrimPrefix(n, "Left out: "))
				}
			}
		}
		s.result.SetText(msg)
		s.offerFixes(leftOutCustomers(f, m, s.preview.Errors))
		s.undoBtn.Show()
		s.reset()
		s.fileName.SetText("Imported. Choose another file to import more.")
		s.reload()
	})
}

func (s *importScreen) onUndo() {
	if s.last.ID != 0 {
		s.confirmUndo(s.last)
	}
}

// confirmUndo asks before taking an import back, then undoes it off the UI
// goroutine; a refusal (later work depends on it) is shown as the error it is.
func (s *importScreen) confirmUndo(b store.ImportBatch) {
	d := dialog.NewConfirm("Undo import #"+fmt.Sprint(b.ID),
		fmt.Sprintf("Take back everything %s added, and restore the customers it changed as they were?", dashIfEmpty(b.FileName)), func(ok bool) {
			if !ok {
				return
			}
			u := s.u
			u.runBusy("Undoing the import…", func() error {
				var err error
				b, err = u.st.UndoImport(u.ctx, b.ID)
				return err
			}, func() {
				if b.ID == s.last.ID {
					s.undoBtn.Hide()
					s.last = store.ImportBatch{}
				}
				s.result.SetText(fmt.Sprintf("Import #%d of %s was undone.", b.ID, dashIfEmpty(b.FileName)))
				s.offerFixes(nil)
				s.reload()
			})
		}, s.u.win)
	d.SetConfirmText("Undo")
	s.u.present(d, nil, nil)
}
