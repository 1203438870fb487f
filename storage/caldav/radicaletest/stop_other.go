//go:build !linux

package radicaletest

import "os/exec"

// stopWithTest does nothing where the kernel cannot stop a child with its
// parent: the test's cleanup stops Radicale.
func stopWithTest(*exec.Cmd) {}
