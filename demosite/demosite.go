// Package demosite serves the sample Japanese news sites that `leakwatch demo`
// crawls: a few sites with feeds (RSS 1.0 and Atom), article pages in UTF-8
// and Shift_JIS, and a robots.txt, all from the files under data/demo. It lets
// a new user watch the whole pipeline work on a machine with no internet.
package demosite

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"
	texttemplate "text/template"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/leakwatch/leakwatch"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

// Feed formats a site can publish.
const (
	FeedRSS1 = "rss1" // RSS 1.0 (RDF), served at /<site>/index.rdf
	FeedAtom = "atom" // Atom 1.0, served at /<site>/atom.xml
)

// Site is one sample news site.
type Site struct {
	ID          string `toml:"id"`
	Name        string `toml:"name"`
	Description string `toml:"description"`
	Feed        string `toml:"feed"`    // FeedRSS1 or FeedAtom
	Charset     string `toml:"charset"` // UTF-8 or Shift_JIS, for pages and feed
}

// FeedPath is the site's feed path on the server.
func (s Site) FeedPath() string {
	if s.Feed == FeedRSS1 {
		return "/" + s.ID + "/index.rdf"
	}
	return "/" + s.ID + "/atom.xml"
}

// HomePath is the site's top page path.
func (s Site) HomePath() string { return "/" + s.ID + "/" }

// Article is one sample article.
type Article struct {
	Site       string
	Slug       string
	Title      string
	Paragraphs []string
	Published  time.Time // in JST
}

// Path is the article page's path on the server.
func (a Article) Path() string { return "/" + a.Site + "/articles/" + a.Slug + ".html" }

// Text is the body as plain text, paragraphs separated by blank lines.
func (a Article) Text() string { return strings.Join(a.Paragraphs, "\n\n") }

// Summary is the beginning of the first body paragraph, for feeds.
func (a Article) Summary() string {
	if len(a.Paragraphs) == 0 {
		return ""
	}
	p := a.Paragraphs[0]
	for _, q := range a.Paragraphs {
		if utf8.RuneCountInString(q) > 40 { // skip a dateline or heading
			p = q
			break
		}
	}
	r := []rune(p)
	if len(r) > 120 {
		return string(r[:120]) + "…"
	}
	return p
}

// Corpus is every site and article of the demo, articles oldest first.
type Corpus struct {
	Sites    []Site
	Articles []Article
}

type manifest struct {
	Site    []Site `toml:"site"`
	Article []struct {
		Site      string    `toml:"site"`
		Slug      string    `toml:"slug"`
		Published time.Time `toml:"published"`
	} `toml:"article"`
}

