//go:build !linux

package pgtest

import "os/exec"

// stopWithTest does nothing where the kernel cannot stop a child with its
// parent: Run stops the server.
func stopWithTest(*exec.Cmd) {}
