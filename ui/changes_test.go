package ui

import (
	"slices"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// TestTodayShowsWhatAnotherProgramWritesWithinTwoSeconds: a promise recorded by
// another program on the same shop (a command, another computer) appears on the
// window's Today within two seconds, without anyone touching the window.
func TestTodayShowsWhatAnotherProgramWritesWithinTwoSeconds(t *testing.T) {
	u, st := newTestUI(t)
	u.watchChanges()
	defer u.stopWatching()
	// What a row of Today shows of its follow-up.
	type row struct {
		id       shop.ID
		due      int64
		promised bool
		reasons  int
	}
	rowOf := func(it shop.AgendaItem) row { return row{it.ID, it.Due.Unix(), it.Promised, len(it.Reasons)} }
	shown := func() []row {
		var rows []row
		for _, v := range u.todayTab().views {
			rows = append(rows, rowOf(v.item))
		}
		return rows
	}
	before := shown()
	customers, err := st.SearchCustomers(t.Context(), "Olivia Brooks")
	if err != nil || customers.Len() == 0 {
		t.Fatalf("the demo shop's Olivia Brooks: %v, %v", customers, err)
	}
	cust := customers.IDs[0]

	other, _, err := store.Open(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.Now = st.Now
	promise := func() {
		t.Helper()
		p := shop.Promise{CustomerID: cust, Due: testNow.Add(90 * time.Minute), Channel: shop.ChannelPhone, Note: "Call back about the order"}
		if err := other.AddPromise(t.Context(), &p); err != nil {
			t.Fatal(err)
		}
	}
	promise()
	items, err := other.Today(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var want []row
	for _, it := range items {
		want = append(want, rowOf(it))
	}
	if slices.Equal(want, before) {
		t.Fatal("the promise changed nothing on Today: the test shows nothing")
	}
	// Up to 2 s, running what the window is told, for Today to list what the
	// store now holds.
	deadline := time.Now().Add(2 * time.Second)
	for !slices.Equal(shown(), want) && time.Now().Before(deadline) {
		for _, f := range u.q.take() {
			f()
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !slices.Equal(shown(), want) {
		t.Fatalf("2 s after another program recorded a promise, Today lists %v; the store holds %v", shown(), want)
	}
}
