// Package ui is Convene's desktop app, built with Fyne: the main window on a
// plan file, its views, and the work it runs off the UI goroutine.
package ui
