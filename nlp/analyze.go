package nlp

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
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

func (d *document) read() {
	lines := cutBoilerplate(d.norm, splitLines(d.norm))
	lineSents := make([][]sentence, len(lines))
	var all []sentence
	for li, ln := range lines {
		lineSents[li] = splitSentences(d.norm, ln[0], ln[1])
		all = append(all, lineSents[li]...)
	}
	d.scanCues(all)
	bodyOrgs, titleOrgs := d.relevantTokenOrgs(lines, lineSents)
	d.titleOrgs = titleOrgs
	leads := map[int]bool{}
	for _, ss := range lineSents {
		if len(ss) > 0 {
			leads[ss[0].start] = true
		}
	}
	allOrgs := append(preferLegalForms(bodyOrgs, legalFormOrgs(d.norm)), leadSubjects(all, leads)...)
	sort.SliceStable(allOrgs, func(i, j int) bool { return allOrgs[i].start < allOrgs[j].start })
	d.allOrgs = allOrgs
	d.selfRefs = weSelfRe.MatchString(d.norm)
	cur := &block{leadOrg: bestOrg(d.titleOrgs)}
	d.blocks = append(d.blocks, cur)
	leakSection := false
	for li, ln := range lines {
		text := d.norm[ln[0]:ln[1]]
		if t := strings.TrimSpace(text); t == "" || len(t) <= 160 && shareLineRe.MatchString(t) {
			continue
		}
		if d.title != "" && strings.TrimSpace(text) == d.title {
			// The title again, as pages and feeds repeat it above the text:
			// it is read as the title, not as the first heading.
			continue
		}
		if row, ok := d.tableRow(text, ln[0], lineSents[li], d.listGoesOn(lines, li)); ok {
			// 「5/12｜株式会社ミドリ化成｜従業員のPCがEmotetに感染…」: a case per row.
			allOrgs = append(allOrgs, row.org)
			cur = &block{heading: sentence{start: row.org.start, end: row.org.end, text: d.norm[row.org.start:row.org.end]},
				hasHeading: true, paraOrg: &row.org, leadOrg: row.org.name, sents: row.sents, row: true,
				// 【誤送信】X、名簿を別の顧客に送信: the text below tells what leaked.
				inLeakSection: d.leakHeading(text)}
			d.blocks = append(d.blocks, cur)
			continue
		}
		if d.isHeading(text, lines, li) {
			cur = &block{heading: sentence{start: ln[0], end: ln[1], text: text}, hasHeading: true}
			// An item of a list (・氏名、住所…約2万1千件) belongs to the section
			// above it (3. 流出した可能性のある情報); other headings open one.
			switch t := strings.TrimSpace(text); {
			case itemRe.MatchString(t):
				cur.inLeakSection = leakSection
				cur.heading.underLeakHeading = leakSection
			case subHeadingRe.MatchString(t) && leakSection:
				// (1) お取引先様に関する情報: 4,210件, a part of the section.
				cur.inLeakSection = true
				cur.heading.underLeakHeading = true
			default:
				leakSection = d.leakHeading(text)
				// 「■対象:1,204名」: a count in the heading of such a section.
				cur.heading.underLeakHeading = leakSection
			}
			cur.leadOrg = headingOrgOf(text, allOrgs, ln[0], ln[1])
			// 「修正プログラム未適用のVPN機器から侵入」 tells a case; 「…の注意喚起」 does not.
			cur.advisoryTitle = advisoryRe.MatchString(text) && !d.leakCueIn(text) && !eventRe.MatchString(text)
			d.blocks = append(d.blocks, cur)
			continue
		}
		sents := lineSents[li]
		if len(sents) > 0 {
			if o := d.openingSubject(sents, allOrgs, true); o != nil {
				switch {
				case cur.leadOrg == "" && len(cur.sents) > 0 && !cur.hasHeading && !d.selfRefs:
					// An opening that names nobody (「年末に情報流出が相次いだ」) is
					// the article's, not the first case's.
					cur = &block{paraOrg: o, leadOrg: o.name, advisoryTitle: cur.advisoryTitle}
					d.blocks = append(d.blocks, cur)
				case cur.leadOrg == "":
					cur.leadOrg = o.name
				case cur.row && strings.Contains(sents[0].text, cur.leadOrg):
					// さくら中央農業協同組合(JAさくら中央)は…: the row's case, by its
					// full name.
				case len(cur.sents) > 0 && !sameOrg(o.name, cur.leadOrg) && !strings.Contains(d.title, o.name):
					nb := &block{paraOrg: o, leadOrg: o.name, advisoryTitle: cur.advisoryTitle}
					cur = nb
					d.blocks = append(d.blocks, cur)
				}
			}
		}
		underLeak := cur.hasHeading && (cur.inLeakSection || d.leakHeading(cur.heading.text))
		for _, s := range sents {
			s.underLeakHeading = underLeak
			cur.sents = append(cur.sents, s)
		}
		// 「流出が確認された情報と件数は以下の通り。」: the list below it tells
		// what leaked, as a section heading would.
		if n := len(sents); n > 0 && (strings.Contains(sents[n-1].text, "の通り") || strings.Contains(sents[n-1].text, "のとおり")) && listIntroRe.MatchString(sents[n-1].text) {
			intro := listIntroRe.ReplaceAllString(strings.TrimSpace(sents[n-1].text), "")
			leakSection = d.leakHeading(intro) || scopeRe.MatchString(intro)
		}
	}
	// Assign organisation mentions to blocks by offset.
	for _, b := range d.blocks {
		if b.paraOrg != nil {
			b.headingOrgs = append(b.headingOrgs, *b.paraOrg)
		}
	}
	for _, o := range allOrgs {
		for _, b := range d.blocks {
			if b.hasHeading && o.start >= b.heading.start && o.end <= b.heading.end {
				b.headingOrgs = append(b.headingOrgs, o)
				b.orgs = append(b.orgs, o)
				break
			}
			if len(b.sents) > 0 && o.start >= b.sents[0].start && o.end <= b.sents[len(b.sents)-1].end {
				b.orgs = append(b.orgs, o)
				break
			}
		}
	}
	// A signature: an organisation on one of the last lines, as announcements end.
	if d.selfRefs {
		var tail []orgSpan
		n := 0
		for li := len(lines) - 1; li >= 0 && n < 6; li-- {
			if strings.TrimSpace(d.norm[lines[li][0]:lines[li][1]]) == "" {
				continue
			}
			n++
			for _, o := range allOrgs {
				if o.start >= lines[li][0] && o.end <= lines[li][1] && o.strength >= 2 {
					tail = append(tail, o)
				}
			}
		}
		d.signatures = tail
	}
	// A name alone on an early line (the announcer under the title: 令和8年2月10日
	// 北宮県教育委員会事務局) signs too; a press release says 本市 no more than a
	// newspaper does.
	for li := 0; li < len(lines) && li < 6; li++ {
		line := strings.TrimSpace(d.norm[lines[li][0]:lines[li][1]])
		for _, o := range allOrgs {
			if o.start >= lines[li][0] && o.end <= lines[li][1] && o.strength >= 2 && utf8.RuneCountInString(line) <= utf8.RuneCountInString(o.name)+8 {
				d.headerOrgs = append(d.headerOrgs, o)
			}
		}
	}
}

// leakHeading reports whether a heading opens a section on what leaked, whose
// lines give the count without a verb of leaking.
func (d *document) leakHeading(h string) bool {
	return d.leakCueIn(h) || strings.Contains(h, "対象") || strings.Contains(h, "件数") || dataHeadingRe.MatchString(strings.TrimSpace(h))
}

