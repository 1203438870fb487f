package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// c3voc is where the schemas conference apps are written to are kept.
var c3voc = filepath.Join("..", "..", "storage", "schedule", "testdata")

// A coordinator hands IGF 2021's programme to a conference app, as
// schedule.xml and as schedule.json; both follow the c3voc schemas and
// carry no email.
func TestExportScheduleXMLAndJSONOfAForumFollowTheC3VOCSchemas(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		demoAt(t, db)
		dir := t.TempDir()
		xmlPath := filepath.Join(dir, "igf.xml")
		if r := convene(t, nil, "export", "schedule-xml", "--forum", "IGF 2021", "-o", xmlPath, "--db", db); r.code != 0 {
			t.Fatalf("export schedule-xml: exit %d: %s", r.code, r.stderr)
		}
		if out, err := exec.Command("xmllint", "--noout", "--schema", filepath.Join(c3voc, "c3voc", "schedule.xml.xsd"), xmlPath).CombinedOutput(); err != nil {
			t.Errorf("xmllint refuses the schedule.xml: %v\n%s", err, out)
		}
		r := convene(t, nil, "export", "schedule-json", "--forum", "IGF 2021", "--db", db)
		if r.code != 0 {
			t.Fatalf("export schedule-json: exit %d: %s", r.code, r.stderr)
		}
		jsonPath := filepath.Join(dir, "igf.json")
		if err := os.WriteFile(jsonPath, []byte(r.stdout), 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("/usr/bin/python3", filepath.Join(c3voc, "validate_json.py"), filepath.Join(c3voc, "c3voc", "schema.json"), jsonPath).CombinedOutput(); err != nil {
			t.Errorf("python3-jsonschema refuses the schedule.json: %v\n%s", err, out)
		}
		data, _ := os.ReadFile(xmlPath)
		for name, text := range map[string]string{"schedule.xml": string(data), "schedule.json": r.stdout} {
			if strings.Contains(text, "@example") {
				t.Errorf("%s carries emails without --with-contacts", name)
			}
			if !strings.Contains(text, "Europe/Warsaw") {
				t.Errorf("%s does not name the forum's time zone", name)
			}
		}
	})
}

func TestExportScheduleOfAnUnknownForumSaysWhichForumsThereAre(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		demoAt(t, db)
		r := convene(t, nil, "export", "schedule-json", "--forum", "IGF 2031", "--db", db)
		if r.code != 1 || !strings.Contains(r.stderr, `no forum is named "IGF 2031"`) || !strings.Contains(r.stderr, "IGF 2021") {
			t.Errorf("exit %d, stderr %q; want exit 1 naming the forums", r.code, r.stderr)
		}
		if r := convene(t, nil, "export", "schedule-xml", "--db", db); r.code != 2 || !strings.Contains(r.stderr, "forum") {
			t.Errorf("without --forum: exit %d, stderr %q; want exit 2 asking for it", r.code, r.stderr)
		}
	})
}
