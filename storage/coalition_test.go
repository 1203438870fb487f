package storage_test

import (
	"context"
	"testing"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// A sheet names the coalition as "dc-iot" where the plan has "DC-IoT":
// it is the same coalition, on a team plan as in a file, whose columns
// compare byte by byte where a file's ignore the case of A–Z.
func TestACoalitionTypedInAnotherCaseIsTheSameOne(t *testing.T) {
	forEachPlan(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		iot := model.Coalition{Name: "Dynamic Coalition on the Internet of Things", ShortName: "DC-IoT"}
		err := s.Update(ctx, func(tx *storage.Tx) error {
			if err := tx.CreateCoalition(ctx, &iot); err != nil {
				return err
			}
			same, added, err := tx.EnsureCoalition(ctx, "dc-iot")
			if err != nil || added || same.ID != iot.ID || same.ShortName != "DC-IoT" {
				t.Errorf("dc-iot beside DC-IoT: %+v, added %v, %v; want DC-IoT itself", same, added, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// A session's organisers typed in another case than the coalitions' short
// names are those coalitions, on a team plan as in a file.
func TestASessionsOrganisersTypedInAnotherCaseAreTheCoalitions(t *testing.T) {
	forEachSamplePlan(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		var saved model.Session
		err := s.Update(ctx, func(tx *storage.Tx) error {
			sessions, err := tx.Sessions(ctx, storage.SessionFilter{})
			if err != nil {
				return err
			}
			saved = sessions[0]
			saved.Organisers = []string{"dc-iot"}
			if err := tx.UpdateSession(ctx, &saved); err != nil {
				return err
			}
			saved, err = tx.Session(ctx, saved.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(saved.Organisers) != 1 || saved.Organisers[0] != "DC-IoT" {
			t.Errorf("organisers typed as dc-iot read back as %q; want DC-IoT", saved.Organisers)
		}
	})
}
