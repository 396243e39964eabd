package letters_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/demo"
	"github.com/rapport-app/rapport/data/report"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/storetest"
	"github.com/rapport-app/rapport/letters"
)

// demoReport is the demo shop's report of the last twelve months.
func demoReport(t *testing.T) (report.Report, shop.Business) {
	t.Helper()
	s := storetest.Open(t)
	ctx := context.Background()
	if err := demo.Seed(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	b, err := s.Business(ctx)
	if err != nil {
		t.Fatal(err)
	}
	from, to := report.DefaultPeriod(s.Now(), b.Location())
	r, err := s.Report(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	return r, b
}

// The report prints on the letterhead and says what the screen says, read back
// from the PDF with pdftotext.
func TestWriteReportReadsBack(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	r, b := demoReport(t)
	var buf bytes.Buffer
	if err := letters.WriteReport(&buf, r, b, letters.USLetter, storetest.Now); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{
		b.Name, b.Phone, "Follow-up report", "Does following up pay?", r.DoesItPay.Sample.Windows[0].Verdict,
		"NOT randomised", "Follow-ups", "Promises", "What customers said", "Common problems", "Maya Chen",
		r.Feedback.Lowest[0].Notes, r.Problems.Products[0].Product,
	} {
		if !strings.Contains(text, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("the report does not say %q", want)
		}
	}
}

func TestWriteReportNeedsTheShopsName(t *testing.T) {
	var buf bytes.Buffer
	if err := letters.WriteReport(&buf, report.Report{}, shop.Business{}, letters.A4, storetest.Now); err == nil || buf.Len() > 0 {
		t.Errorf("a report without the shop's name: %v, %d bytes", err, buf.Len())
	}
}

// TestRenderReportDoc renders the report's first page to docs/letters/report.png
// for the README (make docs).
func TestRenderReportDoc(t *testing.T) {
	if os.Getenv("RAPPORT_RENDER_DOCS") != "1" {
		t.Skip("set RAPPORT_RENDER_DOCS=1 (make docs) to render docs/letters/report.png")
	}
	r, b := demoReport(t)
	var buf bytes.Buffer
	if err := letters.WriteReport(&buf, r, b, letters.USLetter, storetest.Now); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pdf := filepath.Join(dir, "report.pdf")
	if err := os.WriteFile(pdf, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	for page, name := range map[string]string{"1": "report", "2": "report-2"} {
		if out, err := exec.Command("pdftoppm", "-png", "-r", "100", "-f", page, "-l", page, "-singlefile", pdf, filepath.Join("..", "docs", "letters", name)).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v: %s", err, out)
		}
	}
}
