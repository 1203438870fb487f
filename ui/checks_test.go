package ui_test

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// A finding names its sessions in full. In a small window the Check view
// shows a long message on two lines rather than cutting it after the first.
func TestTheCheckViewShowsALongFindingOnTwoLines(t *testing.T) {
	w, _, _ := viewOpen(t, "Check")
	w.Resize(fyne.NewSize(900, 600))
	const start = "Zofia Wróblewska is in two sessions at once"
	var message *widget.Label
	for _, l := range viewFind[*widget.Label](viewFind[*widget.List](w.Content())[0]) {
		if strings.HasPrefix(l.Text, start) {
			message = l
		}
	}
	if message == nil {
		t.Fatalf("the Check view does not show Zofia's double booking: %q", viewTexts(w.Content()))
	}
	var lines []string
	viewWalk(message, func(o fyne.CanvasObject) bool {
		if text, ok := o.(*canvas.Text); ok && text.Text != "" {
			lines = append(lines, text.Text)
		}
		return true
	})
	if len(lines) < 2 {
		t.Errorf("the message shows as %q, one line of %q", lines, message.Text)
	}
}
