package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/demo/demotest"
	"github.com/rapport-app/rapport/data/report"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/pgtest"
	"github.com/rapport-app/rapport/data/store/storetest"
)

// demoNow is the clock of the command tests: Monday 23 November 2026, 10:05 in
// the demo shop's New York.
var demoNow = time.Date(2026, 11, 23, 15, 5, 0, 0, time.UTC)

// demoShop is a copy of the demo shop made at demoNow; its commands run with
// --now demoNow.
type demoShop struct {
	t  *testing.T
	db string
}

// Under RAPPORT_TEST_ENGINE=postgres the copy is a fresh PostgreSQL database.
func newDemoShop(t *testing.T) demoShop {
	t.Helper()
	st := demotest.Demo(t, demoNow)
	if !pgtest.OnPostgres() {
		return demoShop{t: t, db: st.Path()}
	}
	db := pgtest.NewDatabase(t)
	if _, err := st.CopyTo(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	return demoShop{t: t, db: db}
}

// run runs a command on the shop and returns its output and exit status.
func (d demoShop) run(args ...string) (string, string, int) {
	d.t.Helper()
	return rapport(d.t, append([]string{"--db", d.db, "--now", demoNow.Format(time.RFC3339)}, args...)...)
}

// ok runs a command that must succeed and returns what it printed.
func (d demoShop) ok(args ...string) string {
	d.t.Helper()
	out, errs, code := d.run(args...)
	if code != 0 {
		d.t.Fatalf("%v: exit %d: %s%s", args, code, out, errs)
	}
	return out
}

// json runs a command with --json and decodes what it printed into v.
func (d demoShop) json(v any, args ...string) {
	d.t.Helper()
	out := d.ok(append(args, "--json")...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		d.t.Fatalf("%v --json: %v\n%s", args, err, out)
	}
}

// refused runs a command that must be refused with status code and a message
// containing want.
func (d demoShop) refused(code int, want string, args ...string) {
	d.t.Helper()
	_, errs, got := d.run(args...)
	if got != code || !strings.Contains(errs, want) {
		d.t.Errorf("%v: exit %d, %q; want exit %d and %q", args, got, errs, code, want)
	}
}

func (d demoShop) open() *store.Store {
	d.t.Helper()
	st, _, err := store.Open(d.db)
	if err != nil {
		d.t.Fatal(err)
	}
	d.t.Cleanup(func() { st.Close() })
	return st
}

func TestShopStaffAndRulesCommands(t *testing.T) {
	d := newDemoShop(t)
	var sv shopView
	d.json(&sv, "shop")
	if sv.Name != "Harbor & Pine Coffee Roasters" || sv.TimeZone != "America/New_York" || sv.BigTicket != "500.00" || sv.Country != "US" {
		t.Fatalf("shop = %+v", sv)
	}
	d.ok("shop", "set", "name=Harbor & Pine", "big_ticket=750", "paper=a4", `address=1 Quay St\nPortland`)
	d.json(&sv, "shop")
	if sv.Name != "Harbor & Pine" || sv.BigTicket != "750.00" || sv.Paper != "a4" || sv.Address != "1 Quay St\nPortland" {
		t.Errorf("after shop set: %+v", sv)
	}
	d.refused(2, `"colour" is not a key`, "shop", "set", "colour=blue")
	d.refused(1, `time_zone=Mars/Base: "Mars/Base" is not a time zone name`, "shop", "set", "name=Renamed", "time_zone=Mars/Base")
	d.json(&sv, "shop")
	if sv.Name != "Harbor & Pine" {
		t.Errorf("a refused shop set changed the name to %q", sv.Name)
	}

	d.ok("staff", "add", "Ines Alves", "--title", "Barista", "--senior")
	d.ok("staff", "set", "leo park", "active=no")
	var staff []staffView
	d.json(&staff, "staff")
	byName := map[string]staffView{}
	for _, s := range staff {
		byName[s.Name] = s
	}
	if s := byName["Ines Alves"]; !s.Senior || !s.Active || s.Title != "Barista" {
		t.Errorf("Ines Alves = %+v", s)
	}
	if byName["Leo Park"].Active {
		t.Error("Leo Park is still active")
	}
	d.refused(1, `no staff member is named "Nobody"`, "staff", "set", "Nobody", "active=no")
	d.refused(1, `active=maybe: "maybe" is not yes or no`, "staff", "set", "Sam Ortiz", "active=maybe")

	d.ok("rules", "set", "block_minutes=60", "call_earliest=09:30")
	var rules []ruleView
	d.json(&rules, "rules")
	got := map[string]ruleView{}
	for _, r := range rules {
		got[r.Key] = r
	}
	if got["block_minutes"].Value != "60" || got["block_minutes"].Default != "30" || got["call_earliest"].Value != "09:30" {
		t.Errorf("rules after set: %+v %+v", got["block_minutes"], got["call_earliest"])
	}
	d.refused(2, `"blocks" is not a key`, "rules", "set", "blocks=3")
	d.refused(1, `call_earliest=21:00: 21:00 must be earlier than Calls not after`, "rules", "set", "call_earliest=21:00")
}

func TestCustomerCommands(t *testing.T) {
	d := newDemoShop(t)
	var c customerView
	d.json(&c, "customer", "tom.becker@example.com")
	if c.Name != "Tom Becker" || !c.EveningOnly || c.TimeZone != "America/Chicago" {
		t.Fatalf("Tom = %+v", c)
	}
	d.ok("customer", "set", "TOM.BECKER@example.com", "preferred_call_time=18:30", "preferred_channel=email", "tags=vip, newsletter",
		"evening_only=no", "notes=Prefers mornings now")
	d.json(&c, "customer", strconv.FormatInt(c.ID, 10))
	if c.PreferredCallTime != "18:30" || c.PreferredChannel != "email" || c.EveningOnly || strings.Join(c.Tags, ",") != "vip,newsletter" ||
		c.Notes != "Prefers mornings now" {
		t.Errorf("after customer set: %+v", c)
	}
	d.refused(1, `time_zone=Mars/Base: "Mars/Base" is not a time zone name`, "customer", "set", "tom.becker@example.com", "time_zone=Mars/Base")
	d.refused(1, `preferred_call_time=25:00`, "customer", "set", "tom.becker@example.com", "preferred_call_time=25:00")
	d.refused(2, `"shoe_size" is not a key`, "customer", "set", "tom.becker@example.com", "shoe_size=44")
	d.refused(1, "no customer has the email nobody@example.com", "customer", "nobody@example.com")
	d.json(&c, "customer", "tom.becker@example.com")
	if c.PreferredCallTime != "18:30" {
		t.Errorf("a refused customer set changed the call time to %q", c.PreferredCallTime)
	}

	d.ok("customer", "add", "Ada Byron", "email=ada@example.com", "phone=+44 20 7946 0018", "country=GB")
	d.json(&c, "customer", "ada@example.com")
	if c.Name != "Ada Byron" || c.TimeZone != "Europe/London" || c.Phone != "+44 20 7946 0018" {
		t.Errorf("added customer = %+v; want the zone from the London number", c)
	}
	d.ok("sale", "ada@example.com", "--amount", "1299", "--items", "Espresso machine", "--sold-by", "Priya Nair")
	d.json(&c, "customer", "ada@example.com")
	if c.Sales != 1 || c.Spent != "1,299.00" || len(c.Pending) == 0 {
		t.Errorf("after the sale: %+v; want one sale and its follow-ups planned", c)
	}
	d.refused(1, `--sold-by "Nobody"`, "sale", "ada@example.com", "--amount", "5", "--sold-by", "Nobody")

	var is issueView
	d.json(&is, "issue", "ada@example.com", "--type", "complaint", "--summary", "Machine leaks", "--follow-up-in", "3")
	if is.Reference == "" || !is.Open || is.Type != "complaint" {
		t.Fatalf("issue = %+v", is)
	}
	d.ok("issue", "set", is.Reference, "escalated=yes")
	d.ok("contact", "ada@example.com", "--direction", "in", "--channel", "email", "--note", "Sent photos of the leak")
	st := d.open()
	ctx := t.Context()
	ada, _ := st.CustomerByEmail(ctx, "ada@example.com")
	issues, _ := st.Issues(ctx, ada.ID)
	contacts, _ := st.Contacts(ctx, ada.ID)
	if len(issues) != 1 || !issues[0].Escalated || len(contacts) != 1 || contacts[0].Summary != "Sent photos of the leak" {
		t.Errorf("issues %+v, contacts %+v", issues, contacts)
	}
	d.ok("promise", "ada@example.com", "--due", "2026-11-27 11:00", "--issue", is.Reference, "--note", "Call with the technician's answer")
	var items []Item
	d.json(&items, "agenda", "--from", "2026-11-27", "--to", "2026-11-27")
	found := false
	for _, it := range items {
		if it.Customer == "Ada Byron" && it.Promised && strings.HasPrefix(it.Due, "2026-11-27T11:00:00Z") {
			found = true
		}
	}
	if !found {
		t.Errorf("the promise to Ada at 11:00 London time is not on the agenda: %+v", items)
	}
	d.refused(1, "is not in the future", "promise", "ada@example.com", "--due", "2026-11-20 11:00")
	d.refused(2, `--due "Friday" is not a time`, "promise", "ada@example.com", "--due", "Friday")

	d.ok("customer", "delete", "ada@example.com")
	d.refused(1, "no customer has the email ada@example.com", "customer", "ada@example.com")
}

func TestOutcomeCommands(t *testing.T) {
	d := newDemoShop(t)
	var today []Item
	d.json(&today, "today")
	if len(today) < 4 {
		t.Fatalf("the demo shop has %d follow-ups today", len(today))
	}
	var call, other *Item
	for i := range today {
		if today[i].Channel == "phone" && call == nil {
			call = &today[i]
		} else if other == nil {
			other = &today[i]
		}
	}
	id := func(it *Item) string { return strconv.FormatInt(it.ID, 10) }
	out := d.ok("done", id(call), "--notes", "Happy with it", "--score", "5")
	if !strings.Contains(out, "Done: follow-up "+id(call)+" with "+call.Customer) {
		t.Errorf("done said %q", out)
	}
	st := d.open()
	fu, err := st.FollowUp(t.Context(), call.ID)
	if err != nil || fu.Status != shop.StatusDone || fu.Score != 5 || fu.Notes != "Happy with it" {
		t.Errorf("after done: %+v, %v", fu, err)
	}
	d.refused(1, "was already recorded", "done", id(call))
	d.refused(2, "--score 9 is not between 1 and 5", "done", id(other), "--score", "9")
	d.refused(1, "there is no follow-up 999999", "skip", "999999")

	out = d.ok("skip", id(other), "--notes", "Spoke at the counter")
	if !strings.Contains(out, "Skipped") {
		t.Errorf("skip said %q", out)
	}

	// No answer: the next try is said, and is on a later day.
	d.json(&today, "today")
	var call2 *Item
	for i := range today {
		if today[i].Channel == "phone" {
			call2 = &today[i]
			break
		}
	}
	if call2 == nil {
		t.Fatal("no call left today")
	}
	out = d.ok("no-answer", id(call2))
	if !strings.Contains(out, "Next try: ") {
		t.Errorf("no-answer said %q; want the next try", out)
	}

	// Reschedule: a time outside the call hours is refused with the next good one.
	var week []Item
	d.json(&week, "agenda", "--from", "2026-11-24", "--to", "2026-11-30")
	var later *Item
	for i := range week {
		if week[i].Channel == "phone" {
			later = &week[i]
			break
		}
	}
	if later == nil {
		t.Fatal("no call in the coming week")
	}
	d.refused(1, "is outside", "reschedule", id(later), "--to", "2026-11-28 23:30")
	d.ok("reschedule", id(later), "--to", "2026-11-28 17:15")
	hist, _ := st.History(t.Context(), later.CustomerID)
	moved := false
	for _, h := range hist {
		if h.Status == shop.StatusPending && h.Local().Format("2006-01-02 15:04") == "2026-11-28 17:15" {
			moved = true
		}
	}
	if !moved {
		t.Errorf("no follow-up of %s at 2026-11-28 17:15 their time after the reschedule", later.Customer)
	}
}

// pdfText is the text of a PDF file read back with pdftotext; CI (CI set) must
// have it (.ci/install-deps), elsewhere the test is skipped without it.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext not found in CI: .ci/install-deps installs poppler-utils")
		}
		t.Skip("pdftotext not found (apt-get install -y poppler-utils)")
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext %s: %v\n%s", path, err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestPrintCommands(t *testing.T) {
	d := newDemoShop(t)
	dir := t.TempDir()
	var all []Item
	d.json(&all, "agenda", "--from", "2026-11-23", "--to", "2027-03-01")
	var sale, complaint *Item
	for i := range all {
		switch {
		case sale == nil && strings.Contains(all[i].Reason, "working out") && all[i].Reference == "":
			sale = &all[i]
		case complaint == nil && strings.Contains(all[i].Reason, "Complaint"):
			complaint = &all[i]
		}
	}
	if sale == nil || complaint == nil {
		t.Fatalf("the demo agenda has no big-ticket call or complaint follow-up:\n%+v", all)
	}
	thanks := filepath.Join(dir, "thanks.pdf")
	out := d.ok("print", "thank-you", "--followup", strconv.FormatInt(sale.ID, 10), "--out", thanks)
	if !strings.Contains(out, "thank-you letter to "+sale.Customer) {
		t.Errorf("print said %q", out)
	}
	if st, err := os.Stat(thanks); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the letter file: %v, %v; want it readable by its owner only", st, err)
	}
	if text := pdfText(t, thanks); !strings.Contains(text, "Thank you") || !strings.Contains(text, "please call us at") {
		t.Errorf("the thank-you letter says: %s", text)
	}
	apology := filepath.Join(dir, "apology.pdf")
	d.ok("print", "apology", "--followup", strconv.FormatInt(complaint.ID, 10), "--out", apology)
	if text := pdfText(t, apology); !strings.Contains(text, "Grinder delivered two weeks late") {
		t.Errorf("the apology does not name the complaint: %s", text)
	}
	// Printing logged a contact, which planned the customer again: read the
	// follow-ups afresh.
	d.json(&all, "agenda", "--from", "2026-11-23", "--to", "2027-03-01")
	for i := range all {
		if strings.Contains(all[i].Reason, "working out") && all[i].Reference == "" {
			sale = &all[i]
			break
		}
	}
	d.refused(1, "is not about an issue", "print", "apology", "--followup", strconv.FormatInt(sale.ID, 10), "--out", filepath.Join(dir, "x.pdf"))
	if _, err := os.Stat(filepath.Join(dir, "x.pdf")); err == nil {
		t.Error("a refused print left a file")
	}
	st := d.open()
	contacts, _ := st.Contacts(t.Context(), complaint.CustomerID)
	if len(contacts) == 0 || contacts[0].Summary != "letter sent: apology letter" {
		t.Errorf("the apology is not in the contact log: %+v", contacts)
	}

	cards := filepath.Join(dir, "cards.pdf")
	out = d.ok("print", "cards", "--tag", "wholesale", "--out", cards)
	if !strings.Contains(out, "customers tagged wholesale") || !strings.Contains(out, "logged as sent") {
		t.Errorf("print cards said %q", out)
	}
	if text := pdfText(t, cards); !strings.Contains(text, "Season") {
		t.Errorf("the cards say: %s", text)
	}
	labels := filepath.Join(dir, "labels.pdf")
	d.ok("print", "labels", "--kind", "business", "--out", labels)
	if text := pdfText(t, labels); !strings.Contains(text, "Marcus Bell") {
		t.Errorf("the labels do not address Marcus Bell: %s", text)
	}
	inv := filepath.Join(dir, "invitations.pdf")
	d.ok("print", "invitations", "--since", "2026-11-01", "--event", "Winter tasting evening", "--when", "2026-12-12 18:00", "--out", inv)
	if text := pdfText(t, inv); !strings.Contains(text, "Winter tasting evening") {
		t.Errorf("the invitations say: %s", text)
	}
	d.refused(2, "--event NAME and --when", "print", "invitations", "--out", inv)
	d.refused(1, "nobody to print for", "print", "cards", "--tag", "no-such-tag", "--out", filepath.Join(dir, "none.pdf"))
}

