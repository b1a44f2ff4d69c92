package digest

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"
)

// The feed's permanent identifiers do not depend on where it is served.
const (
	feedID      = "urn:leakwatch:digest"
	entryPrefix = "urn:leakwatch:digest:"
)

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"xml:lang,attr"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle"`
	Updated   string      `xml:"updated"`
	Author    atomAuthor  `xml:"author"`
	Generator string      `xml:"generator"`
	Links     []atomLink  `xml:"link"`
	Entries   []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Links   []atomLink `xml:"link"`
	Summary atomText   `xml:"summary"`
	Content atomText   `xml:"content"`
}

// WriteAtom writes an Atom feed with one entry per digest, newest first, so
// a feed reader or chat bot can subscribe to the weekly digest. baseURL is
// where the server is reached; without it links are relative to the feed at
// /digest/latest.atom.
func WriteAtom(w io.Writer, ds []*Digest, baseURL string, now time.Time) error {
	return writeAtom(w, ds, baseURL, "latest.atom", now)
}

// writeAtom writes the feed; self is its file name under /digest/.
func writeAtom(w io.Writer, ds []*Digest, baseURL, self string, now time.Time) error {
	prefix := "" // links relative to the feed, which is served from /digest/
	if baseURL != "" {
		prefix = baseURL + "/digest/"
		self = prefix + self
	}
	f := atomFeed{
		Lang:      "ja",
		ID:        feedID,
		Title:     "leakwatch 情報漏えい週報",
		Subtitle:  "国内で報じられた情報漏えい事案の週ごとのまとめ",
		Author:    atomAuthor{Name: "leakwatch"},
		Generator: "leakwatch",
		Links:     []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self}},
	}
	var newest time.Time
	for _, d := range ds {
		body, err := htmlFragment(d)
		if err != nil {
			return err
		}
		// A digest is final once its period is over; until then it changes as
		// reports arrive, so it is stamped with the clock.
		updated := d.period.End()
		if now.Before(updated) {
			updated = now
		}
		if updated.After(newest) {
			newest = updated
		}
		summary := fmt.Sprintf("新規の事案 %d件", d.Summary.Cases)
		if d.Summary.Largest != nil {
			summary += fmt.Sprintf("。最大は%s（%s）", d.Summary.Largest.Org, d.Summary.Largest.CountText)
		}
		if len(d.Cases) == 0 {
			summary = EmptyText
		}
		f.Entries = append(f.Entries, atomEntry{
			ID:      entryPrefix + d.Period,
			Title:   d.Title(),
			Updated: stamp(updated),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: prefix + d.Period + ".html"}},
			Summary: atomText{Type: "text", Body: summary},
			Content: atomText{Type: "html", Body: body},
		})
	}
	if newest.IsZero() {
		newest = now
	}
	f.Updated = stamp(newest)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("digest: write atom: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("digest: write atom: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("digest: write atom: %w", err)
	}
	return nil
}

func stamp(t time.Time) string { return t.In(time.UTC).Format(time.RFC3339) }
