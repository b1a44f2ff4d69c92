package crawler

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

const jaSample = "個人情報の漏えいについてお知らせします。当社が運営するオンラインショップにおいて、第三者による不正アクセスが確認されました。お客様にはご迷惑をおかけし、深くお詫び申し上げます。"

func TestDecodeToUTF8(t *testing.T) {
	page := func(meta string) string {
		return "<html><head>" + meta + "<title>お知らせ</title></head><body><p>" + jaSample + "</p></body></html>"
	}
	// A long head pushes the declaration past 1024 bytes, where
	// x/net/html/charset stops looking.
	longHead := "<!--" + strings.Repeat("x", 2000) + "-->"
	tests := []struct {
		name        string
		body        string
		enc         encoding.Encoding // nil: UTF-8
		contentType string
		override    string
		wantCharset string
		wantHow     string
	}{
		{"utf8 unlabelled", page(""), nil, "", "", "utf-8", "utf8"},
		{"utf8 header", page(""), nil, "text/html; charset=UTF-8", "", "utf-8", "header"},
		{"utf8 bom", "\ufeff" + page(""), nil, "", "", "utf-8", "bom"},
		{"shift_jis header", page(""), japanese.ShiftJIS, "text/html; charset=Shift_JIS", "", "shift_jis", "header"},
		{"shift_jis meta", page(`<meta charset="Shift_JIS">`), japanese.ShiftJIS, "text/html", "", "shift_jis", "declared"},
		{"shift_jis meta http-equiv after 1024 bytes", longHead + page(`<meta http-equiv="Content-Type" content="text/html; charset=x-sjis">`), japanese.ShiftJIS, "", "", "shift_jis", "declared"},
		{"shift_jis unlabelled", page(""), japanese.ShiftJIS, "", "", "shift_jis", "sniffed"},
		{"euc-jp meta", page(`<meta charset="EUC-JP">`), japanese.EUCJP, "", "", "euc-jp", "declared"},
		{"euc-jp unlabelled", page(""), japanese.EUCJP, "text/html", "", "euc-jp", "sniffed"},
		{"euc-jp mislabelled as shift_jis", page(""), japanese.EUCJP, "text/html; charset=Shift_JIS", "", "euc-jp", "sniffed"},
		{"shift_jis mislabelled as latin1", page(""), japanese.ShiftJIS, "text/html; charset=iso-8859-1", "", "shift_jis", "sniffed"},
		{"iso-2022-jp unlabelled", page(""), japanese.ISO2022JP, "", "", "iso-2022-jp", "sniffed"},
		{"iso-2022-jp header", page(""), japanese.ISO2022JP, "text/plain; charset=ISO-2022-JP", "", "iso-2022-jp", "header"},
		{"xml declaration euc-jp", `<?xml version="1.0" encoding="EUC-JP"?><rss><channel><title>` + jaSample + `</title></channel></rss>`, japanese.EUCJP, "application/xml", "", "euc-jp", "declared"},
		{"override wins", page(`<meta charset="utf-8">`), japanese.ShiftJIS, "text/html; charset=utf-8", "cp932", "shift_jis", "override"},
		{"cp932 extension characters", page("") + "①②㈱", japanese.ShiftJIS, "text/html; charset=Shift_JIS", "", "shift_jis", "header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := []byte(tt.body)
			if tt.enc != nil {
				raw = encodeTo(t, tt.body, tt.enc)
			}
			d := DecodeToUTF8(raw, tt.contentType, tt.override)
			if d.Charset != tt.wantCharset || d.How != tt.wantHow {
				t.Errorf("charset %s via %s, want %s via %s", d.Charset, d.How, tt.wantCharset, tt.wantHow)
			}
			want := strings.TrimPrefix(tt.body, "\ufeff")
			if string(d.Text) != want {
				t.Errorf("text differs:\n got %.120q\nwant %.120q", d.Text, want)
			}
		})
	}
}

func TestDecodeInvalidUTF8Labelled(t *testing.T) {
	// Labelled UTF-8 but with a stray byte: kept as UTF-8 with a replacement
	// character rather than reinterpreted, since the rest reads fine.
	body := []byte("<meta charset=utf-8><p>" + jaSample + "\xff</p>")
	d := DecodeToUTF8(body, "", "")
	if !strings.Contains(string(d.Text), "個人情報") {
		t.Errorf("lost the Japanese text: %s via %s: %.80q", d.Charset, d.How, d.Text)
	}
}
