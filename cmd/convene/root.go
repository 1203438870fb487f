package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/convene-planner/convene/storage"
)

// Exit codes, as the product promises them to scripts.
const (
	exitOK    = 0 // fine
	exitData  = 1 // the data said no: invalid input, conflicts found, nothing matched
	exitUsage = 2 // wrong usage, an unreadable file, or a file that is not a plan
)

// exitError carries the exit code an error should end the process with.
type exitError struct {
	code int
	err  error
	// usage is set for a mistake in how the command was called, which
	// 'convene help' explains.
	usage bool
}

func (e *exitError) Error() string { return e.err.Error() }

func (e *exitError) Unwrap() error { return e.err }

// usageError is a mistake in how a command was called.
func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...), usage: true}
}

// cli is what every command shares: where output goes and which plan to use.
type cli struct {
	stdout, stderr io.Writer
	db             string
	// gcPercent is the collector's pace the process started with (GOGC),
	// which the desktop app, a long-running program, goes back to.
	gcPercent int
}

// run executes one command line and returns the process's exit code. No
// panic gets past it: a bug is reported as one, never as a Go stack trace.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "convene: internal error: %v\nThis is a bug in Convene; please report it with the command you ran.\n", r)
			if os.Getenv("CONVENE_DEBUG") != "" {
				stderr.Write(debug.Stack())
			}
			code = exitUsage
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	// A command lives for a moment and holds one plan: collecting garbage
	// as often as a long-running program would only slows it down.
	// Every command's output goes through one checked writer, so a
	// standard output that cannot be written (a full disk, a closed pipe)
	// ends any command with exit 2 rather than 0 and nothing written.
	out := &storage.CheckedWriter{W: stdout}
	c := &cli{stdout: out, stderr: stderr, gcPercent: debug.SetGCPercent(400)}
	root := c.rootCommand()
	root.SetArgs(args)
	root.SetOut(out)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if out.Err != nil {
		err = &exitError{code: exitUsage, err: fmt.Errorf("convene: cannot write to standard output: %w", out.Err)}
	}
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if !errors.As(err, &ee) {
		// Errors that did not come from a command's own work are cobra's:
		// an unknown command or flag, a missing argument.
		ee = &exitError{code: exitUsage, err: err, usage: true}
	}
	fmt.Fprintln(stderr, strings.TrimRight(ee.Error(), "\n"))
	if ee.usage {
		fmt.Fprintln(stderr, "Run 'convene help' for usage.")
	}
	return ee.code
}

func (c *cli) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "convene",
		Short: "Plan a coalition's year of Internet governance forums",
		Long: `Convene plans a coalition's year of engagement: forums, the sessions there,
speakers from every stakeholder group, and action items.

With no command it opens the desktop app on the last plan used (the default
plan, with a sample, on first start). The commands below serve scripts.

Exit codes: 0 fine; 1 the data said no (rows read and refused, conflicts
found, nothing matched); 2 Convene could not use what it was pointed at:
wrong usage, a missing or unreadable file or one in another encoding, a
folder, a file that is not a Convene plan (then left exactly as it was), a
damaged or read-only plan, or an output that cannot be written.`,
		Args:          cobra.NoArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE:          c.action(c.runApp),
	}
	// Shell completion is there for those who want it, not in everyone's help.
	root.CompletionOptions.HiddenDefaultCmd = true
	root.PersistentFlags().StringVar(&c.db, "db", "",
		"plan file, or team plan postgres://USER@HOST:PORT/DATABASE (default: $CONVENE_DB, else "+defaultPlanHint()+")")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usageError("%v", err)
	})
	root.AddCommand(
		c.demoCommand(),
		c.listCommand(),
		c.importCommand(),
		c.exportCommand(),
		c.checkCommand(),
		c.scheduleCommand(),
		c.restoreCommand(),
		c.forgetCommand(),
		c.inviteCommand(),
		c.reportCommand(),
		c.publishCommand(),
		c.grantCommand(),
		c.copyCommand(),
	)
	return root
}

