package csvio

import (
	"encoding/csv"
	"fmt"
	"io"

	"github.com/convene-planner/convene/model"
)

// listSep separates the items of a list in the cells Export writes: its
// delimiter is a comma, and PRODUCT.md pairs that with ';'.
const listSep = ";"

// Export writes the plan's records of one kind as CSV: a header of the kind's
// columns in PRODUCT.md's order, then one row per record in Table's order;
// UTF-8 without BOM, comma delimiter, CRLF line ends, RFC 4180 quoting, and
// cells that a spreadsheet would run as formulas guarded (see guardFormula).
// The same plan always gives the same bytes.
func Export(w io.Writer, p *model.Plan, k Kind, opts Options) error {
	cols := Columns(k)
	if cols == nil {
		return fmt.Errorf("export %q: not a kind of record", k)
	}
	cw := csv.NewWriter(w) // buffers, so rows stream out without a copy of the file
	cw.UseCRLF = true
	if err := cw.Write(cols); err != nil {
		return fmt.Errorf("export %s: %w", k, err)
	}
	record := make([]string, len(cols))
	for _, row := range Table(p, k, opts) {
		for i, cell := range row {
			record[i] = guardFormula(Text(cell, listSep))
		}
		if err := cw.Write(record); err != nil {
			return fmt.Errorf("export %s: %w", k, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export %s: %w", k, err)
	}
	return nil
}
