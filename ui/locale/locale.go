// Package locale keeps Fyne quiet on machines whose locale is C.UTF-8 or
// POSIX.UTF-8, the default of many Linux machines and containers. Fyne reads the
// language from LC_ALL, LC_MESSAGES or LANG while its packages are initialised,
// before main runs, and logs "Error parsing user locale C" for those. Importing
// this package sets LANGUAGE (which only chooses the language of messages) to
// English there, when it is not set already.
//
// It must run before Fyne's lang package is initialised. Go initialises packages
// in the order of their import paths once their own imports are ready (the Go
// specification, "Package initialization"), so this package has a path that sorts
// before fyne.io and imports nothing that Fyne's lang package does not. It is a
// module of its own only for that path; go.mod replaces it with this folder.
package locale

import (
	"os"
	"strings"
)

func init() { Fix() }

// Fix sets LANGUAGE to English when the locale is C or POSIX with an encoding
// (C.UTF-8) and LANGUAGE is not set.
func Fix() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if lang, _, _ := strings.Cut(v, "."); lang == "C" || lang == "POSIX" {
			os.Setenv("LANGUAGE", "en_US")
		}
		return
	}
}
