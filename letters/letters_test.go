package letters

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-app/rapport/assets"
	"github.com/rapport-app/rapport/data/shop"
)

// The demo shop and a customer whose name and town need more than Latin-1.
func testShop() shop.Business {
	return shop.Business{
		Name:     "Harbor & Pine Coffee Roasters",
		Address:  "12 Wharf Street\nPortland, ME 04101",
		Phone:    "(207) 555-0142",
		Email:    "hello@harborandpine.com",
		Website:  "harborandpine.com",
		Logo:     assets.SampleLogo,
		TimeZone: "America/New_York",
	}
}

func customer() shop.Customer {
	return shop.Customer{
		Name:       "Zoë Ødegård",
		Address:    "ul. Piotrkowska 104",
		City:       "Łódź",
		PostalCode: "90-926",
		Country:    "PL",
		TimeZone:   "Europe/Warsaw",
	}
}

var (
	rep      = shop.Staff{Name: "Maria Chen", Title: "Customer Care Lead"}
	letterOn = time.Date(2025, 3, 10, 15, 0, 0, 0, time.UTC)
)

func purchase() *shop.Purchase {
	return &shop.Purchase{ID: 42, At: time.Date(2025, 3, 3, 17, 0, 0, 0, time.UTC),
		Items: "Ethiopia Guji beans, 2 × 1 kg", AmountCents: 123450, Channel: shop.ChannelVisit}
}

func complaint() *shop.Issue {
	return &shop.Issue{ID: 7, Type: shop.IssueComplaint, Channel: shop.ChannelPhone,
		OpenedAt: time.Date(2025, 3, 4, 9, 30, 0, 0, time.UTC),
		Summary:  "Grinder arrived with a cracked hopper", Reference: "HP-1042"}
}

func event() *Event {
	return &Event{Name: "Winter tasting evening", At: time.Date(2025, 12, 6, 23, 0, 0, 0, time.UTC),
		Place: "our roastery, 12 Wharf Street"}
}

// letterOf builds a complete letter of kind k.
func letterOf(k Kind) Letter {
	l := Letter{Kind: k, Business: testShop(), Customer: customer(), Rep: rep, Date: letterOn}
	switch k {
	case ThankYou, PurchaseFollowUp:
		l.Purchase = purchase()
	case FollowUp, Apology:
		l.Issue = complaint()
	case Invitation:
		l.Event = event()
	case HolidayCard:
		l.Purchase = purchase()
		l.Promotion = "10% off whole-bean gift boxes until January 6."
	}
	return l
}

func render1(t testing.TB, l Letter) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, l); err != nil {
		t.Fatalf("Write(%s): %v", l.Kind, err)
	}
	return buf.Bytes()
}

// needTool skips the test when a poppler tool is missing, saying how to get it;
// in CI (CI set), where .ci/install-deps installs it, a missing tool fails the test.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not found in CI: .ci/install-deps installs poppler-utils", name)
		}
		t.Skipf("%s not found (apt-get install -y poppler-utils): cannot read PDFs back", name)
	}
}

// pdfText is the text pdftotext reads from pdf, with whitespace runs folded to
// single spaces so that wrapped sentences still match.
func pdfText(t *testing.T, pdf []byte, args ...string) string {
	t.Helper()
	needTool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", append(append(args, "-enc", "UTF-8"), path, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// pdfInfo returns pdfinfo's value for key ("Pages", "Page size").
func pdfInfo(t *testing.T, pdf []byte, key string) string {
	t.Helper()
	needTool(t, "pdfinfo")
	path := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfinfo", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(key) + `:\s*(.*)$`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("pdfinfo printed no %q:\n%s", key, out)
	}
	return strings.TrimSpace(m[1])
}

func assertContains(t *testing.T, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("PDF text lacks %q\ntext: %s", w, text)
		}
	}
}

