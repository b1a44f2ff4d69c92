package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/crawler"
	"github.com/leakwatch/leakwatch/demosite"
	"github.com/leakwatch/leakwatch/digest"
	"github.com/leakwatch/leakwatch/store"
)

func init() {
	register(command{name: "demo", short: "serve built-in sample news sites, crawl, read, index and digest them, then serve the results", run: runDemo})
}

// demoSourcesFile is where the demo keeps the sources list it crawls; a
// second run reads the sample site's address back from it, so the articles
// keep their URLs and nothing is stored twice.
const demoSourcesFile = "demo-sources.toml"

// demoRate is the request rate the crawler may use on the local sample site.
const demoRate = 200

func runDemo(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "demo", "[--data-dir DIR] [--addr HOST:PORT] [--site-addr HOST:PORT] [--no-serve]")
	// The demo keeps its own directory by default (LEAKWATCH_DATA_DIR is not
	// read) so sample articles never mix with a real store.
	dataDir := fs.String("data-dir", "./leakwatch-demo", "directory for the demo's store, index, sources list and digest")
	addr := addrFlag(fs, env)
	siteAddr := fs.String("site-addr", "", "loopback address for the sample news sites (default: the previous run's, else a free port)")
	noServe := fs.Bool("no-serve", false, "stop after writing the digest instead of serving the web page")
	if err := parseFlagsNoArgs(fs, args); err != nil {
		return err
	}
	d, err := newDemo(env, *dataDir)
	if err != nil {
		return err
	}
	defer d.close()
	if err := d.startSite(ctx, *siteAddr); err != nil {
		return err
	}
	if err := d.crawl(ctx); err != nil {
		return err
	}
	if err := d.open(ctx); err != nil {
		return err
	}
	if err := d.writeDigest(ctx); err != nil {
		return err
	}
	if *noServe {
		return nil
	}
	return d.serve(ctx, *addr)
}

// demo holds what one `leakwatch demo` run opened.
type demo struct {
	env     *Env
	dir     string
	corpus  *demosite.Corpus
	st      *store.Store
	siteURL string
	sources []leakwatch.Source
	week    digest.Period
	clock   func() time.Time // the demo's "now": the Monday after its newest week
	wg      sync.WaitGroup
	stop    func()
}

func newDemo(env *Env, dir string) (*demo, error) {
	corpus, err := demosite.LoadDefault()
	if err != nil {
		return nil, err
	}
	y, w := corpus.LatestWeek()
	week, err := digest.ParseWeek(fmt.Sprintf("%d-W%02d", y, w))
	if err != nil {
		return nil, err
	}
	// The sample articles have fixed dates; the digest and the web page's
	// "latest week" are read as of the morning after that week.
	monday := week.End().Add(9 * time.Hour)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("demo: create data directory: %w", err)
	}
	return &demo{env: env, dir: dir, corpus: corpus, week: week, clock: func() time.Time { return monday }}, nil
}

// crawl runs `leakwatch crawl` itself on the sources list the demo wrote:
// the real crawler, analyzer, store and index, with private addresses
// allowed for the loopback site. Sources that fail are reported and the demo
// goes on with what was stored.
func (d *demo) crawl(ctx context.Context) error {
	err := runCrawl(ctx, d.env, []string{
		"--data-dir", d.dir, "--sources", filepath.Join(d.dir, demoSourcesFile),
		"--allow-private", "--rate", fmt.Sprint(demoRate), "--progress", "never",
	})
	var partial *partialError
	if errors.As(err, &partial) && ctx.Err() == nil {
		fmt.Fprintf(d.env.Stderr, "leakwatch demo: crawl: %v\n", err)
		return nil
	}
	return err
}

// close stops the sample site and closes what is open.
func (d *demo) close() {
	if d.stop != nil {
		d.stop()
	}
	d.wg.Wait()
	if d.st != nil {
		d.st.Close()
		d.st = nil
	}
}

// open opens the store the crawl filled, for the digest.
func (d *demo) open(ctx context.Context) error {
	var err error
	d.st, err = openStore(ctx, d.dir)
	return err
}