// action adapts a command's work to cobra: whatever error it returns ends the
// process with exit 1 (the data said no) unless it says otherwise, or is a
// plan file that cannot be used (exit 2).
func (c *cli) action(fn func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if err := emptyFlag(cmd); err != nil {
			return err
		}
		err := fn(cmd, args)
		if err == nil {
			return nil
		}
		var ee *exitError
		if errors.As(err, &ee) {
			return err
		}
		if errors.As(err, new(*storage.PlanError)) {
			return &exitError{code: exitUsage, err: err}
		}
		return &exitError{code: exitData, err: err}
	}
}

// waiting tells the person at the terminal why a command is not getting
// on: another Convene is doing the same job on the plan.
func (c *cli) waiting(what string) { fmt.Fprintln(c.stderr, what) }

// emptyFlag refuses a flag given with nothing in it. A script's unset
// variable must not turn "--dry-run $DIR" into sending mail, or "--person
// $WHO" into everyone: no flag of Convene's means anything when empty.
func emptyFlag(cmd *cobra.Command) error {
	var err error
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if err == nil && f.Value.Type() == "string" && f.Value.String() == "" {
			err = usageError("--%s is given empty: give it a value, or leave it out", f.Name)
		}
	})
	return err
}

// planPath is the plan the command works on. With neither --db nor
// $CONVENE_DB, and no per-user data folder known (no HOME, no
// XDG_DATA_HOME), there is no default plan: rather than make one in
// whatever folder the command runs in, it is a usage error.
func (c *cli) planPath() (path string, isDefault bool, err error) {
	if c.db != "" {
		return c.db, false, nil
	}
	if env := os.Getenv("CONVENE_DB"); env != "" {
		return env, false, nil
	}
	path, err = defaultPlan()
	if err != nil {
		return "", false, &exitError{code: exitUsage, err: fmt.Errorf(
			"%w, so there is no default plan; name one with --db PATH or $CONVENE_DB", err)}
	}
	return path, true, nil
}

// open opens the plan; create says whether the command may make a new one.
func (c *cli) open(ctx context.Context, create bool) (*storage.Store, error) {
	path, _, err := c.planPath()
	if err != nil {
		return nil, err
	}
	s, err := storage.Open(ctx, path, storage.Options{Create: create})
	if errors.Is(err, storage.ErrNoPlan) {
		return nil, &exitError{code: exitUsage, err: fmt.Errorf(
			"%w; create it with 'convene demo --db %s' (the sample plan) or 'convene import'", err, storage.PlanName(path))}
	}
	return s, err
}

// openToChange opens the plan for a command that changes it, refusing up
// front, with nothing done, a plan that may only be read.
func (c *cli) openToChange(ctx context.Context, create bool) (*storage.Store, error) {
	s, err := c.open(ctx, create)
	if err != nil {
		return nil, err
	}
	if err := s.Writable(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// defaultPlan is the plan in the per-user data folder.
func defaultPlan() (string, error) {
	dir, err := dataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "convene", "plan.convene"), nil
}

func defaultPlanHint() string {
	if runtime.GOOS == "linux" {
		return "$XDG_DATA_HOME/convene/plan.convene"
	}
	if path, err := defaultPlan(); err == nil {
		return path
	}
	return "none"
}

// dataDir is where an operating system keeps a user's application data.
func dataDir() (string, error) {
	if runtime.GOOS == "linux" || runtime.GOOS == "freebsd" || runtime.GOOS == "openbsd" {
		if d := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
			return d, nil
		}
		home, err := os.UserHomeDir()
		if err != nil {
			return "", errors.New("neither HOME nor XDG_DATA_HOME is set")
		}
		return filepath.Join(home, ".local", "share"), nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("the user's application-data folder is not known (%w)", err)
	}
	return d, nil
}
