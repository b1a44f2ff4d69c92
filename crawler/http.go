package crawler

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/temoto/robotstxt"
	"golang.org/x/time/rate"
)

// Options configures a Crawler. Zero values take the defaults shown.
type Options struct {
	UserAgent string // default DefaultUserAgent
	// AllowPrivate lets the crawler reach loopback, private, link-local and
	// other special addresses; tests and the demo site need it.
	AllowPrivate   bool
	PerHostRate    float64       // requests per second per host; default 1
	Concurrency    int           // requests in flight over all hosts; default 4
	ConnectTimeout time.Duration // default 10s
	HeaderTimeout  time.Duration // time to the response headers; default 20s
	Timeout        time.Duration // whole request including the body; default 60s
	MaxBodyBytes   int64         // after decompression; default 10 MiB
	MaxRedirects   int           // default 5
	Retries        int           // extra tries after a timeout, 5xx or 429; default 2
	RetryBase      time.Duration // first backoff; doubles each try, with jitter; default 1s
	// MaxRetryAfter is the longest Retry-After the crawler waits for within
	// a run; a longer one fails the fetch and the feed retries later. Default 2m.
	MaxRetryAfter time.Duration
	RobotsTTL     time.Duration // how long a robots.txt is cached; default 24h
	Logger        *slog.Logger
	Now           func() time.Time
}

// DefaultUserAgent names leakwatch so site owners can find who is crawling.
const DefaultUserAgent = "leakwatch/1.0 (+https://github.com/leakwatch/leakwatch; Japanese security-news crawler)"

// robotsAgent is the product token matched against robots.txt groups.
const robotsAgent = "leakwatch"

func (o *Options) defaults() {
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.PerHostRate <= 0 {
		o.PerHostRate = 1
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 10 * time.Second
	}
	if o.HeaderTimeout <= 0 {
		o.HeaderTimeout = 20 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 10 << 20
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = 5
	}
	if o.Retries < 0 {
		o.Retries = 0
	} else if o.Retries == 0 {
		o.Retries = 2
	}
	if o.RetryBase <= 0 {
		o.RetryBase = time.Second
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = 2 * time.Minute
	}
	if o.RobotsTTL <= 0 {
		o.RobotsTTL = 24 * time.Hour
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Crawler fetches politely. It is safe for concurrent use.
type Crawler struct {
	opt    Options
	client *http.Client
	global chan struct{} // global concurrency

	mu    sync.Mutex
	hosts map[string]*hostState

	// testAllow lets tests treat chosen loopback host:ports as public, to
	// check that everything else on loopback is still refused.
	testAllow func(host, port string) bool
}

type hostState struct {
	busy    chan struct{} // per-host concurrency 1
	limiter *rate.Limiter

	robotsMu  sync.Mutex
	robots    *robotstxt.RobotsData
	robotsExp time.Time
}

// Errors a fetch can end with; they are wrapped in *FetchError.
var (
	ErrBlockedAddress   = errors.New("address not allowed")
	ErrRobots           = errors.New("disallowed by robots.txt")
	ErrTooLarge         = errors.New("body over size limit")
	ErrTooManyRedirects = errors.New("too many redirects")
	ErrStatus           = errors.New("unexpected http status")
)

// FetchError is a failed fetch with what is known about it.
type FetchError struct {
	URL    string
	Status int // 0 when no response was read
	// RetryAfter is when the server asked to be tried again (429/503).
	RetryAfter time.Time
	Err        error
}

func (e *FetchError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("crawler: fetch %s: status %d: %v", e.URL, e.Status, e.Err)
	}
	return fmt.Sprintf("crawler: fetch %s: %v", e.URL, e.Err)
}

func (e *FetchError) Unwrap() error { return e.Err }

// New makes a Crawler.
func New(opt Options) *Crawler {
	opt.defaults()
	c := &Crawler{opt: opt, global: make(chan struct{}, opt.Concurrency), hosts: map[string]*hostState{}}
	dialer := &net.Dialer{Timeout: opt.ConnectTimeout, KeepAlive: 30 * time.Second}
	if !opt.AllowPrivate {
		// Checked on the resolved address just before connecting, so neither a
		// DNS name pointing inside nor a redirect to one gets through.
		dialer.Control = func(network, address string, _ syscall.RawConn) error {
			host, port, err := net.SplitHostPort(address)
			if err != nil {
				return fmt.Errorf("%w: %s", ErrBlockedAddress, address)
			}
			if c.testAllow != nil && c.testAllow(host, port) {
				return nil
			}
			ip, err := netip.ParseAddr(host)
			if err != nil || !publicAddr(ip) {
				return fmt.Errorf("%w: %s (resolved address)", ErrBlockedAddress, address)
			}
			return nil
		}
	}
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would hide the address check
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       60 * time.Second,
		TLSHandshakeTimeout:   opt.ConnectTimeout,
		ResponseHeaderTimeout: opt.HeaderTimeout,
		ExpectContinueTimeout: time.Second,
		// Decompression is done by hand so the cap applies to inflated bytes.
		DisableCompression: true,
	}
	c.client = &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > opt.MaxRedirects {
				return ErrTooManyRedirects
			}
			if err := c.checkURL(req.URL); err != nil {
				return err
			}
			return nil
		},
	}
	return c
}

