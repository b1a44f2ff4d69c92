package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch"
)

// articleRef is an article in a list: everything but the text.
type articleRef struct {
	ID         int64     `json:"id"`
	URL        string    `json:"url"`
	Source     string    `json:"source"`
	Title      string    `json:"title"`
	Published  time.Time `json:"published"`
	IsIncident bool      `json:"is_incident"`
}

type searchItem struct {
	Article   articleRef           `json:"article"`
	Score     float64              `json:"score"`
	Snippet   string               `json:"snippet"` // HTML-escaped text with <mark> around matches
	Incidents []leakwatch.Incident `json:"incidents"`
}

type facetOut struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

type searchOut struct {
	Total   uint64                `json:"total"`
	Page    int                   `json:"page"`
	Size    int                   `json:"size"`
	Sort    string                `json:"sort"`
	TookMS  float64               `json:"took_ms"`
	Results []searchItem          `json:"results"`
	Facets  map[string][]facetOut `json:"facets"`
}

func (s *Server) searchParse() queryParse {
	return queryParse{allowed: []string{"q", "sort", "page", "size"}, defSize: 20, maxSize: s.opts.MaxSearchSize, maxDepth: s.opts.MaxRows}
}

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) error {
	q, err := parseQuery(r.URL.Query(), s.searchParse())
	if err != nil {
		return err
	}
	res, err := s.search(r.Context(), q)
	if err != nil {
		return err
	}
	out := searchOut{Total: res.Total, Page: q.Page, Size: q.Size, Sort: string(q.Sort),
		TookMS: float64(res.Took.Microseconds()) / 1000, Results: []searchItem{}, Facets: map[string][]facetOut{}}
	for _, h := range res.Hits {
		inc := make([]leakwatch.Incident, 0, len(h.Article.Incidents))
		for _, in := range h.Article.Incidents {
			in.Evidence = nil // the article endpoint has it; lists stay small
			inc = append(inc, in)
		}
		out.Results = append(out.Results, searchItem{Article: refOf(h.Article), Score: h.Score,
			Snippet: sanitizeSnippet(strings.Join(h.Snippets, " … ")), Incidents: inc})
	}
	for _, f := range orderedFacets(res.Facets) {
		vals := make([]facetOut, 0, len(f.counts))
		for _, c := range f.counts {
			vals = append(vals, facetOut{Value: c.Value, Label: facetLabel(f.key, c.Value), Count: c.Count})
		}
		out.Facets[f.key] = vals
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// search runs q and fills in hits the index returned bare (no title, or an
// incident article without its incidents) from the store, so every result
// carries its incidents whatever the index keeps.
func (s *Server) search(ctx context.Context, q leakwatch.Query) (leakwatch.SearchResult, error) {
	res, err := s.opts.Searcher.Search(ctx, q)
	if err != nil {
		return res, fmt.Errorf("api: search: %w", err)
	}
	for i, h := range res.Hits {
		if h.Article.Title != "" && (!h.Article.IsIncident || len(h.Article.Incidents) > 0) {
			continue
		}
		a, err := s.opts.Reader.Article(ctx, h.Article.ID)
		if errors.Is(err, leakwatch.ErrNotFound) {
			continue // the index is ahead of or behind the store; show what it has
		}
		if err != nil {
			return res, fmt.Errorf("api: search: article %d: %w", h.Article.ID, err)
		}
		a.Text = "" // not needed in a list
		res.Hits[i].Article = a
	}
	return res, nil
}

func refOf(a leakwatch.Article) articleRef {
	return articleRef{ID: a.ID, URL: a.URL, Source: a.SourceID, Title: a.Title, Published: a.Published, IsIncident: a.IsIncident}
}

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, paramErrorf("id", "%q is not an article id (a whole number ≥ 1)", s)
	}
	return id, nil
}

// articleOut is an article whose incidents are always a list, empty when
// the article reports none.
type articleOut struct {
	leakwatch.Article
	Incidents []leakwatch.Incident `json:"incidents"`
}