func TestHelpListsEveryCommand(t *testing.T) {
	out, _, code := rapport(t, "help")
	if code != 0 {
		t.Fatal(code)
	}
	for _, c := range []string{"shop [--json]", "shop set KEY=VALUE", "staff add NAME", "staff set NAME", "rules set KEY=VALUE", "customer EMAIL|ID",
		"customer set EMAIL|ID", "promise EMAIL|ID --due", "done ID", "no-answer ID", "reschedule ID --to", "skip ID",
		"print thank-you|follow-up|apology", "print cards|labels|envelopes|invitations"} {
		if !strings.Contains(out, "  "+c) {
			t.Errorf("help does not list %q", c)
		}
	}
}

func TestTemplateLogoPreviewAndDeleteCommands(t *testing.T) {
	d := newDemoShop(t)
	dir := t.TempDir()
	var tpl templateView
	d.json(&tpl, "template", "thank-you")
	if tpl.Own || !strings.Contains(tpl.Body, "{") || len(tpl.Placeholders) == 0 {
		t.Fatalf("thank-you template = %+v", tpl)
	}
	bad := writeFile(t, dir, "bad.txt", "Dear {frist_name}, thank you.")
	d.refused(1, "{frist_name}", "template", "set", "thank-you", bad)
	good := writeFile(t, dir, "good.txt", "Thank you, {first_name}, for choosing us.")
	d.ok("template", "set", "thank-you", good)
	if out := d.ok("template", "thank-you"); !strings.Contains(out, "Thank you, {first_name}, for choosing us.") {
		t.Errorf("the stored template is %q", out)
	}
	d.ok("template", "reset", "thank-you")
	d.json(&tpl, "template", "thank-you")
	if tpl.Own {
		t.Error("template reset left the shop's own text")
	}

	var png bytes.Buffer
	if err := pngEncode(&png); err != nil {
		t.Fatal(err)
	}
	d.ok("shop", "set", "logo="+writeFile(t, dir, "logo.png", png.String()))
	notImage := writeFile(t, dir, "fake.png", "not an image")
	d.refused(1, "it is not a PNG or JPEG image; nothing was changed", "shop", "set", "logo="+notImage)
	var sv shopView
	d.json(&sv, "shop")
	if !sv.Logo {
		t.Error("a refused logo removed the shop's logo")
	}
	d.ok("shop", "set", "logo=")
	d.json(&sv, "shop")
	if sv.Logo {
		t.Error("logo= did not remove the logo")
	}

	sales := writeFile(t, dir, "sales.csv", "Email,Date,Total,Items\nalicia.rivera@example.com,11/20/2026,12.50,Beans\nnew.buyer@example.com,11/21/2026,x,Mug\n")
	var pv previewView
	d.json(&pv, "import", "sales", sales, "--preview")
	if pv.Records != 2 || pv.BadRows != 1 || len(pv.Errors) != 1 || !strings.Contains(pv.Errors[0], `row 3, column "Total"`) {
		t.Errorf("preview = %+v", pv)
	}
	st := d.open()
	if n, _ := st.ImportBatches(t.Context()); len(n) != 0 {
		t.Errorf("a preview logged %d imports", len(n))
	}

	var is issueView
	d.json(&is, "issue", "alicia.rivera@example.com", "--type", "support", "--summary", "Grinder jams")
	d.ok("issue", "delete", is.Reference)
	d.refused(1, "no issue has the reference "+is.Reference, "issue", "set", is.Reference, "escalated=yes")
	d.ok("sale", "alicia.rivera@example.com", "--amount", "9.50", "--items", "Filter papers")
	alicia, _ := st.CustomerByEmail(t.Context(), "alicia.rivera@example.com")
	ps, _ := st.Purchases(t.Context(), alicia.ID)
	d.ok("sale", "delete", strconv.FormatInt(ps[0].ID, 10))
	if after, _ := st.Purchases(t.Context(), alicia.ID); len(after) != len(ps)-1 {
		t.Errorf("%d sales after deleting one of %d", len(after), len(ps))
	}
	d.refused(1, "there is no sale 999999", "sale", "delete", "999999")
}

