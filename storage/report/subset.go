package report

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// subsetTrueType returns a copy of a TrueType font that keeps only the
// glyphs used (and the glyphs they are built of), at their own glyph IDs,
// so a PDF can name glyphs by ID: the CJK font alone is 4 MB, a report
// uses a few hundred of its glyphs. Only the tables a PDF reader needs to
// draw the glyphs are kept (ISO 32000-1, 9.9).
func subsetTrueType(font []byte, used map[uint16]bool) ([]byte, error) {
	tables, err := tableDirectory(font)
	if err != nil {
		return nil, err
	}
	for _, need := range []string{"head", "maxp", "loca", "glyf", "hhea", "hmtx"} {
		if tables[need] == nil {
			return nil, fmt.Errorf("the font has no %s table", need)
		}
	}
	head := tables["head"]
	if len(head) < 54 || len(tables["maxp"]) < 6 {
		return nil, errors.New("the font's head or maxp table is too short")
	}
	numGlyphs := int(binary.BigEndian.Uint16(tables["maxp"][4:]))
	longLoca := binary.BigEndian.Uint16(head[50:]) == 1
	loca := tables["loca"]
	offset := func(g int) (int, error) {
		if longLoca {
			if 4*g+4 > len(loca) {
				return 0, errors.New("the font's loca table is too short")
			}
			return int(binary.BigEndian.Uint32(loca[4*g:])), nil
		}
		if 2*g+2 > len(loca) {
			return 0, errors.New("the font's loca table is too short")
		}
		return 2 * int(binary.BigEndian.Uint16(loca[2*g:])), nil
	}
	glyf := tables["glyf"]
	glyphData := func(g int) ([]byte, error) {
		a, err := offset(g)
		if err != nil {
			return nil, err
		}
		b, err := offset(g + 1)
		if err != nil {
			return nil, err
		}
		if a > b || b > len(glyf) {
			return nil, fmt.Errorf("glyph %d lies outside the font's glyf table", g)
		}
		return glyf[a:b], nil
	}

	// The glyphs used, and the glyphs composite ones are made of.
	keep := map[int]bool{0: true}
	todo := []int{0}
	for g := range used {
		if int(g) < numGlyphs && !keep[int(g)] {
			keep[int(g)] = true
			todo = append(todo, int(g))
		}
	}
	for len(todo) > 0 {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		data, err := glyphData(g)
		if err != nil {
			return nil, err
		}
		for _, c := range components(data) {
			if c < numGlyphs && !keep[c] {
				keep[c] = true
				todo = append(todo, c)
			}
		}
	}

	newGlyf := make([]byte, 0, 64*len(keep))
	newLoca := make([]byte, 4*(numGlyphs+1))
	for g := 0; g < numGlyphs; g++ {
		binary.BigEndian.PutUint32(newLoca[4*g:], uint32(len(newGlyf)))
		if !keep[g] {
			continue
		}
		data, err := glyphData(g)
		if err != nil {
			return nil, err
		}
		newGlyf = append(newGlyf, data...)
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
	}
	binary.BigEndian.PutUint32(newLoca[4*numGlyphs:], uint32(len(newGlyf)))

	newHead := slices.Clone(head)
	binary.BigEndian.PutUint32(newHead[8:], 0)  // checkSumAdjustment: not used by PDF readers
	binary.BigEndian.PutUint16(newHead[50:], 1) // long loca offsets

	out := map[string][]byte{"head": newHead, "loca": newLoca, "glyf": newGlyf}
	for _, t := range []string{"hhea", "hmtx", "maxp", "cvt ", "fpgm", "prep", "OS/2"} {
		if tables[t] != nil {
			out[t] = tables[t]
		}
	}
	return writeSFNT(out), nil
}

// tableDirectory reads where each table of an sfnt font lies.
func tableDirectory(font []byte) (map[string][]byte, error) {
	if len(font) < 12 {
		return nil, errors.New("the font is too short")
	}
	if v := binary.BigEndian.Uint32(font); v != 0x00010000 && v != 0x74727565 {
		return nil, errors.New("the font is not a TrueType font")
	}
	n := int(binary.BigEndian.Uint16(font[4:]))
	if 12+16*n > len(font) {
		return nil, errors.New("the font's table directory is cut short")
	}
	tables := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		rec := font[12+16*i:]
		off, length := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if off < 0 || length < 0 || off+length > len(font) {
			return nil, fmt.Errorf("the font's %s table lies outside the file", rec[:4])
		}
		tables[string(rec[:4])] = font[off : off+length]
	}
	return tables, nil
}

// components returns the glyphs a composite glyph is made of; none for a
// simple glyph.
func components(data []byte) []int {
	if len(data) < 10 || int16(binary.BigEndian.Uint16(data)) >= 0 {
		return nil
	}
	const (
		argsAreWords   = 0x0001
		haveScale      = 0x0008
		moreComponents = 0x0020
		haveXYScale    = 0x0040
		have2x2        = 0x0080
	)
	var out []int
	for p := 10; p+4 <= len(data); {
		flags := binary.BigEndian.Uint16(data[p:])
		out = append(out, int(binary.BigEndian.Uint16(data[p+2:])))
		p += 4
		if flags&argsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&have2x2 != 0:
			p += 8
		}
		if flags&moreComponents == 0 {
			break
		}
	}
	return out
}

// writeSFNT lays tables out as a TrueType font file.
func writeSFNT(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	n := len(tags)
	entrySelector := 0
	for 1<<(entrySelector+1) <= n {
		entrySelector++
	}
	searchRange := 16 << entrySelector
	out := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(searchRange))
	binary.BigEndian.PutUint16(out[8:], uint16(entrySelector))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-searchRange))
	at := len(out)
	for i, t := range tags {
		data := tables[t]
		rec := out[12+16*i:]
		copy(rec, t)
		binary.BigEndian.PutUint32(rec[4:], checksum(data))
		binary.BigEndian.PutUint32(rec[8:], uint32(at))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(data)))
		at += (len(data) + 3) &^ 3
	}
	for _, t := range tags {
		out = append(out, tables[t]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

func checksum(data []byte) uint32 {
	var sum uint32
	for i := 0; i < len(data); i += 4 {
		var word [4]byte
		copy(word[:], data[i:])
		sum += binary.BigEndian.Uint32(word[:])
	}
	return sum
}
