package digest

import (
	"fmt"
	"io"
	"strings"
)

// Title is the digest's heading: 情報漏えい週報 2026-W47, or for any other
// period 情報漏えいダイジェスト with its dates.
func (d *Digest) Title() string {
	if d.Week != "" {
		return "情報漏えい週報 " + d.Week
	}
	return "情報漏えいダイジェスト " + d.From + "〜" + d.To
}

// words used for the period and the periods before it.
func (d *Digest) thisWord() string {
	if d.Week != "" {
		return "今週"
	}
	return "今期"
}

func (d *Digest) prevWord() string {
	if d.Week != "" {
		return fmt.Sprintf("前%d週", compareWeeks)
	}
	return fmt.Sprintf("前%d期間", compareWeeks)
}

// Headline is the one-paragraph summary shared by every format.
func (d *Digest) Headline() []string {
	s := d.Summary
	var lines []string
	cases := fmt.Sprintf("新規の事案 %d件（%s平均 %s件）", s.Cases, d.prevWord(), avg(s.PrevCases))
	if s.Continuing > 0 {
		cases += fmt.Sprintf("、ほかに続報のあった事案 %d件", s.Continuing)
	}
	lines = append(lines, cases)
	rec := fmt.Sprintf("判明した漏えい等の件数 計%s件（%s平均 %s件）", jaNumber(s.Records), d.prevWord(), jaNumber(s.PrevRecords/compareWeeks))
	if s.Uncounted > 0 {
		rec += fmt.Sprintf("、%sの事案 %d件は件数に含まず", unknownCount, s.Uncounted)
	}
	lines = append(lines, rec)
	if s.Largest != nil {
		lines = append(lines, fmt.Sprintf("最大の事案: %s（%s）", s.Largest.Org, s.Largest.CountText))
	}
	if len(s.Rising) > 0 {
		var rs []string
		for _, r := range s.Rising {
			rs = append(rs, fmt.Sprintf("%s（%d件、%s平均 %s件）", r.Label, r.Cases, d.prevWord(), avgF(r.PrevAvg)))
		}
		lines = append(lines, "増加している原因: "+strings.Join(rs, "、"))
	} else {
		lines = append(lines, "増加している原因: なし")
	}
	return lines
}

func avg(total int) string { return avgF(float64(total) / compareWeeks) }

func avgF(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", f), "0"), ".")
}

// recordsCell writes a cause's known count and how many cases had none.
func recordsCell(cases int, records int64, uncounted int) string {
	switch {
	case cases == 0:
		return "—"
	case uncounted == 0:
		return jaNumber(records) + "件"
	case records == 0:
		return fmt.Sprintf("不明%d件", uncounted)
	}
	return fmt.Sprintf("%s件（ほか不明%d件）", jaNumber(records), uncounted)
}

// EmptyText is what a digest with no cases says.
const EmptyText = "この期間に報じられた情報漏えいの事案はありませんでした。"

// WriteMarkdown writes the digest as Markdown, for chat and e-mail.
func WriteMarkdown(w io.Writer, d *Digest) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n対象期間: %s（日本時間）\n\n## 概要\n\n", d.Title(), d.Label)
	for _, l := range d.Headline() {
		fmt.Fprintf(&b, "- %s\n", mdEscape(l))
	}
	if len(d.Summary.ByCause) > 0 {
		fmt.Fprintf(&b, "\n| 原因 | %sの事案 | %sの件数 | %sの事案（週平均） | %sの件数 |\n|---|---:|---:|---:|---:|\n",
			d.thisWord(), d.thisWord(), d.prevWord(), d.prevWord())
		for _, c := range d.Summary.ByCause {
			mark := ""
			if c.Rising {
				mark = " ↑"
			}
			fmt.Fprintf(&b, "| %s%s | %d | %s | %d（%s） | %s |\n", mdEscape(c.Label), mark, c.Cases,
				recordsCell(c.Cases, c.Records, c.Uncounted), c.PrevCases, avgF(c.PrevAvg), recordsCell(c.PrevCases, c.PrevRecords, c.PrevUncounted))
		}
	}
	b.WriteString("\n## 事案（規模順）\n\n")
	if len(d.Cases) == 0 {
		b.WriteString(EmptyText + "\n")
	}
	for _, c := range d.Cases {
		fmt.Fprintf(&b, "### %d. %s：%s\n\n", c.Rank, mdEscape(c.Org), mdEscape(c.CountText))
		if !c.New {
			fmt.Fprintf(&b, "*続報（初報 %s）*\n\n", c.FirstReport)
		}
		fmt.Fprintf(&b, "> %s\n\n", mdEscape(c.Summary))
		fmt.Fprintf(&b, "- 原因: %s\n", mdEscape(strings.Join(c.CauseLabels, "、")))
		fmt.Fprintf(&b, "- 行為者: %s\n", mdEscape(c.ActorLabel))
		fmt.Fprintf(&b, "- 件数: %s\n", mdEscape(c.CountText))
		fmt.Fprintf(&b, "- 漏えい等した情報: %s\n", mdEscape(orDash(strings.Join(c.DataLabels, "、"))))
		for _, n := range c.Notes {
			fmt.Fprintf(&b, "- 訂正・続報: %s\n", mdEscape(n))
		}
		b.WriteString("- 出典:\n")
		for _, s := range c.Sources {
			note := s.Source + "、" + s.Published
			if s.FollowUp {
				note += "、続報"
			}
			fmt.Fprintf(&b, "  - [%s](%s)（%s）\n", mdEscape(orDash(s.Title)), mdURL(s.URL), mdEscape(note))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "---\n\n%s leakwatch が %s に作成\n", d.Period, d.Generated.Format("2006-01-02 15:04 MST"))
	_, err := io.WriteString(w, b.String())
	return err
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "|", `\|`, "#", `\#`, "\n", " ", "\r", " ",
)

// mdEscape keeps text from titles and articles from being read as Markdown.
func mdEscape(s string) string { return mdEscaper.Replace(s) }

var mdURLEscaper = strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "\n", "")

func mdURL(u string) string { return mdURLEscaper.Replace(u) }
