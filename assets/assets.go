// Package assets holds what the app shows that is not code: its icon.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the app's icon, for the window and the desktop.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)
