package crawler

import (
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch"
	"golang.org/x/text/encoding/japanese"
)

func TestExtractPage(t *testing.T) {
	base := "https://news.example.jp"
	tests := []struct {
		name, file, charset, selector, contentType string
		encode                                     func(*testing.T, string) []byte
		wantTitle                                  string
		wantDate                                   time.Time
		wantCanonical                              string
		wantIn, wantOut                            []string
		wantMethod                                 string
	}{
		{
			name: "utf-8 article with meta and sidebar", file: "page_article.html", charset: "utf-8",
			wantTitle: "通販サイトに不正アクセス、顧客情報約1万2000件が流出のおそれ",
			wantDate:  time.Date(2025, 3, 1, 10, 30, 0, 0, leakwatch.JST), wantCanonical: base + "/news/2025/0301.html",
			wantIn:     []string{"みなと商会は", "個人情報保護委員会へ報告した。", "カード決済を停止している。"},
			wantOut:    []string{"アクセスランキング", "Copyright", "ポスト", "コラム"},
			wantMethod: "heuristic",
		},
		{
			name: "shift_jis table layout, date in text", file: "page_hospital.html", charset: "Shift_JIS",
			encode:    func(t *testing.T, s string) []byte { return encodeTo(t, s, japanese.ShiftJIS) },
			wantTitle: "市立病院でランサムウェア被害、電子カルテが一時停止",
			wantDate:  time.Date(2025, 3, 2, 0, 0, 0, 0, leakwatch.JST),
			wantIn:    []string{"紙のカルテで診療を続けている。", "患者約8万人分"},
			wantOut:   []string{"ニュース一覧", "このサイトについて"}, wantMethod: "heuristic",
		},
		{
			name: "euc-jp with selector", file: "page_hospital.html", charset: "EUC-JP", selector: "td.honbun p",
			encode:    func(t *testing.T, s string) []byte { return encodeTo(t, s, japanese.EUCJP) },
			wantTitle: "市立病院でランサムウェア被害、電子カルテが一時停止",
			wantIn:    []string{"市は要求に応じない方針。"}, wantOut: []string{"トップ", "2025年3月2日"}, wantMethod: "selector",
		},
		{
			name: "selector matching nothing falls back", file: "page_article.html", charset: "utf-8", selector: "div.no-such-thing",
			wantTitle: "通販サイトに不正アクセス、顧客情報約1万2000件が流出のおそれ",
			wantIn:    []string{"みなと商会は"}, wantMethod: "heuristic",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := fixture(t, tt.file, base, tt.charset)
			body := []byte(src)
			if tt.encode != nil {
				body = tt.encode(t, src)
			}
			p, err := ExtractPage(body, tt.contentType, base+"/news/2025/0301.html", tt.selector)
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != tt.wantTitle {
				t.Errorf("title %q, want %q", p.Title, tt.wantTitle)
			}
			if !tt.wantDate.IsZero() && !p.Published.Equal(tt.wantDate) {
				t.Errorf("published %v, want %v", p.Published, tt.wantDate)
			}
			if tt.wantCanonical != "" && p.Canonical != tt.wantCanonical {
				t.Errorf("canonical %q, want %q", p.Canonical, tt.wantCanonical)
			}
			if p.Method != tt.wantMethod {
				t.Errorf("method %q, want %q", p.Method, tt.wantMethod)
			}
			for _, w := range tt.wantIn {
				if !strings.Contains(p.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, p.Text)
				}
			}
			for _, w := range tt.wantOut {
				if strings.Contains(p.Text, w) {
					t.Errorf("text has boilerplate %q:\n%s", w, p.Text)
				}
			}
		})
	}
}

func TestExtractBadInput(t *testing.T) {
	if _, err := ExtractPage([]byte(""), "", "", ""); err == nil {
		t.Error("empty page: no error")
	}
	if _, err := ExtractPage([]byte("<p>本文です。</p>"), "", "", "div[[["); err == nil {
		t.Error("bad selector: no error")
	}
}

func TestDateInText(t *testing.T) {
	for in, want := range map[string]string{
		"（2011年4月10日 読売新聞）":   "2011-04-10",
		"平成２２年７月２６日":          "2010-07-26",
		"令和元年5月1日に施行":         "2019-05-01",
		"更新：2024/12/03 10:15": "2024-12-03",
		"2023.1.9":            "2023-01-09",
		"2月30日":               "",
		"2024年13月1日":          "",
	} {
		got, ok := dateInText(in)
		s := ""
		if ok {
			s = got.Format("2006-01-02")
		}
		if s != want {
			t.Errorf("%q: %q, want %q", in, s, want)
		}
	}
}