func TestEveryKindNamesCustomerSubjectRepAndWaysToGetInTouch(t *testing.T) {
	letterhead := []string{"Harbor & Pine Coffee Roasters", "(207) 555-0142", "hello@harborandpine.com", "harborandpine.com"}
	closing := "If you need any further assistance, please call us at (207) 555-0142."
	tests := []struct {
		kind Kind
		want []string
	}{
		{ThankYou, []string{"Dear Zoë,", "Ethiopia Guji beans, 2 × 1 kg", "March 3, 2025", closing}},
		{PurchaseFollowUp, []string{"Dear Zoë,", "How are you getting on with your Ethiopia Guji beans, 2 × 1 kg?",
			"March 3, 2025", "anything we can help with", closing}},
		{FollowUp, []string{"Dear Zoë,", "Grinder arrived with a cracked hopper", "HP-1042", "I am sorry again", closing}},
		{Apology, []string{"Dear Zoë,", "Grinder arrived with a cracked hopper", "HP-1042", "apologize again", "accept our sincere apologies", closing}},
		{Invitation, []string{"Dear Zoë,", "Winter tasting evening", "Saturday, December 6, 2025 at 6:00 PM", "our roastery", closing}},
		{HolidayCard, []string{"Season’s Greetings", "Dear Zoë,", "peaceful holiday season", "10% off whole-bean gift boxes"}},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			text := pdfText(t, render1(t, letterOf(tt.kind)))
			assertContains(t, text, letterhead...)
			assertContains(t, text, tt.want...)
			assertContains(t, text, "Maria Chen")
			if tt.kind != HolidayCard {
				assertContains(t, text, "Customer Care Lead", "Łódź", "March 10, 2025")
				if got := pdfInfo(t, render1(t, letterOf(tt.kind)), "Pages"); got != "1" {
					t.Errorf("%s has %s pages, want 1", tt.kind, got)
				}
			}
		})
	}
}

func TestFollowUpApologisesOnlyAfterComplaints(t *testing.T) {
	resolved := time.Date(2025, 3, 6, 12, 0, 0, 0, time.UTC)
	l := letterOf(FollowUp)
	l.Issue.Type = shop.IssueSupport
	l.Issue.ResolvedAt = &resolved
	text := pdfText(t, render1(t, l))
	assertContains(t, text, "We believe it has been settled", "HP-1042")
	if strings.Contains(text, "sorry") || strings.Contains(text, "apolog") {
		t.Errorf("a follow-up after a support issue apologises:\n%s", text)
	}
}

func TestTemplateKeepsWhatTheRulesRequire(t *testing.T) {
	l := letterOf(FollowUp)
	l.Body = "Hello {first_name}: about {issue} ({reference}), we have sent a new hopper by courier.\n\nIt should arrive on Friday, {{for sure}}."
	text := pdfText(t, render1(t, l))
	assertContains(t, text, "Following up: Grinder arrived with a cracked hopper (reference HP-1042)",
		"I am sorry again", // a complaint: the apology stays whatever the template says
		"Hello Zoë: about “Grinder arrived with a cracked hopper” (HP-1042), we have sent a new hopper by courier.",
		"It should arrive on Friday, {for sure}.", "Please quote reference HP-1042",
		"If you need any further assistance, please call us at (207) 555-0142.", "Maria Chen")
	if strings.Contains(text, "We are still working on it") {
		t.Error("the default text is still there")
	}
}

func TestUnknownPlaceholderIsAnErrorNamingIt(t *testing.T) {
	for _, tc := range []struct {
		k         Kind
		body, err string
	}{
		{ThankYou, "Dear {frist_name}", "unknown placeholder {frist_name} in the thank-you letter"},
		{ThankYou, "About {issue}", "unknown placeholder {issue} in the thank-you letter"},
		{HolidayCard, "Enjoy your {items}", "unknown placeholder {items} in the holiday card"},
		{Invitation, "Come {event", "unclosed placeholder"},
		{Apology, "Sorry } again", "a lone }"},
	} {
		if err := CheckTemplate(tc.k, tc.body); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("CheckTemplate(%s, %q) = %v, want %q", tc.k, tc.body, err, tc.err)
		}
		l := letterOf(tc.k)
		l.Body = tc.body
		var buf bytes.Buffer
		if err := Write(&buf, l); err == nil || !strings.Contains(err.Error(), tc.err) || buf.Len() > 0 {
			t.Errorf("Write with %q: err = %v, %d bytes; want %q and nothing written", tc.body, err, buf.Len(), tc.err)
		}
	}
	for _, k := range Kinds {
		if err := CheckTemplate(k, DefaultTemplate(k)); err != nil {
			t.Errorf("the default %s template: %v", k, err)
		}
		for _, p := range Placeholders(k) {
			if err := CheckTemplate(k, "{"+p.Name+"}"); err != nil {
				t.Errorf("%s: {%s}: %v", k, p.Name, err)
			}
		}
	}
}

