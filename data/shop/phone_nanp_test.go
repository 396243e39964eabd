package shop

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// nanpForms writes the ten digits of a North American number in the ways readNANP
// reads, and in ways close to them that it leaves to libphonenumber.
var nanpForms = []struct {
	format string
	fast   bool // readNANP reads it (when the area code starts with 2 to 9)
}{
	{"+1 %s %s %s", true},
	{"+1 %s-%s-%s", true},
	{"+1%s%s%s", true},
	{"+1-%s-%s-%s", true},
	{"+1 %s %s-%s", true},
	{"+1%s %s%s", true},
	{"+1 (%s) %s-%s", false},
	{"+1.%s.%s.%s", false},
	{"+1  %s %s %s", false},
	{"+1 %s %s %s ", false},
	{" +1 %s %s %s", false},
	{"+1 %s %s %s x12", false},
	{"+1 %s %s %s#", false},
	{"1 %s %s %s", false},
	{"(%s) %s-%s", false},
	{"+1 %s %s %s0", false},
	{"+44 %s %s %s", false},
	{"+1 %s %s -%s", false},
}

// TestNANPNumbersAreReadAsLibphonenumberReadsThem compares readNANP with
// libphonenumber's parser on every area code, on exchanges and lines at the edges,
// and on random numbers, in each form, read in several regions: wherever readNANP
// reads a number it is the number libphonenumber reads (every field of it), and it
// reads the forms it is meant to read.
func TestNANPNumbersAreReadAsLibphonenumberReadsThem(t *testing.T) {
	type number struct{ area, exchange, line string }
	var numbers []number
	for area := 0; area <= 999; area++ {
		for _, rest := range [][2]string{{"555", "0142"}, {"000", "0000"}, {"199", "9999"}, {"911", "1234"}} {
			numbers = append(numbers, number{fmt.Sprintf("%03d", area), rest[0], rest[1]})
		}
	}
	r := rand.New(rand.NewPCG(13, 2026))
	for range 3000 {
		numbers = append(numbers, number{fmt.Sprintf("%03d", r.IntN(1000)), fmt.Sprintf("%03d", r.IntN(1000)), fmt.Sprintf("%04d", r.IntN(10000))})
	}
	regions := []string{"US", "CA", "GB", "DE", "ZZ"}
	fastRead := 0
	for i, n := range numbers {
		form := nanpForms[i%len(nanpForms)]
		if i < 4000 {
			// Every area code in every form the fast path takes.
			form = nanpForms[i/4%6]
		}
		text := fmt.Sprintf(form.format, n.area, n.exchange, n.line)
		got := readNANP(text)
		if wantFast := form.fast && n.area[0] >= '2'; (got != nil) != wantFast {
			t.Errorf("readNANP(%q) = %v; want it read: %v", text, got, wantFast)
		}
		if got == nil {
			continue
		}
		fastRead++
		region := regions[i%len(regions)]
		want, err := phonenumbers.Parse(text, region)
		// The text form of a message names every field set (in the same
		// process, in the same way).
		if err != nil || got.String() != want.String() {
			t.Errorf("%q in %s: readNANP read %v; libphonenumber %v, %v", text, region, got, want, err)
		}
	}
	if fastRead < 3500 {
		t.Errorf("readNANP read %d of the numbers; the test means it to read most", fastRead)
	}
}

// TestPhoneFormsOfNumbersReadFastAreLibphonenumbers: the forms an import stores of
// a number readNANP reads are those libphonenumber makes of it.
func TestPhoneFormsOfNumbersReadFastAreLibphonenumbers(t *testing.T) {
	for _, text := range []string{"+1 212 555 0142", "+1 808-555-0100", "+12065550199", "+1 907 555 0100", "+1 684 555 0100", "+1 999 000 0000"} {
		if readNANP(text) == nil {
			t.Fatalf("readNANP does not read %q", text)
		}
		num, err := phonenumbers.Parse(text, "US")
		if err != nil {
			t.Fatal(err)
		}
		ok := phonenumbers.IsPossibleNumber(num)
		display, e164, gotOK := phoneForms(text, "US")
		if wantDisplay, wantE164 := phonenumbers.Format(num, phonenumbers.INTERNATIONAL), phonenumbers.Format(num, phonenumbers.E164); !ok {
			wantDisplay, wantE164 = "", ""
			if display != wantDisplay || e164 != wantE164 || gotOK {
				t.Errorf("%q: %q, %q, %v; want nothing", text, display, e164, gotOK)
			}
		} else if display != wantDisplay || e164 != wantE164 || !gotOK {
			t.Errorf("%q: %q, %q, %v; want %q, %q", text, display, e164, gotOK, wantDisplay, wantE164)
		}
	}
}

// BenchmarkReadPhone reads a different number each time, as an import does.
func BenchmarkReadPhone(b *testing.B) {
	for _, form := range []string{"+1 %03d %03d %04d", "(%03d) %03d-%04d"} {
		b.Run(form, func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				ReadPhone(fmt.Sprintf(form, 200+i%800, i/800%1000, i%10000), "US")
			}
		})
	}
}

// TestNANPFormsAreLibphonenumbers compares writeNANP with libphonenumber's
// formatting on numbers of every area code, read from several forms and regions
// (the parser's reading included): wherever writeNANP writes a number's forms they
// are libphonenumber's, and it writes those of every ten-digit number of country 1
// without an extension.
func TestNANPFormsAreLibphonenumbers(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 2026))
	regions := []string{"US", "CA", "JM", "GB", "ZZ"}
	texts := []string{"+1 212 555 0142 ext. 7", "+1 212 555 0142", "+44 20 7946 0958", "+1 555 0142"}
	for area := 200; area <= 999; area++ {
		for range 8 {
			texts = append(texts, fmt.Sprintf(nanpForms[r.IntN(len(nanpForms))].format, fmt.Sprintf("%03d", area),
				fmt.Sprintf("%03d", r.IntN(1000)), fmt.Sprintf("%04d", r.IntN(10000))))
		}
	}
	written := 0
	for i, text := range texts {
		num, err := phonenumbers.Parse(text, regions[i%len(regions)])
		if err != nil {
			continue
		}
		display, e164, ok := writeNANP(num)
		n := num.GetNationalNumber()
		tenDigits := num.GetCountryCode() == 1 && num.GetExtension() == "" && n >= 2_000_000_000 && n <= 9_999_999_999
		if ok != tenDigits {
			t.Errorf("writeNANP(%q read as %v) writes it: %v, want %v", text, num, ok, tenDigits)
		}
		if !ok {
			continue
		}
		written++
		if want := phonenumbers.Format(num, phonenumbers.INTERNATIONAL); display != want {
			t.Errorf("%q: display %q, libphonenumber %q", text, display, want)
		}
		if want := phonenumbers.Format(num, phonenumbers.E164); e164 != want {
			t.Errorf("%q: E.164 %q, libphonenumber %q", text, e164, want)
		}
	}
	if written < 4000 {
		t.Errorf("writeNANP wrote %d numbers' forms; the test means it to write most", written)
	}
}
