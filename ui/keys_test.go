package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
)

// textOf is the Fyne entry inside one of the window's text fields.
func textOf(o fyne.CanvasObject) *widget.Entry {
	e, _ := textField(o)
	return e
}

// pressShortcut sends a shortcut the way the desktop driver does: to the focused
// widget when it takes shortcuts (and nowhere else), else to the window.
func pressShortcut(w fyne.Window, s fyne.Shortcut) {
	c := w.Canvas()
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	c.(fyne.Shortcutable).TypedShortcut(s)
}

// ctrl is Ctrl+key (Cmd on macOS), as the window's shortcuts are made.
func ctrl(key fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
}

// pressKey sends a key the way the desktop driver does: to the focused widget,
// else to the window's key handler.
func pressKey(w fyne.Window, key fyne.KeyName) {
	c := w.Canvas()
	ev := &fyne.KeyEvent{Name: key}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// typeInto focuses a field and types into it, as a person does.
func typeInto(w fyne.Window, f fyne.Focusable, text string) {
	w.Canvas().Focus(f)
	test.Type(f, text)
}

func TestShortcutsWorkWhileTheCursorIsInATextField(t *testing.T) {
	u, _ := newTestUI(t)
	sales := u.salesTab()
	u.goTo(tabSales)
	u.wait()

	// After one sale the clerk is in Items; Ctrl+N starts the next sale with the
	// cursor in Customer, so the next name is not typed into Items.
	typeInto(u.win, sales.items, "2 × House blend")
	pressShortcut(u.win, ctrl(fyne.KeyN))
	u.wait()
	if sales.items.Text != "" || u.win.Canvas().Focused() != sales.customer.entry {
		t.Errorf("Ctrl+N from Items: items %q, focus on %T; want a new sale with the cursor in Customer", sales.items.Text, u.win.Canvas().Focused())
	}

	for _, c := range []struct {
		key  fyne.KeyName
		tab  int
		name string
	}{{fyne.Key3, tabCustomers, "Ctrl+3"}, {fyne.KeyI, tabIssues, "Ctrl+I"}, {fyne.Key1, tabToday, "Ctrl+1"}, {fyne.Key8, tabSettings, "Ctrl+8"}} {
		u.goTo(tabSales)
		u.wait()
		typeInto(u.win, sales.amount, "12")
		pressShortcut(u.win, ctrl(c.key))
		u.wait()
		if got := u.tabs.SelectedIndex(); got != c.tab {
			t.Errorf("%s typed in the Amount field shows tab %d, want %d", c.name, got, c.tab)
		}
		sales.amount.SetText("")
	}

	// Ctrl+F from a field of the issue form: the customer search, with the cursor in it.
	u.goTo(tabIssues)
	u.wait()
	typeInto(u.win, u.issuesTab().summary, "Grinder jams")
	pressShortcut(u.win, ctrl(fyne.KeyF))
	u.wait()
	if u.tabs.SelectedIndex() != tabCustomers || u.win.Canvas().Focused() != u.customersTab().search {
		t.Errorf("Ctrl+F from Summary: tab %d, focus %T; want the customer search", u.tabs.SelectedIndex(), u.win.Canvas().Focused())
	}
	// The field's own shortcuts still work: select all, then type over.
	typeInto(u.win, u.customersTab().search, "Tom")
	pressShortcut(u.win, &fyne.ShortcutSelectAll{})
	test.Type(u.customersTab().search, "Ali")
	if got := u.customersTab().search.Text; got != "Ali" {
		t.Errorf("select all then typing in the search gives %q, want Ali", got)
	}
}

func TestEveryTextFieldOfTheWindowHandsOnTheWindowsShortcuts(t *testing.T) {
	// A Fyne entry made directly swallows the window's shortcuts: every text field
	// is made with newEntry, newMultiLineEntry, newPasswordEntry, newSelectEntry
	// or newDateEntry (keys.go).
	plain := regexp.MustCompile(`widget\.New(Entry|MultiLineEntry|PasswordEntry|SelectEntry|DateEntry|EntryWithData)\(|&widget\.(Entry|SelectEntry|DateEntry)\{`)
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if plain.MatchString(line) && !strings.HasPrefix(strings.TrimSpace(line), "//") {
				t.Errorf("%s:%d makes a text field that swallows the window's shortcuts: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}

func TestErrorDialogsCloseWithEnterAndEscape(t *testing.T) {
	u, _ := newTestUI(t)
	for _, key := range []fyne.KeyName{fyne.KeyEscape, fyne.KeyReturn} {
		u.showError(fieldError("Amount", "enter an amount such as 12.50"))
		if u.win.Canvas().Overlays().Top() == nil {
			t.Fatal("no error dialog")
		}
		pressKey(u.win, key)
		if top := u.win.Canvas().Overlays().Top(); top != nil {
			t.Errorf("%s left the error dialog open: %q", key, texts(top))
		}
	}
}

func TestAFormSaysEveryBadFieldAtOnceAndMarksEach(t *testing.T) {
	u, _ := newTestUI(t)
	s := u.salesTab()
	u.goTo(tabSales)
	u.wait()
	s.when.clock.SetText("25:99")
	typeInto(u.win, s.amount, "12,5x")
	pressKey(u.win, fyne.KeyReturn) // Enter in Amount saves
	u.wait()
	msg := overlayText(t, u.win)
	for _, want := range []string{"Customer: choose a customer", "When (time): ", "Amount: "} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error dialog says\n%s\nwhich lacks %q", msg, want)
		}
	}
	for name, e := range map[string]*widget.Entry{"Customer": textOf(s.customer.entry), "When (time)": &s.when.clock.Entry, "Amount": &s.amount.Entry} {
		if e.Validate() == nil {
			t.Errorf("the %s field is not marked", name)
		}
	}
	if e := &s.items.Entry; e.Validate() != nil {
		t.Error("Items is marked, though nothing is wrong with it")
	}
	pressKey(u.win, fyne.KeyEscape)
	// The cursor is in the first field to correct.
	if f := u.win.Canvas().Focused(); f != s.customer.entry {
		t.Errorf("after the error the cursor is in %T, want the Customer field", f)
	}
	// Changing a marked field takes its mark away.
	typeInto(u.win, s.amount, "0")
	if (&s.amount.Entry).Validate() != nil {
		t.Error("the Amount field stays marked after it was changed")
	}
}

func TestMultiLineFieldsWrapAtWords(t *testing.T) {
	u, _ := newTestUI(t)
	u.goTo(tabIssues)
	u.wait()
	fields := map[string]*entry{
		"the issue's Summary":    u.issuesTab().summary,
		"the sale's Items":       u.salesTab().items,
		"the customer's Notes":   u.customersTab().form.notes,
		"the customer's Address": u.customersTab().form.address,
	}
	for name, e := range fields {
		if !e.MultiLine || e.Wrapping != fyne.TextWrapWord {
			t.Errorf("%s does not wrap at words (wrapping %v)", name, e.Wrapping)
		}
	}
	// Done's Notes, in its dialog.
	s := u.todayTab()
	s.list.Select(0)
	u.wait()
	test.Tap(s.done)
	if e := entryIn(t, u.win, "Notes"); !e.MultiLine || e.Wrapping != fyne.TextWrapWord {
		t.Errorf("Done's Notes does not wrap at words")
	}
}

func TestTabLeavesAProseFieldAndCtrlEnterFinishesItsForm(t *testing.T) {
	u, st := newTestUI(t)
	// Tab moves on from every field of several lines, as from any other: the
	// desktop driver keeps Tab in a field only when it asks for it.
	fields := map[string]*entry{
		"the issue's Summary":    u.issuesTab().summary,
		"the sale's Items":       u.salesTab().items,
		"the customer's Notes":   u.customersTab().form.notes,
		"the customer's Address": u.customersTab().form.address,
	}
	for name, e := range fields {
		if e.AcceptsTab() {
			t.Errorf("Tab in %s types a tab instead of going to the next field", name)
		}
	}

	// Done… from the keyboard: type the note, Ctrl+Enter records it.
	s := u.todayTab()
	s.whose.SetSelected(everyonesCalls)
	u.wait()
	selectRow(t, u, "Kira Young")
	test.Tap(s.done)
	notes, ok := u.win.Canvas().Focused().(*entry)
	if !ok {
		t.Fatalf("after Done… the cursor is in %T", u.win.Canvas().Focused())
	}
	if notes.AcceptsTab() {
		t.Error("Tab in Done's Notes types a tab")
	}
	test.Type(notes, "Loves the blend")
	pressShortcut(u.win, ctrl(fyne.KeyReturn))
	u.wait()
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("Ctrl+Enter in Notes left the dialog open: %q", texts(top))
	}
	if got := entryText(t, st, "Kira Young"); got != "Loves the blend" {
		t.Errorf("the note stored is %q", got)
	}

	// A sale typed at the till: the items last, Ctrl+Enter saves it.
	u.goTo(tabSales)
	u.wait()
	sales := u.salesTab()
	typeInto(u.win, sales.customer.entry, "Tom Be")
	u.wait()
	pressKey(u.win, fyne.KeyReturn)
	typeInto(u.win, sales.amount, "24.00")
	typeInto(u.win, sales.items, "Decaf Colombia, 1 kg")
	pressShortcut(u.win, ctrl(fyne.KeyReturn))
	u.wait()
	if !strings.Contains(sales.status.Text, "Tom Becker") {
		t.Errorf("Ctrl+Enter in Items: the status says %q; want the sale saved", sales.status.Text)
	}

	// An issue: the summary is the last thing typed; Ctrl+Enter saves it.
	u.goTo(tabIssues)
	u.wait()
	is := u.issuesTab()
	pressShortcut(u.win, ctrl(fyne.KeyI))
	typeInto(u.win, is.customer.entry, "Tom Be")
	u.wait()
	pressKey(u.win, fyne.KeyReturn)
	if f := u.win.Canvas().Focused(); f != is.summary {
		t.Fatalf("after picking the customer the cursor is in %T, not in Summary", f)
	}
	test.Type(is.summary, "Decaf tastes burnt")
	pressShortcut(u.win, ctrl(fyne.KeyReturn))
	u.wait()
	found := false
	toms, err := st.Issues(t.Context(), customerNamed(t, st, "Tom Becker").ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range toms {
		found = found || x.Summary == "Decaf tastes burnt"
	}
	if !found {
		t.Error("Ctrl+Enter in Summary did not save the issue")
	}

	// A customer's notes: Ctrl+Enter saves them.
	tom := customerNamed(t, st, "Tom Becker")
	u.showCustomer(tom.ID)
	u.wait()
	c := u.customersTab()
	typeInto(u.win, c.form.notes, " Likes decaf.")
	pressShortcut(u.win, ctrl(fyne.KeyReturn))
	u.wait()
	if got := customerNamed(t, st, "Tom Becker").Notes; !strings.HasSuffix(got, "Likes decaf.") {
		t.Errorf("Ctrl+Enter in the customer's Notes stored %q", got)
	}
}

func TestTheNewCustomerDialogSaysEveryBadFieldAtOnce(t *testing.T) {
	u, _ := newTestUI(t)
	u.goTo(tabSales)
	u.wait()
	s := u.salesTab()
	typeInto(u.win, s.customer.entry, "Jane Walker")
	u.wait()
	pressKey(u.win, fyne.KeyReturn) // nobody of that name: the new customer row
	entryIn(t, u.win, "Phone").SetText("555-01")
	entryIn(t, u.win, "Email").SetText("jane@")
	tapDialogButton(t, u.win, "Add")
	u.wait()
	msg := overlayText(t, u.win)
	for _, want := range []string{`Phone: "555-01" is not a phone number`, `Email: "jane@" is not an email address`} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error says\n%s\nwhich lacks %q", msg, want)
		}
	}
	pressKey(u.win, fyne.KeyEscape)
	for _, label := range []string{"Phone", "Email"} {
		if entryIn(t, u.win, label).Validate() == nil {
			t.Errorf("the %s field is not marked", label)
		}
	}
	if entryIn(t, u.win, "Name").Validate() != nil {
		t.Error("Name is marked, though nothing is wrong with it")
	}
}

