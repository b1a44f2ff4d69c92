package digest

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch"
)

// Formats the digest can be written in.
const (
	FormatMarkdown = "md"
	FormatHTML     = "html"
	FormatJSON     = "json"
	FormatAtom     = "atom"
)

// Formats lists the formats, for flags and error messages.
func Formats() []string { return []string{FormatMarkdown, FormatHTML, FormatJSON, FormatAtom} }

// feedWeeks is how many weeks an Atom feed carries.
const feedWeeks = 8

// Service builds digests from a Reports source.
type Service struct {
	src     Reports
	now     func() time.Time
	baseURL string
}

// Option configures a Service.
type Option func(*Service)

// WithClock sets the clock that decides which week is "latest" and stamps digests.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithBaseURL sets the absolute URL the server is reached at (e.g.
// "https://leakwatch.example.jp"), used for links in the Atom feed; without
// it links are relative to the feed.
func WithBaseURL(u string) Option {
	return func(s *Service) { s.baseURL = strings.TrimRight(u, "/") }
}

// New makes a Service reading reports from src.
func New(src Reports, opts ...Option) *Service {
	s := &Service{src: src, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// ResolveWeek reads a week name; "latest" or "" is the last full week.
func (s *Service) ResolveWeek(week string) (Period, error) {
	if w := strings.TrimSpace(week); w == "" || strings.EqualFold(w, "latest") {
		return PreviousWeek(s.now()), nil
	}
	return ParseWeek(week)
}

// WriteDigest writes the digest of week ("2026-W47" or "latest") in format
// (md, html, json, atom). For atom it writes a feed whose entries are that
// week and the weeks before it. Bad weeks and formats wrap leakwatch.ErrInvalid.
func (s *Service) WriteDigest(ctx context.Context, w io.Writer, week string, format string) error {
	p, err := s.ResolveWeek(week)
	if err != nil {
		return err
	}
	self := p.Name()
	if w := strings.TrimSpace(week); w == "" || strings.EqualFold(w, "latest") {
		self = "latest"
	}
	return s.write(ctx, w, p, format, self)
}

// Write writes the digest of any period in format.
func (s *Service) Write(ctx context.Context, w io.Writer, p Period, format string) error {
	return s.write(ctx, w, p, format, p.Name())
}

// write renders p; self names the feed ("latest" or the period) for its self link.
func (s *Service) write(ctx context.Context, w io.Writer, p Period, format, self string) error {
	format = strings.ToLower(strings.TrimSpace(format))
	if format == "markdown" {
		format = FormatMarkdown
	}
	switch format {
	case FormatMarkdown, FormatHTML, FormatJSON:
		d, err := s.Build(ctx, p)
		if err != nil {
			return err
		}
		return Render(w, d, format)
	case FormatAtom:
		ds, err := s.buildFeed(ctx, p)
		if err != nil {
			return err
		}
		return writeAtom(w, ds, s.baseURL, self+".atom", s.now())
	}
	return fmt.Errorf("%w %q (want one of %s)", errFormat, format, strings.Join(Formats(), ", "))
}

// Build reads the reports p needs and compiles its digest.
func (s *Service) Build(ctx context.Context, p Period) (*Digest, error) {
	rs, err := s.load(ctx, loadWindow(p), p.To)
	if err != nil {
		return nil, err
	}
	return Compile(rs, p, s.now()), nil
}

// buildFeed compiles the feedWeeks periods ending with p from one read.
func (s *Service) buildFeed(ctx context.Context, p Period) ([]*Digest, error) {
	oldest := p.Shift(-(feedWeeks - 1))
	rs, err := s.load(ctx, loadWindow(oldest), p.To)
	if err != nil {
		return nil, err
	}
	now := s.now()
	ds := make([]*Digest, 0, feedWeeks)
	for k := 0; k < feedWeeks; k++ { // newest first, as feeds list entries
		ds = append(ds, Compile(rs, p.Shift(-k), now))
	}
	return ds, nil
}

func (s *Service) load(ctx context.Context, from, to time.Time) ([]leakwatch.Report, error) {
	rs, _, err := s.src.Reports(ctx, leakwatch.Query{From: from, To: to, Sort: leakwatch.SortDate})
	if err != nil {
		return nil, fmt.Errorf("digest: read reports %s to %s: %w", day(from), day(to), err)
	}
	return rs, nil
}

// Render writes one digest as md, html or json.
func Render(w io.Writer, d *Digest, format string) error {
	switch format {
	case FormatMarkdown:
		return WriteMarkdown(w, d)
	case FormatHTML:
		return WriteHTML(w, d)
	case FormatJSON:
		return WriteJSON(w, d)
	case FormatAtom:
		return writeAtom(w, []*Digest{d}, "", d.Period+".atom", d.Generated)
	}
	return fmt.Errorf("%w %q (want one of %s)", errFormat, format, strings.Join(Formats(), ", "))
}
