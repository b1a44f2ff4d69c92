package crawler

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/leakwatch/leakwatch"
)

// Backoff for failing feeds: BackoffBase after the first failure, doubling,
// never more than BackoffMax. A failing feed is re-probed on schedule and
// never dropped.
const (
	BackoffBase = time.Hour
	BackoffMax  = 7 * 24 * time.Hour
)

// NextAttemptAfter is when a feed that has failed failures times in a row
// is tried again.
func NextAttemptAfter(now time.Time, failures int) time.Time {
	if failures <= 0 {
		return time.Time{}
	}
	d := BackoffBase
	for i := 1; i < failures && d < BackoffMax; i++ {
		d *= 2
	}
	return now.Add(min(d, BackoffMax))
}

// Hooks connect a crawl to the store. Crawl calls them one at a time (never
// concurrently), so they need no locking of their own.
type Hooks struct {
	// State is the stored state of one feed; the zero value when none.
	State func(ctx context.Context, sourceID, feedURL string) (leakwatch.CrawlState, error)
	// SaveState records a feed's state after it was tried.
	SaveState func(ctx context.Context, st leakwatch.CrawlState) error
	// Seen reports whether an article with this URL is already stored; seen
	// articles are not fetched again.
	Seen func(ctx context.Context, url string) (bool, error)
	// Emit stores one new article. An error fails the feed, whose state is
	// then not advanced, so the next run tries its items again.
	Emit func(ctx context.Context, a leakwatch.Article) error
	// Progress, if set, hears about each feed and page as it finishes.
	Progress func(Event)
}

// Event is one step of a crawl, for progress display.
type Event struct {
	SourceID string
	FeedURL  string
	Kind     string // "feed" (fetched or failed), "page" (an item handled), "skip" (not due)
	URL      string
	Err      error
}

// SourceResult is how one source fared.
type SourceResult struct {
	SourceID    string
	Feeds       int // feeds tried
	NotDue      int // feeds skipped because of their backoff
	NotModified int // feeds answered 304
	Items       int // items in the feeds
	New         int // articles emitted
	Seen        int // items already stored or already handled in this run
	SummaryOnly int // articles kept with the feed's summary (page not fetched)
	// NextAttempt is the earliest time a failed feed is due again.
	NextAttempt time.Time
	Errors      []string
}

// Failed reports whether any feed of the source failed.
func (r SourceResult) Failed() bool { return len(r.Errors) > 0 }

// Summary is the outcome of one crawl pass.
type Summary struct {
	Started, Finished time.Time
	Sources           []SourceResult // in the order given
	OK, Failed        int            // sources that were due
	NotDue            int            // sources none of whose feeds were due
	New               int
}

// Crawl makes one pass over the enabled sources: each due feed is fetched
// (conditionally), its new items' pages fetched and extracted, and every new
// article handed to hooks.Emit. Sources run concurrently (up to
// Options.Concurrency), one bad source failing alone. Cancelling ctx stops
// the pass; state is saved per feed only after all its items were emitted,
// so a pass killed at any moment loses nothing and a rerun duplicates nothing.
func (c *Crawler) Crawl(ctx context.Context, sources []leakwatch.Source, hooks Hooks) Summary {
	sum := Summary{Started: c.opt.Now()}
	var hookMu sync.Mutex
	h := lockedHooks{h: hooks, mu: &hookMu}
	claimed := &sync.Map{} // item URLs handled in this pass, across feeds

	results := make([]SourceResult, len(sources))
	sem := make(chan struct{}, c.opt.Concurrency)
	var wg sync.WaitGroup
	for i, src := range sources {
		results[i].SourceID = src.ID
		if !src.Enabled {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
				results[i].Errors = append(results[i].Errors, ctx.Err().Error())
				return
			}
			results[i] = c.crawlSource(ctx, src, h, claimed)
		}()
	}
	wg.Wait()
	for i, src := range sources {
		r := results[i]
		sum.Sources = append(sum.Sources, r)
		sum.New += r.New
		switch {
		case !src.Enabled:
		case r.Failed():
			sum.Failed++
		case r.Feeds == 0 && r.NotDue > 0:
			sum.NotDue++
		default:
			sum.OK++
		}
	}
	sum.Finished = c.opt.Now()
	return sum
}