func TestMoneyAndPaperFollowTheShopsCountry(t *testing.T) {
	for _, tc := range []struct {
		country string
		cents   int64
		want    string
		paper   Paper
	}{
		{"", 123450, "$1,234.50", USLetter},
		{"US", -500, "-$5.00", USLetter},
		{"ca", 1999, "C$19.99", USLetter},
		{"GB", 1200, "£12.00", A4},
		{"DE", 500, "€5.00", A4},
		{"IE", 500, "€5.00", A4},
		{"AU", 100, "A$1.00", A4},
		{"AO", 100, "1.00", A4},
	} {
		if got := shop.FormatMoney(tc.country, tc.cents); got != tc.want {
			t.Errorf("FormatMoney(%q, %d) = %q, want %q", tc.country, tc.cents, got, tc.want)
		}
		if got := PaperFor(tc.country, ""); got != tc.paper {
			t.Errorf("PaperFor(%q) = %s, want %s", tc.country, got, tc.paper)
		}
	}
	if PaperFor("US", "a4") != A4 || PaperFor("DE", "letter") != USLetter {
		t.Error("the owner's paper choice does not win over the country")
	}
	l := letterOf(ThankYou)
	l.Country = "GB"
	l.Body = "You paid {amount} on {purchase_date}."
	assertContains(t, pdfText(t, render1(t, l)), "You paid £1,234.50 on 3 March 2025.", "10 March 2025")
}

func TestNonLatinTextRoundTrips(t *testing.T) {
	l := letterOf(ThankYou)
	l.Customer.Name = "Zoë Ødegård"
	l.Customer.City = "Łódź"
	l.Body = "Greetings from Łukasz, Øyvind, Ἀλέξανδρος and Иван, from our friends in 東京 and Αθήνα, and from Москва."
	text := pdfText(t, render1(t, l))
	// CJK has no glyphs in DejaVu: each character prints as a visible "?".
	assertContains(t, text, "Zoë Ødegård", "Łódź", "Łukasz, Øyvind, Ἀλέξανδρος and Иван", "in ?? and Αθήνα", "Москва")
}

func TestEmojiAndControlCharactersAreDroppedNotFatal(t *testing.T) {
	for _, k := range Kinds {
		t.Run(k.String(), func(t *testing.T) {
			l := letterOf(k)
			l.Customer.Name = "Zoë 🎉 Ødegård\u200d\x07"
			l.Rep.Name = "Maria ❤️ Chen"
			if l.Purchase != nil {
				l.Purchase.Items = "Gift box ☕🎁 deluxe"
			}
			if l.Issue != nil {
				l.Issue.Summary = "Hopper cracked 😡\tagain"
			}
			l.Body = "Thanks!\r\n\r\n\x00Enjoy 🍀 the coffee."
			text := pdfText(t, render1(t, l))
			assertContains(t, text, "Dear Zoë,", "Maria ? Chen", "Enjoy ? the coffee.")
			if k == ThankYou || k == PurchaseFollowUp { // the subject names the items
				assertContains(t, text, "Gift box ?? deluxe")
			}
		})
	}
}

func TestLogos(t *testing.T) {
	grey16 := image.NewRGBA64(image.Rect(0, 0, 300, 100))
	for i := range grey16.Pix {
		grey16.Pix[i] = byte(i * 7)
	}
	var png16, jpg bytes.Buffer
	if err := png.Encode(&png16, grey16); err != nil {
		t.Fatal(err)
	}
	photo := image.NewRGBA(image.Rect(0, 0, 2400, 900)) // gets shrunk to 600 px wide
	for y := 0; y < 900; y++ {
		for x := 0; x < 2400; x++ {
			photo.Set(x, y, color.RGBA{uint8(x), 90, 140, 255})
		}
	}
	if err := jpeg.Encode(&jpg, photo, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		logo []byte
	}{
		{"no logo", nil},
		{"broken logo", []byte("\x89PNG\r\n\x1a\nthis is not really a PNG")},
		{"16-bit PNG", png16.Bytes()},
		{"large JPEG", jpg.Bytes()},
	}
	for _, tt := range tests {
		for _, k := range []Kind{ThankYou, HolidayCard} {
			t.Run(tt.name+"/"+k.String(), func(t *testing.T) {
				l := letterOf(k)
				l.Business.Logo = tt.logo
				assertContains(t, pdfText(t, render1(t, l)), "Harbor & Pine Coffee Roasters", "(207) 555-0142")
			})
		}
	}
}

