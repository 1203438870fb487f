package csvio_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/csvio"
)

// newPlan opens a new, empty plan file in the test's own folder.
func newPlan(t *testing.T) *storage.Store {
	t.Helper()
	s, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "plan.convene"), storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// importCSV imports text as the file name, in one transaction as the
// command line does.
func importCSV(t *testing.T, s *storage.Store, k csvio.Kind, name, text string) (csvio.Summary, error) {
	t.Helper()
	ctx := context.Background()
	var sum csvio.Summary
	err := s.Update(ctx, func(tx *storage.Tx) error {
		var err error
		sum, err = csvio.Import(ctx, tx, k, name, strings.NewReader(text))
		return err
	})
	return sum, err
}

// mustImport imports text that is expected to be fine.
func mustImport(t *testing.T, s *storage.Store, k csvio.Kind, text string) csvio.Summary {
	t.Helper()
	sum, err := importCSV(t, s, k, string(k)+".csv", text)
	if err != nil {
		t.Fatalf("import %s:\n%v", k, err)
	}
	return sum
}

// exportCSV returns the plan's records of a kind as export writes them.
func exportCSV(t *testing.T, s *storage.Store, k csvio.Kind, opts csvio.Options) string {
	t.Helper()
	ctx := context.Background()
	var buf bytes.Buffer
	err := s.View(ctx, func(tx *storage.Tx) error {
		p, err := csvio.Load(ctx, tx, k)
		if err != nil {
			return err
		}
		return csvio.Export(&buf, p, k, opts)
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// problems returns the import's problems as the lines the command prints.
func problems(t *testing.T, err error) []string {
	t.Helper()
	var ie *csvio.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("want an *ImportError naming the problems, got %v", err)
	}
	return strings.Split(ie.Error(), "\n")
}

// wantProblems checks that the import failed with exactly these problems,
// each given as the start of its line.
func wantProblems(t *testing.T, err error, want ...string) {
	t.Helper()
	got := problems(t, err)
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d is\n\t%s\nwant it to start\n\t%s", i+1, got[i], want[i])
		}
	}
}

func plan(t *testing.T, s *storage.Store) *model.Plan {
	t.Helper()
	var p *model.Plan
	err := s.View(context.Background(), func(tx *storage.Tx) (err error) {
		p, err = tx.Plan(context.Background())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	forumsCSV = "name,kind,city,country,format,first_day,last_day,timezone,website,proposal_deadline,notes\r\n" +
		"IGF 2021,global,Katowice,PL,hybrid,2021-12-06,2021-12-10,Europe/Warsaw,https://www.intgovforum.org,2021-04-20,\r\n" +
		"NetHui 2021,national,Wellington,NZ,hybrid,2021-03-25,2021-10-31,Pacific/Auckland,,,\r\n"
	peopleCSV = "name,email,affiliation,stakeholder_group,region,gender,country,timezone,bio\r\n" +
		"Zofia Wróblewska,zofia@example.org,NASK,technical-community,eastern-european,female,PL,Europe/Warsaw,\r\n" +
		"李明 (Li Ming),li.ming@example.com,CAICT,government,asia-pacific,male,CN,Asia/Shanghai,\r\n" +
		"José Álvarez-Núñez,jose@example.org,Fundación Vía Libre,civil-society,grulac,male,AR,America/Argentina/Buenos_Aires,\r\n"
)

// twoForumsAndPeople is a plan with the forums and people above.
func twoForumsAndPeople(t *testing.T) *storage.Store {
	s := newPlan(t)
	mustImport(t, s, csvio.Forums, forumsCSV)
	mustImport(t, s, csvio.People, peopleCSV)
	return s
}
