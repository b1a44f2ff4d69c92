package api

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch"
)

type pages struct {
	search, article, errPage *template.Template
	static                   http.Handler
}

func newPages() (*pages, error) {
	funcs := template.FuncMap{
		"causeLabel": func(c leakwatch.Cause) string { return c.Label() },
		"actorLabel": func(a leakwatch.Actor) string { return a.Label() },
		"dataLabel":  func(d leakwatch.DataType) string { return d.Label() },
		"records":    recordsLabel,
		"date": func(t time.Time) string {
			if t.IsZero() {
				return "日付不明"
			}
			return t.In(leakwatch.JST).Format("2006年1月2日")
		},
		"snippet":    func(s string) template.HTML { return template.HTML(sanitizeSnippet(s)) },
		"fieldLabel": fieldLabel,
		"valueLabel": valueLabel,
		"join":       strings.Join,
		"digits": func(n uint64) string {
			if n > 1<<62 {
				return strconv.FormatUint(n, 10)
			}
			return groupDigits(int64(n))
		},
	}
	parse := func(name string) (*template.Template, error) {
		t, err := template.New(name).Funcs(funcs).ParseFS(webFS, "web/templates/layout.html", "web/templates/"+name)
		if err != nil {
			return nil, fmt.Errorf("api: templates: %w", err)
		}
		return t, nil
	}
	p := &pages{}
	var err error
	if p.search, err = parse("search.html"); err != nil {
		return nil, err
	}
	if p.article, err = parse("article.html"); err != nil {
		return nil, err
	}
	if p.errPage, err = parse("error.html"); err != nil {
		return nil, err
	}
	static, err := fs.Sub(webFS, "web")
	if err != nil {
		return nil, fmt.Errorf("api: static: %w", err)
	}
	p.static = http.FileServerFS(static)
	return p, nil
}

// render executes a page into a buffer first, so a template error becomes a
// clean error page instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, t *template.Template, status int, data any) error {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("api: render: %w", err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'self'")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

type errorPage struct {
	Title   string
	Digest  bool
	Status  int
	Message string
	Param   string
}

// pageError shows an error as a page, with the status statusOf gives it.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) error {
	status, body := statusOf(err)
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "api: page failed", "path", r.URL.Path, "status", status, "err", err)
	}
	msg := "サーバー内部でエラーが発生しました。時間をおいて再度お試しください。"
	switch status {
	case http.StatusBadRequest:
		msg = "検索条件が正しくありません: " + body.Error
	case http.StatusNotFound:
		msg = "ページが見つかりません。"
	case http.StatusServiceUnavailable:
		msg = "処理に時間がかかりすぎました。条件を絞ってお試しください。"
	}
	return s.render(w, r, s.pages.errPage, status, errorPage{Title: "エラー", Digest: s.opts.Digest != nil, Status: status, Message: msg, Param: body.Param})
}

type option struct {
	Value, Label string
	Count        int
	HasCount     bool
	Checked      bool
}

type filterGroup struct {
	Param, Title string
	Options      []option
	Open         bool
}

type linkFacet struct {
	Title string
	Links []facetLink
}

type facetLink struct {
	Label  string
	Count  int
	URL    string
	Active bool
}

type chip struct{ Label, RemoveURL string }

type resultItem struct {
	Hit        leakwatch.Hit
	ArticleURL string
	Snippet    string
	Source     string
}

type searchPage struct {
	Title      string
	Q          leakwatch.Query
	Form       url.Values
	Groups     []filterGroup
	Periods    []linkFacet
	Chips      []chip
	Searched   bool
	Total      uint64
	Items      []resultItem
	Page       int
	PrevURL    string
	NextURL    string
	JSONURL    string
	CSVURL     string
	Sorts      []option
	RecordOpts []facetLink
	Digest     bool
	ClearURL   string
}

