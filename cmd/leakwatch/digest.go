package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/digest"
)

func init() {
	register(command{name: "digest", short: "write the weekly digest of breaches (Markdown, HTML, JSON, Atom)", run: runDigest})
}

func runDigest(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "digest", "[--week 2026-W47 | --from YYYY-MM-DD --to YYYY-MM-DD] [--format md|html|json|atom] [--out FILE]")
	dataDir := dataDirFlag(fs, env)
	week := fs.String("week", "", "ISO week in Japan time, e.g. 2026-W47, or latest (default: the last full week)")
	from := fs.String("from", "", "first day of the period, YYYY-MM-DD (Japan time, inclusive)")
	to := fs.String("to", "", "last day of the period, YYYY-MM-DD (Japan time, inclusive)")
	format := fs.String("format", digest.FormatMarkdown, "output format: "+strings.Join(digest.Formats(), ", "))
	asJSON := fs.Bool("json", false, "same as --format json")
	out := fs.String("out", "", "write to FILE instead of standard output (replaced only when the digest is complete)")
	baseURL := fs.String("base-url", env.Getenv("LEAKWATCH_BASE_URL"), "absolute URL the server is reached at, for links in the Atom feed (env LEAKWATCH_BASE_URL)")
	if err := parseFlagsNoArgs(fs, args); err != nil {
		return err
	}
	if *asJSON {
		*format = digest.FormatJSON
	}
	if !validFormat(*format) {
		return usageErrorf("--format %q: want one of %s", *format, strings.Join(digest.Formats(), ", "))
	}
	if (*from != "") != (*to != "") {
		return usageErrorf("--from and --to go together")
	}
	if *week != "" && *from != "" {
		return usageErrorf("give --week or --from/--to, not both")
	}

	st, err := openStore(ctx, *dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := digest.New(st, digest.WithClock(env.Now), digest.WithBaseURL(*baseURL))

	var p digest.Period
	if *from != "" {
		p, err = digest.ParseRange(*from, *to)
	} else {
		p, err = svc.ResolveWeek(*week)
	}
	if err != nil {
		return usageErrorf("%v", err)
	}
	// Render in memory first: a failed run must not leave half a file behind.
	var buf bytes.Buffer
	if err := svc.Write(ctx, &buf, p, *format); err != nil {
		if errors.Is(err, leakwatch.ErrInvalid) {
			return usageErrorf("%v", err)
		}
		return err
	}
	env.Logger.Debug("digest written", "period", p.Name(), "format", *format, "out", *out)
	if *out == "" {
		_, err := env.Stdout.Write(buf.Bytes())
		return err
	}
	return writeFileAtomic(*out, buf.Bytes())
}

func validFormat(f string) bool {
	for _, x := range digest.Formats() {
		if f == x {
			return true
		}
	}
	return f == "markdown"
}

// writeFileAtomic replaces path with b through a temporary file in the same
// directory, so readers never see a partial digest.
func writeFileAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("digest: write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("digest: write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("digest: write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("digest: write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("digest: write %s: %w", path, err)
	}
	return nil
}