// listIntroRe ends a sentence that introduces the list below it.
var listIntroRe = regexp.MustCompile(`(は|、)?(以下|下記|次)の(通り|とおり)(です|となります|となっております|でございます)?[。:]?$`)

// subHeadingRe marks the headings of the parts of a section: (1), ①.
var subHeadingRe = regexp.MustCompile(`^(\([0-9]{1,2}\)|[①-⑳]|\([一二三四五六七八九十]\))`)

// itemRe marks the items of a list, as opposed to the headings of sections.
var itemRe = regexp.MustCompile(`^(・|●|○|-|‐|\*)`)

// contractorHitRe tells of an attack on a contractor's systems.
var contractorHitRe = regexp.MustCompile(`(委託先|再委託先|業務委託先)(が|の|で|において)?[^。、]{0,12}(不正アクセス|ランサム|サイバー攻撃|感染|侵入|被害を受け)`)

// outsiderRe names an attacker from outside in a sentence.
var outsiderRe = compileSet(`攻撃者|攻撃グループ|犯行グループ|ハッカー|何者か|ランサムウェア|侵入者|不正アクセス|不審なアクセス|サイバー攻撃|第三者による`)

// credentialRe names credentials a lure or a stealer took.
var credentialRe = compileSet(`ID|パスワード|認証情報|アカウント情報|ログイン情報`)

// outsiderInCueRe finds an outsider inside the span of a staff cue.
var outsiderInCueRe = compileSet(`第三者|攻撃者|何者か|外部から|不正アクセス`)

// staffRe names the organisation's own or former staff.
var staffRe = compileSet(`従業員|社員|職員|派遣|委託先|元店長|店員|行員|教員`)

// titleMishapRe names a mistake or a loss that happened.
var titleMishapRe = compileSet(`誤って|誤送信|誤送付|誤配布|誤掲載|誤表示|紛失|盗難|置き忘れ|持ち出し|流用|不正取得|横領`)

// titleMishap reports whether a title tells a mistake or a loss, not its
// prevention (誤送信防止).
func titleMishap(title string) bool {
	for _, loc := range titleMishapRe.FindAllStringIndex(title, -1) {
		if m := preventionRe.FindStringIndex(title[loc[1]:]); m == nil || m[0] > 3 {
			return true
		}
	}
	return false
}

// eventRe marks words that tell something happened.
var eventRe = compileSet(`侵入|感染|盗まれ|盗難|紛失|誤送信|誤送付|誤配布|誤掲載|被害|不正アクセス|不正ログイン|流出|漏えい|漏洩|暗号化され`)

// dataHeadingRe marks the heading of an announcement's section on the data
// of the case (「2. USBメモリに保存されていた情報」「個人情報の項目」), whose lines give
// the count without a verb of leaking.
var dataHeadingRe = regexp.MustCompile(`(情報|情報等|データ|の内容|の項目|の範囲|人数|対象者)$`)

// leadRe is the lead of a Japanese news report: 「(…を運営する|…を行う|…の)Xは11月4日、」,
// the subject followed by は, も or では, perhaps its headquarters in brackets and the date.
var leadRe = regexp.MustCompile(`(?:^|[、。\n ]|[うくすつぬむるぐぶた]|の)([^、。\s「」『』()を]{2,24}?)(?:\([^)]{1,24}\))?(?:では|でも|は|も)(?:(?:[0-9]{4}年)?[0-9]{1,2}月[0-9]{1,2}日)?、`)

// leadSubjects finds organisations by the grammar of a news lead, which also
// catches names the dictionary splits (こもれびアパレル, 一保園): in sentences that
// announce, and in the first sentence of a paragraph, where a case is introduced.
func leadSubjects(sents []sentence, paragraphLeads map[int]bool) []orgSpan {
	var out []orgSpan
	for _, sl := range sents {
		// leadRe ends in は、 or も、 or a date's 日、: a sentence without
		// them cannot match, and most cannot.
		if !sl.announce && !paragraphLeads[sl.start] || !strings.Contains(sl.text, "は、") && !strings.Contains(sl.text, "も、") && !strings.Contains(sl.text, "日、") {
			continue
		}
		for _, m := range leadRe.FindAllStringSubmatchIndex(sl.text, -1) {
			name := sl.text[m[2]:m[3]]
			// 運営するたびかごドットコム: the pattern may start the name inside
			// the verb (す|るたびかご…); the る belongs to the verb.
			if strings.HasPrefix(name, "る") && m[2] >= 3 && strings.Contains("すけげせてねべめれえい", sl.text[m[2]-3:m[2]]) {
				m[2] += len("る")
				name = name[len("る"):]
			}
			// 印刷会社の東京セントラル印刷: the description before の is not the name.
			if k := strings.LastIndex(name, "の"); k > 0 && utf8.RuneCountInString(name[k+len("の"):]) >= 2 && !endsInHiragana(name[:k]) {
				m[2] += k + len("の")
				name = name[k+len("の"):]
			}
			// SMBC日興証券とSMBC信託銀行: two subjects; the first leads.
			// 対象となる方に is a clause, not two names.
			if k := strings.Index(name, "と"); k > 0 && utf8.RuneCountInString(name[:k]) >= 2 && utf8.RuneCountInString(name[k+len("と"):]) >= 2 && !startsWithHiragana(name[k+len("と"):]) {
				m[3] = m[2] + k
				name = name[:k]
			}
			if !nameShaped(name) {
				continue
			}
			if !validOrgName(name) || genericNoun[name] || eventNoun[name] || len(FindNumbers(name)) > 0 && !strings.ContainsAny(name, "一二三四五六七八九十百千万") {
				continue
			}
			if !sl.announce && !orgLooking(name) {
				// 課徴金は、報告書では: the topic of a paragraph that announces
				// nothing is a name only when it looks like one.
				continue
			}
			out = append(out, orgSpan{name: cleanOrgName(name), start: sl.start + m[2], end: sl.start + m[3], strength: 2})
		}
	}
	return out
}

func startsWithHiragana(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= 'ぁ' && r <= 'ん'
}

// orgLooking reports whether a name carries a mark of an organisation: a
// suffix such as 大学 or 保険, or letters a common noun is not written in
// (katakana, Latin), and few kana.
func orgLooking(name string) bool {
	hira, other := 0, false
	for _, r := range name {
		switch {
		case r >= 'ぁ' && r <= 'ん':
			hira++
		case unicode.Is(unicode.Katakana, r) || r < 0x80 && unicode.IsLetter(r):
			other = true
		}
	}
	return hira <= 4 && (other || hasOrgSuffix(name))
}

// rowNameShaped is nameShaped for the name a list's layout sets apart
// (「・12日 しろがね町、…」): hiragana names keep their が and の, but a clause
// does not pass.
func rowNameShaped(name string) bool {
	if endsInHiragana(name) {
		return false
	}
	// サーバが暗号化: a particle after kanji or katakana makes a clause; in
	// しろがね町 the が sits among kana.
	prev := rune(0)
	for _, r := range name {
		if strings.ContainsRune("がをにではも", r) && prev != 0 && !(prev >= 'ぁ' && prev <= 'ん') {
			return false
		}
		prev = r
	}
	for _, bad := range []string{"した", "する", "され", "いる", "について", "により", "による", "として", "を"} {
		if strings.Contains(name, bad) {
			return false
		}
	}
	return true
}

func endsInHiragana(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r >= 'ぁ' && r <= 'ん'
}

