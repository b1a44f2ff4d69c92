package digest

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strings"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Chart colours, shared with the HTML legend.
const (
	colorThis = "#c2410c"
	colorPrev = "#94a3b8"
)

// chart geometry, in SVG units (the SVG scales to the page through its viewBox).
const (
	chartWidth      = 860
	chartHeight     = 280
	chartLabelPt    = 9  // cause names under the bars
	chartValuePt    = 8  // numbers on the bars
	chartBottomRoom = 34 // for one line of cause names
)

// ChartSVG draws the new cases by primary cause in the period against the
// mean of the periods before, as an SVG for inlining; "" when there is nothing
// to draw. go-chart lays out the axes, grid and canvas; the grouped bars are
// a series of ours, since the library's bar chart has one value per bar.
//
// go-chart measures text with its embedded Roboto, which has no Japanese
// glyphs, so the cause names are placed by our own width estimate and left to
// the browser's fonts; nothing is fetched at run time.
func ChartSVG(d *Digest) (string, error) {
	rows := d.Summary.ByCause
	if len(rows) == 0 {
		return "", nil
	}
	top := 0.0
	for _, r := range rows {
		top = math.Max(top, math.Max(float64(r.Cases), r.PrevAvg))
	}
	step, yMax := niceScale(top)
	grid := chart.Style{StrokeColor: drawing.ColorFromHex("e2e8f0"), StrokeWidth: 1}
	var ticks []chart.Tick
	var lines []chart.GridLine
	for v := 0.0; v <= yMax+step/2; v += step {
		ticks = append(ticks, chart.Tick{Value: v, Label: fmt.Sprintf("%g", v)})
		if v > 0 {
			lines = append(lines, chart.GridLine{Value: v, Style: grid})
		}
	}
	n := float64(len(rows))
	axisStyle := chart.Style{StrokeColor: drawing.ColorFromHex("cbd5e1"), StrokeWidth: 1, FontSize: chartValuePt, FontColor: drawing.ColorFromHex("475569")}
	bottom := chartBottomRoom
	slot := float64(chartWidth-60) / n
	labelPx := drawing.PointsToPixels(chart.DefaultDPI, chartLabelPt)
	for _, r := range rows {
		if len(splitLabel(r.Label, slot-6, labelPx)) > 1 {
			bottom += int(labelPx * 1.25) // room for a second line of names
			break
		}
	}
	g := chart.Chart{
		Width:  chartWidth,
		Height: chartHeight,
		Background: chart.Style{
			Padding: chart.Box{Top: 16, Left: 8, Right: 8, Bottom: bottom},
		},
		XAxis: chart.XAxis{
			Style: chart.Style{Hidden: true},
			Range: &chart.ContinuousRange{Min: -0.5, Max: n - 0.5},
		},
		YAxis: chart.YAxis{
			Style:          axisStyle,
			Range:          &chart.ContinuousRange{Min: 0, Max: yMax},
			Ticks:          ticks,
			GridLines:      lines,
			GridMajorStyle: grid,
			GridMinorStyle: grid,
		},
		// Without this go-chart draws an empty secondary axis at the left.
		YAxisSecondary: chart.YAxis{Style: chart.Style{Hidden: true}},
		Series:         []chart.Series{groupedBars{rows: rows}},
	}
	var buf bytes.Buffer
	if err := g.Render(chart.SVG, &buf); err != nil {
		return "", fmt.Errorf("digest: draw chart: %w", err)
	}
	svg := buf.String()
	// Name the chart for screen readers; the SVG carries no size of its own.
	svg = strings.Replace(svg, "<svg ", `<svg role="img" aria-label="原因別の新規事案数" `, 1)
	return svg, nil
}

// niceScale picks a tick step of 1, 2, 5 × 10ⁿ giving about five ticks, and
// the axis top as a whole number of steps above the largest value.
func niceScale(top float64) (step, yMax float64) {
	if top <= 0 {
		return 1, 1
	}
	raw := top / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		step = m * mag
		if step >= raw {
			break
		}
	}
	step = math.Max(step, 1) // cases are whole numbers
	yMax = step * math.Ceil(top/step)
	if yMax <= top {
		yMax += step
	}
	return step, yMax
}

// groupedBars draws, for each cause, this period's cases beside the previous
// periods' mean, with the numbers on top and the cause name below.
type groupedBars struct{ rows []CauseStat }

func (groupedBars) GetName() string           { return "cases" }
func (groupedBars) GetYAxis() chart.YAxisType { return chart.YAxisPrimary }
func (groupedBars) GetStyle() chart.Style     { return chart.Style{} }
func (groupedBars) Validate() error           { return nil }

func (g groupedBars) Render(r chart.Renderer, box chart.Box, xr, yr chart.Range, defaults chart.Style) {
	slot := float64(box.Width()) / float64(len(g.rows))
	barW := int(math.Min(34, slot*0.3))
	this := chart.Style{FillColor: drawing.ColorFromHex(colorThis[1:]), StrokeWidth: 0}
	prev := chart.Style{FillColor: drawing.ColorFromHex(colorPrev[1:]), StrokeWidth: 0}
	value := chart.Style{Font: defaults.Font, FontSize: chartValuePt, FontColor: drawing.ColorFromHex("334155")}
	label := chart.Style{Font: defaults.Font, FontSize: chartLabelPt, FontColor: drawing.ColorFromHex("1e293b")}
	valuePx := int(drawing.PointsToPixels(r.GetDPI(), chartValuePt))
	labelPx := drawing.PointsToPixels(r.GetDPI(), chartLabelPt)
	for i, row := range g.rows {
		cx := box.Left + xr.Translate(float64(i))
		bars := []struct {
			v     float64
			left  int
			style chart.Style
			text  string
		}{
			{row.PrevAvg, cx - barW - 1, prev, avgF(row.PrevAvg)},
			{float64(row.Cases), cx + 1, this, fmt.Sprint(row.Cases)},
		}
		for _, b := range bars {
			y := box.Bottom - yr.Translate(b.v)
			if b.v > 0 {
				chart.Draw.Box(r, chart.Box{Left: b.left, Right: b.left + barW, Top: y, Bottom: box.Bottom}, b.style)
			}
			w := estimateWidth(b.text, float64(valuePx))
			chart.Draw.Text(r, b.text, b.left+barW/2-int(w/2), y-4, value)
		}
		lines := splitLabel(row.Label, slot-6, labelPx)
		for j, l := range lines {
			w := estimateWidth(l, labelPx)
			chart.Draw.Text(r, html.EscapeString(l), cx-int(w/2), box.Bottom+int(labelPx)+6+j*int(labelPx*1.25), label)
		}
	}
}

// estimateWidth guesses how wide text is in the browser's font: Japanese
// characters are a full em, Latin letters and digits a little over half.
func estimateWidth(s string, px float64) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x2e80 {
			w += 0.58 * px
		} else {
			w += px
		}
	}
	return w
}

// splitLabel breaks a cause name that does not fit its slot into two lines,
// after the middle dot when it has one (フィッシング・/詐欺), else in half.
func splitLabel(s string, room, px float64) []string {
	if estimateWidth(s, px) <= room {
		return []string{s}
	}
	if i := strings.Index(s, "・"); i > 0 {
		return []string{s[:i+len("・")], s[i+len("・"):]}
	}
	rs := []rune(s)
	h := (len(rs) + 1) / 2
	return []string{string(rs[:h]), string(rs[h:])}
}
