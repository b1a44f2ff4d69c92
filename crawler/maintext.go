package crawler

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The general main-content extractor is a Readability-style scorer tuned for
// Japanese: sentences end in 。 rather than being separated by commas, a
// 100-character paragraph is already long, and an article of two paragraphs is
// normal, so no minimum article length applies.

var (
	reUnlikely = regexp.MustCompile(`(?i)comment|sidebar|side-|side_|^side|sns|share|social|related|recommend|ranking|banner|breadcrumb|pankuzu|topicpath|footer|header|menu|navi|gnav|global-?nav|popular|pager|pagination|paging|widget|advert|\bads?\b|ad-|-ad\b|ad_|sponsor|promo|tag-?list|tags|copyright|login|subscribe|modal|popup|cookie|rss|bookmark|hatena-star|profile|archive|category|calendar|search|trackback|follow|author-?box|newsletter|signup|caption|photo-?credit|keyword|pr-|-pr\b|bnr|lnk|link-?list|toolbar|tool-?box|rank`)
	reLikely   = regexp.MustCompile(`(?i)article|body|content|entry|main|post|text|story|honbun|detail|blog|news`)
	rePositive = regexp.MustCompile(`(?i)article|body|content|entry|main|post|text|story|honbun|blog|hentry|detail`)
	reNegative = regexp.MustCompile(`(?i)comment|sidebar|side|sns|share|social|related|recommend|ranking|banner|footer|header|menu|nav|widget|ad-|ads|sponsor|promo|pr-|meta|tag|profile|caption|credit|copyright|link`)
)

// junkTags never hold article text.
var junkTags = "script, style, noscript, iframe, svg, canvas, template, object, embed, button, select, option, input, textarea, nav, aside, footer, rt, rp, figcaption, dialog, [hidden], [aria-hidden=true], [style*='display:none'], [style*='display: none']"

// stripJunk removes elements that are never article text from s.
func stripJunk(s *goquery.Selection) {
	s.Find(junkTags).Remove()
}

// mainText finds the article body of a page. It returns the rendered text
// and "heuristic", or the whole body's text and "body" when nothing scores.
func mainText(doc *goquery.Document, title string) (string, string) {
	body := doc.Find("body").First()
	if body.Length() == 0 {
		return "", ""
	}
	stripJunk(body)
	body.Find("header").Each(func(_ int, s *goquery.Selection) {
		// <header> inside an article holds the headline and byline; the page
		// <header> holds the site's navigation. Neither is body text.
		s.Remove()
	})
	// Remove unlikely blocks (comments, sidebars, share bars) unless they
	// also look like the content, or are the page's outermost containers.
	var unlikely []*html.Node
	// An "unlikely" class on a wrapper of most of the page (class="categorytop")
	// says nothing about the text inside it.
	bodyLen := len(nodeText(body.Nodes[0]))
	body.Find("*").Each(func(_ int, s *goquery.Selection) {
		n := s.Nodes[0]
		switch n.DataAtom {
		case atom.Body, atom.Html, atom.Article, atom.Main, atom.A, atom.Table, atom.Tbody, atom.Tr, atom.Td, atom.P:
			return
		}
		cls := attr(n, "class") + " " + attr(n, "id")
		if strings.TrimSpace(cls) == "" {
			return
		}
		if reUnlikely.MatchString(cls) && !reLikely.MatchString(cls) && len(nodeText(n)) < bodyLen/2 {
			unlikely = append(unlikely, n)
		}
	})
	for _, n := range unlikely {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}

	scores := map[*html.Node]float64{}
	var order []*html.Node
	add := func(n *html.Node, v float64) {
		if n == nil || n.Type != html.ElementNode {
			return
		}
		if _, ok := scores[n]; !ok {
			scores[n] = initialScore(n)
			order = append(order, n)
		}
		scores[n] += v
	}
	body.Find("p, td, pre, div, section, article, li, dd, blockquote, span, font, center").Each(func(_ int, s *goquery.Selection) {
		n := s.Nodes[0]
		// Score the text this element holds itself (not in child blocks),
		// so a <div> with text and <br>s counts like a run of paragraphs.
		txt := ownText(n)
		rc := utf8.RuneCountInString(txt)
		if rc < 20 {
			return
		}
		sc := 1 + float64(strings.Count(txt, "。")+strings.Count(txt, "、")/2+strings.Count(txt, "，")+strings.Count(txt, ". ")) + min(float64(rc)/50, 6)
		p := n.Parent
		for lvl := 0; p != nil && lvl < 4; lvl++ {
			div := float64(1)
			switch lvl {
			case 0:
				div = 1
			case 1:
				div = 2
			default:
				div = float64(lvl) * 3
			}
			if lvl == 0 && !isBlockContainerSelf(n) {
				// the element itself also counts as a candidate
				add(n, sc)
			}
			add(p, sc/div)
			p = p.Parent
		}
	})
	var top *html.Node
	topScore := 0.0
	for _, n := range order {
		sc := scores[n] * (1 - linkDensity(n))
		scores[n] = sc
		if top == nil || sc > topScore {
			top, topScore = n, sc
		}
	}
	if top == nil {
		return renderText(body.Nodes...), "body"
	}
	// Climb while the parent scores nearly as well: the article body is often
	// split into sibling blocks (lead, paragraphs, subheads) of one parent.
	for p := top.Parent; p != nil && p.DataAtom != atom.Body && p.DataAtom != atom.Html; p = p.Parent {
		if ps, ok := scores[p]; ok && ps >= topScore*0.9 && utf8.RuneCountInString(nodeText(p)) < 3*utf8.RuneCountInString(nodeText(top))+200 {
			top, topScore = p, ps
			continue
		}
		break
	}
	// Take in siblings that score well or read like paragraphs.
	nodes := []*html.Node{}
	threshold := max(10, topScore*0.2)
	if top.Parent != nil && top.DataAtom != atom.Body {
		for c := top.Parent.FirstChild; c != nil; c = c.NextSibling {
			if c == top {
				nodes = append(nodes, c)
				continue
			}
			if c.Type != html.ElementNode {
				continue
			}
			if sc, ok := scores[c]; ok && sc >= threshold && sameKind(c, top) {
				nodes = append(nodes, c)
				continue
			}
			if c.DataAtom == atom.P {
				t := nodeText(c)
				if rc := utf8.RuneCountInString(t); rc > 80 && linkDensity(c) < 0.25 || rc > 0 && rc <= 80 && linkDensity(c) == 0 && strings.ContainsAny(t, "。.") {
					nodes = append(nodes, c)
				}
			}
		}
	} else {
		nodes = append(nodes, top)
	}
	for _, n := range nodes {
		cleanContent(n, title)
	}
	return renderText(nodes...), "heuristic"
}