// handleSearchPage renders the search page. Its URL carries the whole query,
// so a search can be bookmarked and shared.
func (s *Server) handleSearchPage(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	p := s.searchParse()
	p.lenient = true
	q, err := parseQuery(v, p)
	if err != nil {
		return s.pageError(w, r, err)
	}
	res, err := s.search(r.Context(), q)
	if err != nil {
		return s.pageError(w, r, err)
	}
	base := encodeQuery(q, p.defSize)
	base.Del("page")
	data := searchPage{Title: "情報漏えい事案の検索", Q: q, Form: base, Searched: true, Total: res.Total, Page: q.Page,
		Digest: s.opts.Digest != nil, ClearURL: "/"}
	if q.Text != "" {
		data.Title = q.Text + " の検索結果"
		data.ClearURL = "/?" + url.Values{"q": {q.Text}}.Encode()
	}
	facets := map[string]map[string]int{}
	for _, f := range orderedFacets(res.Facets) {
		m := map[string]int{}
		for _, c := range f.counts {
			m[c.Value] = c.Count
		}
		facets[f.key] = m
	}
	data.Groups = s.filterGroups(q, facets)
	data.Periods, data.RecordOpts = periodLinks(base, facets), recordLinks(base, q, facets)
	data.Chips = chips(base, q)
	// The default order follows the query (relevance with words, date
	// without), so it is only sent when the user picks one.
	explicit := base.Get("sort")
	data.Sorts = []option{
		{Value: "", Label: "標準(キーワードがあれば関連度順)", Checked: explicit == ""},
		{Value: "relevance", Label: "関連度順", Checked: explicit == "relevance"},
		{Value: "date", Label: "新しい順", Checked: explicit == "date"},
		{Value: "records", Label: "件数の多い順", Checked: explicit == "records"},
	}
	for _, h := range res.Hits {
		item := resultItem{Hit: h, Snippet: strings.Join(h.Snippets, " … "), Source: s.sourceName(h.Article.SourceID)}
		item.ArticleURL = "/articles/" + strconv.FormatInt(h.Article.ID, 10)
		if enc := base.Encode(); enc != "" {
			item.ArticleURL += "?" + enc
		}
		if item.Snippet == "" {
			item.Snippet = template.HTMLEscapeString(firstSummary(h.Article))
		}
		data.Items = append(data.Items, item)
	}
	if q.Page > 1 {
		data.PrevURL = withParam(base, "page", strconv.Itoa(q.Page-1))
	}
	if uint64(q.Page*q.Size) < res.Total && (q.Page+1)*q.Size <= s.opts.MaxRows {
		data.NextURL = withParam(base, "page", strconv.Itoa(q.Page+1))
	}
	api := encodeQuery(q, p.defSize)
	data.JSONURL = "/api/search?" + api.Encode()
	api.Del("sort")
	api.Del("page")
	api.Set("format", "csv")
	data.CSVURL = "/api/incidents?" + api.Encode()
	return s.render(w, r, s.pages.search, http.StatusOK, data)
}

func (s *Server) sourceName(id string) string {
	if n, ok := s.opts.SourceNames[id]; ok && n != "" {
		return n
	}
	return id
}

func firstSummary(a leakwatch.Article) string {
	for _, in := range a.Incidents {
		if in.Summary != "" {
			return in.Summary
		}
	}
	if a.Summary != "" {
		return a.Summary
	}
	r := []rune(a.Text)
	if len(r) > 120 {
		return string(r[:120]) + "…"
	}
	return string(r)
}

func withParam(base url.Values, k, v string) string {
	c := cloneValues(base)
	c.Set(k, v)
	return "/?" + c.Encode()
}

func cloneValues(v url.Values) url.Values {
	c := url.Values{}
	for k, vs := range v {
		c[k] = append([]string(nil), vs...)
	}
	return c
}