// tapChoice clicks the choice labelled label (a radio item) in the dialog on
// top, as the mouse does. The desktop driver gives the item the focus as it is
// clicked (the test driver finds no canvas for it), and the item then takes
// Enter and Escape: the test looks that the choice lets the keyboard go.
func tapChoice(t *testing.T, u testUI, label string) {
	t.Helper()
	for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
		// Fyne's radio item is not exported; its Label field is.
		if fmt.Sprintf("%T", o) == "*widget.radioItem" && reflect.ValueOf(o).Elem().FieldByName("Label").String() == label {
			o.(fyne.Tappable).Tapped(&fyne.PointEvent{})
			u.wait()
			if f := u.win.Canvas().Focused(); f != nil {
				t.Errorf("after %q is clicked %T keeps the keyboard", label, f)
			}
			return
		}
	}
	t.Fatalf("no choice %q in %q", label, texts(u.win.Canvas().Overlays().Top()))
}

func TestEnterAndEscapeStillAnswerADialogAfterAChoiceIsClicked(t *testing.T) {
	u, st := newTestUI(t)
	s := u.todayTab()
	s.whose.SetSelected(everyonesCalls)
	u.wait()
	selectRow(t, u, "Kira Young")
	test.Tap(s.done)
	test.Type(u.win.Canvas().Focused().(*entry), "Happy with it")
	tapChoice(t, u, "4")
	pressKey(u.win, fyne.KeyReturn)
	u.wait()
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("Enter after clicking a score left Done… open: %q", texts(top))
	}
	if got := entryText(t, st, "Kira Young"); got != "Happy with it" {
		t.Errorf("the note stored is %q", got)
	}

	// Print letter… on Customers: a letter clicked, then Escape closes the dialog.
	u.showCustomer(customerNamed(t, st, "Tom Becker").ID)
	u.wait()
	u.customersTab().onPrintLetter()
	u.wait()
	tapChoice(t, u, "Holiday card from the whole team (one sheet, folded twice)")
	pressKey(u.win, fyne.KeyEscape)
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("Escape after clicking a letter left the dialog open: %q", texts(top))
	}
}