// lockedHooks serialises hook calls.
type lockedHooks struct {
	h  Hooks
	mu *sync.Mutex
}

func (l lockedHooks) state(ctx context.Context, src, feed string) (leakwatch.CrawlState, error) {
	if l.h.State == nil {
		return leakwatch.CrawlState{}, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.h.State(ctx, src, feed)
}

func (l lockedHooks) saveState(ctx context.Context, st leakwatch.CrawlState) error {
	if l.h.SaveState == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.h.SaveState(ctx, st)
}

func (l lockedHooks) seen(ctx context.Context, u string) (bool, error) {
	if l.h.Seen == nil {
		return false, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.h.Seen(ctx, u)
}

func (l lockedHooks) emit(ctx context.Context, a leakwatch.Article) error {
	if l.h.Emit == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.h.Emit(ctx, a)
}

func (l lockedHooks) progress(e Event) {
	if l.h.Progress == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.h.Progress(e)
}

func (c *Crawler) crawlSource(ctx context.Context, src leakwatch.Source, h lockedHooks, claimed *sync.Map) SourceResult {
	res := SourceResult{SourceID: src.ID}
	for _, feedURL := range src.Feeds {
		if ctx.Err() != nil {
			res.Errors = append(res.Errors, fmt.Sprintf("%s: %v", feedURL, ctx.Err()))
			break
		}
		st, err := h.state(ctx, src.ID, feedURL)
		if err != nil {
			res.Errors = append(res.Errors, fmt.Sprintf("%s: load crawl state: %v", feedURL, err))
			continue
		}
		st.SourceID, st.FeedURL = src.ID, feedURL
		now := c.opt.Now()
		if !st.NextAttempt.IsZero() && now.Before(st.NextAttempt) {
			res.NotDue++
			h.progress(Event{SourceID: src.ID, FeedURL: feedURL, Kind: "skip"})
			continue
		}
		res.Feeds++
		err = c.crawlFeed(ctx, src, &st, h, claimed, &res)
		h.progress(Event{SourceID: src.ID, FeedURL: feedURL, Kind: "feed", Err: err})
		if ctx.Err() != nil {
			// Killed or cancelled mid-feed: leave the state as it was, so the
			// next run fetches the feed again and picks up what is missing.
			res.Errors = append(res.Errors, fmt.Sprintf("%s: %v", feedURL, ctx.Err()))
			break
		}
		st.LastAttempt = now
		if err != nil {
			st.Failures++
			st.LastError = err.Error()
			st.NextAttempt = NextAttemptAfter(now, st.Failures)
			var fe *FetchError
			if errors.As(err, &fe) && fe.RetryAfter.After(st.NextAttempt) {
				st.NextAttempt = fe.RetryAfter
			}
			if st.NextAttempt.After(now.Add(BackoffMax)) {
				st.NextAttempt = now.Add(BackoffMax)
			}
			if res.NextAttempt.IsZero() || st.NextAttempt.Before(res.NextAttempt) {
				res.NextAttempt = st.NextAttempt
			}
			res.Errors = append(res.Errors, fmt.Sprintf("%s: %v", feedURL, err))
			c.opt.Logger.Warn("feed failed", "source", src.ID, "feed", feedURL, "failures", st.Failures, "next_attempt", st.NextAttempt, "err", err)
		} else {
			st.Failures, st.LastError, st.NextAttempt, st.LastSuccess = 0, "", time.Time{}, now
		}
		if serr := h.saveState(ctx, st); serr != nil {
			res.Errors = append(res.Errors, fmt.Sprintf("%s: save crawl state: %v", feedURL, serr))
		}
	}
	return res
}

const feedAccept = "application/rss+xml, application/rdf+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

// crawlFeed fetches one feed and emits its new items. On success it updates
// st's validators; the caller records success or failure.
func (c *Crawler) crawlFeed(ctx context.Context, src leakwatch.Source, st *leakwatch.CrawlState, h lockedHooks, claimed *sync.Map, res *SourceResult) error {
	resp, err := c.Fetch(ctx, Request{URL: st.FeedURL, ETag: st.ETag, LastModified: st.LastModified, Rate: src.Rate, Accept: feedAccept})
	if err != nil {
		return err
	}
	if resp.NotModified {
		res.NotModified++
		c.opt.Logger.Debug("feed not modified", "source", src.ID, "feed", st.FeedURL)
		return nil
	}
	feed, err := ParseFeed(resp.Body, resp.ContentType, resp.URL, src.Charset)
	if err != nil {
		return err
	}
	res.Items += len(feed.Items)
	// Oldest first, so an interrupted pass has stored a prefix in time order.
	items := append([]Item(nil), feed.Items...)
	sort.SliceStable(items, func(i, j int) bool { return items[i].Published.Before(items[j].Published) })
	for _, it := range items {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if _, dup := claimed.LoadOrStore(it.URL, true); dup {
			res.Seen++
			continue
		}
		seen, err := h.seen(ctx, it.URL)
		if err != nil {
			return fmt.Errorf("crawler: check stored article %s: %w", it.URL, err)
		}
		if seen {
			res.Seen++
			continue
		}
		a := c.article(ctx, src, it)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if a.ExtractNote != "" {
			res.SummaryOnly++
		}
		if err := h.emit(ctx, a); err != nil {
			return fmt.Errorf("crawler: store article %s: %w", a.URL, err)
		}
		res.New++
		h.progress(Event{SourceID: src.ID, FeedURL: st.FeedURL, Kind: "page", URL: a.URL})
	}
	st.ETag, st.LastModified = resp.ETag, resp.LastModified
	return nil
}

const pageAccept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

// article fetches and extracts an item's page. When the page cannot be
// fetched or read, the feed's title and summary are kept and ExtractNote
// says why.
func (c *Crawler) article(ctx context.Context, src leakwatch.Source, it Item) leakwatch.Article {
	a := leakwatch.Article{
		URL: it.URL, SourceID: src.ID, Title: it.Title, Summary: it.Summary, Text: it.Summary,
		Published: it.Published, Fetched: c.opt.Now(), Raw: []byte(it.HTML), RawType: "text/html; charset=utf-8",
	}
	keepSummary := func(why string) leakwatch.Article {
		a.ExtractNote = why + ": feed summary kept"
		c.opt.Logger.Info("page not extracted", "source", src.ID, "url", it.URL, "why", why)
		return a
	}
	resp, err := c.Fetch(ctx, Request{URL: it.URL, Rate: src.Rate, Accept: pageAccept})
	if err != nil {
		return keepSummary(fmt.Sprintf("page fetch failed (%v)", err))
	}
	if mt, _, _ := mime.ParseMediaType(resp.ContentType); mt != "" && mt != "text/html" && mt != "application/xhtml+xml" && mt != "text/plain" {
		return keepSummary(fmt.Sprintf("page is %s, not HTML", mt))
	}
	p, err := extractPage(resp.Body, resp.ContentType, resp.URL, src.Selector, src.Charset)
	if err != nil {
		return keepSummary(fmt.Sprintf("page extraction failed (%v)", err))
	}
	if strings.TrimSpace(p.Text) == "" {
		return keepSummary("page has no text")
	}
	a.Text = p.Text
	if a.Title == "" {
		a.Title = p.Title
	}
	if a.Published.IsZero() {
		a.Published = p.Published
	}
	a.Raw, a.RawType = resp.Body, resp.ContentType
	if a.RawType == "" {
		a.RawType = "text/html"
	}
	if _, params, _ := mime.ParseMediaType(a.RawType); params["charset"] == "" && p.Charset != "" {
		// Record what the bytes were read as, so re-extraction reads them the same.
		a.RawType += "; charset=" + p.Charset
	}
	return a
}
