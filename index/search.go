package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"

	leakwatch "github.com/leakwatch/leakwatch"
)

// Page sizes.
const (
	DefaultSize = 20
	MaxSize     = 500
)

// Facet names in SearchResult.Facets.
const (
	FacetCause  = "cause"
	FacetSource = "source"
	FacetMonth  = "month"
	FacetActor  = "actor"
	FacetData   = "data"
	// FacetRecords counts hits by record-count range: "1-999",
	// "1000-9999", "10000-99999", "100000-" (inclusive; open above).
	FacetRecords = "records"
)

// Search runs q: its text (bleve query-string syntax, words analysed with
// the ja analyzer, every word required) within its filters, sorted, paged,
// with facets and highlighted snippets.
//
// Each word of the text must occur in the title, the body or an
// organisation's name. A word the analyzer splits into several tokens
// (不正アクセス, 委託先) must occur as those tokens side by side, which is
// answered from the index's pair terms rather than with a positional phrase
// query. Quoted phrases are read the same way. +word, -word and field:word
// (title, body, org, cause, actor, data, source, month, org_kw) work as in
// bleve; records:>N and published:>"2024-01-01" ranges too.
func (ix *Index) Search(ctx context.Context, q leakwatch.Query) (leakwatch.SearchResult, error) {
	start := time.Now()
	root, hasText, err := ix.rootQuery(q, false)
	if err != nil {
		return leakwatch.SearchResult{}, err
	}
	size := q.Size
	if size <= 0 {
		size = DefaultSize
	}
	if size > MaxSize {
		size = MaxSize
	}
	page := max(q.Page, 1)
	req := bleve.NewSearchRequestOptions(root, size, (page-1)*size, false)
	req.Fields = []string{fieldMeta}
	order, err := sortOrder(q.Sort, hasText)
	if err != nil {
		return leakwatch.SearchResult{}, err
	}
	req.SortByCustom(order)
	if hasText {
		req.Highlight = bleve.NewHighlightWithStyle(html.Name)
		req.Highlight.AddField(fieldText)
	}

	// The facets are counted by a second search beside this one, without
	// scores: reading the facet values of every hit was half the time of a
	// query matching most of the index, and on two cores the two halves
	// run at once.
	fctx, cancel := context.WithCancel(ctx)
	defer cancel()
	facets := make(chan facetResult, 1)
	go func() { facets <- ix.facets(fctx, q) }()

	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		cancel()
		<-facets
		return leakwatch.SearchResult{}, fmt.Errorf("index: search: %w", err)
	}
	out := leakwatch.SearchResult{Total: res.Total, Hits: make([]leakwatch.Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		hit, err := toHit(h)
		if err != nil {
			cancel()
			<-facets
			return leakwatch.SearchResult{}, err
		}
		out.Hits = append(out.Hits, hit)
	}
	fr := <-facets
	if fr.err != nil {
		return leakwatch.SearchResult{}, fr.err
	}
	out.Facets = fr.facets
	out.Took = time.Since(start)
	return out, nil
}

type facetResult struct {
	facets map[string][]leakwatch.FacetCount
	err    error
}

// facets counts the facets of q's hits. It walks the hits itself rather
// than through a bleve facet request: bleve's term facet copies every value
// of every hit into a new string for its map, which for a query matching
// most of the index was a third of the query's time; here a value already
// seen costs one map lookup without allocating.
func (ix *Index) facets(ctx context.Context, q leakwatch.Query) (fr facetResult) {
	// A query of its own: query objects are not meant to be shared
	// between searches running at once.
	root, _, err := ix.rootQuery(q, true)
	if err != nil {
		return facetResult{err: err}
	}
	fail := func(err error) facetResult {
		return facetResult{err: fmt.Errorf("index: search: facets: %w", err)}
	}
	adv, err := ix.bi.Advanced()
	if err != nil {
		return fail(err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fail(err)
	}
	defer r.Close()
	sr, err := root.Searcher(ctx, r, ix.bi.Mapping(), search.SearcherOptions{Score: "none"})
	if err != nil {
		return fail(err)
	}
	defer sr.Close()
	dv, err := r.DocValueReader([]string{fieldFacet})
	if err != nil {
		return fail(err)
	}
	counts := map[string]*int{}
	visit := func(_ string, term []byte) {
		if n := counts[string(term)]; n != nil {
			*n++
			return
		}
		n := 1
		counts[string(term)] = &n
	}
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(sr.DocumentMatchPoolSize()+1, 0), IndexReader: r}
	for i := 0; ; i++ {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return fail(err)
			}
		}
		dm, err := sr.Next(sctx)
		if err != nil {
			return fail(err)
		}
		if dm == nil {
			break
		}
		if err := dv.VisitDocValues(dm.IndexInternalID, visit); err != nil {
			return fail(err)
		}
		sctx.DocumentMatchPool.Put(dm)
	}
	terms := make([]*search.TermFacet, 0, len(counts))
	for t, n := range counts {
		terms = append(terms, &search.TermFacet{Term: t, Count: *n})
	}
	return facetResult{facets: facetCounts(terms)}
}