// filterGroups are the checkbox lists of the filter form, each value with its
// facet count when the index gave one.
func (s *Server) filterGroups(q leakwatch.Query, facets map[string]map[string]int) []filterGroup {
	mk := func(param, title string, values, labels []string, checked map[string]bool) filterGroup {
		g := filterGroup{Param: param, Title: title}
		for i, v := range values {
			n, has := facets[param][v]
			g.Options = append(g.Options, option{Value: v, Label: labels[i], Count: n, HasCount: has, Checked: checked[v]})
			if checked[v] {
				g.Open = true
			}
		}
		return g
	}
	var vals, labels []string
	checked := map[string]bool{}
	for _, c := range leakwatch.Causes() {
		vals, labels = append(vals, string(c)), append(labels, c.Label())
	}
	for _, c := range q.Causes {
		checked[string(c)] = true
	}
	causes := mk("cause", "原因", vals, labels, checked)
	causes.Open = true

	vals, labels, checked = nil, nil, map[string]bool{}
	for _, a := range leakwatch.Actors() {
		vals, labels = append(vals, string(a)), append(labels, a.Label())
	}
	for _, a := range q.Actors {
		checked[string(a)] = true
	}
	actors := mk("actor", "主体", vals, labels, checked)

	vals, labels, checked = nil, nil, map[string]bool{}
	for _, d := range leakwatch.DataTypes() {
		vals, labels = append(vals, string(d)), append(labels, d.Label())
	}
	for _, d := range q.DataTypes {
		checked[string(d)] = true
	}
	data := mk("data", "漏えいした情報", vals, labels, checked)

	// Sources: those the facet knows, then any chosen that it does not.
	vals, labels, checked = nil, nil, map[string]bool{}
	for _, c := range sortedCounts(facets["source"]) {
		vals, labels = append(vals, c.Value), append(labels, s.sourceName(c.Value))
	}
	for _, src := range q.Sources {
		checked[src] = true
		if _, ok := facets["source"][src]; !ok {
			vals, labels = append(vals, src), append(labels, s.sourceName(src))
		}
	}
	sources := mk("source", "情報源", vals, labels, checked)
	return []filterGroup{causes, actors, data, sources}
}

func sortedCounts(m map[string]int) []leakwatch.FacetCount {
	out := make([]leakwatch.FacetCount, 0, len(m))
	for k, v := range m {
		out = append(out, leakwatch.FacetCount{Value: k, Count: v})
	}
	sortFacet(out)
	return out
}

func sortFacet(fc []leakwatch.FacetCount) {
	for i := 1; i < len(fc); i++ {
		for j := i; j > 0 && (fc[j].Count > fc[j-1].Count || fc[j].Count == fc[j-1].Count && fc[j].Value < fc[j-1].Value); j-- {
			fc[j], fc[j-1] = fc[j-1], fc[j]
		}
	}
}

// periodLinks turn the month facet into links that set from and to to that month.
func periodLinks(base url.Values, facets map[string]map[string]int) []linkFacet {
	months := facets["month"]
	if len(months) == 0 {
		return nil
	}
	keys := make([]string, 0, len(months))
	for k := range months {
		keys = append(keys, k)
	}
	// Newest month first.
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] > keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	lf := linkFacet{Title: "期間"}
	for _, k := range keys {
		t, err := time.ParseInLocation("2006-01", k, leakwatch.JST)
		if err != nil {
			continue
		}
		c := cloneValues(base)
		from, to := t.Format(dateLayout), t.AddDate(0, 1, -1).Format(dateLayout)
		active := c.Get("from") == from && c.Get("to") == to
		c.Set("from", from)
		c.Set("to", to)
		lf.Links = append(lf.Links, facetLink{Label: monthLabel(k), Count: months[k], URL: "/?" + c.Encode(), Active: active})
	}
	return []linkFacet{lf}
}

