package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/csvio"
)

func (c *cli) listCommand() *cobra.Command {
	var (
		forum                string
		asJSON, withContacts bool
	)
	cmd := &cobra.Command{
		Use:   "list forums|sessions|people|actions|reports|narratives [--forum NAME] [--json]",
		Short: "Print the plan's forums, sessions, people, action items, session reports or yearly narratives",
		Long: `Print the plan's forums, sessions, people, action items, session reports or
yearly narratives as a table, or with --json as one JSON array of objects
keyed by the CSV column names (times in RFC 3339 with the forum's offset). Emails and gender are personal data: they
are printed only with --with-contacts.`,
		Example: `  convene list sessions --forum "IGF 2021"
  convene list people --json --with-contacts`,
		ValidArgs: []string{"forums", "sessions", "people", "actions", "reports", "narratives"},
		Args:      cobra.ExactArgs(1),
		RunE: c.action(func(cmd *cobra.Command, args []string) error {
			kind, err := csvio.ParseKind(args[0])
			if err != nil {
				return usageError("list: %v", err)
			}
			return c.list(cmd.Context(), kind, forum, asJSON, withContacts)
		}),
	}
	cmd.Flags().StringVar(&forum, "forum", "", "only this forum (its sessions and action items)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of a table")
	cmd.Flags().BoolVar(&withContacts, "with-contacts", false, "include emails and gender")
	return cmd
}

func (c *cli) list(ctx context.Context, kind csvio.Kind, forumName string, asJSON, withContacts bool) error {
	store, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	var plan *model.Plan
	opts := csvio.Options{WithContacts: withContacts}
	err = store.View(ctx, func(tx *storage.Tx) error {
		if forumName != "" {
			f, err := tx.FindForum(ctx, forumName)
			if err != nil {
				return err
			}
			opts.ForumID = f.ID
		}
		plan, err = csvio.Load(ctx, tx, kind)
		return err
	})
	if err != nil {
		return err
	}
	out := bufio.NewWriter(c.stdout)
	if asJSON {
		err = writeJSON(out, kind, csvio.Table(plan, kind, opts))
	} else {
		writeTable(out, kind, plan, opts)
	}
	if err != nil {
		return err
	}
	return out.Flush()
}

// writeJSON prints the rows as one array of objects whose keys are the CSV
// columns in their order. It writes the objects itself, since a Go map would
// sort the keys and a struct per kind would repeat the column list.
func writeJSON(w io.Writer, kind csvio.Kind, rows []csvio.Row) error {
	cols := csvio.Columns(kind)
	keys := make([][]byte, len(cols))
	for i, col := range cols {
		keys[i], _ = json.Marshal(col)
	}
	var buf []byte
	buf = append(buf, '[')
	for i, row := range rows {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, "\n  {"...)
		for j, cell := range row {
			if t, ok := cell.(time.Time); ok {
				cell = ""
				if !t.IsZero() {
					cell = t.Format(time.RFC3339)
				}
			}
			if j > 0 {
				buf = append(buf, ", "...)
			}
			buf = append(append(buf, keys[j]...), ": "...)
			switch v := cell.(type) {
			case string:
				buf = appendJSONString(buf, v)
				continue
			case []string:
				buf = append(buf, '[')
				for k, text := range v {
					if k > 0 {
						buf = append(buf, ", "...)
					}
					buf = appendJSONString(buf, text)
				}
				buf = append(buf, ']')
				continue
			}
			v, err := json.Marshal(cell)
			if err != nil {
				return fmt.Errorf("write %s as JSON: %w", kind, err)
			}
			buf = append(buf, v...)
		}
		buf = append(buf, '}')
		if len(buf) > 64<<10 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if len(rows) > 0 {
		buf = append(buf, '\n')
	}
	buf = append(buf, "]\n"...)
	_, err := w.Write(buf)
	return err
}

