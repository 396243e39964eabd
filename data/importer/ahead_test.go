package importer

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The goroutine that reads the phone numbers ahead of the rows ends with the
// import, also when a bad row stops the import early, and leaves what the import
// stores as it was: a customer's phone is written the one way whoever read it
// first.
func TestReadingPhonesAheadEndsWithTheImportAndChangesNothing(t *testing.T) {
	s := openTest(t)
	var b strings.Builder
	b.WriteString("name,phone,country\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "Person %d,(212) 555-%04d,us\n", i, i)
	}
	good := b.String()
	if _, err := importString(t, s, "customers", good+"Person Bad,12,US\n"); err == nil {
		t.Fatal("a file with a bad phone number was imported")
	}
	// An import stopped half way (the window closed): the reading ahead stops too.
	f, err := ReadCSV(strings.NewReader(good), "customers")
	if err != nil {
		t.Fatal(err)
	}
	m := GuessMapping("customers", f.Header)
	ctx, cancel := context.WithCancel(t.Context())
	m.Progress = func(done, total int) {
		if done >= 1000 {
			cancel()
		}
	}
	if _, err := Import(ctx, s, f, m); err == nil {
		t.Fatal("an import whose context ended half way went through")
	}
	if _, err := importString(t, s, "customers", good); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for readingAhead() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if readingAhead() {
		t.Errorf("the goroutine reading the phones ahead is still there after the imports")
	}
	for _, i := range []int{0, 1234, 2999} {
		name := fmt.Sprintf("Person %d", i)
		cs, err := s.Customers(t.Context(), name)
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("+1 212-555-%04d", i)
		found := false
		for _, c := range cs {
			if c.Name == name {
				found = true
				if c.Phone != want {
					t.Errorf("%s's phone is stored as %q; want %q", name, c.Phone, want)
				}
			}
		}
		if !found {
			t.Errorf("%s was not imported", name)
		}
	}
}

// readingAhead reports whether a goroutine of phonesAhead runs.
func readingAhead() bool {
	buf := make([]byte, 1<<20)
	return strings.Contains(string(buf[:runtime.Stack(buf, true)]), "phonesAhead")
}
