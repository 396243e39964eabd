package ui

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	ics "github.com/arran4/golang-ical"

	"github.com/rapport-app/rapport/data/importer"
	"github.com/rapport-app/rapport/data/shop"
)

// cellText is what the preview table shows in a cell.
func cellText(s *importScreen, row, col int) string {
	l := widget.NewLabel("")
	s.updateCell(widget.TableCellID{Row: row, Col: col}, l)
	return l.Text
}

func TestImportMapPreviewImportAndUndo(t *testing.T) {
	u, st := newTestUI(t)
	ctx := context.Background()
	u.goTo(tabSettings)
	u.settingsTab().tabs.SelectIndex(3)
	u.wait()
	imp := u.settingsTab().importer

	stored, err := st.Customers(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var known shop.Customer
	for _, c := range stored {
		if c.Email != "" && len(c.Tags) == 0 {
			known = c
			break
		}
	}
	if known.ID == 0 {
		t.Fatal("the demo shop has no customer with an email and no tags")
	}
	body := "First Name,Last Name,Email,Accepts Email Marketing,City,Province Code,Country Code,Tags\n" +
		"Noah,Fischer,noah@example.org,yes,Portland,OR,US,newsletter\n" +
		"X,Y," + strings.ToUpper(known.Email) + ",no,,,,vip\n"

	imp.kind.SetSelected(importCustomers)
	imp.openFile("customers_export.csv", io.NopCloser(strings.NewReader(body)))
	u.wait()
	if got := imp.selects["email"].Selected; got != "Email" {
		t.Errorf("email is mapped to %q; want the guess Email", got)
	}
	if got := imp.selects["name"].Selected; got != noColumn {
		t.Errorf("name is mapped to %q; want first and last name instead", got)
	}
	if !strings.Contains(imp.source.Text, "Shopify") {
		t.Errorf("source = %q", imp.source.Text)
	}
	if want := "2 rows: 1 new customer, 1 customer merged."; imp.summary.Text != want {
		t.Errorf("summary = %q; want %q", imp.summary.Text, want)
	}
	if got := cellText(imp, 0, 0); got != "2: new" {
		t.Errorf("row 2 action = %q", got)
	}
	if got := cellText(imp, 0, 1) + "|" + cellText(imp, 0, 5); got != "Noah Fischer|Portland" {
		t.Errorf("row 2 previewed as %q", got)
	}
	if got := cellText(imp, 1, 0); got != "3: merge into "+known.Name+" (#"+itoa(known.ID)+", by email)" {
		t.Errorf("row 3 action = %q", got)
	}
	if imp.importBtn.Disabled() {
		t.Fatal("Import is disabled for a clean file")
	}

	// A wrong choice of column shows the bad rows and keeps Import disabled.
	imp.selects["email"].SetSelected("City")
	u.wait()
	if !imp.importBtn.Disabled() || !strings.Contains(imp.errorsText.Text, `Import customers: row 2, column "City": "Portland" is not an email address`) {
		t.Fatalf("with City as email: import enabled %v, errors %q", !imp.importBtn.Disabled(), imp.errorsText.Text)
	}
	imp.selects["email"].SetSelected("Email")
	imp.selects["city"].SetSelected(noColumn)
	u.wait()
	if got := cellText(imp, 0, 5); got != "" || imp.errorsText.Text != "" || imp.importBtn.Disabled() {
		t.Fatalf("city unmapped: cell %q, errors %q", got, imp.errorsText.Text)
	}
	if n, _ := st.Customers(ctx, "noah@"); len(n) != 0 {
		t.Fatal("the preview stored a customer")
	}

	test.Tap(imp.importBtn)
	u.wait()
	if want := "Imported customers_export.csv as import #1: 1 new customer, 1 customer merged."; imp.result.Text != want {
		t.Errorf("result = %q; want %q", imp.result.Text, want)
	}
	noah, _ := st.Customers(ctx, "noah@")
	if len(noah) != 1 || noah[0].Name != "Noah Fischer" || noah[0].City != "" || noah[0].Region != "OR" {
		t.Fatalf("Noah imported as %+v", noah)
	}
	merged, _ := st.Customer(ctx, known.ID)
	if merged.Name != known.Name || !merged.HasTag("vip") {
		t.Errorf("merged customer = %+v", merged)
	}
	if !imp.undoBtn.Visible() {
		t.Fatal("no Undo after an import")
	}
	if log := strings.Join(texts(imp.logBox), "\n"); !strings.Contains(log, "#1  2026-11-23 10:05  customers_export.csv (shopify): 1 new customer, 1 customer merged\nUndo") {
		t.Errorf("import log shows:\n%s", log)
	}

	test.Tap(imp.undoBtn)
	tapDialogButton(t, u.win, "Undo")
	u.wait()
	if !strings.Contains(imp.result.Text, "Import #1 of customers_export.csv was undone.") || imp.undoBtn.Visible() {
		t.Errorf("after undo: %q, undo visible %v", imp.result.Text, imp.undoBtn.Visible())
	}
	if n, _ := st.Customers(ctx, "noah@"); len(n) != 0 {
		t.Error("undo left Noah")
	}
	back, _ := st.Customer(ctx, known.ID)
	if back.HasTag("vip") {
		t.Errorf("undo left the merged tag: %+v", back)
	}
	if log := strings.Join(texts(imp.logBox), "\n"); !strings.Contains(log, "1 customer merged\nundone") {
		t.Errorf("import log after undo shows:\n%s", log)
	}
}

func TestUndoAnEarlierImportFromTheLog(t *testing.T) {
	u, st := newTestUI(t)
	ctx := context.Background()
	f, err := importer.ReadVCards(strings.NewReader("BEGIN:VCARD\nVERSION:4.0\nFN:Zoë Ångström\nEMAIL:zoe@example.se\nEND:VCARD\n"))
	if err != nil {
		t.Fatal(err)
	}
	f.Name = "contacts.vcf"
	if _, err := importer.Import(ctx, st, f, importer.VCardMapping()); err != nil {
		t.Fatal(err)
	}
	// As after a restart: the log lists the import with its Undo.
	u.goTo(tabSettings)
	u.wait()
	imp := u.settingsTab().importer
	var undo *widget.Button
	for _, o := range test.LaidOutObjects(imp.logBox) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Undo" {
			undo = b
		}
	}
	if undo == nil {
		t.Fatalf("no Undo in the import log: %q", texts(imp.logBox))
	}
	test.Tap(undo)
	tapDialogButton(t, u.win, "Undo")
	u.wait()
	if zs, _ := st.Customers(ctx, "zoe@"); len(zs) != 0 {
		t.Error("undo from the log left the contact")
	}
	if imp.result.Text != "Import #1 of contacts.vcf was undone." {
		t.Errorf("result = %q", imp.result.Text)
	}
}

