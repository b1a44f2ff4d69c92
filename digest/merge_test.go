package digest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch"
)

func TestOrgKey(t *testing.T) {
	same := [][]string{
		{"株式会社みなと銀河物流", "みなと銀河物流株式会社", "（株）みなと銀河物流", "㈱みなと銀河物流", "(株) みなと銀河物流", "みなと銀河物流"},
		{"ＡＢＣ　Ｃｏ．，Ｌｔｄ．", "ABC Co., Ltd.", "abc", "ABC Inc."},
		{"ﾐﾄﾞﾘ電機", "ミドリ電機株式会社"},
		{"学校法人あおば学園", "あおば学園"},
		{"さくらホールディングス", "さくらHD", "株式会社さくらＨＤ"},
	}
	for _, group := range same {
		want := orgKey(group[0])
		if want == "" {
			t.Fatalf("orgKey(%q) is empty", group[0])
		}
		for _, n := range group[1:] {
			if got := orgKey(n); got != want {
				t.Errorf("orgKey(%q) = %q, want %q as for %q", n, got, want, group[0])
			}
		}
	}
	if orgKey("みなと銀河物流") == orgKey("みなと銀河運輸") {
		t.Error("different organisations share a key")
	}
	if got := tails("みらい薬局hd"); !slices.Equal(got, []string{"らい薬局hd", "い薬局hd", "薬局hd"}) {
		t.Errorf("tails = %q", got)
	}
	if orgKey("株式会社") != "" || orgKey("（株）") != "" {
		t.Error("a bare corporate form should leave no key")
	}
}

func TestIsFollowUp(t *testing.T) {
	tests := []struct {
		title string
		want  bool
	}{
		{"不正アクセスによる個人情報漏えいに関するお知らせ（第２報）", true},
		{"不正アクセスに関するお知らせ（第2報）", true},
		{"ランサムウェア被害について（第十報）", true},
		{"ランサムウェア被害について（第三報）", true},
		{"ランサムウェア被害について（第1報）", false},
		{"みなと銀河物流、ランサム被害の調査結果を公表", true},
		{"不正アクセス事案の最終報", true},
		{"【続報】ひまわり通販の流出件数", true},
		{"ひまわり通販に不正アクセス", false},
		{"調査の結果、不正アクセスが判明", false},
	}
	for _, tt := range tests {
		if got := isFollowUp(leakwatch.Report{Title: tt.title}); got != tt.want {
			t.Errorf("isFollowUp(%q) = %v, want %v", tt.title, got, tt.want)
		}
	}
	r := leakwatch.Report{Title: "お知らせ", Incident: leakwatch.Incident{Evidence: []leakwatch.Evidence{{Text: "本件の続報として、件数を訂正いたします。"}}}}
	if !isFollowUp(r) {
		t.Error("a follow-up named only in the evidence was missed")
	}
}

func TestJaNumberAndCounts(t *testing.T) {
	nums := map[int64]string{0: "0", 15: "15", 2400: "2,400", 10000: "1万", 120000: "12万", 120382: "12万382",
		35000: "3万5000", 100000000: "1億", 123456789: "1億2345万6789", 5960000: "596万"}
	for n, want := range nums {
		if got := jaNumber(n); got != want {
			t.Errorf("jaNumber(%d) = %q, want %q", n, got, want)
		}
	}
	counters := map[string]string{"約12万人分": "人分", "12万382件": "件", "最大5万人": "人", "320名": "名",
		"2万件以上": "件", "1万2000人": "人", "３０００件": "件", "": "件", "約1,500アカウント": "アカウント", "5000人超": "人"}
	for text, want := range counters {
		if got := counterOf(text); got != want {
			t.Errorf("counterOf(%q) = %q, want %q", text, got, want)
		}
	}
	v := int64(20000)
	if got := countText(&v, leakwatch.QualLowerBound, "件"); got != "2万件以上" {
		t.Errorf("countText = %q", got)
	}
	if got := countText(nil, "", ""); got != "人数非公表/不明" {
		t.Errorf("countText(nil) = %q", got)
	}
}

