package nlp

// The cause, actor and data of a case, ranked from the cues read in its
// sentences.

import (
	"regexp"
	"sort"
	"strings"

	"github.com/leakwatch/leakwatch"
)

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
