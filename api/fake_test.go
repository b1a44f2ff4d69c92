package api

import (
	"context"
	"fmt"
	"html"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/leakwatch/leakwatch"
)

// The fakes below stand in for the index and the store: they hold a few
// hand-written Japanese articles and answer queries by plain filtering, so
// the handlers and the page run through their real paths without bleve or
// SQLite. They also record the last query, so tests can check how parameters
// were read.

func i64(n int64) *int64 { return &n }

func jst(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, leakwatch.JST) }

// spanOf finds sentence in text and returns its rune offsets.
func spanOf(text, sentence string) leakwatch.Span {
	i := strings.Index(text, sentence)
	if i < 0 {
		panic("fixture: sentence not in text: " + sentence)
	}
	start := len([]rune(text[:i]))
	return leakwatch.Span{Start: start, End: start + len([]rune(sentence))}
}

func ev(text, field, value, sentence string) leakwatch.Evidence {
	return leakwatch.Evidence{Field: field, Value: value, Text: sentence, Span: spanOf(text, sentence)}
}

// fixtureArticles are news articles written for these tests in the style of
// Japanese security news.
func fixtureArticles() []leakwatch.Article {
	t1 := "大阪市の総合病院「なにわ中央病院」は11月4日、電子カルテシステムがランサムウェアに感染し、患者約3万2000人分の氏名や生年月日、診療情報が外部に流出した可能性があると発表した。\n同院によると、10月28日未明にサーバーが暗号化され、外来の受け付けを一時停止した。警察と個人情報保護委員会に報告済みで、現時点で不正利用は確認されていないという。"
	t2 := "通販サイト「みどりマート」を運営するグリーン商事は、決済画面が改ざんされ、クレジットカード情報1万2480件が漏えいした可能性があると公表した。\n第三者による不正アクセスでサイトの脆弱性が悪用されたという。対象は2025年3月から9月に購入した顧客で、カード番号、有効期限、セキュリティコードが含まれる。"
	t3 := "北海市教育委員会は、市立小学校の教員が児童の成績データを保存したUSBメモリを紛失したと発表した。\n紛失したのは児童412人分の氏名と成績で、教員は帰宅途中に立ち寄った店舗で置き忘れたとみられる。USBメモリにはパスワードが設定されていなかった。"
	t4 := "人材派遣大手のテンプワークスは、委託先の元社員が顧客情報を不正に持ち出していたと発表した。\n持ち出されたのは登録者の氏名、電話番号、メールアドレスなど最大8万件で、名簿業者に売却されていた。同社は委託先との契約を見直すとしている。"
	t5 := "内閣サイバーセキュリティセンターは、年末年始に向けてフィッシングメールへの注意を呼びかけた。\n宅配業者を装ったメールが増えており、記載されたURLを開かないよう求めている。"
	t6 := "<script>alert(1)</script>を含む件名のメールを誤送信 — 東西信用金庫\n東西信用金庫は、取引先への案内メールを送る際、宛先をBCCではなくTOに入力し、顧客のメールアドレス215件が他の受信者に表示される状態になったと発表した。"
	return []leakwatch.Article{
		{ID: 1, URL: "https://news.example.jp/2025/11/04/naniwa-hospital", SourceID: "securitynext", Title: "なにわ中央病院でランサムウェア被害、患者約3万2000人分の情報流出か",
			Text: t1, Published: jst(2025, 11, 4), IsIncident: true,
			Incidents: []leakwatch.Incident{{Org: "なにわ中央病院", Causes: []leakwatch.Cause{leakwatch.CauseRansomware}, Actor: leakwatch.ActorExternal,
				Records: i64(32000), RecordsQualifier: leakwatch.QualApprox, RecordsText: "約3万2000人",
				DataTypes: []leakwatch.DataType{leakwatch.DataName, leakwatch.DataBirthdate, leakwatch.DataHealth},
				Summary:   "電子カルテシステムがランサムウェアに感染し、患者約3万2000人分の情報が流出した可能性。",
				Evidence: []leakwatch.Evidence{
					ev(t1, "cause", "ransomware", "電子カルテシステムがランサムウェアに感染し"),
					ev(t1, "records", "32000", "患者約3万2000人分"),
					ev(t1, "data_types", "name,birthdate,health", "氏名や生年月日、診療情報"),
				}}}},
		{ID: 2, URL: "https://news.example.jp/2025/10/20/midori-mart", SourceID: "scannetsecurity", Title: "みどりマートでカード情報1万2480件漏えいの可能性、決済画面改ざん",
			Text: t2, Published: jst(2025, 10, 20), IsIncident: true,
			Incidents: []leakwatch.Incident{{Org: "グリーン商事", OrgAliases: []string{"みどりマート"}, Causes: []leakwatch.Cause{leakwatch.CauseUnauthorizedAccess, leakwatch.CauseVulnerability},
				Actor: leakwatch.ActorExternal, Records: i64(12480), RecordsQualifier: leakwatch.QualExact, RecordsText: "1万2480件",
				DataTypes: []leakwatch.DataType{leakwatch.DataCreditCard}, Summary: "決済画面の改ざんでクレジットカード情報1万2480件が漏えいした可能性。",
				Evidence: []leakwatch.Evidence{
					ev(t2, "cause", "unauthorized_access", "第三者による不正アクセスでサイトの脆弱性が悪用されたという。"),
					ev(t2, "records", "12480", "クレジットカード情報1万2480件が漏えいした可能性"),
				}}}},
		{ID: 3, URL: "https://news.example.jp/2025/09/12/hokkai-usb", SourceID: "securitynext", Title: "北海市の小学校でUSBメモリ紛失、児童412人分の成績",
			Text: t3, Published: jst(2025, 9, 12), IsIncident: true,
			Incidents: []leakwatch.Incident{{Org: "北海市教育委員会", Causes: []leakwatch.Cause{leakwatch.CauseLossTheft}, Actor: leakwatch.ActorInternal,
				Records: i64(412), RecordsQualifier: leakwatch.QualExact, RecordsText: "412人",
				DataTypes: []leakwatch.DataType{leakwatch.DataName, leakwatch.DataOther}, Summary: "教員が児童412人分の成績を保存したUSBメモリを紛失。",
				Evidence: []leakwatch.Evidence{ev(t3, "cause", "loss_theft", "USBメモリを紛失したと発表した。")}}}},
		{ID: 4, URL: "https://news.example.jp/2025/11/10/tempworks", SourceID: "piyolog", Title: "テンプワークス、委託先元社員が登録者情報を持ち出し 最大8万件",
			Text: t4, Published: jst(2025, 11, 10), IsIncident: true,
			Incidents: []leakwatch.Incident{{Org: "テンプワークス", Causes: []leakwatch.Cause{leakwatch.CauseInsider}, Actor: leakwatch.ActorPartner,
				Records: i64(80000), RecordsQualifier: leakwatch.QualUpperBound, RecordsText: "最大8万件",
				DataTypes: []leakwatch.DataType{leakwatch.DataName, leakwatch.DataPhone, leakwatch.DataEmail}, Summary: "委託先の元社員が登録者情報を持ち出し名簿業者に売却。",
				Evidence: []leakwatch.Evidence{
					ev(t4, "actor", "partner", "委託先の元社員が顧客情報を不正に持ち出していた"),
					ev(t4, "records", "80000", "最大8万件"),
				}}}},
		{ID: 5, URL: "https://news.example.jp/2025/12/01/nisc-phishing", SourceID: "scannetsecurity", Title: "年末年始のフィッシングメールに注意 NISCが呼びかけ",
			Text: t5, Published: jst(2025, 12, 1), IsIncident: false},
		{ID: 6, URL: "https://news.example.jp/2025/08/05/touzai", SourceID: "piyolog", Title: "東西信用金庫、<script>を含む案内メールを誤送信",
			Text: t6, Published: jst(2025, 8, 5), IsIncident: true,
			Incidents: []leakwatch.Incident{{Org: "東西信用金庫", Causes: []leakwatch.Cause{leakwatch.CauseMisoperation}, Actor: leakwatch.ActorInternal,
				Records: nil, DataTypes: []leakwatch.DataType{leakwatch.DataEmail}, Summary: "=HYPERLINK(\"http://evil\") 宛先をTOに入力し顧客のメールアドレスが表示。",
				Evidence: []leakwatch.Evidence{ev(t6, "cause", "misoperation", "宛先をBCCではなくTOに入力し")}}}},
	}
}

