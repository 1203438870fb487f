package ical

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
)

// restamped are the properties a server or a publish may write anew
// without the event changing: when it was stamped, created or modified.
var restamped = map[string]bool{"DTSTAMP": true, "CREATED": true, "LAST-MODIFIED": true}

// EventFingerprint identifies what a calendar resource says of its events,
// however it was written: properties in any order, folded anywhere, with
// parameters quoted or not and text escaped either way, its time zones and
// stamps aside. A CalDAV server may store an event written anew (Radicale
// does), so two resources say the same thing when their fingerprints
// match, not their bytes.
func EventFingerprint(body []byte) (string, error) {
	roots, errs, err := parse(bytes.NewReader(body), "the resource")
	if err != nil {
		return "", err
	}
	if len(errs) > 0 {
		return "", errs
	}
	var lines []string
	var walk func(c *component, path string)
	walk = func(c *component, path string) {
		if c.name == "VTIMEZONE" {
			return
		}
		path += "/" + c.name
		for _, p := range c.props {
			if restamped[p.name] || c.name == "VCALENDAR" {
				continue
			}
			var b strings.Builder
			b.WriteString(path + " " + p.name)
			names := make([]string, 0, len(p.params))
			for n := range p.params {
				names = append(names, n)
			}
			slices.Sort(names)
			for _, n := range names {
				b.WriteString(";" + n + "=" + strings.Join(p.params[n], ","))
			}
			b.WriteString(":" + unescapeText(p.value))
			lines = append(lines, b.String())
		}
		for _, sub := range c.subs {
			walk(sub, path)
		}
	}
	for _, r := range roots {
		walk(r, "")
	}
	if len(lines) == 0 {
		return "", errors.New("the resource holds no event")
	}
	slices.Sort(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}
