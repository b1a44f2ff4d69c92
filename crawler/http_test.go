package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestFetchConditional304(t *testing.T) {
	s := newSite(t)
	s.mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Sat, 01 Mar 2025 01:00:00 GMT")
		_, _ = w.Write([]byte("<rss/>"))
	})
	c := New(testOptions())
	r1, err := c.Fetch(context.Background(), Request{URL: s.URL + "/feed"})
	if err != nil || r1.ETag != `"v1"` || r1.NotModified {
		t.Fatalf("first fetch: %+v, %v", r1, err)
	}
	r2, err := c.Fetch(context.Background(), Request{URL: s.URL + "/feed", ETag: r1.ETag, LastModified: r1.LastModified})
	if err != nil || !r2.NotModified || len(r2.Body) != 0 {
		t.Fatalf("conditional fetch: %+v, %v", r2, err)
	}
	if ua, _ := s.ua.Load().(string); !strings.Contains(ua, "leakwatch") {
		t.Errorf("User-Agent %q does not name leakwatch", ua)
	}
}

func TestFetchRetryAfter429(t *testing.T) {
	s := newSite(t)
	var mu sync.Mutex
	var times []time.Time
	s.mux.HandleFunc("/busy", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		n := len(times)
		mu.Unlock()
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_, _ = w.Write([]byte("ok"))
	})
	c := New(testOptions())
	resp, err := c.Fetch(context.Background(), Request{URL: s.URL + "/busy"})
	if err != nil || string(resp.Body) != "ok" {
		t.Fatalf("fetch: %v", err)
	}
	if len(times) != 2 {
		t.Fatalf("%d requests, want 2", len(times))
	}
	// The retry waited for Retry-After, not for the 10ms backoff.
	if gap := times[1].Sub(times[0]); gap < 900*time.Millisecond {
		t.Errorf("retried after %v, want about 1s (Retry-After)", gap)
	}
}

func TestFetchRetryAfterTooLongFails(t *testing.T) {
	s := newSite(t)
	s.mux.HandleFunc("/later", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7200")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	c := New(testOptions())
	_, err := c.Fetch(context.Background(), Request{URL: s.URL + "/later"})
	var fe *FetchError
	if !errors.As(err, &fe) || fe.Status != 503 || time.Until(fe.RetryAfter) < time.Hour {
		t.Fatalf("err = %v, want 503 with RetryAfter in 2h", err)
	}
	if n := s.count("/later"); n != 1 {
		t.Errorf("%d requests; a long Retry-After must not be waited for or hammered", n)
	}
}

func TestFetch500ThenSuccess(t *testing.T) {
	s := newSite(t)
	n := 0
	s.mux.HandleFunc("/flaky", func(w http.ResponseWriter, r *http.Request) {
		n++
		if n <= 2 {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		_, _ = w.Write([]byte("fine"))
	})
	c := New(testOptions())
	resp, err := c.Fetch(context.Background(), Request{URL: s.URL + "/flaky"})
	if err != nil || string(resp.Body) != "fine" {
		t.Fatalf("fetch: %v", err)
	}
	if s.count("/flaky") != 3 {
		t.Errorf("%d requests, want 3", s.count("/flaky"))
	}
	// 404 is not retried.
	_, err = c.Fetch(context.Background(), Request{URL: s.URL + "/missing"})
	if !errors.Is(err, ErrStatus) || s.count("/missing") != 1 {
		t.Errorf("404: err %v after %d requests", err, s.count("/missing"))
	}
}

func TestFetchStallingServerTimesOut(t *testing.T) {
	s := newSite(t)
	s.mux.HandleFunc("/stall", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // never answers
	})
	s.mux.HandleFunc("/slowbody", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		<-r.Context().Done() // headers, then nothing
	})
	o := testOptions()
	o.HeaderTimeout = 150 * time.Millisecond
	o.Timeout = 300 * time.Millisecond
	o.Retries = 1
	c := New(o)
	for _, p := range []string{"/stall", "/slowbody"} {
		_, err := c.Fetch(context.Background(), Request{URL: s.URL + p})
		var ne net.Error
		if err == nil || !(errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded)) {
			t.Errorf("%s: err = %v, want a timeout", p, err)
		}
		if n := s.count(p); n != 2 {
			t.Errorf("%s: %d requests, want 2 (timeouts are retried once)", p, n)
		}
	}
}