// nameShaped rejects clauses that the lead pattern caught instead of a name:
// names end in kanji, katakana or Latin and carry few hiragana, none of them
// the particles and verb endings of a clause.
func nameShaped(name string) bool {
	last, _ := utf8.DecodeLastRuneInString(name)
	if last >= 'ぁ' && last <= 'ん' {
		return false
	}
	hira := 0
	for _, r := range name {
		if r >= 'ぁ' && r <= 'ん' {
			hira++
		}
	}
	if hira > 5 || hira == utf8.RuneCountInString(name) {
		return false
	}
	for _, bad := range []string{"して", "って", "いて", "れて", "について", "にて", "では", "には", "から", "まで", "など", "ため", "より",
		"された", "される", "した", "する", "いる", "ない"} {
		if strings.Contains(name, bad) {
			return false
		}
	}
	// A particle after kanji, katakana or Latin ends a clause (サーバが,
	// 同社は); among kana it may be part of a name (はるかぜ, しろがね).
	prev := rune(0)
	for _, r := range name {
		if strings.ContainsRune("やをがはにで", r) && prev != 0 && !(prev >= 'ぁ' && prev <= 'ん') {
			return false
		}
		prev = r
	}
	// この強調部分, 東央精機の件, 期間中: a pointer to something said or a
	// time, not a name.
	for _, p := range []string{"この", "その", "あの", "どの", "同", "当", "本", "各", "全"} {
		if strings.HasPrefix(name, p) && !hasStrongSuffix(name) {
			return false
		}
	}
	for _, x := range []string{"の件", "の事案", "の事例", "の問題", "の報道", "の中", "の一部", "の多く", "報", "性", "中", "後", "前", "時", "間", "以降", "以来", "現在", "当時", "時期", "期間", "頃", "ごろ"} {
		if strings.HasSuffix(name, x) {
			return false
		}
	}
	return true
}

type tableRow struct {
	org   orgSpan
	sents []sentence
}

// rowRe is a line of a table written as text: date｜organisation｜summary.
var rowRe = regexp.MustCompile(`^\s*([^|]{1,16})\|\s*([^|]{2,48}?)\s*\|(.+)$`)

// headRowRe is a heading that names the case's organisation before a colon:
// 「◆ 公立はるかぜ大学:研究用サーバーのアクセス制限に不備」.
var headRowRe = regexp.MustCompile(`^\s*(?:◆|◇|■|□|●|▼|▶)\s*()([^:|、。()「」\s0-9][^:|、。()「」]{1,29}?)\s*:\s*(.+)$`)

// rowLabelRe marks what stands before a colon in place of a name: a label of
// the section (訂正・続報:…) or a field of a case (対象件数:…).
var rowLabelRe = regexp.MustCompile(`続報|訂正|速報|追記|更新|注意喚起|お知らせ|まとめ|その他|特集|解説|今期|今週|今月|傾向|原因|対象|件数|情報|日時|公表日|発生日|概要|内容|経緯|対応|備考|被害|番号`)

// bracketRowRe is a heading that labels or numbers its case, then names the
// organisation: 「【不正ログイン】はなまる雑貨本舗、リスト型攻撃で…」「1. 米Cloverleaf、…」.
var bracketRowRe = regexp.MustCompile(`^\s*(?:【[^】]{1,12}】|[0-9]{1,2}[.)])\s*()([^、,:|()「」\s0-9][^、,:|()「」]{1,29}?)\s*[、:]\s*(.+)$`)

// itemRowRe is a case told in one item of a list: 「・4日 ひばり野市、メール誤送信(120件)」,
// an optional date, the organisation, and after a comma or colon the summary.
var itemRowRe = regexp.MustCompile(`^\s*(?:・|●|○|-|‐)\s*((?:[0-9]{1,2}月)?[0-9]{1,2}日|[0-9]{1,2}/[0-9]{1,2})?\s*([^、,:|()「」\s0-9][^、,:|()「」]{1,29}?)\s*[、:]\s*(.+)$`)

// tableRow reads a table line, or an item of a list told in one line, whose
// summary reports a case.
// listGoesOn reports whether the line after lines[li] is another item or
// heading, or there is none: an item with text of its own below it is the
// heading of that text, not a case told in one line.
func (d *document) listGoesOn(lines [][2]int, li int) bool {
	for k := li + 1; k < len(lines); k++ {
		next := strings.TrimSpace(d.norm[lines[k][0]:lines[k][1]])
		if next != "" {
			return bulletRe.MatchString(next) || itemRe.MatchString(next)
		}
	}
	return true
}

func (d *document) tableRow(line string, off int, sents []sentence, oneLineItem bool) (tableRow, bool) {
	var m []int
	if strings.Contains(line, "|") {
		m = rowRe.FindStringSubmatchIndex(line)
	}
	item, head := false, false
	// Rows of lists and headings begin with a mark or a number; most lines
	// do not, and need no pattern tried.
	first, _ := utf8.DecodeRuneInString(strings.TrimSpace(line))
	marked := strings.ContainsRune("・●○-‐◆◇■□▼▶【", first) || first >= '0' && first <= '9'
	if m == nil && marked {
		if m = headRowRe.FindStringSubmatchIndex(line); m == nil {
			m = bracketRowRe.FindStringSubmatchIndex(line)
		}
		item, head = true, m != nil
	}
	if m == nil && oneLineItem && marked {
		m = itemRowRe.FindStringSubmatchIndex(line)
	}
	if m == nil {
		return tableRow{}, false
	}
	if strings.HasPrefix(strings.TrimSpace(line), "【") && strings.Contains(line[:m[4]], "】") {
		// 【誤送信】X、…: the label in brackets tells the cause, as the summary does.
		m[6] = 0
	}
	summary := line[m[6]:m[7]]
	ci := d.cues(summary)
	// A heading row's case is told in the text below it.
	if !ci.leak && ci.maxCause < 2 && !head {
		ci2 := false
		for _, s := range sents {
			c := d.cues(s.text)
			ci2 = ci2 || c.leak || c.maxCause >= 2
		}
		if !ci2 {
			return tableRow{}, false
		}
	}
	start, end := off+m[4], off+m[5]
	name := d.norm[start:end]
	// Drop the place in brackets: 株式会社ミドリ化成(東京都中央区).
	if k := strings.Index(name, "("); k > 0 {
		end = start + k
		name = name[:k]
	}
	formed := hasLegalForm.MatchString(name)
	// 人材派遣のアオバスタッフ: a description, then the name.
	if k := strings.LastIndex(name, "の"); item && k > 0 && !endsInHiragana(name[:k]) && utf8.RuneCountInString(name[k+len("の"):]) >= 2 {
		start += k + len("の")
		name = name[k+len("の"):]
	}
	name = cleanOrgName(strings.TrimSpace(name))
	if !validOrgName(name) || item && (!rowNameShaped(name) || genericNoun[name] || eventNoun[name] || d.leakCueIn(name) || d.anyCauseCue(name) || rowLabelRe.MatchString(name)) ||
		head && !formed && !orgLooking(name) {
		return tableRow{}, false
	}
	row := tableRow{org: orgSpan{name: name, start: start, end: end, strength: 3}}
	for _, s := range sents {
		if s.end > off+m[6] {
			if s.start < off+m[6] {
				s.start = off + m[6]
				s.text = d.norm[s.start:s.end]
			}
			// The row's summary is about its case: a count in any of its
			// sentences is the case's (「…を紛失。児童128人分」).
			s.underLeakHeading = true
			row.sents = append(row.sents, s)
		}
	}
	return row, true
}

