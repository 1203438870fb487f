package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestAnExportNeverReplacesThePlanItReadsByAnyName points -o at the plan
// the export reads, by every path that names it, and at another plan and a
// snapshot: each is refused with exit 2 and left byte for byte.
//
// The stories of this file are a plan file's only: an export must never
// write over the plan file, whatever path names it, nor loosen a file's
// mode; a team plan is no file an export could name.
func TestAnExportNeverReplacesThePlanItReadsByAnyName(t *testing.T) {
	plan := demoPlan(t)
	dir := filepath.Dir(plan)
	link := filepath.Join(dir, "link.convene")
	hard := filepath.Join(dir, "hard.convene")
	if err := os.Symlink(filepath.Base(plan), link); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(plan, hard); err != nil {
		t.Fatal(err)
	}
	other := demoPlan(t)
	// demo --force keeps a snapshot of the plan it replaces.
	if r := convene(t, nil, "demo", "--force", "--db", other); r.code != 0 {
		t.Fatal(r.stderr)
	}
	snapshots, err := filepath.Glob(filepath.Join(other+".snapshots", "*.convene"))
	if err != nil || len(snapshots) == 0 {
		t.Fatalf("no snapshot to aim at: %v", err)
	}
	targets := map[string]string{
		"the plan":              plan,
		"the plan through ./":   filepath.Join(dir, ".", "sub", "..", filepath.Base(plan)),
		"a symbolic link to it": link,
		"a hard link to it":     hard,
		"another plan":          other,
		"a snapshot of another": snapshots[0],
	}
	os.Mkdir(filepath.Join(dir, "sub"), 0o700)
	for name, target := range targets {
		t.Run(name, func(t *testing.T) {
			sum, otherSum := durSum(t, plan), durSum(t, other)
			for _, args := range [][]string{
				{"export", "csv", "people", "-o", target, "--db", plan},
				{"export", "ics", "-o", target, "--db", plan},
			} {
				r := convene(t, nil, args...)
				if r.code != 2 || !strings.Contains(r.stderr, "never replaces") {
					t.Errorf("%s: exit %d, want 2 saying why\n%s", strings.Join(args[:2], " "), r.code, r.stderr)
				}
			}
			if durSum(t, plan) != sum || durSum(t, other) != otherSum {
				t.Error("a plan was changed")
			}
			if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
				t.Error("the link to the plan is no longer a link")
			}
		})
	}
	if r := convene(t, nil, "list", "people", "--db", link); r.code != 0 {
		t.Errorf("the plan cannot be read after the exports: %s", r.stderr)
	}
}

// TestAnExportWritesThroughLinksPipesAndDevices: a link stays a link with
// the export in its target; a FIFO and /dev/null are written into, not
// replaced by a regular file.
func TestAnExportWritesThroughLinksPipesAndDevices(t *testing.T) {
	plan := demoPlan(t)
	dir := t.TempDir()
	target := filepath.Join(dir, "people.csv")
	if err := os.WriteFile(target, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "latest.csv")
	if err := os.Symlink("people.csv", link); err != nil {
		t.Fatal(err)
	}
	if r := convene(t, nil, "export", "csv", "people", "-o", link, "--db", plan); r.code != 0 {
		t.Fatalf("export through a link: exit %d\n%s", r.code, r.stderr)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if b, _ := os.ReadFile(target); !strings.HasPrefix(string(b), "uid,name,") {
		t.Errorf("the link's target does not hold the export: %q", b)
	}

	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	// A second name for the FIFO, to let its reader go should the export
	// replace the first.
	spare := filepath.Join(dir, "spare")
	if err := os.Link(fifo, spare); err != nil {
		t.Fatal(err)
	}
	got := make(chan string)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	if r := convene(t, nil, "export", "csv", "people", "-o", fifo, "--db", plan); r.code != 0 {
		t.Errorf("export into a FIFO: exit %d\n%s", r.code, r.stderr)
	}
	if info, err := os.Lstat(fifo); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the FIFO was replaced by a file")
		if w, err := os.OpenFile(spare, os.O_WRONLY, 0); err == nil {
			w.Close()
		}
	}
	if s := <-got; !strings.HasPrefix(s, "uid,name,") {
		t.Errorf("the FIFO's reader got %q", s)
	}

	// The system administrator could replace the system's own /dev/null:
	// as root, the export goes to a null device of the test's own.
	null := os.DevNull
	if os.Geteuid() == 0 {
		null = filepath.Join(dir, "null")
		if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
			t.Fatal(err)
		}
	}
	if r := convene(t, nil, "export", "ics", "-o", null, "--db", plan); r.code != 0 {
		t.Errorf("export to %s: exit %d\n%s", null, r.code, r.stderr)
	}
	if info, err := os.Lstat(null); err != nil || info.Mode()&os.ModeCharDevice == 0 {
		t.Errorf("%s is no longer a device", null)
	}
}

