package digest

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/leakwatch/leakwatch"
)

//go:embed templates/digest.html.tmpl
var pageTemplate string

//go:embed templates/entry.html.tmpl
var entryTemplate string

var funcs = template.FuncMap{
	"join":    strings.Join,
	"ja":      jaNumber,
	"avg":     avgF,
	"records": recordsCell,
	"orDash":  orDash,
}

var (
	pageTmpl  = template.Must(template.New("page").Funcs(funcs).Parse(pageTemplate))
	entryTmpl = template.Must(template.New("entry").Funcs(funcs).Parse(entryTemplate))
)

type htmlView struct {
	*Digest
	Chart     template.HTML
	ThisWord  string
	PrevWord  string
	Lines     []string
	Empty     string
	ColorThis string
	ColorPrev string
	Weeks     int
}

// PrevAvgCases is the previous periods' mean number of new cases.
func (v htmlView) PrevAvgCases() float64 { return float64(v.Summary.PrevCases) / compareWeeks }

// PrevAvgRecords is the previous periods' mean of known records.
func (v htmlView) PrevAvgRecords() int64 { return v.Summary.PrevRecords / compareWeeks }

// DataTag is a data type as shown, marked when it is of the most harmful kinds.
type DataTag struct {
	Label  string
	Severe bool
}

// Data lists the case's data types for display.
func (c Case) Data() []DataTag {
	out := make([]DataTag, 0, len(c.DataTypes))
	for _, d := range c.DataTypes {
		out = append(out, DataTag{Label: d.Label(), Severe: severity([]leakwatch.DataType{d}) == 2})
	}
	return out
}

func newView(d *Digest) (htmlView, error) {
	svg, err := ChartSVG(d)
	if err != nil {
		return htmlView{}, err
	}
	return htmlView{
		Digest: d,
		// The SVG is ours: go-chart's output with labels we escaped.
		Chart:    template.HTML(svg),
		ThisWord: d.thisWord(), PrevWord: d.prevWord(),
		Lines: d.Headline(), Empty: EmptyText,
		ColorThis: colorThis, ColorPrev: colorPrev, Weeks: compareWeeks,
	}, nil
}

// WriteHTML writes the digest as one self-contained Japanese HTML page
// (styles and the chart inline, nothing fetched), laid out for print too.
func WriteHTML(w io.Writer, d *Digest) error {
	v, err := newView(d)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pageTmpl.Execute(&buf, v); err != nil {
		return fmt.Errorf("digest: render html: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// htmlFragment is the digest without page or chart, for an Atom entry's
// content; feed readers drop styles and inline SVG.
func htmlFragment(d *Digest) (string, error) {
	v := htmlView{Digest: d, ThisWord: d.thisWord(), PrevWord: d.prevWord(), Lines: d.Headline(), Empty: EmptyText}
	var buf bytes.Buffer
	if err := entryTmpl.Execute(&buf, v); err != nil {
		return "", fmt.Errorf("digest: render feed entry: %w", err)
	}
	return buf.String(), nil
}