// Load reads manifest.toml and articles/<site>/<slug>.txt from fsys (the
// data/demo directory) and checks them: known sites and feed formats, every
// listed article present with a title and body, no article without a
// listing, and every text encodable in its site's charset.
func Load(fsys fs.FS) (*Corpus, error) {
	raw, err := fs.ReadFile(fsys, "manifest.toml")
	if err != nil {
		return nil, fmt.Errorf("demosite: %w", err)
	}
	var m manifest
	md, err := toml.Decode(string(raw), &m)
	if err != nil {
		return nil, fmt.Errorf("demosite: manifest: %w", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, fmt.Errorf("demosite: manifest: unknown key %s: %w", und[0], leakwatch.ErrInvalid)
	}
	c := &Corpus{Sites: m.Site}
	sites := map[string]Site{}
	for _, s := range m.Site {
		if s.ID == "" || strings.ContainsAny(s.ID, "/. ") {
			return nil, fmt.Errorf("demosite: site id %q: %w", s.ID, leakwatch.ErrInvalid)
		}
		if _, dup := sites[s.ID]; dup {
			return nil, fmt.Errorf("demosite: duplicate site %q: %w", s.ID, leakwatch.ErrInvalid)
		}
		if s.Feed != FeedRSS1 && s.Feed != FeedAtom {
			return nil, fmt.Errorf("demosite: site %s: feed %q: %w", s.ID, s.Feed, leakwatch.ErrInvalid)
		}
		if _, err := encoderFor(s.Charset); err != nil {
			return nil, fmt.Errorf("demosite: site %s: %w", s.ID, err)
		}
		sites[s.ID] = s
	}
	listed := map[string]bool{}
	for _, e := range m.Article {
		s, ok := sites[e.Site]
		if !ok {
			return nil, fmt.Errorf("demosite: article %s: unknown site %q: %w", e.Slug, e.Site, leakwatch.ErrInvalid)
		}
		file := path.Join("articles", e.Site, e.Slug+".txt")
		if listed[file] {
			return nil, fmt.Errorf("demosite: %s listed twice: %w", file, leakwatch.ErrInvalid)
		}
		listed[file] = true
		if e.Published.IsZero() {
			return nil, fmt.Errorf("demosite: %s: no published date: %w", file, leakwatch.ErrInvalid)
		}
		body, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("demosite: %w", err)
		}
		a, err := parseArticle(body)
		if err != nil {
			return nil, fmt.Errorf("demosite: %s: %w", file, err)
		}
		a.Site, a.Slug, a.Published = e.Site, e.Slug, e.Published.In(leakwatch.JST)
		enc, _ := encoderFor(s.Charset)
		if _, err := enc.NewEncoder().String(a.Title + a.Text()); err != nil {
			return nil, fmt.Errorf("demosite: %s: not encodable in %s: %w", file, s.Charset, err)
		}
		c.Articles = append(c.Articles, a)
	}
	// A text file without a manifest entry would silently never be served.
	err = fs.WalkDir(fsys, "articles", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".txt") && !listed[p] {
			return fmt.Errorf("%s is not in manifest.toml: %w", p, leakwatch.ErrInvalid)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("demosite: %w", err)
	}
	slices.SortStableFunc(c.Articles, func(a, b Article) int { return a.Published.Compare(b.Published) })
	return c, nil
}

// LoadDefault loads the demo bundled in the binary (leakwatch.Data).
func LoadDefault() (*Corpus, error) {
	sub, err := fs.Sub(leakwatch.Data, "data/demo")
	if err != nil {
		return nil, fmt.Errorf("demosite: %w", err)
	}
	return Load(sub)
}

func parseArticle(b []byte) (Article, error) {
	if !utf8.Valid(b) {
		return Article{}, fmt.Errorf("not UTF-8: %w", leakwatch.ErrInvalid)
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	title, body, ok := strings.Cut(s, "\n\n")
	title = strings.TrimSpace(title)
	if !ok || title == "" || strings.Contains(title, "\n") {
		return Article{}, fmt.Errorf("want a title line, a blank line and the body: %w", leakwatch.ErrInvalid)
	}
	var paras []string
	for line := range strings.SplitSeq(body, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			paras = append(paras, line)
		}
	}
	if len(paras) == 0 {
		return Article{}, fmt.Errorf("empty body: %w", leakwatch.ErrInvalid)
	}
	return Article{Title: title, Paragraphs: paras}, nil
}

func encoderFor(charset string) (encoding.Encoding, error) {
	switch strings.ToLower(charset) {
	case "utf-8", "utf8", "":
		return encoding.Nop, nil
	case "shift_jis", "shift-jis", "sjis":
		return japanese.ShiftJIS, nil
	}
	return nil, fmt.Errorf("charset %q: %w", charset, leakwatch.ErrInvalid)
}

// Site returns the site with the given id.
func (c *Corpus) Site(id string) (Site, bool) {
	for _, s := range c.Sites {
		if s.ID == id {
			return s, true
		}
	}
	return Site{}, false
}

// SiteArticles are the site's articles, newest first.
func (c *Corpus) SiteArticles(id string) []Article {
	var out []Article
	for i := len(c.Articles) - 1; i >= 0; i-- {
		if c.Articles[i].Site == id {
			out = append(out, c.Articles[i])
		}
	}
	return out
}

// Latest is the publication time of the newest article.
func (c *Corpus) Latest() time.Time {
	if len(c.Articles) == 0 {
		return time.Time{}
	}
	return c.Articles[len(c.Articles)-1].Published
}

