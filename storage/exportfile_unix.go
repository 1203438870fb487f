//go:build unix

package storage

import (
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives f the owner and group of the file old describes, and
// reports whether f has them now.
func keepOwner(f *os.File, old fs.FileInfo) bool {
	st, ok := old.Sys().(*syscall.Stat_t)
	if !ok {
		return true
	}
	if int(st.Uid) == os.Geteuid() && int(st.Gid) == os.Getegid() {
		return true
	}
	return f.Chown(int(st.Uid), int(st.Gid)) == nil
}