// rootQuery is q as one bleve query: its words and its filters. Unscored,
// for counting, words and filters are one conjunction, which skips ahead
// to the documents both have instead of checking the filter on every
// document with the words.
func (ix *Index) rootQuery(q leakwatch.Query, unscored bool) (query.Query, bool, error) {
	textQ, err := ix.textQuery(q.Text)
	if err != nil {
		return nil, false, err
	}
	filters, err := ix.filters(q)
	if err != nil {
		return nil, false, err
	}
	hasText := textQ != nil
	if unscored && hasText && len(filters) > 0 {
		return query.NewConjunctionQuery(append([]query.Query{textQ}, filters...)), hasText, nil
	}
	// Scored, one boolean query with the filters as its filter: in a
	// conjunction bleve v2.6.3 loses the title boost (a should clause) of
	// some documents, and rankings change (TestFilterKeepsRanking).
	root := query.NewBooleanQuery(nil, nil, nil)
	if hasText {
		root.AddMust(textQ)
	}
	if len(filters) > 0 {
		root.AddFilter(conj(filters))
	}
	if !hasText && len(filters) == 0 {
		root.AddMust(query.NewMatchAllQuery())
	}
	return root, hasText, nil
}

func toHit(h *search.DocumentMatch) (leakwatch.Hit, error) {
	var m meta
	if s, ok := h.Fields[fieldMeta].(string); ok {
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			return leakwatch.Hit{}, fmt.Errorf("index: document %s: stored fields: %w", h.ID, err)
		}
	}
	hit := leakwatch.Hit{Article: m.Article, Score: h.Score}
	hit.Snippets = h.Fragments[fieldText]
	return hit, nil
}

func sortOrder(s leakwatch.SortOrder, hasText bool) (search.SortOrder, error) {
	// Every sort key is read for every hit, so relevance uses the score
	// alone (no date tie-break, which would read doc values for all hits).
	score := &search.SortScore{Desc: true}
	date := &search.SortField{Field: fieldPublished, Type: search.SortFieldAsDate, Desc: true, Missing: search.SortFieldMissingLast}
	switch s {
	case "", leakwatch.SortRelevance:
		if !hasText {
			return search.SortOrder{date}, nil
		}
		return search.SortOrder{score}, nil
	case leakwatch.SortDate:
		return search.SortOrder{date}, nil
	case leakwatch.SortRecords:
		rec := &search.SortField{Field: fieldRecords, Type: search.SortFieldAsNumber, Desc: true, Missing: search.SortFieldMissingLast}
		return search.SortOrder{rec, date}, nil
	}
	return nil, fmt.Errorf("index: sort %q: %w", s, leakwatch.ErrInvalid)
}

