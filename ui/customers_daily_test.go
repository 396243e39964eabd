package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// rowOf is the row of the Customers list that holds the customer, its page read.
func rowOf(t *testing.T, u testUI, name string) int {
	t.Helper()
	s := u.customersTab()
	id := customerNamed(t, u.st, name).ID
	for i, x := range s.result.IDs {
		if x == id {
			if _, ok := s.customerAt(i); !ok {
				u.wait()
			}
			return i
		}
	}
	t.Fatalf("%s is not in the list", name)
	return -1
}

func TestEditsAreNotLostWhenAnotherCustomerIsPicked(t *testing.T) {
	u, st := newTestUI(t)
	s := u.customersTab()
	u.goTo(tabCustomers)
	u.wait()
	s.list.Select(rowOf(t, u, "Alicia Rivera"))
	u.wait()
	typeInto(u.win, s.form.notes, "Prefers calls after lunch")

	// Another customer is picked: Rapport asks. Cancel keeps the edit.
	s.list.Select(rowOf(t, u, "Tom Becker"))
	u.wait()
	if msg := overlayText(t, u.win); !strings.Contains(msg, "Save the changes to Alicia Rivera?") {
		t.Fatalf("picking another customer with edits not saved says %q", msg)
	}
	tapDialogButton(t, u.win, "Cancel")
	if s.current.Name != "Alicia Rivera" || !strings.HasSuffix(s.form.notes.Text, "Prefers calls after lunch") {
		t.Fatalf("after Cancel the form holds %s with notes %q", s.current.Name, s.form.notes.Text)
	}

	// Escape is Cancel too.
	s.list.Select(rowOf(t, u, "Tom Becker"))
	u.wait()
	pressKey(u.win, fyne.KeyEscape)
	if s.current.Name != "Alicia Rivera" {
		t.Fatalf("after Escape the form holds %s", s.current.Name)
	}

	// Save stores the edit, then shows the customer picked.
	s.list.Select(rowOf(t, u, "Tom Becker"))
	u.wait()
	tapDialogButton(t, u.win, "Save")
	u.wait()
	if s.current.Name != "Tom Becker" {
		t.Errorf("after Save the form holds %s, want Tom Becker", s.current.Name)
	}
	if got := customerNamed(t, st, "Alicia Rivera").Notes; !strings.HasSuffix(got, "Prefers calls after lunch") {
		t.Errorf("Alicia's notes stored: %q", got)
	}

	// A half-filled new customer: Discard drops it, and says nothing is stored.
	test.Tap(s.newBtn)
	typeInto(u.win, s.form.name, "Zed Quinn")
	s.list.Select(rowOf(t, u, "Alicia Rivera"))
	u.wait()
	if msg := overlayText(t, u.win); !strings.Contains(msg, "Save the new customer Zed Quinn?") {
		t.Fatalf("leaving a half-filled new customer says %q", msg)
	}
	tapDialogButton(t, u.win, "Discard")
	u.wait()
	if s.current.Name != "Alicia Rivera" {
		t.Errorf("after Discard the form holds %q", s.current.Name)
	}
	if _, err := st.SearchCustomers(t.Context(), "Zed Quinn"); err == nil {
		if r, _ := st.SearchCustomers(t.Context(), "Zed Quinn"); r.Len() != 0 {
			t.Error("the discarded new customer was stored")
		}
	}

	// Another tab and back: the draft is kept.
	test.Tap(s.newBtn)
	typeInto(u.win, s.form.name, "Zoe Park")
	u.goTo(tabSales)
	u.wait()
	u.goTo(tabCustomers)
	u.wait()
	if s.form.name.Text != "Zoe Park" {
		t.Errorf("after another tab the new customer's name is %q", s.form.name.Text)
	}
}

func TestAPromiseOutsideTheCallHoursIsAskedAboutWhenItIsMade(t *testing.T) {
	u, st := newTestUI(t)
	tom := customerNamed(t, st, "Tom Becker")
	u.showCustomer(tom.ID)
	u.wait()
	s := u.customersTab()
	if s.current.ID != tom.ID {
		t.Fatalf("the Customers tab shows %s", s.current.Name)
	}
	for _, c := range []struct {
		button, want string
	}{{"Keep 14:00", "2026-11-25 14:00"}, {"Use 17:00 instead", "2026-11-25 17:00"}} {
		test.Tap(s.promise)
		date, clock := dateTimeIn(t, u.win, "When")
		day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
		date.SetDate(&day)
		clock.SetText("14:00")
		tapDialogButton(t, u.win, "Promise")
		msg := overlayText(t, u.win)
		if !strings.Contains(msg, "Tom Becker takes calls Mon–Sat 17:00–18:00, 19:30–20:00 their time; 14:00 is outside them") || !strings.Contains(msg, "Keep 14:00?") {
			t.Fatalf("a promise at 14:00 to an evening customer says %q", msg)
		}
		tapDialogButton(t, u.win, c.button)
		u.wait()
		found := false
		for _, p := range promisesOf(t, st, tom.ID) {
			found = found || p.Due.In(zoneOf(tom.TimeZone, time.UTC)).Format("2006-01-02 15:04") == c.want
		}
		if !found {
			t.Errorf("after %q no promise is due %s their time", c.button, c.want)
		}
	}
}

// promisesOf are the promises made to a customer.
func promisesOf(t *testing.T, st *store.Store, id shop.ID) []shop.Promise {
	t.Helper()
	recs, err := st.CustomerPromises(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]shop.Promise, len(recs))
	for i, r := range recs {
		out[i] = r.Promise
	}
	return out
}

func TestACustomersFollowUpsSayOverdueAndBrokenAsTodayDoes(t *testing.T) {
	u, st := newTestUI(t)
	// Tom Becker's promised call at 14:00 his time, seen the next morning: Today
	// calls it a broken promise; so must his Follow-ups.
	st.Now = func() time.Time { return testNow.Add(23 * time.Hour) }
	tom := customerNamed(t, st, "Tom Becker")
	u.showCustomer(tom.ID)
	u.wait()
	a := u.customersTab().activity
	found := false
	for i, it := range a.history {
		if !it.Promised || it.Status != shop.StatusPending {
			continue
		}
		found = true
		row := newLineRow(false)
		a.updateHistory(i, row)
		if shown := strings.Join(texts(row), " "); !strings.Contains(shown, "Broken promise") {
			t.Errorf("Tom's promised call, a day late, reads %q", shown)
		}
	}
	if !found {
		t.Fatal("Tom has no promised call waiting")
	}
}