func TestBatchOfCardsHasOnePagePerCard(t *testing.T) {
	names := []string{"Zoë Ødegård", "Sam Rivera", "Ana Łukasiewicz"}
	var ls []Letter
	for _, n := range names {
		l := letterOf(HolidayCard)
		l.Customer.Name = n
		ls = append(ls, l)
	}
	var buf bytes.Buffer
	if err := WriteBatch(&buf, ls); err != nil {
		t.Fatal(err)
	}
	if got := pdfInfo(t, buf.Bytes(), "Pages"); got != "3" {
		t.Errorf("Pages = %s, want 3", got)
	}
	// A whole US Letter sheet, folded to 4¼ × 5½ in.
	if got := pdfInfo(t, buf.Bytes(), "Page size"); !strings.HasPrefix(got, "612 x 792") {
		t.Errorf("Page size = %s, want 612 x 792 pts", got)
	}
	for i, n := range names {
		first, _, _ := strings.Cut(n, " ")
		assertContains(t, pdfText(t, buf.Bytes(), "-f", strconv.Itoa(i+1), "-l", strconv.Itoa(i+1)), "Dear "+first+",")
	}
}

func TestMixedBatchAndPaperSizes(t *testing.T) {
	card := letterOf(HolidayCard)
	card.Paper = A4
	letter := letterOf(Apology)
	letter.Paper = A4
	var buf bytes.Buffer
	if err := WriteBatch(&buf, []Letter{letterOf(ThankYou), letter, card}); err != nil {
		t.Fatal(err)
	}
	if got := pdfInfo(t, buf.Bytes(), "Pages"); got != "3" {
		t.Errorf("Pages = %s, want 3", got)
	}
	needTool(t, "pdfinfo")
	path := filepath.Join(t.TempDir(), "b.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfinfo", "-f", "1", "-l", "3", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Page    1 size:  612 x 792", "Page    2 size:  595.28 x 841.89", "Page    3 size:  595.28 x 841.89"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("pdfinfo lacks page size %s:\n%s", want, out)
		}
	}
}

func TestLongLetterCarriesLetterheadOnEveryPage(t *testing.T) {
	l := letterOf(FollowUp)
	l.Body = strings.Repeat("We have checked every step of the order again and will keep you posted. ", 12) +
		"\n\n" + strings.Repeat("Another paragraph about what happens next and when. ", 20) +
		"\n\n" + strings.Repeat("And a third paragraph, to be sure the letter runs onto a second page. ", 15)
	pdf := render1(t, l)
	if got := pdfInfo(t, pdf, "Pages"); got != "2" {
		t.Fatalf("Pages = %s, want 2", got)
	}
	assertContains(t, pdfText(t, pdf, "-f", "2", "-l", "2"), "hello@harborandpine.com", "(207) 555-0142", "Maria Chen")
}

func TestIdenticalInputGivesIdenticalBytes(t *testing.T) {
	for _, k := range Kinds {
		t.Run(k.String(), func(t *testing.T) {
			a, b := render1(t, letterOf(k)), render1(t, letterOf(k))
			if !bytes.Equal(a, b) {
				t.Errorf("two renderings differ (%d and %d bytes)", len(a), len(b))
			}
			if !bytes.HasPrefix(a, []byte("%PDF-")) {
				t.Errorf("output does not start like a PDF: %q", a[:min(len(a), 10)])
			}
		})
	}
}