// maxRecords is the largest count of an article's incidents, as the index keeps it.
func maxRecords(a leakwatch.Article) *int64 {
	var m *int64
	for _, in := range a.Incidents {
		if in.Records != nil && (m == nil || *in.Records > *m) {
			m = in.Records
		}
	}
	return m
}

func matchesFilters(a leakwatch.Article, q leakwatch.Query) bool {
	anyInc := func(f func(leakwatch.Incident) bool) bool {
		for _, in := range a.Incidents {
			if f(in) {
				return true
			}
		}
		return false
	}
	if len(q.Causes) > 0 && !anyInc(func(in leakwatch.Incident) bool {
		for _, c := range in.Causes {
			for _, w := range q.Causes {
				if c == w {
					return true
				}
			}
		}
		return false
	}) {
		return false
	}
	if len(q.Actors) > 0 && !anyInc(func(in leakwatch.Incident) bool {
		for _, w := range q.Actors {
			if in.Actor == w {
				return true
			}
		}
		return false
	}) {
		return false
	}
	if len(q.DataTypes) > 0 && !anyInc(func(in leakwatch.Incident) bool {
		for _, d := range in.DataTypes {
			for _, w := range q.DataTypes {
				if d == w {
					return true
				}
			}
		}
		return false
	}) {
		return false
	}
	if q.Org != "" && !anyInc(func(in leakwatch.Incident) bool { return strings.Contains(in.Org, q.Org) }) {
		return false
	}
	if len(q.Sources) > 0 {
		ok := false
		for _, s := range q.Sources {
			ok = ok || a.SourceID == s
		}
		if !ok {
			return false
		}
	}
	if !q.From.IsZero() && a.Published.Before(q.From) {
		return false
	}
	if !q.To.IsZero() && !a.Published.Before(q.To.AddDate(0, 0, 1)) {
		return false
	}
	r := maxRecords(a)
	if q.MinRecords != nil && (r == nil || *r < *q.MinRecords) {
		return false
	}
	if q.MaxRecords != nil && (r == nil || *r > *q.MaxRecords) {
		return false
	}
	return true
}

