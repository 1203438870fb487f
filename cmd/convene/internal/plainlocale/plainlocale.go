// Package plainlocale keeps Fyne quiet on machines whose locale is C.UTF-8,
// the default of containers, CI runners and many SSH sessions. Fyne reads
// the locale while its packages initialise, cannot parse "C" as a language,
// and prints an error on every start of the program, even for a command
// line run whose standard error a script reads for FILE:LINE messages.
//
// The C locale means "no localisation", which is English; saying so in
// $LANGUAGE (read before the locale by the library Fyne uses) gives Fyne a
// language it can parse. This must happen before Fyne's packages are
// initialised: since Go 1.21 packages are initialised in the order of their
// import paths among those whose imports are ready, and this one, importing
// only the standard library, sorts before the locale library Fyne's
// language package waits for, so importing it from main is enough.
package plainlocale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		value := os.Getenv(name)
		if value == "" {
			continue
		}
		lang, _, _ := strings.Cut(value, ".")
		// "C" and "POSIX" alone are understood; with an encoding they are not.
		if (lang == "C" || lang == "POSIX") && value != lang {
			os.Setenv("LANGUAGE", "en")
		}
		return
	}
}