// appendJSONString appends s as a JSON string, as encoding/json writes it
// but for its escapes of <, > and &, which only matter inside HTML: most
// cells of a large plan are strings or lists of them, and this is several
// times quicker.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	done := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[done:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			done = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[done:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			// Line ends to JavaScript, though not to JSON.
			b = append(append(b, s[done:i]...), '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		done = i
	}
	return append(append(b, s[done:]...), '"')
}

// writeTable prints a table a person reads in a terminal: the columns that
// matter for the kind, long text shortened.
func writeTable(w io.Writer, kind csvio.Kind, p *model.Plan, opts csvio.Options) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	defer tw.Flush()
	ix := p.Index()
	row := func(cells ...string) { fmt.Fprintln(tw, strings.Join(cells, "\t")) }
	switch kind {
	case csvio.Forums:
		row("NAME", "KIND", "WHERE", "DAYS", "FORMAT", "TIME ZONE", "PROPOSALS BY")
		for _, f := range p.Forums {
			if opts.ForumID == 0 || f.ID == opts.ForumID {
				row(f.Name, string(f.Kind), joinNonEmpty(", ", f.City, f.Country),
					f.FirstDay.String()+" – "+f.LastDay.String(), string(f.Format), f.Zone.String(),
					f.ProposalDeadline.String())
			}
		}
	case csvio.Sessions:
		row("FORUM", "DAY", "TIME", "TITLE", "FORMAT", "STATUS", "ROOM", "ORGANISERS")
		for _, s := range p.Sessions {
			if opts.ForumID != 0 && s.ForumID != opts.ForumID {
				continue
			}
			f := ix.Forums[s.ForumID]
			day, hours := "unscheduled", ""
			if s.Scheduled() {
				start, end := s.Start.In(f.Zone), s.End.In(f.Zone)
				day = start.Format("Mon 2 Jan 2006")
				hours = start.Format("15:04") + "–" + end.Format("15:04 MST")
			}
			row(shorten(f.Name, 24), day, hours, shorten(s.Title, 48), string(s.Format),
				string(s.Status), shorten(s.Room, 20), strings.Join(s.Organisers, " + "))
		}
	case csvio.People:
		header := []string{"NAME", "AFFILIATION", "GROUP", "REGION", "COUNTRY", "TIME ZONE"}
		if opts.WithContacts {
			header = append(header, "EMAIL", "GENDER")
		}
		row(header...)
		for _, pe := range p.People {
			cells := []string{pe.Name, shorten(pe.Affiliation, 32), string(pe.Group),
				string(pe.Region), pe.Country, pe.Zone.String()}
			if opts.WithContacts {
				cells = append(cells, pe.Email, string(pe.Gender))
			}
			row(cells...)
		}
	case csvio.Actions:
		row("DUE", "STATUS", "TITLE", "OWNER", "FORUM")
		for _, r := range csvio.Table(p, kind, opts) {
			// title, owner, due, status, forum, session, notes
			row(csvio.Text(r[2], ""), csvio.Text(r[3], ""), shorten(csvio.Text(r[0], ""), 56),
				csvio.Text(r[1], ""), csvio.Text(r[4], ""))
		}
	case csvio.Reports:
		row("SESSION", "FILED", "ONSITE", "ONLINE", "WOMEN", "KEY ISSUES")
		for _, r := range csvio.Table(p, kind, opts) {
			// session, key_issues, way_forward, onsite, online, women, filed
			key, _, _ := strings.Cut(csvio.Text(r[1], ""), "\n")
			row(csvio.Text(r[0], ""), csvio.Text(r[6], ""), csvio.Text(r[3], ""), csvio.Text(r[4], ""),
				csvio.Text(r[5], ""), shorten(key, 48))
		}
	case csvio.Narratives:
		row("YEAR", "TEXT")
		for _, n := range p.Narratives {
			first, _, _ := strings.Cut(n.Text, "\n")
			row(strconv.Itoa(n.Year), shorten(first, 72))
		}
	}
}

func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

// shorten cuts text to at most n characters, marking the cut with "…".
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
