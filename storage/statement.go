package storage

import (
	"strconv"
	"strings"
)

// valueRows writes the VALUES of an INSERT of rows rows of cols columns
// each, with parameters numbered $1, $2, … across them, as SQLite and
// PostgreSQL both read them.
func valueRows(rows, cols int) string {
	var b strings.Builder
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(r*cols + c + 1))
		}
		b.WriteByte(')')
	}
	return b.String()
}
