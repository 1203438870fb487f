package main

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// Whatever a cell holds, `list --json` writes a string that a JSON reader
// reads back as the same text (invalid UTF-8 as U+FFFD, as encoding/json
// writes it), and that encoding/json itself accepts.
func TestJSONStringsReadBackAsWritten(t *testing.T) {
	texts := []string{"", "plain", `quote " and \ back`, "line\nbreak\r\ttab", "\x00\x01\x1f\x7f",
		"Zofia Wróblewska · 李明", "\u2028\u2029", "bad \xff byte", "<a href='x'>&</a>", "emoji 🙂"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, r.IntN(24))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		texts = append(texts, string(b))
	}
	for _, text := range texts {
		written := appendJSONString(nil, text)
		want, _ := json.Marshal(text)
		var got, fromJSON string
		if err := json.Unmarshal(written, &got); err != nil {
			t.Fatalf("%q is written as %s, which is not JSON: %v", text, written, err)
		}
		if err := json.Unmarshal(want, &fromJSON); err != nil {
			t.Fatal(err)
		}
		if got != fromJSON {
			t.Errorf("%q reads back as %q, want %q", text, got, fromJSON)
		}
	}
}
