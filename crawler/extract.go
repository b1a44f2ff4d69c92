package crawler

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"github.com/leakwatch/leakwatch"
	"golang.org/x/net/html"
	"golang.org/x/text/width"
)

// Page is what ExtractPage reads from one HTML page.
type Page struct {
	Title     string
	Published time.Time // zero when the page states no date; in JST
	Canonical string    // absolute canonical URL, or "" when none is declared
	Text      string    // main text, paragraphs separated by blank lines
	Charset   string    // encoding the bytes were read as
	// Method says how the text was found: "selector", "heuristic" or "body".
	Method string
}

// ErrNoContent reports a page in which no text was found at all.
var ErrNoContent = errors.New("no content")

// maxExtractBytes bounds what ExtractPage parses; the fetcher caps bodies
// too, but local files come in through import.
const maxExtractBytes = 16 << 20

// ExtractPage reads the title, published time, canonical URL and main text
// of an HTML page. contentType (may be empty) gives the charset if the page
// does not declare one; pageURL (may be empty) resolves relative URLs;
// selector, when not empty, is a CSS selector for the main text, falling back
// to the general extractor when it matches nothing.
func ExtractPage(body []byte, contentType, pageURL, selector string) (Page, error) {
	return extractPage(body, contentType, pageURL, selector, "")
}

func extractPage(body []byte, contentType, pageURL, selector, charsetOverride string) (Page, error) {
	if len(body) > maxExtractBytes {
		return Page{}, fmt.Errorf("crawler: extract: page of %d bytes is over the %d-byte limit", len(body), maxExtractBytes)
	}
	dec := DecodeToUTF8(body, contentType, charsetOverride)
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(dec.Text))
	if err != nil {
		return Page{}, fmt.Errorf("crawler: extract: parse html: %w", err)
	}
	base, _ := url.Parse(pageURL)
	meta := readMeta(doc)
	ld := readJSONLD(doc)
	p := Page{Charset: dec.Charset}
	p.Canonical = canonicalURL(doc, meta, base)
	p.Title = pickTitle(doc, meta, ld)

	// Dates are read before the page is cleaned: bylines live in headers.
	p.Published = pickDate(doc, meta, ld, pageURL)

	if selector != "" {
		sel, serr := safeFind(doc, selector)
		if serr != nil {
			return Page{}, fmt.Errorf("crawler: extract: selector %q: %w", selector, serr)
		}
		if sel.Length() > 0 {
			var parts []string
			sel.Each(func(_ int, s *goquery.Selection) {
				stripJunk(s)
				if t := renderText(s.Nodes...); t != "" {
					parts = append(parts, t)
				}
			})
			p.Text = strings.Join(parts, "\n\n")
			p.Method = "selector"
		}
	}
	if p.Text == "" {
		p.Text, p.Method = mainText(doc, p.Title)
	}
	if p.Text == "" && p.Title == "" {
		return p, fmt.Errorf("crawler: extract: %w", ErrNoContent)
	}
	return p, nil
}

// safeFind compiles the selector first: goquery's Find silently matches
// nothing on a bad one, and sources files are user input.
func safeFind(doc *goquery.Document, selector string) (*goquery.Selection, error) {
	m, err := cascadia.Compile(selector)
	if err != nil {
		return nil, err
	}
	return doc.FindMatcher(m), nil
}

// ---- metadata ----

// readMeta collects <meta> values by lower-cased name, property and itemprop.
// Some saved pages carry value= instead of content=, so that is read too.
func readMeta(doc *goquery.Document) map[string]string {
	m := map[string]string{}
	doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
		content, ok := s.Attr("content")
		if !ok {
			content, ok = s.Attr("value")
		}
		content = strings.TrimSpace(content)
		if !ok || content == "" {
			return
		}
		for _, a := range []string{"name", "property", "itemprop", "http-equiv"} {
			if k, ok := s.Attr(a); ok {
				k = strings.ToLower(strings.TrimSpace(k))
				if _, dup := m[k]; !dup && k != "" {
					m[k] = content
				}
			}
		}
	})
	return m
}

