package nlp

import (
	"fmt"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"
)

// Dictionary choice: IPA over UniDic. Measured on the seeds and on phrases such
// as 「ランサムウェアに感染し不正アクセスを受けた」「NTTドコモ」「約29万6000人分」:
//   - IPA keeps ランサムウェア, クレジットカード, メールアドレス and company names like
//     ソースネクスト as one token; UniDic splits them (ランサム/ウェア, ソース/ネクスト).
//   - IPA keeps a digit run (29, 6000, 120) as one 名詞-数 token; UniDic emits one
//     token per digit and splits NTT into three 記号 letters.
//   - IPA loads in ~0.6 s and ~146 MiB; UniDic in ~1.9 s and ~580 MiB, and
//     tokenises about 1.7× slower (shared/notes/measured.md).
// 不正/アクセス and 誤/送信 are two tokens in both, so cause cues are matched on
// normalised text, not on single tokens.

// Mode selects kagome's segmentation.
type Mode int

// Segmentation modes.
const (
	// Normal is the dictionary's best path.
	Normal Mode = iota
	// Search also splits long compounds, as Lucene's kuromoji does for search.
	Search
)

// Token is one morpheme.
type Token struct {
	Surface string
	// Base is the dictionary form (流出し → 流出する's stem stays 流出; 持ち出し → 持ち出す);
	// equal to Surface for unknown words.
	Base string
	// POS is the part of speech hierarchy, e.g. [名詞 固有名詞 組織 *].
	POS []string
	// Start and End are byte offsets into the tokenised string.
	Start, End int
	// Known is false for words the dictionary does not have.
	Known bool
}

// Tokenizer wraps kagome with the IPA dictionary. It is safe for concurrent use;
// build one per process and pass it around, since loading the dictionary takes
// about half a second and 150 MiB.
type Tokenizer struct {
	kt *tokenizer.Tokenizer
}

// NewTokenizer loads the IPA dictionary and builds a tokenizer.
func NewTokenizer() (*Tokenizer, error) {
	kt, err := tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos())
	if err != nil {
		return nil, fmt.Errorf("nlp: load kagome ipa dictionary: %w", err)
	}
	return &Tokenizer{kt: kt}, nil
}

// Tokenize splits s into morphemes.
func (t *Tokenizer) Tokenize(s string, mode Mode) []Token {
	km := tokenizer.Normal
	if mode == Search {
		km = tokenizer.Search
	}
	kts := t.kt.Analyze(s, km)
	out := make([]Token, 0, len(kts))
	// One backing array for every token's part of speech: a slice per token
	// was a fifth of the cost of reading an article.
	pos := make([]string, 0, len(kts)*ipa.POSHierarchy)
	for _, k := range kts {
		start := len(pos)
		for i := 0; i < ipa.POSHierarchy; i++ {
			f, ok := k.FeatureAt(i)
			if !ok {
				break
			}
			pos = append(pos, f)
		}
		tok := Token{Surface: k.Surface, Start: k.Position, End: k.Position + len(k.Surface),
			Known: k.Class == tokenizer.KNOWN || k.Class == tokenizer.USER, POS: pos[start:len(pos):len(pos)], Base: k.Surface}
		// FeatureAt reads the dictionary in place; BaseForm would copy every feature.
		if b, ok := k.FeatureAt(ipa.BaseForm); ok && b != "*" && k.Class == tokenizer.KNOWN {
			tok.Base = b
		}
		out = append(out, tok)
	}
	return out
}

// nameToken is the part of a Token the organisation scan reads. It skips the
// base form and keeps the first three levels of the part of speech in place:
// the full Token costs half again as much as kagome's own analysis.
type nameToken struct {
	Surface    string
	Start, End int
	Known      bool
	POS        [3]string // empty where the hierarchy is shorter
}

func (t *Tokenizer) nameTokens(s string) []nameToken {
	kts := t.kt.Analyze(s, tokenizer.Normal)
	out := make([]nameToken, len(kts))
	for i, k := range kts {
		out[i] = nameToken{Surface: k.Surface, Start: k.Position, End: k.Position + len(k.Surface),
			Known: k.Class == tokenizer.KNOWN || k.Class == tokenizer.USER}
		for j := range out[i].POS {
			f, ok := k.FeatureAt(j)
			if !ok {
				break
			}
			out[i].POS[j] = f
		}
	}
	return out
}
