package letters

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

func TestLabelsFillTheSheetForThePaper(t *testing.T) {
	for _, tc := range []struct {
		paper        Paper
		perSheet     int
		size, sheets string
	}{
		{USLetter, 30, "612 x 792", "2"}, // Avery 5160: 3 × 10
		{A4, 21, "595.28 x 841.89", "2"}, // Avery L7160: 3 × 7
	} {
		t.Run(tc.paper.String(), func(t *testing.T) {
			m := mailing(tc.paper)
			for len(m.Customers) <= tc.perSheet {
				c := mailingList()[0]
				c.Name = "Customer " + strconv.Itoa(len(m.Customers)+1)
				m.Customers = append(m.Customers, c)
			}
			var buf bytes.Buffer
			if err := WriteLabels(&buf, m); err != nil {
				t.Fatal(err)
			}
			if got := pdfInfo(t, buf.Bytes(), "Pages"); got != tc.sheets {
				t.Errorf("%d labels on %s sheets, want %s", len(m.Customers), got, tc.sheets)
			}
			if got := pdfInfo(t, buf.Bytes(), "Page size"); !strings.HasPrefix(got, tc.size) {
				t.Errorf("page size %s, want %s", got, tc.size)
			}
			first := pdfText(t, buf.Bytes(), "-f", "1", "-l", "1")
			assertContains(t, first, "Sam Rivera Rivera Bakery 4 Elm St Suite 2 Portland, ME 04101",
				"Zoë Ødegård ul. Piotrkowska 104 90-926 Łódź POLAND", "Łukasz Wiśniewski", "0155 Oslo NORWAY",
				"Ἀλέξανδρος Παπαδόπουλος", "Иван Петров", "LONDON NW1 6XE UNITED KINGDOM", "Customer "+strconv.Itoa(tc.perSheet))
			if strings.Contains(first, "UNITED STATES") {
				t.Error("a US address on a US shop's label names the country")
			}
			second := pdfText(t, buf.Bytes(), "-f", "2", "-l", "2")
			assertContains(t, second, "Customer "+strconv.Itoa(tc.perSheet+1))
		})
	}
}

func TestEnvelopesCarryTheReturnAddress(t *testing.T) {
	for _, tc := range []struct {
		paper Paper
		size  string
	}{{USLetter, "684 x 297"}, {A4, "623.62 x 311.81"}} {
		var buf bytes.Buffer
		m := mailing(tc.paper)
		if err := WriteEnvelopes(&buf, m); err != nil {
			t.Fatal(err)
		}
		if got := pdfInfo(t, buf.Bytes(), "Pages"); got != strconv.Itoa(len(m.Customers)) {
			t.Errorf("%d envelopes, want %d", len(m.Customers), len(m.Customers))
		}
		if got := pdfInfo(t, buf.Bytes(), "Page size"); !strings.HasPrefix(got, tc.size) {
			t.Errorf("%s envelope is %s, want %s", tc.paper.Envelope().Name, got, tc.size)
		}
		assertContains(t, pdfText(t, buf.Bytes(), "-f", "2", "-l", "2"),
			"Harbor & Pine Coffee Roasters 12 Wharf Street Portland, ME 04101", "Zoë Ødegård ul. Piotrkowska 104 90-926 Łódź POLAND")
	}
	if err := WriteEnvelopes(&bytes.Buffer{}, Mailing{Business: testShop(), Date: letterOn}); err == nil || !strings.Contains(err.Error(), "no customer with a postal address") {
		t.Errorf("an empty mailing: err = %v", err)
	}
}

