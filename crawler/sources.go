package crawler

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/andybalholm/cascadia"
	"github.com/leakwatch/leakwatch"
	"golang.org/x/net/html/charset"
)

// sourcesFile is the TOML layout: a list of [[source]] tables. Enabled is a
// pointer so that a source without the key is enabled.
type sourcesFile struct {
	Source []struct {
		ID       string   `toml:"id"`
		Name     string   `toml:"name"`
		Homepage string   `toml:"homepage"`
		Feeds    []string `toml:"feeds"`
		Enabled  *bool    `toml:"enabled"`
		Rate     float64  `toml:"rate"`
		Selector string   `toml:"selector"`
		Charset  string   `toml:"charset"`
	} `toml:"source"`
}

// LoadSources reads a sources list in TOML (see data/sources.toml) and
// checks it: ids present and unique, feed URLs absolute http(s), rates not
// negative, selectors valid CSS, charsets known. Unknown keys are errors, so
// a misspelt option does not pass silently.
func LoadSources(r io.Reader) ([]leakwatch.Source, error) {
	var f sourcesFile
	md, err := toml.NewDecoder(r).Decode(&f)
	if err != nil {
		return nil, fmt.Errorf("crawler: sources: %w", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("crawler: sources: unknown keys %s: %w", strings.Join(keys, ", "), leakwatch.ErrInvalid)
	}
	seen := map[string]bool{}
	out := make([]leakwatch.Source, 0, len(f.Source))
	for i, s := range f.Source {
		where := fmt.Sprintf("source %d (%s)", i+1, s.ID)
		bad := func(format string, a ...any) error {
			return fmt.Errorf("crawler: sources: %s: %s: %w", where, fmt.Sprintf(format, a...), leakwatch.ErrInvalid)
		}
		s.ID = strings.TrimSpace(s.ID)
		if s.ID == "" {
			return nil, bad("missing id")
		}
		if seen[s.ID] {
			return nil, bad("duplicate id")
		}
		seen[s.ID] = true
		if len(s.Feeds) == 0 {
			return nil, bad("no feeds")
		}
		for _, fu := range s.Feeds {
			u, err := url.Parse(strings.TrimSpace(fu))
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return nil, bad("feed %q is not an absolute http(s) URL", fu)
			}
		}
		if s.Rate < 0 {
			return nil, bad("negative rate")
		}
		if s.Selector != "" {
			if _, err := cascadia.Compile(s.Selector); err != nil {
				return nil, bad("selector %q: %v", s.Selector, err)
			}
		}
		if s.Charset != "" {
			if _, ok := lookup(s.Charset, ""); !ok {
				if enc, _ := charset.Lookup(s.Charset); enc == nil {
					return nil, bad("unknown charset %q", s.Charset)
				}
			}
		}
		name := s.Name
		if name == "" {
			name = s.ID
		}
		feeds := make([]string, len(s.Feeds))
		for j, fu := range s.Feeds {
			feeds[j] = strings.TrimSpace(fu)
		}
		out = append(out, leakwatch.Source{
			ID: s.ID, Name: name, Homepage: s.Homepage, Feeds: feeds,
			Enabled: s.Enabled == nil || *s.Enabled, Rate: s.Rate, Selector: s.Selector, Charset: s.Charset,
		})
	}
	return out, nil
}

// DefaultSources is the embedded list in data/sources.toml.
func DefaultSources() ([]leakwatch.Source, error) {
	b, err := leakwatch.Data.ReadFile("data/sources.toml")
	if err != nil {
		return nil, fmt.Errorf("crawler: default sources: %w", err)
	}
	return LoadSources(bytes.NewReader(b))
}
