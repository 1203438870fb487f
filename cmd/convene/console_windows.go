//go:build windows

package main

import (
	"os"
	"syscall"
)

// convene.exe is built for Windows' desktop (GUI) subsystem, as fyne package
// builds it, so a double-click opens the window and no console beside it.
// Such a program is given no console: started from cmd or PowerShell with a
// command, it would print nowhere. So, given a command, it writes where its
// parent pointed its standard handles (a file or a pipe, as scripts do), and
// where the parent gave none it borrows the parent's console.
func init() {
	if len(os.Args) < 2 {
		return // the desktop app
	}
	useParentConsole()
}

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uint32(0)

func useParentConsole() {
	stdout := hasHandle(syscall.STD_OUTPUT_HANDLE)
	stderr := hasHandle(syscall.STD_ERROR_HANDLE)
	if stdout && stderr {
		return
	}
	attach := syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole")
	if ok, _, _ := attach.Call(uintptr(attachParentProcess)); ok == 0 {
		return // a parent without a console: there is nowhere to print
	}
	console, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	if err != nil {
		return
	}
	if !stdout {
		os.Stdout = console
	}
	if !stderr {
		os.Stderr = console
	}
}

// hasHandle reports whether the parent gave the process a standard handle.
func hasHandle(which int) bool {
	h, err := syscall.GetStdHandle(which)
	return err == nil && h != 0 && h != syscall.InvalidHandle
}