func TestMissingFieldsAreNamed(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Letter)
		want   string
	}{
		{"thank-you without purchase", func(l *Letter) { l.Kind = ThankYou; l.Purchase = nil }, "letters: thank-you letter needs a purchase"},
		{"thank-you with emoji-only items", func(l *Letter) { l.Kind = ThankYou; l.Purchase = &shop.Purchase{Items: "🎁"} }, "needs the purchase's items"},
		{"follow-up without issue", func(l *Letter) { l.Kind = FollowUp }, "letters: follow-up letter needs an issue"},
		{"apology without summary", func(l *Letter) { l.Kind = Apology; l.Issue = &shop.Issue{} }, "apology letter needs the issue's summary"},
		{"invitation without event", func(l *Letter) { l.Kind = Invitation }, "letters: invitation needs an event"},
		{"invitation without date", func(l *Letter) { l.Kind = Invitation; l.Event = &Event{Name: "Tasting"} }, "invitation needs the event's date"},
		{"no customer name", func(l *Letter) { l.Customer.Name = " " }, "thank-you letter needs the customer's name"},
		{"no date", func(l *Letter) { l.Date = time.Time{} }, "needs a date"},
		{"no shop phone", func(l *Letter) { l.Business.Phone = "" }, "needs the shop's phone number"},
		{"no rep", func(l *Letter) { l.Rep = shop.Staff{} }, "needs the representative's name"},
		{"unknown kind", func(l *Letter) { l.Kind = 99 }, "unknown letter kind 99"},
		{"unknown paper", func(l *Letter) { l.Paper = 5 }, "unknown paper size 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := letterOf(ThankYou)
			tt.change(&l)
			var buf bytes.Buffer
			err := Write(&buf, l)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes despite the error", buf.Len())
			}
		})
	}
}

func TestHolidayCardNeedsNoRepOrPhone(t *testing.T) {
	l := letterOf(HolidayCard)
	l.Rep = shop.Staff{}
	l.Business.Phone = ""
	l.Purchase = nil
	l.Greeting = "Happy Holidays"
	assertContains(t, pdfText(t, render1(t, l)), "Happy Holidays", "Everyone at Harbor & Pine Coffee Roasters")
}

func TestHolidayCardWithLongMessageStaysOnOnePage(t *testing.T) {
	l := letterOf(HolidayCard)
	l.Body = strings.Repeat("Thank you for a wonderful year of coffee and conversation. ", 40)
	l.Customer.Name = strings.Repeat("Bartholomew ", 12)
	l.Greeting = "Happy Holidays and a Joyful, Peaceful New Year to You and Yours from All of Us at the Roastery"
	l.Promotion = strings.Repeat("Ten percent off every gift box, whole-bean or ground, until the sixth of January. ", 5)
	pdf := render1(t, l)
	if dir := os.Getenv("LETTERS_PREVIEW_DIR"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "long-card.pdf"), pdf, 0o644)
	}
	if got := pdfInfo(t, pdf, "Pages"); got != "1" {
		t.Errorf("Pages = %s, want 1", got)
	}
	assertContains(t, pdfText(t, pdf), "Warm wishes,", "Maria Chen")
}

func TestBatchErrorNamesTheItem(t *testing.T) {
	bad := letterOf(HolidayCard)
	bad.Customer.Name = "Sam Rivera"
	bad.Date = time.Time{}
	err := WriteBatch(&bytes.Buffer{}, []Letter{letterOf(HolidayCard), bad, letterOf(HolidayCard)})
	want := `letters: item 2 of 3 (Sam Rivera): holiday card needs a date`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
	if err := WriteBatch(&bytes.Buffer{}, nil); err == nil {
		t.Error("empty batch: no error")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrorIsReported(t *testing.T) {
	err := Write(failingWriter{}, letterOf(ThankYou))
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("err = %v, want the writer's error", err)
	}
}

func TestCallerValuesAreNotChanged(t *testing.T) {
	l := letterOf(ThankYou)
	l.Purchase.Items = "Beans 🎁"
	render1(t, l)
	if l.Purchase.Items != "Beans 🎁" {
		t.Errorf("Write changed the caller's purchase to %q", l.Purchase.Items)
	}
}

// Run with -race: gofpdf writes into the font bytes it is given, so each
// document must have its own copy.
func TestConcurrentWritesGiveTheSameBytes(t *testing.T) {
	want := render1(t, letterOf(Apology))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			var buf bytes.Buffer
			if err := Write(&buf, letterOf(Apology)); err != nil {
				t.Error(err)
			} else if !bytes.Equal(buf.Bytes(), want) {
				t.Error("a letter written concurrently differs from one written alone")
			}
		})
	}
	wg.Wait()
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Zoë   Ødegård ", "Zoë Ødegård"},
		{"Party 🎉 time", "Party ? time"},
		{"山田 ❤️", "?? ?"},
		{"a\tb\nc\x00d\u200be\uFE0F", "a b cde"},
		{"bad \xff byte", "bad byte"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got, want := cleanLines("\n\nOne\r\nline 🎉 two\n\n\n\nThree\n\n"), "One\nline ? two\n\nThree"; got != want {
		t.Errorf("cleanLines = %q, want %q", got, want)
	}
}