type fakeIndex struct {
	mu       sync.Mutex
	articles []leakwatch.Article
	last     leakwatch.Query
	calls    int
	err      error
	panicMsg string
	block    bool // wait for the context to end
	bare     bool // return hits with IDs only, as a lean index might
}

func (f *fakeIndex) Search(ctx context.Context, q leakwatch.Query) (leakwatch.SearchResult, error) {
	f.mu.Lock()
	f.last, f.calls = q, f.calls+1
	err, pm, block, bare := f.err, f.panicMsg, f.block, f.bare
	f.mu.Unlock()
	if pm != "" {
		panic(pm)
	}
	if block {
		<-ctx.Done()
		return leakwatch.SearchResult{}, fmt.Errorf("fake index: %w", ctx.Err())
	}
	if err != nil {
		return leakwatch.SearchResult{}, err
	}
	if strings.Count(q.Text, `"`)%2 == 1 || strings.HasPrefix(q.Text, "AND ") || strings.HasSuffix(q.Text, ":") {
		return leakwatch.SearchResult{}, fmt.Errorf("fake index: parse %q: %w", q.Text, leakwatch.ErrBadQuery)
	}
	words := strings.Fields(q.Text)
	var hits []leakwatch.Hit
	for _, a := range f.articles {
		if !matchesFilters(a, q) {
			continue
		}
		score, ok := 0.0, true
		for _, w := range words {
			n := strings.Count(a.Title, w)*3 + strings.Count(a.Text, w)
			if n == 0 {
				ok = false
				break
			}
			score += float64(n)
		}
		if !ok {
			continue
		}
		h := leakwatch.Hit{Article: a, Score: score}
		h.Article.Text = ""
		if len(words) > 0 {
			h.Snippets = []string{markSnippet(a.Text, words)}
		}
		if bare {
			h.Article = leakwatch.Article{ID: a.ID}
		}
		hits = append(hits, h)
	}
	switch q.Sort {
	case leakwatch.SortDate, "":
		sort.SliceStable(hits, func(i, j int) bool { return f.byID(hits[i]).Published.After(f.byID(hits[j]).Published) })
	case leakwatch.SortRecords:
		val := func(h leakwatch.Hit) int64 {
			if r := maxRecords(f.byID(h)); r != nil {
				return *r
			}
			return -1
		}
		sort.SliceStable(hits, func(i, j int) bool { return val(hits[i]) > val(hits[j]) })
	case leakwatch.SortRelevance:
		sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	}
	res := leakwatch.SearchResult{Total: uint64(len(hits)), Facets: map[string][]leakwatch.FacetCount{}, Took: 1500 * time.Microsecond}
	counts := map[string]map[string]int{"cause": {}, "actor": {}, "data": {}, "source": {}, "month": {}}
	for _, h := range hits {
		a := f.byID(h)
		counts["source"][a.SourceID]++
		counts["month"][a.Published.In(leakwatch.JST).Format("2006-01")]++
		seen := map[string]bool{}
		for _, in := range a.Incidents {
			for _, c := range in.Causes {
				seen["cause\x00"+string(c)] = true
			}
			seen["actor\x00"+string(in.Actor)] = true
			for _, d := range in.DataTypes {
				seen["data\x00"+string(d)] = true
			}
		}
		for k := range seen {
			name, v, _ := strings.Cut(k, "\x00")
			counts[name][v]++
		}
	}
	for name, m := range counts {
		for v, n := range m {
			res.Facets[name] = append(res.Facets[name], leakwatch.FacetCount{Value: v, Count: n})
		}
		sortFacet(res.Facets[name])
	}
	size := q.Size
	if size == 0 {
		size = 10
	}
	lo := min(max(q.Page-1, 0)*size, len(hits))
	res.Hits = hits[lo:min(lo+size, len(hits))]
	return res, nil
}