// paragraphSubject returns the organisation a paragraph's first sentence is
// about when that sentence announces a case: 「Xは…流出した可能性があると発表した」.
// needCue asks the sentence itself to name a leak or a cause; under a heading
// that tells the case it need not.
func (d *document) paragraphSubject(first sentence, orgs []orgSpan, needCue bool) *orgSpan {
	if o := d.introducedOrg(first, orgs); o != nil {
		return o
	}
	if needCue && !(d.leakCueIn(first.text) || d.anyCauseCue(first.text)) {
		return nil
	}
	for i := range orgs {
		o := &orgs[i]
		if o.start < first.start || o.end > first.end {
			continue
		}
		after := skipParenthetical(d.norm[o.end:min(len(d.norm), o.end+60)])
		if first.announce && (strings.HasPrefix(after, "は") || strings.HasPrefix(after, "も") || strings.HasPrefix(after, "が")) {
			return o
		}
		// 「東浜市では、基幹システムがランサムウェアに感染し…」: the topic of the
		// paragraph's first clause, though nobody is said to announce it.
		if (strings.HasPrefix(after, "は、") || strings.HasPrefix(after, "では、")) && !strings.Contains(d.norm[first.start:o.start], "、") {
			return o
		}
	}
	return nil
}

// openingSubject is the paragraphSubject of a paragraph's first sentence, or
// of its second when the first only sets the scene (「続いて自治体。」「3件目は製造業です。」).
func (d *document) openingSubject(sents []sentence, orgs []orgSpan, needCue bool) *orgSpan {
	if len(sents) == 0 {
		return nil
	}
	if o := d.paragraphSubject(sents[0], orgs, needCue); o != nil {
		return o
	}
	if len(sents) > 1 && utf8.RuneCountInString(strings.TrimSpace(sents[0].text)) <= 20 {
		return d.paragraphSubject(sents[1], orgs, needCue)
	}
	return nil
}

// introducedOrg returns the organisation a short sentence of its own
// introduces, as columns and blogs begin a case: 「まずは眼鏡チェーンのミルアイ。」
// 「3つめは中古車販売のカーステーション大和のケース。」 The details follow in the
// paragraph's next sentences.
func (d *document) introducedOrg(first sentence, orgs []orgSpan) *orgSpan {
	t := strings.TrimSpace(first.text)
	if !strings.HasSuffix(t, "。") || utf8.RuneCountInString(t) > 40 {
		return nil
	}
	end := first.start + strings.LastIndex(first.text, "。")
	for i := range orgs {
		o := &orgs[i]
		if o.start < first.start || o.end > end || o.strength < 1 {
			continue
		}
		rest := d.norm[o.end:end]
		if rest == "" || rest == "のケース" || rest == "の事例" || rest == "の件" || rest == "の事案" {
			return o
		}
	}
	return nil
}

func headingOrgOf(text string, orgs []orgSpan, start, end int) string {
	var in []orgSpan
	for _, o := range orgs {
		if o.start >= start && o.end <= end {
			in = append(in, o)
		}
	}
	return bestOrg(in)
}

// boilerplateRe marks the line where a page's article ends and its lists of
// other articles, tags and sharing buttons begin.
var boilerplateRe = regexp.MustCompile(`^[■□●◆▼【\[|｜]?\s*(関連記事|関連ニュース|関連リンク|関連する記事|こちらの記事もおすすめ|おすすめ記事|あわせて読みたい|合わせて読みたい|人気記事|アクセスランキング|ランキング|最新記事|新着記事|次の記事|前の記事|この記事を読んだ人|この記事をシェア|シェアする|タグ|カテゴリー?|コメント|トラックバック|Related|RELATED)\s*[】\]]?[:：]?\s*$`)

// relevantTokenOrgs finds the organisations the tokenizer can name in the
// title and the body.
func (d *document) relevantTokenOrgs(lines [][2]int, lineSents [][]sentence) (body, title []orgSpan) {
	// The tokenizer is the largest cost of reading an article, so it reads
	// only where names are introduced: the title, short lines (headings,
	// bullets, signatures), and of a paragraph its first sentence and the
	// ones that announce. The other sentences mostly name them again, which
	// mentionsAgain finds without the tokenizer. All goes in one call, as
	// each call has a fixed cost; newlines keep words from joining across
	// pieces.
	var buf strings.Builder
	buf.WriteString(d.title)
	buf.WriteByte('\n')
	titleEnd := len(d.title)
	type piece struct{ bufStart, normStart, length int }
	var pieces []piece
	add := func(start, end int) {
		pieces = append(pieces, piece{bufStart: buf.Len(), normStart: start, length: end - start})
		buf.WriteString(d.norm[start:end])
		buf.WriteByte('\n')
	}
	var unread []sentence
	for li, ln := range lines {
		line := d.norm[ln[0]:ln[1]]
		if strings.TrimSpace(line) == "" {
			continue
		}
		if utf8.RuneCountInString(line) <= 30 {
			add(ln[0], ln[1])
			continue
		}
		for si, s := range lineSents[li] {
			// A short first sentence may only introduce the case's organisation
			// (「まずは眼鏡チェーンのミルアイ。」); it is cheap to read.
			// So may any sentence that gives a name its headquarters
			// (丸菱物産(大阪市中央区)の担当者は…): that is how news introduces one.
			if !s.announce && !introducesHQ(s.text) && (si > 0 || !d.cues(s.text).leak && d.cues(s.text).maxCause < 2 && utf8.RuneCountInString(s.text) > 40) {
				unread = append(unread, s)
				continue
			}
			add(s.start, s.end)
		}
	}
	k := 0
	for _, o := range d.a.tokenOrgs(buf.String()) {
		if o.end <= titleEnd {
			title = append(title, o)
			continue
		}
		for k+1 < len(pieces) && pieces[k+1].bufStart <= o.start {
			k++
		}
		if k >= len(pieces) || o.start < pieces[k].bufStart || o.end > pieces[k].bufStart+pieces[k].length {
			continue
		}
		shift := pieces[k].normStart - pieces[k].bufStart
		o.start += shift
		o.end += shift
		body = append(body, o)
	}
	return append(body, d.mentionsAgain(unread, title, body)...), title
}

// introducesHQ reports whether a sentence gives an organisation's seat in
// brackets, (大阪市中央区) or (本社・札幌市).
func introducesHQ(s string) bool {
	return strings.Contains(s, "(") && hqParenRe.MatchString(s)
}

var hqParenRe = regexp.MustCompile(`\([^()]{0,10}(都|道|府|県|市|区|町|村)\)`)

