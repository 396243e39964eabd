package letters

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/draw"
	_ "image/jpeg" // logos may be JPEG
	"image/png"
	"math"
	"sync"
)

// rgb is a colour for gofpdf's Set*Color calls.
type rgb struct{ r, g, b int }

// defaultAccent is a calm blue for shops without a (readable) logo.
var defaultAccent = rgb{38, 92, 140}

// logo is a shop logo made safe for gofpdf, plus the brand colour read from it.
type logo struct {
	png    []byte // 8-bit, non-interlaced
	w, h   int    // pixels
	accent rgb
}

// Limits on logos: decoding a huge image could exhaust memory, and anything
// beyond maxLogoSide pixels adds bytes to every letter without being visible at
// the 25–60 mm a logo is printed (600 px is 250 dpi at 60 mm).
const (
	maxLogoPixels = 40_000_000
	maxLogoSide   = 600
)

// loadLogo decodes a PNG or JPEG logo and re-encodes it as an 8-bit,
// non-interlaced PNG, the only kind gofpdf reads reliably (16-bit and
// interlaced PNGs make it fail). ok is false when the bytes are not an image:
// a letter then goes out without a logo rather than not at all.
func loadLogo(b []byte) (lg logo, ok bool) {
	if len(b) == 0 {
		return lg, false
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxLogoPixels {
		return lg, false
	}
	src, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return lg, false
	}
	// Premultiplied RGBA so that averaging while shrinking does not bleed the
	// colour of transparent pixels into the edges.
	bnd := src.Bounds()
	img := image.NewRGBA(image.Rect(0, 0, bnd.Dx(), bnd.Dy()))
	draw.Draw(img, img.Bounds(), src, bnd.Min, draw.Src)
	img = shrink(img, maxLogoSide)

	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return lg, false
	}
	return logo{png: buf.Bytes(), w: img.Bounds().Dx(), h: img.Bounds().Dy(), accent: brandColour(img)}, true
}

// logoCache keeps the last few logos read: a shop prints many letters with one
// logo, and decoding, re-encoding and sampling it costs more than laying out a
// letter. Entries are never modified once stored.
var logoCache struct {
	sync.Mutex
	m map[string]*logo // by logoName; nil for bytes that are not an image
}

// cachedLogo is loadLogo through logoCache; nil means no usable logo.
func cachedLogo(name string, b []byte) *logo {
	logoCache.Lock()
	lg, ok := logoCache.m[name]
	logoCache.Unlock()
	if ok {
		return lg
	}
	if got, ok := loadLogo(b); ok {
		lg = &got
	}
	logoCache.Lock()
	defer logoCache.Unlock()
	if logoCache.m == nil || len(logoCache.m) >= 8 {
		logoCache.m = map[string]*logo{} // a shop has one logo; a full cache is stale
	}
	logoCache.m[name] = lg
	return lg
}

// logoName is the name the logo is registered under in a PDF; it depends only
// on the bytes so that output stays deterministic.
func logoName(b []byte) string {
	sum := sha256.Sum256(b)
	return "logo-" + hex.EncodeToString(sum[:8])
}

// shrink scales img down by an integer box filter until its longer side is at
// most max pixels; it returns img itself when it is small enough.
func shrink(img *image.RGBA, max int) *image.RGBA {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	f := 1
	for (w+f-1)/f > max || (h+f-1)/f > max {
		f++
	}
	if f == 1 {
		return img
	}
	nw, nh := (w+f-1)/f, (h+f-1)/f
	out := image.NewRGBA(image.Rect(0, 0, nw, nh))
	for y := 0; y < nh; y++ {
		for x := 0; x < nw; x++ {
			var sum [4]int
			n := 0
			for sy := y * f; sy < min((y+1)*f, h); sy++ {
				for sx := x * f; sx < min((x+1)*f, w); sx++ {
					i := img.PixOffset(sx, sy)
					for c := range sum {
						sum[c] += int(img.Pix[i+c])
					}
					n++
				}
			}
			o := out.PixOffset(x, y)
			for c := range sum {
				out.Pix[o+c] = uint8(sum[c] / n)
			}
		}
	}
	return out
}

// brandColour picks the logo's main colour for rules, headlines and ornaments,
// so letters and cards match the shop's brand without a setting. It averages
// the clearly coloured, opaque pixels, weighted by saturation, and darkens the
// result until it reads well on white paper. Logos in greys give defaultAccent.
func brandColour(img *image.RGBA) rgb {
	var sr, sg, sb, sw float64
	b := img.Bounds()
	step := max(1, b.Dx()*b.Dy()/20000) // about 20,000 samples are plenty
	for i := 0; i < b.Dx()*b.Dy(); i += step {
		p := img.Pix[i*4 : i*4+4]
		if p[3] < 200 {
			continue
		}
		r, g, bl := float64(p[0]), float64(p[1]), float64(p[2])
		hi, lo := max(r, g, bl), min(r, g, bl)
		if hi < 40 {
			continue // near black: text, not brand
		}
		sat := (hi - lo) / hi
		if sat < 0.25 {
			continue
		}
		sr, sg, sb, sw = sr+r*sat, sg+g*sat, sb+bl*sat, sw+sat
	}
	if sw < 20 { // a handful of coloured pixels is noise, not a brand colour
		return defaultAccent
	}
	c := [3]float64{sr / sw, sg / sw, sb / sw}
	// Relative luminance (sRGB approximated by a 2.2 gamma) at most 0.18 gives
	// a contrast of about 4.5:1 on white, enough for headlines and thin rules.
	for i := 0; i < 20 && luminance(c) > 0.18; i++ {
		for j := range c {
			c[j] *= 0.9
		}
	}
	return rgb{int(c[0] + 0.5), int(c[1] + 0.5), int(c[2] + 0.5)}
}

func luminance(c [3]float64) float64 {
	lin := func(v float64) float64 { return math.Pow(v/255, 2.2) }
	return 0.2126*lin(c[0]) + 0.7152*lin(c[1]) + 0.0722*lin(c[2])
}
