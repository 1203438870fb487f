package main

import (
	"fyne.io/fyne/v2/app"
	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/ui"
)

// appID is the app's identity on the desktop; it matches FyneApp.toml.
const appID = "org.convene-planner.convene"

// runApp opens the desktop app on the plan; on the default plan's first
// start it creates it with the sample.
func (c *cli) runApp(_ *cobra.Command, _ []string) error {
	path, isDefault := c.planPath()
	a := app.NewWithID(appID)
	w := a.NewWindow("Convene")
	ui.Create(w, ui.Plan{Path: path, Sample: isDefault})
	w.ShowAndRun()
	return nil
}