// mentionsAgain finds, in sentences the tokenizer did not read, the names it
// found elsewhere, where they stand as whole words.
func (d *document) mentionsAgain(sents []sentence, found ...[]orgSpan) []orgSpan {
	type known struct {
		surface string
		org     orgSpan
	}
	var names []known
	seen := map[string]bool{}
	for _, list := range found {
		for _, o := range list {
			var surface string
			if o.end <= len(d.title) && strings.HasSuffix(d.title[:o.end], o.name) {
				surface = o.name
			} else if o.start >= 0 && o.end <= len(d.norm) && o.start < o.end {
				surface = d.norm[o.start:o.end]
			}
			if surface == "" || seen[surface] {
				continue
			}
			seen[surface] = true
			names = append(names, known{surface, o})
		}
	}
	var out []orgSpan
	for _, s := range sents {
		for _, n := range names {
			for from := 0; ; {
				i := strings.Index(s.text[from:], n.surface)
				if i < 0 {
					break
				}
				i += from
				from = i + len(n.surface)
				if !wordEdge(s.text[:i], n.surface, s.text[from:]) {
					continue
				}
				o := n.org
				o.start, o.end = s.start+i, s.start+from
				out = append(out, o)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// wordEdge reports whether name stands on its own between before and after:
// ドコモ inside NTTドコモ, or 東京都 inside 東京都立大学, is part of another name.
// Kanji, katakana and Latin letters run on into one name; kana particles and
// punctuation end it.
func wordEdge(before, name, after string) bool {
	if before != "" {
		if r, _ := utf8.DecodeLastRuneInString(before); nameLetter(r) {
			return false
		}
	}
	if after != "" {
		if r, _ := utf8.DecodeRuneInString(after); nameLetter(r) {
			return false
		}
	}
	return true
}

func nameLetter(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Katakana, r) || r == 'ー' ||
		r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// shareLineRe matches lines of sharing buttons and page furniture.
var shareLineRe = regexp.MustCompile(`^((LINEで送る|LINE|Pocket|ポケット|ツイート|Tweet|ポスト|シェア|B!|B!ブックマーク|はてなブックマーク|ブックマーク|Facebook|X|Twitter|いいね!?|印刷|メール|コメント|RSS|フォロー|Follow|Share|Apps-[\w-]+)[\s|・/]*)+$`)

// cutBoilerplate drops the lines after a page's article ends, when that
// happens past the first third of the text.
func cutBoilerplate(s string, lines [][2]int) [][2]int {
	for i, ln := range lines {
		if ln[0] > len(s)/3 && boilerplateRe.MatchString(strings.TrimSpace(s[ln[0]:ln[1]])) {
			return lines[:i]
		}
	}
	return lines
}

func splitLines(s string) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, [2]int{start, i})
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// isHeading reports lines that head a section: bullets and numbered items, or
// short lines without a sentence end followed by a paragraph.
func (d *document) isHeading(line string, lines [][2]int, li int) bool {
	norm := d.norm
	t := strings.TrimSpace(line)
	n := utf8.RuneCountInString(t)
	if n == 0 || n > 90 {
		return false
	}
	if strings.HasSuffix(t, "。") || strings.HasSuffix(t, "、") || strings.HasPrefix(t, "|") {
		// A row of a table (| 合計 | 約4,730件 |) is body, whatever its length.
		return false
	}
	if bulletRe.MatchString(t) {
		return true
	}
	// 「氏名、住所、電話番号、購入履歴」: a list of items runs on, it heads nothing.
	if strings.Contains(t, "、") {
		return false
	}
	// 「保護者のメールアドレス 412件」: an item of a list, not a heading.
	if len(FindCounts(t)) > 0 && !d.leakCueIn(t) && !d.causeCueAtLeast(t, 1) {
		return false
	}
	if n > 45 {
		return false
	}
	// The next non-empty line must be body text.
	for k := li + 1; k < len(lines); k++ {
		nt := strings.TrimSpace(norm[lines[k][0]:lines[k][1]])
		if nt == "" {
			continue
		}
		return utf8.RuneCountInString(nt) > 40 || strings.HasSuffix(nt, "。")
	}
	return false
}

func splitSentences(s string, start, end int) []sentence {
	var out []sentence
	i := start
	for j := start; j < end; {
		r, size := utf8.DecodeRuneInString(s[j:])
		j += size
		if r == '。' || r == '!' || r == '?' || j == end {
			// Keep a closing bracket with its sentence.
			for j < end && (s[j] == ')' || strings.HasPrefix(s[j:], "」") || strings.HasPrefix(s[j:], "』")) {
				_, sz := utf8.DecodeRuneInString(s[j:])
				j += sz
			}
			txt := s[i:j]
			if strings.TrimSpace(txt) != "" {
				found := adviceOrAnnounce().match(txt)
				out = append(out, sentence{start: i, end: j, text: txt, advice: found&1 != 0, announce: found&2 != 0})
			}
			i = j
		}
	}
	return out
}

// groups joins blocks into cases. A heading that names an organisation other
// than the current case's starts a new case; other headings (事案の概要,
// 経緯) continue it. A heading that is only a name (a logo's caption) is body.
func (d *document) groups() []*group {
	var gs []*group
	var cur *group
	for bi, b := range d.blocks {
		org := ""
		if b.hasHeading {
			org = headingOrg(b)
		}
		if b.paraOrg != nil {
			cur = &group{org: b.paraOrg.name}
			gs = append(gs, cur)
			cur.blocks = append(cur.blocks, b)
			continue
		}
		if bi == 0 || cur == nil {
			cur = &group{org: bestOrg(d.titleOrgs)}
			gs = append(gs, cur)
			cur.blocks = append(cur.blocks, b)
			if org != "" && cur.org == "" {
				cur.org = org
			}
			continue
		}
		continues := false
		for _, o := range b.headingOrgs {
			if sameOrg(o.name, cur.org) {
				continues = true
			}
		}
		h := strings.TrimSpace(b.heading.text)
		caseHeading := d.leakCueIn(h) || bulletRe.MatchString(h) || d.causeCueAtLeast(h, 1)
		// A bulleted item that reports a case is a case of its own even when
		// its heading leaves the organisation to the text below.
		bullet := bulletRe.MatchString(h)
		newSubject := false
		if bullet && org == "" && len(b.sents) > 0 {
			// The heading tells the case; its first sentence need not repeat the cue.
			if o := d.openingSubject(b.sents, d.allOrgs, !caseHeading); o != nil && !sameOrg(o.name, cur.org) {
				newSubject = true
			}
			// A section that reports a case, names another organisation and
			// never the current one is about that other one. (A section of an
			// announcement, 「■閲覧された可能性のある情報」, names none.)
			if cur.org != "" && caseHeading && !d.blockMentions(b, cur.org) && d.namesAnother(b, cur.org) {
				newSubject = true
			}
		}
		if h := strings.TrimSpace(b.heading.text); b.hasHeading && !b.row && len(cur.blocks) > 0 && cur.blocks[0].row && bulletRe.MatchString(h) && !itemRe.MatchString(h) {
			// 「■ 編集部から」 after a list of one-row cases: the list has ended.
			cur = &group{org: org}
			gs = append(gs, cur)
			cur.blocks = append(cur.blocks, b)
			continue
		}
		if cur.org != "" && org == "" && d.earlierCase(b) {
			// 「トヨタでは22年10月にも…約29万6000人分が閲覧できる状態に」: an earlier
			// case of the same organisation, told under its own heading.
			cur = &group{org: cur.org}
			gs = append(gs, cur)
			cur.blocks = append(cur.blocks, b)
			continue
		}
		if !continues && len(b.sents) > 0 && caseHeading && (org != "" || newSubject) || b.advisoryTitle && bullet {
			cur = &group{org: org}
			gs = append(gs, cur)
		}
		cur.blocks = append(cur.blocks, b)
		if cur.org == "" {
			cur.org = org
		}
	}
	return gs
}

var alsoRe = regexp.MustCompile(`(年|月|以前|過去|前回|昨年|先月)[^。、]{0,8}にも[、,]`)

// earlierCase reports a headed block whose text tells of another case with
// its own count: 「…月にも、顧客約29万6000人分のデータが…」.
func (d *document) earlierCase(b *block) bool {
	if !b.hasHeading {
		return false
	}
	for _, s := range b.sents {
		if alsoRe.MatchString(s.text) && (d.leakCueIn(s.text) || d.anyCauseCue(s.text)) {
			for _, c := range FindCounts(s.text) {
				if !c.Subset {
					return true
				}
			}
		}
	}
	return false
}

// namesAnother reports whether a block's text names an organisation other than org.
func (d *document) namesAnother(b *block, org string) bool {
	if len(b.sents) == 0 {
		return false
	}
	start, end := b.sents[0].start, b.sents[len(b.sents)-1].end
	for _, o := range d.allOrgs {
		if o.start >= start && o.end <= end && o.strength >= 2 && !sameOrg(o.name, org) {
			return true
		}
	}
	return false
}

// blockMentions reports whether a block names org or speaks as it (当社,
// 弊社). A 同社 refers to the last organisation named, which is only org
// when the block names no other.
func (d *document) blockMentions(b *block, org string) bool {
	name := cleanOrgName(org)
	other := d.namesAnother(b, org)
	mentions := func(t string) bool {
		return strings.Contains(t, name) || weSelfRe.MatchString(t) || !other && backRefRe.MatchString(t)
	}
	if mentions(b.heading.text) {
		return true
	}
	for _, s := range b.sents {
		if mentions(s.text) {
			return true
		}
	}
	return false
}

// backRefRe refers back to the organisation a report is about.
var backRefRe = compileSet(`同社|同院|同大|同大学|同行|同市|同町|同村|同区|同県|同機構|同法人|同校|同協会|同財団|同グループ`)

func bestOrg(os []orgSpan) string {
	best := orgSpan{}
	for _, o := range os {
		if o.strength > best.strength {
			best = o
		}
	}
	return best.name
}

// headingOrg is the organisation a heading names, unless the heading is only
// that name.
func headingOrg(b *block) string {
	if len(b.headingOrgs) == 0 {
		return ""
	}
	best := b.headingOrgs[0]
	for _, o := range b.headingOrgs[1:] {
		if o.strength > best.strength {
			best = o
		}
	}
	rest := strings.TrimSpace(strings.Replace(b.heading.text, best.name, "", 1))
	rest = strings.Trim(rest, "・■□●○◆◇▼▽▶【】[]() 社")
	for _, f := range corporateForms {
		rest = strings.ReplaceAll(rest, f, "")
	}
	if utf8.RuneCountInString(rest) <= 1 {
		return ""
	}
	return best.name
}

type causeScore struct {
	cause  leakwatch.Cause
	score  int
	strong int // hits of unambiguous cues
	top    int // the heaviest cue seen
	first  int
	ev     leakwatch.Evidence
	// tookCredentials marks a cause told in a sentence about IDs and
	// passwords: a lure or a stealer that opened the way in.
	tookCredentials bool
}

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

// offsetBase lets title "sentences" (start -1) use offsets relative to their own text.
func offsetBase(s sentence) int {
	if s.start < 0 {
		return 0
	}
	return s.start
}

// rankCauses orders causes, primary first. Insider misuse of access is
// insider, not unauthorized access; a ransomware infection is not also counted
// as generic malware.
func rankCauses(scores map[leakwatch.Cause]*causeScore) []*causeScore {
	if scores[leakwatch.CauseInsider] != nil && scores[leakwatch.CauseInsider].score >= 3 {
		delete(scores, leakwatch.CauseUnauthorizedAccess)
	}
	if scores[leakwatch.CauseRansomware] != nil {
		delete(scores, leakwatch.CauseMalware)
	}
	// Named malware with intrusion told only as 侵入された: the infection is the cause.
	if m := scores[leakwatch.CauseMalware]; m != nil && m.strong >= 2 {
		if ua := scores[leakwatch.CauseUnauthorizedAccess]; ua != nil && ua.strong == 0 {
			delete(scores, leakwatch.CauseUnauthorizedAccess)
		}
	}
	if m := scores[leakwatch.CauseMisconfiguration]; m != nil && m.score >= 3 {
		// 閲覧可能 after a misconfiguration is its consequence, not an intrusion.
		if ua := scores[leakwatch.CauseUnauthorizedAccess]; ua != nil && ua.score < m.score {
			delete(scores, leakwatch.CauseUnauthorizedAccess)
		}
	}
	// Data left visible is a misconfiguration only when a setting is named or
	// nothing else explains it.
	if m := scores[leakwatch.CauseMisconfiguration]; m != nil && m.top < 3 {
		for c, o := range scores {
			if c != leakwatch.CauseMisconfiguration && o.strong > 0 {
				delete(scores, leakwatch.CauseMisconfiguration)
				break
			}
		}
	}
	// Words that also have other senses (閲覧可能, 詐欺, サイバー攻撃) support a
	// cause but do not name one alone: such a case's cause is "not stated".
	for c, sc := range scores {
		if sc.strong == 0 {
			delete(scores, c)
		}
	}
	var list []*causeScore
	for _, s := range scores {
		list = append(list, s)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].score != list[j].score {
			return list[i].score > list[j].score
		}
		if list[i].first != list[j].first {
			return list[i].first < list[j].first
		}
		return list[i].cause < list[j].cause // the map's order is random
	})
	if len(list) == 0 {
		return nil
	}
	// Of the causes stated about as firmly as the strongest, the one told
	// first is where the case began (フィッシング → 不正ログイン).
	if len(list) > 1 {
		top := list[0].score
		lead := 0
		for i, c := range list {
			if c.strong > 0 && c.score*2 >= top && c.first < list[lead].first {
				lead = i
			}
		}
		list[0], list[lead] = list[lead], list[0]
	}
	// A login with stolen credentials is where a phishing mail or an
	// information stealer led: the lure or the infection is the case's cause.
	if list[0].cause == leakwatch.CauseUnauthorizedAccess {
		for i, c := range list {
			// Only where the lure took credentials (ID, パスワード): phishing sent
			// to customers after a break-in is its consequence.
			if (c.cause == leakwatch.CausePhishingFraud || c.cause == leakwatch.CauseMalware) && c.strong > 0 && c.score >= 3 && c.tookCredentials {
				list[0], list[i] = list[i], list[0]
				break
			}
		}
	}
	// Ransomware is what such a case is known by, whatever way it came in.
	for i, c := range list {
		if c.cause == leakwatch.CauseRansomware && i > 0 {
			list[0], list[i] = list[i], list[0]
		}
	}
	// Secondary causes must be stated clearly, not brushed against.
	out := list[:1]
	for _, s := range list[1:] {
		if s.strong >= 1 && s.score >= 3 && s.score*3 >= list[0].score {
			out = append(out, s)
		}
	}
	return out
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

// chooseOrg picks the organisation of a case: the name in its heading or the
// title, the subject of an announcement (Xは…発表), names with a legal form,
// and for 当社/弊社 the signature.
func (d *document) chooseOrg(g *group, first bool, sents []sentence) (string, []string, leakwatch.Evidence) {
	cands := map[string]*orgCandidate{}
	var evs = map[string]leakwatch.Evidence{}
	// order lists the candidates' keys as they came, so that a name like
	// トヨタ, which may be the same as two candidates, always joins the first.
	var order []string
	add := func(o orgSpan, pts int, ev leakwatch.Evidence) {
		key := o.name
		for i, k := range order {
			if sameOrg(k, o.name) {
				key = k
				// Prefer the longer, fuller name (NTTドコモ over ドコモ).
				if utf8.RuneCountInString(o.name) > utf8.RuneCountInString(k) && o.strength >= 2 && cands[o.name] == nil {
					c := cands[k]
					delete(cands, k)
					c.name = o.name
					cands[o.name] = c
					evs[o.name] = evs[k]
					order[i] = o.name
					key = o.name
				}
				break
			}
		}
		c := cands[key]
		if c == nil {
			c = &orgCandidate{name: key, first: o.start}
			cands[key] = c
			evs[key] = ev
			order = append(order, key)
		}
		c.score += pts + o.strength
	}
	for _, b := range g.blocks {
		if len(b.sents) == 0 {
			// A heading with nothing under it is a link in a list (関連記事),
			// not the heading of this case.
			continue
		}
		for _, o := range b.headingOrgs {
			at := b.heading
			if !b.hasHeading {
				// A paragraph's subject: its evidence is its own sentence.
				at = sentenceAt(b.sents, o.start)
			}
			add(o, 4, d.evidence(at, "org", o.name, o.name))
		}
	}
	if first {
		for _, o := range d.titleOrgs {
			add(o, 3*min(o.strength, 2), d.evidence(sentence{start: -1, text: d.title}, "org", o.name, o.name))
		}
	}
	for _, b := range g.blocks {
		for _, o := range b.orgs {
			if b.hasHeading && o.start >= b.heading.start && o.end <= b.heading.end {
				continue
			}
			s := sentenceAt(sents, o.start)
			pts := 1
			after := d.norm[o.end:min(len(d.norm), o.end+60)]
			if personAfterRe.MatchString(after) {
				// 東京都足立区の無職の男: where a person lives, not an organisation.
				continue
			}
			before := d.norm[max(0, o.start-12):o.start]
			if strings.HasSuffix(before, "(") || strings.HasSuffix(before, "本社・") || strings.HasSuffix(before, "所在地・") {
				if placeRe.MatchString(o.name) {
					// 中央保険サービス(広島市): the headquarters' city.
					continue
				}
			}
			if strings.HasSuffix(before, "「") && strings.HasPrefix(after, "」") {
				// Names in 「」 are services, products and malware more often than companies.
				pts -= 2
			}

			after = skipParenthetical(after)
			if (strings.HasPrefix(after, "は") || strings.HasPrefix(after, "が") || strings.HasPrefix(after, "で")) && s.announce {
				pts += 5
			}
			if d.introducedOrg(s, []orgSpan{o}) != nil {
				// 「まずは眼鏡チェーンのミルアイ。」 names the case that follows.
				pts += 4
			}
			if strings.HasPrefix(after, "の") {
				pts++
			}
			add(o, pts, d.evidence(s, "org", o.name, o.name))
		}
	}
	if d.selfReported(sents) {
		for _, o := range append(d.signatures, d.headerOrgs...) {
			add(o, 5, d.evidence(sentenceAt(sents, o.start), "org", o.name, o.name))
		}
	} else if first && len(cands) == 0 {
		// Nobody else named: the announcer under the title.
		for _, o := range d.headerOrgs {
			add(o, 5, d.evidence(sentenceAt(sents, o.start), "org", o.name, o.name))
		}
	}
	if len(cands) == 0 {
		return "", nil, leakwatch.Evidence{}
	}
	list := make([]*orgCandidate, 0, len(cands))
	for _, k := range order {
		list = append(list, cands[k])
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].score != list[j].score {
			return list[i].score > list[j].score
		}
		return list[i].first < list[j].first
	})
	// Emotet, SQLインジェクション: a name that is all a cause's word is the
	// malware or the attack; it yields to any other name.
	for i, c := range list {
		if i > 0 && c.score >= 3 && d.causeCueAtLeast(list[0].name, 2) && !d.causeCueAtLeast(c.name, 2) {
			list[0], list[i] = list[i], list[0]
			break
		}
	}
	best := list[0]
	if best.score < 3 {
		return "", nil, leakwatch.Evidence{}
	}
	var aliases []string
	for _, c := range list[1:] {
		if sameOrg(c.name, best.name) {
			aliases = append(aliases, c.name)
		}
	}
	return best.name, aliases, evs[best.name]
}

