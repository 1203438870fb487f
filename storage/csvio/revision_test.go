package csvio_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/csvio"
)

// Ana has a person's form open when Bea imports a sheet that changes
// them. The import signs the person with Bea's name at a new version,
// leaves alone the one it does not change, and Ana's save, based on what
// she read before, is refused naming Bea.
func TestAnImportSignsWhatItChangesAndAFormOpenedBeforeCannotSaveOverIt(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "plan.convene")
	open := func(who string, opts storage.Options) *storage.Store {
		opts.Who = who
		s, err := storage.Open(ctx, path, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	ana := open("Ana Souza", storage.Options{Create: true})
	bea := open("Bea Kim", storage.Options{})
	mustImport(t, ana, csvio.People, "name,email,stakeholder_group,timezone\n"+
		"Zofia Wróblewska,zofia@example.org,technical-community,Europe/Warsaw\n"+
		"Aroha Ngata,aroha@example.net,technical-community,Pacific/Auckland\n")
	people := func(s *storage.Store) map[string]model.Person {
		byName := map[string]model.Person{}
		for _, p := range plan(t, s).People {
			byName[p.Name] = p
		}
		return byName
	}
	opened := people(ana)["Zofia Wróblewska"]
	if opened.Version != 1 || opened.ChangedBy != "Ana Souza" || opened.ChangedAt.IsZero() {
		t.Fatalf("an imported person reads as %+v, want version 1 by Ana Souza, with a time", opened.Revision)
	}

	mustImport(t, bea, csvio.People, "name,email,affiliation,stakeholder_group,timezone\n"+
		"Zofia Wróblewska,zofia@example.org,NASK PIB,technical-community,Europe/Warsaw\n"+
		"Aroha Ngata,aroha@example.net,,technical-community,Pacific/Auckland\n")
	now := people(bea)
	if z := now["Zofia Wróblewska"]; z.Version != 2 || z.ChangedBy != "Bea Kim" || z.Affiliation != "NASK PIB" {
		t.Errorf("after Bea's import Zofia reads as %+v (%q)", z.Revision, z.Affiliation)
	}
	if a := now["Aroha Ngata"]; a.Version != 1 || a.ChangedBy != "Ana Souza" {
		t.Errorf("the import signed Aroha, whom it did not change: %+v", a.Revision)
	}

	opened.Bio = "Typed in Ana's form"
	err := ana.Update(ctx, func(tx *storage.Tx) error { return tx.UpdatePerson(ctx, &opened) })
	var stale *storage.StaleError
	if !errors.As(err, &stale) || stale.Who != "Bea Kim" {
		t.Errorf("Ana's save over the import: %v; want it refused naming Bea Kim", err)
	}
}
