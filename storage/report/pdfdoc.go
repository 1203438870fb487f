package report

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"strconv"
	"unicode/utf16"

	"github.com/go-text/typesetting/font"
)

// pdfDoc is a PDF file being made: pages of text and shapes in the
// embedded fonts. Fonts are written as CID-keyed TrueType (Identity-H), so
// text is a sequence of glyph IDs, exactly the glyphs shaping chose, and a
// ToUnicode map gives each glyph back its letters for search and copying.
type pdfDoc struct {
	width, height float64
	// pages holds each finished page's content compressed, and current
	// the page being drawn: a report of a large plan runs to a thousand
	// pages, which take a tenth of the memory once compressed.
	pages   [][]byte
	current bytes.Buffer
	z       *zlib.Writer // one compressor for every stream: each new one costs a megabyte
	fonts   []*pdfFont
	byFace  map[*face]*pdfFont
	title   string
	num     []byte // scratch for numbers
	started bool
}

type pdfFont struct {
	face *face
	name string
	used map[uint16]string // glyph → the letters it stands for
}

// Page sizes in points.
const (
	a4Width, a4Height = 595.28, 841.89
)

func newPDFDoc(title string) *pdfDoc {
	return &pdfDoc{width: a4Width, height: a4Height, byFace: map[*face]*pdfFont{}, title: title}
}

func (d *pdfDoc) newPage() {
	if d.started {
		d.pages = append(d.pages, d.compress(d.current.Bytes()))
	}
	d.started = true
	d.current.Reset()
}

// pageCount is how many pages there are, the one being drawn included.
func (d *pdfDoc) pageCount() int { return len(d.pages) + 1 }

func (d *pdfDoc) page() *bytes.Buffer { return &d.current }

// compress deflates a stream's data.
func (d *pdfDoc) compress(data []byte) []byte {
	var b bytes.Buffer
	if d.z == nil {
		d.z, _ = zlib.NewWriterLevel(&b, zlib.BestSpeed)
	} else {
		d.z.Reset(&b)
	}
	d.z.Write(data)
	d.z.Close()
	return b.Bytes()
}

// n writes a number with at most two decimals, and a space. Numbers are
// most of a page's content, so this avoids the general float formatting.
func (d *pdfDoc) n(v float64) []byte {
	d.num = d.num[:0]
	c := int64(v*100 + 0.5)
	if v < 0 {
		c = int64(v*100 - 0.5)
	}
	if c < 0 {
		d.num = append(d.num, '-')
		c = -c
	}
	d.num = strconv.AppendInt(d.num, c/100, 10)
	if frac := c % 100; frac != 0 {
		d.num = append(d.num, '.', byte('0'+frac/10))
		if frac%10 != 0 {
			d.num = append(d.num, byte('0'+frac%10))
		}
	}
	return append(d.num, ' ')
}

func (d *pdfDoc) ops(nums []float64, op string) {
	p := d.page()
	for _, v := range nums {
		p.Write(d.n(v))
	}
	p.WriteString(op)
	p.WriteByte('\n')
}

// rgb is a colour, each part from 0 to 1.
type rgb [3]float64

func hexColour(s string) rgb {
	v, _ := strconv.ParseUint(s[1:], 16, 32)
	return rgb{float64(v>>16&0xff) / 255, float64(v>>8&0xff) / 255, float64(v&0xff) / 255}
}

// fillRect fills a rectangle whose top left corner is at x, y from the
// page's top left.
func (d *pdfDoc) fillRect(x, y, w, h float64, c rgb) {
	d.ops(c[:], "rg")
	d.ops([]float64{x, d.height - y - h, w, h}, "re f")
}

func (d *pdfDoc) line(x1, y1, x2, y2, width float64, c rgb) {
	d.ops(c[:], "RG")
	d.ops([]float64{width}, "w")
	d.ops([]float64{x1, d.height - y1}, "m")
	d.ops([]float64{x2, d.height - y2}, "l S")
}