func sentenceAt(sents []sentence, off int) sentence {
	for _, s := range sents {
		if off >= s.start && off < s.end {
			return s
		}
	}
	return sentence{start: off, end: off}
}

// chooseCount picks the count of people or records leaked or possibly leaked:
// counts in sentences that report the leak, totals over subsets, the affected
// over the held.
func (d *document) chooseCount(all []sentence, ownTotals bool) (CountMention, sentence, bool) {
	type cand struct {
		m     CountMention
		s     sentence
		score int
		pos   int
	}
	var best *cand
	for pi, s := range all {
		leakHere := d.leakCueIn(s.text)
		if !leakHere && (d.anyCauseCue(s.text) || s.underLeakHeading || scopeRe.MatchString(s.text)) {
			leakHere = true
		}
		if !leakHere && !s.announce {
			continue
		}
		base := offsetBase(s)
		for _, m := range FindCounts(s.text) {
			if m.Subset {
				continue
			}
			m.Start += base
			m.End += base
			score := 0
			if leakHere {
				score += 3
			}
			if s.start < 0 {
				score++
			}
			rel := m.End - base
			after := s.text[rel:min(len(s.text), rel+15)]
			if strings.HasPrefix(after, "のうち") || strings.HasPrefix(after, "中") || strings.HasPrefix(after, "の中") {
				score -= 4
			}
			// 1200万ユーザーの情報が格納: data held, not data leaked. The held
			// word must be in the count's own clause.
			relStart := m.Start - base
			window := s.text[max(0, relStart-30):min(len(s.text), rel+24)]
			if heldRe.MatchString(window) && !strings.Contains(s.text[rel:], "流出") && !strings.Contains(s.text[rel:], "漏") {
				score -= 3
			}
			if correctionRe.MatchString(s.text) {
				// 「約4,000件」とお知らせしておりましたが…3,872件と確定: the old
				// figure is the one told before; the new one is what it became.
				a := strings.TrimPrefix(after, "」")
				switch {
				case oldFigureRe.MatchString(a):
					score -= 3
				case newFigureRe.MatchString(a):
					score += 2
				}
			}
			if m.Total && !ownTotals && !s.underLeakHeading {
				// In the opening of an article of several cases, 計 sums them;
				// under a section on what leaked it sums that section's lines.
				score -= 2
			}
			if populationRe.MatchString(after) {
				// 約2,300人を対象に, 200人が参加: people reached, not records leaked.
				continue
			}
			if sentMailRe.MatchString(s.text[rel:min(len(s.text), rel+40)]) || casesRe.MatchString(after) ||
				viewsRe.MatchString(s.text[max(0, relStart-24):relStart]) {
				// 約3,800件の迷惑メールが送信: what a taken-over account sent;
				// 3件はいずれも: the cases an article tells, not records.
				continue
			}
			if m.Counter == "通" || m.Counter == "枚" {
				score--
			}
			if score <= 0 {
				continue
			}
			c := &cand{m: m, s: s, score: score, pos: pi}
			if best == nil || c.score > best.score || c.score == best.score && c.m.Value > best.m.Value {
				best = c
			} else if c.m.Value == best.m.Value && best.m.Qualifier == leakwatch.QualExact && c.m.Qualifier != leakwatch.QualExact {
				// The same number written with 約 or 最大 elsewhere says how exact it is.
				best.m.Qualifier = c.m.Qualifier
			}
		}
	}
	if best == nil {
		return CountMention{}, sentence{}, false
	}
	return best.m, best.s, true
}

