package nlp

// The organisation a case happened to: where the tokenizer reads for names,
// the subjects of leads and paragraphs, and the choice among candidates.

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/leakwatch/leakwatch"
)

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
	if particleAfterWord(name, "がをにではも") {
		return false
	}
	for _, bad := range []string{"した", "する", "され", "いる", "について", "により", "による", "として", "を"} {
		if strings.Contains(name, bad) {
			return false
		}
	}
	return true
}

// particleAfterWord reports whether one of particles follows kanji, katakana
// or Latin in name, which makes it a clause (サーバが, 同社は); among kana a
// particle may be part of a name (はるかぜ, しろがね).
func particleAfterWord(name, particles string) bool {
	prev := rune(0)
	for _, r := range name {
		if strings.ContainsRune(particles, r) && prev != 0 && !(prev >= 'ぁ' && prev <= 'ん') {
			return true
		}
		prev = r
	}
	return false
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
	if particleAfterWord(name, "やをがはにで") {
		return false
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
			ci := d.cues(s.text)
			if !s.announce && !introducesHQ(s.text) && (si > 0 || !ci.leak && ci.maxCause < 2 && utf8.RuneCountInString(s.text) > 40) {
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

func bestOrg(os []orgSpan) string {
	best := orgSpan{}
	for _, o := range os {
		if o.strength > best.strength {
			best = o
		}
	}
	return best.name
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

var personAfterRe = regexp.MustCompile(`^(在住|の([0-9]+代の)?(無職|会社員|自営業|男|女|少年|少女|アルバイト|パート|大学生|高校生|中学生|容疑者|被告|住民|男性|女性))`)

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
