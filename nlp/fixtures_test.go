package nlp

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/leakwatch/leakwatch"
	"golang.org/x/text/unicode/norm"
)

var (
	sharedTokOnce sync.Once
	sharedTok     *Tokenizer
	sharedTokErr  error
)

// testAnalyzer loads the dictionary once for all tests of the package.
func testAnalyzer(t testing.TB) *Analyzer {
	t.Helper()
	sharedTokOnce.Do(func() { sharedTok, sharedTokErr = NewTokenizer() })
	if sharedTokErr != nil {
		t.Fatal(sharedTokErr)
	}
	return NewAnalyzer(sharedTok)
}

type goldIncident struct {
	Org        string   `json:"org"`
	OrgAliases []string `json:"org_aliases"`
	OrgOK      []string `json:"org_ok"`
	Causes     []string `json:"causes"`
	Actor      string   `json:"actor"`
	Records    *int64   `json:"records"`
	RecordsOK  []int64  `json:"records_ok"`
}

type goldArticle struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
	Label struct {
		IsIncident bool           `json:"is_incident"`
		Incidents  []goldIncident `json:"incidents"`
	} `json:"label"`
}

func loadGold(t *testing.T, path string) []goldArticle {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []goldArticle
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var a goldArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, a)
	}
	return out
}

// normOrg mirrors the scorer's organisation matching: NFKC, legal forms and
// punctuation removed, containment either way.
func normOrg(s string) string {
	s = cleanOrgName(norm.NFKC.String(s))
	s = strings.NewReplacer("・", "", " ", "", "(", "", ")", "", "「", "", "」", "").Replace(s)
	return strings.ToLower(s)
}

func orgMatches(pred string, g goldIncident) bool {
	p := normOrg(pred)
	if p == "" {
		return false
	}
	for _, n := range append(append([]string{g.Org}, g.OrgAliases...), g.OrgOK...) {
		n = normOrg(n)
		if n != "" && (p == n || len([]rune(p)) >= 2 && strings.Contains(n, p) || len([]rune(n)) >= 2 && strings.Contains(p, n)) {
			return true
		}
	}
	return false
}

type scores struct {
	detectF1, headline, causeMacroF1, orgAcc, recordsAcc float64
}

// score computes the figures shared/eval/score.py gates on.
func score(t *testing.T, an *Analyzer, gold []goldArticle, verbose bool) scores {
	var tp, fp, fn int
	headTotal, headOK := 0, 0
	orgOK, incGold := 0, 0
	recGold, recOK := 0, 0
	type prf struct{ tp, fp, fn int }
	perCause := map[string]*prf{}
	for _, c := range leakwatch.Causes() {
		perCause[string(c)] = &prf{}
	}
	for _, a := range gold {
		res := an.Analyze(a.Title, a.Text)
		switch {
		case a.Label.IsIncident && res.IsIncident:
			tp++
		case a.Label.IsIncident:
			fn++
		case res.IsIncident:
			fp++
		}
		if verbose && a.Label.IsIncident != res.IsIncident {
			t.Logf("%s: is_incident gold=%v pred=%v", a.ID, a.Label.IsIncident, res.IsIncident)
		}
		if !a.Label.IsIncident {
			continue
		}
		incGold += len(a.Label.Incidents)
		var top *int64
		for _, g := range a.Label.Incidents {
			if g.Records != nil && (top == nil || *g.Records > *top) {
				top = g.Records
			}
		}
		if top != nil {
			headTotal++
			var pmax *int64
			for _, p := range res.Incidents {
				if p.Records != nil && (pmax == nil || *p.Records > *pmax) {
					pmax = p.Records
				}
			}
			ok := pmax != nil && *pmax == *top
			for _, g := range a.Label.Incidents {
				if g.Records != nil && *g.Records == *top && pmax != nil {
					for _, v := range g.RecordsOK {
						ok = ok || v == *pmax
					}
				}
			}
			if ok {
				headOK++
			} else if verbose {
				t.Logf("%s: headline gold=%d pred=%v", a.ID, *top, deref(pmax))
			}
		}
		used := map[int]bool{}
		for _, g := range a.Label.Incidents {
			for pi, p := range res.Incidents {
				if used[pi] || !orgMatches(p.Org, g) {
					continue
				}
				used[pi] = true
				orgOK++
				gc := map[string]bool{}
				for _, c := range g.Causes {
					gc[c] = true
				}
				pc := map[string]bool{}
				for _, c := range p.Causes {
					pc[string(c)] = true
				}
				for c, s := range perCause {
					switch {
					case gc[c] && pc[c]:
						s.tp++
					case gc[c]:
						s.fn++
					case pc[c]:
						s.fp++
					}
				}
				if g.Records != nil {
					recGold++
					if p.Records != nil && (*p.Records == *g.Records || contains(g.RecordsOK, *p.Records)) {
						recOK++
					} else if verbose {
						t.Logf("%s: %s records gold=%d pred=%v", a.ID, g.Org, *g.Records, deref(p.Records))
					}
				}
				break
			}
		}
	}
	var s scores
	if tp > 0 {
		p, r := float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
		s.detectF1 = 2 * p * r / (p + r)
	}
	if headTotal > 0 {
		s.headline = float64(headOK) / float64(headTotal)
	}
	if incGold > 0 {
		s.orgAcc = float64(orgOK) / float64(incGold)
	}
	if recGold > 0 {
		s.recordsAcc = float64(recOK) / float64(recGold)
	}
	n, sum := 0, 0.0
	for _, c := range perCause {
		if c.tp+c.fn == 0 {
			continue
		}
		n++
		if c.tp > 0 {
			p, r := float64(c.tp)/float64(c.tp+c.fp), float64(c.tp)/float64(c.tp+c.fn)
			sum += 2 * p * r / (p + r)
		}
	}
	if n > 0 {
		s.causeMacroF1 = sum / float64(n)
	}
	return s
}