// rep builds a report for the merging tests.
func rep(id int64, day, org string, records int64, qual leakwatch.Qualifier, text string, causes ...leakwatch.Cause) leakwatch.Report {
	t, err := time.ParseInLocation("2006-01-02", day, leakwatch.JST)
	if err != nil {
		panic(err)
	}
	in := leakwatch.Incident{Org: org, Causes: causes, Actor: leakwatch.ActorExternal, RecordsQualifier: qual, RecordsText: text,
		Summary: org + "で情報漏えいが判明した。"}
	if records >= 0 {
		in.Records = &records
	}
	return leakwatch.Report{Incident: in, ArticleID: id, URL: "https://news.example.jp/" + day + "/" + string(rune('a'+id%26)), SourceID: "s", Title: org + "の件", Published: t.Add(10 * time.Hour)}
}

func TestMergeReports(t *testing.T) {
	ua, rw, mo := leakwatch.CauseUnauthorizedAccess, leakwatch.CauseRansomware, leakwatch.CauseMisoperation
	tests := []struct {
		name    string
		reports []leakwatch.Report
		cases   int
		count   string   // the first case's count
		notes   []string // the first case's notes
	}{
		{"three sites, one case", []leakwatch.Report{
			rep(1, "2026-11-17", "みなと銀河物流株式会社", 120000, leakwatch.QualApprox, "約12万件", rw),
			rep(2, "2026-11-17", "株式会社みなと銀河物流", 120382, leakwatch.QualExact, "12万382件", rw),
			rep(3, "2026-11-18", "（株）みなと銀河物流", 120382, leakwatch.QualExact, "120,382件", rw),
		}, 1, "12万382件", nil},
		{"the precise count wins whichever comes first", []leakwatch.Report{
			rep(1, "2026-11-17", "みなと銀河物流", 120382, leakwatch.QualExact, "12万382件", rw),
			rep(2, "2026-11-18", "みなと銀河物流", 120000, leakwatch.QualApprox, "約12万件", rw),
		}, 1, "12万382件", nil},
		{"incompatible counts are two cases", []leakwatch.Report{
			rep(1, "2026-11-16", "東都設計事務所", 2400, leakwatch.QualExact, "2400件", mo),
			rep(2, "2026-11-21", "東都設計事務所", 15, leakwatch.QualExact, "15件", mo),
		}, 2, "2,400件", nil},
		{"different causes with no counts are two cases", []leakwatch.Report{
			rep(1, "2026-11-16", "北浜市", -1, "", "", leakwatch.CauseLossTheft),
			rep(2, "2026-11-18", "北浜市", -1, "", "", rw),
		}, 2, "人数非公表/不明", nil},
		{"an unknown cause joins a known one", []leakwatch.Report{
			rep(1, "2026-11-16", "北浜市", -1, "", "", leakwatch.CauseOther),
			rep(2, "2026-11-18", "北浜市", 300, leakwatch.QualExact, "300人", ua),
		}, 1, "300人", nil},
		{"a follow-up weeks later corrects the count", []leakwatch.Report{
			rep(1, "2026-11-04", "ひまわり通販株式会社", 120000, leakwatch.QualExact, "12万件", ua),
			withTitle(rep(2, "2026-11-19", "ひまわり通販", 150000, leakwatch.QualExact, "15万件", ua), "不正アクセスに関するお知らせ（第2報）"),
		}, 1, "15万件", []string{"件数を12万件から15万件に訂正"}},
		{"a follow-up gives the first count", []leakwatch.Report{
			rep(1, "2026-11-04", "ひまわり通販", -1, "", "", ua),
			withTitle(rep(2, "2026-12-01", "ひまわり通販", 800, leakwatch.QualUpperBound, "最大800人", ua), "調査結果のお知らせ"),
		}, 1, "最大800人", []string{"続報で件数を最大800人と公表"}},
		{"a later report that is not a follow-up is a new case", []leakwatch.Report{
			rep(1, "2026-11-04", "ひまわり通販", 120000, leakwatch.QualExact, "12万件", ua),
			rep(2, "2026-12-20", "ひまわり通販", 120000, leakwatch.QualExact, "12万件", ua),
		}, 2, "12万件", nil},
		{"a follow-up after half a year starts a new case", []leakwatch.Report{
			rep(1, "2026-01-10", "ひまわり通販", 120000, leakwatch.QualExact, "12万件", ua),
			withTitle(rep(2, "2026-11-19", "ひまわり通販", 150000, leakwatch.QualExact, "15万件", ua), "お知らせ（第2報）"),
		}, 2, "12万件", nil},
		{"a lower bound holds a larger count", []leakwatch.Report{
			rep(1, "2026-11-10", "ユメカ", 20000, leakwatch.QualLowerBound, "2万件以上", ua),
			rep(2, "2026-11-11", "ユメカ", 31000, leakwatch.QualExact, "3万1000件", ua),
		}, 1, "3万1000件", nil},
		{"a name with a description in front is the same organisation", []leakwatch.Report{
			rep(1, "2026-11-16", "国内航空会社のソラノ航空", 20000, leakwatch.QualApprox, "約2万件", ua),
			rep(2, "2026-11-16", "ソラノ航空株式会社", 19876, leakwatch.QualExact, "1万9876件", ua),
			rep(3, "2026-11-17", "ソラノ航空", 19876, leakwatch.QualExact, "19,876件", ua),
		}, 1, "1万9876件", nil},
		{"a short common tail does not join names", []leakwatch.Report{
			rep(1, "2026-11-16", "東京都", 500, leakwatch.QualExact, "500人", mo),
			rep(2, "2026-11-17", "京都", 500, leakwatch.QualExact, "500人", mo),
		}, 2, "500人", nil},
		{"a distinctive count joins two names for one case", []leakwatch.Report{
			rep(1, "2026-11-17", "スタッフリンク", 1450, leakwatch.QualExact, "1,450人", mo),
			rep(2, "2026-11-20", "県立北高校", 1450, leakwatch.QualExact, "1,450人", mo),
		}, 1, "1,450人", nil},
		{"a round count does not", []leakwatch.Report{
			rep(1, "2026-11-17", "スタッフリンク", 1000, leakwatch.QualExact, "1,000人", mo),
			rep(2, "2026-11-20", "県立北高校", 1000, leakwatch.QualExact, "1,000人", mo),
		}, 2, "1,000人", nil},
		{"two names for one case in one article", []leakwatch.Report{
			rep(1, "2026-11-18", "県教育委員会", 312, leakwatch.QualExact, "312人分", leakwatch.CauseLossTheft),
			withURL(rep(2, "2026-11-18", "県立北高校", 312, leakwatch.QualExact, "312人分", leakwatch.CauseLossTheft), 1),
		}, 1, "312人分", nil},
		{"two cases in one round-up stay two", []leakwatch.Report{
			rep(1, "2026-11-20", "県教育委員会", 312, leakwatch.QualExact, "312人分", leakwatch.CauseLossTheft),
			withURL(rep(2, "2026-11-20", "東央大学病院", 600, leakwatch.QualApprox, "約600人分", leakwatch.CausePhishingFraud), 1),
		}, 2, "約600人分", nil}, // same time and article: ordered by name, so 東央 first
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := mergeReports(tt.reports)
			if len(cs) != tt.cases {
				t.Fatalf("%d cases, want %d", len(cs), tt.cases)
			}
			c := cs[0]
			if got := countText(c.records, c.qual, c.counter); got != tt.count {
				t.Errorf("count = %s, want %s", got, tt.count)
			}
			if !slices.Equal(c.notes, tt.notes) {
				t.Errorf("notes = %q, want %q", c.notes, tt.notes)
			}
		})
	}
}

