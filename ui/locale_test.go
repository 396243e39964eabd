package ui

import (
	"bytes"
	"log"
	"os"
	"strings"
	"testing"

	"early.rapport.app/locale"

	"fyne.io/fyne/v2/lang"
)

func TestLocaleFixKeepsFyneQuietOnACUTF8Machine(t *testing.T) {
	for _, tc := range []struct {
		env      map[string]string
		language string
	}{
		{map[string]string{"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8", "LANGUAGE": ""}, "en_US"},
		{map[string]string{"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C", "LANGUAGE": ""}, "en_US"},
		{map[string]string{"LC_ALL": "C", "LANG": "en_US.UTF-8", "LANGUAGE": ""}, "en_US"},
		{map[string]string{"LC_ALL": "", "LC_MESSAGES": "POSIX", "LANG": "en_US.UTF-8", "LANGUAGE": ""}, "en_US"},
		{map[string]string{"LC_ALL": "POSIX.UTF-8", "LANG": "de_DE.UTF-8", "LANGUAGE": ""}, "en_US"},
		{map[string]string{"LC_ALL": "", "LC_MESSAGES": "", "LANG": "de_DE.UTF-8", "LANGUAGE": ""}, ""},
		{map[string]string{"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8", "LANGUAGE": "fr"}, "fr"},
	} {
		for k, v := range tc.env {
			t.Setenv(k, v)
		}
		var logged bytes.Buffer
		log.SetOutput(&logged)
		locale.Fix()
		lang.SystemLocale()
		lang.L("OK")
		log.SetOutput(os.Stderr)
		if got := os.Getenv("LANGUAGE"); got != tc.language {
			t.Errorf("%v: LANGUAGE = %q, want %q", tc.env, got, tc.language)
		}
		if strings.Contains(logged.String(), "Error parsing user locale") {
			t.Errorf("%v: Fyne still logs %q", tc.env, logged.String())
		}
	}
}
