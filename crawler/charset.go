package crawler

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// sniffWindow is how much of a document is searched for a declared charset
// and scored when guessing. x/net/html/charset stops at 1024 bytes, which
// misses declarations behind long <head> comments and scripts.
const sniffWindow = 64 << 10

// Decoded is a document converted to UTF-8.
type Decoded struct {
	Text []byte
	// Charset is the canonical name of the encoding the bytes were read as
	// (utf-8, shift_jis, euc-jp, iso-2022-jp, windows-1252 …).
	Charset string
	// How says where the charset came from: bom, override, header, declared,
	// utf8, sniffed.
	How string
}

var (
	reMetaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)`)
	reXMLEncoding = regexp.MustCompile(`(?i)^\s*<\?xml[^>]*encoding\s*=\s*["']([a-z0-9_\-:.]+)["']`)
	reISO2022     = regexp.MustCompile("\x1b\\$[@B]|\x1b\\(J|\x1b\\(B")
)

// declaredCharset finds the charset a document declares in an XML
// declaration or a <meta> tag (either form) within the sniff window.
func declaredCharset(body []byte) string {
	head := body
	if len(head) > sniffWindow {
		head = head[:sniffWindow]
	}
	if m := reXMLEncoding.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	if m := reMetaCharset.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

// headerCharset is the charset parameter of a Content-Type value.
func headerCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		// Tolerate sloppy headers such as "text/html;charset=Shift_JIS;".
		if i := strings.Index(strings.ToLower(contentType), "charset="); i >= 0 {
			v := contentType[i+len("charset="):]
			if j := strings.IndexAny(v, "; "); j >= 0 {
				v = v[:j]
			}
			return strings.Trim(v, `"'`)
		}
		return ""
	}
	return params["charset"]
}

type candidate struct {
	enc  encoding.Encoding
	name string
	how  string
}

func lookup(label, how string) (candidate, bool) {
	label = strings.TrimSpace(label)
	if label == "" {
		return candidate{}, false
	}
	// Sites that say "x-sjis", "sjis" or "cp932" mean the same thing.
	switch strings.ToLower(label) {
	case "sjis", "x-sjis", "cp932", "ms932", "shift-jis", "windows-31j":
		label = "shift_jis"
	case "eucjp", "euc_jp", "x-euc-jp":
		label = "euc-jp"
	}
	enc, name := charset.Lookup(label)
	if enc == nil {
		return candidate{}, false
	}
	return candidate{enc: enc, name: name, how: how}, true
}

// isJapaneseMultibyte reports whether name is a Japanese multi-byte encoding.
func isJapaneseMultibyte(name string) bool {
	switch name {
	case "shift_jis", "euc-jp", "iso-2022-jp":
		return true
	}
	return false
}

