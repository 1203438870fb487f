package feeds

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/convene-planner/convene/storage/ical"
)

// writeIfChanged writes data to path unless the file there already holds
// the same (as same says), through a temporary file renamed over it, so a
// subscriber never reads half a calendar. It reports whether it wrote and
// whether the file was there before.
func writeIfChanged(path string, data []byte, same func(a, b []byte) bool) (changed, existed bool, err error) {
	old, err := os.ReadFile(path)
	switch {
	case err == nil:
		existed = true
		if same(old, data) {
			return false, true, nil
		}
	case !os.IsNotExist(err):
		return false, false, fmt.Errorf("publish %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return false, existed, fmt.Errorf("publish %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return false, existed, fmt.Errorf("publish %s: %w", path, err)
	}
	return true, existed, nil
}

// sameCalendar reports whether two calendars Convene wrote differ only in
// their DTSTAMPs, the moment each was written: a feed whose sessions have
// not changed is left as it is.
func sameCalendar(a, b []byte) bool {
	for len(a) > 0 && len(b) > 0 {
		la, ra, _ := bytes.Cut(a, []byte("\r\n"))
		lb, rb, _ := bytes.Cut(b, []byte("\r\n"))
		if !bytes.Equal(la, lb) && !(bytes.HasPrefix(la, []byte("DTSTAMP:")) && bytes.HasPrefix(lb, []byte("DTSTAMP:"))) {
			return false
		}
		a, b = ra, rb
	}
	return len(a) == 0 && len(b) == 0
}

// removeOrphans removes the feeds Convene wrote for a forum or person no
// longer in the plan. A file is taken for one of ours only by its name and
// its producer: anything else in the folder is left alone.
func removeOrphans(dir string, all []*feed) (int, error) {
	known := map[string]bool{}
	for _, f := range all {
		known[f.file] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("publish to %s: %w", dir, err)
	}
	removed := 0
	for _, e := range entries {
		name := e.Name()
		if known[name] || !e.Type().IsRegular() || !strings.HasSuffix(name, ".ics") ||
			!(strings.HasPrefix(name, "person-") || strings.HasPrefix(name, "forum-")) {
			continue
		}
		path := filepath.Join(dir, name)
		if !writtenByConvene(path) {
			continue
		}
		if err := os.Remove(path); err != nil {
			return removed, fmt.Errorf("publish: remove %s: %w", path, err)
		}
		removed++
	}
	return removed, nil
}

// writtenByConvene reports whether the file is a calendar Convene wrote,
// from its first lines.
func writtenByConvene(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := f.Read(head)
	return bytes.HasPrefix(head[:n], []byte("BEGIN:VCALENDAR\r\n")) && bytes.Contains(head[:n], []byte("PRODID:"+ical.ProductID+"\r\n"))
}
