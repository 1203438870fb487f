//go:build packages

package main

import (
	"archive/zip"
	"bytes"
	"context"
	"debug/pe"
	endian "encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/convene-planner/convene/storage/plangen"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// The packages `make package` builds, as a user meets them: unpacked from
// their archive into a temporary folder, installed, run. The Windows
// program runs under Wine. `make test-packages` builds the packages and
// runs these tests (go test -tags packages) with CONVENE_PACKAGES naming
// the folder that holds them.

// wineTimeout bounds every call of Wine: a prefix that waits for a dialog
// or a program that hangs fails its test instead of stopping the run.
const wineTimeout = 3 * time.Minute

// packagesDir is the folder make package wrote to.
func packagesDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("CONVENE_PACKAGES")
	if dir == "" {
		t.Fatal("CONVENE_PACKAGES does not name the folder of the packages; run make test-packages")
	}
	return dir
}

// version is the version FyneApp.toml gives the packages.
func version(t testing.TB) string {
	t.Helper()
	toml, err := os.ReadFile(filepath.Join("..", "..", "FyneApp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Version\s*=\s*"([^"]+)"`).FindSubmatch(toml)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	return string(m[1])
}

func packagePath(t testing.TB, system, ext string) string {
	t.Helper()
	path := filepath.Join(packagesDir(t), fmt.Sprintf("convene-%s-%s-amd64.%s", version(t), system, ext))
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the %s package: %v", system, err)
	}
	return path
}

// unpackLinux unpacks the Linux archive into dir and returns the folder it
// holds.
func unpackLinux(t testing.TB, dir string) string {
	t.Helper()
	if out, err := exec.Command("tar", "-C", dir, "-xJf", packagePath(t, "linux", "tar.xz")).CombinedOutput(); err != nil {
		t.Fatalf("unpack the Linux package: %v\n%s", err, out)
	}
	return filepath.Join(dir, fmt.Sprintf("convene-%s-linux-amd64", version(t)))
}

// runProgram runs a program with the environment given and reports what it
// printed and its exit code; it fails the test if the program runs longer
// than wineTimeout. Output goes to files, not pipes: Wine's server and
// system processes, which outlive the program, would hold a pipe open.
func runProgram(t testing.TB, env []string, dir string, name string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wineTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env, cmd.Dir = env, dir
	outputs := t.TempDir()
	stdout, err := os.Create(filepath.Join(outputs, "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	stderr, err := os.Create(filepath.Join(outputs, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer stderr.Close()
	cmd.Stdout, cmd.Stderr = stdout, stderr
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s %s did not finish within %v", name, strings.Join(args, " "), wineTimeout)
	}
	code := 0
	out, _ := os.ReadFile(stdout.Name())
	errOut, _ := os.ReadFile(stderr.Name())
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			errOut = fmt.Appendf(errOut, "[%s ended by signal: %v]\n", name, ws.Signal())
		}
	} else if err != nil {
		t.Fatal(err)
	}
	return result{string(out), string(errOut), code}
}

// environment is this process's environment without the variables that
// would point Convene at a plan or Wine at a display.
func environment(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "CONVENE_DB", "DISPLAY", "WAYLAND_DISPLAY", "WINEPREFIX", "WINEDEBUG", "WINEDLLOVERRIDES":
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}

func TestPackagedArchivesCarryFyneAppTomlsVersionAndMatchTheirChecksums(t *testing.T) {
	packagePath(t, "linux", "tar.xz")
	packagePath(t, "windows", "zip")
	r := runProgram(t, environment(), packagesDir(t), "sha256sum", "--check", "--strict", "SHA256SUMS")
	if r.code != 0 {
		t.Fatalf("sha256sum --check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, system := range []string{"linux", "windows"} {
		if !strings.Contains(r.stdout, fmt.Sprintf("convene-%s-%s-amd64", version(t), system)) {
			t.Errorf("SHA256SUMS does not vouch for the %s package:\n%s", system, r.stdout)
		}
	}
}

func TestPackagedLinuxMenuEntryValidatesAndInstallsForOneUserThenUninstalls(t *testing.T) {
	pkg := unpackLinux(t, t.TempDir())
	const id = "org.convene-planner.convene"
	desktop := filepath.Join(pkg, "share", "applications", id+".desktop")
	if r := runProgram(t, environment(), "", "desktop-file-validate", desktop); r.code != 0 || r.stdout+r.stderr != "" {
		t.Errorf("desktop-file-validate: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	entry, err := os.ReadFile(desktop)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"Categories=Office;Calendar;ProjectManagement;", "MimeType=application/x-convene-plan;", "Icon=" + id} {
		if !strings.Contains(string(entry), line+"\n") {
			t.Errorf("the menu entry lacks %q:\n%s", line, entry)
		}
	}

	home := t.TempDir()
	env := environment("HOME="+home, "XDG_DATA_HOME=", "PREFIX=")
	if r := runProgram(t, env, "", filepath.Join(pkg, "install.sh")); r.code != 0 {
		t.Fatalf("install.sh: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	local := filepath.Join(home, ".local")
	installed := []string{
		"bin/convene",
		"share/applications/" + id + ".desktop",
		"share/mime/packages/" + id + ".xml",
		"share/icons/hicolor/scalable/apps/" + id + ".svg",
	}
	for _, size := range []string{"16x16", "24x24", "32x32", "48x48", "64x64", "128x128", "256x256"} {
		installed = append(installed, "share/icons/hicolor/"+size+"/apps/"+id+".png")
	}
	for _, f := range installed {
		if _, err := os.Stat(filepath.Join(local, f)); err != nil {
			t.Errorf("install.sh did not install %s: %v", f, err)
		}
	}
	// The desktop learns the plan's file type from the installed definition.
	if _, err := os.Stat(filepath.Join(local, "share", "mime", "application", "x-convene-plan.xml")); err != nil {
		t.Errorf("update-mime-database did not take in the plan's file type: %v", err)
	}
	entry, _ = os.ReadFile(filepath.Join(local, "share", "applications", id+".desktop"))
	if want := "Exec=" + filepath.Join(local, "bin", "convene") + " --db=%f\n"; !strings.Contains(string(entry), want) {
		t.Errorf("the installed menu entry does not start the installed program (%q):\n%s", want, entry)
	}

	// The installed program works, and its default plan is the user's.
	if r := runProgram(t, env, "", filepath.Join(local, "bin", "convene"), "demo"); r.code != 0 {
		t.Fatalf("the installed convene demo: exit %d\n%s", r.code, r.stderr)
	}
	plan := filepath.Join(local, "share", "convene", "plan.convene")
	if _, err := os.Stat(plan); err != nil {
		t.Fatalf("demo made no default plan: %v", err)
	}

	if r := runProgram(t, env, "", filepath.Join(pkg, "install.sh"), "--uninstall"); r.code != 0 {
		t.Fatalf("install.sh --uninstall: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, f := range installed {
		if _, err := os.Stat(filepath.Join(local, f)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("uninstalling left %s", f)
		}
	}
	if _, err := os.Stat(plan); err != nil {
		t.Errorf("uninstalling took the user's plan: %v", err)
	}
}

// A Wine prefix, a private Windows, made once for all the tests and removed
// by TestMain.
var (
	wineOnce sync.Once
	wineDir  string
	wineErr  error
)

func TestMain(m *testing.M) {
	code := pgtest.Run(m)
	if linuxDir != "" {
		os.RemoveAll(linuxDir)
	}
	if wineDir != "" {
		ctx, cancel := context.WithTimeout(context.Background(), wineTimeout)
		cmd := exec.CommandContext(ctx, "wineserver", "-k")
		cmd.Env = wineEnv()
		cmd.Run() // no server left is as good as one stopped
		cancel()
		os.RemoveAll(wineDir)
	}
	os.Exit(code)
}

// wineEnv runs Wine headless, quietly, in the tests' own prefix, and never
// offers to download Mono or Gecko (a dialog nobody would answer).
func wineEnv() []string {
	return environment("WINEPREFIX="+filepath.Join(wineDir, "prefix"), "WINEDEBUG=-all",
		"WINEARCH=win64", "WINEDLLOVERRIDES=mscoree,mshtml=")
}

// windows returns the Wine prefix, made the first time: Windows booted,
// the stand-in for bcryptprimitives.dll in its system32 (see
// testdata/wine/bcryptprimitives.c), and convene.exe unpacked from the
// package into C:\Convene.
func windows(t testing.TB) string {
	t.Helper()
	wineOnce.Do(func() {
		if wineDir, wineErr = os.MkdirTemp("", "convene-wine-"); wineErr != nil {
			return
		}
		wineErr = setUpWine(t)
	})
	if wineErr != nil {
		t.Fatalf("set up Wine: %v", wineErr)
	}
	return filepath.Join(wineDir, "prefix")
}

func setUpWine(t testing.TB) error {
	steps := [][]string{
		{"wine", "wineboot", "--init"},
		{"wineserver", "--wait"},
		// The server outlives each program, so a test's program does
		// not pay for starting Windows again.
		{"wineserver", "--persistent=60"},
	}
	for _, step := range steps {
		if r := runProgram(t, wineEnv(), "", step[0], step[1:]...); r.code != 0 {
			return fmt.Errorf("%s: exit %d\n%s%s", strings.Join(step, " "), r.code, r.stdout, r.stderr)
		}
	}
	prefix := filepath.Join(wineDir, "prefix")
	dll := filepath.Join(prefix, "drive_c", "windows", "system32", "bcryptprimitives.dll")
	if out, err := exec.Command("x86_64-w64-mingw32-gcc", "-O2", "-s", "-shared", "-o", dll,
		filepath.Join("testdata", "wine", "bcryptprimitives.c"), "-ladvapi32").CombinedOutput(); err != nil {
		return fmt.Errorf("build the stand-in bcryptprimitives.dll: %v\n%s", err, out)
	}
	return unzip(packagePath(t, "windows", "zip"), filepath.Join(prefix, "drive_c", "Convene"))
}

func unzip(archive, dir string) error {
	z, err := zip.OpenReader(archive)
	if err != nil {
		return err
	}
	defer z.Close()
	for _, f := range z.File {
		if strings.Contains(f.Name, "..") {
			return fmt.Errorf("%s holds %s, outside its folder", archive, f.Name)
		}
		path := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		r, err := f.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o755); err != nil {
			return err
		}
	}
	return nil
}

// windowsConvene runs C:\Convene\convene.exe under Wine with the
// arguments. No file it writes may pass 100 MB (the tests' largest output
// is 11 MB), so a program that writes without end fails its test at once
// instead of filling the disk until the timeout.
func windowsConvene(t testing.TB, args ...string) result {
	t.Helper()
	exe := filepath.Join(windows(t), "drive_c", "Convene", "convene.exe")
	return runProgram(t, wineEnv(), "", "sh", append([]string{"-c", `ulimit -f 102400 && exec wine "$@"`, "sh", exe}, args...)...)
}

// onC is the Linux path of a path on the prefix's drive C:.
func onC(t testing.TB, windowsPath string) string {
	t.Helper()
	rest, ok := strings.CutPrefix(windowsPath, `C:\`)
	if !ok {
		t.Fatalf("%s is not on drive C:", windowsPath)
	}
	return filepath.Join(append([]string{windows(t), "drive_c"}, strings.Split(rest, `\`)...)...)
}

// linuxConvene is the program from the Linux package, unpacked once.
var (
	linuxOnce sync.Once
	linuxDir  string // removed by TestMain
	linuxBin  string
)

func linuxConvene(t testing.TB, args ...string) result {
	t.Helper()
	linuxOnce.Do(func() {
		var err error
		if linuxDir, err = os.MkdirTemp("", "convene-linux-package-"); err != nil {
			t.Fatal(err)
		}
		linuxBin = filepath.Join(unpackLinux(t, linuxDir), "bin", "convene")
	})
	return runProgram(t, environment("HOME="+t.TempDir()), "", linuxBin, args...)
}

// noANSI fails the test when a program's output holds a terminal escape,
// which a Windows console without VT processing shows as garbage.
func noANSI(t *testing.T, what string, r result) {
	t.Helper()
	if strings.ContainsRune(r.stdout+r.stderr, '\x1b') {
		t.Errorf("%s printed a terminal escape:\n%q", what, r.stdout+r.stderr)
	}
}

func TestPackagedWindowsProgramIsADesktopProgramWithItsIconAndVersion(t *testing.T) {
	z, err := zip.OpenReader(packagePath(t, "windows", "zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	if len(z.File) != 1 || z.File[0].Name != "convene.exe" {
		var names []string
		for _, f := range z.File {
			names = append(names, f.Name)
		}
		t.Fatalf("the zip holds %v, want just convene.exe", names)
	}
	exe := filepath.Join(t.TempDir(), "convene.exe")
	if err := unzip(packagePath(t, "windows", "zip"), filepath.Dir(exe)); err != nil {
		t.Fatal(err)
	}
	f, err := pe.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const guiSubsystem = 2 // IMAGE_SUBSYSTEM_WINDOWS_GUI: no console window on a double-click
	if oh, ok := f.OptionalHeader.(*pe.OptionalHeader64); !ok || oh.Subsystem != guiSubsystem {
		t.Errorf("convene.exe is not a 64-bit desktop (GUI) program: %#v", f.OptionalHeader)
	}
	rsrc := f.Section(".rsrc")
	if rsrc == nil {
		t.Fatal("convene.exe has no resources: no icon, no version")
	}
	data, err := rsrc.Data()
	if err != nil {
		t.Fatal(err)
	}
	// The resource directory's first level lists the kinds of resource.
	const rtIcon, rtGroupIcon, rtVersion = 3, 14, 16
	kinds := map[uint32]bool{}
	named := int(endian.LittleEndian.Uint16(data[12:]))
	ids := int(endian.LittleEndian.Uint16(data[14:]))
	for i := named; i < named+ids; i++ {
		kinds[endian.LittleEndian.Uint32(data[16+8*i:])] = true
	}
	for kind, what := range map[uint32]string{rtIcon: "icon", rtGroupIcon: "icon group", rtVersion: "version information"} {
		if !kinds[kind] {
			t.Errorf("convene.exe has no %s", what)
		}
	}
	// Explorer shows the product version as FyneApp.toml's version and build.
	want := utf16le(version(t) + ".")
	if !bytes.Contains(data, want) {
		t.Errorf("convene.exe's version information does not carry version %s", version(t))
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = endian.LittleEndian.AppendUint16(b, u)
	}
	return b
}

func TestPackagedWindowsProgramFillsTheSamplePlanInAppDataAndListsItsSessions(t *testing.T) {
	r := windowsConvene(t, "demo")
	if r.code != 0 {
		t.Fatalf("convene.exe demo: exit %d\n%s", r.code, r.stderr)
	}
	noANSI(t, "demo", r)
	plans, _ := filepath.Glob(filepath.Join(windows(t), "drive_c", "users", "*", "AppData", "Roaming", "convene", "plan.convene"))
	if len(plans) != 1 {
		t.Fatalf("demo did not make its plan in %%APPDATA%%\\convene: found %v", plans)
	}

	win := windowsConvene(t, "list", "sessions", "--json")
	if win.code != 0 {
		t.Fatalf("convene.exe list sessions --json: exit %d\n%s", win.code, win.stderr)
	}
	noANSI(t, "list sessions --json", win)
	var sessions []map[string]any
	if err := json.Unmarshal([]byte(win.stdout), &sessions); err != nil {
		t.Fatalf("list sessions --json is not JSON: %v\n%s", err, win.stdout)
	}
	if len(sessions) < 10 {
		t.Fatalf("the sample plan lists %d sessions", len(sessions))
	}
	for _, s := range sessions {
		if s["uid"] == "" || s["title"] == "" || s["forum"] == "" {
			t.Errorf("a session without uid, title or forum: %v", s)
		}
	}
	// The Linux program reads the plan the Windows one made and lists the
	// same sessions, byte for byte.
	linux := linuxConvene(t, "list", "sessions", "--json", "--db", plans[0])
	if linux.code != 0 {
		t.Fatalf("the Linux convene list sessions --json: exit %d\n%s", linux.code, linux.stderr)
	}
	if linux.stdout != win.stdout {
		t.Errorf("the Windows program lists the sessions differently from the Linux one:\nwindows:\n%s\nlinux:\n%s", win.stdout, linux.stdout)
	}
}

func TestPackagedWindowsProgramExportsACalendarPythonReads(t *testing.T) {
	plan := `C:\Plans\DC IoT\2021.convene`
	if r := windowsConvene(t, "demo", "--db", plan); r.code != 0 {
		t.Fatalf("convene.exe demo --db %s: exit %d\n%s", plan, r.code, r.stderr)
	}
	if _, err := os.Stat(onC(t, plan)); err != nil {
		t.Fatalf("demo --db %s wrote no plan there: %v", plan, err)
	}
	ics := `C:\Plans\DC IoT\calendar.ics`
	if r := windowsConvene(t, "export", "ics", "--db", plan, "-o", ics); r.code != 0 {
		t.Fatalf("convene.exe export ics: exit %d\n%s", r.code, r.stderr)
	}
	data, err := os.ReadFile(onC(t, ics))
	if err != nil {
		t.Fatalf("export ics -o %s: %v", ics, err)
	}
	if n := bytes.Count(data, []byte("\n")); n == 0 || bytes.Count(data, []byte("\r\n")) != n {
		t.Errorf("the calendar's lines do not all end in CRLF")
	}
	read := exec.Command("/usr/bin/python3", "-c", `import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
print(len(cal.walk('VEVENT')))`, onC(t, ics))
	out, err := read.CombinedOutput()
	if err != nil {
		t.Fatalf("python3-icalendar cannot read the calendar: %v\n%s", err, out)
	}
	linux := linuxConvene(t, "export", "ics", "--db", onC(t, plan))
	if want := fmt.Sprint(bytes.Count([]byte(linux.stdout), []byte("BEGIN:VEVENT"))); strings.TrimSpace(string(out)) != want || want == "0" {
		t.Errorf("python3-icalendar read %s events, the Linux program exports %s", strings.TrimSpace(string(out)), want)
	}
}

func TestPackagedWindowsProgramRefusesAForeignFileAndLeavesItByteForByte(t *testing.T) {
	notes := `C:\Users\Public\Documents\notes.txt`
	before := []byte("Agenda for Katowice\r\n- ask the MAG about the room\r\n")
	if err := os.MkdirAll(filepath.Dir(onC(t, notes)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(onC(t, notes), before, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"list", "sessions", "--db", notes},
		{"demo", "--db", notes},
		{"check", "--db", notes},
	} {
		r := windowsConvene(t, args...)
		if r.code != 2 {
			t.Errorf("convene.exe %s: exit %d, want 2\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
		if !strings.Contains(r.stderr, "notes.txt") {
			t.Errorf("convene.exe %s does not name the file it refused:\n%s", strings.Join(args, " "), r.stderr)
		}
		noANSI(t, args[0], r)
	}
	after, err := os.ReadFile(onC(t, notes))
	if err != nil || !bytes.Equal(after, before) {
		t.Errorf("the foreign file changed: %q, %v", after, err)
	}
}

func TestPackagedWindowsProgramsMessagesAndExitCodesReachABatchFile(t *testing.T) {
	plan := `C:\Plans\batch.convene`
	if r := windowsConvene(t, "demo", "--db", plan); r.code != 0 {
		t.Fatalf("convene.exe demo: exit %d\n%s", r.code, r.stderr)
	}
	// A secretariat's script: cmd runs a batch file line by line, waiting
	// for each program, desktop ones too, and keeps its exit code.
	script := strings.Join([]string{
		`@echo off`,
		`C:\Convene\convene.exe list forums --db ` + plan + ` > C:\Plans\forums.txt`,
		`> C:\Plans\codes.txt echo list forums: %ERRORLEVEL%`,
		`C:\Convene\convene.exe list sessions --forum "Nowhere" --db ` + plan + ` 2> C:\Plans\nowhere.txt`,
		`>> C:\Plans\codes.txt echo list sessions --forum Nowhere: %ERRORLEVEL%`,
		`C:\Convene\convene.exe list speakers --db ` + plan + ` 2> C:\Plans\speakers.txt`,
		`>> C:\Plans\codes.txt echo list speakers: %ERRORLEVEL%`,
		``,
	}, "\r\n")
	if err := os.WriteFile(onC(t, `C:\Plans\script.bat`), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runProgram(t, wineEnv(), "", "wine", "cmd", "/c", `C:\Plans\script.bat`); r.stderr != "" {
		t.Errorf("the batch file printed on its own console:\n%s%s", r.stdout, r.stderr)
	}
	codes, _ := os.ReadFile(onC(t, `C:\Plans\codes.txt`))
	want := "list forums: 0\r\nlist sessions --forum Nowhere: 1\r\nlist speakers: 2\r\n"
	if string(codes) != want {
		t.Errorf("the batch file saw the exit codes\n%q\nwant\n%q", codes, want)
	}
	forums, _ := os.ReadFile(onC(t, `C:\Plans\forums.txt`))
	if !strings.Contains(string(forums), "IGF 2021") {
		t.Errorf("list forums printed nothing the batch file could keep:\n%s", forums)
	}
	nowhere, _ := os.ReadFile(onC(t, `C:\Plans\nowhere.txt`))
	if !strings.Contains(string(nowhere), `no forum is named "Nowhere"`) {
		t.Errorf("the message for an unknown forum did not reach the batch file:\n%s", nowhere)
	}
	speakers, _ := os.ReadFile(onC(t, `C:\Plans\speakers.txt`))
	// Word for word what the Linux program says, which no escape code or
	// CRLF of the console's may change.
	if want := convene(t, nil, "list", "speakers").stderr; string(speakers) != want || !strings.Contains(want, `"speakers" is not one of`) {
		t.Errorf("wrong usage told the batch file\n%q\nwant what Linux says\n%q", speakers, want)
	}
}

// BenchmarkPackagedListSessionsJSON20000WindowsUnderWineAgainstLinux runs
// `list sessions --json` on the 20,000-session plan with the packaged
// Windows program under Wine and the packaged Linux program, one after the
// other in each round, and reports the ratio of their times.
func BenchmarkPackagedListSessionsJSON20000WindowsUnderWineAgainstLinux(b *testing.B) {
	plan := plangen.File(b, plangen.Huge)
	abs, err := filepath.Abs(plan)
	if err != nil {
		b.Fatal(err)
	}
	// Wine's drive Z: is the Linux file system's root.
	zPlan := `Z:` + strings.ReplaceAll(abs, "/", `\`)
	windowsConvene(b, "list", "forums", "--db", zPlan) // Windows started once, outside the figure
	var onWine, onLinux time.Duration
	for b.Loop() {
		start := time.Now()
		if r := linuxConvene(b, "list", "sessions", "--json", "--db", abs); r.code != 0 {
			b.Fatalf("linux: exit %d\n%s", r.code, r.stderr)
		}
		onLinux += time.Since(start)
		start = time.Now()
		if r := windowsConvene(b, "list", "sessions", "--json", "--db", zPlan); r.code != 0 {
			b.Fatalf("windows: exit %d\n%s", r.code, r.stderr)
		}
		onWine += time.Since(start)
	}
	b.ReportMetric(float64(onLinux.Milliseconds())/float64(b.N), "linux-ms/op")
	b.ReportMetric(float64(onWine.Milliseconds())/float64(b.N), "wine-ms/op")
	b.ReportMetric(float64(onWine)/float64(onLinux), "wine/linux")
}
