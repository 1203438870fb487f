package storage

import (
	"reflect"
	"testing"

	"github.com/convene-planner/convene/storage/postgres"
)

// A window that could not read what others changed at once (its own save
// was under way) reads it at its next look, with what it heard since:
// the records named by both, a kind whole once either says so, and
// whole too once more records are named than it pays to read one by one.
func TestChangesHeardAtTwoLooksAreReadAsOne(t *testing.T) {
	many := make([]int64, postgres.MaxNamedRecords)
	for i := range many {
		many[i] = int64(i + 10)
	}
	for _, tc := range []struct {
		name        string
		first, then Changes
		want        Changes
	}{
		{"nothing, then a session",
			Changes{}, Changes{Parts: Sessions, Records: map[Parts][]int64{Sessions: {4}}},
			Changes{Parts: Sessions, Records: map[Parts][]int64{Sessions: {4}}}},
		{"a session, then two more and an action item",
			Changes{Parts: Sessions, Records: map[Parts][]int64{Sessions: {7}}},
			Changes{Parts: Sessions | Actions, Records: map[Parts][]int64{Sessions: {7, 2}, Actions: {1}}},
			Changes{Parts: Sessions | Actions, Records: map[Parts][]int64{Sessions: {2, 7}, Actions: {1}}}},
		{"a session, then every session (a forum moved)",
			Changes{Parts: Sessions, Records: map[Parts][]int64{Sessions: {7}}},
			Changes{Parts: Forums | Sessions},
			Changes{Parts: Forums | Sessions}},
		{"every person, then one",
			Changes{Parts: People},
			Changes{Parts: People, Records: map[Parts][]int64{People: {3}}},
			Changes{Parts: People}},
		{"sessions enough to read them all",
			Changes{Parts: Sessions, Records: map[Parts][]int64{Sessions: {1}}},
			Changes{Parts: Sessions, Records: map[Parts][]int64{Sessions: many}},
			Changes{Parts: Sessions}},
	} {
		if got := tc.first.And(tc.then); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: read %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