// text draws shaped text with its baseline starting at x, y (from the
// page's top left).
func (d *pdfDoc) text(x, y, size float64, sh *shaped, c rgb) {
	p := d.page()
	d.ops(c[:], "rg")
	p.WriteString("BT\n")
	var hex [4]byte
	for _, run := range sh.runs {
		f := d.font(run.face)
		p.WriteString("/" + f.name + " ")
		d.ops([]float64{size}, "Tf")
		d.ops([]float64{1, 0, 0, 1, x, d.height - y}, "Tm")
		p.WriteString("[<")
		for _, g := range run.glyphs {
			id := uint16(g.id)
			if t, ok := f.used[id]; !ok || t == "" {
				f.used[id] = g.text
			}
			const digits = "0123456789ABCDEF"
			hex = [4]byte{digits[id>>12], digits[id>>8&0xf], digits[id>>4&0xf], digits[id&0xf]}
			p.Write(hex[:])
			if g.adjust != 0 {
				p.WriteString("> ")
				p.Write(d.n(g.adjust * 1000))
				p.WriteString("<")
			}
			x += g.advance * size
		}
		p.WriteString(">] TJ\n")
	}
	p.WriteString("ET\n")
}

func (d *pdfDoc) font(f *face) *pdfFont {
	if pf, ok := d.byFace[f]; ok {
		return pf
	}
	pf := &pdfFont{face: f, name: "F" + strconv.Itoa(len(d.fonts)), used: map[uint16]string{}}
	d.fonts = append(d.fonts, pf)
	d.byFace[f] = pf
	return pf
}

// pdfWriter numbers objects and remembers where each begins.
type pdfWriter struct {
	w       *bufio.Writer
	written int64
	offsets []int64 // by object number - 1
	err     error
}

func (pw *pdfWriter) Write(b []byte) (int, error) {
	if pw.err != nil {
		return 0, pw.err
	}
	n, err := pw.w.Write(b)
	pw.written += int64(n)
	pw.err = err
	return n, err
}

// reserve gives the next object number without writing it yet.
func (pw *pdfWriter) reserve() int {
	pw.offsets = append(pw.offsets, -1)
	return len(pw.offsets)
}

func (pw *pdfWriter) begin(id int) {
	pw.offsets[id-1] = pw.written
	fmt.Fprintf(pw, "%d 0 obj\n", id)
}

func (pw *pdfWriter) object(id int, body string) {
	pw.begin(id)
	fmt.Fprintf(pw, "%s\nendobj\n", body)
}

// stream writes a stream object of compressed data; extra goes into its
// dictionary.
func (pw *pdfWriter) stream(id int, compressed []byte, extra string) {
	pw.begin(id)
	fmt.Fprintf(pw, "<< /Length %d /Filter /FlateDecode %s>>\nstream\n", len(compressed), extra)
	pw.Write(compressed)
	pw.Write([]byte("\nendstream\nendobj\n"))
}

