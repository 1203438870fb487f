package storage

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// ErrNotWritten means an export's file could not, or may not, be written;
// nothing of it was.
var ErrNotWritten = errors.New("cannot be written")

// WriteExport writes an export to the file at path, which the user named.
// What write returns is returned as it is; a file that cannot or may not be
// written is an ErrNotWritten, and is left as it was.
//
// An export never replaces what it must not: the plan it reads (by
// whatever path, link or hard link names it, or its write-ahead log), any
// other Convene plan or snapshot, or a folder. A symbolic link is written
// through to its target and stays a link. A FIFO or a character device
// (a pipe, /dev/null, a terminal) is written through, never replaced by a
// regular file. A regular file is replaced through a temporary file beside
// it, so a failed export leaves no half file and spoils no earlier one; it
// keeps its mode and owner, except that an export with personal data takes
// away group and other access. A new file gets the permissions the umask
// allows (0666 less the umask), or owner-only with personal data.
func WriteExport(path, plan string, personal bool, write func(io.Writer) error) error {
	cannot := func(err error) error {
		return fmt.Errorf("write %s: %w: %w", path, ErrNotWritten, plainPathErr(err))
	}
	target, err := linkTarget(path)
	if err != nil {
		return cannot(err)
	}
	info, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		perm := fs.FileMode(0o666)
		if personal {
			perm = 0o600
		}
		return replaceFile(target, perm, nil, write, cannot)
	case err != nil:
		return cannot(err)
	}
	if err := mayReplace(target, info, plan); err != nil {
		return cannot(err)
	}
	if info.Mode()&(fs.ModeNamedPipe|fs.ModeCharDevice) != 0 {
		return writeThrough(target, write, cannot)
	}
	perm := info.Mode().Perm()
	if personal {
		perm &^= 0o077
	}
	return replaceFile(target, perm, info, write, cannot)
}

// linkTarget follows symbolic links to the file they name, so that the
// export lands there and the links stay links.
func linkTarget(path string) (string, error) {
	for range 40 {
		info, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) || err == nil && info.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		if err != nil {
			return "", err
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		// /dev/stdout is a link to /proc/self/fd/1, which names the pipe
		// or terminal it is as "pipe:[1234]": a name only the kernel can
		// follow. Such a link is opened as it is.
		if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
			if _, err := os.Stat(path); err == nil {
				return path, nil
			}
		}
		path = dest
	}
	return "", errors.New("too many symbolic links")
}

// mayReplace refuses a target an export must leave alone.
func mayReplace(target string, info fs.FileInfo, plan string) error {
	for _, p := range []string{plan, plan + "-wal", plan + "-shm"} {
		if pi, err := os.Stat(p); err == nil && os.SameFile(info, pi) {
			return fmt.Errorf("it is the plan being exported (%s); an export never replaces its plan, so nothing was written", plan)
		}
	}
	switch {
	case info.IsDir():
		return errors.New("it is a folder; name a file in it")
	case info.Mode()&(fs.ModeNamedPipe|fs.ModeCharDevice) != 0:
		return nil
	case !info.Mode().IsRegular():
		return errors.New("it is not a regular file, a pipe or a terminal, so nothing was written")
	}
	if IsPlanFile(target) {
		return errors.New("it is a Convene plan or snapshot; an export never replaces one, so nothing was written")
	}
	return nil
}

// writeThrough writes into a pipe or device as it is.
func writeThrough(target string, write func(io.Writer) error, cannot func(error) error) error {
	f, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		return cannot(err)
	}
	err = WriteChecked(target, f, write)
	if cerr := f.Close(); cerr != nil && err == nil {
		return cannot(cerr)
	}
	return err
}

// replaceFile writes a temporary file beside target, created with perm
// (which the umask narrows), and renames it over target. When target
// exists (old is its information), the new file takes its owner first;
// where that is not allowed, the file is not replaced but overwritten in
// place, which keeps its owner.
func replaceFile(target string, perm fs.FileMode, old fs.FileInfo, write func(io.Writer) error, cannot func(error) error) error {
	tmp, err := createBeside(target, perm)
	if err != nil {
		return cannot(err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if old != nil {
		// A file created with a mode the umask narrows gets it exactly.
		if err := tmp.Chmod(perm); err != nil {
			tmp.Close()
			return cannot(err)
		}
		if !keepOwner(tmp, old) {
			tmp.Close()
			return overwrite(target, perm, old, write, cannot)
		}
	}
	if err := WriteChecked(target, tmp, write); err != nil {
		tmp.Close()
		return err
	}
	err = tmp.Close()
	if err == nil {
		err = os.Rename(tmp.Name(), target)
	}
	if err != nil {
		return cannot(err)
	}
	return nil
}

// overwrite writes over a file in place, for one owned by someone else.
// Its mode changes only to take personal data away from others; where even
// that is not allowed, the file is left as it was.
func overwrite(target string, perm fs.FileMode, old fs.FileInfo, write func(io.Writer) error, cannot func(error) error) error {
	f, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		return cannot(err)
	}
	defer f.Close()
	if perm != old.Mode().Perm() {
		if err := f.Chmod(perm); err != nil {
			return cannot(fmt.Errorf("it belongs to someone else and cannot be made private for personal data (%w)", err))
		}
	}
	if err := f.Truncate(0); err != nil {
		return cannot(err)
	}
	if err := WriteChecked(target, f, write); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return cannot(err)
	}
	return nil
}

// WriteChecked runs write on w and tells a failure to write (a full disk,
// a closed pipe), an ErrNotWritten, from what write itself refused.
func WriteChecked(name string, w io.Writer, write func(io.Writer) error) error {
	cw := &CheckedWriter{W: w}
	err := write(cw)
	if cw.Err != nil {
		return fmt.Errorf("write %s: %w: %w", name, ErrNotWritten, cw.Err)
	}
	return err
}

// CheckedWriter remembers the first error its writer gave.
type CheckedWriter struct {
	W   io.Writer
	Err error
}

func (c *CheckedWriter) Write(p []byte) (int, error) {
	if c.Err != nil {
		return 0, c.Err
	}
	n, err := c.W.Write(p)
	c.Err = err
	return n, err
}

// createBeside creates a new, hidden temporary file in target's folder.
// Unlike os.CreateTemp, it lets the umask narrow perm.
func createBeside(target string, perm fs.FileMode) (*os.File, error) {
	for {
		name := filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+"."+rand.Text()[:10]+".tmp")
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}

// plainPathErr says in plain words why a path cannot be written, where the
// system's words name a call ("lstat …: not a directory").
func plainPathErr(err error) error {
	switch {
	case errors.Is(err, syscall.ENOTDIR):
		return errors.New("a part of its path is a file, not a folder")
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("its folder does not exist")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("you may not write there")
	}
	return err
}