// sameKind keeps sibling merging to blocks like the top candidate, so a
// large comment list next to the article is not pulled in by its score.
func sameKind(c, top *html.Node) bool {
	if c.DataAtom == top.DataAtom {
		return true
	}
	return c.DataAtom == atom.P || c.DataAtom == atom.Div || c.DataAtom == atom.Section
}

func isBlockContainerSelf(n *html.Node) bool { return false }

func initialScore(n *html.Node) float64 {
	s := 0.0
	switch n.DataAtom {
	case atom.Article, atom.Main:
		s = 10
	case atom.Div, atom.Section:
		s = 5
	case atom.Pre, atom.Td, atom.Blockquote:
		s = 3
	case atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		s = -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		s = -5
	}
	cls := attr(n, "class") + " " + attr(n, "id")
	if rePositive.MatchString(cls) {
		s += 25
	}
	if reNegative.MatchString(cls) {
		s -= 25
	}
	if attr(n, "itemprop") == "articleBody" {
		s += 50
	}
	return s
}

// cleanContent drops blocks inside the chosen content that are mostly links
// (related lists, tag clouds) and headings that repeat the title.
func cleanContent(n *html.Node, title string) {
	sq := squash(title)
	var rm []*html.Node
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		for ch := c.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type != html.ElementNode {
				continue
			}
			switch ch.DataAtom {
			case atom.Ul, atom.Ol, atom.Div, atom.Section, atom.Table, atom.Dl, atom.P:
				t := nodeText(ch)
				rc := utf8.RuneCountInString(t)
				if rc > 0 && linkDensity(ch) > 0.5 && (rc < 600 || ch.DataAtom == atom.Ul || ch.DataAtom == atom.Ol) {
					rm = append(rm, ch)
					continue
				}
			case atom.H1, atom.H2:
				if sq != "" && squash(nodeText(ch)) == sq {
					rm = append(rm, ch)
					continue
				}
			}
			walk(ch)
		}
	}
	walk(n)
	for _, r := range rm {
		if r.Parent != nil {
			r.Parent.RemoveChild(r)
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// ownText is the text of n's own text nodes and inline children, stopping at
// child blocks.
func ownText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		for ch := c.FirstChild; ch != nil; ch = ch.NextSibling {
			switch ch.Type {
			case html.TextNode:
				b.WriteString(ch.Data)
			case html.ElementNode:
				if isBlock(ch.DataAtom) {
					continue
				}
				walk(ch)
			}
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		for ch := c.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

// linkDensity is the share of n's text (in runes, spaces ignored) inside links.
func linkDensity(n *html.Node) float64 {
	total, inLinks := 0, 0
	var walk func(*html.Node, bool)
	walk = func(c *html.Node, link bool) {
		if c.Type == html.TextNode {
			k := 0
			for _, r := range c.Data {
				if !unicode.IsSpace(r) {
					k++
				}
			}
			total += k
			if link {
				inLinks += k
			}
		}
		for ch := c.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch, link || ch.DataAtom == atom.A)
		}
	}
	walk(n, false)
	if total == 0 {
		return 0
	}
	return float64(inLinks) / float64(total)
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Ul, atom.Ol, atom.Li, atom.Dl, atom.Dt, atom.Dd,
		atom.Table, atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr, atom.Td, atom.Th, atom.Caption, atom.Blockquote, atom.Pre,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Hr, atom.Figure, atom.Form, atom.Fieldset, atom.Address,
		atom.Header, atom.Footer, atom.Nav, atom.Aside, atom.Center, atom.Details, atom.Summary:
		return true
	}
	return false
}

// renderText turns nodes into text: blocks become paragraphs separated by a
// blank line, <br> a line break, runs of spaces one space.
func renderText(nodes ...*html.Node) string {
	var paras []string
	var cur strings.Builder
	flush := func() {
		var lines []string
		for _, l := range strings.Split(cur.String(), "\n") {
			if l = strings.Join(strings.Fields(l), " "); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			paras = append(paras, strings.Join(lines, "\n"))
		}
		cur.Reset()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(n.Data))
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Rt, atom.Rp, atom.Template, atom.Svg:
				return
			case atom.Br:
				cur.WriteByte('\n')
				return
			}
		case html.CommentNode:
			return
		}
		block := n.Type == html.ElementNode && isBlock(n.DataAtom)
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	for _, n := range nodes {
		walk(n)
		flush()
	}
	return strings.Join(paras, "\n\n")
}
