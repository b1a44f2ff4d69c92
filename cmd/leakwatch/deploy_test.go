package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// deployCommands returns every leakwatch invocation in the systemd units and
// the crontab under deploy/, as argument lists without the program name.
func deployCommands(t *testing.T) map[string][][]string {
	t.Helper()
	files, err := filepath.Glob("../../deploy/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no deploy files: %v", err)
	}
	out := map[string][][]string{}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if strings.HasPrefix(line, "#") {
				continue
			}
			fields := strings.Fields(line)
			for i, w := range fields {
				if w == "/usr/local/bin/leakwatch" || strings.HasSuffix(w, "=/usr/local/bin/leakwatch") {
					var args []string
					for _, a := range fields[i+1:] {
						if strings.HasPrefix(a, ">") || a == "2>&1" || a == "|" {
							break
						}
						args = append(args, a)
					}
					out[filepath.Base(f)] = append(out[filepath.Base(f)], args)
					break
				}
			}
		}
		fh.Close()
	}
	return out
}

// The units and the crontab call commands and flags that exist: each
// invocation, with -h appended, parses and prints its usage (exit 0), where
// an unknown command or flag would exit 2.
func TestDeployFilesUseRealFlags(t *testing.T) {
	cmds := deployCommands(t)
	for _, f := range []string{"leakwatch-crawl.service", "leakwatch-digest.service", "leakwatch-serve.service", "crontab"} {
		if len(cmds[f]) == 0 {
			t.Errorf("%s runs no leakwatch command", f)
		}
	}
	for f, list := range cmds {
		for _, args := range list {
			var out, errOut syncBuffer
			code := Main(t.Context(), append(append([]string(nil), args...), "-h"), demoEnv(&out, &errOut))
			if code != 0 {
				t.Errorf("%s: leakwatch %s: exit %d\n%s", f, strings.Join(args, " "), code, errOut.String())
			}
		}
	}
}
