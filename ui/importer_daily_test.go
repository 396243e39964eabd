package ui

import (
	"io"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/store"
)

func TestAnImportWithABadRowCanLeaveItOutAndSaysWhich(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabSettings)
	u.settingsTab().tabs.SelectIndex(3)
	u.wait()
	imp := u.settingsTab().importer
	alicia := customerNamed(t, st, "Alicia Rivera")
	body := "Name,Email,Phone\n" +
		"Ada Quist,ada.q@example.org,+1 212 555 0190\n" +
		"Bo Diddley,bo@example.org,555-01\n" + // the form refuses this phone: so does the import
		"A. Rivera," + alicia.Email + ",\n"
	imp.kind.SetSelected(importCustomers)
	imp.openFile("people.csv", io.NopCloser(strings.NewReader(body)))
	u.wait()

	if !strings.Contains(imp.errorsText.Text, `row 3, column "Phone": "555-01" is not a phone number`) {
		t.Errorf("the bad rows say %q", imp.errorsText.Text)
	}
	if !imp.importBtn.Disabled() {
		t.Error("Import is enabled with a bad row left in")
	}
	if !imp.skipBad.Visible() {
		t.Fatal("no way to leave the bad row out")
	}
	test.Tap(imp.skipBad)
	if imp.importBtn.Disabled() || imp.importBtn.Text != "Import without the 1 bad row" {
		t.Fatalf("with the bad row left out Import says %q (disabled %v)", imp.importBtn.Text, imp.importBtn.Disabled())
	}

	// The merge column reads whole: a click on a row shows it under the table.
	imp.table.Select(widget.TableCellID{Row: 1, Col: 0})
	if !imp.rowDetail.Visible() || !strings.Contains(imp.rowDetail.Text, "merge into Alicia Rivera (#") {
		t.Errorf("the row picked reads %q", imp.rowDetail.Text)
	}

	test.Tap(imp.importBtn)
	u.wait()
	if !strings.Contains(imp.result.Text, "1 new customer, 1 customer merged") ||
		!strings.Contains(imp.result.Text, "1 bad row was left out:\n• Import customers: row 3, column \"Phone\"") {
		t.Errorf("after the import: %q", imp.result.Text)
	}
	if r, _ := st.SearchCustomers(t.Context(), "Bo Diddley"); r.Len() != 0 {
		t.Error("the left-out row was stored")
	}
	if r, _ := st.SearchCustomers(t.Context(), "Ada Quist"); r.Len() != 1 {
		t.Error("the good row was not stored")
	}
}

func TestARowLeftOutOfAnImportIsAddedByHandWithWhatItHeld(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabSettings)
	u.settingsTab().tabs.SelectIndex(3)
	u.wait()
	imp := u.settingsTab().importer
	body := "Name,Email,Phone\n" +
		"Ada Quist,ada.q@example.org,+1 212 555 0190\n" +
		"Bo Diddley,bo@example.org,555-01\n"
	imp.kind.SetSelected(importCustomers)
	imp.openFile("people.csv", io.NopCloser(strings.NewReader(body)))
	u.wait()
	if !strings.Contains(imp.summary.Text, "add it by hand afterwards") {
		t.Errorf("the preview says %q; want it to say the row can be added by hand", imp.summary.Text)
	}
	test.Tap(imp.skipBad)
	test.Tap(imp.importBtn)
	u.wait()

	// The row left out can be put right here: its values wait in the new
	// customer dialog, the bad phone in its field to correct.
	tapButtonIn(t, imp.content(), "Add Bo Diddley by hand…")
	if name, phone, email := entryIn(t, u.win, "Name").Text, entryIn(t, u.win, "Phone").Text, entryIn(t, u.win, "Email").Text; name != "Bo Diddley" || phone != "555-01" || email != "bo@example.org" {
		t.Fatalf("the dialog holds %q, %q, %q", name, phone, email)
	}
	entryIn(t, u.win, "Phone").SetText("+1 312 555 0188")
	tapDialogButton(t, u.win, "Add")
	u.wait()
	if r, _ := st.SearchCustomers(t.Context(), "Bo Diddley"); r.Len() != 1 {
		t.Fatal("the row put right was not stored")
	}
	for _, o := range test.LaidOutObjects(imp.content()) {
		if b, ok := o.(*widget.Button); ok && b.Visible() && strings.Contains(b.Text, "Bo Diddley") {
			t.Errorf("after Bo Diddley was added %q is still offered", b.Text)
		}
	}
}

func TestAnImportsCountsNameOnlyWhatHappened(t *testing.T) {
	for _, c := range []struct {
		b    store.ImportBatch
		want string
	}{
		{store.ImportBatch{Kind: "customers", NewCustomers: 1}, "1 new customer"},
		{store.ImportBatch{Kind: "customers", NewCustomers: 2, MergedCustomers: 1}, "2 new customers, 1 customer merged"},
		{store.ImportBatch{Kind: "sales", Sales: 12}, "12 sales"},
		{store.ImportBatch{Kind: "sales", NewCustomers: 1, Sales: 3}, "1 new customer, 3 sales"},
		{store.ImportBatch{Kind: "customers"}, "nothing new"},
	} {
		if got := batchCounts(c.b); got != c.want {
			t.Errorf("%+v reads %q, want %q", c.b, got, c.want)
		}
	}
}
