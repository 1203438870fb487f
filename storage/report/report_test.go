package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/report"
	"github.com/convene-planner/convene/storage/sample"
)

var today = model.Date{Year: 2022, Month: 1, Day: 10}

// speakersOfEveryScript join the sample's speakers (李明 among them) at
// EuroDIG 2021, so the year's report names people in Latin with
// diacritics, Greek, Cyrillic, Arabic and Chinese.
var speakersOfEveryScript = []model.Person{
	{Name: "Νίκος Παπαδόπουλος", Email: "nikos@example.org", Affiliation: "Εθνικό Μετσόβιο Πολυτεχνείο",
		Group: model.GroupAcademia, Region: model.RegionWEOG, Gender: model.GenderMale, Country: "GR"},
	{Name: "Олена Коваленко-Шевченко", Email: "olena.k@example.org", Affiliation: "Київська школа",
		Group: model.GroupCivilSociety, Region: model.RegionEasternEuropean, Gender: model.GenderFemale, Country: "UA"},
	{Name: "نادية حداد", Email: "nadia.h@example.org", Affiliation: "جامعة القاهرة",
		Group: model.GroupAcademia, Region: model.RegionAfrican, Gender: model.GenderFemale, Country: "EG"},
}

// samplePlan is the sample in a real plan file, with the speakers of every
// script, the year's focus, and a filed report on the EuroDIG session.
func samplePlan(t testing.TB) *model.Plan {
	t.Helper()
	ctx := context.Background()
	s, err := storage.Open(ctx, filepath.Join(t.TempDir(), "plan.convene"), storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.Update(ctx, func(tx *storage.Tx) error {
		if err := sample.Load(ctx, tx); err != nil {
			return err
		}
		session, err := tx.SessionByUID(ctx, "sample-2021-eurodig-standards@convene")
		if err != nil {
			return err
		}
		for _, p := range speakersOfEveryScript {
			p.Zone, _ = model.LoadZone("Europe/Rome")
			if err := tx.CreatePerson(ctx, &p); err != nil {
				return err
			}
			session.Participants = append(session.Participants, model.Participation{PersonID: p.ID, Role: model.RoleSpeaker, Status: model.Confirmed})
		}
		if err := tx.UpdateSession(ctx, &session); err != nil {
			return err
		}
		n := model.Narrative{Year: 2021, Text: "Our focus in 2021 was on **legislation** for IoT security.\n\n# U.S.\n\n- *Vulnerability Management and Disclosure*\n - Software update\n\n# EU\n\nThe [sector inquiry](#) into consumer IoT."}
		if err := tx.SaveNarrative(ctx, &n); err != nil {
			return err
		}
		r := model.SessionReport{SessionID: session.ID, KeyIssues: "Labels for how long a device gets updates.",
			WayForward: "- Draft a label with consumer groups\n- Report at IGF 2021", Onsite: 40, Online: 25, Women: 31,
			Filed: model.Date{Year: 2021, Month: 7, Day: 9}}
		return tx.SaveReport(ctx, &r)
	})
	if err != nil {
		t.Fatal(err)
	}
	var p *model.Plan
	err = s.View(ctx, func(tx *storage.Tx) (err error) {
		p, err = tx.Plan(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// speakerNames are the names of the year's confirmed speakers and
// moderators, as the report must show them.
func speakerNames(p *model.Plan) []string {
	ix := p.Index()
	var names []string
	for _, s := range p.Sessions {
		if s.Status == model.StatusCancelled || s.Start.Year() != 2021 {
			continue
		}
		for _, pt := range s.Participants {
			if model.Balanced(pt) && !slices.Contains(names, ix.People[pt.PersonID].Name) {
				names = append(names, ix.People[pt.PersonID].Name)
			}
		}
	}
	return names
}

func write(t *testing.T, name string, fn func(w *bytes.Buffer) error) string {
	t.Helper()
	var b bytes.Buffer
	if err := fn(&b); err != nil {
		t.Fatalf("write %s: %v", name, err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, stderr.String())
	}
	return string(out)
}

func TestThePDFShowsEverySpeakersNameInItsOwnScript(t *testing.T) {
	p := samplePlan(t)
	doc := report.Year(p, 2021, today)
	pdf := write(t, "year.pdf", func(w *bytes.Buffer) error { return report.WritePDF(w, doc) })
	text := run(t, "pdftotext", "-enc", "UTF-8", pdf, "-")
	names := speakerNames(p)
	for _, want := range []string{"李明 (Li Ming)", "نادية حداد", "Νίκος Παπαδόπουλος", "Олена Коваленко-Шевченко", "José Álvarez-Núñez"} {
		if !slices.Contains(names, want) {
			t.Fatalf("the test plan has no speaker %s", want)
		}
	}
	for _, name := range names {
		if !strings.Contains(text, name) {
			t.Errorf("pdftotext does not find %q in the PDF", name)
		}
	}
	for _, h := range doc.Headings() {
		if !strings.Contains(text, h.Text) {
			t.Errorf("pdftotext does not find the heading %q", h.Text)
		}
	}
	if strings.Contains(text, "@example") {
		t.Error("the PDF holds emails")
	}
	info := run(t, "pdfinfo", pdf)
	if !regexp.MustCompile(`(?m)^Pages:\s+[1-9]\d*$`).MatchString(info) || !strings.Contains(info, "A4") {
		t.Errorf("pdfinfo reads:\n%s", info)
	}
	// Every font is embedded, and only the glyphs used.
	fonts := strings.Split(strings.TrimSpace(run(t, "pdffonts", pdf)), "\n")[2:]
	if len(fonts) < 3 {
		t.Errorf("pdffonts lists %d fonts, want the Latin, Arabic and CJK ones at least", len(fonts))
	}
	for _, f := range fonts {
		if fields := strings.Fields(f); len(fields) < 7 || fields[len(fields)-5] != "yes" || fields[len(fields)-4] != "yes" {
			t.Errorf("a font is not embedded as a subset: %s", f)
		}
	}
	if info, _ := os.Stat(pdf); info.Size() > 1<<20 {
		t.Errorf("the sample's report is %d bytes; its fonts should be cut to the glyphs used", info.Size())
	}
}

// htmlOutline reads an HTML file with html5lib, as a browser would, and
// returns its headings (level and text) and how many SVG drawings it holds.
func htmlOutline(t *testing.T, path string) (headings []report.Heading, svgs int) {
	t.Helper()
	const script = `
import html5lib, json, sys
# strict: any parse error fails, not only what a browser could not recover from.
doc = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("dom"), strict=True).parse(open(sys.argv[1], "rb"))
hs = [{"Level": int(e.tagName[1]) - 1, "Text": "".join(n.data for n in e.childNodes if n.nodeType == n.TEXT_NODE)}
      for e in doc.getElementsByTagName("*") if e.tagName in ("h2", "h3", "h4")]
print(json.dumps({"headings": hs, "svgs": len(doc.getElementsByTagName("svg"))}))
`
	// Debian's Python, which has Debian's html5lib, whatever else is on the PATH.
	out := run(t, "/usr/bin/python3", "-c", script, path)
	var got struct {
		Headings []report.Heading
		SVGs     int `json:"svgs"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("html5lib: %v\n%s", err, out)
	}
	return got.Headings, got.SVGs
}

func TestTheHTMLParsesAndDrawsEveryChart(t *testing.T) {
	p := samplePlan(t)
	doc := report.Year(p, 2021, today)
	path := write(t, "year.html", func(w *bytes.Buffer) error { return report.WriteHTML(w, doc) })
	headings, svgs := htmlOutline(t, path)
	charts := 0
	for _, b := range doc.Blocks {
		switch b.(type) {
		case report.Chart, report.Timeline:
			charts++
		}
	}
	if charts < 4 || svgs != charts {
		t.Errorf("the HTML holds %d SVG drawings, want one per chart and timeline (%d)", svgs, charts)
	}
	if !slices.Equal(headings, doc.Headings()) {
		t.Errorf("the HTML's headings are\n%v\nwant\n%v", headings, doc.Headings())
	}
	b, _ := os.ReadFile(path)
	for _, name := range speakerNames(p) {
		if !strings.Contains(string(b), name) {
			t.Errorf("the HTML lacks %q", name)
		}
	}
	for _, outside := range []string{"@example", "http://", "https://", "<link", "<script"} {
		if strings.Contains(string(b), outside) {
			t.Errorf("the HTML holds %q: it must stand alone and hold no emails", outside)
		}
	}
}

func TestTheMarkdownHasTheHTMLsHeadings(t *testing.T) {
	p := samplePlan(t)
	for _, doc := range []*report.Document{report.Year(p, 2021, today), sessionDoc(t, p)} {
		md := write(t, "r.md", func(w *bytes.Buffer) error { return report.WriteMarkdown(w, doc) })
		html := write(t, "r.html", func(w *bytes.Buffer) error { return report.WriteHTML(w, doc) })
		want, _ := htmlOutline(t, html)
		b, _ := os.ReadFile(md)
		var got []report.Heading
		for _, line := range strings.Split(string(b), "\n") {
			if m := regexp.MustCompile(`^(##+) (.*)$`).FindStringSubmatch(line); m != nil {
				got = append(got, report.Heading{Level: len(m[1]) - 1, Text: strings.ReplaceAll(m[2], `\`, "")})
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: the Markdown's headings are\n%v\nthe HTML's\n%v", doc.Title, got, want)
		}
	}
}

func sessionDoc(t *testing.T, p *model.Plan) *report.Document {
	t.Helper()
	for _, s := range p.Sessions {
		if s.UID == "sample-2021-eurodig-standards@convene" {
			d, err := report.Session(p, s.ID, today)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
	}
	t.Fatal("no EuroDIG session")
	return nil
}

func TestASessionReportFollowsTheIGFTemplate(t *testing.T) {
	p := samplePlan(t)
	var md bytes.Buffer
	if err := report.WriteMarkdown(&md, sessionDoc(t, p)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"## Key issues raised\n\nLabels for how long a device gets updates.",
		"## Way forward and calls to action\n\n- Draft a label with consumer groups\n- Report at IGF 2021",
		"| onsite | 40 |", "| online | 25 |", "| of whom women | 31 |",
		"| Rapporteur | Alex Moreau |",
		"Filed on Friday 9 July 2021.",
		"| نادية حداد | جامعة القاهرة | academia | speaker |",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("the session report lacks %q:\n%s", want, md.String())
		}
	}
	if strings.Contains(md.String(), "@example") {
		t.Error("the session report holds emails")
	}
}

func TestTheYearsReportSaysWhatWasFiledAndWhatIsAhead(t *testing.T) {
	p := samplePlan(t)
	var md bytes.Buffer
	if err := report.WriteMarkdown(&md, report.Year(p, 2021, today)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		// The coalition's own words, as they wrote them.
		"## Our focus in 2021\n\nOur focus in 2021 was on **legislation** for IoT security.\n\n### U.S.\n\n- *Vulnerability Management and Disclosure*\n  - Software update\n\n### EU\n\nThe sector inquiry into consumer IoT.",
		"| Security standards for IoT across the economy | EuroDIG 2021 | Alex Moreau | 13 Jul 2021 | filed 9 Jul 2021 |",
		"| Core Internet Values and the Internet of Things: secure devices at a global scale | IGF 2021 | Wanjiru Kamau | 21 Jan 2022 | due |",
		"| Wed 8 Dec 2021 11:30 | IGF 2021 | Core Internet Values and the Internet of Things: secure devices at a global scale | Dynamic Coalition on Core Internet Values (DC-CIV) |",
		"## Plan of engagement for 2022",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("the year's report lacks %q", want)
		}
	}
}

func TestAPrintedDueDateStaysOnOneLineBesideALongAction(t *testing.T) {
	long := "Read and respond to the final report of the EU sector inquiry into consumer IoT"
	doc := &report.Document{Title: "Actions", Blocks: []report.Block{
		report.Table{Columns: []string{"Action", "Due"}, Rows: [][]string{{long, "30 Sep 2022"}}},
	}}
	var b bytes.Buffer
	if err := report.WriteHTML(&b, doc); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, `<td class="k" dir="auto">30 Sep 2022</td>`) {
		t.Errorf("the due date is not marked to keep to one line:\n%s", out)
	}
	if strings.Contains(out, `class="k" dir="auto">`+long) {
		t.Error("the long action is kept to one line too; it would run off the page")
	}
	if !regexp.MustCompile(`@media print[^{]*\{\s*td\.k\s*\{\s*white-space:\s*nowrap`).MatchString(out) {
		t.Errorf("no print rule keeps such a cell to one line:\n%s", out)
	}
}

// The sample's joint session leaves room for its three-row participation
// table at the foot of the first page; it used to go to a page of its own.
func TestAShortTableAfterAHeadingFillsThePageRatherThanStartingAnother(t *testing.T) {
	p := samplePlan(t)
	var id int64
	for _, s := range p.Sessions {
		if s.UID == "sample-2021-igf-joint@convene" {
			id = s.ID
		}
	}
	d, err := report.Session(p, id, today)
	if err != nil {
		t.Fatal(err)
	}
	pdf := write(t, "joint.pdf", func(w *bytes.Buffer) error { return report.WritePDF(w, d) })
	if info := run(t, "pdfinfo", pdf); !regexp.MustCompile(`(?m)^Pages:\s+1$`).MatchString(info) {
		t.Errorf("the joint session's report takes more than one page:\n%s", info)
	}
	if text := run(t, "pdftotext", pdf, "-"); !strings.Contains(text, "of whom women") {
		t.Errorf("the participation table is missing:\n%s", text)
	}
}

func TestADoubleBarrelledNameTooWideForItsColumnBreaksAtItsHyphen(t *testing.T) {
	doc := &report.Document{Title: "Speakers", Blocks: []report.Block{
		report.Table{Columns: []string{"Name", "Affiliation", "Stakeholder group", "Role"}, Rows: [][]string{{
			"Bartholomew Featherstonehaugh-Worthington",
			"International Organisation for the Standardisation of Extremely Long Affiliation Names in Consumer IoT Security",
			"technical-community", "speaker",
		}}},
	}}
	pdf := write(t, "speakers.pdf", func(w *bytes.Buffer) error { return report.WritePDF(w, doc) })
	// -raw: by default pdftotext joins a word hyphenated at a line's end.
	text := run(t, "pdftotext", "-raw", pdf, "-")
	if !strings.Contains(text, "Featherstonehaugh-\n") || !strings.Contains(text, "Worthington") {
		t.Errorf("the name is not broken after its hyphen:\n%s", text)
	}
}
