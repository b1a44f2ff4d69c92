package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/leakwatch/leakwatch"
)

func init() {
	register(command{name: "sources", short: "list the sources with their crawl state, last error and next attempt", run: runSources})
}

// sourceStatus is one source with the state of its feeds, as `sources --json` prints it.
type sourceStatus struct {
	leakwatch.Source
	State []leakwatch.CrawlState `json:"state"`
}

func runSources(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "sources", "[--data-dir D] [--sources FILE] [--json]")
	dataDir := dataDirFlag(fs, env)
	sourcesFile := fs.String("sources", env.Getenv("LEAKWATCH_SOURCES"), "TOML sources file (env LEAKWATCH_SOURCES; default: the built-in list)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlagsNoArgs(fs, args); err != nil {
		return err
	}
	sources, err := loadSources(*sourcesFile)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, *dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	states, err := st.CrawlStates(ctx)
	if err != nil {
		return err
	}
	byFeed := map[string]leakwatch.CrawlState{}
	for _, s := range states {
		byFeed[s.SourceID+"\x00"+s.FeedURL] = s
	}
	out := make([]sourceStatus, 0, len(sources))
	for _, src := range sources {
		ss := sourceStatus{Source: src, State: []leakwatch.CrawlState{}}
		for _, f := range src.Feeds {
			cs, ok := byFeed[src.ID+"\x00"+f]
			if !ok {
				cs = leakwatch.CrawlState{SourceID: src.ID, FeedURL: f}
			}
			ss.State = append(ss.State, cs)
		}
		out = append(out, ss)
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	now := env.Now()
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tNAME\tSTATUS\tLAST SUCCESS\tNEXT ATTEMPT\tFEED / LAST ERROR")
	for _, s := range out {
		for i, cs := range s.State {
			id, name := s.ID, s.Name
			if i > 0 {
				id, name = "", ""
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", id, name, feedStatus(s.Source, cs, now), fmtTime(cs.LastSuccess), nextAttempt(cs, now), cs.FeedURL)
			if cs.LastError != "" {
				fmt.Fprintf(tw, "\t\t\t\t\t  %s\n", truncate(cs.LastError, 160))
			}
		}
	}
	return tw.Flush()
}

func feedStatus(src leakwatch.Source, cs leakwatch.CrawlState, now time.Time) string {
	switch {
	case !src.Enabled:
		return "disabled"
	case cs.LastAttempt.IsZero():
		return "new"
	case cs.Failures > 0 && now.Before(cs.NextAttempt):
		return fmt.Sprintf("backing off (%d failures)", cs.Failures)
	case cs.Failures > 0:
		return fmt.Sprintf("failing (%d), due", cs.Failures)
	}
	return "ok"
}

func nextAttempt(cs leakwatch.CrawlState, now time.Time) string {
	if cs.NextAttempt.IsZero() || !now.Before(cs.NextAttempt) {
		return "next run"
	}
	return fmtTime(cs.NextAttempt)
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(leakwatch.JST).Format("2006-01-02 15:04")
}

func truncate(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
