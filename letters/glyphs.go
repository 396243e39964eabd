package letters

import (
	"sync"

	"golang.org/x/image/font/sfnt"

	"github.com/rapport-app/rapport/assets"
)

// missingGlyph stands in for a character the embedded fonts cannot draw (CJK,
// rare scripts): a visible mark, so the reader sees something is missing,
// rather than an empty box or nothing at all.
const missingGlyph = '?'

var (
	coverOnce sync.Once
	// covered has a bit for every rune of the Basic Multilingual Plane that
	// every embedded font can draw.
	covered [0x10000 / 64]uint64
)

// loadCoverage reads the character maps of the embedded fonts once.
func loadCoverage() {
	var fonts []*sfnt.Font
	for _, b := range [][]byte{assets.SansRegular, assets.SansBold, assets.SerifRegular, assets.SerifBold, assets.SerifItalic} {
		f, err := sfnt.Parse(b)
		if err != nil {
			continue // a font that cannot be read covers nothing more; gofpdf will report it
		}
		fonts = append(fonts, f)
	}
	var buf sfnt.Buffer
	for r := rune(0x20); r < 0x10000; r++ {
		ok := len(fonts) > 0
		for _, f := range fonts {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				ok = false
				break
			}
		}
		if ok {
			covered[r/64] |= 1 << (r % 64)
		}
	}
}

// canDraw reports whether every embedded font has a glyph for r.
func canDraw(r rune) bool {
	if r < 0x7F {
		return r >= 0x20
	}
	if r >= 0x10000 {
		return false
	}
	coverOnce.Do(loadCoverage)
	return covered[r/64]&(1<<(r%64)) != 0
}
