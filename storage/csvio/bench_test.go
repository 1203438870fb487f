package csvio_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/csvio"
	"github.com/convene-planner/convene/storage/plangen"
)

// The whole-process figures, side by side with sqlite3's own .import, come
// from testdata/bench-vs-sqlite.sh; these measure the work inside one process.

// BenchmarkImportCSV imports each kind's file, exported from a generated
// plan, into a plan that holds the kinds imported before it (forums and
// people before sessions, all three before actions). Only the big plan:
// a realistic year imports in milliseconds, and there the fresh plan file
// every iteration needs would take most of the benchmark's time.
func BenchmarkImportCSV(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{plangen.Huge} {
		files := benchFiles(b, n)
		base := filepath.Join(b.TempDir(), "base.convene")
		for _, k := range csvio.Kinds() {
			b.Run(fmt.Sprintf("sessions=%d/%s", n, k), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(fileSize(b, files[k]))
				for i := range b.N {
					b.StopTimer()
					path := filepath.Join(b.TempDir(), fmt.Sprintf("plan-%d.convene", i))
					copyFile(b, base, path)
					s, err := storage.Open(ctx, path, storage.Options{Create: true})
					if err != nil {
						b.Fatal(err)
					}
					f, err := os.Open(files[k])
					if err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					err = s.Update(ctx, func(tx *storage.Tx) error {
						_, err := csvio.Import(ctx, tx, k, files[k], f)
						return err
					})
					b.StopTimer()
					f.Close()
					s.Close()
					if err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
			})
			// The next kind's plan starts from what this one imported.
			importInto(b, base, k, files[k])
		}
	}
}

// BenchmarkExportCSV reads each kind from a generated plan and writes it.
func BenchmarkExportCSV(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		s, err := storage.Open(ctx, plangen.File(b, n), storage.Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, k := range csvio.Kinds() {
			b.Run(fmt.Sprintf("sessions=%d/%s", n, k), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					err := s.View(ctx, func(tx *storage.Tx) error {
						p, err := csvio.Load(ctx, tx, k)
						if err != nil {
							return err
						}
						return csvio.Export(io.Discard, p, k, csvio.Options{WithContacts: true})
					})
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		s.Close()
	}
}

// benchFiles exports the generated plan of n sessions, with contacts, one
// file per kind.
func benchFiles(b *testing.B, n int) map[csvio.Kind]string {
	ctx := context.Background()
	s, err := storage.Open(ctx, plangen.File(b, n), storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	dir := b.TempDir()
	files := map[csvio.Kind]string{}
	for _, k := range csvio.Kinds() {
		files[k] = filepath.Join(dir, string(k)+".csv")
		f, err := os.Create(files[k])
		if err != nil {
			b.Fatal(err)
		}
		err = s.View(ctx, func(tx *storage.Tx) error {
			p, err := csvio.Load(ctx, tx, k)
			if err != nil {
				return err
			}
			return csvio.Export(f, p, k, csvio.Options{WithContacts: true})
		})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	return files
}

func importInto(b *testing.B, plan string, k csvio.Kind, file string) {
	ctx := context.Background()
	s, err := storage.Open(ctx, plan, storage.Options{Create: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	f, err := os.Open(file)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	err = s.Update(ctx, func(tx *storage.Tx) error {
		_, err := csvio.Import(ctx, tx, k, file, f)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
}

func copyFile(b *testing.B, from, to string) {
	data, err := os.ReadFile(from)
	if os.IsNotExist(err) {
		return // the first kind starts from no plan at all
	}
	if err == nil {
		err = os.WriteFile(to, data, 0o600)
	}
	if err != nil {
		b.Fatal(err)
	}
}

func fileSize(b *testing.B, path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return info.Size()
}
