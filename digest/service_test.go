package digest

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"testing"

	"github.com/leakwatch/leakwatch"
)

func TestServiceErrors(t *testing.T) {
	f := loadFixture(t)
	s := New(f, WithClock(clockAt("2026-11-24 10:00")))
	var buf bytes.Buffer
	for _, tc := range []struct{ week, format string }{
		{"2026-W47", "pdf"}, {"2025-W53", "md"}, {"next week", "html"},
	} {
		err := s.WriteDigest(context.Background(), &buf, tc.week, tc.format)
		if !errors.Is(err, leakwatch.ErrInvalid) {
			t.Errorf("WriteDigest(%q, %q) = %v, want ErrInvalid", tc.week, tc.format, err)
		}
	}
	if buf.Len() != 0 {
		t.Errorf("failed calls wrote %d bytes", buf.Len())
	}

	boom := errors.New("database is locked")
	f.err = boom
	err := s.WriteDigest(context.Background(), &buf, "latest", "md")
	if !errors.Is(err, boom) {
		t.Errorf("store error = %v, want it wrapped", err)
	}
	f.err = nil
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.WriteDigest(ctx, &buf, "latest", "html"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestServiceQueriesLookBack(t *testing.T) {
	f := loadFixture(t)
	s := New(f, WithClock(clockAt("2026-11-24 10:00")))
	var buf bytes.Buffer
	if err := s.WriteDigest(context.Background(), &buf, "latest", "json"); err != nil {
		t.Fatal(err)
	}
	q := f.queries[len(f.queries)-1]
	// Four weeks for the comparison and half a year for follow-ups.
	if day(q.To) != "2026-11-22" || day(q.From) != "2026-04-22" || q.Size != 0 {
		t.Errorf("query from %s to %s size %d", day(q.From), day(q.To), q.Size)
	}
}

func TestAtomForAWeek(t *testing.T) {
	s := New(loadFixture(t), WithClock(clockAt("2027-01-12 10:00")), WithBaseURL("https://leakwatch.example.jp/"))
	var buf bytes.Buffer
	if err := s.WriteDigest(context.Background(), &buf, "2027-W01", "atom"); err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Links []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Links) != 1 || feed.Links[0].Href != "https://leakwatch.example.jp/digest/2027-W01.atom" {
		t.Errorf("self link = %+v", feed.Links)
	}
	want := []string{"2027-W01", "2026-W53", "2026-W52", "2026-W51", "2026-W50", "2026-W49", "2026-W48", "2026-W47"}
	if len(feed.Entries) != len(want) {
		t.Fatalf("%d entries, want %d", len(feed.Entries), len(want))
	}
	for i, w := range want {
		if feed.Entries[i].ID != entryPrefix+w {
			t.Errorf("entry %d = %s, want %s", i, feed.Entries[i].ID, w)
		}
	}
	// A finished week is stamped with its end, Monday 00:00 in Japan.
	if feed.Entries[1].Updated != "2027-01-03T15:00:00Z" {
		t.Errorf("2026-W53 updated %s", feed.Entries[1].Updated)
	}
	if !bytes.Contains([]byte(feed.Entries[5].Content), []byte(EmptyText)) {
		t.Error("the empty week's entry does not say it was empty")
	}
}
