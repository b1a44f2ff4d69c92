package leakwatch

import "time"

// Article is one news article or announcement as crawled or imported.
type Article struct {
	ID       int64  `json:"id"`
	URL      string `json:"url"` // canonical URL; the store's key
	SourceID string `json:"source"`
	Title    string `json:"title"`
	// Text is the main text as extracted, UTF-8; evidence offsets refer to it.
	Text string `json:"text"`
	// Summary is the feed item's summary, kept when the page could not be fetched.
	Summary   string    `json:"summary,omitempty"`
	Published time.Time `json:"published"`
	Fetched   time.Time `json:"fetched"`
	// ContentHash identifies the same text under two URLs.
	ContentHash string `json:"content_hash,omitempty"`
	// Raw is the page or feed item as fetched, before extraction; the store
	// archives it compressed so articles can be re-extracted without a fetch.
	Raw         []byte `json:"-"`
	RawType     string `json:"-"`                      // media type of Raw, e.g. text/html
	ExtractNote string `json:"extract_note,omitempty"` // e.g. "page fetch failed: summary kept"

	IsIncident bool       `json:"is_incident"`
	Incidents  []Incident `json:"incidents,omitempty"`
}

// Source is a news site leakwatch crawls.
type Source struct {
	ID       string   `json:"id" toml:"id"`
	Name     string   `json:"name" toml:"name"`
	Homepage string   `json:"homepage" toml:"homepage"`
	Feeds    []string `json:"feeds" toml:"feeds"`
	Enabled  bool     `json:"enabled" toml:"enabled"`
	// Rate is the most requests per second sent to the source's hosts; 0 means the default.
	Rate float64 `json:"rate,omitempty" toml:"rate"`
	// Selector is a CSS selector for the main text of the source's pages; empty
	// means the general extractor.
	Selector string `json:"selector,omitempty" toml:"selector"`
	// Charset overrides what the server says, for sites that declare it wrongly.
	Charset string `json:"charset,omitempty" toml:"charset"`
}

// CrawlState is what leakwatch remembers about crawling one feed of a source.
type CrawlState struct {
	SourceID     string    `json:"source"`
	FeedURL      string    `json:"feed"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastAttempt  time.Time `json:"last_attempt"`
	LastSuccess  time.Time `json:"last_success"`
	Failures     int       `json:"consecutive_failures"`
	NextAttempt  time.Time `json:"next_attempt"`
	LastError    string    `json:"last_error,omitempty"`
}

// JST is Japan time, in which leakwatch reads dates and weeks. Japan has no
// daylight saving, so a fixed zone needs no tzdata on the machine.
var JST = time.FixedZone("JST", 9*60*60)

// CrawlRun summarises one pass of `leakwatch crawl`, for `sources`, the
// API's /metrics and the logs.
type CrawlRun struct {
	ID            int64     `json:"id"`
	Started       time.Time `json:"started"`
	Finished      time.Time `json:"finished"`
	SourcesOK     int       `json:"sources_ok"`
	SourcesFailed int       `json:"sources_failed"`
	NewArticles   int       `json:"new_articles"`
	Incidents     int       `json:"incidents"`
	Errors        []string  `json:"errors,omitempty"`
}
