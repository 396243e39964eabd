package ui

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/rapport-app/rapport/data/demo/demotest"
)

// TestTheWindowShowsTheStoredPlanWhileAnotherCommandWrites: the window reads the
// stored plan. The day after it was made, with another command holding the file,
// the start-up cannot plan the new day: Today lists the stored plan and says why.
func TestTheWindowShowsTheStoredPlanWhileAnotherCommandWrites(t *testing.T) {
	st := demotest.Demo(t, testNow)
	st.Now = func() time.Time { return testNow.AddDate(0, 0, 1) }
	conn, err := sql.Open("sqlite", "file:"+st.Path()+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tx, err := conn.Begin()
	if err != nil {
		t.Fatal(err)
	}
	u := buildTestUI(test.NewTempApp(t), st)
	u.win.Resize(fyne.NewSize(defaultWidth, defaultHeight))
	u.win.Show()
	defer u.win.Close()
	u.replanInBackground()
	u.wait()
	tx.Rollback()
	if len(u.todayTab().views) == 0 {
		t.Error("Today is empty while another command writes; it should list the stored plan")
	}
	if msg := overlayText(t, u.win); !strings.Contains(msg, "could not be planned") {
		t.Errorf("the window said %q; want that today's follow-ups could not be planned", msg)
	}
	if ps, _ := st.PlanState(t.Context()); ps.Current() {
		t.Errorf("plan state %+v: the plan was made although the file was held", ps)
	}
}

// TestAWindowOpenOvernightPlansTheNewDayOnce: Today reloaded on a new day plans it
// in the background, once.
func TestAWindowOpenOvernightPlansTheNewDayOnce(t *testing.T) {
	u, st := newTestUI(t)
	st.Now = func() time.Time { return testNow.AddDate(0, 0, 1) }
	u.todayTab().reload()
	u.wait()
	ps, err := st.PlanState(t.Context())
	if err != nil || !ps.Current() || ps.Today != "2026-11-24" {
		t.Errorf("after Today was shown on 2026-11-24, plan state = %+v, %v; want the new day planned", ps, err)
	}
	if u.planTried != "2026-11-24" {
		t.Errorf("planTried = %q", u.planTried)
	}
}
