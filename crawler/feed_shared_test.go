package crawler

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

const sharedFeeds = "../../shared/feeds"

// TestParseSharedFeeds parses the real Japanese feeds of ../shared/feeds
// (RSS 0.91/1.0/2.0, Atom 0.3/1.0; UTF-8, EUC-JP, Shift_JIS, CP932) and checks
// item counts and that titles come out as Japanese, not mojibake.
func TestParseSharedFeeds(t *testing.T) {
	f, err := os.Open(filepath.Join(sharedFeeds, "feeds.jsonl"))
	if err != nil {
		t.Skipf("shared feeds absent: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var rec struct {
			ID          string  `json:"id"`
			File        string  `json:"file"`
			OriginalURL *string `json:"original_url"`
			Format      string  `json:"format"`
			Encoding    string  `json:"encoding"`
			WellFormed  bool    `json:"well_formed"`
			Items       int     `json:"items"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		t.Run(rec.ID, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(sharedFeeds, rec.File))
			if err != nil {
				t.Fatal(err)
			}
			feedURL := "https://feeds.example.jp/feed.xml"
			if rec.OriginalURL != nil {
				feedURL = *rec.OriginalURL
			}
			feed, err := ParseFeed(body, "application/xml", feedURL, "")
			if err != nil {
				t.Fatalf("%s (%s, %s): %v", rec.ID, rec.Format, rec.Encoding, err)
			}
			// Entries without any link (one in 03) are skipped.
			if len(feed.Items) < rec.Items-1 || len(feed.Items) > rec.Items {
				t.Errorf("items = %d, want %d", len(feed.Items), rec.Items)
			}
			japanese := 0
			for _, it := range feed.Items {
				if !strings.HasPrefix(it.URL, "http") {
					t.Errorf("item URL %q", it.URL)
				}
				if strings.ContainsRune(it.Title+it.Summary, utf8.RuneError) {
					t.Errorf("replacement character in %q", it.Title)
				}
				if hasKana(it.Title + it.Summary) {
					japanese++
				}
			}
			if japanese == 0 {
				t.Errorf("no item reads as Japanese; first title %q", feed.Items[0].Title)
			}
		})
	}
}

func hasKana(s string) bool {
	for _, r := range s {
		if r >= 0x3041 && r <= 0x30ff || r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}