// LatestWeek is the ISO week (in JST) of the newest article: the demo's "last week".
func (c *Corpus) LatestWeek() (year, week int) {
	return c.Latest().In(leakwatch.JST).ISOWeek()
}

// Sources lists the demo sites as leakwatch sources served at baseURL
// (e.g. "http://127.0.0.1:39123"). rate is the requests per second the
// crawler may send; the demo site is local, so it can be high.
func (c *Corpus) Sources(baseURL string, rate float64) []leakwatch.Source {
	base := strings.TrimRight(baseURL, "/")
	out := make([]leakwatch.Source, 0, len(c.Sites))
	for _, s := range c.Sites {
		out = append(out, leakwatch.Source{
			ID: "demo-" + s.ID, Name: s.Name, Homepage: base + s.HomePath(),
			Feeds: []string{base + s.FeedPath()}, Enabled: true, Rate: rate,
		})
	}
	return out
}

// SourcesTOML renders Sources in the sources-file format that
// `leakwatch crawl --sources` reads (see data/sources.toml).
func (c *Corpus) SourcesTOML(baseURL string, rate float64) ([]byte, error) {
	type entry struct {
		ID       string   `toml:"id"`
		Name     string   `toml:"name"`
		Homepage string   `toml:"homepage"`
		Feeds    []string `toml:"feeds"`
		Enabled  bool     `toml:"enabled"`
		Rate     float64  `toml:"rate,omitempty"`
	}
	var f struct {
		Source []entry `toml:"source"`
	}
	for _, s := range c.Sources(baseURL, rate) {
		f.Source = append(f.Source, entry{s.ID, s.Name, s.Homepage, s.Feeds, s.Enabled, s.Rate})
	}
	var b bytes.Buffer
	b.WriteString("# Written by `leakwatch demo`: the sample sites it serves on loopback.\n\n")
	if err := toml.NewEncoder(&b).Encode(f); err != nil {
		return nil, fmt.Errorf("demosite: sources: %w", err)
	}
	return b.Bytes(), nil
}

//go:embed templates
var templateFS embed.FS

// Server serves the demo sites. Build it with New.
type Server struct {
	c     *Corpus
	tmpl  *template.Template     // pages
	feeds *texttemplate.Template // feeds, escaped as XML
	mux   *http.ServeMux
}