func TestAddressLinesNameTheCountryOnlyForForeignAddresses(t *testing.T) {
	us := shop.Customer{Name: "Sam Rivera", Company: "Rivera Bakery", Address: "4 Elm St\nSuite 2",
		City: "Portland", Region: "ME", PostalCode: "04101", Country: "US"}
	uk := shop.Customer{Name: "Øyvind Berg", Address: "10 Downing Street", City: "London", PostalCode: "SW1A 2AA", Country: "GB"}
	for _, tc := range []struct {
		c          shop.Customer
		shop, want string
	}{
		{us, "US", "Sam Rivera|Rivera Bakery|4 Elm St|Suite 2|Portland, ME 04101"},
		{us, "", "Sam Rivera|Rivera Bakery|4 Elm St|Suite 2|Portland, ME 04101"},
		{us, "DE", "Sam Rivera|Rivera Bakery|4 Elm St|Suite 2|Portland, ME 04101|UNITED STATES"},
		{customer(), "US", "Zoë Ødegård|ul. Piotrkowska 104|90-926 Łódź|POLAND"},
		{customer(), "pl", "Zoë Ødegård|ul. Piotrkowska 104|90-926 Łódź"},
		{uk, "GB", "Øyvind Berg|10 Downing Street|LONDON|SW1A 2AA"},
		{uk, "US", "Øyvind Berg|10 Downing Street|LONDON|SW1A 2AA|UNITED KINGDOM"},
		{shop.Customer{Name: "Ana", Address: "Rua 1", City: "Luanda", Country: "AO"}, "US", "Ana|Rua 1|Luanda|AO"},
	} {
		if got := strings.Join(addressLines(tc.c, tc.shop), "|"); got != tc.want {
			t.Errorf("address of %s from a shop in %q = %q, want %q", tc.c.Name, tc.shop, got, tc.want)
		}
	}
}

func TestBrandColourComesFromLogo(t *testing.T) {
	lg, ok := loadLogo(assets.SampleLogo)
	if !ok {
		t.Fatal("sample logo did not load")
	}
	// The sample logo's pine green: green dominates, and it is dark enough for text.
	if c := lg.accent; !(c.g > c.r && c.g > c.b) || luminance([3]float64{float64(c.r), float64(c.g), float64(c.b)}) > 0.18 {
		t.Errorf("accent = %+v, want a dark green", c)
	}
	if _, ok := loadLogo([]byte("nope")); ok {
		t.Error("loadLogo accepted bytes that are not an image")
	}
}

// TestPreview writes one PDF of each kind to $LETTERS_PREVIEW_DIR, for looking
// at the layout (pdftoppm -png -r 60 …); it does nothing without the variable.
func TestPreview(t *testing.T) {
	dir := os.Getenv("LETTERS_PREVIEW_DIR")
	if dir == "" {
		t.Skip("set LETTERS_PREVIEW_DIR to write preview PDFs")
	}
	for _, k := range Kinds {
		l := letterOf(k)
		name := strings.ReplaceAll(k.String(), " ", "-")
		if err := os.WriteFile(filepath.Join(dir, name+".pdf"), render1(t, l), 0o644); err != nil {
			t.Fatal(err)
		}
		l.Business.Logo = nil
		l.Customer = shop.Customer{Name: "Sam Rivera", Company: "Rivera Bakery", Address: "4 Elm St",
			City: "Portland", Region: "ME", PostalCode: "04101", Salutation: "Dear Mr. Rivera"}
		if err := os.WriteFile(filepath.Join(dir, name+"-no-logo.pdf"), render1(t, l), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func BenchmarkThankYou(b *testing.B) {
	l := letterOf(ThankYou)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, l); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

// BenchmarkHolidayCardBatch100 is the season's cards for 100 customers: the
// fonts and the logo are read once for the whole batch.
func BenchmarkHolidayCardBatch100(b *testing.B) {
	ls := make([]Letter, 100)
	for i := range ls {
		ls[i] = letterOf(HolidayCard)
		ls[i].Customer.Name = "Customer " + strconv.Itoa(i)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteBatch(&buf, ls); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
