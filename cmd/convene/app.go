package main

import (
	"os"
	"runtime/debug"

	"fyne.io/fyne/v2/app"
	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/assets"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/ui"
)

// appID is the app's identity on the desktop; it matches FyneApp.toml.
const appID = "org.convene-planner.convene"

// runApp opens the desktop app: on the plan named by --db or $CONVENE_DB,
// else on the last plan used, else on the default plan, which is created
// with the sample on first start.
func (c *cli) runApp(_ *cobra.Command, _ []string) error {
	// The app keeps a plan open for hours: a command's lax pace of
	// collecting would let it grow to several times what it holds.
	debug.SetGCPercent(c.gcPercent)
	path, isDefault, err := c.planPath()
	if err != nil {
		return err
	}
	a := app.NewWithID(appID)
	a.SetIcon(assets.Icon)
	if last := ui.LastPlan(a); isDefault && last != "" && last != path {
		// A team plan is there when its server says so, once opened.
		if _, err := os.Stat(last); err == nil || storage.IsTeamPlan(last) {
			path, isDefault = last, false
		}
	}
	w := a.NewWindow("Convene")
	ui.Create(w, ui.Plan{Path: path, Sample: isDefault, FitMemory: true})
	w.ShowAndRun()
	return nil
}