// New makes the handler for c. Pages and feeds name their absolute URLs
// after the request's Host, so the handler works on any port.
func New(c *Corpus) (*Server, error) {
	funcs := map[string]any{
		"rfc3339": func(t time.Time) string { return t.In(leakwatch.JST).Format(time.RFC3339) },
		"jdate":   func(t time.Time) string { return t.In(leakwatch.JST).Format("2006年1月2日 15:04") },
		"jday":    func(t time.Time) string { return t.In(leakwatch.JST).Format("2006/01/02") },
		"heading": isHeading,
		"xml":     xmlEscape,
	}
	t, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html.tmpl")
	if err != nil {
		return nil, fmt.Errorf("demosite: templates: %w", err)
	}
	ft, err := texttemplate.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.xml.tmpl")
	if err != nil {
		return nil, fmt.Errorf("demosite: feed templates: %w", err)
	}
	for _, s := range c.Sites {
		if t.Lookup("page-"+s.ID) == nil {
			return nil, fmt.Errorf("demosite: no page template for site %s: %w", s.ID, leakwatch.ErrInvalid)
		}
	}
	s := &Server{c: c, tmpl: t, feeds: ft, mux: http.NewServeMux()}
	s.mux.HandleFunc("GET /robots.txt", s.robots)
	s.mux.HandleFunc("GET /{$}", s.index)
	s.mux.HandleFunc("GET /{site}/{$}", s.home)
	s.mux.HandleFunc("GET /{site}/{file}", s.feed)
	s.mux.HandleFunc("GET /{site}/articles/{file}", s.article)
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// isHeading reports whether a body line reads as a section heading
// (【…】 or ■… on a short line without a full stop).
func isHeading(p string) bool {
	if utf8.RuneCountInString(p) > 40 || strings.HasSuffix(p, "。") {
		return false
	}
	return strings.HasPrefix(p, "【") || strings.HasPrefix(p, "■")
}

func baseURL(r *http.Request) string { return "http://" + r.Host }

// robots allows everything but the sites' search pages, as many news sites do.
func (s *Server) robots(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	for _, site := range s.c.Sites {
		fmt.Fprintf(&b, "Disallow: /%s/search\n", site.ID)
	}
	b.WriteString("Allow: /\n")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	s.serve(w, r, "robots.txt", time.Time{}, []byte(b.String()))
}

type siteLink struct {
	Site     Site
	Articles []Article
}

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	var links []siteLink
	for _, site := range s.c.Sites {
		links = append(links, siteLink{site, s.c.SiteArticles(site.ID)})
	}
	s.render(w, r, "index", "UTF-8", s.c.Latest(), map[string]any{"Sites": links})
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	site, ok := s.c.Site(r.PathValue("site"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	arts := s.c.SiteArticles(site.ID)
	var mod time.Time
	if len(arts) > 0 {
		mod = arts[0].Published
	}
	s.render(w, r, "home", site.Charset, mod, map[string]any{
		"Site": site, "Articles": arts, "Base": baseURL(r), "Charset": site.Charset})
}

func (s *Server) feed(w http.ResponseWriter, r *http.Request) {
	site, ok := s.c.Site(r.PathValue("site"))
	if !ok || r.URL.Path != site.FeedPath() {
		http.NotFound(w, r)
		return
	}
	arts := s.c.SiteArticles(site.ID)
	var mod time.Time
	if len(arts) > 0 {
		mod = arts[0].Published
	}
	name, ctype := "feed-rss1", "application/rdf+xml"
	if site.Feed == FeedAtom {
		name, ctype = "feed-atom", "application/atom+xml"
	}
	data := map[string]any{"Site": site, "Articles": arts, "Base": baseURL(r), "Updated": mod, "Charset": site.Charset}
	var buf bytes.Buffer
	if err := s.feeds.ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	b, err := encodeAs(buf.Bytes(), site.Charset)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", ctype+"; charset="+site.Charset)
	s.serve(w, r, path.Base(site.FeedPath()), mod, b)
}

func (s *Server) article(w http.ResponseWriter, r *http.Request) {
	site, ok := s.c.Site(r.PathValue("site"))
	slug, isHTML := strings.CutSuffix(r.PathValue("file"), ".html")
	if !ok || !isHTML {
		http.NotFound(w, r)
		return
	}
	arts := s.c.SiteArticles(site.ID)
	i := slices.IndexFunc(arts, func(a Article) bool { return a.Slug == slug })
	if i < 0 {
		http.NotFound(w, r)
		return
	}
	recent := arts[:min(len(arts), 6)]
	s.render(w, r, "page-"+site.ID, site.Charset, arts[i].Published, map[string]any{
		"Site": site, "Article": arts[i], "Recent": recent, "Base": baseURL(r),
		"URL": baseURL(r) + arts[i].Path(), "Charset": site.Charset,
	})
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, name, charset string, mod time.Time, data any) {
	b, err := s.encode(name, charset, data)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset="+charset)
	s.serve(w, r, name+".html", mod, b)
}

// encode executes a template and encodes the result in charset.
func (s *Server) encode(name, charset string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("demosite: render %s: %w", name, err)
	}
	return encodeAs(buf.Bytes(), charset)
}

func encodeAs(b []byte, charset string) ([]byte, error) {
	enc, err := encoderFor(charset)
	if err != nil {
		return nil, err
	}
	out, err := enc.NewEncoder().Bytes(b)
	if err != nil {
		return nil, fmt.Errorf("demosite: encode as %s: %w", charset, err)
	}
	return out, nil
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}

// serve answers with b, honouring conditional requests (ETag and
// If-Modified-Since) the way a real site would, so a second crawl of an
// unchanged feed gets 304.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, name string, mod time.Time, b []byte) {
	sum := sha256.Sum256(b)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
	http.ServeContent(w, r, name, mod, bytes.NewReader(b))
}
