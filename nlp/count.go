package nlp

// The count of a case: which number of people or records leaked, told apart
// from the held, the sent, the viewed and the counted cases.

import (
	"regexp"
	"strings"

	"github.com/leakwatch/leakwatch"
)

// offsetBase lets title "sentences" (start -1) use offsets relative to their own text.
func offsetBase(s sentence) int {
	if s.start < 0 {
		return 0
	}
	return s.start
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

// scopeRe marks sentences that give the scope of a case: 対象は約2万8千件.
var scopeRe = compileSet(`対象(は|となる|となった|者|件数|人数|:)|が含まれていた|が含まれており|が含まれていました|が含まれている|が含まれる|含まれるとみられ|が記載されて|が記録されて|(掲載|公開|記載|表示)されて(いた|おりました|いました)情報|該当(する|は|者)|影響(を受け|は|範囲|が及)|内訳|保存されておりました|保存されていた|記録されていた|記録されておりました|保存されていました`)

var (
	oldFigureRe = regexp.MustCompile(`^(から|と(お知らせ|紹介|公表|発表|説明|報告|案内|して|され))`)
	newFigureRe = regexp.MustCompile(`^(に(修正|訂正|変更|更新|増加|減少)|と(なり|な|確定)|で(ある|あること|確定))`)
)

// correctionRe marks a sentence that replaces an earlier figure.
var correctionRe = compileSet(`訂正|精査|確定|照合|修正|改め|更新|となりました|となった|に変更`)

// viewsRe comes before a count of views, visits or downloads of what was
// exposed (閲覧件数は百十二件), not of records.
var viewsRe = regexp.MustCompile(`(閲覧|アクセス|ダウンロード|表示)(件数|数|回数)(は|が|:)?$`)

// casesRe follows a count of cases.
var casesRe = regexp.MustCompile(`^(は(いずれも|すべて|全て|とも)|とも|の(事案|事例|事故|案件|インシデント|被害事例|ケース))`)

// sentMailRe follows a count of mails an attacker sent, not of data.
var sentMailRe = regexp.MustCompile(`^(の|もの)?(迷惑|スパム|不審な?|フィッシング|なりすまし|詐欺)(メール|SMS)`)

var populationRe = compile(`^(を対象|が参加|に参加|が受講|を受講|が来場|を目指|の(企業|会社|団体)|が利用して|が加入|を超える(企業|会社)|に導入)`)
