package nlp

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/leakwatch/leakwatch"
)

// Analyzer finds the incidents an article reports. Build one per process with
// the shared Tokenizer; it is safe for concurrent use.
type Analyzer struct {
	tok *Tokenizer
}

// NewAnalyzer returns an Analyzer that uses tok.
func NewAnalyzer(tok *Tokenizer) *Analyzer { return &Analyzer{tok: tok} }

// maxAnalyzeBytes bounds the text read: news articles are a few kilobytes; a
// 50 MB file is someone's mistake and is read as its first part.
const maxAnalyzeBytes = 512 << 10

// sentence is a range of the normalised text.
type sentence struct {
	start, end int
	text       string
	advice     bool // general advice, not a report
	announce   bool
	// underLeakHeading marks sentences under a heading such as 「流出した情報」,
	// whose lists give the count without repeating the verb.
	underLeakHeading bool
}

// block is a heading (possibly empty) and the lines under it.
type block struct {
	heading       sentence
	hasHeading    bool
	sents         []sentence
	orgs          []orgSpan // in heading and body
	inLeakSection bool      // an item of a list under a section on what leaked
	row           bool      // a case told in one row of a table or list
	headingOrgs   []orgSpan
	advisoryTitle bool
	// paraOrg is set on a block that starts at a paragraph whose first sentence
	// announces a case of another organisation (「Yも…流出したと公表した」).
	paraOrg *orgSpan
	leadOrg string
}

// group is one case: consecutive blocks about the same organisation.
type group struct {
	blocks []*block
	org    string
}

var (
	bulletRe   = regexp.MustCompile(`^(・|■|□|●|○|◆|◇|▼|▽|▶|【|\[|\d{1,2}[.)、 ](\D|$)|[一二三四五六七八九十]{1,3}[、.) ]|\(\d{1,2}\)|[①-⑳]|第\d+(位|報))`)
	advisoryRe = compileAlternation(`注意喚起|脆弱性に関する|アップデート|セキュリティ更新|修正プログラム|公開しました$|リリース|の方針|実態調査|ガイドライン|法改正|まとめ$|紹介します|最後に|出典|参考`)
	heldRe     = compileSet(`保有|格納|登録(され|して)|会員数|利用者数|契約者数|ユーザー数|ユーザ数|総数|抱える|管理する`)
	weSelfRe   = compileSet(`当社|弊社|当行|弊行|当金庫|弊組合|本組合|当院|本学|当法人|当機構|当協会|当組合|当館|当店|本校|当校|本市|当市|本町|当町|本村|本県|当県|本区|当区|本機構|本協会|当財団|本財団|当大学`)
)

// Analyze reads one article.
func (a *Analyzer) Analyze(title, text string) leakwatch.Analysis {
	if len(text) > maxAnalyzeBytes {
		text = text[:maxAnalyzeBytes]
		for !utf8.ValidString(text) && len(text) > 0 {
			text = text[:len(text)-1]
		}
	}
	tn := Normalize(strings.TrimSpace(title))
	tx := Normalize(text)
	doc := &document{a: a, title: tn.Norm, text: tx, norm: tx.Norm}
	doc.read()
	an := leakwatch.Analysis{Incidents: doc.incidents()}
	if an.Incidents == nil {
		an.Incidents = []leakwatch.Incident{}
	}
	// Warnings, product news, events and guidelines mention causes without a
	// case; only a title that itself reports a leak makes them one.
	// A title that reports a leak names its victim or speaks as one (当社,
	// 弊社); a cause alone (ランサムウェア時代の…) does not make a report.
	// 「…を誤って表示」「…を紛失」 report a mistake as plainly as 流出 reports a
	// leak; ランサムウェア or ゼロデイ in a title may only name a topic.
	titleReports := (doc.leakCueIn(tn.Norm) || titleMishap(tn.Norm)) && (len(doc.titleOrgs) > 0 || weSelfRe.MatchString(tn.Norm))
	// Statistics name no organisation in the title and report at most the
	// researcher; a review of several cases (「下半期の5事例」) is a round-up.
	// A title that credits a survey (「…175件、X調べ」「X社が経営者アンケート」)
	// names the researcher, not a victim.
	research := researchTitleRe.MatchString(tn.Norm)
	stats := statsTitleRe.MatchString(tn.Norm) && (len(doc.titleOrgs) == 0 || research) && len(an.Incidents) <= 1
	if denialTitleRe.MatchString(tn.Norm) || genreRe.MatchString(tn.Norm) && (!titleReports || research) || stats {
		an.Incidents = an.Incidents[:0]
	}
	an.IsIncident = len(an.Incidents) > 0
	return an
}