// publicAddr reports whether ip is an ordinary public unicast address.
func publicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsMulticast() || ip.IsUnspecified() || ip.IsInterfaceLocalMulticast() {
		return false
	}
	for _, p := range specialPrefixes {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// specialPrefixes are ranges that are not reachable public hosts (RFC 6890 and
// successors) beyond what netip's predicates cover.
var specialPrefixes = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "192.0.2.0/24", "198.18.0.0/15",
		"198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4", "255.255.255.255/32",
		"64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7", "2002::/16",
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// checkURL refuses schemes other than http(s) and, unless private addresses
// are allowed, literal IPs and names like localhost that are not public. The
// dialer checks resolved addresses as well.
func (c *Crawler) checkURL(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%w: scheme %q", ErrBlockedAddress, u.Scheme)
	}
	if c.opt.AllowPrivate {
		return nil
	}
	host := u.Hostname()
	if c.testAllow != nil && c.testAllow(host, u.Port()) {
		return nil
	}
	if ip, err := netip.ParseAddr(host); err == nil && !publicAddr(ip) {
		return fmt.Errorf("%w: %s", ErrBlockedAddress, host)
	}
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") || strings.HasSuffix(h, ".local") || strings.HasSuffix(h, ".internal") {
		return fmt.Errorf("%w: %s", ErrBlockedAddress, host)
	}
	return nil
}

func (c *Crawler) host(h string, rps float64) *hostState {
	c.mu.Lock()
	defer c.mu.Unlock()
	hs, ok := c.hosts[h]
	if !ok {
		if rps <= 0 {
			rps = c.opt.PerHostRate
		}
		hs = &hostState{busy: make(chan struct{}, 1), limiter: rate.NewLimiter(rate.Limit(rps), 1)}
		c.hosts[h] = hs
	} else if rps > 0 && rate.Limit(rps) < hs.limiter.Limit() {
		// Two sources on one host: the slower rate wins.
		hs.limiter.SetLimit(rate.Limit(rps))
	}
	return hs
}

// Request is one fetch.
type Request struct {
	URL string
	// ETag and LastModified make the request conditional.
	ETag, LastModified string
	// Rate overrides the per-host rate (the source's setting); 0 = default.
	Rate float64
	// Accept is sent as the Accept header.
	Accept string
}

// Response is a fetched body.
type Response struct {
	URL          string // after redirects
	Status       int
	ContentType  string
	ETag         string
	LastModified string
	NotModified  bool // 304: Body is empty
	Body         []byte
}

// Fetch gets one URL, honouring robots.txt, the host's rate and concurrency,
// the global concurrency, and retrying timeouts, 5xx and 429 with backoff.
func (c *Crawler) Fetch(ctx context.Context, req Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, &FetchError{URL: req.URL, Err: fmt.Errorf("%w: %v", ErrBlockedAddress, err)}
	}
	if err := c.checkURL(u); err != nil {
		return nil, &FetchError{URL: req.URL, Err: err}
	}
	hs := c.host(u.Host, req.Rate)
	if ok, err := c.allowed(ctx, u, hs); err != nil {
		return nil, err
	} else if !ok {
		return nil, &FetchError{URL: req.URL, Err: ErrRobots}
	}
	var last error
	for attempt := 0; ; attempt++ {
		resp, err := c.fetchOnce(ctx, u, hs, req)
		if err == nil {
			return resp, nil
		}
		last = err
		var fe *FetchError
		if !errors.As(err, &fe) || !retryable(fe) || attempt >= c.opt.Retries || ctx.Err() != nil {
			return nil, last
		}
		wait := c.backoff(attempt)
		if !fe.RetryAfter.IsZero() {
			wait = fe.RetryAfter.Sub(c.opt.Now())
			if wait > c.opt.MaxRetryAfter {
				return nil, last // the caller records RetryAfter as the next attempt
			}
		}
		c.opt.Logger.Debug("retrying", "url", req.URL, "attempt", attempt+1, "wait", wait, "err", err)
		if err := sleep(ctx, wait); err != nil {
			return nil, last
		}
	}
}

