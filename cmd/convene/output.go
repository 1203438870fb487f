package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/transfer"
)

// writeOutput writes an export to the file at path, which the user named
// with -o, as storage.WriteExport does; a file that cannot or may not be
// written is a usage error (exit 2).
func writeOutput(path, plan string, personal bool, write func(io.Writer) error) error {
	return usageIfCannotWrite(storage.WriteExport(path, plan, personal, write))
}

// destination is where an export goes: the file the user named with -o, or
// standard output for none or "-".
func (c *cli) destination(output string) transfer.Destination {
	if output == "" || output == "-" {
		return transfer.Destination{W: c.stdout, Name: "to standard output"}
	}
	return transfer.Destination{Path: output}
}

// writeChecked writes to standard output; a failure to write is a usage
// error.
func writeChecked(name string, w io.Writer, write func(io.Writer) error) error {
	return usageIfCannotWrite(storage.WriteChecked(name, w, write))
}

func usageIfCannotWrite(err error) error {
	if errors.Is(err, storage.ErrNotWritten) {
		return &exitError{code: exitUsage, err: err}
	}
	return err
}

// openInput opens a file a command reads, refusing a folder up front:
// reading one fails only later, with words that do not say what is wrong.
func openInput(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err != nil || info.IsDir() {
		f.Close()
		if err == nil {
			err = fmt.Errorf("%s is a folder; name a file in it", path)
		}
		return nil, err
	}
	return f, nil
}
