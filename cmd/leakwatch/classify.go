package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/crawler"
	"github.com/leakwatch/leakwatch/nlp"
)

func init() {
	register(command{name: "classify", short: "read articles and print the incidents they report", run: runClassify})
}

// maxInputBytes bounds what classify reads of one file or line.
const maxInputBytes = 64 << 20

// classified is one article's result as printed by --json and --jsonl.
type classified struct {
	ID    string `json:"id,omitempty"`
	File  string `json:"file,omitempty"`
	Title string `json:"title,omitempty"`
	leakwatch.Analysis
	Error string `json:"error,omitempty"`
}

func runClassify(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "classify", "[--json | --jsonl] [FILE…]  (stdin when no file)")
	asJSON := fs.Bool("json", false, "print one JSON object per article")
	jsonl := fs.Bool("jsonl", false, `read JSON lines {"id","title","text"} on stdin, write one JSON line per article`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	tok, err := nlp.NewTokenizer()
	if err != nil {
		return err
	}
	an := nlp.NewAnalyzer(tok)
	if *jsonl {
		return classifyJSONL(ctx, env, an)
	}
	// Files are read as import reads them (text or HTML, any Japanese
	// encoding); stdin is a plain-text article.
	type input struct {
		name string
		read func() (leakwatch.Article, error)
	}
	var inputs []input
	if fs.NArg() == 0 {
		inputs = append(inputs, input{name: "-", read: func() (leakwatch.Article, error) { return articleFromStdin(env.Stdin) }})
	}
	for _, p := range fs.Args() {
		inputs = append(inputs, input{name: p, read: func() (leakwatch.Article, error) { return readArticleFile(p, "") }})
	}
	failed := 0
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		res := classified{File: in.name}
		a, err := in.read()
		if err == nil && strings.TrimSpace(a.Text) == "" {
			err = errEmpty
		}
		if err == nil {
			res.Title = a.Title
			res.Analysis = an.Analyze(a.Title, a.Text)
		}
		if err != nil {
			failed++
			res.Error = err.Error()
			fmt.Fprintf(env.Stderr, "classify %s: %v\n", in.name, err)
			if !*asJSON {
				continue
			}
		}
		if *asJSON {
			if err := writeJSONLine(env.Stdout, res); err != nil {
				return err
			}
			continue
		}
		printClassified(env.Stdout, res)
	}
	if failed > 0 {
		return &partialError{msg: fmt.Sprintf("%d of %d inputs failed", failed, len(inputs))}
	}
	return nil
}

func classifyJSONL(ctx context.Context, env *Env, an *nlp.Analyzer) error {
	sc := bufio.NewScanner(env.Stdin)
	sc.Buffer(make([]byte, 1<<20), maxInputBytes)
	failed, line := 0, 0
	for sc.Scan() {
		line++
		if err := ctx.Err(); err != nil {
			return err
		}
		raw := strings.TrimSpace(sc.Text())
		if raw == "" {
			continue
		}
		var in struct {
			ID    string `json:"id"`
			Title string `json:"title"`
			Text  string `json:"text"`
		}
		res := classified{}
		if err := json.Unmarshal([]byte(raw), &in); err != nil {
			failed++
			res.Error = fmt.Sprintf("line %d: %v", line, err)
			fmt.Fprintf(env.Stderr, "classify: line %d: %v\n", line, err)
		} else {
			res.ID = in.ID
			res.Analysis = an.Analyze(in.Title, in.Text)
		}
		if res.Incidents == nil {
			res.Incidents = []leakwatch.Incident{}
		}
		if err := writeJSONLine(env.Stdout, res); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read stdin: %w", err)
	}
	if failed > 0 {
		return &partialError{msg: fmt.Sprintf("%d of %d lines failed", failed, line)}
	}
	return nil
}

func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

var errEmpty = errors.New("empty text")

// articleFromStdin reads a plain-text article: the first non-empty line is
// the title, in any encoding the crawler decodes.
func articleFromStdin(r io.Reader) (leakwatch.Article, error) {
	body, err := io.ReadAll(io.LimitReader(r, maxInputBytes+1))
	if err != nil {
		return leakwatch.Article{}, fmt.Errorf("read stdin: %w", err)
	}
	if len(body) > maxInputBytes {
		return leakwatch.Article{}, fmt.Errorf("input over %d MiB", maxInputBytes>>20)
	}
	if bytes.IndexByte(body, 0) >= 0 && !utf16BOM(body) {
		return leakwatch.Article{}, errors.New("binary data, not a text file")
	}
	var a leakwatch.Article
	a.Title, a.Text = splitTitleText(string(crawler.DecodeToUTF8(body, "text/plain", "").Text))
	return a, nil
}

func printClassified(w io.Writer, r classified) {
	name := r.File
	if r.Title != "" {
		name += " — " + r.Title
	}
	fmt.Fprintln(w, name)
	if !r.IsIncident {
		fmt.Fprintln(w, "  no incident reported")
		return
	}
	for i, in := range r.Incidents {
		causes := make([]string, len(in.Causes))
		for k, c := range in.Causes {
			causes[k] = c.Label()
		}
		count := "人数非公表/不明"
		if in.Records != nil {
			count = in.RecordsQualifier.Prefix() + formatCount(*in.Records) + in.RecordsQualifier.Suffix()
		}
		data := make([]string, len(in.DataTypes))
		for k, dt := range in.DataTypes {
			data[k] = dt.Label()
		}
		fmt.Fprintf(w, "  %d. %s\n     原因: %s / 行為者: %s / 件数: %s\n", i+1, in.Org, strings.Join(causes, "、"), in.Actor.Label(), count)
		if len(data) > 0 {
			fmt.Fprintf(w, "     情報: %s\n", strings.Join(data, "、"))
		}
		if in.Summary != "" {
			fmt.Fprintf(w, "     根拠: %s\n", in.Summary)
		}
	}
}

// formatCount writes n with thousands separators.
func formatCount(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 && r != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
