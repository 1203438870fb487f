package storage

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/sqlite"
)

// TestAPlanFromTheFirstSchemaKeepsEverySpeakerWhenUpdated makes a plan as
// the first Convene did, with organisers and participations, and opens it
// with this one: every row is still there, in its order, and each person
// has a uid of their own.
func TestAPlanFromTheFirstSchemaKeepsEverySpeakerWhenUpdated(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.convene")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlite.Migrations[0](ctx, tx); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`PRAGMA user_version = 1`,
		`INSERT INTO coalition (id, name, short_name, own) VALUES (1, 'DC on IoT', 'DC-IoT', 1), (2, 'DC on CIV', 'DC-CIV', 0)`,
		`INSERT INTO forum (id, name, kind, format, first_day, last_day, timezone) VALUES (1, 'IGF 2021', 'global', 'hybrid', '2021-12-06', '2021-12-10', 'Europe/Warsaw')`,
		`INSERT INTO person (id, name, email, stakeholder_group, gender, timezone) VALUES
			(1, 'Kim Park', 'kim@example.kr', 'academia', 'female', 'Asia/Seoul'),
			(2, 'Kim Park', NULL, 'government', 'male', 'Europe/Berlin'),
			(3, 'Ana Silva', 'ana@example.br', 'civil-society', 'female', 'America/Sao_Paulo')`,
		`INSERT INTO session (id, uid, forum_id, title, format, status) VALUES (1, 's1@convene', 1, 'Panel', 'workshop', 'scheduled')`,
		`INSERT INTO session_organiser (session_id, coalition_id, position) VALUES (1, 2, 0), (1, 1, 1)`,
		`INSERT INTO participation (session_id, person_id, role, status, position) VALUES
			(1, 3, 'moderator', 'confirmed', 0), (1, 1, 'speaker', 'invited', 1), (1, 2, 'speaker', 'declined', 2)`,
	} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var p *model.Plan
	err = s.View(ctx, func(tx *Tx) (err error) {
		p, err = tx.Plan(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Sessions) != 1 {
		t.Fatalf("%d sessions, want 1", len(p.Sessions))
	}
	got := fmt.Sprint(p.Sessions[0].Organisers)
	for _, pt := range p.Sessions[0].Participants {
		got += fmt.Sprintf(" %d:%s:%s", pt.PersonID, pt.Role, pt.Status)
	}
	if want := "[DC-CIV DC-IoT] 3:moderator:confirmed 1:speaker:invited 2:speaker:declined"; got != want {
		t.Errorf("after the update the session has %s, want %s", got, want)
	}
	uids := map[string]bool{}
	for _, pe := range p.People {
		if pe.UID == "" || uids[pe.UID] {
			t.Errorf("%s has the uid %q, empty or another's", pe.Name, pe.UID)
		}
		uids[pe.UID] = true
	}
	if err := s.CheckIntegrity(ctx); err != nil {
		t.Error(err)
	}
}
