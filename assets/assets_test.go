package assets

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
)

func TestImagesAreSmallEightBitPNGs(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		w, h int
	}{
		{"icon", Icon, 512, 512},
		{"sample logo", SampleLogo, 400, 160},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.data) > 100<<10 {
				t.Errorf("%d bytes, want under 100 KB", len(tt.data))
			}
			img, err := png.Decode(bytes.NewReader(tt.data))
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if b := img.Bounds(); b.Dx() != tt.w || b.Dy() != tt.h {
				t.Errorf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), tt.w, tt.h)
			}
			// gofpdf cannot read 16-bit or interlaced PNGs: IHDR byte 24 is the
			// bit depth and byte 28 the interlace method.
			if tt.data[24] != 8 || tt.data[28] != 0 {
				t.Errorf("bit depth %d, interlace %d; want 8 and 0", tt.data[24], tt.data[28])
			}
		})
	}
}

func TestFontsAreTrueType(t *testing.T) {
	fonts := map[string][]byte{
		"SansRegular": SansRegular, "SansBold": SansBold,
		"SerifRegular": SerifRegular, "SerifBold": SerifBold, "SerifItalic": SerifItalic,
	}
	total := len(Icon) + len(SampleLogo)
	for name, b := range fonts {
		if len(b) < 4 || !bytes.Equal(b[:4], []byte{0, 1, 0, 0}) {
			t.Errorf("%s is not a TrueType font", name)
		}
		total += len(b)
	}
	if total > 3<<20 {
		t.Errorf("assets total %d bytes, want under 3 MB", total)
	}
	if !strings.Contains(FontLicense, "Bitstream") {
		t.Error("FontLicense does not hold the DejaVu licence")
	}
}