func (f *fakeIndex) byID(h leakwatch.Hit) leakwatch.Article {
	for _, a := range f.articles {
		if a.ID == h.Article.ID {
			return a
		}
	}
	return h.Article
}

func (f *fakeIndex) lastQuery() leakwatch.Query {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.last
}

// markSnippet escapes text and marks the words, as bleve's HTML highlighter does.
func markSnippet(text string, words []string) string {
	s := html.EscapeString(text)
	for _, w := range words {
		s = strings.ReplaceAll(s, html.EscapeString(w), "<mark>"+html.EscapeString(w)+"</mark>")
	}
	return s
}

type fakeStore struct {
	mu          sync.Mutex
	articles    []leakwatch.Article
	pingErr     error
	err         error
	run         *leakwatch.CrawlRun
	lastQuery   leakwatch.Query
	statsFrom   time.Time
	statsTo     time.Time
	statsCalls  int
	statsGate   chan struct{} // when set, Stats waits for it or the context
	reportsIn   chan struct{} // when set, Reports says it started here
	reportsGate chan struct{} // when set, Reports waits for it or the context
}

func (f *fakeStore) Article(ctx context.Context, id int64) (leakwatch.Article, error) {
	if f.err != nil {
		return leakwatch.Article{}, f.err
	}
	for _, a := range f.articles {
		if a.ID == id {
			return a, nil
		}
	}
	return leakwatch.Article{}, fmt.Errorf("fake store: article %d: %w", id, leakwatch.ErrNotFound)
}

func (f *fakeStore) Reports(ctx context.Context, q leakwatch.Query) ([]leakwatch.Report, int, error) {
	return f.reports(ctx, q, func(int64) bool { return true })
}

func (f *fakeStore) ReportsForArticles(ctx context.Context, ids []int64, q leakwatch.Query) ([]leakwatch.Report, int, error) {
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	return f.reports(ctx, q, func(id int64) bool { return want[id] })
}