type document struct {
	a          *Analyzer
	title      string
	text       *Text
	norm       string
	titleOrgs  []orgSpan
	blocks     []*block
	signatures []orgSpan
	headerOrgs []orgSpan // names alone on the first lines
	allOrgs    []orgSpan
	selfRefs   bool
	// cueCache holds what the cue patterns found in each sentence, since the
	// same sentence is asked about by several rules.
	cueCache map[string]*cueInfo
}

type causeHit struct {
	cause      leakwatch.Cause
	weight     int
	start, end int // byte offsets within the sentence
}

type cueInfo struct {
	leak      bool // a leak cue that is not denied
	leakCount int
	maxCause  int // the heaviest cause cue that is not denied
	hits      []causeHit
}

// scanCues runs every cue pattern once over the whole text and files the
// matches under their sentences: one pass per pattern instead of one per
// sentence, which halves the cost of reading an article.
func (d *document) scanCues(sents []sentence) {
	if d.cueCache == nil {
		d.cueCache = map[string]*cueInfo{}
	}
	infos := make([]*cueInfo, len(sents))
	for i := range infos {
		infos[i] = &cueInfo{}
	}
	at := func(off int) int {
		i := sort.Search(len(sents), func(i int) bool { return sents[i].end > off })
		if i < len(sents) && sents[i].start <= off {
			return i
		}
		return -1
	}
	idx := theCueIndex()
	found := make([][][]int, len(idx.cues))
	gatesOpen := make([]uint64, len(idx.cues))
	for _, m := range idx.words.findAll(d.norm) {
		if c := idx.wordCue[m.Word]; c >= 0 {
			found[c] = append(found[c], []int{m.Start, m.End})
		} else {
			g := idx.gate[m.Word]
			gatesOpen[g.cue] |= 1 << g.group
		}
	}
	for ci, c := range idx.cues {
		spans := nonOverlapping(found[ci])
		if g, ok := c.re.(gated); ok && c.gates > 0 {
			spans = nil
			if gatesOpen[ci] == 1<<c.gates-1 {
				spans = g.findAllOpen(d.norm, -1)
			}
		} else if c.re != nil {
			spans = c.re.FindAllStringIndex(d.norm, -1)
		}
		for _, loc := range spans {
			i := at(loc[0])
			if i < 0 || loc[1] > sents[i].end || hasNegationAfter(sents[i].text, loc[1]-sents[i].start) {
				continue
			}
			if c.leak {
				infos[i].leakCount++
				continue
			}
			infos[i].hits = append(infos[i].hits, causeHit{cause: c.cause, weight: c.weight, start: loc[0] - sents[i].start, end: loc[1] - sents[i].start})
			infos[i].maxCause = max(infos[i].maxCause, c.weight)
		}
	}
	for i, s := range sents {
		infos[i].leak = infos[i].leakCount > 0
		if _, ok := d.cueCache[s.text]; !ok {
			d.cueCache[s.text] = infos[i]
		}
	}
}

