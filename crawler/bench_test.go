package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch"
	"golang.org/x/text/encoding/japanese"
)

// benchPage is a generated news page of realistic size (~20 KB): navigation,
// a sidebar of links, scripts and an article of six paragraphs.
func benchPage(i int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>株式会社テスト%[1]dに不正アクセス、顧客情報%[1]d件流出のおそれ｜ベンチ速報</title>
<meta property="og:title" content="株式会社テスト%[1]dに不正アクセス、顧客情報%[1]d件流出のおそれ"><meta property="article:published_time" content="2025-03-01T10:00:00+09:00">
<script>var ads = {"slot": "%[1]d", "sizes": [[300,250],[728,90]]};</script><style>.x{color:red}</style></head><body>
<header><nav class="global-nav"><ul>`, i)
	for j := range 30 {
		fmt.Fprintf(&b, `<li><a href="/cat/%d">カテゴリ%d</a></li>`, j, j)
	}
	b.WriteString(`</ul></nav></header><div id="main"><article class="article"><h1>見出し</h1><div class="article-body">`)
	for j := range 6 {
		fmt.Fprintf(&b, `<p>株式会社テスト%dは%d日、同社が運営する通販サイトが第三者による不正アクセスを受け、顧客の氏名、住所、電話番号、メールアドレスなど最大%d件が流出した可能性があると発表した。同社は外部の専門機関と調査を進めており、対象の顧客には個別に連絡するとしている。</p>`, i, j+1, i*10+j)
	}
	b.WriteString(`</div></article><aside class="sidebar"><h2>ランキング</h2><ol>`)
	for j := range 40 {
		fmt.Fprintf(&b, `<li><a href="/news/%d.html">関連記事の見出しがここに入ります その%d</a></li>`, j, j)
	}
	b.WriteString(`</ol></aside></div><footer class="site-footer"><p>Copyright (C) ベンチ速報</p></footer></body></html>`)
	return []byte(b.String())
}

// benchSites starts hosts loopback servers sharing perHost pages each, with
// an RSS 2.0 feed per host. Distinct ports are distinct hosts to the crawler.
func benchSites(b *testing.B, hosts, perHost int) []leakwatch.Source {
	pages := make([][]byte, 64)
	for i := range pages {
		pages[i] = benchPage(i)
	}
	var srcs []leakwatch.Source
	for h := range hosts {
		mux := http.NewServeMux()
		var feed []byte
		mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(feed) })
		mux.HandleFunc("/news/", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write(pages[len(r.URL.Path)%len(pages)])
		})
		srv := httptest.NewServer(mux)
		b.Cleanup(srv.Close)
		var fb strings.Builder
		fb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>ベンチ</title>`)
		for i := range perHost {
			fmt.Fprintf(&fb, `<item><title>記事%d</title><link>%s/news/%d.html</link><pubDate>Sat, 01 Mar 2025 10:00:00 +0900</pubDate></item>`, i, srv.URL, i)
		}
		fb.WriteString(`</channel></rss>`)
		feed = []byte(fb.String())
		srcs = append(srcs, leakwatch.Source{ID: fmt.Sprintf("h%d", h), Feeds: []string{srv.URL + "/feed.xml"}, Enabled: true})
	}
	return srcs
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func maxRSS() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Maxrss * 1024
}

// runBenchCrawl crawls hosts×perHost loopback pages; emitted articles are
// dropped (as the store would take them away), classification excluded.
func runBenchCrawl(b *testing.B, hosts, perHost int) {
	srcs := benchSites(b, hosts, perHost)
	o := testOptions()
	o.PerHostRate = 1e6
	o.Concurrency = hosts
	o.MaxBodyBytes = 4 << 20
	var n atomic.Int64
	var peakHeap uint64
	hooks := Hooks{Emit: func(_ context.Context, a leakwatch.Article) error {
		if n.Add(1)%500 == 0 {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peakHeap = max(peakHeap, ms.HeapInuse)
		}
		return nil
	}}
	b.ResetTimer()
	cpu0, t0 := cpuTime(), time.Now()
	for range b.N {
		n.Store(0)
		sum := New(o).Crawl(context.Background(), srcs, hooks)
		if sum.New != hosts*perHost || sum.Failed != 0 {
			b.Fatalf("summary %+v", sum)
		}
	}
	el, cpu := time.Since(t0), cpuTime()-cpu0
	total := float64(b.N * hosts * perHost)
	b.ReportMetric(total/el.Seconds(), "pages/s")
	b.ReportMetric(float64(cpu.Milliseconds())/total, "cpu-ms/page(incl-server)")
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(maxRSS())/(1<<20), "maxrss-MB")
}

// BenchmarkCrawl1000 crawls 1,000 loopback pages over 4 hosts.
func BenchmarkCrawl1000(b *testing.B) { runBenchCrawl(b, 4, 250) }

// BenchmarkCrawl10000 crawls 10,000 pages, for peak memory.
func BenchmarkCrawl10000(b *testing.B) { runBenchCrawl(b, 4, 2500) }

// BenchmarkExtractPage is the CPU per page beyond the network: charset
// detection, parsing and extraction of one generated page.
func BenchmarkExtractPage(b *testing.B) {
	page := benchPage(7)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := ExtractPage(page, "text/html; charset=utf-8", "https://example.jp/news/7.html", ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtractPageSJISUnlabelled adds the strict-decoder scoring that
// an unlabelled Shift_JIS page costs.
func BenchmarkExtractPageSJISUnlabelled(b *testing.B) {
	page := encodeTo(b, strings.Replace(string(benchPage(7)), `<meta charset="utf-8">`, "", 1), japanese.ShiftJIS)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := ExtractPage(page, "", "https://example.jp/news/7.html", ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseFeed parses a 250-item RSS 2.0 feed.
func BenchmarkParseFeed(b *testing.B) {
	var fb strings.Builder
	fb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>ベンチ</title>`)
	for i := range 250 {
		fmt.Fprintf(&fb, `<item><title>記事%d</title><link>https://example.jp/news/%d.html</link><description>&lt;p&gt;概要%d&lt;/p&gt;</description></item>`, i, i, i)
	}
	fb.WriteString(`</channel></rss>`)
	body := []byte(fb.String())
	for b.Loop() {
		if _, err := ParseFeed(body, "", "https://example.jp/feed", ""); err != nil {
			b.Fatal(err)
		}
	}
}