// TestExportsHonourTheUmaskAndNeverLoosenAFile: a new export gets what the
// umask allows (owner-only with contacts); an existing file keeps its mode
// and its owner, and an export with contacts takes group and other access
// away.
func TestExportsHonourTheUmaskAndNeverLoosenAFile(t *testing.T) {
	plan := demoPlan(t)
	dir := t.TempDir()
	old := syscall.Umask(0o077)
	t.Cleanup(func() { syscall.Umask(old) })
	mode := func(path string) os.FileMode {
		t.Helper()
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return info.Mode().Perm()
	}
	export := func(path string, flags ...string) {
		t.Helper()
		args := append([]string{"export", "csv", "people", "-o", path, "--db", plan}, flags...)
		if r := convene(t, nil, args...); r.code != 0 {
			t.Fatalf("export: exit %d\n%s", r.code, r.stderr)
		}
	}
	fresh := filepath.Join(dir, "fresh.csv")
	export(fresh)
	if m := mode(fresh); m != 0o600 {
		t.Errorf("a new export under umask 077 has mode %o, want 600", m)
	}
	syscall.Umask(0o022)
	private := filepath.Join(dir, "private.csv")
	os.WriteFile(private, nil, 0o600)
	export(private)
	if m := mode(private); m != 0o600 {
		t.Errorf("an owner-only file became %o", m)
	}
	shared := filepath.Join(dir, "shared.csv")
	os.WriteFile(shared, nil, 0o640)
	export(shared)
	if m := mode(shared); m != 0o640 {
		t.Errorf("a file of mode 640 became %o", m)
	}
	export(shared, "--with-contacts")
	if m := mode(shared); m != 0o600 {
		t.Errorf("an export with contacts left mode %o, want 600", m)
	}
	if os.Geteuid() == 0 {
		theirs := filepath.Join(dir, "theirs.csv")
		os.WriteFile(theirs, nil, 0o644)
		if err := os.Chown(theirs, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		export(theirs)
		info, _ := os.Stat(theirs)
		if st := info.Sys().(*syscall.Stat_t); st.Uid != 65534 || st.Gid != 65534 {
			t.Errorf("the export took the file from its owner: now %d:%d", st.Uid, st.Gid)
		}
	}
}

// A script names standard output as a file, as many programs let it; and
// one that names a file inside a file is told so in plain words.
func TestAnExportToDevStdoutReachesThePipeAndABadPathIsExplained(t *testing.T) {
	plan := demoPlan(t)
	r := convene(t, nil, "export", "csv", "people", "-o", "/dev/stdout", "--db", plan)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "uid,name,") {
		t.Errorf("export -o /dev/stdout: exit %d, stdout %.40q\n%s", r.code, r.stdout, r.stderr)
	}
	notAFolder := filepath.Join(plan, "people.csv")
	r = convene(t, nil, "export", "csv", "people", "-o", notAFolder, "--db", plan)
	if want := "write " + notAFolder + ": cannot be written: a part of its path is a file, not a folder"; r.code != 2 || !strings.Contains(r.stderr, want) {
		t.Errorf("export into a path through a file: exit %d\n%s\nwant exit 2 and %q", r.code, r.stderr, want)
	}
	missing := filepath.Join(t.TempDir(), "no such folder", "people.csv")
	r = convene(t, nil, "export", "csv", "people", "-o", missing, "--db", plan)
	if want := "its folder does not exist"; r.code != 2 || !strings.Contains(r.stderr, want) {
		t.Errorf("export into a missing folder: exit %d\n%s\nwant exit 2 and %q", r.code, r.stderr, want)
	}
}
