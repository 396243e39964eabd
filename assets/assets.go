// Package assets holds the files Rapport ships inside its binary: the fonts its
// letters are set in, the app icon and a sample logo for the demo shop. Embedding
// them means a letter looks the same on every machine, whatever fonts it has.
package assets

import _ "embed"

// The DejaVu fonts cover Latin, Greek, Cyrillic and many other scripts, so a
// customer called Zoë Ødegård from Łódź prints correctly; their licence is in
// fonts/LICENSE.

// SansRegular is DejaVu Sans (TrueType): letterheads, address blocks, small print.
//
//go:embed fonts/DejaVuSans.ttf
var SansRegular []byte

// SansBold is DejaVu Sans Bold (TrueType).
//
//go:embed fonts/DejaVuSans-Bold.ttf
var SansBold []byte

// SerifRegular is DejaVu Serif (TrueType): the body text of letters and cards.
//
//go:embed fonts/DejaVuSerif.ttf
var SerifRegular []byte

// SerifBold is DejaVu Serif Bold (TrueType): headings and subject lines.
//
//go:embed fonts/DejaVuSerif-Bold.ttf
var SerifBold []byte

// SerifItalic is DejaVu Serif Italic (TrueType): greetings and sign-offs on cards.
//
//go:embed fonts/DejaVuSerif-Italic.ttf
var SerifItalic []byte

// FontLicense is the DejaVu fonts' licence text, to show in an About box.
//
//go:embed fonts/LICENSE
var FontLicense string

// Icon is the app icon: a 512×512 8-bit PNG.
//
//go:embed icon.png
var Icon []byte

// SampleLogo is the logo of the demo shop "Harbor & Pine Coffee Roasters": a
// 400×160 8-bit PNG with a transparent background.
//
//go:embed sample-logo.png
var SampleLogo []byte