func TestImportOfABadFileShowsTheRow(t *testing.T) {
	u, _ := newTestUI(t)
	imp := u.settingsTab().importer
	imp.kind.SetSelected(importSales)
	imp.openFile("bad.csv", io.NopCloser(strings.NewReader("Email,Date,Total\nx@example.com,2026-11-20,\"unquoted \"quote\n")))
	u.wait()
	if got := overlayText(t, u.win); !strings.Contains(got, "Import sales: row 2: ") {
		t.Errorf("dialog = %q", got)
	}
	if imp.file != nil || !imp.importBtn.Disabled() {
		t.Error("a file that cannot be read is kept")
	}
}

func TestExportWritesPrivateFiles(t *testing.T) {
	u, st := newTestUI(t)
	exp := u.settingsTab().exporter
	dir := t.TempDir()
	path := filepath.Join(dir, exp.fileName("customers"))
	if filepath.Base(path) != "rapport-customers-2026-11-23.csv" {
		t.Errorf("suggested name %s", filepath.Base(path))
	}
	exp.exportTo("customers", path)
	u.wait()
	cs, _ := st.Customers(context.Background(), "")
	if want := "Exported Customers: " + shop.FormatCount(len(cs)) + " rows to " + path + "."; exp.status.Text != want {
		t.Errorf("status = %q; want %q", exp.status.Text, want)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("export file: %v, mode %v", err, fi.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(b), "id,name,email,phone,") || strings.Count(string(b), "\n") < len(cs)+1 {
		t.Errorf("customers.csv:\n%s", b)
	}

	cal := filepath.Join(dir, exp.fileName(exportCalendar))
	exp.exportTo(exportCalendar, cal)
	u.wait()
	f, err := os.Open(cal)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	parsed, err := ics.ParseCalendar(f)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(parsed.Events()); n == 0 || !strings.Contains(exp.status.Text, itoa(int64(n))+" follow-ups to "+cal) {
		t.Errorf("%d events; status %q", n, exp.status.Text)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
