package nlp

import (
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{"約12万件", "29万6000人分", "120,982件(うちカード情報112,132件)", "1億2千万", "3〜4万人",
	"数千人", "十数件", "2,094千米ドル", "令和5年3月30日", "0120-123-456", "1.2万", "三千二百名", "最大で約4万アカウント以上",
	"〜〜", "万億兆", "9999999999999999999万", "1.", ",123", "数", "〇〇〇", "1万2千5百", "から", "12から"}

func FuzzScanNumber(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tx := Normalize(s)
		for _, n := range FindNumbers(tx.Norm) {
			if n.Start < 0 || n.End > len(tx.Norm) || n.Start >= n.End {
				t.Fatalf("number span [%d,%d) out of range %d in %q", n.Start, n.End, len(tx.Norm), tx.Norm)
			}
			if !utf8.ValidString(tx.Norm[n.Start:n.End]) {
				t.Fatalf("number span cuts a character: %q", tx.Norm[n.Start:n.End])
			}
			if n.Value < 0 || n.Low > n.Value {
				t.Fatalf("bad value %+v for %q", n, tx.Norm[n.Start:n.End])
			}
		}
		ParseNumber(s)
	})
}

func FuzzFindCounts(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tx := Normalize(s)
		for _, c := range FindCounts(tx.Norm) {
			if c.Start < 0 || c.End > len(tx.Norm) || c.Start >= c.End {
				t.Fatalf("count span [%d,%d) out of range %d in %q", c.Start, c.End, len(tx.Norm), tx.Norm)
			}
			if c.Value < 0 {
				t.Fatalf("negative count %+v", c)
			}
			a, b := tx.Span(c.Start, c.End)
			if a < 0 || b > utf8.RuneCountInString(s) || a > b {
				t.Fatalf("original span [%d,%d) out of range for %q", a, b, s)
			}
		}
	})
}

func FuzzAnalyze(f *testing.F) {
	f.Add("お知らせ", "株式会社テスト\n当社サーバーが不正アクセスを受け、約1万件が流出しました。")
	f.Add("・", "・\n■\n1. \n(1)")
	f.Add("", "\xff\xfe")
	an := testAnalyzer(f)
	f.Fuzz(func(t *testing.T, title, text string) {
		res := an.Analyze(title, text)
		n := utf8.RuneCountInString(text)
		for _, inc := range res.Incidents {
			for _, ev := range inc.Evidence {
				if ev.Span.Start < 0 || ev.Span.End > n || ev.Span.Start > ev.Span.End {
					t.Fatalf("evidence span %v out of range %d", ev.Span, n)
				}
			}
		}
	})
}
