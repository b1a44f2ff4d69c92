// Command leakwatch collects Japanese security news, reads the incidents it
// reports, indexes them and serves search and a weekly digest.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now})
	stop()
	os.Exit(code)
}

// Env is what a command may touch of the outside world; tests fill it in.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Now    func() time.Time
	Logger *slog.Logger
}

// Exit statuses, as DESIGN.md sets them.
const (
	exitOK      = 0
	exitPartial = 1 // ran, but some of the work failed
	exitUsage   = 2 // bad usage, or could not run at all
)

// command is one subcommand. Each lives in a file of its own and adds itself
// to the table with register.
type command struct {
	name  string
	short string // one line for the command list
	run   func(ctx context.Context, env *Env, args []string) error
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// errUsage marks errors that come from how the command was called.
var errUsage = errors.New("usage")

// usageErrorf reports bad usage: exit 2 with the message.
func usageErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

// partialError reports that a command ran but some of its work failed (exit 1).
type partialError struct{ msg string }

func (e *partialError) Error() string { return e.msg }

// Main runs leakwatch with args (without the program name) and returns the exit status.
func Main(ctx context.Context, args []string, env *Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Logger == nil {
		env.Logger = slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: logLevel(env.Getenv("LEAKWATCH_LOG_LEVEL"))}))
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(env.Stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "leakwatch: unknown command %q\n\n", args[0])
		printUsage(env.Stderr)
		return exitUsage
	}
	err := cmd.run(ctx, env, args[1:])
	var partial *partialError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage):
		fmt.Fprintf(env.Stderr, "leakwatch %s: %v\n", cmd.name, err)
		return exitUsage
	case errors.As(err, &partial):
		fmt.Fprintf(env.Stderr, "leakwatch %s: %v\n", cmd.name, err)
		return exitPartial
	default:
		fmt.Fprintf(env.Stderr, "leakwatch %s: %v\n", cmd.name, err)
		return exitUsage
	}
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "leakwatch — collects Japanese security news and reads the breaches it reports")
	fmt.Fprintln(w, "\nUsage: leakwatch COMMAND [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].short)
	}
	fmt.Fprintln(w, "\nRun 'leakwatch COMMAND -h' for the flags of a command.")
}

func logLevel(s string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.TrimSpace(s))); err != nil || s == "" {
		return slog.LevelInfo
	}
	return l
}

// newFlagSet makes a flag set that reports errors instead of exiting, and
// prints the usage line and every flag with its default on -h.
func newFlagSet(env *Env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: leakwatch %s %s\n\nFlags:\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; a bad flag becomes a usage error (exit 2), -h exits 0.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

// parseFlagsNoArgs parses args for a command that takes flags only; a stray
// argument is a usage error.
func parseFlagsNoArgs(fs *flag.FlagSet, args []string) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	return nil
}

// dataDirFlag adds --data-dir: flags beat the environment, which beats the default.
func dataDirFlag(fs *flag.FlagSet, env *Env) *string {
	def := env.Getenv("LEAKWATCH_DATA_DIR")
	if def == "" {
		def = "./leakwatch-data"
	}
	return fs.String("data-dir", def, "directory for the store and the index (env LEAKWATCH_DATA_DIR)")
}

// addrFlag adds --addr for commands that listen.
func addrFlag(fs *flag.FlagSet, env *Env) *string {
	def := env.Getenv("LEAKWATCH_ADDR")
	if def == "" {
		def = "127.0.0.1:8080"
	}
	return fs.String("addr", def, "address to listen on (env LEAKWATCH_ADDR)")
}