type ldInfo struct {
	Headline      string
	DatePublished string
	URL           string
}

// readJSONLD reads the first article-like object of the page's JSON-LD.
func readJSONLD(doc *goquery.Document) ldInfo {
	var info ldInfo
	doc.Find(`script[type="application/ld+json"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		var v any
		if json.Unmarshal([]byte(strings.TrimSpace(s.Text())), &v) != nil {
			return true
		}
		walkLD(v, &info, 0)
		return info.DatePublished == "" || info.Headline == ""
	})
	return info
}

func walkLD(v any, info *ldInfo, depth int) {
	if depth > 6 {
		return
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			walkLD(e, info, depth+1)
		}
	case map[string]any:
		if g, ok := t["@graph"]; ok {
			walkLD(g, info, depth+1)
		}
		typ := fmt.Sprint(t["@type"])
		if !strings.Contains(typ, "Article") && !strings.Contains(typ, "Posting") && !strings.Contains(typ, "WebPage") && !strings.Contains(typ, "Report") {
			return
		}
		if s, ok := t["headline"].(string); ok && info.Headline == "" {
			info.Headline = strings.TrimSpace(html.UnescapeString(s))
		}
		if s, ok := t["datePublished"].(string); ok && info.DatePublished == "" {
			info.DatePublished = s
		}
		if s, ok := t["url"].(string); ok && info.URL == "" {
			info.URL = s
		}
	}
}

func canonicalURL(doc *goquery.Document, meta map[string]string, base *url.URL) string {
	href, _ := doc.Find(`link[rel="canonical"]`).First().Attr("href")
	if strings.TrimSpace(href) == "" {
		href = meta["og:url"]
	}
	href = strings.TrimSpace(href)
	if href == "" {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	u.Fragment = ""
	return u.String()
}

// ---- title ----

var (
	reTitleSep  = regexp.MustCompile(`\s+[|｜\-–—:：/»«]\s+|[｜|]|\s*：\s*(?:[^：]{1,20})$|\s+-\s+`)
	rePageSufix = regexp.MustCompile(`\s*[（(]\s*\d+\s*/\s*\d+\s*(?:ページ|page)?\s*[)）]\s*$`)
)

// squash removes all whitespace and folds width, for comparing titles.
func squash(s string) string {
	s = width.Fold.String(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func cleanSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// pickTitle prefers a heading whose text also appears in the <title> or the
// og:title (the headline without the site name), then the longest segment of
// the og:title or <title> split at separators such as ｜ and " - ".
func pickTitle(doc *goquery.Document, meta map[string]string, ld ldInfo) string {
	titleTag := cleanSpace(doc.Find("head title").First().Text())
	if titleTag == "" {
		titleTag = cleanSpace(doc.Find("title").First().Text())
	}
	metaTitle := meta["og:title"]
	if metaTitle == "" {
		metaTitle = meta["twitter:title"]
	}
	metaTitle = cleanSpace(metaTitle)
	site := squash(meta["og:site_name"])
	refs := []string{squash(titleTag), squash(metaTitle), squash(ld.Headline)}

	best, bestLen := "", 0
	doc.Find("h1, h2, h3, [itemprop=headline], .headline, .entry-title, .article-title, .title").EachWithBreak(func(i int, s *goquery.Selection) bool {
		if i > 80 {
			return false
		}
		t := strings.TrimLeft(cleanSpace(s.Text()), "■□◆◇●○★☆・▼▽◎ ")
		if utf8.RuneCountInString(t) < 2 || utf8.RuneCountInString(t) > 200 {
			return true
		}
		q := squash(t)
		if q == site {
			return true
		}
		for _, r := range refs {
			if r == "" || !strings.Contains(r, q) {
				continue
			}
			if r == q {
				// The heading repeats the whole <title>, site name and all.
				t = stripSiteName(t)
			}
			if n := utf8.RuneCountInString(squash(t)); n > bestLen {
				best, bestLen = rePageSufix.ReplaceAllString(t, ""), n
			}
			break
		}
		return true
	})
	if best != "" {
		return best
	}
	for _, t := range []string{ld.Headline, metaTitle, titleTag} {
		if t = cleanSpace(t); t != "" {
			return stripSiteName(t)
		}
	}
	if h := cleanSpace(doc.Find("h1").First().Text()); h != "" {
		return h
	}
	return ""
}

var reBracketSuffix = regexp.MustCompile(`\s*[＜<【\[][^＞>】\]]{2,40}[＞>】\]]\s*$`)

// stripSiteName keeps the longest part of a title split at separators and
// drops a trailing （1/2ページ） or ＜site name＞.
func stripSiteName(t string) string {
	t = rePageSufix.ReplaceAllString(t, "")
	if s := reBracketSuffix.ReplaceAllString(t, ""); utf8.RuneCountInString(s) >= 4 {
		t = s
	}
	parts := reTitleSep.Split(t, -1)
	best := ""
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if utf8.RuneCountInString(p) > utf8.RuneCountInString(best) {
			best = p
		}
	}
	if utf8.RuneCountInString(best) < 4 {
		return t
	}
	return rePageSufix.ReplaceAllString(best, "")
}

// ---- dates ----

var dateMetaKeys = []string{
	"article:published_time", "og:published_time", "og:article:published_time",
	"datepublished", "pubdate", "publishdate", "publish_date", "publish-date", "date",
	"dc.date.issued", "dc.date", "dcterms.issued", "dcterms.date", "sailthru.date",
	"parsely-pub-date", "cxenseparse:recs:publishtime", "article_date_original",
	"originalpublicationdate", "citation_publication_date", "build_date",
}

var (
	reDateClass = regexp.MustCompile(`(?i)date|time|day|publish|posted|entry-?meta|byline|update|kousin|hiduke`)
	reJaDate    = regexp.MustCompile(`((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:[^0-9]{0,6}?(\d{1,2})\s*[時:]\s*(\d{1,2}))?`)
	reEraDate   = regexp.MustCompile(`(令和|平成|昭和)\s*(\d{1,2}|元)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	reNumDate   = regexp.MustCompile(`\b((?:19|20)\d\d)[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2}))?`)
	reURLDate   = regexp.MustCompile(`/((?:19|20)\d\d)[/\-_]?(0[1-9]|1[0-2])[/\-_]?(0[1-9]|[12]\d|3[01])(?:[/\-_.]|\d|$)`)
)

func pickDate(doc *goquery.Document, meta map[string]string, ld ldInfo, pageURL string) time.Time {
	if t, ok := parseDate(ld.DatePublished); ok {
		return t
	}
	for _, k := range dateMetaKeys {
		if t, ok := parseDate(meta[k]); ok {
			return t
		}
	}
	// <time> elements: the one marked as the publication date first.
	for _, sel := range []string{`time[itemprop="datePublished"]`, `[itemprop="datePublished"]`, `time[pubdate]`, `time[datetime]`} {
		var found time.Time
		doc.Find(sel).EachWithBreak(func(_ int, s *goquery.Selection) bool {
			v, _ := s.Attr("datetime")
			if v == "" {
				v, _ = s.Attr("content")
			}
			if t, ok := parseDate(v); ok {
				found = t
				return false
			}
			if t, ok := dateInText(s.Text()); ok {
				found = t
				return false
			}
			return true
		})
		if !found.IsZero() {
			return found
		}
	}
	// Bylines and date lines, by class or id.
	var found time.Time
	doc.Find("body *").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		cls, _ := s.Attr("class")
		id, _ := s.Attr("id")
		if cls == "" && id == "" || !reDateClass.MatchString(cls+" "+id) {
			return true
		}
		if txt := s.Text(); len(txt) < 400 {
			if t, ok := dateInText(txt); ok {
				found = t
				return false
			}
		}
		return true
	})
	if !found.IsZero() {
		return found
	}
	// A date in the URL (/2017/03/09/), common on news sites and blogs.
	if m := reURLDate.FindStringSubmatch(pageURL); m != nil {
		if t, ok := ymd(m[1], m[2], m[3], "", ""); ok {
			return t
		}
	}
	// A date written in the text, e.g. a credit line "（2011年4月10日 読売新聞）".
	body := doc.Find("body").Clone()
	body.Find("script, style, noscript").Remove()
	if t, ok := dateInText(body.Text()); ok {
		return t
	}
	return time.Time{}
}

var dateLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05",
	"2006-01-02T15:04", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05",
	"2006-01-02 15:04", "2006-01-02", "2006/01/02 15:04:05", "2006/01/02 15:04", "2006/01/02", "2006.01.02",
	time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822, "Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST", "20060102", "20060102150405",
}

// parseDate reads a machine-readable date; times without a zone are Japan time.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(width.Fold.String(s))
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l, s, leakwatch.JST); err == nil {
			if t.Year() < 1990 || t.Year() > 2100 {
				return time.Time{}, false
			}
			return t.In(leakwatch.JST), true
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 631152000 && n < 4102444800 {
		return time.Unix(n, 0).In(leakwatch.JST), true
	}
	return dateInText(s)
}

// dateInText finds the first calendar date written in running text:
// 2024年3月9日, 令和6年3月9日, 2024/03/09, 2024-03-09.
func dateInText(s string) (time.Time, bool) {
	s = width.Fold.String(s)
	type hit struct {
		at int
		t  time.Time
	}
	var best *hit
	try := func(at int, t time.Time, ok bool) {
		if ok && (best == nil || at < best.at) {
			best = &hit{at, t}
		}
	}
	if m := reJaDate.FindStringSubmatchIndex(s); m != nil {
		t, ok := ymd(sub(s, m, 1), sub(s, m, 2), sub(s, m, 3), sub(s, m, 4), sub(s, m, 5))
		try(m[0], t, ok)
	}
	if m := reEraDate.FindStringSubmatchIndex(s); m != nil {
		n := 1
		if y := sub(s, m, 2); y != "元" {
			n, _ = strconv.Atoi(y)
		}
		base := map[string]int{"令和": 2018, "平成": 1988, "昭和": 1925}[sub(s, m, 1)]
		t, ok := ymd(strconv.Itoa(base+n), sub(s, m, 3), sub(s, m, 4), "", "")
		try(m[0], t, ok)
	}
	if m := reNumDate.FindStringSubmatchIndex(s); m != nil {
		t, ok := ymd(sub(s, m, 1), sub(s, m, 2), sub(s, m, 3), sub(s, m, 4), sub(s, m, 5))
		try(m[0], t, ok)
	}
	if best == nil {
		return time.Time{}, false
	}
	return best.t, true
}

func sub(s string, m []int, i int) string {
	if 2*i+1 >= len(m) || m[2*i] < 0 {
		return ""
	}
	return s[m[2*i]:m[2*i+1]]
}

func ymd(y, mo, d, h, mi string) (time.Time, bool) {
	yy, _ := strconv.Atoi(y)
	mm, _ := strconv.Atoi(mo)
	dd, _ := strconv.Atoi(d)
	hh, _ := strconv.Atoi(h)
	mn, _ := strconv.Atoi(mi)
	if yy < 1990 || yy > 2100 || mm < 1 || mm > 12 || dd < 1 || dd > 31 || hh > 23 || mn > 59 {
		return time.Time{}, false
	}
	t := time.Date(yy, time.Month(mm), dd, hh, mn, 0, 0, leakwatch.JST)
	if t.Day() != dd {
		return time.Time{}, false
	}
	return t, true
}
