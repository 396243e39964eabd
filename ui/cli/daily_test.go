package cli

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
)

func TestPromiseOutsideTheCallHoursIsFlaggedAsTheWindowFlagsIt(t *testing.T) {
	d := newDemoShop(t)
	out := d.ok("promise", "tom.becker@example.com", "--due", "2026-11-25 14:00", "--note", "Call back about the grinder")
	st := d.open()
	c, err := st.CustomerByEmail(t.Context(), "tom.becker@example.com")
	if err != nil {
		t.Fatal(err)
	}
	r, _ := st.Rules(t.Context())
	loc := c.Location(time.UTC)
	at := time.Date(2026, 11, 25, 14, 0, 0, 0, loc)
	off, ok := planner.CheckCallTime(r, c, loc, at)
	if ok {
		t.Fatal("14:00 is inside an evening-only customer's call hours")
	}
	if want := "Note: " + off.Sentence(c, at, loc); !strings.Contains(out, want) {
		t.Errorf("promise said\n%s\nwant it to say\n%s", out, want)
	}
	out = d.ok("promise", "tom.becker@example.com", "--due", "2026-11-25 17:30")
	if strings.Contains(out, "Note:") {
		t.Errorf("a promise inside the call hours is flagged: %s", out)
	}
}

func TestNoAnswerSaysTheNextTryThenWritesAfterTheLastCall(t *testing.T) {
	d := newDemoShop(t)
	var today []Item
	d.json(&today, "today")
	var call *Item
	for i := range today {
		if today[i].Channel == "phone" && !strings.Contains(today[i].Reason, "[") {
			call = &today[i]
			break
		}
	}
	if call == nil {
		t.Fatalf("no routine call today: %+v", today)
	}
	id := call.ID
	now := demoNow
	for try := 1; try <= shop.DefaultRules().NoAnswerTries; try++ {
		out, errs, code := rapport(t, "--db", d.db, "--now", now.Format(time.RFC3339), "no-answer", strconv.FormatInt(id, 10))
		if code != 0 {
			t.Fatalf("try %d: exit %d: %s", try, code, errs)
		}
		want := "Next try: "
		if try == 3 {
			want = "3 calls went unanswered: an email goes instead, "
		}
		if !strings.Contains(out, want) {
			t.Fatalf("try %d: no-answer said %q; want %q", try, out, want)
		}
		st := d.open()
		next, err := st.NextTry(t.Context(), call.CustomerID, mustLeadKey(t, d, id))
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "(follow-up "+strconv.FormatInt(next.ID, 10)+")") {
			t.Errorf("try %d: %q does not name the next follow-up %d", try, out, next.ID)
		}
		id, now = next.ID, next.Due.Add(time.Minute)
	}
}

// mustLeadKey is the lead reason key of a follow-up (its retries carry it on).
func mustLeadKey(t *testing.T, d demoShop, id int64) string {
	t.Helper()
	st := d.open()
	defer st.Close()
	it, err := st.FollowUp(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return it.Reasons[0].Key
}

func TestImportSkippingBadRowsSaysWhichWereLeftOut(t *testing.T) {
	d := newDemoShop(t)
	file := t.TempDir() + "/people.csv"
	body := "Name,Email,Phone\nAda Lovelace,ada@example.com,+1 212 555 0199\nBo Diddley,bo@example.com,555-01\n"
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	d.refused(1, `"555-01" is not a phone number`, "import", "customers", file)
	out := d.ok("import", "customers", file, "--skip-bad-rows")
	if !strings.Contains(out, "1 new customer") || !strings.Contains(out, `Left out: import customers: row 3, column "Phone": "555-01" is not a phone number`) {
		t.Errorf("import --skip-bad-rows said:\n%s", out)
	}
}
