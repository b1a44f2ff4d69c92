package api

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/leakwatch/leakwatch"
)

// statsCache keeps recent /api/stats answers and runs one stats query at a
// time. Stats aggregate the whole store and change only when a crawl adds
// articles, and on a large store one query takes seconds: a dashboard
// polling them should not re-run it, several at once should not take every
// store connection away from article and incident reads, and requests for
// the same period share one query.
type statsCache struct {
	ttl     time.Duration
	timeout time.Duration // how long one stats query may run
	now     func() time.Time
	slot    chan struct{}

	mu       sync.Mutex
	entries  map[[2]int64]statsEntry
	inflight map[[2]int64]*statsFlight
}

type statsEntry struct {
	st leakwatch.Stats
	at time.Time
}

type statsFlight struct {
	done chan struct{}
	st   leakwatch.Stats
	err  error
}

// maxStatsEntries bounds the cache; when full it starts over, which is
// cheap and enough for the few periods dashboards ask for.
const maxStatsEntries = 256

func newStatsCache(ttl, timeout time.Duration) *statsCache {
	return &statsCache{ttl: ttl, timeout: timeout, now: time.Now, slot: make(chan struct{}, 1),
		entries: map[[2]int64]statsEntry{}, inflight: map[[2]int64]*statsFlight{}}
}

func statsKey(from, to time.Time) [2]int64 {
	k := [2]int64{}
	if !from.IsZero() {
		k[0] = from.Unix()
	}
	if !to.IsZero() {
		k[1] = to.Unix()
	}
	return k
}

// stats answers from the cache, or joins the query already running for the
// period, or starts one. The query runs on its own clock (c.timeout), not the
// request's, so a client that gives up does not waste the work: the answer
// still lands in the cache for the next request.
func (c *statsCache) stats(ctx context.Context, from, to time.Time, load func(ctx context.Context, from, to time.Time) (leakwatch.Stats, error)) (leakwatch.Stats, error) {
	k := statsKey(from, to)
	c.mu.Lock()
	if e, ok := c.entries[k]; ok && c.ttl > 0 && c.now().Sub(e.at) < c.ttl {
		c.mu.Unlock()
		return e.st, nil
	}
	f, ok := c.inflight[k]
	if !ok {
		f = &statsFlight{done: make(chan struct{})}
		c.inflight[k] = f
		go c.run(context.WithoutCancel(ctx), k, f, from, to, load)
	}
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.st, f.err
	case <-ctx.Done():
		return leakwatch.Stats{}, fmt.Errorf("api: stats: %w", ctx.Err())
	}
}

// run performs one stats query when the slot is free, bounded by c.timeout.
func (c *statsCache) run(ctx context.Context, k [2]int64, f *statsFlight, from, to time.Time, load func(ctx context.Context, from, to time.Time) (leakwatch.Stats, error)) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	defer func() {
		c.mu.Lock()
		delete(c.inflight, k)
		if f.err == nil && c.ttl > 0 {
			if len(c.entries) >= maxStatsEntries {
				clear(c.entries)
			}
			c.entries[k] = statsEntry{st: f.st, at: c.now()}
		}
		c.mu.Unlock()
		close(f.done)
	}()
	select {
	case c.slot <- struct{}{}:
	case <-ctx.Done():
		f.err = fmt.Errorf("api: stats: waiting for the store: %w", ctx.Err())
		return
	}
	defer func() { <-c.slot }()
	// This goroutine is outside the request's panic recovery.
	defer func() {
		if v := recover(); v != nil {
			f.err = fmt.Errorf("api: stats: panic: %v", v)
		}
	}()
	f.st, f.err = load(ctx, from, to)
}