func (f *fakeStore) reports(ctx context.Context, q leakwatch.Query, keep func(int64) bool) ([]leakwatch.Report, int, error) {
	f.mu.Lock()
	f.lastQuery = q
	in, gate := f.reportsIn, f.reportsGate
	f.mu.Unlock()
	if in != nil {
		in <- struct{}{}
	}
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return nil, 0, fmt.Errorf("fake store: reports: %w", ctx.Err())
		}
	}
	if f.err != nil {
		return nil, 0, f.err
	}
	var out []leakwatch.Report
	for _, a := range f.articles {
		if !keep(a.ID) {
			continue
		}
		for _, in := range a.Incidents {
			one := a
			one.Incidents = []leakwatch.Incident{in}
			if !matchesFilters(one, q) {
				continue
			}
			out = append(out, leakwatch.Report{Incident: in, ArticleID: a.ID, URL: a.URL, SourceID: a.SourceID, Title: a.Title, Published: a.Published})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Published.After(out[j].Published) })
	total := len(out)
	if q.Size > 0 {
		lo := min((q.Page-1)*q.Size, total)
		out = out[lo:min(lo+q.Size, total)]
	}
	return out, total, nil
}

func (f *fakeStore) Stats(ctx context.Context, from, to time.Time) (leakwatch.Stats, error) {
	f.mu.Lock()
	f.statsFrom, f.statsTo = from, to
	f.statsCalls++
	gate := f.statsGate
	f.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return leakwatch.Stats{}, fmt.Errorf("fake store: stats: %w", ctx.Err())
		}
	}
	if f.err != nil {
		return leakwatch.Stats{}, f.err
	}
	st := leakwatch.Stats{From: from, To: to}
	byCause, byActor, byMonth := map[string]*leakwatch.StatRow{}, map[string]*leakwatch.StatRow{}, map[string]*leakwatch.StatRow{}
	add := func(m map[string]*leakwatch.StatRow, k string, rec *int64) {
		if m[k] == nil {
			m[k] = &leakwatch.StatRow{Key: k}
		}
		m[k].Incidents++
		if rec != nil {
			m[k].Records += *rec
		}
	}
	for _, a := range f.articles {
		if !matchesFilters(leakwatch.Article{Published: a.Published}, leakwatch.Query{From: from, To: to}) {
			continue
		}
		st.Articles++
		for _, in := range a.Incidents {
			st.Incidents++
			if in.Records == nil {
				st.Uncounted++
			} else {
				st.Records += *in.Records
			}
			add(byCause, string(in.PrimaryCause()), in.Records)
			add(byActor, string(in.Actor), in.Records)
			add(byMonth, a.Published.In(leakwatch.JST).Format("2006-01"), in.Records)
		}
	}
	rows := func(m map[string]*leakwatch.StatRow) []leakwatch.StatRow {
		out := []leakwatch.StatRow{}
		for _, r := range m {
			out = append(out, *r)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
		return out
	}
	st.ByCause, st.ByActor, st.ByMonth = rows(byCause), rows(byActor), rows(byMonth)
	return st, nil
}

func (f *fakeStore) LastRun(ctx context.Context) (leakwatch.CrawlRun, error) {
	if f.run == nil {
		return leakwatch.CrawlRun{}, fmt.Errorf("fake store: last run: %w", leakwatch.ErrNotFound)
	}
	return *f.run, nil
}

func (f *fakeStore) Ping(ctx context.Context) error { return f.pingErr }

type fakeDigest struct {
	err       error
	week, fmt string
}

func (d *fakeDigest) WriteDigest(ctx context.Context, w io.Writer, week, format string) error {
	if d.err != nil {
		return d.err
	}
	d.week, d.fmt = week, format
	if format == "atom" {
		_, err := fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>leakwatch 週次ダイジェスト %s</title></feed>`, week)
		return err
	}
	_, err := fmt.Fprintf(w, "<!doctype html><title>週次ダイジェスト %s</title><h1>今週の情報漏えい %s</h1>", week, week)
	return err
}
