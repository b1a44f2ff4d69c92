package crawler

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/leakwatch/leakwatch"
	"github.com/mmcdole/gofeed"
)

// Feed is a parsed feed: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0 or JSON Feed.
type Feed struct {
	Title string
	Type  string // rss, atom, json
	Items []Item
}

// Item is one feed entry.
type Item struct {
	URL       string // absolute link to the article page, fragment removed
	GUID      string
	Title     string
	Summary   string // plain text of the description/content
	HTML      string // the description/content as given, for the raw archive
	Published time.Time
}

// ErrNotFeed reports a body that is not a feed of any known format.
var ErrNotFeed = errors.New("not a feed")

var reXMLDeclEncoding = regexp.MustCompile(`(?i)^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([^"']*)(["'])`)

// ParseFeed parses a feed body. contentType and charsetOverride guide the
// charset; feedURL resolves relative item links. Items without a usable
// link are skipped. A feed whose XML breaks off still yields the items
// before the break when gofeed can read them.
func ParseFeed(body []byte, contentType, feedURL, charsetOverride string) (*Feed, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, fmt.Errorf("crawler: parse feed %s: empty body: %w", feedURL, ErrNotFeed)
	}
	dec := DecodeToUTF8(body, contentType, charsetOverride)
	text := dec.Text
	// gofeed would decode again by the declared encoding: say UTF-8 now.
	if loc := reXMLDeclEncoding.FindSubmatchIndex(text); loc != nil {
		text = append(append(append([]byte{}, text[:loc[4]]...), "UTF-8"...), text[loc[5]:]...)
	}
	p := gofeed.NewParser()
	f, err := p.Parse(bytes.NewReader(text))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, fmt.Errorf("crawler: parse feed %s: %w", feedURL, ErrNotFeed)
		}
		return nil, fmt.Errorf("crawler: parse feed %s: %w", feedURL, err)
	}
	base, _ := url.Parse(feedURL)
	if f.Link != "" && base != nil {
		// Relative item links resolve against the feed's own site link when given.
		if l, err := base.Parse(strings.TrimSpace(f.Link)); err == nil && l.IsAbs() {
			base = l
		}
	}
	out := &Feed{Title: strings.TrimSpace(f.Title), Type: f.FeedType}
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		link := strings.TrimSpace(it.Link)
		if link == "" {
			for _, l := range it.Links {
				if l = strings.TrimSpace(l); l != "" {
					link = l
					break
				}
			}
		}
		if link == "" && (strings.HasPrefix(it.GUID, "http://") || strings.HasPrefix(it.GUID, "https://")) {
			link = it.GUID
		}
		u := resolveLink(base, link)
		if u == "" {
			continue
		}
		html := it.Content
		if strings.TrimSpace(html) == "" {
			html = it.Description
		}
		item := Item{URL: u, GUID: it.GUID, Title: htmlToText(it.Title), HTML: html, Summary: htmlToText(html)}
		switch {
		case it.PublishedParsed != nil:
			item.Published = it.PublishedParsed.In(leakwatch.JST)
		case it.UpdatedParsed != nil:
			item.Published = it.UpdatedParsed.In(leakwatch.JST)
		default:
			if t, ok := parseDate(it.Published); ok {
				item.Published = t
			}
		}
		out.Items = append(out.Items, item)
	}
	return out, nil
}

func resolveLink(base *url.URL, link string) string {
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	return NormalizeURL(u.String())
}

// trackingParams are query parameters that name where a click came from,
// not what the page is; dropping them keeps one URL per article.
var trackingParams = []string{"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "fbclid", "gclid", "ref", "from", "cx_from"}

// NormalizeURL drops the fragment and tracking parameters and lower-cases
// the scheme and host, so one article has one URL.
func NormalizeURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return s
	}
	u.Fragment, u.RawFragment = "", ""
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if u.RawQuery != "" {
		q := u.Query()
		changed := false
		for _, p := range trackingParams {
			if q.Has(p) {
				q.Del(p)
				changed = true
			}
		}
		if changed {
			u.RawQuery = q.Encode()
		}
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}

// htmlToText renders an HTML fragment (feed titles and summaries often
// carry markup or entities) to plain text.
func htmlToText(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if !strings.ContainsAny(s, "<&") {
		return cleanSpace(s)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader("<body>" + s + "</body>"))
	if err != nil {
		return cleanSpace(s)
	}
	return strings.TrimSpace(renderText(doc.Find("body").Nodes...))
}
