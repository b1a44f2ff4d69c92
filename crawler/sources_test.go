package crawler

import (
	"errors"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch"
)

func TestDefaultSources(t *testing.T) {
	srcs, err := DefaultSources()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, s := range srcs {
		names[s.Name] = true
		if !s.Enabled || len(s.Feeds) == 0 || !strings.HasPrefix(s.Feeds[0], "https://") {
			t.Errorf("%s: %+v", s.ID, s)
		}
	}
	for _, want := range []string{"Security NEXT", "ScanNetSecurity", "piyolog", "ITmedia NEWS セキュリティ", "@IT", "JPCERT/CC", "IPA 重要なセキュリティ情報", "JVN", "INTERNET Watch", "ZDNET Japan", "Publickey"} {
		if !names[want] {
			t.Errorf("default sources lack %s", want)
		}
	}
}

func TestLoadSources(t *testing.T) {
	good := `
[[source]]
id = "a"
feeds = ["https://a.example.jp/feed"]
rate = 0.5
selector = "div.article-body"
charset = "Shift_JIS"

[[source]]
id = "b"
name = "B"
feeds = ["https://b.example.jp/rss"]
enabled = false
`
	srcs, err := LoadSources(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 2 || !srcs[0].Enabled || srcs[1].Enabled || srcs[0].Name != "a" || srcs[0].Rate != 0.5 {
		t.Errorf("%+v", srcs)
	}
	for name, bad := range map[string]string{
		"syntax":       `[[source]] id = `,
		"no id":        `[[source]]` + "\n" + `feeds = ["https://x.jp/"]`,
		"duplicate id": "[[source]]\nid = \"a\"\nfeeds = [\"https://x.jp/\"]\n[[source]]\nid = \"a\"\nfeeds = [\"https://y.jp/\"]",
		"no feeds":     "[[source]]\nid = \"a\"",
		"relative":     "[[source]]\nid = \"a\"\nfeeds = [\"/feed\"]",
		"ftp":          "[[source]]\nid = \"a\"\nfeeds = [\"ftp://x.jp/feed\"]",
		"bad selector": "[[source]]\nid = \"a\"\nfeeds = [\"https://x.jp/\"]\nselector = \"div[\"",
		"bad charset":  "[[source]]\nid = \"a\"\nfeeds = [\"https://x.jp/\"]\ncharset = \"klingon\"",
		"negative":     "[[source]]\nid = \"a\"\nfeeds = [\"https://x.jp/\"]\nrate = -1",
		"unknown key":  "[[source]]\nid = \"a\"\nfeeds = [\"https://x.jp/\"]\nselektor = \"p\"",
	} {
		if _, err := LoadSources(strings.NewReader(bad)); err == nil {
			t.Errorf("%s: no error", name)
		} else if name != "syntax" && !errors.Is(err, leakwatch.ErrInvalid) {
			t.Errorf("%s: %v is not ErrInvalid", name, err)
		}
	}
}
