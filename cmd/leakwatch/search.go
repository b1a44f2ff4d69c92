package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/index"
)

func init() {
	register(command{name: "search", short: "search the indexed articles", run: runSearch})
}

const searchUsage = `[--data-dir DIR] [--cause C,..] [--actor A,..] [--data D,..] [--org ORG] [--source S,..]
       [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--min-records N] [--max-records N]
       [--sort relevance|date|records] [--page N] [--size N] [--json] QUERY...

QUERY is bleve query-string syntax over Japanese words: every word is required,
-word excludes, "..." keeps words together, field:word searches one field
(title, body, org, cause, actor, data, source, month), records:>=10000 and
published:>="2024-01-01" are ranges. Lists take comma-separated values.`

func runSearch(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "search", searchUsage)
	dataDir := dataDirFlag(fs, env)
	causes := fs.String("cause", "", "causes, any of (e.g. ransomware,misconfiguration)")
	actors := fs.String("actor", "", "actors, any of (external, internal, partner, unknown)")
	data := fs.String("data", "", "data types leaked, any of (e.g. credit_card,name)")
	org := fs.String("org", "", "organisation, exact or by its words")
	sources := fs.String("source", "", "source ids, any of")
	from := fs.String("from", "", "published on or after this day (YYYY-MM-DD, Japan time)")
	to := fs.String("to", "", "published on or before this day (YYYY-MM-DD, Japan time)")
	minRec := fs.String("min-records", "", "at least this many records")
	maxRec := fs.String("max-records", "", "at most this many records")
	sortBy := fs.String("sort", "relevance", "relevance, date or records")
	page := fs.Int("page", 1, "page of results, from 1")
	size := fs.Int("size", 10, fmt.Sprintf("results per page (at most %d)", index.MaxSize))
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	q, err := buildSearchQuery(fs, searchFlags{causes: *causes, actors: *actors, data: *data, org: *org,
		sources: *sources, from: *from, to: *to, minRec: *minRec, maxRec: *maxRec, sort: *sortBy, page: *page, size: *size})
	if err != nil {
		return err
	}

	tok, err := tokenizer()
	if err != nil {
		return err
	}
	ix, err := index.Open(indexPath(*dataDir), tok)
	if errors.Is(err, index.ErrLocked) {
		// bleve lets one process at a time open the index, and serve keeps
		// it open; serve answers the same queries over HTTP.
		addr := env.Getenv("LEAKWATCH_ADDR")
		if addr == "" {
			addr = "127.0.0.1:8080"
		}
		return fmt.Errorf("the index is in use by another process, normally leakwatch serve: while serve runs, "+
			"search on its web page (http://%s/) or its API (curl 'http://%s/api/search?q=…'): %w", addr, addr, err)
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	checkIndex(ctx, env, *dataDir, ix)

	res, err := ix.Search(ctx, q)
	if errors.Is(err, leakwatch.ErrBadQuery) || errors.Is(err, leakwatch.ErrInvalid) {
		return usageErrorf("%v", err)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	printResults(env.Stdout, q, res)
	return nil
}

// checkIndex reports on stderr when the index and the store disagree. A
// data directory without a store is left alone: search never creates one.
func checkIndex(ctx context.Context, env *Env, dataDir string, ix *index.Index) {
	if _, err := os.Stat(storePath(dataDir)); err != nil {
		return
	}
	st, err := openStore(ctx, dataDir)
	if err != nil {
		fmt.Fprintf(env.Stderr, "leakwatch search: warning: cannot compare with the store: %v\n", err)
		return
	}
	defer st.Close()
	n, err := st.CountArticles(ctx)
	if err == nil {
		err = ix.Check(ctx, n)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "leakwatch search: warning: %v\n", err)
	}
}

type searchFlags struct {
	causes, actors, data, org, sources, from, to, minRec, maxRec, sort string
	page, size                                                         int
}

// buildSearchQuery checks the flags and builds the query; bad values are
// usage errors.
func buildSearchQuery(fs *flag.FlagSet, f searchFlags) (leakwatch.Query, error) {
	q := leakwatch.Query{Text: strings.Join(fs.Args(), " "), Org: strings.TrimSpace(f.org), Page: f.page, Size: f.size}
	for _, s := range splitList(f.causes) {
		c, err := leakwatch.ParseCause(s)
		if err != nil {
			return q, usageErrorf("--cause: %v", err)
		}
		q.Causes = append(q.Causes, c)
	}
	for _, s := range splitList(f.actors) {
		a, err := leakwatch.ParseActor(s)
		if err != nil {
			return q, usageErrorf("--actor: %v", err)
		}
		q.Actors = append(q.Actors, a)
	}
	for _, s := range splitList(f.data) {
		d, err := leakwatch.ParseDataType(s)
		if err != nil {
			return q, usageErrorf("--data: %v", err)
		}
		q.DataTypes = append(q.DataTypes, d)
	}
	q.Sources = splitList(f.sources)
	var err error
	if q.From, err = parseDay("--from", f.from); err != nil {
		return q, err
	}
	if q.To, err = parseDay("--to", f.to); err != nil {
		return q, err
	}
	if q.MinRecords, err = parseCount("--min-records", f.minRec); err != nil {
		return q, err
	}
	if q.MaxRecords, err = parseCount("--max-records", f.maxRec); err != nil {
		return q, err
	}
	switch s := leakwatch.SortOrder(f.sort); s {
	case leakwatch.SortRelevance, leakwatch.SortDate, leakwatch.SortRecords:
		q.Sort = s
	default:
		return q, usageErrorf("--sort %q: want relevance, date or records", f.sort)
	}
	if f.page < 1 {
		return q, usageErrorf("--page %d: pages start at 1", f.page)
	}
	if f.size < 1 || f.size > index.MaxSize {
		return q, usageErrorf("--size %d: want 1 to %d", f.size, index.MaxSize)
	}
	return q, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parseDay(flagName, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, leakwatch.JST)
	if err != nil {
		return time.Time{}, usageErrorf("%s %q: want YYYY-MM-DD", flagName, s)
	}
	return d, nil
}

