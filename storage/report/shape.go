package report

import (
	"bytes"
	"embed"
	"fmt"
	"sync"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// The fonts are embedded so a report shows every script on any system,
// Windows included, with nothing to install (fonts/README.md says where
// they come from and under which licences).
//
//go:embed fonts/*.ttf
var fontFiles embed.FS

// style is how a piece of text is set.
type style int

const (
	regular style = iota
	bold
	italic
)

// face is one embedded font file, parsed.
type face struct {
	file string
	data []byte
	face *font.Face
	upem float64
}

// faces are the fonts for one style, in the order they are tried for a
// letter: Latin, Greek and Cyrillic; Arabic; Chinese, Japanese and Korean.
type faces struct {
	latin, arabic, cjk *face
}

var (
	loadOnce sync.Once
	loaded   [3]faces
	loadErr  error
)

func loadFaces() ([3]faces, error) {
	loadOnce.Do(func() {
		byFile := map[string]*face{}
		get := func(file string) *face {
			if f, ok := byFile[file]; ok || loadErr != nil {
				return f
			}
			data, err := fontFiles.ReadFile("fonts/" + file)
			if err != nil {
				loadErr = err
				return nil
			}
			ff, err := font.ParseTTF(bytes.NewReader(data))
			if err != nil {
				loadErr = fmt.Errorf("read the embedded font %s: %w", file, err)
				return nil
			}
			f := &face{file: file, data: data, face: ff, upem: float64(ff.Upem())}
			byFile[file] = f
			return f
		}
		cjk := get("DroidSansFallbackFull.ttf")
		loaded = [3]faces{
			regular: {get("NotoSans-Regular.ttf"), get("NotoSansArabic-Regular.ttf"), cjk},
			bold:    {get("NotoSans-Bold.ttf"), get("NotoSansArabic-Bold.ttf"), cjk},
			italic:  {get("NotoSans-Italic.ttf"), get("NotoSansArabic-Regular.ttf"), cjk},
		}
	})
	return loaded, loadErr
}

// ResolveFace picks the first of the style's fonts that has the letter.
func (fs faces) ResolveFace(r rune) *font.Face { return fs.pick(r).face }

func (fs faces) pick(r rune) *face {
	for _, f := range []*face{fs.latin, fs.arabic, fs.cjk} {
		if _, ok := f.face.NominalGlyph(r); ok {
			return f
		}
	}
	return fs.latin
}

// glyph is one glyph placed on a line, in em (its advance and offsets
// divided by the font's units per em) so one shaping serves every size.
type glyph struct {
	id      font.GID
	advance float64
	// adjust is how much less than the font's own advance for the glyph
	// shaping moves on (kerning, joining): what a PDF must say.
	adjust float64
	text   string // the letters it stands for, for copying text out of the PDF
}

// glyphRun is glyphs of one font, left to right as they are drawn.
type glyphRun struct {
	face   *face
	glyphs []glyph
}

// shaped is a piece of text ready to draw: runs in visual order.
type shaped struct {
	runs  []glyphRun
	width float64 // em
}

// shaper turns text into glyphs. Text in scripts that join or reorder
// (Arabic, or letters with combining marks) goes through HarfBuzz's
// shaping and the Unicode bidirectional algorithm; other text is mapped
// letter by letter, which gives the same glyphs far faster, and a report
// of a large plan sets hundreds of thousands of words.
type shaper struct {
	faces [3]faces
	hb    shaping.HarfbuzzShaper
	seg   shaping.Segmenter
	cache map[shapeKey]*shaped
}

type shapeKey struct {
	text  string
	style style
}

func newShaper() (*shaper, error) {
	fs, err := loadFaces()
	if err != nil {
		return nil, err
	}
	return &shaper{faces: fs, cache: map[shapeKey]*shaped{}}, nil
}

func (s *shaper) shape(text string, st style) *shaped {
	k := shapeKey{text, st}
	if sh, ok := s.cache[k]; ok {
		return sh
	}
	sh, ok := s.simple(text, st)
	if !ok {
		sh = s.complex(text, st)
	}
	s.cache[k] = sh
	return sh
}

// needsShaping reports whether a letter is of a script whose glyphs
// depend on their neighbours or whose order may be reversed.
func needsShaping(r rune) bool {
	switch {
	case r >= 0x0300 && r <= 0x036F, // combining diacritical marks
		r >= 0x0483 && r <= 0x0489,                                                         // Cyrillic combining marks
		r >= 0x0590 && r <= 0x08FF,                                                         // Hebrew, Arabic, Syriac, Thaana, N'Ko …
		r >= 0x0900 && r <= 0x0DFF,                                                         // Indic scripts
		r >= 0x0E00 && r <= 0x0FFF,                                                         // Thai, Lao, Tibetan
		r >= 0x1000 && r <= 0x109F,                                                         // Myanmar
		r >= 0x1AB0 && r <= 0x1AFF, r >= 0x1DC0 && r <= 0x1DFF, r >= 0x20D0 && r <= 0x20FF, // more combining marks
		r >= 0x200C && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, // joiners and bidi controls
		r >= 0xFB1D && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF, // presentation forms
		r >= 0xFE00 && r <= 0xFE0F, r >= 0xFE20 && r <= 0xFE2F: // variation selectors, half marks
		return true
	}
	return false
}

// simple maps each letter to the first font that has it; false when the
// text needs shaping.
func (s *shaper) simple(text string, st style) (*shaped, bool) {
	fs := s.faces[st]
	sh := &shaped{}
	for _, r := range text {
		if needsShaping(r) {
			return nil, false
		}
		f := fs.pick(r)
		gid, _ := f.face.NominalGlyph(r)
		g := glyph{id: gid, advance: float64(f.face.HorizontalAdvance(gid)) / f.upem, text: string(r)}
		if n := len(sh.runs); n > 0 && sh.runs[n-1].face == f {
			sh.runs[n-1].glyphs = append(sh.runs[n-1].glyphs, g)
		} else {
			sh.runs = append(sh.runs, glyphRun{face: f, glyphs: []glyph{g}})
		}
		sh.width += g.advance
	}
	return sh, true
}

// complex shapes text with HarfBuzz, split into runs of one direction,
// script and font, and puts the runs in the order they are seen.
func (s *shaper) complex(text string, st style) *shaped {
	runes := []rune(text)
	in := shaping.Input{Text: runes, RunStart: 0, RunEnd: len(runes), Direction: di.DirectionLTR}
	if rtlFirst(runes) {
		in.Direction = di.DirectionRTL
	}
	fs := s.faces[st]
	var runs []glyphRun
	var rtl []bool
	for _, part := range s.seg.Split(in, fs) {
		f := fs.latin
		for _, c := range []*face{fs.latin, fs.arabic, fs.cjk} {
			if c.face == part.Face {
				f = c
			}
		}
		part.Size = fixed.I(int(f.upem))
		out := s.hb.Shape(part)
		run := glyphRun{face: f}
		for _, g := range out.Glyphs {
			t := ""
			if g.GlyphCount <= 1 || isFirstOfCluster(out.Glyphs, g) {
				end := min(g.ClusterIndex+g.RuneCount, len(runes))
				t = string(runes[g.ClusterIndex:end])
			}
			adv := fixedEm(g.XAdvance, f)
			adjust := float64(f.face.HorizontalAdvance(g.GlyphID))/f.upem - adv
			if adjust < 0.0005 && adjust > -0.0005 {
				adjust = 0
			}
			run.glyphs = append(run.glyphs, glyph{id: g.GlyphID, advance: adv, adjust: adjust, text: t})
		}
		runs = append(runs, run)
		rtl = append(rtl, part.Direction.Progression() == di.TowardTopLeft)
	}
	sh := &shaped{runs: visualOrder(runs, rtl, in.Direction == di.DirectionRTL)}
	for _, r := range sh.runs {
		for _, g := range r.glyphs {
			sh.width += g.advance
		}
	}
	return sh
}

// isFirstOfCluster reports whether g is the first glyph of its cluster
// in the output, which carries the cluster's letters.
func isFirstOfCluster(glyphs []shaping.Glyph, g shaping.Glyph) bool {
	for _, o := range glyphs {
		if o.ClusterIndex == g.ClusterIndex {
			return o.GlyphID == g.GlyphID && o.XOffset == g.XOffset
		}
	}
	return true
}

func fixedEm(v fixed.Int26_6, f *face) float64 { return float64(v) / 64 / f.upem }

// visualOrder puts runs (each already in its own visual order) in the order
// they are seen on a line: in a left-to-right paragraph a stretch of
// right-to-left runs is reversed; in a right-to-left one the whole line is,
// keeping each stretch of left-to-right runs in its own order.
func visualOrder(runs []glyphRun, rtl []bool, rtlParagraph bool) []glyphRun {
	out := make([]glyphRun, 0, len(runs))
	for i := 0; i < len(runs); {
		j := i
		for j < len(runs) && rtl[j] == rtl[i] {
			j++
		}
		stretch := runs[i:j]
		if rtl[i] != rtlParagraph {
			for k := len(stretch) - 1; k >= 0; k-- {
				out = append(out, stretch[k])
			}
		} else {
			out = append(out, stretch...)
		}
		i = j
	}
	if rtlParagraph {
		for a, b := 0, len(out)-1; a < b; a, b = a+1, b-1 {
			out[a], out[b] = out[b], out[a]
		}
	}
	return out
}

// rtlFirst reports whether the text's first strong letter is written
// right to left, which makes the whole text read from the right.
func rtlFirst(runes []rune) bool {
	for _, r := range runes {
		switch {
		case r >= 0x0590 && r <= 0x08FF, r >= 0xFB1D && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF:
			return true
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= 0x00C0 && r <= 0x058F, r >= 0x0900:
			return false
		}
	}
	return false
}
