package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/crawler"
)

func init() {
	register(command{name: "import", short: "store local .txt and .html articles and read their incidents", run: runImport})
}

// maxImportBytes bounds one imported file; news pages are far smaller.
const maxImportBytes = 16 << 20

// indexBatch is how many imported articles go to the index at once.
const indexBatch = 100

// importKinds are the file types import reads, by extension.
var importKinds = map[string]string{
	".txt":  "text/plain",
	".html": "text/html",
	".htm":  "text/html",
}

func runImport(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "import", "[--data-dir D] [--source ID] [--no-index] PATH…  (.txt, .html files or directories)")
	dataDir := dataDirFlag(fs, env)
	source := fs.String("source", "local", "source ID recorded on the imported articles")
	noIndex := fs.Bool("no-index", false, "do not add the articles to the search index (run reindex later)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErrorf("no files or directories to import")
	}
	if strings.TrimSpace(*source) == "" {
		return usageErrorf("--source is empty")
	}
	files, failures := collectImportFiles(fs.Args())
	w, err := openWriter(ctx, env, "import", *dataDir, !*noIndex, "new articles")
	if err != nil {
		return err
	}
	defer w.Close()
	an, st := w.an, w.st
	queue := &indexQueue{ix: w.ix, logger: env.Logger, what: "imported articles"}
	defer queue.flush(ctx) // what was stored before an interruption is searchable too

	var created, updated, incidents, incidentArticles int
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("import interrupted after %d of %d files: %w", created+updated, len(files), err)
		}
		a, err := readArticleFile(path, *source)
		if err == nil {
			a.Fetched = env.Now()
			var res ingestResult
			res, err = ingest(ctx, st, an, &a)
			if err == nil {
				if res.Created {
					created++
				} else {
					updated++
				}
				incidents += res.Incidents
				if a.IsIncident {
					incidentArticles++
				}
				queue.add(ctx, a)
				env.Logger.Debug("imported", "file", path, "id", a.ID, "new", res.Created, "incidents", res.Incidents)
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("import interrupted: %w", ctx.Err())
			}
			failures = append(failures, fileFailure{path, err})
		}
	}
	queue.flush(ctx)
	fmt.Fprintf(env.Stdout, "imported %d files: %d new articles, %d updated, %d incidents in %d articles\n",
		created+updated, created, updated, incidents, incidentArticles)
	for _, f := range failures {
		fmt.Fprintf(env.Stderr, "import %s: %v\n", f.path, f.err)
	}
	switch {
	case len(failures) > 0:
		return &partialError{msg: fmt.Sprintf("%d files could not be imported", len(failures))}
	case queue.failed > 0:
		return &partialError{msg: fmt.Sprintf("%d articles could not be indexed; run leakwatch reindex", queue.failed)}
	}
	return nil
}

type fileFailure struct {
	path string
	err  error
}

// collectImportFiles expands the arguments: files are taken as given (and
// must be .txt or .html), directories are walked for .txt and .html files,
// skipping hidden entries. Paths come back absolute, in walk order.
func collectImportFiles(args []string) ([]string, []fileFailure) {
	var files []string
	var failures []fileFailure
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, arg := range args {
		abs, err := filepath.Abs(arg)
		if err != nil {
			failures = append(failures, fileFailure{arg, err})
			continue
		}
		info, err := os.Stat(abs)
		if err != nil {
			failures = append(failures, fileFailure{arg, err})
			continue
		}
		if !info.IsDir() {
			if _, ok := importKinds[strings.ToLower(filepath.Ext(abs))]; !ok {
				failures = append(failures, fileFailure{arg, errors.New("not a .txt or .html file")})
				continue
			}
			add(abs)
			continue
		}
		err = filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				failures = append(failures, fileFailure{p, err})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if p != abs && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				if _, ok := importKinds[strings.ToLower(filepath.Ext(p))]; ok {
					add(p)
				}
			}
			return nil
		})
		if err != nil {
			failures = append(failures, fileFailure{arg, err})
		}
	}
	return files, failures
}

// fileURL is the canonical URL of an imported file.
func fileURL(abs string) string { return "file://" + filepath.ToSlash(abs) }

// readArticleFile reads one local article. A .txt file is its title on the
// first non-empty line and the text after it, like shared/seeds; an .html
// file goes through the crawler's page extractor. Either may be in any
// encoding the crawler decodes (UTF-8, Shift_JIS, EUC-JP, ISO-2022-JP).
func readArticleFile(path, sourceID string) (leakwatch.Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return leakwatch.Article{}, err
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, maxImportBytes+1))
	if err != nil {
		return leakwatch.Article{}, err
	}
	if len(body) > maxImportBytes {
		return leakwatch.Article{}, fmt.Errorf("file is over %d MiB", maxImportBytes>>20)
	}
	a := leakwatch.Article{URL: fileURL(path), SourceID: sourceID, Raw: body,
		RawType: importKinds[strings.ToLower(filepath.Ext(path))]}
	if a.RawType == "text/html" {
		page, err := crawler.ExtractPage(body, "", a.URL, "")
		if err != nil {
			return a, err
		}
		a.Title, a.Text, a.Published = page.Title, page.Text, page.Published
		a.ExtractNote = "extracted by " + page.Method
		if strings.TrimSpace(a.Text) == "" {
			return a, errors.New("no text found in the page")
		}
		return a, nil
	}
	if bytes.IndexByte(body, 0) >= 0 && !utf16BOM(body) {
		return a, errors.New("binary data, not a text file")
	}
	dec := crawler.DecodeToUTF8(body, "text/plain", "")
	a.Title, a.Text = splitTitleText(string(dec.Text))
	if a.Title == "" {
		return a, errors.New("empty file")
	}
	if dec.Charset != "" && dec.Charset != "utf-8" {
		a.RawType += "; charset=" + dec.Charset
	}
	return a, nil
}

func utf16BOM(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xfe, 0xff}) || bytes.HasPrefix(b, []byte{0xff, 0xfe})
}

// splitTitleText splits a plain-text article into its first non-empty line
// (the title) and the rest (the text), with line endings made \n.
func splitTitleText(s string) (title, text string) {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	for s != "" {
		line, rest, _ := strings.Cut(s, "\n")
		s = rest
		if t := strings.TrimSpace(line); t != "" {
			return t, strings.Trim(s, "\n")
		}
	}
	return "", ""
}