func TestAComplaintWithAPromiseIsTypedAndSavedFromTheKeyboard(t *testing.T) {
	u, st := newTestUI(t)
	pressShortcut(u.win, ctrl(fyne.KeyI))
	u.wait()
	is := u.issuesTab()
	typeInto(u.win, is.customer.entry, "Tom Be")
	u.wait()
	pressKey(u.win, fyne.KeyReturn)
	test.Type(is.summary, "Decaf tastes burnt")
	is.typ.SetSelected("Complaint")
	// The days the customer agreed to is the last field: Enter there saves.
	typeInto(u.win, is.accepted, "2")
	pressKey(u.win, fyne.KeyReturn)
	u.wait()
	tom := customerNamed(t, st, "Tom Becker")
	toms, err := st.Issues(t.Context(), tom.ID)
	if err != nil {
		t.Fatal(err)
	}
	saved := false
	for _, x := range toms {
		saved = saved || x.Summary == "Decaf tastes burnt" && x.Type == shop.IssueComplaint
	}
	if !saved {
		t.Fatal("Enter in \"Follow-up accepted in\" did not save the complaint")
	}
	if n := len(promisesOf(t, st, tom.ID)); n < 2 {
		t.Errorf("Tom has %d promises; the complaint's two days are not among them", n)
	}
}