func contains(vs []int64, v int64) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// TestFixtureScores scores the project's own labelled articles (written for
// this project in the styles of real news) and fails when quality drops below
// the floors: a regression guard, not a claim about unseen articles.
// testdata/articles were written alongside the rules; testdata/heldout and
// testdata/heldout2 to heldout8 were written later by people who had not read them, and
// measured before any rule was fitted to them (see the closing notes).
func TestFixtureScores(t *testing.T) {
	an := testAnalyzer(t)
	// Floors sit a little under each set's score when it was last fitted:
	// heldout8, the newest, was fitted least and has its own lower floors.
	const common = 0.90
	for _, set := range []struct {
		path                            string
		min                             int
		causeFloor, headFloor, orgFloor float64
	}{
		{"testdata/labels.jsonl", 30, 0.85, common, common},
		{"testdata/heldout/labels.jsonl", 30, 0.85, common, common},
		{"testdata/heldout2/labels.jsonl", 30, 0.80, common, common},
		{"testdata/heldout3/labels.jsonl", 40, 0.85, common, common},
		{"testdata/heldout4/labels.jsonl", 40, 0.75, common, common},
		{"testdata/heldout5/labels.jsonl", 40, 0.85, common, common},
		{"testdata/heldout6/labels.jsonl", 40, 0.85, common, common},
		{"testdata/heldout7/labels.jsonl", 40, 0.85, common, common},
		{"testdata/heldout8/labels.jsonl", 40, 0.80, 0.80, 0.75},
	} {
		gold := loadGold(t, set.path)
		if len(gold) < set.min {
			t.Fatalf("%s: only %d fixture articles", set.path, len(gold))
		}
		s := score(t, an, gold, testing.Verbose())
		t.Logf("%s: %d articles, detect F1 %.3f, headline count %.1f%%, records %.1f%%, cause macro F1 %.3f, org %.1f%%",
			set.path, len(gold), s.detectF1, 100*s.headline, 100*s.recordsAcc, s.causeMacroF1, 100*s.orgAcc)
		floors := []struct {
			name       string
			got, floor float64
		}{
			{"detect F1", s.detectF1, 0.95},
			{"headline count", s.headline, set.headFloor},
			{"records", s.recordsAcc, 0.85},
			{"cause macro F1", s.causeMacroF1, set.causeFloor},
			{"organisation", s.orgAcc, set.orgFloor},
		}
		for _, f := range floors {
			if f.got < f.floor {
				t.Errorf("%s: %s = %.3f, below the floor %.2f", set.path, f.name, f.got, f.floor)
			}
		}
	}
}

// TestSeedScores runs the same scoring on shared/eval's seeds when present.
func TestSeedScores(t *testing.T) {
	path := "../../shared/eval/seeds.jsonl"
	if _, err := os.Stat(path); err != nil {
		t.Skip("shared/eval not present")
	}
	s := score(t, testAnalyzer(t), loadGold(t, path), testing.Verbose())
	t.Logf("seeds: detect F1 %.3f, headline %.1f%%, records %.1f%%, cause macro F1 %.3f, org %.1f%%",
		s.detectF1, 100*s.headline, 100*s.recordsAcc, s.causeMacroF1, 100*s.orgAcc)
	if s.detectF1 < 1 || s.headline < 1 || s.recordsAcc < 0.9 || s.causeMacroF1 < 0.85 || s.orgAcc < 0.857 {
		t.Errorf("seed scores below the floors of issue 3: %+v", s)
	}
}

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}
