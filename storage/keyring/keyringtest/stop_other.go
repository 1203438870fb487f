//go:build !linux

package keyringtest

import "os/exec"

// stopWithTest does nothing where the kernel cannot stop a child with its
// parent: the test's cleanup stops the bus and keyring.
func stopWithTest(*exec.Cmd) {}