func parseCount(flagName, s string) (*int64, error) {
	if s == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
	if err != nil || n < 0 {
		return nil, usageErrorf("%s %q: want a whole number", flagName, s)
	}
	return &n, nil
}

// printResults writes a page of results for people.
func printResults(w io.Writer, q leakwatch.Query, res leakwatch.SearchResult) {
	size := q.Size
	first := (max(q.Page, 1)-1)*size + 1
	if res.Total == 0 {
		fmt.Fprintf(w, "no results for %q\n", q.Text)
		return
	}
	fmt.Fprintf(w, "%d results", res.Total)
	if q.Text != "" {
		fmt.Fprintf(w, " for %q", q.Text)
	}
	fmt.Fprintf(w, " (%s)\n\n", res.Took.Round(time.Microsecond))
	for i, h := range res.Hits {
		a := h.Article
		fmt.Fprintf(w, "%3d. %s\n", first+i, a.Title)
		meta := []string{}
		if !a.Published.IsZero() {
			meta = append(meta, a.Published.In(leakwatch.JST).Format(time.DateOnly))
		}
		meta = append(meta, a.SourceID)
		for _, in := range a.Incidents {
			meta = append(meta, incidentLine(in))
		}
		fmt.Fprintf(w, "     %s\n", strings.Join(meta, " · "))
		fmt.Fprintf(w, "     %s\n", a.URL)
		for _, s := range h.Snippets {
			p := plainSnippet(s)
			if strings.NewReplacer("【", "", "】", "").Replace(p) == a.Title {
				continue // the title is printed above
			}
			fmt.Fprintf(w, "     %s\n", p)
		}
		fmt.Fprintln(w)
	}
	last := first + len(res.Hits) - 1
	pages := (int(res.Total) + size - 1) / size
	fmt.Fprintf(w, "%d–%d of %d, page %d of %d", first, last, res.Total, max(q.Page, 1), pages)
	if max(q.Page, 1) < pages {
		fmt.Fprintf(w, " (--page %d for more)", max(q.Page, 1)+1)
	}
	fmt.Fprintln(w)
	printFacet(w, "causes", res.Facets[index.FacetCause], func(v string) string { return leakwatch.Cause(v).Label() })
	printFacet(w, "actors", res.Facets[index.FacetActor], func(v string) string { return leakwatch.Actor(v).Label() })
	printFacet(w, "data", res.Facets[index.FacetData], func(v string) string { return leakwatch.DataType(v).Label() })
	printFacet(w, "sources", res.Facets[index.FacetSource], func(v string) string { return v })
	printFacet(w, "months", res.Facets[index.FacetMonth], func(v string) string { return v })
	printFacet(w, "records", res.Facets[index.FacetRecords], func(v string) string { return v })
}

func incidentLine(in leakwatch.Incident) string {
	parts := []string{}
	if in.Org != "" {
		parts = append(parts, in.Org)
	}
	var causes []string
	for _, c := range in.Causes {
		causes = append(causes, c.Label())
	}
	if len(causes) > 0 {
		parts = append(parts, strings.Join(causes, "・"))
	}
	switch {
	case in.RecordsText != "":
		parts = append(parts, in.RecordsText)
	case in.Records != nil:
		parts = append(parts, in.RecordsQualifier.Prefix()+groupDigits(*in.Records)+"件"+in.RecordsQualifier.Suffix())
	}
	return strings.Join(parts, " ")
}

func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// plainSnippet turns an HTML snippet into terminal text: marks become 【】,
// entities are decoded, line breaks folded.
func plainSnippet(s string) string {
	s = strings.NewReplacer("<mark>", "【", "</mark>", "】").Replace(s)
	s = html.UnescapeString(s)
	return strings.Join(strings.Fields(s), " ")
}

func printFacet(w io.Writer, name string, fcs []leakwatch.FacetCount, label func(string) string) {
	if len(fcs) == 0 {
		return
	}
	parts := make([]string, len(fcs))
	for i, fc := range fcs {
		parts[i] = fmt.Sprintf("%s %d", label(fc.Value), fc.Count)
	}
	fmt.Fprintf(w, "%s: %s\n", name, strings.Join(parts, " · "))
}
