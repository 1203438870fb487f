//go:build !unix

package storage

import (
	"io/fs"
	"os"
)

// keepOwner: outside Unix a file's owner is whoever creates it in its
// folder, and a replaced file keeps its folder's permissions.
func keepOwner(*os.File, fs.FileInfo) bool { return true }