// TestLayoutBytesAreStable guards the layout: the same input gives the same
// bytes, and these hashes change only when the layout does. When a change is
// meant, render the docs (make docs), look at them, and update the hashes.
func TestLayoutBytesAreStable(t *testing.T) {
	docs := map[string]func(*bytes.Buffer) error{
		"thank-you":    func(b *bytes.Buffer) error { return Write(b, letterOf(ThankYou)) },
		"apology":      func(b *bytes.Buffer) error { return Write(b, letterOf(Apology)) },
		"holiday-card": func(b *bytes.Buffer) error { return Write(b, letterOf(HolidayCard)) },
		"labels":       func(b *bytes.Buffer) error { return WriteLabels(b, mailing(USLetter)) },
		"envelopes":    func(b *bytes.Buffer) error { return WriteEnvelopes(b, mailing(A4)) },
	}
	want := map[string]string{
		"thank-you":    "95dbf9de4b1dddd1",
		"apology":      "4db7146ebdb282cf",
		"holiday-card": "f0bc2213f5d2ce1e",
		"labels":       "e9f973e822fbc186",
		"envelopes":    "2654af0c1a5846f7",
	}
	compressPDF = false
	defer func() { compressPDF = true }()
	for name, render := range docs {
		var a, b bytes.Buffer
		if err := render(&a); err != nil {
			t.Fatal(err)
		}
		if err := render(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two renders of the same input differ", name)
		}
		if got := fmt.Sprintf("%x", sha256.Sum256(a.Bytes()))[:16]; got != want[name] {
			t.Errorf("%s: layout hash %s, want %s (if the change is meant, check docs/letters and update it)", name, got, want[name])
		}
	}
}

// FuzzTemplate: no template panics; every template CheckTemplate accepts
// prints, and every one it refuses fails Write with the same message.
func FuzzTemplate(f *testing.F) {
	for _, k := range Kinds {
		f.Add(int(k), DefaultTemplate(k))
	}
	for _, s := range []string{"", "{", "}", "{{", "}}", "{name", "{first_name}}", "{{first_name}}", "{ first_name }",
		"{FIRST_NAME}", "a\n\n\n{shop}\n", "{issue_status}", "{event_details}{amount}", "🎉{name}🎉", "\x00{\x00}", "{{{name}}}"} {
		f.Add(int(ThankYou), s) // each seed that parses renders a PDF: keep the corpus small
	}
	f.Fuzz(func(t *testing.T, kind int, body string) {
		k := Kinds[((kind%len(Kinds))+len(Kinds))%len(Kinds)]
		checkErr := CheckTemplate(k, cleanLines(body))
		l := letterOf(k)
		l.Body = body
		var buf bytes.Buffer
		err := Write(&buf, l)
		switch {
		case checkErr == nil && err != nil && strings.TrimSpace(cleanLines(body)) != "":
			t.Fatalf("%s template %q was accepted but does not print: %v", k, body, err)
		case checkErr != nil && err == nil:
			t.Fatalf("%s template %q was refused (%v) but printed", k, body, checkErr)
		case err == nil && buf.Len() == 0:
			t.Fatalf("%s template %q printed nothing", k, body)
		}
	})
}

// BenchmarkHolidayCards1000 renders the season's cards for 1,000 customers,
// each with their own name and address, into one PDF. Target: under 3 s and
// under 200 MB. peak-heap-MB samples the heap in use while it runs.
func BenchmarkHolidayCards1000(b *testing.B) {
	names := []string{"Zoë Ødegård", "Łukasz Wiśniewski", "Øyvind Berg", "Ἀλέξανδρος Παπαδόπουλος", "Иван Петров", "Sam Rivera"}
	ls := make([]Letter, 1000)
	for i := range ls {
		ls[i] = letterOf(HolidayCard)
		ls[i].Customer.Name = names[i%len(names)] + " " + strconv.Itoa(i)
		ls[i].Customer.Address = strconv.Itoa(i+1) + " Harbour Lane"
	}
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	b.ReportAllocs()
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := WriteBatch(&buf, ls); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(size)/(1<<20), "pdf-MB")
}