// withURL gives r the URL of the report with article id.
func withURL(r leakwatch.Report, id int64) leakwatch.Report {
	r.URL = rep(id, r.Published.In(leakwatch.JST).Format("2006-01-02"), "", 0, "", "").URL
	r.ArticleID = id
	return r
}

func withTitle(r leakwatch.Report, title string) leakwatch.Report {
	r.Title = title
	return r
}

func TestCompileWeek47(t *testing.T) {
	f := loadFixture(t)
	p, _ := ParseWeek("2026-W47")
	d := Compile(f.reports, p, clockAt("2026-11-24 10:00")())

	var orgs []string
	for _, c := range d.Cases {
		orgs = append(orgs, c.Org)
	}
	want := []string{"ひまわり通販株式会社", "みなと銀河物流株式会社", "東海メディカル電子株式会社",
		"株式会社さくらトラベル", // 2,400 with passports before 2,400 e-mail addresses
		"株式会社東都設計事務所", "北浜市立病院", "東都設計事務所",
		"学校法人あおば学園", // no count, but health data
		"コトブキ精工株式会社"}
	if !slices.Equal(orgs, want) {
		t.Fatalf("ranking:\n got %q\nwant %q", orgs, want)
	}
	if d.Cases[0].New || !d.Cases[0].FollowUp || d.Cases[0].FirstReport != "2026-11-04" {
		t.Errorf("ひまわり通販 should be an earlier case with a follow-up: %+v", d.Cases[0])
	}
	if n := len(d.Cases[1].Sources); n != 3 {
		t.Errorf("みなと銀河物流 has %d sources, want 3", n)
	}
	s := d.Summary
	if s.Cases != 8 || s.Continuing != 1 || s.Uncounted != 2 {
		t.Errorf("summary: %d new, %d continuing, %d uncounted; want 8, 1, 2", s.Cases, s.Continuing, s.Uncounted)
	}
	// Unknown counts are never zero records: the sum is of the known counts of new cases.
	if want := int64(120382 + 50000 + 2400 + 2400 + 320 + 15); s.Records != want {
		t.Errorf("records = %d, want %d", s.Records, want)
	}
	var rising []leakwatch.Cause
	for _, r := range s.Rising {
		rising = append(rising, r.Cause)
	}
	if !slices.Equal(rising, []leakwatch.Cause{leakwatch.CauseRansomware, leakwatch.CauseMisoperation}) {
		t.Errorf("rising = %v", rising)
	}
	if s.Largest == nil || s.Largest.Org != "みなと銀河物流株式会社" {
		t.Errorf("largest = %+v, want the largest new case", s.Largest)
	}
	if len(s.Previous) != 4 || s.Previous[0].Period != "2026-W43" || s.Previous[3].Period != "2026-W46" || s.PrevCases != 9 {
		t.Errorf("previous weeks = %+v (total %d)", s.Previous, s.PrevCases)
	}
}

