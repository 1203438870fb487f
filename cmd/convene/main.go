// Command convene plans a coalition's year of engagement in Internet
// governance forums. With no command it opens the desktop app; with one it
// serves the secretariat's scripts (see `convene help`).
package main

import (
	"os"
	_ "time/tzdata" // IANA zones even on machines without a zone database

	_ "github.com/convene-planner/convene/cmd/convene/internal/plainlocale" // before Fyne reads the locale
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