// recordLinks offer record ranges: the index's buckets with counts when it
// gives them, otherwise fixed thresholds.
func recordLinks(base url.Values, q leakwatch.Query, facets map[string]map[string]int) []facetLink {
	set := func(lo, hi *int64) string {
		c := cloneValues(base)
		c.Del("min_records")
		c.Del("max_records")
		if lo != nil {
			c.Set("min_records", strconv.FormatInt(*lo, 10))
		}
		if hi != nil {
			c.Set("max_records", strconv.FormatInt(*hi, 10))
		}
		return "/?" + c.Encode()
	}
	same := func(a, b *int64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
	var out []facetLink
	if buckets := facets["records"]; len(buckets) > 0 {
		for _, c := range sortedCounts(buckets) {
			lo, hi, ok := parseRange(c.Value)
			if !ok {
				continue
			}
			out = append(out, facetLink{Label: rangeLabel(lo, hi), Count: c.Count, URL: set(lo, hi),
				Active: same(lo, q.MinRecords) && same(hi, q.MaxRecords)})
		}
		return out
	}
	for _, n := range []int64{1000, 10000, 100000, 1000000} {
		lo := n
		out = append(out, facetLink{Label: rangeLabel(&lo, nil), Count: -1, URL: set(&lo, nil),
			Active: same(&lo, q.MinRecords) && q.MaxRecords == nil})
	}
	return out
}

// chips are the active filters, each with a link that removes it.
func chips(base url.Values, q leakwatch.Query) []chip {
	var out []chip
	remove := func(k, v string) string {
		c := cloneValues(base)
		if v == "" {
			c.Del(k)
		} else {
			var keep []string
			for _, x := range c[k] {
				if x != v {
					keep = append(keep, x)
				}
			}
			c[k] = keep
		}
		if enc := c.Encode(); enc != "" {
			return "/?" + enc
		}
		return "/"
	}
	for _, c := range q.Causes {
		out = append(out, chip{"原因: " + c.Label(), remove("cause", string(c))})
	}
	for _, a := range q.Actors {
		out = append(out, chip{"主体: " + a.Label(), remove("actor", string(a))})
	}
	for _, d := range q.DataTypes {
		out = append(out, chip{"情報: " + d.Label(), remove("data", string(d))})
	}
	for _, src := range q.Sources {
		out = append(out, chip{"情報源: " + src, remove("source", src)})
	}
	if q.Org != "" {
		out = append(out, chip{"組織: " + q.Org, remove("org", "")})
	}
	if !q.From.IsZero() {
		out = append(out, chip{"開始: " + base.Get("from"), remove("from", "")})
	}
	if !q.To.IsZero() {
		out = append(out, chip{"終了: " + base.Get("to"), remove("to", "")})
	}
	if q.MinRecords != nil {
		out = append(out, chip{"件数: " + groupDigits(*q.MinRecords) + "以上", remove("min_records", "")})
	}
	if q.MaxRecords != nil {
		out = append(out, chip{"件数: " + groupDigits(*q.MaxRecords) + "以下", remove("max_records", "")})
	}
	return out
}

type incidentView struct {
	N        int
	Incident leakwatch.Incident
	Evidence []anchoredEvidence
}

type articlePage struct {
	Title     string
	A         leakwatch.Article
	Source    string
	Segments  []segment
	Incidents []incidentView
	BackURL   string
	Digest    bool
}

// handleArticlePage shows one article with its incidents and the evidence
// for each fact highlighted in the text. The search it came from rides along
// in the query string for the way back.
func (s *Server) handleArticlePage(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return s.pageError(w, r, err)
	}
	a, err := s.opts.Reader.Article(r.Context(), id)
	if err != nil {
		return s.pageError(w, r, fmt.Errorf("api: article page %d: %w", id, err))
	}
	data := articlePage{Title: a.Title, A: a, Source: s.sourceName(a.SourceID), BackURL: "/", Digest: s.opts.Digest != nil}
	p := s.searchParse()
	p.lenient = true
	if q, err := parseQuery(r.URL.Query(), p); err == nil {
		if enc := encodeQuery(q, p.defSize).Encode(); enc != "" {
			data.BackURL = "/?" + enc
		}
	}
	var all []anchoredEvidence
	for i, in := range a.Incidents {
		iv := incidentView{N: i + 1, Incident: in}
		for j, ev := range in.Evidence {
			ae := anchoredEvidence{Evidence: ev, Anchor: fmt.Sprintf("ev-%d-%d", i+1, j+1)}
			iv.Evidence = append(iv.Evidence, ae)
			all = append(all, ae)
		}
		data.Incidents = append(data.Incidents, iv)
	}
	text := a.Text
	if text == "" {
		text = a.Summary
	}
	data.Segments = segmentText(text, all)
	// Evidence outside the text (from the headline) gets no link to follow.
	shown := map[string]bool{}
	for _, sg := range data.Segments {
		if sg.Anchor != "" {
			shown[sg.Anchor] = true
		}
	}
	for i := range data.Incidents {
		for j := range data.Incidents[i].Evidence {
			data.Incidents[i].Evidence[j].InText = shown[data.Incidents[i].Evidence[j].Anchor]
		}
	}
	return s.render(w, r, s.pages.article, http.StatusOK, data)
}

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "public, max-age=3600")
	s.pages.static.ServeHTTP(w, r)
	return nil
}
