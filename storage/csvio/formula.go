package csvio

// Spreadsheets run a cell that starts with = + - or @ as a formula, and some
// treat a leading tab or carriage return the same way, so a session title
// such as "=HYPERLINK(...)" in an exported file could run in the
// secretariat's spreadsheet (CSV injection). Export puts a ' before such a
// cell, which spreadsheets read as "this is text"; import takes it off again.
//
// To make the two exact inverses, a cell that already starts with ' is
// guarded too when what follows could be mistaken for a guard: ' then one of
// the characters above, or a second '.

// guardFormula returns the cell as export writes it.
func guardFormula(cell string) string {
	if startsFormula(cell) || (len(cell) > 1 && cell[0] == '\'' && (startsFormula(cell[1:]) || cell[1] == '\'')) {
		return "'" + cell
	}
	return cell
}

// unguardFormula returns the cell as it was before guardFormula.
func unguardFormula(cell string) string {
	if len(cell) > 1 && cell[0] == '\'' && (startsFormula(cell[1:]) || cell[1] == '\'') {
		return cell[1:]
	}
	return cell
}

func startsFormula(cell string) bool {
	if cell == "" {
		return false
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}
