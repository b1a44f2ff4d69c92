package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"os"
	"slices"
	"strings"

	"github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/crawler"
)

func init() {
	register(command{name: "reanalyze", short: "re-read every stored article with the current rules", run: runReanalyze})
}

func runReanalyze(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "reanalyze", "[--data-dir D] [--no-index] [--reextract [--sources F]]")
	dataDir := dataDirFlag(fs, env)
	noIndex := fs.Bool("no-index", false, "do not update the search index (run reindex later)")
	reextract := fs.Bool("reextract", false, "first extract each article's text again from its archived page")
	sourcesFile := fs.String("sources", env.Getenv("LEAKWATCH_SOURCES"), "TOML sources file, for content selectors with --reextract (env LEAKWATCH_SOURCES; default: the built-in list)")
	if err := parseFlagsNoArgs(fs, args); err != nil {
		return err
	}
	sources := map[string]leakwatch.Source{}
	if *reextract {
		list, err := loadSources(*sourcesFile)
		if err != nil {
			return err
		}
		for _, src := range list {
			sources[src.ID] = src
		}
	}
	// Changed articles are re-indexed so the index's cause and data-type
	// facets follow; an index that does not exist yet is left to reindex,
	// which builds it whole, and one that serve holds to serve.
	_, statErr := os.Stat(indexPath(*dataDir))
	w, err := openWriter(ctx, env, "reanalyze", *dataDir, statErr == nil && !*noIndex, "changed articles")
	if err != nil {
		return err
	}
	defer w.Close()
	an, st, ix, locked := w.an, w.st, w.ix, w.indexLocked
	queue := &indexQueue{ix: ix, logger: env.Logger, what: "reanalyzed articles"}

	var d analysisDiff
	var extracted, textChanged, extractFailed int
	err = st.EachArticle(ctx, func(a leakwatch.Article) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		old := leakwatch.Analysis{IsIncident: a.IsIncident, Incidents: a.Incidents}
		if *reextract {
			raw, rawType, err := st.Raw(ctx, a.ID)
			switch {
			case errors.Is(err, leakwatch.ErrNotFound):
			case err != nil:
				return err
			default:
				na, ok, err := reextractArticle(a, raw, rawType, sources[a.SourceID].Selector)
				if err != nil {
					extractFailed++
					env.Logger.Warn("re-extract failed; stored text kept", "id", a.ID, "url", a.URL, "err", err)
					break
				}
				if !ok {
					break
				}
				extracted++
				if na.Title != a.Title || na.Text != a.Text || !na.Published.Equal(a.Published) {
					if _, err := st.UpsertArticle(ctx, &na); err != nil {
						return err
					}
					textChanged++
					a = na
				}
			}
		}
		res := an.Analyze(a.Title, analyzeText(a))
		if !d.add(old, res) {
			return nil
		}
		if err := st.SaveAnalysis(ctx, a.ID, res); err != nil {
			return err
		}
		a.IsIncident, a.Incidents = res.IsIncident, res.Incidents
		queue.add(ctx, a)
		return nil
	})
	queue.flush(ctx)
	// What was done is reported even when interrupted: each article's save
	// is its own transaction, so those counted are stored.
	if *reextract {
		fmt.Fprintf(env.Stdout, "re-extracted %d articles from their archived pages: %d texts changed, %d failed (text kept)\n",
			extracted, textChanged, extractFailed)
	}
	fmt.Fprintf(env.Stdout, "reanalyzed %d articles: %d changed; incidents %d → %d (%d added, %d removed)\n",
		d.articles, d.changed, d.before, d.after, d.added, d.removed)
	if err != nil {
		return fmt.Errorf("reanalyze: %w", err)
	}
	switch {
	case queue.failed > 0:
		return &partialError{msg: fmt.Sprintf("%d articles could not be re-indexed; run leakwatch reindex", queue.failed)}
	case (d.changed > 0 || textChanged > 0) && ix == nil && !locked:
		fmt.Fprintln(env.Stdout, "search index not updated: run leakwatch reindex")
	}
	return nil
}

