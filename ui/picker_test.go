package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestThePickerListsMatchesAsYouTypeAndPicksWithTheKeyboard(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabSales)
	u.wait()
	s := u.salesTab()
	p := s.customer

	typeInto(u.win, p.entry, "Tom Be")
	u.wait() // the search runs off the UI goroutine
	if !p.list.Visible() || len(p.labels) < 2 {
		t.Fatalf("after typing \"Tom Be\" the picker lists %q (shown: %v); want the matches under the field", p.labels, p.list.Visible())
	}
	if !strings.HasPrefix(p.labels[0], "Tom Becker") {
		t.Errorf("first match %q, want Tom Becker", p.labels[0])
	}
	if last := p.labels[len(p.labels)-1]; last != newCustomerPrefix+"Tom Be…" {
		t.Errorf("last row %q, want the new customer typed", last)
	}
	// The rows are in the window, under the field.
	shown := strings.Join(texts(p), "\n")
	if !strings.Contains(shown, "Tom Becker") || !strings.Contains(shown, newCustomerPrefix) {
		t.Errorf("the picker shows %q", shown)
	}

	// Down moves onto the new customer row and back; Enter picks Tom.
	for range p.labels {
		pressKey(u.win, fyne.KeyDown)
	}
	if p.hi != len(p.labels)-1 {
		t.Errorf("Down stops at row %d, want the last, %d", p.hi, len(p.labels)-1)
	}
	for range p.labels {
		pressKey(u.win, fyne.KeyUp)
	}
	pressKey(u.win, fyne.KeyReturn)
	tom := customerNamed(t, st, "Tom Becker")
	if c, err := p.selected("Customer"); err != nil || c.ID != tom.ID {
		t.Fatalf("Enter picked %v (%v), want Tom Becker", c, err)
	}
	if p.list.Visible() || !strings.HasPrefix(p.entry.Text, "Tom Becker") {
		t.Errorf("after picking, the field shows %q and the list is shown: %v", p.entry.Text, p.list.Visible())
	}

	// The rest of the sale from the keyboard: Tab to Amount is the focus chain;
	// Enter there saves.
	typeInto(u.win, s.amount, "12.50")
	pressKey(u.win, fyne.KeyReturn)
	u.wait()
	if !strings.Contains(s.status.Text, "Tom Becker") {
		t.Errorf("status after the sale: %q", s.status.Text)
	}

	// Escape closes the list; a click on a row picks it.
	typeInto(u.win, p.entry, "Alicia")
	u.wait()
	pressKey(u.win, fyne.KeyEscape)
	if p.list.Visible() {
		t.Error("Escape leaves the list open")
	}
	pressKey(u.win, fyne.KeyDown) // opens it again
	u.wait()
	if !p.list.Visible() {
		t.Fatal("Down does not open the list again")
	}
	test.Tap(p.rows[0])
	if c, err := p.selected("Customer"); err != nil || c.Name != "Alicia Rivera" {
		t.Errorf("a click on the first row picked %v (%v)", c, err)
	}
}

func TestThePickerPicksWhatWasTypedEvenBeforeItsMatchesCome(t *testing.T) {
	u, _ := newTestUI(t)
	u.goTo(tabSales)
	u.wait()
	p := u.salesTab().customer
	typeInto(u.win, p.entry, "Al")
	u.wait() // Alicia Rivera is listed
	// "ex" and Enter at typing speed: Alicia, who was listed for "Al", is not
	// Alex; nobody is called Alex, so Enter offers the new customer.
	test.Type(p.entry, "ex")
	pressKey(u.win, fyne.KeyReturn)
	u.wait()
	if c, err := p.selected("Customer"); err == nil && c.Name == "Alicia Rivera" {
		t.Fatal("\"Alex\" and Enter picked Alicia Rivera, listed for \"Al\"")
	}
	if top := u.win.Canvas().Overlays().Top(); top == nil || !strings.Contains(overlayText(t, u.win), "New customer") {
		t.Errorf("\"Alex\" and Enter: want the new customer dialog")
	}
}
