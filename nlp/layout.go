package nlp

// The layout of an article: lines and sentences, headings and sections,
// list rows and tables, and the blocks and groups a round-up splits into.

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

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

// dataHeadingRe marks the heading of an announcement's section on the data
// of the case (「2. USBメモリに保存されていた情報」「個人情報の項目」), whose lines give
// the count without a verb of leaking.
var dataHeadingRe = regexp.MustCompile(`(情報|情報等|データ|の内容|の項目|の範囲|人数|対象者)$`)

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
var bracketRowRe = regexp.MustCompile(`^\s*(?:【[^】]{1,12}】|[0-9]{1,2}[.)])\s*()` + rowNameThenSummary)

// itemRowRe is a case told in one item of a list: 「・4日 ひばり野市、メール誤送信(120件)」,
// an optional date, the organisation, and after a comma or colon the summary.
var itemRowRe = regexp.MustCompile(`^\s*(?:・|●|○|-|‐)\s*((?:[0-9]{1,2}月)?[0-9]{1,2}日|[0-9]{1,2}/[0-9]{1,2})?\s*` + rowNameThenSummary)

// rowNameThenSummary ends a row pattern: the organisation (no brackets,
// quotes or leading digit), then after 、 or : the summary of its case.
const rowNameThenSummary = `([^、,:|()「」\s0-9][^、,:|()「」]{1,29}?)\s*[、:]\s*(.+)$`

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
