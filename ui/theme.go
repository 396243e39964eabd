package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// rapportTheme is Fyne's default theme with a calm blue as its primary colour; light
// or dark still follows the system setting.
type rapportTheme struct {
	fyne.Theme
}

func newTheme() fyne.Theme { return rapportTheme{Theme: theme.DefaultTheme()} }

var (
	calmBlue     = color.NRGBA{R: 0x34, G: 0x65, B: 0xa4, A: 0xff}
	calmBlueDark = color.NRGBA{R: 0x5a, G: 0x8f, B: 0xd0, A: 0xff}
)

// Color overrides the primary colour only.
func (t rapportTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNamePrimary {
		if v == theme.VariantDark {
			return calmBlueDark
		}
		return calmBlue
	}
	return t.Theme.Color(n, v)
}
