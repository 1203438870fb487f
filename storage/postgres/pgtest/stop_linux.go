package pgtest

import (
	"os/exec"
	"syscall"
)

// stopWithTest has the kernel ask the server for a fast shutdown if the
// test process dies before Run stops it (a timeout, a kill), so no server
// outlives its tests. Go sets this after it has changed to the server's
// user, which would otherwise clear it.
func stopWithTest(cmd *exec.Cmd) {
	cmd.SysProcAttr.Pdeathsig = syscall.SIGINT
}
