// Package crawler fetches Japanese security news politely and turns feeds and
// pages into leakwatch.Articles.
//
// The package keeps fetching apart from parsing:
//
//   - Crawler (http.go, crawl.go) owns the network: one HTTP client with
//     connect/header/total timeouts, a body cap that also bounds decompressed
//     bytes, a redirect cap, robots.txt per host, a per-host rate limit with
//     per-host concurrency 1, a global concurrency limit, retries with backoff
//     and jitter, Retry-After, and a dialer that refuses loopback, private,
//     link-local and other special addresses after DNS resolution (unless
//     Options.AllowPrivate).
//   - DecodeToUTF8 (charset.go), ParseFeed (feed.go) and ExtractPage
//     (extract.go) take bytes and never touch the network, so they can be used
//     on local files (leakwatch import) and fuzzed.
//   - Crawl (crawl.go) runs one pass over the due sources and hands each new
//     article to a callback; the caller decides where it goes (the store).
//     Failing feeds back off exponentially, capped at one week, recorded in
//     leakwatch.CrawlState; they are never dropped.
package crawler
