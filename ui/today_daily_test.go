package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// The daily loop on Today: what the list shows after an outcome, the times it
// gives, and what each follow-up offers.

// listed sums up Today's rows the way a person compares two lists.
func listed(items []shop.AgendaItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = fmt.Sprintf("%s %s %s", it.Customer.Name, it.Due.UTC().Format("15:04"), it.Channel)
	}
	return out
}

func shownOnToday(s *todayScreen) []shop.AgendaItem {
	items := make([]shop.AgendaItem, len(s.views))
	for i, v := range s.views {
		items[i] = v.item
	}
	return items
}

// selectRow selects the row of Today that holds the customer's follow-up.
func selectRow(t *testing.T, u testUI, name string) agendaView {
	t.Helper()
	s := u.todayTab()
	for i, v := range s.views {
		if v.item.Customer.Name == name {
			s.list.Select(i)
			u.wait()
			return v
		}
	}
	t.Fatalf("%s is not on Today: %q", name, listed(shownOnToday(s)))
	return agendaView{}
}

// rapportToday is what `rapport today` lists: the shop planned afresh.
func rapportToday(t *testing.T, st *store.Store) []string {
	t.Helper()
	if _, err := st.Replan(context.Background()); err != nil {
		t.Fatal(err)
	}
	items, err := st.Today(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return listed(items)
}

func TestAfterEachOutcomeTodayShowsWhatTheStoredPlanSays(t *testing.T) {
	u, st := newTestUI(t)
	s := u.todayTab()
	s.whose.SetSelected(everyonesCalls)
	u.wait()
	before := len(s.views)

	// Done, typed from the keyboard: the cursor waits in Notes.
	selectRow(t, u, "Kira Young")
	test.Tap(s.done)
	notes, ok := u.win.Canvas().Focused().(*entry)
	if !ok || notes.PlaceHolder != "What they said, what they need" {
		t.Fatalf("after Done… the cursor is in %T, not in Notes", u.win.Canvas().Focused())
	}
	test.Type(notes, "Loves the blend")
	tapDialogButton(t, u.win, "Record")
	u.wait()
	if got := entryText(t, st, "Kira Young"); got != "Loves the blend" {
		t.Errorf("the note stored is %q", got)
	}
	got, err := st.Today(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if shown := listed(shownOnToday(s)); !slices.Equal(shown, listed(got)) {
		t.Errorf("after Done the window lists\n  %s\nthe stored plan\n  %s", strings.Join(shown, "\n  "), strings.Join(listed(got), "\n  "))
	}
	if shown, want := listed(shownOnToday(s)), rapportToday(t, st); !slices.Equal(shown, want) {
		t.Errorf("after Done the window lists %d follow-ups (was %d)\n  %s\nrapport today lists\n  %s", len(shown), before,
			strings.Join(shown, "\n  "), strings.Join(want, "\n  "))
	}

	// No answer: said when it is tried again; the freed place is filled.
	v := selectRow(t, u, "Alicia Rivera")
	test.Tap(s.noAnswer)
	u.wait()
	if !s.status.Visible() || !strings.HasPrefix(s.status.Text, "No answer from Alicia Rivera: next try: ") || !strings.Contains(s.status.Text, "their time") {
		t.Errorf("after No answer Today says %q", s.status.Text)
	}
	for _, it := range shownOnToday(s) {
		if it.ID == v.item.ID {
			t.Error("the call nobody answered is still on Today")
		}
	}
	if shown, want := listed(shownOnToday(s)), rapportToday(t, st); !slices.Equal(shown, want) {
		t.Errorf("after No answer the window lists\n  %s\nrapport today lists\n  %s", strings.Join(shown, "\n  "), strings.Join(want, "\n  "))
	}
}

// entryText is the note of the last follow-up done with the customer.
func entryText(t *testing.T, st *store.Store, name string) string {
	t.Helper()
	hist, err := st.History(context.Background(), customerNamed(t, st, name).ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hist {
		if h.Status == shop.StatusDone {
			return h.Notes
		}
	}
	return ""
}

func TestTodaysTimesTellOneStory(t *testing.T) {
	u, st := newTestUI(t)
	s := u.todayTab()
	s.whose.SetSelected(everyonesCalls)
	u.wait()

	// Tom Becker takes calls in the evening; the promise is for 14:00 his time.
	// The row and the call screen say the promised time, never "not now".
	tom := selectRow(t, u, "Tom Becker")
	row := newAgendaRow()
	row.set(tom)
	shown := strings.Join(texts(row), "\n")
	if strings.Contains(shown, "Not now") || !strings.Contains(shown, "Promised for 14:00 their time") {
		t.Errorf("Tom's row says %q; want the promised time, and no \"not now\"", shown)
	}
	// Both clocks, the shop's first: 15:00 in New York is 14:00 in Chicago.
	if !strings.Contains(shown, "15:00") || !strings.Contains(shown, "14:00 CST") {
		t.Errorf("Tom's row shows %q; want 15:00 (the shop's) and 14:00 CST", shown)
	}
	detail := strings.Join(texts(s.detail), "\n")
	if !strings.Contains(detail, "15:00 here · 14:00 CST") {
		t.Errorf("the call screen says %q; want the due time as 15:00 here · 14:00 CST", detail)
	}

	// Reschedule… offers a time it then accepts.
	test.Tap(s.reschedule)
	tapDialogButton(t, u.win, "Reschedule")
	u.wait()
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("the time Reschedule… offered was refused: %q", texts(top))
	}
	moved := false
	for _, it := range pendingOf(t, st, tom.item.CustomerID) {
		if it.Due.After(tom.item.Due) && it.Channel == shop.ChannelPhone {
			moved = true
		}
	}
	if !moved || !strings.Contains(s.status.Text, "Moved Tom Becker to ") {
		t.Errorf("after Reschedule… Today says %q", s.status.Text)
	}
}

// cardLines are the texts of the card titled title under o, each once.
func cardLines(t *testing.T, o fyne.CanvasObject, title string) []string {
	t.Helper()
	for _, c := range test.LaidOutObjects(o) {
		if sec, ok := c.(*section); ok && sec.title != nil && sec.title.Text == title {
			var out []string
			for _, l := range texts(sec.content) {
				if len(out) == 0 || out[len(out)-1] != l {
					out = append(out, l)
				}
			}
			return out
		}
	}
	t.Fatalf("no card %q in %q", title, texts(o))
	return nil
}

func TestTheCallScreenPutsTheOpenProblemFirst(t *testing.T) {
	u, _ := newTestUI(t)
	s := u.todayTab()
	s.whose.SetSelected(everyonesCalls)
	u.wait()
	selectRow(t, u, "Samuel Adeyemi")
	points := cardLines(t, s.detail, "What to talk about")
	if len(points) < 2 || !strings.HasPrefix(points[0], "• Open problem: ") {
		t.Errorf("Samuel's talking points are %q; want his open problem first", points)
	}
	selectRow(t, u, "Tom Becker")
	points = cardLines(t, s.detail, "What to talk about")
	if n := strings.Count(strings.Join(points, "\n"), "R-00239"); n != 1 {
		t.Errorf("Tom's talking points name R-00239 %d times: %q", n, points)
	}
}

func TestEachFollowUpOffersWhatFitsItsChannel(t *testing.T) {
	u, st := newTestUI(t)
	s := u.todayTab()
	s.whose.SetSelected(everyonesCalls)
	u.wait()
	selectRow(t, u, "Hannah Okafor") // her thank-you goes by email
	text := strings.Join(texts(s.detail), "\n")
	if strings.Contains(text, "How it goes") || strings.Contains(text, "Call now") {
		t.Errorf("an email follow-up shows the call script: %q", text)
	}
	if s.noAnswer.Visible() || !s.email.draft.Visible() || s.printLetter.Visible() {
		t.Errorf("an email follow-up offers No answer %v, Email… %v, Print letter %v; want the email only",
			s.noAnswer.Visible(), s.email.draft.Visible(), s.printLetter.Visible())
	}

	// A call: No answer, and a letter only where one can be posted.
	selectRow(t, u, "Kira Young")
	if !s.noAnswer.Visible() || s.email.draft.Visible() {
		t.Errorf("a call offers No answer %v, Email… %v", s.noAnswer.Visible(), s.email.draft.Visible())
	}
	if !s.printLetter.Visible() {
		t.Error("Kira Young has a postal address, and no letter is offered")
	}
	kira := customerNamed(t, st, "Kira Young")
	kira.Address, kira.City, kira.PostalCode = "", "", ""
	if err := st.SaveCustomer(context.Background(), &kira); err != nil {
		t.Fatal(err)
	}
	s.reload()
	u.wait()
	selectRow(t, u, "Kira Young")
	if s.printLetter.Visible() {
		t.Error("a letter is offered to a customer with no postal address")
	}
	_ = fyne.KeyReturn
}

func TestMyCallsDoneSaysWhatIsLeftForOthers(t *testing.T) {
	u, st := newTestUI(t)
	u.setMe(staffNamed(t, st, "Maya Chen"))
	u.wait()
	s := u.todayTab()
	if s.whose.Selected != myCalls || len(s.views) != 1 {
		t.Fatalf("Maya's calls: %q (%s)", listed(shownOnToday(s)), s.whose.Selected)
	}
	selectRow(t, u, "Kira Young")
	test.Tap(s.done)
	tapDialogButton(t, u.win, "Record")
	u.wait()
	if len(s.views) != 0 || !s.empty.Visible() {
		t.Fatalf("after Maya's last call Today lists %q", listed(shownOnToday(s)))
	}
	others := len(s.all)
	if others == 0 {
		t.Fatal("the demo day has no calls of others left")
	}
	shown := strings.Join(texts(s.empty), "\n")
	if strings.Contains(shown, "every call is made") {
		t.Errorf("with %d follow-ups of others left, Today says %q", others, shown)
	}
	if want := fmt.Sprintf("%d follow-ups today are someone else's", others); !strings.Contains(shown, want) {
		t.Errorf("Today says %q; want %q", shown, want)
	}
	tapButtonIn(t, s.empty, "Show everyone's")
	u.wait()
	if s.whose.Selected != everyonesCalls || len(s.views) != others {
		t.Errorf("Show everyone's: %s, %d follow-ups listed", s.whose.Selected, len(s.views))
	}
}

// staffNamed is the ID of the staff member named name.
func staffNamed(t *testing.T, st *store.Store, name string) shop.ID {
	t.Helper()
	staff, err := st.Staff(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range staff {
		if m.Name == name {
			return m.ID
		}
	}
	t.Fatalf("no staff member %s", name)
	return 0
}

// tapButtonIn taps the button with text under o.
func tapButtonIn(t *testing.T, o fyne.CanvasObject, text string) {
	t.Helper()
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok && b.Text == text && b.Visible() {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q in %q", text, texts(o))
}

func TestTheDigestAndTheLedgerAgreeOnBrokenPromises(t *testing.T) {
	u, st := newTestUI(t)
	ledger, err := st.Promises(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	broken := 0
	for _, r := range ledger {
		if r.Outcome.State == shop.PromiseBroken {
			broken++
		}
	}
	if broken == 0 {
		t.Fatal("the demo's ledger has no broken promise")
	}
	u.showDigest()
	u.wait()
	msg := overlayText(t, u.win)
	if strings.Contains(msg, "every promise is kept") {
		t.Errorf("with %d broken promises in the ledger the digest says\n%s", broken, msg)
	}
}

func TestAPromiseSaysTheShopsTimeBesideTheirsOnlyWhenTheyDiffer(t *testing.T) {
	u, _ := newTestUI(t)
	u.goTo(tabPromises)
	u.wait()
	s := u.built[tabPromises].(*promisesScreen)
	sawOther, sawSame := false, false
	for i, r := range s.recs {
		s.list.Select(i)
		u.wait()
		shown := strings.Join(texts(s.detail), "\n")
		other := otherZone(r.Due, r.Customer.Location(u.shopZone()), u.shopZone())
		if here := strings.Contains(shown, " here)"); here != other {
			t.Errorf("%s's promise (their zone %q) says %q", r.Customer.Name, r.Customer.TimeZone, shown)
		}
		sawOther, sawSame = sawOther || other, sawSame || !other
	}
	if !sawOther || !sawSame {
		t.Errorf("the demo's promises are in the shop's zone %v, in another %v; want both", sawSame, sawOther)
	}
}