func TestCompileEmptyAndYearBoundary(t *testing.T) {
	f := loadFixture(t)
	now := clockAt("2027-01-12 10:00")()
	w49, _ := ParseWeek("2026-W49")
	d := Compile(f.reports, w49, now)
	if len(d.Cases) != 0 || d.Summary.Cases != 0 || d.Summary.PrevCases == 0 {
		t.Errorf("2026-W49 should be empty against busy weeks before: %d cases, %d before", len(d.Cases), d.Summary.PrevCases)
	}
	var md strings.Builder
	if err := WriteMarkdown(&md, d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), EmptyText) {
		t.Error("empty digest does not say so")
	}

	// 00:30 on 28 December in Japan is still the 27th in UTC: W53, not W52.
	w52, _ := ParseWeek("2026-W52")
	w53, _ := ParseWeek("2026-W53")
	if orgsOf(Compile(f.reports, w52, now)) != "株式会社ゆきぐに酒造" {
		t.Errorf("2026-W52 = %s", orgsOf(Compile(f.reports, w52, now)))
	}
	if got := orgsOf(Compile(f.reports, w53, now)); got != "株式会社しらかば観光,ハマナス製薬株式会社" {
		t.Errorf("2026-W53 = %s", got)
	}
	w01, _ := ParseWeek("2027-W01")
	d = Compile(f.reports, w01, now)
	if got := orgsOf(d); got != "株式会社ゆきぐに酒造,こはる電機株式会社" {
		t.Errorf("2027-W01 = %s", got)
	}
	if !slices.Equal(d.Cases[0].Notes, []string{"件数を約3万件から約3万5000件に訂正"}) {
		t.Errorf("follow-up across the year: notes %q", d.Cases[0].Notes)
	}
	if d.Summary.Previous[0].Period != "2026-W50" || d.Summary.Previous[3].Period != "2026-W53" {
		t.Errorf("previous weeks of 2027-W01: %+v", d.Summary.Previous)
	}
}

func orgsOf(d *Digest) string {
	var s []string
	for _, c := range d.Cases {
		s = append(s, c.Org)
	}
	return strings.Join(s, ",")
}