var theftRe = compileSet(`盗難|盗まれ|車上荒らし|置き引き|ひったくり|空き巣|窃盗`)

var dataWordRe = compileSet(`個人情報|顧客情報|会員情報|利用者情報|患者情報|情報が|情報を|データが|データを|メールアドレス|氏名|名簿|カード情報|アカウント|パスワード|ファイルが`)

// leaksData reports whether a sentence that tells of a leak says what data.
func (d *document) leaksData(all []sentence) bool {
	for _, s := range all {
		if d.leakCueIn(s.text) && dataWordRe.MatchString(s.text) {
			return true
		}
	}
	return false
}

// chooseActor reads who caused the case from its causes and the words around.
func chooseActor(causes []leakwatch.Cause, all []sentence) leakwatch.Actor {
	if len(causes) > 0 {
		switch causes[0] {
		case leakwatch.CauseUnauthorizedAccess, leakwatch.CauseRansomware, leakwatch.CauseMalware,
			leakwatch.CausePhishingFraud, leakwatch.CauseVulnerability:
			// Attacks come from outside whoever was in the way, but one that
			// struck the contractor holding the data is the contractor's case.
			for _, s := range all {
				if strings.Contains(s.text, "委託") && contractorHitRe.MatchString(s.text) {
					return leakwatch.ActorPartner
				}
			}
			return leakwatch.ActorExternal
		}
	}
	if len(causes) == 0 {
		return leakwatch.ActorUnknown
	}
	// count tells in how many sentences a cue of the actor appears.
	count := func(p pattern) int {
		n := 0
		for _, s := range all {
			if p.MatchString(s.text) {
				n++
			}
		}
		return n
	}
	partner := count(partnerRe)
	switch causes[0] {
	case leakwatch.CauseUnauthorizedAccess, leakwatch.CauseRansomware, leakwatch.CauseMalware,
		leakwatch.CausePhishingFraud, leakwatch.CauseVulnerability:
		return leakwatch.ActorExternal
	case leakwatch.CauseInsider:
		if partner > 0 {
			return leakwatch.ActorPartner
		}
		return leakwatch.ActorInternal
	case leakwatch.CauseMisconfiguration:
		if partner > 0 || count(cloudRe) > 0 {
			return leakwatch.ActorPartner
		}
		return leakwatch.ActorInternal
	case leakwatch.CauseLossTheft:
		// A thief is an outsider; a loss is the holder's own.
		for _, s := range all {
			if theftRe.MatchString(s.text) {
				return leakwatch.ActorExternal
			}
		}
		if partner > 0 {
			return leakwatch.ActorPartner
		}
		return leakwatch.ActorInternal
	case leakwatch.CauseMisoperation:
		if partner > 0 {
			return leakwatch.ActorPartner
		}
		return leakwatch.ActorInternal
	}
	if partner > 0 {
		return leakwatch.ActorPartner
	}
	internal, external := count(internalRe), count(externalRe)
	if external > internal {
		return leakwatch.ActorExternal
	}
	if internal > 0 {
		return leakwatch.ActorInternal
	}
	return leakwatch.ActorUnknown
}