// DecodeToUTF8 converts a fetched document to UTF-8. override (a source's
// configured charset) wins over everything but a BOM; then valid UTF-8 is
// taken as UTF-8 (ISO-2022-JP, being 7-bit, is recognised by its escapes).
// Otherwise every plausible encoding — the Content-Type label, the declared
// label and the Japanese encodings — is tried strictly and scored on a
// window of the text, so an unlabelled or mislabelled Shift_JIS or EUC-JP
// page comes out as Japanese rather than as windows-1252 mojibake.
func DecodeToUTF8(body []byte, contentType, override string) Decoded {
	switch {
	case bytes.HasPrefix(body, []byte("\xef\xbb\xbf")):
		return Decoded{Text: bytes.Clone(body[3:]), Charset: "utf-8", How: "bom"}
	case bytes.HasPrefix(body, []byte("\xfe\xff")):
		return decodeWith(candidate{enc: unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), name: "utf-16be", how: "bom"}, body)
	case bytes.HasPrefix(body, []byte("\xff\xfe")):
		return decodeWith(candidate{enc: unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), name: "utf-16le", how: "bom"}, body)
	}
	if c, ok := lookup(override, "override"); ok {
		return decodeWith(c, body)
	}
	hdr, hasHdr := lookup(headerCharset(contentType), "header")
	decl, hasDecl := lookup(declaredCharset(body), "declared")
	if utf8.Valid(body) {
		if reISO2022.Match(body) {
			c, _ := lookup("iso-2022-jp", "sniffed")
			if hasHdr && hdr.name == "iso-2022-jp" {
				c.how = "header"
			} else if hasDecl && decl.name == "iso-2022-jp" {
				c.how = "declared"
			}
			return decodeWith(c, body)
		}
		how := "utf8"
		if hasHdr && hdr.name == "utf-8" {
			how = "header"
		} else if hasDecl && decl.name == "utf-8" {
			how = "declared"
		}
		return Decoded{Text: body, Charset: "utf-8", How: how}
	}
	// Not valid UTF-8: still a candidate, since a page that says UTF-8 and
	// has one broken byte is better read as UTF-8 with one U+FFFD.
	var cands []candidate
	if hasHdr {
		cands = append(cands, hdr)
	}
	if hasDecl {
		cands = append(cands, decl)
	}
	for _, l := range []string{"shift_jis", "euc-jp", "iso-2022-jp", "utf-8"} {
		c, _ := lookup(l, "sniffed")
		cands = append(cands, c)
	}
	window := body
	if len(window) > sniffWindow {
		window = window[:sniffWindow]
		// Do not cut a multi-byte character in half: back up to an ASCII byte.
		for i := len(window) - 1; i > len(window)-8 && i > 0; i-- {
			if window[i] < 0x80 {
				window = window[:i+1]
				break
			}
		}
	}
	best, bestScore := -1, 0
	seen := map[string]bool{}
	for i, c := range cands {
		if seen[c.name] {
			continue
		}
		seen[c.name] = true
		s := scoreDecoding(c, window)
		// A label the document carries breaks ties, and a single-byte label
		// (windows-1252, iso-8859-1) never beats a Japanese decoding that
		// found kana: single-byte decoders accept any bytes.
		if c.how != "sniffed" && (isJapaneseMultibyte(c.name) || c.name == "utf-8") {
			s++
		}
		if best < 0 || s > bestScore {
			best, bestScore = i, s
		}
	}
	return decodeWith(cands[best], body)
}

// scoreDecoding rates how Japanese a decoding looks: kana and common CJK
// count for it, replacement characters and half-width katakana (what EUC-JP
// bytes become when read as Shift_JIS) against it.
func scoreDecoding(c candidate, window []byte) int {
	out, err := c.enc.NewDecoder().Bytes(window)
	if err != nil {
		return -1 << 30
	}
	score := 0
	for _, r := range string(out) {
		switch {
		case r == utf8.RuneError:
			score -= 50
		case r >= 0x3041 && r <= 0x30ff: // hiragana, katakana
			score += 2
		case r >= 0x3000 && r <= 0x303f: // 、。「」
			score++
		case r >= 0xff61 && r <= 0xff9f: // half-width katakana
			score -= 2
		case r >= 0x4e00 && r <= 0x9fff:
			score++
		case r >= 0x80 && r < 0x3000:
			// Latin-1 letters and symbols are rare in Japanese news.
			score--
		}
	}
	return score
}

func decodeWith(c candidate, body []byte) Decoded {
	if c.name == "utf-8" {
		return Decoded{Text: bytes.ToValidUTF8(body, []byte("\uFFFD")), Charset: c.name, How: c.how}
	}
	out, err := c.enc.NewDecoder().Bytes(body)
	if err != nil {
		// x/text decoders substitute U+FFFD rather than fail; an error here
		// means a broken transformer state, so keep the bytes as valid UTF-8.
		return Decoded{Text: bytes.ToValidUTF8(body, []byte("\uFFFD")), Charset: "utf-8", How: "fallback"}
	}
	return Decoded{Text: out, Charset: c.name, How: c.how}
}
