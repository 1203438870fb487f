package storage

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockFile locks f's first byte, or returns errHeld when another holds it;
// closing f lets it go.
func lockFile(f *os.File) error {
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY,
		0, 1, 0, &windows.Overlapped{})
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return errHeld
	}
	return err
}