// filters turns the structured part of q into non-scoring filter queries:
// any of the listed values within one filter, all filters together.
func (ix *Index) filters(q leakwatch.Query) ([]query.Query, error) {
	var fs []query.Query
	anyOf := func(field string, vals []string) {
		if len(vals) == 0 {
			return
		}
		ds := make([]query.Query, len(vals))
		for i, v := range vals {
			tq := query.NewTermQuery(v)
			tq.SetField(field)
			ds[i] = tq
		}
		fs = append(fs, query.NewDisjunctionQuery(ds))
	}
	var causes, actors, data []string
	for _, c := range q.Causes {
		if !c.Valid() {
			return nil, fmt.Errorf("index: cause %q: %w", c, leakwatch.ErrInvalid)
		}
		causes = append(causes, string(c))
	}
	for _, a := range q.Actors {
		if !a.Valid() {
			return nil, fmt.Errorf("index: actor %q: %w", a, leakwatch.ErrInvalid)
		}
		actors = append(actors, string(a))
	}
	for _, d := range q.DataTypes {
		if !d.Valid() {
			return nil, fmt.Errorf("index: data type %q: %w", d, leakwatch.ErrInvalid)
		}
		data = append(data, string(d))
	}
	anyOf(fieldCause, causes)
	anyOf(fieldActor, actors)
	anyOf(fieldData, data)
	anyOf(fieldSource, q.Sources)
	if org := strings.TrimSpace(q.Org); org != "" {
		exact := query.NewTermQuery(org)
		exact.SetField(fieldOrgKW)
		ors := []query.Query{exact}
		if words := ix.wordQuery(fieldOrg, org); words != nil {
			ors = append(ors, words)
		}
		fs = append(fs, query.NewDisjunctionQuery(ors))
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		var from, to time.Time
		if !q.From.IsZero() {
			from = dayStart(q.From)
		}
		if !q.To.IsZero() {
			to = dayStart(q.To).AddDate(0, 0, 1)
		}
		if !from.IsZero() && !to.IsZero() && !to.After(from) {
			return nil, fmt.Errorf("index: date range %s to %s is empty: %w", q.From.Format(time.DateOnly), q.To.Format(time.DateOnly), leakwatch.ErrInvalid)
		}
		t, f := true, false
		dq := query.NewDateRangeInclusiveQuery(from, to, &t, &f)
		dq.SetField(fieldPublished)
		fs = append(fs, dq)
	}
	if q.MinRecords != nil || q.MaxRecords != nil {
		var lo, hi *float64
		if q.MinRecords != nil {
			v := float64(*q.MinRecords)
			lo = &v
		}
		if q.MaxRecords != nil {
			v := float64(*q.MaxRecords)
			hi = &v
		}
		if lo != nil && hi != nil && *hi < *lo {
			return nil, fmt.Errorf("index: record range %d to %d is empty: %w", *q.MinRecords, *q.MaxRecords, leakwatch.ErrInvalid)
		}
		t := true
		nq := query.NewNumericRangeInclusiveQuery(lo, hi, &t, &t)
		nq.SetField(fieldRecords)
		fs = append(fs, nq)
	}
	return fs, nil
}

// dayStart is the start of t's day in Japan time: the From and To of a
// query are inclusive days there.
func dayStart(t time.Time) time.Time {
	y, m, d := t.In(leakwatch.JST).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, leakwatch.JST)
}

var keywordFields = map[string]bool{
	fieldOrgKW: true, fieldCause: true, fieldActor: true, fieldData: true, fieldSource: true, fieldMonth: true,
}

// textQuery parses the query string and rewrites it onto the index's
// fields; nil when there is no text.
func (ix *Index) textQuery(text string) (q query.Query, err error) {
	// The ideographic space separates words like a space.
	text = strings.TrimSpace(strings.ReplaceAll(text, "\u3000", " "))
	if text == "" {
		return nil, nil
	}
	defer func() {
		// The query-string parser is generated code; a crash on odd input
		// must reach the user as a bad query, not take the process down.
		if r := recover(); r != nil {
			q, err = nil, fmt.Errorf("index: query %q: %v: %w", text, r, leakwatch.ErrBadQuery)
		}
	}()
	parsed, err := query.NewQueryStringQuery(text).Parse()
	if err != nil {
		return nil, fmt.Errorf("index: query %q: %v: %w", text, err, leakwatch.ErrBadQuery)
	}
	q, err = ix.rewrite(parsed)
	if err != nil {
		return nil, fmt.Errorf("index: query %q: %w", text, err)
	}
	if q == nil {
		// Only stop words (の, は …): nothing to look for, so nothing found.
		return query.NewMatchNoneQuery(), nil
	}
	return q, nil
}

// errUnsupported marks query-string features the index does not offer.
var errUnsupported = errors.New("unsupported")

