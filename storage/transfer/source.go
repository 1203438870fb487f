package transfer

import (
	"io"

	"github.com/convene-planner/convene/storage"
)

// Source is a file an import reads.
type Source struct {
	// Name is what the file's problems are reported under: the path the
	// user gave, or the file's name.
	Name string
	R    io.Reader
	// Size is the file's length in bytes, or 0 when it is not known (a
	// pipe); progress is reported only when it is known.
	Size int64
}

// reader reads the source, telling progress, when given, how much of the
// file has been read, from 0 to 1.
func (s Source) reader(progress func(float64)) io.Reader {
	if progress == nil || s.Size <= 0 {
		return s.R
	}
	return &progressReader{r: s.R, size: s.Size, progress: progress}
}

// progressReader reports how much of a file has been read.
type progressReader struct {
	r        io.Reader
	read     int64
	size     int64
	progress func(float64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.read += int64(n)
	p.progress(min(1, float64(p.read)/float64(p.size)))
	return n, err
}

// Destination is where an export is written: the file at Path, or, when
// Path is empty, the stream W (standard output), which errors call Name.
type Destination struct {
	Path string
	W    io.Writer
	Name string
}

// write writes an export of the plan in store: to a file as
// storage.WriteExport does (never over a plan; owner-only when personal),
// else to the stream, checking every write. A file or stream that cannot
// be written is a storage.ErrNotWritten.
func (d Destination) write(store *storage.Store, personal bool, write func(io.Writer) error) error {
	if d.Path != "" {
		return storage.WriteExport(d.Path, store.Path(), personal, write)
	}
	return storage.WriteChecked(d.Name, d.W, write)
}