// pngEncode writes a small image as PNG.
func pngEncode(w io.Writer) error {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	return png.Encode(w, img)
}

// TestReportCommand checks that `report --json` holds every figure of the report
// the Reports screen shows (store.Report of the same period, field for field), that
// the text names its sections and totals, and that bad periods are refused.
func TestReportCommand(t *testing.T) {
	d := newDemoShop(t)
	var got report.Report
	d.json(&got, "report", "--from", "2026-06-01", "--to", "2026-11-22")
	st := d.open()
	st.Now = func() time.Time { return demoNow }
	loc := shop.ZoneOr("America/New_York", time.UTC)
	want, err := st.Report(t.Context(), time.Date(2026, 6, 1, 0, 0, 0, 0, loc), time.Date(2026, 11, 23, 0, 0, 0, 0, loc))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Fatalf("report --json differs from the store's report:\n%s\nwant\n%s", g, w)
	}
	if got.From != "2026-06-01" || got.To != "2026-11-22" || got.FollowUps.Total.Done == 0 || got.DoesItPay.Sample.CalledBuyers == 0 {
		t.Errorf("the demo's report is empty: %s to %s, %d done, %d drawn", got.From, got.To, got.FollowUps.Total.Done, got.DoesItPay.Sample.CalledBuyers)
	}

	text := d.ok("report", "--from", "2026-06-01", "--to", "2026-11-22")
	for _, want := range []string{"Harbor & Pine Coffee Roasters: report from 2026-06-01 to 2026-11-22", "Follow-ups\n==========",
		"Does following up pay?", "Common problems", fmt.Sprintf("Called: %s: %d buyers, %d reached.", got.DoesItPay.Sample.Called,
			got.DoesItPay.Sample.CalledBuyers, got.DoesItPay.Sample.Reached)} {
		if !strings.Contains(text, want) {
			t.Errorf("report text lacks %q:\n%s", want, text)
		}
	}
	file := filepath.Join(t.TempDir(), "report.pdf")
	if out := d.ok("report", "--from", "2026-06-01", "--to", "2026-11-22", "--pdf", file); !strings.Contains(out, "Wrote the report from 2026-06-01 to 2026-11-22 to "+file) {
		t.Errorf("report --pdf said %q", out)
	}
	pdf := strings.Join(strings.Fields(pdfText(t, file)), " ")
	for _, want := range []string{"Follow-up report", "Harbor & Pine", got.DoesItPay.Sample.Windows[0].Verdict} {
		if !strings.Contains(pdf, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("the report's PDF does not say %q:\n%s", want, pdf)
		}
	}
	d.refused(2, `--from "June" is not a date (YYYY-MM-DD)`, "report", "--from", "June")
	d.refused(2, "--to is before --from", "report", "--from", "2026-06-01", "--to", "2026-05-01")
}