// rewrite maps the parsed query string onto the index: every plain word is
// required (bleve's query string makes them optional), words are analysed
// into term and pair lookups, fields are checked. It returns nil for a
// query that analyses to nothing.
func (ix *Index) rewrite(q query.Query) (query.Query, error) {
	switch q := q.(type) {
	case *query.BooleanQuery:
		var must, not []query.Query
		for _, part := range []query.Query{q.Must, q.Should} {
			subs, err := ix.rewriteAll(part)
			if err != nil {
				return nil, err
			}
			must = append(must, subs...)
		}
		not, err := ix.rewriteAll(q.MustNot)
		if err != nil {
			return nil, err
		}
		if len(must) == 0 && len(not) == 0 {
			return nil, nil
		}
		var mq query.Query
		if len(must) > 0 {
			mq = conj(must)
		}
		var nq query.Query
		if len(not) > 0 {
			nq = query.NewDisjunctionQuery(not)
		}
		return query.NewBooleanQuery([]query.Query{mq}[:boolLen(mq)], nil, []query.Query{nq}[:boolLen(nq)]), nil
	case *query.ConjunctionQuery:
		subs, err := ix.rewriteAll(q)
		if err != nil || len(subs) == 0 {
			return nil, err
		}
		return conj(subs), nil
	case *query.DisjunctionQuery:
		subs, err := ix.rewriteAll(q)
		if err != nil || len(subs) == 0 {
			return nil, err
		}
		return conj(subs), nil
	case *query.MatchQuery:
		return ix.fieldWord(q.FieldVal, q.Match)
	case *query.MatchPhraseQuery:
		return ix.fieldWord(q.FieldVal, q.MatchPhrase)
	case *query.WildcardQuery:
		if keywordFields[q.FieldVal] {
			return q, nil
		}
		// In text the ? and * are read as punctuation, which the analyzer
		// drops: 情報漏えい? is the word 情報漏えい.
		return ix.fieldWord(q.FieldVal, strings.NewReplacer("*", " ", "?", " ").Replace(q.Wildcard))
	case *query.NumericRangeQuery:
		if q.FieldVal != fieldRecords {
			return nil, fmt.Errorf("numeric range on %q: only %s: %w", q.FieldVal, fieldRecords, leakwatch.ErrBadQuery)
		}
		return q, nil
	case *query.DateRangeQuery:
		if q.FieldVal != fieldPublished {
			return nil, fmt.Errorf("date range on %q: only %s: %w", q.FieldVal, fieldPublished, leakwatch.ErrBadQuery)
		}
		return q, nil
	case *query.DateRangeStringQuery:
		if q.FieldVal != fieldPublished {
			return nil, fmt.Errorf("date range on %q: only %s: %w", q.FieldVal, fieldPublished, leakwatch.ErrBadQuery)
		}
		return q, nil
	case *query.RegexpQuery:
		return nil, fmt.Errorf("regular expressions are %w: %w", errUnsupported, leakwatch.ErrBadQuery)
	}
	return nil, fmt.Errorf("%T is %w: %w", q, errUnsupported, leakwatch.ErrBadQuery)
}

func boolLen(q query.Query) int {
	if q == nil {
		return 0
	}
	return 1
}

// rewriteAll rewrites the clauses of a conjunction or disjunction.
func (ix *Index) rewriteAll(q query.Query) ([]query.Query, error) {
	var subs []query.Query
	switch q := q.(type) {
	case nil:
		return nil, nil
	case *query.ConjunctionQuery:
		subs = q.Conjuncts
	case *query.DisjunctionQuery:
		subs = q.Disjuncts
	default:
		subs = []query.Query{q}
	}
	var out []query.Query
	for _, s := range subs {
		r, err := ix.rewrite(s)
		if err != nil {
			return nil, err
		}
		if r != nil {
			out = append(out, r)
		}
	}
	return out, nil
}

func conj(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewConjunctionQuery(qs)
}

