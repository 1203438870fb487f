package csvio

import (
	"testing"

	"github.com/convene-planner/convene/model"
)

func TestParticipantsAreReadFromTheRight(t *testing.T) {
	for _, tc := range []struct {
		item, ref string
		role      model.Role
		status    model.Confirmation
		err       string
	}{
		{item: "zofia@example.org:moderator", ref: "zofia@example.org", role: "moderator", status: "confirmed"},
		{item: "zofia@example.org:Speaker:INVITED", ref: "zofia@example.org", role: "speaker", status: "invited"},
		{item: "Hemi: Walker:speaker:declined", ref: "Hemi: Walker", role: "speaker", status: "declined"},
		// A name that ends like a role: the last word is the role.
		{item: "Dr: Speaker:moderator", ref: "Dr: Speaker", role: "moderator", status: "confirmed"},
		{item: "Ann:speaker:maybe", err: `Ann:speaker:maybe: status "maybe" is not one of invited, confirmed, declined`},
		{item: "Ann:keynote", err: `Ann:keynote: role "keynote" is not one of moderator, online-moderator, speaker, rapporteur, organiser`},
		// A misspelt role before a status names the role, not the status.
		{item: "Ann:speakr:confirmed", err: `Ann:speakr:confirmed: role "speakr" is not one of moderator, online-moderator, speaker, rapporteur, organiser`},
		{item: "Ann", err: `"Ann" is not written PERSON:ROLE or PERSON:ROLE:STATUS`},
	} {
		ref, role, status, err := splitParticipant(tc.item)
		switch {
		case tc.err != "" && (err == nil || err.Error() != tc.err):
			t.Errorf("%q: error %v, want %s", tc.item, err, tc.err)
		case tc.err == "" && (err != nil || ref != tc.ref || role != tc.role || status != tc.status):
			t.Errorf("%q: %q %q %q %v, want %q %q %q", tc.item, ref, role, status, err, tc.ref, tc.role, tc.status)
		}
	}
}