func TestFetchOversizeBody(t *testing.T) {
	s := newSite(t)
	big := bytes.Repeat([]byte("あ"), 1<<20) // 3 MiB
	s.serve("/big", "text/html", big)
	s.mux.HandleFunc("/chunked", func(w http.ResponseWriter, r *http.Request) {
		for range 40 { // no Content-Length: the cap applies while reading
			_, _ = w.Write(big[:100<<10])
			w.(http.Flusher).Flush()
		}
	})
	c := New(testOptions())
	for _, p := range []string{"/big", "/chunked"} {
		if _, err := c.Fetch(context.Background(), Request{URL: s.URL + p}); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: err = %v, want ErrTooLarge", p, err)
		}
	}
}

func TestFetchGzipBomb(t *testing.T) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zeros := make([]byte, 1<<20)
	for range 64 { // 64 MiB inflated, ~64 KiB on the wire
		_, _ = zw.Write(zeros)
	}
	_ = zw.Close()
	s := newSite(t)
	s.mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write(buf.Bytes())
	})
	var small bytes.Buffer
	zw = gzip.NewWriter(&small)
	_, _ = zw.Write([]byte("<p>圧縮された本文</p>"))
	_ = zw.Close()
	s.mux.HandleFunc("/gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(small.Bytes())
	})
	c := New(testOptions())
	if _, err := c.Fetch(context.Background(), Request{URL: s.URL + "/bomb"}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("bomb: err = %v, want ErrTooLarge", err)
	}
	resp, err := c.Fetch(context.Background(), Request{URL: s.URL + "/gz"})
	if err != nil || string(resp.Body) != "<p>圧縮された本文</p>" {
		t.Errorf("gzip page: %v %q", err, resp.Body)
	}
}

func TestFetchRedirects(t *testing.T) {
	s := newSite(t)
	s.mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop2", http.StatusFound)
	})
	s.mux.HandleFunc("/loop2", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	s.mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/here", http.StatusMovedPermanently)
	})
	s.serve("/here", "text/plain", []byte("here"))
	c := New(testOptions())
	if _, err := c.Fetch(context.Background(), Request{URL: s.URL + "/loop"}); !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("loop: err = %v, want ErrTooManyRedirects", err)
	}
	resp, err := c.Fetch(context.Background(), Request{URL: s.URL + "/moved"})
	if err != nil || resp.URL != s.URL+"/here" {
		t.Errorf("moved: %v, final URL %v", err, resp)
	}
}

// allowOnly makes one loopback server look public to c, so the rest of
// loopback can be shown to stay refused.
func allowOnly(c *Crawler, u string) {
	pu, _ := url.Parse(u)
	c.testAllow = func(host, port string) bool { return host == pu.Hostname() && port == pu.Port() }
}

func TestFetchRefusesPrivateAddresses(t *testing.T) {
	public := newSite(t)  // stands in for a public site
	private := newSite(t) // an internal service on loopback
	private.serve("/admin", "text/plain", []byte("secret"))
	pu, _ := url.Parse(private.URL)
	public.mux.HandleFunc("/to-loopback", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, private.URL+"/admin", http.StatusFound)
	})
	public.mux.HandleFunc("/to-localhost", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://localhost:"+pu.Port()+"/admin", http.StatusFound)
	})
	o := testOptions()
	o.AllowPrivate = false
	c := New(o)
	allowOnly(c, public.URL)

	for _, u := range []string{
		private.URL + "/admin",            // literal loopback
		"http://[::1]:" + pu.Port() + "/", // IPv6 loopback
		"http://169.254.169.254/latest/",  // link-local metadata address
		"http://10.0.0.1/", "http://192.168.1.1/", "http://0.0.0.0:" + pu.Port() + "/",
		public.URL + "/to-loopback", // redirect to 127.0.0.1
		"file:///etc/passwd",
	} {
		if _, err := c.Fetch(context.Background(), Request{URL: u}); !errors.Is(err, ErrBlockedAddress) {
			t.Errorf("%s: err = %v, want ErrBlockedAddress", u, err)
		}
	}
	// After DNS: a name that resolves to loopback passes the URL check (the
	// test lets "localhost" through it) but is refused at connect time.
	c.testAllow = func(host, port string) bool {
		return host == "localhost" || host == "127.0.0.1" && port != pu.Port()
	}
	if _, err := c.Fetch(context.Background(), Request{URL: public.URL + "/to-localhost"}); !errors.Is(err, ErrBlockedAddress) || !strings.Contains(err.Error(), "resolved") {
		t.Errorf("redirect to a name resolving to loopback: err = %v, want refusal at dial", err)
	}
	if private.count("/admin") != 0 {
		t.Errorf("the private server was reached %d times", private.count("/admin"))
	}
	// With AllowPrivate the same fetch works (tests and the demo need it).
	ok := New(testOptions())
	if _, err := ok.Fetch(context.Background(), Request{URL: private.URL + "/admin"}); err != nil {
		t.Errorf("AllowPrivate: %v", err)
	}
}

