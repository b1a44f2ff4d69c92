package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/leakwatch/leakwatch"
)

func init() {
	register(command{name: "reanalyze", short: "re-read every stored article with the current rules", run: runReanalyze})
}

func runReanalyze(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "reanalyze", "[--data-dir D]")
	dataDir := dataDirFlag(fs, env)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected arguments: %v", fs.Args())
	}
	an, err := newAnalyzer()
	if err != nil {
		return err
	}
	st, err := openStore(ctx, *dataDir)
	if err != nil {
		return err
	}
	defer st.Close()

	var d analysisDiff
	err = st.EachArticle(ctx, func(a leakwatch.Article) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		old := leakwatch.Analysis{IsIncident: a.IsIncident, Incidents: a.Incidents}
		res := an.Analyze(a.Title, analyzeText(a))
		if !d.add(old, res) {
			return nil
		}
		return st.SaveAnalysis(ctx, a.ID, res)
	})
	// What was done is reported even when interrupted: each article's save
	// is its own transaction, so those counted are stored.
	fmt.Fprintf(env.Stdout, "reanalyzed %d articles: %d changed; incidents %d → %d (%d added, %d removed)\n",
		d.articles, d.changed, d.before, d.after, d.added, d.removed)
	if err != nil {
		return fmt.Errorf("reanalyze: %w", err)
	}
	env.Logger.Info("reanalyze done; run `leakwatch reindex` to bring the search index up to date", "changed", d.changed)
	return nil
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