// dataTypes reads what leaked from sentences that report the leak.
func (d *document) dataTypes(all []sentence, inc *leakwatch.Incident) []leakwatch.DataType {
	found := map[leakwatch.DataType]bool{}
	for _, s := range all {
		leaked := d.leakCueIn(s.text) || s.underLeakHeading || strings.Contains(s.text, "含まれ") || strings.Contains(s.text, "項目")
		if !leaked && !d.anyCauseCue(s.text) {
			continue
		}
		hits := theDataIndex().find(s.text)
		for _, dt := range leakwatch.DataTypes() {
			if dt == leakwatch.DataCredentials && !leaked {
				// 「IDとパスワードを用いたリスト型攻撃」 tells how, not what leaked.
				continue
			}
			for _, loc := range hits[dt] {
				if hasNegationAfter(s.text, loc[1]) {
					continue
				}
				if !found[dt] {
					found[dt] = true
					inc.Evidence = append(inc.Evidence, d.evidence(s, "data_types", string(dt), s.text[loc[0]:loc[1]]))
				}
				break
			}
		}
	}
	out := []leakwatch.DataType{}
	for _, dt := range leakwatch.DataTypes() {
		if found[dt] {
			out = append(out, dt)
		}
	}
	return out
}

var placeRe = regexp.MustCompile(`(都|道|府|県|市|区|町|村|郡)$`)

// skipParenthetical drops a leading (…) so that 北斗リビング(本社・札幌市)は reads as Xは.
func skipParenthetical(s string) string {
	if strings.HasPrefix(s, "(") {
		if k := strings.Index(s, ")"); k > 0 {
			return s[k+1:]
		}
	}
	return s
}

// scopeRe marks sentences that give the scope of a case: 対象は約2万8千件.
var scopeRe = compileSet(`対象(は|となる|となった|者|件数|人数|:)|が含まれていた|が含まれており|が含まれていました|が含まれている|が含まれる|含まれるとみられ|が記載されて|が記録されて|(掲載|公開|記載|表示)されて(いた|おりました|いました)情報|該当(する|は|者)|影響(を受け|は|範囲|が及)|内訳|保存されておりました|保存されていた|記録されていた|記録されておりました|保存されていました`)

var (
	oldFigureRe = regexp.MustCompile(`^(から|と(お知らせ|紹介|公表|発表|説明|報告|案内|して|され))`)
	newFigureRe = regexp.MustCompile(`^(に(修正|訂正|変更|更新|増加|減少)|と(なり|な|確定)|で(ある|あること|確定))`)
)

// correctionRe marks a sentence that replaces an earlier figure.
var correctionRe = compileSet(`訂正|精査|確定|照合|修正|改め|更新|となりました|となった|に変更`)

var personAfterRe = regexp.MustCompile(`^(在住|の([0-9]+代の)?(無職|会社員|自営業|男|女|少年|少女|アルバイト|パート|大学生|高校生|中学生|容疑者|被告|住民|男性|女性))`)

// viewsRe comes before a count of views, visits or downloads of what was
// exposed (閲覧件数は百十二件), not of records.
var viewsRe = regexp.MustCompile(`(閲覧|アクセス|ダウンロード|表示)(件数|数|回数)(は|が|:)?$`)

// casesRe follows a count of cases.
var casesRe = regexp.MustCompile(`^(は(いずれも|すべて|全て|とも)|とも|の(事案|事例|事故|案件|インシデント|被害事例|ケース))`)

// sentMailRe follows a count of mails an attacker sent, not of data.
var sentMailRe = regexp.MustCompile(`^(の|もの)?(迷惑|スパム|不審な?|フィッシング|なりすまし|詐欺)(メール|SMS)`)

var populationRe = compile(`^(を対象|が参加|に参加|が受講|を受講|が来場|を目指|の(企業|会社|団体)|が利用して|が加入|を超える(企業|会社)|に導入)`)

// selfReported reports whether the case is told in the first person (当社,
// 弊社) in a sentence about the case itself, as announcements are.
func (d *document) selfReported(sents []sentence) bool {
	self, apology := false, apologyRe.MatchString(d.title)
	for _, s := range sents {
		if weSelfRe.MatchString(s.text) {
			if d.leakCueIn(s.text) || d.anyCauseCue(s.text) || s.announce {
				return true
			}
			self = true
		}
		apology = apology || apologyRe.MatchString(s.text)
	}
	// 「本市では…発送しました」 and an apology: the notice of the one it happened to.
	return self && apology
}

// apologyRe marks the apology every announcement of a case carries.
var apologyRe = compile(`お詫び|おわび|ご迷惑|ご心配`)

// actorEvidence is the sentence that names who was involved (委託先, 元従業員,
// 第三者), or the cause's own sentence when the actor follows from the cause.
func (d *document) actorEvidence(inc leakwatch.Incident, all []sentence, causes []*causeScore) leakwatch.Evidence {
	var re pattern
	switch inc.Actor {
	case leakwatch.ActorPartner:
		re = partnerRe
	case leakwatch.ActorInternal:
		re = internalRe
	case leakwatch.ActorExternal:
		re = externalRe
	}
	if re != nil {
		for _, s := range all {
			if loc := re.FindStringIndex(s.text); loc != nil {
				return d.evidence(s, "actor", string(inc.Actor), s.text[loc[0]:loc[1]])
			}
		}
	}
	if len(causes) > 0 {
		ev := causes[0].ev
		ev.Field, ev.Value = "actor", string(inc.Actor)
		return ev
	}
	return leakwatch.Evidence{Field: "actor", Value: string(inc.Actor)}
}
