package charts

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/rapport-app/rapport/data/demo"
	"github.com/rapport-app/rapport/data/report"
	"github.com/rapport-app/rapport/data/store/storetest"
)

// Every chart of the demo shop's report renders to a PNG of the size asked for.
func TestChartsRender(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	if err := demo.Seed(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	b, _ := s.Business(ctx)
	from, to := report.DefaultPeriod(s.Now(), b.Location())
	r, err := s.Report(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range All(r, Style{}) {
		t.Run(name, func(t *testing.T) {
			pl, err := p()
			if err != nil {
				t.Fatal(err)
			}
			out, err := PNG(pl, 400, 200, 96)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if sz := img.Bounds().Size(); sz.X != 533 || sz.Y != 267 {
				t.Errorf("%v pixels, want 533×267 (400×200 pt at 96 dpi)", sz)
			}
			if dir := os.Getenv("RAPPORT_CHARTS_DIR"); dir != "" {
				os.WriteFile(filepath.Join(dir, name+".png"), out, 0o644)
			}
		})
	}
}