func TestTextAndProgress(t *testing.T) {
	txt, err := Text(letterOf(Apology))
	if err != nil {
		t.Fatal(err)
	}
	assertContains(t, strings.Join(strings.Fields(txt), " "), "Our apologies: Grinder arrived with a cracked hopper (reference HP-1042)",
		"Dear Zoë,", "If you need any further assistance, please call us at (207) 555-0142.", "Maria Chen")
	if _, err := Text(Letter{Kind: ThankYou}); err == nil {
		t.Error("Text of an empty letter succeeded")
	}
	var calls []int
	ls := []Letter{letterOf(HolidayCard), letterOf(HolidayCard), letterOf(ThankYou)}
	if err := WriteBatchProgress(&bytes.Buffer{}, ls, func(done, total int) {
		if total != 3 {
			t.Errorf("total = %d", total)
		}
		calls = append(calls, done)
	}); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(calls) != "[1 2 3]" {
		t.Errorf("progress calls = %v", calls)
	}
}

// TestCardInsideIsPrintedUpsideDown reads word positions back with pdftotext
// -bbox: the front's greeting sits in the sheet's bottom right quarter, and the
// inside message in the top half, turned 180°, so that on the sheet its
// signature lies above its salutation and reads right once folded.
func TestCardInsideIsPrintedUpsideDown(t *testing.T) {
	needTool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "card.pdf")
	if err := os.WriteFile(path, render1(t, letterOf(HolidayCard)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-bbox", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	words := map[string][2]float64{} // first position of each word: x, y centre in points
	var pageW, pageH float64
	page := regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)"`).FindSubmatch(out)
	pageW, _ = strconv.ParseFloat(string(page[1]), 64)
	pageH, _ = strconv.ParseFloat(string(page[2]), 64)
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	for _, m := range re.FindAllSubmatch(out, -1) {
		var v [4]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(string(m[i+1]), 64)
		}
		if _, seen := words[string(m[5])]; !seen {
			words[string(m[5])] = [2]float64{(v[0] + v[2]) / 2, (v[1] + v[3]) / 2}
		}
	}
	at := func(w string) [2]float64 {
		p, ok := words[w]
		if !ok {
			t.Fatalf("no word %q on the card", w)
		}
		return p
	}
	if g := at("Greetings"); g[0] < pageW/2 || g[1] < pageH/2 {
		t.Errorf("the greeting is at %v, want the bottom right quarter (the front cover) of %v×%v", g, pageW, pageH)
	}
	dear, wishes := at("Dear"), at("wishes,")
	if dear[1] > pageH/2 || wishes[1] > pageH/2 {
		t.Errorf("the inside message is not in the top half: Dear at %v, wishes at %v", dear, wishes)
	}
	if !(wishes[1] < dear[1]) {
		t.Errorf("the inside is not turned: the signature (y %.0f) should lie above the salutation (y %.0f) on the sheet", wishes[1], dear[1])
	}
	if dear[0] > pageW/2 {
		t.Errorf("the message is in the top right quarter; turned, it must be the top left, behind the back cover")
	}
}

// TestTheShopsNameIsNeverBrokenAcrossLines reads the card back line by line: the
// shop's name stands whole on one line in the message and in the signature.
func TestTheShopsNameIsNeverBrokenAcrossLines(t *testing.T) {
	l := letterOf(HolidayCard)
	l.Rep = shop.Staff{Name: "Maria Chen"}
	needTool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "card.pdf")
	if err := os.WriteFile(path, render1(t, l), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	whole := 0
	for _, line := range strings.Split(strings.ReplaceAll(string(out), "\u00a0", " "), "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if strings.Contains(line, l.Business.Name) {
			whole++
		}
		if strings.HasSuffix(line, "Harbor &") || strings.HasPrefix(line, "Pine Coffee") {
			t.Errorf("the shop's name is broken across lines: %q", line)
		}
	}
	if whole < 2 {
		t.Errorf("the shop's name stands whole on %d lines; want the message and the signature:\n%s", whole, out)
	}
}
