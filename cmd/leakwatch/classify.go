package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/leakwatch/leakwatch"
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
	type input struct {
		name string
		read func() ([]byte, error)
	}
	var inputs []input
	if fs.NArg() == 0 {
		inputs = append(inputs, input{name: "-", read: func() ([]byte, error) { return readCapped(env.Stdin) }})
	}
	for _, p := range fs.Args() {
		inputs = append(inputs, input{name: p, read: func() ([]byte, error) {
			f, err := os.Open(p)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			return readCapped(f)
		}})
	}
	failed := 0
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		body, err := in.read()
		var res classified
		res.File = in.name
		if err == nil {
			var title, text string
			title, text, err = articleFromFile(in.name, body)
			if err == nil {
				res.Title = title
				res.Analysis = an.Analyze(title, text)
			}
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

func readCapped(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxInputBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxInputBytes {
		return nil, fmt.Errorf("input over %d MiB", maxInputBytes>>20)
	}
	return b, nil
}

// articleFromFile splits a plain-text article into title (its first non-empty
// line) and text, and rejects what cannot be read as text.
func articleFromFile(name string, body []byte) (string, string, error) {
	if !utf8.Valid(body) {
		return "", "", fmt.Errorf("not UTF-8 text (convert it, or import it as a web page)")
	}
	s := strings.TrimPrefix(string(body), "\ufeff")
	if strings.TrimSpace(s) == "" {
		return "", "", errEmpty
	}
	title, text := splitTitle(s)
	return title, text, nil
}

func splitTitle(s string) (string, string) {
	s = strings.TrimLeft(s, "\r\n\t 　")
	first, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(first), s
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
