package keyringtest

import (
	"os/exec"
	"syscall"
)

// stopWithTest has the kernel stop the bus and keyring if the test process dies
// before its cleanup runs (a timeout, a kill), so no server outlives it.
func stopWithTest(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