// startSite serves the sample sites on loopback and writes the sources list
// pointing at them.
func (d *demo) startSite(ctx context.Context, addr string) error {
	path := filepath.Join(d.dir, demoSourcesFile)
	if addr == "" {
		addr = "127.0.0.1:0"
		if prev, err := previousSiteAddr(path); err != nil {
			return err
		} else if prev != "" {
			addr = prev
		}
	}
	if !isLoopback(addr) {
		return usageErrorf("--site-addr %q: the sample sites listen on loopback only", addr)
	}
	h, err := demosite.New(d.corpus)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("demo: sample site: %w (a previous run used %s; free it or use a new --data-dir)", err, addr)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	sctx, cancel := context.WithCancel(ctx)
	d.stop = cancel
	d.wg.Add(2)
	go func() {
		defer d.wg.Done()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			d.env.Logger.Error("demo: sample site stopped", "err", err)
		}
	}()
	go func() {
		defer d.wg.Done()
		<-sctx.Done()
		shut, c := context.WithTimeout(context.Background(), 5*time.Second)
		defer c()
		srv.Shutdown(shut)
	}()
	d.siteURL = "http://" + ln.Addr().String()
	b, err := d.corpus.SourcesTOML(d.siteURL, demoRate)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, b); err != nil {
		return err
	}
	if d.sources, err = crawler.LoadSources(bytes.NewReader(b)); err != nil {
		return err
	}
	fmt.Fprintf(d.env.Stdout, "sample news sites: %s/ (%d articles, sources list %s)\n", d.siteURL, len(d.corpus.Articles), path)
	return nil
}

// previousSiteAddr reads the host:port of the sample site from an earlier
// run's sources list; "" when there is none.
func previousSiteAddr(path string) (string, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("demo: %w", err)
	}
	defer f.Close()
	srcs, err := crawler.LoadSources(f)
	if err != nil {
		return "", fmt.Errorf("demo: %s: %w", path, err)
	}
	for _, s := range srcs {
		for _, fu := range s.Feeds {
			if u, err := url.Parse(fu); err == nil && u.Host != "" {
				return u.Host, nil
			}
		}
	}
	return "", nil
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// writeDigest writes the newest week's digest as Markdown and HTML into the data directory.
func (d *demo) writeDigest(ctx context.Context) error {
	svc := digest.New(d.st, digest.WithClock(d.clock))
	dg, err := svc.Build(ctx, d.week)
	if err != nil {
		return err
	}
	for _, f := range []string{digest.FormatMarkdown, digest.FormatHTML} {
		var buf bytes.Buffer
		if err := digest.Render(&buf, dg, f); err != nil {
			return err
		}
		if err := writeFileAtomic(d.digestPath(f), buf.Bytes()); err != nil {
			return err
		}
	}
	fmt.Fprintf(d.env.Stdout, "digest %s: %d new cases, %d continuing: %s\n", d.week.Name(), dg.Summary.Cases, dg.Summary.Continuing, d.digestPath(digest.FormatMarkdown))
	return nil
}

func (d *demo) digestPath(format string) string {
	return filepath.Join(d.dir, "digest-"+d.week.Name()+"."+format)
}

// serve runs `leakwatch serve` on the demo's data directory until ctx is
// cancelled (Ctrl-C), with the clock set to the demo's Monday so that the
// page's latest digest is the sample week.
func (d *demo) serve(ctx context.Context, addr string) error {
	if !isLoopback(addr) {
		return usageErrorf("--addr %q: the demo serves on loopback only", addr)
	}
	// serve opens the store and the index itself.
	d.st.Close()
	d.st = nil
	if strings.HasSuffix(addr, ":0") {
		// Pick the free port here so the URL can be printed before serving.
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return fmt.Errorf("demo: listen: %w", err)
		}
		addr = ln.Addr().String()
		ln.Close()
	}
	base := "http://" + addr
	fmt.Fprintf(d.env.Stdout, "\nleakwatch demo: open %s/\n  search:  %s/?q=%s\n  digest:  %s/digest/%s.html\n  API:     %s/api/search?q=%s\n",
		base, base, url.QueryEscape("不正ログイン"), base, d.week.Name(), base, url.QueryEscape("ランサムウェア"))
	env := *d.env
	env.Now = d.clock
	if err := runServe(ctx, &env, []string{"--data-dir", d.dir, "--addr", addr}); err != nil {
		return err
	}
	fmt.Fprintln(d.env.Stdout, "leakwatch demo stopped; run it again to reuse what it stored in", d.dir)
	return nil
}