func TestTheIssueFormKeepsNoEmptyLineUnderItsButtons(t *testing.T) {
	u, _ := newTestUI(t)
	u.goTo(tabIssues)
	u.wait()
	is := u.issuesTab()
	if is.status.Visible() {
		t.Errorf("with nothing to say the line under the buttons still takes room: %q", is.status.Text)
	}
	typeInto(u.win, is.customer.entry, "Tom Be")
	u.wait()
	pressKey(u.win, fyne.KeyReturn)
	test.Type(is.summary, "Decaf tastes burnt")
	pressShortcut(u.win, ctrl(fyne.KeyReturn))
	u.wait()
	if !is.status.Visible() || !strings.HasPrefix(is.status.Text, "Saved.") {
		t.Errorf("after a save the line says %q (shown %v)", is.status.Text, is.status.Visible())
	}
}

func TestCtrlFSelectsTheLastSearchSoANewNameReplacesIt(t *testing.T) {
	u, _ := newTestUI(t)
	pressShortcut(u.win, ctrl(fyne.KeyF))
	test.Type(u.customersTab().search, "Tom")
	u.wait()
	u.goTo(tabSales)
	u.wait()
	typeInto(u.win, u.salesTab().amount, "12")
	pressShortcut(u.win, ctrl(fyne.KeyF))
	test.Type(u.win.Canvas().Focused(), "Ali")
	u.wait()
	if got := u.customersTab().search.Text; got != "Ali" {
		t.Errorf("Ctrl+F, then a name: the search holds %q, want Ali", got)
	}
}

func TestANameTypedQuicklyThenEnterOpensThatCustomer(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabCustomers)
	u.wait() // the list of every customer, the first one open
	pressShortcut(u.win, ctrl(fyne.KeyF))
	s := u.customersTab()
	// Typed and Enter pressed before the search has answered, as a quick typist
	// does: Enter opens the first customer of that search, not of the last one.
	test.Type(s.search, "Tom Be")
	pressKey(u.win, fyne.KeyReturn)
	u.wait()
	if want := customerNamed(t, st, "Tom Becker"); s.current.ID != want.ID {
		t.Errorf("Ctrl+F, \"Tom Be\", Enter opened %q", s.current.Name)
	}
}