// cues reads the cue patterns of s once.
func (d *document) cues(s string) *cueInfo {
	if ci, ok := d.cueCache[s]; ok {
		return ci
	}
	ci := &cueInfo{}
	for _, c := range leakCues {
		for _, loc := range c.re.FindAllStringIndex(s, -1) {
			if !hasNegationAfter(s, loc[1]) {
				ci.leakCount++
			}
		}
	}
	ci.leak = ci.leakCount > 0
	for _, cause := range leakwatch.Causes() {
		for _, c := range causeCues[cause] {
			for _, loc := range c.re.FindAllStringIndex(s, -1) {
				if hasNegationAfter(s, loc[1]) {
					continue
				}
				ci.hits = append(ci.hits, causeHit{cause: cause, weight: c.weight, start: loc[0], end: loc[1]})
				ci.maxCause = max(ci.maxCause, c.weight)
			}
		}
	}
	if d.cueCache == nil {
		d.cueCache = map[string]*cueInfo{}
	}
	d.cueCache[s] = ci
	return ci
}

func (d *document) leakCueIn(s string) bool              { return d.cues(s).leak }
func (d *document) anyCauseCue(s string) bool            { return d.cues(s).maxCause >= 2 }
func (d *document) causeCueAtLeast(s string, w int) bool { return d.cues(s).maxCause >= w }

// incidents reads each case of the document.
func (d *document) incidents() []leakwatch.Incident {
	gs := d.groups()
	var out []leakwatch.Incident
	for gi, g := range gs {
		// A round-up's title (「3社で計15万件」) sums its cases: it belongs to the
		// first case only when it names that case's organisation.
		useTitle := gi == 0 && (len(gs) == 1 || g.org != "" && sameOrg(bestOrg(d.titleOrgs), g.org))
		// 計 in the first part of a round-up sums its cases; in a case's own
		// part, or in an article of one case, it sums that case's groups of data.
		inc, ok := d.readGroup(g, useTitle, len(gs) == 1 || gi > 0)
		if ok {
			out = append(out, inc)
		}
	}
	// An organisation told of in two places is one case unless the two give
	// different counts (an earlier case of the same organisation).
	return mergeSameOrg(out)
}

func mergeSameOrg(in []leakwatch.Incident) []leakwatch.Incident {
	var out []leakwatch.Incident
	for _, inc := range in {
		merged := false
		for k := range out {
			if sameOrg(out[k].Org, inc.Org) && (inc.Records == nil || out[k].Records == nil || *inc.Records == *out[k].Records) {
				if out[k].Records == nil && inc.Records != nil {
					out[k].Records, out[k].RecordsQualifier, out[k].RecordsText = inc.Records, inc.RecordsQualifier, inc.RecordsText
				}
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, inc)
		}
	}
	return out
}

