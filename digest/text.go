package digest

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/leakwatch/leakwatch"
)

// Corporate forms that news sites write, drop or abbreviate at will; they are
// removed before organisation names are compared. Longer forms come first so
// 一般社団法人 goes before 社団法人.
var corporateForms = []string{
	"特定非営利活動法人", "地方独立行政法人", "独立行政法人", "国立研究開発法人", "国立大学法人",
	"公立大学法人", "一般社団法人", "公益社団法人", "一般財団法人", "公益財団法人", "社団法人",
	"財団法人", "社会福祉法人", "医療法人社団", "医療法人財団", "医療法人", "学校法人", "宗教法人",
	"npo法人", "株式会社", "有限会社", "合同会社", "合資会社", "合名会社",
	"(株)", "(有)", "(同)", "(一社)", "(公社)", "(一財)", "(公財)", "(独)", "(医)", "(学)", "(福)",
	"co.,ltd.", "co., ltd.", "co.ltd.", "inc.", "corporation", "corp.", "ltd.", "llc", "k.k.",
}

// orgKey reduces an organisation name to what identifies it across sites:
// width and case folded (NFKC), corporate forms and punctuation removed.
func orgKey(name string) string {
	s := strings.ToLower(norm.NFKC.String(name))
	// NFKC turns ㈱ into (株); full-width brackets into ASCII ones.
	for _, f := range corporateForms {
		s = strings.ReplaceAll(s, f, "")
	}
	s = strings.ReplaceAll(s, "ホールディングス", "hd")
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// followUpRE finds the words Japanese announcements use for a later report on
// a case already announced. 第1報 is the first report, so only 第2報 onwards.
var followUpRE = regexp.MustCompile(`第\s*(?:[2-9]|[1-9][0-9]+|[二三四五六七八九十]+)\s*報|続報|最終報|調査結果`)

// isFollowUp reports whether the report says it follows an earlier one, in its
// title or in the sentences read from the article.
func isFollowUp(r leakwatch.Report) bool {
	if saysFollowUp(r.Title) || saysFollowUp(r.Incident.Summary) {
		return true
	}
	for _, e := range r.Incident.Evidence {
		if saysFollowUp(e.Text) {
			return true
		}
	}
	return false
}

func saysFollowUp(s string) bool {
	// Every pattern has 報 or 調査結果, which NFKC leaves alone; most text has
	// neither, and is not worth normalising.
	if !strings.Contains(s, "報") && !strings.Contains(s, "調査結果") {
		return false
	}
	return followUpRE.MatchString(norm.NFKC.String(s))
}

// jaNumber writes n the way Japanese news does: 3,000 below ten thousand,
// then 万 and 億 (12万, 12万982, 1億2000万).
func jaNumber(n int64) string {
	if n < 0 {
		return "-" + jaNumber(-n)
	}
	if n < 10000 {
		return commas(n)
	}
	var b strings.Builder
	if oku := n / 100000000; oku > 0 {
		b.WriteString(jaNumber(oku))
		b.WriteString("億")
	}
	if man := n / 10000 % 10000; man > 0 {
		fmt.Fprintf(&b, "%d万", man)
	}
	if rest := n % 10000; rest > 0 {
		fmt.Fprintf(&b, "%d", rest)
	}
	return b.String()
}

func commas(n int64) string {
	s := fmt.Sprintf("%d", n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// trailingQualifiers are words after a number that belong to the qualifier,
// not the counter.
var trailingQualifiers = []string{"以上", "超え", "超", "余り", "あまり", "余", "強", "程度", "前後", "ほど", "分"}

// counterOf finds the counter (人, 件, 名, 人分, アカウント …) in a count as
// written, e.g. "約12万人分" → "人分"; "件" when none can be read.
func counterOf(text string) string {
	s := strings.TrimSpace(norm.NFKC.String(text))
	for _, q := range trailingQualifiers {
		if q == "分" {
			continue // 人分 is a counter of its own
		}
		s = strings.TrimSuffix(s, q)
	}
	i := strings.LastIndexFunc(s, func(r rune) bool {
		return unicode.IsDigit(r) || r == ',' || strings.ContainsRune("万億千百十一二三四五六七八九〇", r)
	})
	if i < 0 {
		return "件"
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	c := strings.TrimSpace(s[i+size:])
	if c == "" || utf8.RuneCountInString(c) > 6 {
		return "件"
	}
	return c
}

// countText writes a count with its qualifier and counter: 約12万人, 最大3,000件,
// 500件以上; "人数非公表/不明" when there is no count.
func countText(records *int64, q leakwatch.Qualifier, counter string) string {
	if records == nil {
		return unknownCount
	}
	if counter == "" {
		counter = "件"
	}
	return q.Prefix() + jaNumber(*records) + counter + q.Suffix()
}

// unknownCount is what a case without a published count shows.
const unknownCount = "人数非公表/不明"

// oneLine keeps the first sentence of s on one line, for the summary of an entry.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, "。"); i >= 0 && i+len("。") < len(s) {
		s = s[:i+len("。")]
	}
	const max = 140
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max-1]) + "…"
	}
	return s
}
