package digest

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenCases are the digests whose output is pinned: a busy week with merged,
// corrected and follow-up cases; an empty week; both weeks around the year
// boundary; a month given as --from/--to; and the feed of the latest weeks.
var goldenCases = []struct {
	file   string
	clock  string
	week   string // "" when from/to are used
	from   string
	to     string
	format string
}{
	{"week_2026-W47.md", "2026-11-24 10:00", "2026-W47", "", "", FormatMarkdown},
	{"week_2026-W47.html", "2026-11-24 10:00", "2026-W47", "", "", FormatHTML},
	{"week_2026-W47.json", "2026-11-24 10:00", "2026-W47", "", "", FormatJSON},
	{"latest.atom", "2026-11-24 10:00", "latest", "", "", FormatAtom},
	{"week_2026-W49.md", "2026-12-08 10:00", "2026-W49", "", "", FormatMarkdown},
	{"week_2026-W49.html", "2026-12-08 10:00", "2026-W49", "", "", FormatHTML},
	{"week_2026-W49.json", "2026-12-08 10:00", "latest", "", "", FormatJSON},
	{"week_2026-W53.md", "2027-01-12 10:00", "2026-W53", "", "", FormatMarkdown},
	{"week_2027-W01.md", "2027-01-12 10:00", "latest", "", "", FormatMarkdown},
	{"week_2027-W01.json", "2027-01-12 10:00", "2027-W01", "", "", FormatJSON},
	{"range_2026-11.md", "2026-12-01 10:00", "", "2026-11-01", "2026-11-30", FormatMarkdown},
}

func TestGolden(t *testing.T) {
	for _, gc := range goldenCases {
		t.Run(gc.file, func(t *testing.T) {
			s := New(loadFixture(t), WithClock(clockAt(gc.clock)))
			var buf bytes.Buffer
			var err error
			if gc.week != "" {
				err = s.WriteDigest(context.Background(), &buf, gc.week, gc.format)
			} else {
				p, perr := ParseRange(gc.from, gc.to)
				if perr != nil {
					t.Fatal(perr)
				}
				err = s.Write(context.Background(), &buf, p, gc.format)
			}
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, filepath.Join("testdata", gc.file+".golden"), buf.Bytes())
		})
	}
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./digest/ -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; run go test ./digest/ -update and review the diff\n--- got (first 2000 bytes) ---\n%s", path, clip(got, 2000))
	}
}

func clip(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}
