package ui_test

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// pickPerson types part of a name into a person field and clicks the person
// offered under it, as a coordinator picks someone.
func pickPerson(t *testing.T, form fyne.CanvasObject, field *widget.Entry, typed, name string) {
	t.Helper()
	test.Type(field, typed)
	for _, b := range viewFind[*widget.Button](form) {
		if b.Text == name || strings.HasPrefix(b.Text, name+" — ") {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("typing %q offers no %q; the form shows:\n%s", typed, name, strings.Join(viewTexts(form), "\n"))
}

// offered is what a person field offers under it.
func offered(form fyne.CanvasObject) []string {
	var out []string
	for _, b := range viewFind[*widget.Button](form) {
		if b.Importance == widget.LowImportance && b.Text != "" {
			out = append(out, b.Text)
		}
	}
	return out
}

// A coordinator adds a speaker to a session by typing a few letters of her
// name: the matching people appear as the letters are typed, the form never
// says she is "not in the plan" while her name is still being typed, and
// Enter takes the first person offered.
func TestPeopleAreOfferedAsTheirNameIsTyped(t *testing.T) {
	w, _, _ := viewOpen(t, "Sessions")
	test.Tap(viewButton(t, w.Content(), "New session"))
	form := w.Canvas().Overlays().Top()
	test.Tap(viewButton(t, form, "Add person"))
	field := entryWithPlaceholder(t, form, "Type part of a name")

	test.Type(field, "zo")
	if got := offered(form); !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "Zofia") }) {
		t.Fatalf("typing \"zo\" offers %q, not Zofia", got)
	}
	for _, partial := range []string{"f", "i"} {
		test.Type(field, partial)
		if err := field.Validate(); err != nil && strings.Contains(err.Error(), "not in the plan") {
			t.Errorf("while typing %q the field says %q", field.Text, err)
		}
	}
	field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !strings.HasPrefix(field.Text, "Zofia ") || field.Validate() != nil {
		t.Errorf("Enter did not take Zofia: the field says %q (%v)", field.Text, field.Validate())
	}
	if got := offered(form); len(got) != 0 {
		t.Errorf("once Zofia is picked the field still offers %q", got)
	}

	field.SetText("")
	test.Type(field, "Nobody Of That Name")
	if err := field.Validate(); err == nil || !strings.Contains(err.Error(), "no one in the plan is called") {
		t.Errorf("a name no one has is not named as such: %v", err)
	}
	if !viewButton(t, form, "Add session").Disabled() {
		t.Error("the session can be added with a person who is not in the plan")
	}
}