func (d *document) readGroup(g *group, first, ownTotals bool) (leakwatch.Incident, bool) {
	var sents []sentence
	var headings []sentence
	for _, b := range g.blocks {
		if b.hasHeading {
			headings = append(headings, b.heading)
		}
		sents = append(sents, b.sents...)
	}
	if first && d.title != "" {
		headings = append(headings, sentence{start: -1, end: -1, text: d.title, announce: true})
	}
	all := append(append([]sentence{}, headings...), sents...)

	// Causes.
	scores := map[leakwatch.Cause]*causeScore{}
	leak := 0
	for _, s := range all {
		if s.advice && !s.announce {
			continue
		}
		if strings.Count(s.text, "%") >= 2 {
			// 「マルウェア感染」(15.2%)、「ランサムウェア被害」(7.4%): a distribution
			// over many cases names none of them.
			continue
		}
		ci := d.cues(s.text)
		concrete := s.announce || ci.leak
		bio := bioRe.MatchString(s.text)
		for _, h := range ci.hits {
			if h.weight < 2 && !concrete || bio && h.cause == leakwatch.CauseMalware {
				continue
			}
			if h.cause == leakwatch.CauseInsider && outsiderInCueRe.MatchString(s.text[h.start:h.end]) {
				// 職員が使用するアカウントが第三者に不正に利用され: staff were the
				// victims, the act was an outsider's.
				continue
			}
			if cue := s.text[h.start:]; h.cause == leakwatch.CauseInsider && strings.HasPrefix(cue, "持ち出") && !staffRe.MatchString(s.text) &&
				(outsiderRe.MatchString(s.text) || strings.HasPrefix(cue, "持ち出され")) {
				// 攻撃者によってデータが持ち出された, 持ち出されたファイル: taken out
				// by an intruder, or by nobody named; staff take data out themselves.
				continue
			}
			sc := scores[h.cause]
			if sc == nil {
				sc = &causeScore{cause: h.cause, first: s.start + h.start, ev: d.evidence(s, "cause", string(h.cause), s.text[h.start:h.end])}
				scores[h.cause] = sc
			}
			sc.score += h.weight
			sc.tookCredentials = sc.tookCredentials || credentialRe.MatchString(s.text)
			sc.top = max(sc.top, h.weight)
			if h.weight >= 2 {
				sc.strong++
			}
		}
		leak += ci.leakCount
	}
	weakOnly := 0
	for _, sc := range scores {
		weakOnly += sc.score
	}
	causes := rankCauses(scores)

	// Organisation.
	org, aliases, orgEv := d.chooseOrg(g, first, sents)
	if org == "" {
		return leakwatch.Incident{}, false
	}
	if len(causes) == 0 && leak == 0 {
		return leakwatch.Incident{}, false
	}
	// An advisory section names vendors and products, not victims.
	if allAdvisory(g) {
		return leakwatch.Incident{}, false
	}
	if len(causes) == 0 && !d.leaksData(all) {
		// No cause named and nothing said about data: 漏れ and 被害 in
		// other senses (a chemistry paper, a flood) are not a breach.
		return leakwatch.Incident{}, false
	}
	// A row of a list of cases is a case by its place: one word of leaking
	// is enough there (「ECサイトでカード情報が流出(2,931件)」).
	if weakOnly < 2 && leak < 2 && !(g.blocks[0].row && leak > 0) {
		return leakwatch.Incident{}, false
	}

	inc := leakwatch.Incident{Org: org, OrgAliases: aliases, Actor: leakwatch.ActorUnknown}
	inc.Evidence = append(inc.Evidence, orgEv)
	if len(causes) == 0 {
		inc.Causes = []leakwatch.Cause{leakwatch.CauseOther}
	}
	for _, c := range causes {
		inc.Causes = append(inc.Causes, c.cause)
		inc.Evidence = append(inc.Evidence, c.ev)
	}

	// Record count.
	if cm, s, ok := d.chooseCount(all, ownTotals); ok {
		v := cm.Value
		inc.Records = &v
		inc.RecordsQualifier = cm.Qualifier
		inc.RecordsText = s.text[cm.Start-offsetBase(s) : cm.End-offsetBase(s)]
		inc.Evidence = append(inc.Evidence, d.evidence(s, "records", inc.RecordsText, inc.RecordsText))
		inc.Summary = strings.TrimSpace(s.text)
	}
	if inc.Summary == "" && len(causes) > 0 {
		inc.Summary = causes[0].ev.Text
	}

	inc.Actor = chooseActor(inc.Causes, all)
	inc.Evidence = append(inc.Evidence, d.actorEvidence(inc, all, causes))
	inc.DataTypes = d.dataTypes(all, &inc)
	return inc, true
}

func allAdvisory(g *group) bool {
	for _, b := range g.blocks {
		if b.hasHeading && !b.advisoryTitle {
			return false
		}
		if !b.hasHeading {
			return false
		}
	}
	return true
}

func (d *document) evidence(s sentence, field, value, cue string) leakwatch.Evidence {
	ev := leakwatch.Evidence{Field: field, Value: value, Text: strings.TrimSpace(s.text), Cue: cue}
	if s.start < 0 {
		ev.InTitle = true
		return ev
	}
	st, en := d.text.Span(s.start, s.end)
	ev.Span = leakwatch.Span{Start: st, End: en}
	return ev
}
