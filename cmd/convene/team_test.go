//go:build !packages

package main

import (
	"os"
	"testing"

	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// The team plans' stories start a PostgreSQL of their own (pgtest),
// stopped when the tests end. packages_test.go has its own TestMain, which
// does the same.
func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }
