package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/crawler"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

func init() {
	register(command{name: "crawl", short: "fetch new articles from the due sources, read and index them", run: runCrawl})
}

func runCrawl(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "crawl", "[--data-dir D] [--sources FILE] [--allow-private] [--concurrency N] [--rate R] [--timeout D] [--no-index] [--progress auto|always|never]")
	dataDir := dataDirFlag(fs, env)
	sourcesFile := fs.String("sources", env.Getenv("LEAKWATCH_SOURCES"), "TOML sources file (env LEAKWATCH_SOURCES; default: the built-in list)")
	allowPrivate := fs.Bool("allow-private", false, "allow loopback and private addresses (tests, the demo site)")
	concurrency := fs.Int("concurrency", 4, "requests in flight over all hosts")
	perHost := fs.Float64("rate", 1, "default requests per second per host")
	timeout := fs.Duration("timeout", 60*time.Second, "total time limit of one request")
	noIndex := fs.Bool("no-index", false, "do not add new articles to the search index (run reindex later)")
	progress := fs.String("progress", "auto", "progress bar: auto (on a terminal), always, never")
	if err := parseFlagsNoArgs(fs, args); err != nil {
		return err
	}
	if *concurrency < 1 || *perHost <= 0 || *timeout <= 0 {
		return usageErrorf("--concurrency, --rate and --timeout must be positive")
	}
	if *progress != "auto" && *progress != "always" && *progress != "never" {
		return usageErrorf("--progress must be auto, always or never")
	}
	sources, err := loadSources(*sourcesFile)
	if err != nil {
		return err
	}
	w, err := openWriter(ctx, env, "crawl", *dataDir, !*noIndex, "new articles")
	if err != nil {
		return err
	}
	defer w.Close()
	an, st, ix := w.an, w.st, w.ix

	log := env.Logger
	c := crawler.New(crawler.Options{
		AllowPrivate: *allowPrivate, Concurrency: *concurrency, PerHostRate: *perHost,
		Timeout: *timeout, Logger: log, Now: env.Now,
	})
	run := leakwatch.CrawlRun{Started: env.Now()}
	var indexErrs int
	bar := newCrawlBar(env, *progress)
	hooks := crawler.Hooks{
		State:     st.CrawlState,
		SaveState: st.SaveCrawlState,
		Seen:      st.HasArticle,
		Emit: func(ctx context.Context, a leakwatch.Article) error {
			res, err := ingest(ctx, st, an, &a)
			if err != nil {
				return err
			}
			run.Incidents += res.Incidents
			if ix != nil {
				// One at a time, so an article stored before a kill is
				// also searchable; reindex rebuilds the index if not.
				if err := ix.Index(ctx, []leakwatch.Article{a}); err != nil {
					indexErrs++
					log.Error("index article", "url", a.URL, "err", err)
				}
			}
			log.Info("new article", "source", a.SourceID, "url", a.URL, "incidents", res.Incidents, "note", a.ExtractNote)
			return nil
		},
		Progress: func(e crawler.Event) {
			if bar != nil {
				bar.Describe(fmt.Sprintf("%-18s %s", e.SourceID, e.Kind))
				_ = bar.Add(1)
			} else if e.Kind == "feed" {
				if e.Err != nil {
					log.Warn("feed done", "source", e.SourceID, "feed", e.FeedURL, "err", e.Err)
				} else {
					log.Info("feed done", "source", e.SourceID, "feed", e.FeedURL)
				}
			}
		},
	}
	sum := c.Crawl(ctx, sources, hooks)
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(env.Stderr)
	}
	run.Finished = env.Now()
	run.SourcesOK, run.SourcesFailed, run.NewArticles = sum.OK, sum.Failed, sum.New
	for _, r := range sum.Sources {
		for _, e := range r.Errors {
			run.Errors = append(run.Errors, r.SourceID+": "+e)
		}
	}
	// Record the run even when interrupted, without the cancelled context.
	saveCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := st.SaveRun(saveCtx, &run); err != nil {
		log.Error("save crawl run", "err", err)
	}
	printCrawlSummary(env.Stdout, sources, sum, run)
	switch {
	case ctx.Err() != nil:
		return &partialError{msg: fmt.Sprintf("interrupted: %d new articles stored; rerun to continue", sum.New)}
	case sum.Failed > 0:
		return &partialError{msg: fmt.Sprintf("%d of %d sources failed", sum.Failed, sum.OK+sum.Failed)}
	case indexErrs > 0:
		return &partialError{msg: fmt.Sprintf("%d articles could not be indexed; run leakwatch reindex", indexErrs)}
	}
	return nil
}

// loadSources reads the --sources file, or the built-in list.
func loadSources(path string) ([]leakwatch.Source, error) {
	if path == "" {
		return crawler.DefaultSources()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, usageErrorf("sources: %v", err)
	}
	defer f.Close()
	srcs, err := crawler.LoadSources(f)
	if err != nil {
		return nil, usageErrorf("%s: %v", path, err)
	}
	return srcs, nil
}

// newCrawlBar shows a spinner-style bar on a terminal; nil means log lines.
func newCrawlBar(env *Env, mode string) *progressbar.ProgressBar {
	if mode == "never" {
		return nil
	}
	if mode == "auto" {
		f, ok := env.Stderr.(*os.File)
		if !ok || !term.IsTerminal(int(f.Fd())) {
			return nil
		}
	}
	return progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(env.Stderr),
		progressbar.OptionSetDescription("crawling"),
		progressbar.OptionShowCount(),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionSetItsString("steps"),
	)
}

func printCrawlSummary(w io.Writer, sources []leakwatch.Source, sum crawler.Summary, run leakwatch.CrawlRun) {
	fmt.Fprintf(w, "crawl: %d sources ok, %d failed, %d not due; %d new articles, %d incidents (%s)\n",
		sum.OK, sum.Failed, sum.NotDue, sum.New, run.Incidents, sum.Finished.Sub(sum.Started).Round(time.Second))
	byID := map[string]leakwatch.Source{}
	for _, s := range sources {
		byID[s.ID] = s
	}
	results := append([]crawler.SourceResult(nil), sum.Sources...)
	sort.SliceStable(results, func(i, j int) bool { return results[i].Failed() && !results[j].Failed() })
	for _, r := range results {
		src := byID[r.SourceID]
		switch {
		case !src.Enabled:
			fmt.Fprintf(w, "  %-8s %-18s disabled\n", "-", r.SourceID)
		case r.Failed():
			next := ""
			if !r.NextAttempt.IsZero() {
				next = " (next attempt " + r.NextAttempt.In(leakwatch.JST).Format("2006-01-02 15:04 MST") + ")"
			}
			fmt.Fprintf(w, "  %-8s %-18s %s%s\n", "FAILED", r.SourceID, strings.Join(r.Errors, "; "), next)
		case r.Feeds == 0 && r.NotDue > 0:
			fmt.Fprintf(w, "  %-8s %-18s backing off after failures\n", "waiting", r.SourceID)
		default:
			extra := ""
			if r.NotModified > 0 {
				extra = ", not modified"
			}
			if r.SummaryOnly > 0 {
				extra += fmt.Sprintf(", %d with feed summary only", r.SummaryOnly)
			}
			fmt.Fprintf(w, "  %-8s %-18s %d new, %d already stored%s\n", "ok", r.SourceID, r.New, r.Seen, extra)
		}
	}
}