// fieldWord is one word of the query string, with its field if it had one.
func (ix *Index) fieldWord(field, word string) (query.Query, error) {
	switch {
	case field == "":
		// Found in the title or the body; a title match weighs more.
		must := ix.wordQuery(fieldText, word)
		if must == nil {
			return nil, nil
		}
		boost := ix.wordQuery(fieldTitle, word)
		if b, ok := boost.(query.BoostableQuery); ok {
			b.SetBoost(titleBoost)
		}
		return query.NewBooleanQuery([]query.Query{must}, []query.Query{boost}, nil), nil
	case keywordFields[field]:
		tq := query.NewTermQuery(word)
		tq.SetField(field)
		return tq, nil
	case field == fieldTitle || field == fieldOrg:
		return ix.wordQuery(field, word), nil
	case field == "body":
		// The body is searched with the title; there is no body-only field.
		return ix.wordQuery(fieldText, word), nil
	}
	return nil, fmt.Errorf("unknown field %q (fields: title, body, org, org_kw, cause, actor, data, source, month, records, published): %w", field, leakwatch.ErrBadQuery)
}

// wordQuery finds word in any of fields. The word is analysed like the
// text; each position becomes a choice of its forms (surface, base,
// synonym), and each two adjacent positions a choice of pair terms, so
// 委託先 needs 委託 and 先 side by side. Positions the analyzer dropped
// (particles) break the chain: 不正にアクセス asks for 不正 and アクセス,
// not for the pair. nil when the word is all stop words.
func (ix *Index) wordQuery(field, word string) query.Query {
	slots := ix.an.slots(word, false)
	if len(slots) == 0 {
		return nil
	}
	var clauses []query.Query
	for i, s := range slots {
		adjPrev := i > 0 && slots[i-1].pos == s.pos-1
		adjNext := i+1 < len(slots) && slots[i+1].pos == s.pos+1
		if adjNext {
			next := slots[i+1]
			var pairs []string
			for _, l := range s.terms {
				for _, r := range next.terms {
					pairs = append(pairs, l+pairSep+r)
				}
			}
			clauses = append(clauses, termsIn(field, pairs))
		} else if !adjPrev {
			clauses = append(clauses, termsIn(field, s.terms))
		}
	}
	return conj(clauses)
}

// termsIn matches any of terms in field.
func termsIn(field string, terms []string) query.Query {
	if len(terms) == 1 {
		tq := query.NewTermQuery(terms[0])
		tq.SetField(field)
		return tq
	}
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := query.NewTermQuery(t)
		tq.SetField(field)
		qs[i] = tq
	}
	return query.NewDisjunctionQuery(qs)
}

func bucketIndex(name string) int {
	for i, b := range recordBuckets {
		if b.name == name {
			return i
		}
	}
	return len(recordBuckets)
}

// facetCounts turns the facet field's term counts into facets: name=value
// terms count for their facet, primary terms (see primaryFacet) for the
// cause, actor and record range they join. Values come most frequent first,
// months newest first, record ranges smallest first.
func facetCounts(terms []*search.TermFacet) map[string][]leakwatch.FacetCount {
	counts := map[string]map[string]int{}
	add := func(name, val string, n int) {
		if val == "" {
			return
		}
		m := counts[name]
		if m == nil {
			m = map[string]int{}
			counts[name] = m
		}
		m[val] += n
	}
	for _, t := range terms {
		if rest, ok := strings.CutPrefix(t.Term, primaryFacet); ok {
			parts := strings.SplitN(rest, "|", 3)
			if len(parts) != 3 {
				continue
			}
			add(FacetCause, parts[0], t.Count)
			add(FacetActor, parts[1], t.Count)
			add(FacetRecords, parts[2], t.Count)
			continue
		}
		if name, val, ok := strings.Cut(t.Term, "="); ok {
			add(name, val, t.Count)
		}
	}
	out := make(map[string][]leakwatch.FacetCount, len(counts))
	for name, m := range counts {
		fcs := make([]leakwatch.FacetCount, 0, len(m))
		for v, n := range m {
			fcs = append(fcs, leakwatch.FacetCount{Value: v, Count: n})
		}
		switch name {
		case FacetMonth:
			sort.Slice(fcs, func(i, j int) bool { return fcs[i].Value > fcs[j].Value })
		case FacetRecords:
			sort.Slice(fcs, func(i, j int) bool { return bucketIndex(fcs[i].Value) < bucketIndex(fcs[j].Value) })
		default:
			sort.Slice(fcs, func(i, j int) bool {
				if fcs[i].Count != fcs[j].Count {
					return fcs[i].Count > fcs[j].Count
				}
				return fcs[i].Value < fcs[j].Value
			})
		}
		out[name] = fcs
	}
	return out
}