// write puts the whole file out.
func (d *pdfDoc) write(out io.Writer) error {
	d.newPage() // finishes the last page
	pw := &pdfWriter{w: bufio.NewWriterSize(out, 256<<10)}
	pw.Write([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))
	catalog, pagesID, resources, info := pw.reserve(), pw.reserve(), pw.reserve(), pw.reserve()
	pageIDs := make([]int, len(d.pages))
	for i := range d.pages {
		pageIDs[i] = pw.reserve()
	}
	fontIDs := make([]int, len(d.fonts))
	for i := range d.fonts {
		fontIDs[i] = pw.reserve()
	}
	pw.object(catalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R /Lang (en) >>", pagesID))
	var kids bytes.Buffer
	for _, id := range pageIDs {
		fmt.Fprintf(&kids, "%d 0 R ", id)
	}
	pw.object(pagesID, fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", len(pageIDs), kids.String()))
	var fontDict bytes.Buffer
	for i, f := range d.fonts {
		fmt.Fprintf(&fontDict, "/%s %d 0 R ", f.name, fontIDs[i])
	}
	pw.object(resources, fmt.Sprintf("<< /Font << %s>> >>", fontDict.String()))
	pw.object(info, fmt.Sprintf("<< /Title %s /Producer (Convene) >>", pdfText(d.title)))
	for i, content := range d.pages {
		cid := pw.reserve()
		pw.object(pageIDs[i], fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] /Resources %d 0 R /Contents %d 0 R >>",
			pagesID, d.width, d.height, resources, cid))
		pw.stream(cid, content, "")
	}
	for i, f := range d.fonts {
		if err := d.writeFont(pw, fontIDs[i], f, i); err != nil {
			return err
		}
	}
	xref := pw.written
	fmt.Fprintf(pw, "xref\n0 %d\n0000000000 65535 f \n", len(pw.offsets)+1)
	for _, off := range pw.offsets {
		fmt.Fprintf(pw, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(pw, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(pw.offsets)+1, catalog, info, xref)
	if pw.err != nil {
		return pw.err
	}
	return pw.w.Flush()
}

// writeFont writes a font as a Type0 font over a CIDFontType2 with its
// subset embedded, its glyph widths and its ToUnicode map.
func (d *pdfDoc) writeFont(pw *pdfWriter, id int, f *pdfFont, index int) error {
	used := make(map[uint16]bool, len(f.used))
	gids := make([]uint16, 0, len(f.used))
	for g := range f.used {
		used[g] = true
		gids = append(gids, g)
	}
	slices.Sort(gids)
	sub, err := subsetTrueType(f.face.data, used)
	if err != nil {
		return fmt.Errorf("embed the font %s: %w", f.face.file, err)
	}
	tables, _ := tableDirectory(f.face.data)
	head, hhea := tables["head"], tables["hhea"]
	em := func(v int16) string { return strconv.Itoa(int(float64(v) * 1000 / f.face.upem)) }
	// A subset's name starts with six capital letters of its own.
	base := string([]byte{'C', 'V', 'N', 'R', 'P', byte('A' + index%26)}) + "+" + fontName(f.face.file)
	cid, desc, file, toUni := pw.reserve(), pw.reserve(), pw.reserve(), pw.reserve()
	pw.object(id, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>",
		base, cid, toUni))
	var widths bytes.Buffer
	for _, g := range gids {
		fmt.Fprintf(&widths, "%d [%d] ", g, int(float64(f.face.face.HorizontalAdvance(font.GID(g)))*1000/f.face.upem+0.5))
	}
	pw.object(cid, fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /CIDToGIDMap /Identity /DW 1000 /W [%s] >>",
		base, desc, widths.String()))
	i16 := func(b []byte, at int) int16 { return int16(binary.BigEndian.Uint16(b[at:])) }
	pw.object(desc, fmt.Sprintf("<< /Type /FontDescriptor /FontName /%s /Flags 32 /FontBBox [%s %s %s %s] /ItalicAngle 0 /Ascent %s /Descent %s /CapHeight %s /StemV 80 /FontFile2 %d 0 R >>",
		base, em(i16(head, 36)), em(i16(head, 38)), em(i16(head, 40)), em(i16(head, 42)),
		em(i16(hhea, 4)), em(i16(hhea, 6)), em(i16(hhea, 4)), file))
	pw.stream(file, d.compress(sub), fmt.Sprintf("/Length1 %d ", len(sub)))
	pw.stream(toUni, d.compress(toUnicode(gids, f.used)), "")
	return nil
}

func fontName(file string) string {
	name := []byte{}
	for _, c := range []byte(file) {
		if c == '.' {
			break
		}
		if c != '-' {
			name = append(name, c)
		}
	}
	return string(name)
}

// toUnicode writes the CMap that gives each glyph its letters.
func toUnicode(gids []uint16, text map[uint16]string) []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var mapped []uint16
	for _, g := range gids {
		if text[g] != "" {
			mapped = append(mapped, g)
		}
	}
	for len(mapped) > 0 {
		n := min(len(mapped), 100)
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, g := range mapped[:n] {
			fmt.Fprintf(&b, "<%04X> <", g)
			for _, u := range utf16.Encode([]rune(text[g])) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
		mapped = mapped[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

// pdfText writes a text string in UTF-16 with its byte order mark.
func pdfText(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}