// reextractArticle reads an article again from its archived raw page: HTML
// through the crawler's extractor (with the source's selector), plain text as
// import splits it. What the page gives replaces the stored text; the title
// and published time are replaced only when the stored ones are empty, as the
// crawler prefers the feed's. ok is false for raw types it does not read
// (feed items in JSON, say).
func reextractArticle(a leakwatch.Article, raw []byte, rawType, selector string) (leakwatch.Article, bool, error) {
	mt, _, _ := mime.ParseMediaType(rawType)
	switch mt {
	case "text/html", "application/xhtml+xml":
		p, err := crawler.ExtractPage(raw, rawType, a.URL, selector)
		if err != nil {
			return a, false, err
		}
		if strings.TrimSpace(p.Text) == "" {
			return a, false, errors.New("no text in the archived page")
		}
		a.Text = p.Text
		if a.Title == "" {
			a.Title = p.Title
		}
		if a.Published.IsZero() {
			a.Published = p.Published
		}
		return a, true, nil
	case "text/plain":
		title, text := splitTitleText(string(crawler.DecodeToUTF8(raw, rawType, "").Text))
		if title == "" {
			return a, false, errors.New("archived text is empty")
		}
		a.Title, a.Text = title, text
		return a, true, nil
	}
	return a, false, nil
}

// analysisDiff counts how re-reading articles changed their analyses.
type analysisDiff struct {
	articles, changed             int
	before, after, added, removed int
}

// add compares an article's stored analysis with the current one, counts the
// difference and reports whether they differ. Incidents are matched as a
// multiset of their content, so reordering alone is no change of incidents
// but still a change of the article (the stored order is the analyzer's).
func (d *analysisDiff) add(old, cur leakwatch.Analysis) bool {
	d.articles++
	d.before += len(old.Incidents)
	d.after += len(cur.Incidents)
	oldKeys := make([]string, len(old.Incidents))
	pending := map[string]int{}
	for i, in := range old.Incidents {
		oldKeys[i] = incidentKey(in)
		pending[oldKeys[i]]++
	}
	same := old.IsIncident == cur.IsIncident && len(old.Incidents) == len(cur.Incidents)
	for i, in := range cur.Incidents {
		k := incidentKey(in)
		if same && k != oldKeys[i] {
			same = false
		}
		if pending[k] > 0 {
			pending[k]--
		} else {
			d.added++
		}
	}
	for _, n := range pending {
		d.removed += n
	}
	if !same {
		d.changed++
	}
	return !same
}

// incidentKey is an incident's content as the store keeps it: nil and empty
// lists alike, an empty actor as unknown, ids ignored (they are not in JSON).
// Evidence is compared as a set: its order says nothing, and the analyzer
// does not always list it in the same order.
func incidentKey(in leakwatch.Incident) string {
	in.Evidence = slices.Clone(in.Evidence)
	slices.SortFunc(in.Evidence, func(a, b leakwatch.Evidence) int {
		return cmp.Or(cmp.Compare(a.Field, b.Field), cmp.Compare(a.Value, b.Value),
			cmp.Compare(a.Span.Start, b.Span.Start), cmp.Compare(a.Span.End, b.Span.End),
			cmp.Compare(a.Cue, b.Cue), cmp.Compare(a.Text, b.Text))
	})
	if len(in.OrgAliases) == 0 {
		in.OrgAliases = nil
	}
	if len(in.Causes) == 0 {
		in.Causes = nil
	}
	if len(in.DataTypes) == 0 {
		in.DataTypes = nil
	}
	if len(in.Evidence) == 0 {
		in.Evidence = nil
	}
	if in.Actor == "" {
		in.Actor = leakwatch.ActorUnknown
	}
	b, err := json.Marshal(in)
	if err != nil {
		// Incidents are plain data; failing to encode one means it cannot be
		// compared, so count it as changed.
		return fmt.Sprintf("unencodable %p", &in)
	}
	return string(b)
}