func (c *Crawler) backoff(attempt int) time.Duration {
	d := c.opt.RetryBase << attempt
	// Full jitter in [d/2, d): spreads retries of many clients apart.
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func retryable(fe *FetchError) bool {
	switch {
	case fe.Status == http.StatusTooManyRequests, fe.Status >= 500:
		return true
	case fe.Status != 0 && (fe.Status < 200 || fe.Status > 299):
		return false
	case errors.Is(fe.Err, ErrTooLarge):
		return false
	}
	var ne net.Error
	if errors.As(fe.Err, &ne) && ne.Timeout() {
		return true
	}
	if errors.Is(fe.Err, context.DeadlineExceeded) || errors.Is(fe.Err, io.ErrUnexpectedEOF) || errors.Is(fe.Err, syscall.ECONNRESET) {
		return true
	}
	return false
}

// acquire takes the global and the host's slot and waits for the host's rate.
func (c *Crawler) acquire(ctx context.Context, hs *hostState) (func(), error) {
	select {
	case hs.busy <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err := hs.limiter.Wait(ctx); err != nil {
		<-hs.busy
		return nil, err
	}
	select {
	case c.global <- struct{}{}:
	case <-ctx.Done():
		<-hs.busy
		return nil, ctx.Err()
	}
	return func() { <-c.global; <-hs.busy }, nil
}

func (c *Crawler) fetchOnce(ctx context.Context, u *url.URL, hs *hostState, req Request) (*Response, error) {
	release, err := c.acquire(ctx, hs)
	if err != nil {
		return nil, &FetchError{URL: req.URL, Err: err}
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, c.opt.Timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &FetchError{URL: req.URL, Err: err}
	}
	hr.Header.Set("User-Agent", c.opt.UserAgent)
	hr.Header.Set("Accept-Encoding", "gzip, deflate")
	hr.Header.Set("Accept-Language", "ja,en;q=0.5")
	if req.Accept != "" {
		hr.Header.Set("Accept", req.Accept)
	}
	if req.ETag != "" {
		hr.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hr.Header.Set("If-Modified-Since", req.LastModified)
	}
	resp, err := c.client.Do(hr)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, &FetchError{URL: req.URL, Err: err}
	}
	defer resp.Body.Close()
	out := &Response{
		URL: resp.Request.URL.String(), Status: resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"), ETag: resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		fe := &FetchError{URL: req.URL, Status: resp.StatusCode, Err: fmt.Errorf("%w: %s", ErrStatus, resp.Status)}
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			fe.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), c.opt.Now())
		}
		return nil, fe
	}
	body, err := readBody(resp, c.opt.MaxBodyBytes)
	if err != nil {
		return nil, &FetchError{URL: req.URL, Status: resp.StatusCode, Err: err}
	}
	out.Body = body
	return out, nil
}

// readBody reads at most limit bytes after decompression.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: content-length %d > %d", ErrTooLarge, resp.ContentLength, limit)
	}
	var r io.Reader = resp.Body
	switch strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))) {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(io.LimitReader(resp.Body, limit+1))
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		defer zr.Close()
		r = zr
	case "deflate":
		fr := flate.NewReader(io.LimitReader(resp.Body, limit+1))
		defer fr.Close()
		r = fr
	case "", "identity":
	default:
		return nil, fmt.Errorf("unsupported content-encoding %q", resp.Header.Get("Content-Encoding"))
	}
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if n > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	return buf.Bytes(), nil
}

// parseRetryAfter reads delay-seconds or an HTTP date; zero when absent.
func parseRetryAfter(v string, now time.Time) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return now.Add(time.Duration(n) * time.Second)
	}
	if t, err := http.ParseTime(v); err == nil {
		return t
	}
	return time.Time{}
}

// allowed checks robots.txt for u, fetching and caching it per host.
func (c *Crawler) allowed(ctx context.Context, u *url.URL, hs *hostState) (bool, error) {
	hs.robotsMu.Lock()
	defer hs.robotsMu.Unlock()
	if hs.robots == nil || c.opt.Now().After(hs.robotsExp) {
		ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
		resp, err := c.fetchOnce(ctx, ru, hs, Request{URL: ru.String()})
		ttl := c.opt.RobotsTTL
		var rd *robotstxt.RobotsData
		switch {
		case err == nil:
			rd, err = robotstxt.FromStatusAndBytes(resp.Status, resp.Body)
			if err != nil {
				// An unparsable robots.txt is treated as allowing everything.
				rd, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
			}
		default:
			var fe *FetchError
			if ctx.Err() != nil {
				return false, &FetchError{URL: u.String(), Err: ctx.Err()}
			}
			if errors.As(err, &fe) && fe.Status >= 400 && fe.Status < 500 {
				// 4xx: no robots.txt, everything allowed (RFC 9309 2.3.1.3).
				rd, _ = robotstxt.FromStatusAndBytes(fe.Status, nil)
			} else {
				// Unreachable or 5xx: the host is struggling; the page fetch
				// would fail too. Report it and try robots.txt again soon.
				hs.robots, hs.robotsExp = nil, time.Time{}
				return false, &FetchError{URL: u.String(), Err: fmt.Errorf("robots.txt: %w", err)}
			}
		}
		hs.robots, hs.robotsExp = rd, c.opt.Now().Add(ttl)
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if path == "" {
		path = "/"
	}
	return hs.robots.TestAgent(path, robotsAgent), nil
}