func (s *Server) handleArticle(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := checkKnown(r.URL.Query(), nil); err != nil {
		return err
	}
	a, err := s.opts.Reader.Article(r.Context(), id)
	if err != nil {
		return fmt.Errorf("api: article %d: %w", id, err)
	}
	out := articleOut{Article: a, Incidents: a.Incidents}
	if out.Incidents == nil {
		out.Incidents = []leakwatch.Incident{}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// incidentRow is one incident as a flat row, in JSON and CSV alike.
type incidentRow struct {
	ArticleID        int64                `json:"article_id"`
	Published        string               `json:"published"` // YYYY-MM-DD, Japan time
	Source           string               `json:"source"`
	Title            string               `json:"title"`
	URL              string               `json:"url"`
	Org              string               `json:"org"`
	Causes           []leakwatch.Cause    `json:"causes"`
	Actor            leakwatch.Actor      `json:"actor"`
	Records          *int64               `json:"records"`
	RecordsQualifier leakwatch.Qualifier  `json:"records_qualifier"`
	RecordsText      string               `json:"records_text"`
	DataTypes        []leakwatch.DataType `json:"data_types"`
	Summary          string               `json:"summary"`
}

func rowOf(rep leakwatch.Report) incidentRow {
	in := rep.Incident
	row := incidentRow{ArticleID: rep.ArticleID, Source: rep.SourceID, Title: rep.Title, URL: rep.URL,
		Org: in.Org, Causes: in.Causes, Actor: in.Actor, Records: in.Records, RecordsQualifier: in.RecordsQualifier,
		RecordsText: in.RecordsText, DataTypes: in.DataTypes, Summary: in.Summary}
	if !rep.Published.IsZero() {
		row.Published = rep.Published.In(leakwatch.JST).Format(dateLayout)
	}
	if row.Causes == nil {
		row.Causes = []leakwatch.Cause{}
	}
	if row.DataTypes == nil {
		row.DataTypes = []leakwatch.DataType{}
	}
	return row
}

type incidentsOut struct {
	Total     int           `json:"total"`
	Page      int           `json:"page"`
	Size      int           `json:"size"`
	Incidents []incidentRow `json:"incidents"`
}

func (s *Server) handleIncidents(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	format := strings.TrimSpace(v.Get("format"))
	switch format {
	case "", "json", "csv":
	default:
		return paramErrorf("format", "unknown format %q (json or csv)", format)
	}
	p := queryParse{allowed: []string{"q", "page", "size", "format"}, defSize: 100, maxSize: s.opts.MaxRows, maxDepth: s.opts.MaxRows}
	if format == "csv" {
		p.defSize = s.opts.MaxRows // a spreadsheet export wants everything, up to the cap
	}
	q, err := parseQuery(v, p)
	if err != nil {
		return err
	}
	reps, total, err := s.reports(r.Context(), q)
	if err != nil {
		return err
	}
	rows := make([]incidentRow, 0, len(reps))
	for _, rep := range reps {
		rows = append(rows, rowOf(rep))
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(total))
	if format == "csv" {
		var buf bytes.Buffer
		if err := writeCSV(&buf, rows); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="leakwatch-incidents.csv"`)
		w.WriteHeader(http.StatusOK)
		_, err := w.Write(buf.Bytes())
		return err
	}
	writeJSON(w, http.StatusOK, incidentsOut{Total: total, Page: q.Page, Size: q.Size, Incidents: rows})
	return nil
}

// reports lists the incidents matching q. The store filters on structure
// only; with free text the index picks the articles first (up to the row
// cap) and the store's rows are kept for those articles.
func (s *Server) reports(ctx context.Context, q leakwatch.Query) ([]leakwatch.Report, int, error) {
	select {
	case s.heavy <- struct{}{}:
	case <-ctx.Done():
		return nil, 0, fmt.Errorf("api: incidents: waiting for the store: %w", ctx.Err())
	}
	defer func() { <-s.heavy }()
	if q.Text == "" {
		reps, total, err := s.opts.Reader.Reports(ctx, q)
		if err != nil {
			return nil, 0, fmt.Errorf("api: incidents: %w", err)
		}
		return reps, total, nil
	}
	ids := map[int64]bool{}
	sq := q
	sq.Sort = leakwatch.SortDate
	sq.Size = s.opts.MaxSearchSize
	for sq.Page = 1; len(ids) < s.opts.MaxRows; sq.Page++ {
		res, err := s.opts.Searcher.Search(ctx, sq)
		if err != nil {
			return nil, 0, fmt.Errorf("api: incidents: search: %w", err)
		}
		for _, h := range res.Hits {
			ids[h.Article.ID] = true
		}
		if len(res.Hits) < sq.Size || uint64(sq.Page*sq.Size) >= res.Total {
			break
		}
	}
	all := q
	all.Text, all.Page, all.Size = "", 1, 0
	reps, _, err := s.opts.Reader.Reports(ctx, all)
	if err != nil {
		return nil, 0, fmt.Errorf("api: incidents: %w", err)
	}
	kept := reps[:0]
	for _, rep := range reps {
		if ids[rep.ArticleID] {
			kept = append(kept, rep)
		}
	}
	total := len(kept)
	lo := min((q.Page-1)*q.Size, total)
	hi := min(lo+q.Size, total)
	return kept[lo:hi], total, nil
}

type statRowOut struct {
	Key       string `json:"key"`
	Label     string `json:"label"`
	Incidents int    `json:"incidents"`
	Records   int64  `json:"records"`
}

type statsOut struct {
	From      string       `json:"from"` // "" when open
	To        string       `json:"to"`
	Articles  int          `json:"articles"`
	Incidents int          `json:"incidents"`
	Records   int64        `json:"records"`
	Uncounted int          `json:"uncounted"`
	ByCause   []statRowOut `json:"by_cause"`
	ByActor   []statRowOut `json:"by_actor"`
	ByMonth   []statRowOut `json:"by_month"`
}

func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	if err := checkKnown(v, []string{"from", "to"}); err != nil {
		return err
	}
	if err := checkSingles(v, "from", "to"); err != nil {
		return err
	}
	from, err := parseDate(v, "from")
	if err != nil {
		return err
	}
	to, err := parseDate(v, "to")
	if err != nil {
		return err
	}
	// Without dates the period is open at that end, as the store reads it.
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return paramErrorf("to", "%s is before from %s", to.Format(dateLayout), from.Format(dateLayout))
	}
	st, err := s.stats.stats(r.Context(), from, to, s.opts.Reader.Stats)
	if err != nil {
		return fmt.Errorf("api: stats: %w", err)
	}
	out := statsOut{From: dayOf(from), To: dayOf(to), Articles: st.Articles,
		Incidents: st.Incidents, Records: st.Records, Uncounted: st.Uncounted,
		ByCause: statRows(st.ByCause, func(k string) string { return leakwatch.Cause(k).Label() }),
		ByActor: statRows(st.ByActor, func(k string) string { return leakwatch.Actor(k).Label() }),
		ByMonth: statRows(st.ByMonth, func(k string) string { return monthLabel(k) })}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// dayOf writes t as YYYY-MM-DD in Japan time, or "" for an open end.
func dayOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(leakwatch.JST).Format(dateLayout)
}

func statRows(rows []leakwatch.StatRow, label func(string) string) []statRowOut {
	out := make([]statRowOut, 0, len(rows))
	for _, r := range rows {
		out = append(out, statRowOut{Key: r.Key, Label: label(r.Key), Incidents: r.Incidents, Records: r.Records})
	}
	return out
}

type healthOut struct {
	Status string `json:"status"`
	Store  string `json:"store"`
	Index  string `json:"index"`
}

// handleHealth checks that the store and the index answer. Failures are our
// own state, not the client's, so they are a 503 with the part that failed.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	out := healthOut{Status: "ok", Store: "ok", Index: "ok"}
	if err := s.opts.Reader.Ping(r.Context()); err != nil {
		s.log.WarnContext(r.Context(), "api: health: store", "err", err)
		out.Store, out.Status = "unreachable", "unavailable"
	}
	var err error
	if s.opts.IndexPing != nil {
		err = s.opts.IndexPing(r.Context())
	} else {
		_, err = s.opts.Searcher.Search(r.Context(), leakwatch.Query{Page: 1, Size: 1, Sort: leakwatch.SortDate})
	}
	if err != nil {
		s.log.WarnContext(r.Context(), "api: health: index", "err", err)
		out.Index, out.Status = "unreachable", "unavailable"
	}
	status := http.StatusOK
	if out.Status != "ok" {
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, out)
	return nil
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	_, err := w.Write(openapiYAML)
	return err
}

var digestFile = regexp.MustCompile(`^(latest|\d{4}-W\d{2})\.(html|atom)$`)

// handleDigest serves /digest/latest.atom, /digest/2026-W47.html and the like.
func (s *Server) handleDigest(w http.ResponseWriter, r *http.Request) error {
	if s.opts.Digest == nil {
		return fmt.Errorf("api: digest: %w", leakwatch.ErrNotFound)
	}
	m := digestFile.FindStringSubmatch(r.PathValue("file"))
	if m == nil {
		return paramErrorf("week", "%q is not latest or an ISO week like 2026-W47, followed by .html or .atom", r.PathValue("file"))
	}
	week, format := m[1], m[2]
	if week != "latest" {
		if n, _ := strconv.Atoi(week[6:]); n < 1 || n > 53 {
			return paramErrorf("week", "%q has no week %d", week, n)
		}
	}
	var buf bytes.Buffer
	if err := s.opts.Digest.WriteDigest(r.Context(), &buf, week, format); err != nil {
		return fmt.Errorf("api: digest %s: %w", week, err)
	}
	if format == "atom" {
		w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{Error: "the API is read-only", Status: http.StatusMethodNotAllowed})
		return nil
	}
	return fmt.Errorf("api: %s: %w", r.URL.Path, leakwatch.ErrNotFound)
}