// A follow-up read without its reasons (another program re-planned it between
// the two reads of a list, or a database edited by hand) is still recorded: no
// answer is saved and nothing crashes for want of a lead reason.
func TestNoAnswerOnAFollowUpWithoutReasons(t *testing.T) {
	d := newDemoShop(t)
	var today []Item
	d.json(&today, "today")
	var call *Item
	for i := range today {
		if today[i].Channel == "phone" {
			call = &today[i]
			break
		}
	}
	if call == nil {
		t.Fatal("the demo shop has no call today")
	}
	db := storetest.SQL(t, d.open())
	if _, err := db.Exec(`DELETE FROM followup_reasons WHERE followup_id = ?`, call.ID); err != nil {
		t.Fatal(err)
	}
	out := d.ok("no-answer", strconv.FormatInt(call.ID, 10))
	if !strings.Contains(out, "No answer") {
		t.Errorf("no-answer said %q", out)
	}
	fu, err := d.open().FollowUp(t.Context(), call.ID)
	if err != nil || fu.Status != shop.StatusNoAnswer {
		t.Errorf("after no-answer: %s, %v", fu.Status, err)
	}
}

// The help of each command reads as one paragraph wrapped to the width: no line
// of it but the last is cut short, leaving a word or two alone on a line.
func TestHelpTextFlowsWithoutOrphanWords(t *testing.T) {
	var out bytes.Buffer
	printUsage(&out)
	lines := strings.Split(out.String(), "\n")
	// A line of help is indented eight spaces; a usage's own second line, nine.
	help := func(l string) bool { return len(l) > 8 && strings.HasPrefix(l, "        ") && l[8] != ' ' }
	for i := 0; i+1 < len(lines); i++ {
		l, next := lines[i], lines[i+1]
		if !help(l) || !help(next) {
			continue // not two lines of one command's help
		}
		if n := len([]rune(strings.TrimSpace(l))); n+1+len(strings.Fields(next)[0]) <= 72 {
			t.Errorf("help line %q ends short (%d runes) though %q would fit on it", l, n, strings.Fields(next)[0])
		}
	}
}