func TestFetchRobots(t *testing.T) {
	s := newSite(t)
	s.serve("/robots.txt", "text/plain", []byte("User-agent: *\nDisallow: /private/\n\nUser-agent: leakwatch\nDisallow: /no-leakwatch/\n"))
	s.serve("/private/a.html", "text/html", []byte("x"))
	s.serve("/no-leakwatch/a.html", "text/html", []byte("x"))
	s.serve("/news/a.html", "text/html", []byte("ok"))
	c := New(testOptions())
	ctx := context.Background()
	if _, err := c.Fetch(ctx, Request{URL: s.URL + "/no-leakwatch/a.html"}); !errors.Is(err, ErrRobots) {
		t.Errorf("leakwatch group: err = %v, want ErrRobots", err)
	}
	if _, err := c.Fetch(ctx, Request{URL: s.URL + "/news/a.html"}); err != nil {
		t.Errorf("allowed page: %v", err)
	}
	if s.count("/no-leakwatch/a.html") != 0 {
		t.Error("disallowed page was fetched")
	}
	if s.count("/robots.txt") != 1 {
		t.Errorf("robots.txt fetched %d times, want 1 (cached)", s.count("/robots.txt"))
	}
	// No robots.txt (404): everything allowed.
	s2 := newSite(t)
	s2.serve("/a", "text/plain", []byte("a"))
	if _, err := c.Fetch(ctx, Request{URL: s2.URL + "/a"}); err != nil {
		t.Errorf("no robots.txt: %v", err)
	}
}

func TestPerHostRateAndConcurrency(t *testing.T) {
	s := newSite(t)
	var mu sync.Mutex
	inflight, maxInflight := 0, 0
	s.mux.HandleFunc("/p", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inflight++
		maxInflight = max(maxInflight, inflight)
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		inflight--
		mu.Unlock()
	})
	o := testOptions()
	o.PerHostRate = 20 // 50 ms apart
	c := New(o)
	start := time.Now()
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = c.Fetch(context.Background(), Request{URL: s.URL + "/p"})
		}()
	}
	wg.Wait()
	if maxInflight != 1 {
		t.Errorf("%d requests in flight at once on one host, want 1", maxInflight)
	}
	// 6 pages + robots.txt at 20/s with a burst of 1 take at least 6 intervals.
	if el := time.Since(start); el < 6*50*time.Millisecond-10*time.Millisecond {
		t.Errorf("7 requests took %v; the 20/s host rate allows no less than 300ms", el)
	}
}

func TestFetchCancelled(t *testing.T) {
	s := newSite(t)
	s.mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	c := New(testOptions())
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.Fetch(ctx, Request{URL: s.URL + "/slow"})
	if err == nil {
		t.Fatal("fetch of a stalled page returned no error after cancel")
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"120": now.Add(2 * time.Minute), "Sat, 01 Mar 2025 00:10:00 GMT": now.Add(10 * time.Minute), "": {}, "soon": {},
	} {
		if got := parseRetryAfter(in, now); !got.Equal(want) {
			t.Errorf("%q: %v, want %v", in, got, want)
		}
	}
}
