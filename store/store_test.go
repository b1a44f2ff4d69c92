package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/leakwatch/leakwatch"
)

func TestOpenMigratesAndConfigures(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := ms[len(ms)-1].version; v != want {
		t.Errorf("schema version %d, want %d", v, want)
	}
	checks := []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"busy_timeout", fmt.Sprint(busyTimeout.Milliseconds())},
	}
	for _, c := range checks {
		for pool, db := range map[string]*sql.DB{"writer": s.w, "reader": s.r} {
			var got string
			if err := db.QueryRowContext(ctx, "PRAGMA "+c.pragma).Scan(&got); err != nil {
				t.Fatalf("%s %s: %v", pool, c.pragma, err)
			}
			if got != c.want {
				t.Errorf("%s: PRAGMA %s = %s, want %s", pool, c.pragma, got, c.want)
			}
		}
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestReopenDoesNotReapplyMigrations(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	a := fixtures()[0].article
	if _, err := s.UpsertArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	applied := func(s *Store) []string {
		rows, err := s.r.QueryContext(ctx, "SELECT version, name, applied FROM schema_migrations ORDER BY version")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var v, at int64
			var n string
			if err := rows.Scan(&v, &n, &at); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(v, n, at))
		}
		return out
	}
	before := applied(s)
	if len(before) == 0 {
		t.Fatal("no migrations recorded")
	}
	s.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s2.Close()
	if after := applied(s2); !reflect.DeepEqual(before, after) {
		t.Errorf("migrations changed on reopen:\n%v\n%v", before, after)
	}
	n, err := s2.CountArticles(ctx)
	if err != nil || n != 1 {
		t.Errorf("after reopen: %d articles, %v; want 1", n, err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	if _, err := s.w.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied) VALUES (999, 'future', 0)"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(ctx, path)
	if err == nil {
		s2.Close()
		t.Fatal("opened a database from a newer leakwatch")
	}
	if !strings.Contains(err.Error(), "newer") {
		t.Errorf("error %q does not say the schema is newer", err)
	}
}

func TestOpenBadPath(t *testing.T) {
	for _, p := range []string{"", "/tmp/a?b.db", t.TempDir() + "/missing-dir/x.db"} {
		if s, err := Open(context.Background(), p); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", p)
		}
	}
}

func TestMigrationFileNames(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range ms {
		if m.version != i+1 {
			t.Errorf("migration %d has version %d: versions must run 1, 2, 3 …", i, m.version)
		}
	}
}

func TestUpsertArticle(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	base := fixtures()[0].article

	a := base
	created, err := s.UpsertArticle(ctx, &a)
	if err != nil || !created || a.ID == 0 {
		t.Fatalf("first upsert: created=%v id=%d err=%v", created, a.ID, err)
	}
	if a.ContentHash != ContentHash(base.Text) || a.ContentHash == "" {
		t.Errorf("content hash %q not set from the text", a.ContentHash)
	}
	firstID := a.ID

	tests := []struct {
		name        string
		change      func(*leakwatch.Article)
		wantCreated bool
		wantErr     error
		check       func(t *testing.T, got leakwatch.Article)
	}{
		{"same article again", func(*leakwatch.Article) {}, false, nil, nil},
		{"new title same url", func(a *leakwatch.Article) { a.Title = "【続報】" + a.Title }, false, nil,
			func(t *testing.T, got leakwatch.Article) {
				if !strings.HasPrefix(got.Title, "【続報】") {
					t.Errorf("title not updated: %q", got.Title)
				}
			}},
		{"other url", func(a *leakwatch.Article) { a.URL += "?page=2"; a.Text = "別の本文。" }, true, nil, nil},
		{"empty url", func(a *leakwatch.Article) { a.URL = " " }, false, leakwatch.ErrInvalid, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := base
			tt.change(&a)
			created, err := s.UpsertArticle(ctx, &a)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if created != tt.wantCreated {
				t.Errorf("created %v, want %v", created, tt.wantCreated)
			}
			if !tt.wantCreated && a.ID != firstID {
				t.Errorf("id %d, want %d", a.ID, firstID)
			}
			got, err := s.Article(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if tt.check != nil {
				tt.check(t, got)
			}
		})
	}
	n, err := s.CountArticles(ctx)
	if err != nil || n != 2 {
		t.Errorf("%d articles, %v; want 2", n, err)
	}
}

func TestArticleRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	f := fixtures()[0]
	a := f.article
	if _, err := s.UpsertArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAnalysis(ctx, a.ID, f.analysis); err != nil {
		t.Fatal(err)
	}
	got, err := s.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.URL != a.URL || got.Title != a.Title || got.Text != a.Text || got.SourceID != a.SourceID {
		t.Errorf("article fields differ: %+v", got)
	}
	if !got.Published.Equal(a.Published) || !got.Fetched.Equal(a.Fetched) || got.Published.Location() != leakwatch.JST {
		t.Errorf("times: published %v fetched %v, want %v %v in JST", got.Published, got.Fetched, a.Published, a.Fetched)
	}
	if !got.IsIncident || len(got.Incidents) != 1 {
		t.Fatalf("incidents not loaded: %+v", got)
	}
	in := got.Incidents[0]
	want := f.analysis.Incidents[0]
	want.ID, want.ArticleID = in.ID, a.ID
	if !reflect.DeepEqual(in, want) {
		t.Errorf("incident round trip:\n got %+v\nwant %+v", in, want)
	}
	if got.Raw != nil {
		t.Error("Article should not carry the raw page; Raw does")
	}
	byURL, err := s.ArticleByURL(ctx, a.URL)
	if err != nil || byURL.ID != a.ID {
		t.Errorf("ArticleByURL: %d, %v", byURL.ID, err)
	}
	has, err := s.HasArticle(ctx, a.URL)
	if err != nil || !has {
		t.Errorf("HasArticle(stored) = %v, %v", has, err)
	}
	has, err = s.HasArticle(ctx, a.URL+"/other")
	if err != nil || has {
		t.Errorf("HasArticle(unknown) = %v, %v", has, err)
	}
	for _, err := range []error{
		func() error { _, err := s.Article(ctx, 9999); return err }(),
		func() error { _, err := s.ArticleByURL(ctx, "https://nowhere.example.jp/"); return err }(),
		func() error { _, err := s.ArticleByHash(ctx, "00"); return err }(),
	} {
		if !errors.Is(err, leakwatch.ErrNotFound) {
			t.Errorf("missing article: %v, want ErrNotFound", err)
		}
	}
}

func TestNormalizeAndContentHash(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"個人情報が流出した。", "個人情報が流出した。", true},
		{"個人情報が\n流出した。", "  個人情報が流出した。\n", true},
		{"ＡＢＣトラベルが１２３件", "ABCトラベルが123件", true},
		{"顧客情報\u3000約1万件", "顧客情報約1万件", true},
		{"顧客情報1万件", "顧客情報2万件", false},
		{"ABC", "abc", false}, // case is content
	}
	for _, tt := range tests {
		ha, hb := ContentHash(tt.a), ContentHash(tt.b)
		if (ha == hb) != tt.same {
			t.Errorf("ContentHash(%q)==ContentHash(%q) is %v, want %v", tt.a, tt.b, ha == hb, tt.same)
		}
	}
	if ContentHash(" \n\t") != "" {
		t.Error("blank text should have no hash")
	}
	if got := NormalizeText(" Ｗｅｂ サイト\n"); got != "Webサイト" {
		t.Errorf("NormalizeText = %q", got)
	}
}

func TestDuplicateDetection(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	f := fixtures()[2]
	orig := f.article
	if _, err := s.UpsertArticle(ctx, &orig); err != nil {
		t.Fatal(err)
	}
	// The same article syndicated elsewhere, with different line breaks and
	// full-width digits.
	dup := orig
	dup.URL = "https://portal.example.jp/news/sakura-coffee"
	dup.SourceID = "portal"
	dup.Text = strings.ReplaceAll(strings.ReplaceAll(orig.Text, "、", "、\n"), "3,456", "３,４５６")
	if created, err := s.UpsertArticle(ctx, &dup); err != nil || !created {
		t.Fatalf("dup upsert: %v %v", created, err)
	}
	if dup.ContentHash != orig.ContentHash {
		t.Fatalf("hashes differ: %s %s", dup.ContentHash, orig.ContentHash)
	}
	if got, err := s.ArticleByHash(ctx, orig.ContentHash); err != nil || got.ID != orig.ID {
		t.Errorf("ArticleByHash = %d, %v; want %d", got.ID, err, orig.ID)
	}
	if d, err := s.DuplicateOf(ctx, dup.ID); err != nil || d != orig.ID {
		t.Errorf("DuplicateOf(dup) = %d, %v; want %d", d, err, orig.ID)
	}
	if d, err := s.DuplicateOf(ctx, orig.ID); err != nil || d != 0 {
		t.Errorf("DuplicateOf(orig) = %d, %v; want 0", d, err)
	}
	if _, err := s.DuplicateOf(ctx, 9999); !errors.Is(err, leakwatch.ErrNotFound) {
		t.Errorf("DuplicateOf(missing): %v", err)
	}
	for _, id := range []int64{orig.ID, dup.ID} {
		if err := s.SaveAnalysis(ctx, id, f.analysis); err != nil {
			t.Fatal(err)
		}
	}
	reps, total, err := s.Reports(ctx, leakwatch.Query{})
	if err != nil || total != 1 || len(reps) != 1 || reps[0].ArticleID != orig.ID {
		t.Fatalf("reports count the duplicate: total %d, %+v, %v", total, reps, err)
	}
	st, err := s.Stats(ctx, time.Time{}, time.Time{})
	if err != nil || st.Incidents != 1 || st.Articles != 1 {
		t.Errorf("stats count the duplicate: %+v, %v", st, err)
	}
	// When the original's text changes, the copy becomes an original.
	orig.Text = "有限会社さくら珈琲本舗は、調査結果の続報を公表した。"
	if _, err := s.UpsertArticle(ctx, &orig); err != nil {
		t.Fatal(err)
	}
	if d, err := s.DuplicateOf(ctx, dup.ID); err != nil || d != 0 {
		t.Errorf("after edit DuplicateOf(dup) = %d, %v; want 0", d, err)
	}
	if _, total, _ := s.Reports(ctx, leakwatch.Query{}); total != 2 {
		t.Errorf("after edit: %d reports, want 2", total)
	}
	// Empty texts are never duplicates of one another.
	for i := range 2 {
		e := leakwatch.Article{URL: fmt.Sprintf("https://empty.example.jp/%d", i), Title: "本文なし"}
		if _, err := s.UpsertArticle(ctx, &e); err != nil {
			t.Fatal(err)
		}
		if d, _ := s.DuplicateOf(ctx, e.ID); d != 0 || e.ContentHash != "" {
			t.Errorf("empty article %d: hash %q duplicate of %d", i, e.ContentHash, d)
		}
	}
}

func TestRawArchive(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	// A page large and repetitive enough that compression shows.
	page := []byte("<html><head><meta charset=\"utf-8\"><title>不正アクセスに関するお知らせ</title></head><body>" +
		strings.Repeat("<p>弊社サーバへの不正アクセスにより、お客様情報が流出した可能性がございます。</p>\n", 200) + "</body></html>")
	a := leakwatch.Article{URL: "https://corp.example.jp/news/2025/0601.html", Text: "お知らせ", Raw: page, RawType: "text/html; charset=utf-8"}
	if _, err := s.UpsertArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	got, typ, err := s.Raw(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, page) || typ != "text/html; charset=utf-8" {
		t.Errorf("raw round trip: %d bytes %q", len(got), typ)
	}
	var stored int
	if err := s.r.QueryRowContext(ctx, "SELECT length(data) FROM raw_pages WHERE article_id = ?", a.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored*5 > len(page) {
		t.Errorf("raw stored in %d bytes for %d: not compressed", stored, len(page))
	}
	// Re-upserting without a raw page keeps the archived one.
	a.Raw, a.RawType = nil, ""
	if _, err := s.UpsertArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if got, _, err := s.Raw(ctx, a.ID); err != nil || !bytes.Equal(got, page) {
		t.Errorf("raw lost on re-upsert: %d bytes, %v", len(got), err)
	}
	// A new raw page replaces it.
	a.Raw, a.RawType = []byte(`{"title":"feed item"}`), "application/json"
	if _, err := s.UpsertArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if got, typ, err := s.Raw(ctx, a.ID); err != nil || string(got) != `{"title":"feed item"}` || typ != "application/json" {
		t.Errorf("raw not replaced: %q %q %v", got, typ, err)
	}
	b := leakwatch.Article{URL: "https://corp.example.jp/no-raw", Text: "本文"}
	if _, err := s.UpsertArticle(ctx, &b); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Raw(ctx, b.ID); !errors.Is(err, leakwatch.ErrNotFound) {
		t.Errorf("raw of article without one: %v, want ErrNotFound", err)
	}
	// A corrupt blob is an error, not a panic or garbage.
	if _, err := s.w.ExecContext(ctx, "UPDATE raw_pages SET data = x'1f8b0800' WHERE article_id = ?", a.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Raw(ctx, a.ID); err == nil {
		t.Error("corrupt raw page read without error")
	}
}

func TestSaveAnalysis(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	fs := fixtures()
	a := fs[0].article
	if _, err := s.UpsertArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	two := leakwatch.Analysis{IsIncident: true, Incidents: []leakwatch.Incident{
		fs[0].analysis.Incidents[0], fs[1].analysis.Incidents[0]}}
	bad := func(mod func(*leakwatch.Incident)) leakwatch.Analysis {
		in := fs[1].analysis.Incidents[0]
		mod(&in)
		return leakwatch.Analysis{IsIncident: true, Incidents: []leakwatch.Incident{fs[0].analysis.Incidents[0], in}}
	}
	tests := []struct {
		name      string
		id        int64
		an        leakwatch.Analysis
		wantErr   error
		wantOrgs  []string // after the call
		wantIsInc bool
	}{
		{"two incidents", a.ID, two, nil, []string{"株式会社ミナト電算", "北浜市教育委員会"}, true},
		{"replaced by one", a.ID, fs[0].analysis, nil, []string{"株式会社ミナト電算"}, true},
		{"unknown cause keeps previous", a.ID, bad(func(in *leakwatch.Incident) { in.Causes = []leakwatch.Cause{"hacking"} }),
			leakwatch.ErrInvalid, []string{"株式会社ミナト電算"}, true},
		{"unknown data type keeps previous", a.ID, bad(func(in *leakwatch.Incident) { in.DataTypes = []leakwatch.DataType{"dna"} }),
			leakwatch.ErrInvalid, []string{"株式会社ミナト電算"}, true},
		{"unknown actor keeps previous", a.ID, bad(func(in *leakwatch.Incident) { in.Actor = "alien" }),
			leakwatch.ErrInvalid, []string{"株式会社ミナト電算"}, true},
		{"missing article", 9999, fs[0].analysis, leakwatch.ErrNotFound, []string{"株式会社ミナト電算"}, true},
		{"not an incident", a.ID, leakwatch.Analysis{}, nil, nil, false},
		{"empty actor stored as unknown", a.ID, bad(func(in *leakwatch.Incident) { in.Actor = "" }), nil,
			[]string{"株式会社ミナト電算", "北浜市教育委員会"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.SaveAnalysis(ctx, tt.id, tt.an)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			got, err := s.Article(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			var orgs []string
			for _, in := range got.Incidents {
				orgs = append(orgs, in.Org)
				if !in.Actor.Valid() {
					t.Errorf("stored actor %q", in.Actor)
				}
			}
			if !slices.Equal(orgs, tt.wantOrgs) || got.IsIncident != tt.wantIsInc {
				t.Errorf("after: is_incident %v orgs %v; want %v %v", got.IsIncident, orgs, tt.wantIsInc, tt.wantOrgs)
			}
		})
	}
}

// TestFailedTransactionLeavesNothing makes the database itself refuse the
// second incident (a negative count breaks a CHECK constraint) after the old
// incidents were deleted and the first new one inserted, and checks that the
// article is exactly as before.
func TestFailedTransactionLeavesNothing(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	fs := fixtures()
	a := fs[0].article
	if _, err := s.UpsertArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAnalysis(ctx, a.ID, fs[0].analysis); err != nil {
		t.Fatal(err)
	}
	before, err := s.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	negative := fs[1].analysis.Incidents[0]
	negative.Records = ptr(-5)
	an := leakwatch.Analysis{IsIncident: false, Incidents: []leakwatch.Incident{fs[2].analysis.Incidents[0], negative}}
	if err := s.SaveAnalysis(ctx, a.ID, an); err == nil {
		t.Fatal("a negative record count was stored")
	}
	after, err := s.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("failed save changed the article:\nbefore %+v\n after %+v", before, after)
	}
	var causes, types int
	s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM incident_causes").Scan(&causes)
	s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM incident_data_types").Scan(&types)
	if causes != 2 || types != 3 {
		t.Errorf("orphan rows: %d causes, %d data types; want 2, 3", causes, types)
	}
	// A cancelled context fails an upsert without storing anything.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	b := fs[1].article
	if _, err := s.UpsertArticle(cctx, &b); err == nil {
		t.Error("upsert with a cancelled context succeeded")
	}
	if has, _ := s.HasArticle(ctx, b.URL); has {
		t.Error("cancelled upsert stored the article")
	}
}

func TestEachArticle(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	n := eachBatch*2 + 37 // several batches and a partial one
	for i := range n {
		a := leakwatch.Article{URL: fmt.Sprintf("https://news.example.jp/%04d", i),
			Title: fmt.Sprintf("記事%d", i), Text: fmt.Sprintf("第%d報。顧客情報が流出した可能性がある。", i)}
		if _, err := s.UpsertArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			an := fixtures()[0].analysis
			if err := s.SaveAnalysis(ctx, a.ID, an); err != nil {
				t.Fatal(err)
			}
		}
	}
	var ids []int64
	withIncidents := 0
	// fn writes to the store while iterating, as reanalyze does.
	err := s.EachArticle(ctx, func(a leakwatch.Article) error {
		ids = append(ids, a.ID)
		if len(a.Incidents) > 0 {
			withIncidents++
			if a.Incidents[0].Evidence == nil || len(a.Incidents[0].Causes) != 2 {
				t.Errorf("article %d: incident not complete: %+v", a.ID, a.Incidents[0])
			}
		}
		return s.SaveAnalysis(ctx, a.ID, leakwatch.Analysis{})
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != n || !slices.IsSorted(ids) {
		t.Errorf("visited %d articles (sorted %v), want %d in id order", len(ids), slices.IsSorted(ids), n)
	}
	if want := (n + 2) / 3; withIncidents != want {
		t.Errorf("%d articles with incidents, want %d", withIncidents, want)
	}
	if _, total, _ := s.Reports(ctx, leakwatch.Query{}); total != 0 {
		t.Errorf("writes inside EachArticle lost: %d reports left", total)
	}
	stop := errors.New("stop here")
	count := 0
	err = s.EachArticle(ctx, func(leakwatch.Article) error {
		count++
		if count == 5 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || count != 5 {
		t.Errorf("EachArticle did not stop at fn's error: %v after %d", err, count)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.EachArticle(cctx, func(leakwatch.Article) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled EachArticle: %v", err)
	}
}

func TestMemoryStore(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	arts := loadFixtures(t, s)
	seen := 0
	if err := s.EachArticle(ctx, func(a leakwatch.Article) error {
		seen++
		return s.SaveAnalysis(ctx, a.ID, leakwatch.Analysis{})
	}); err != nil {
		t.Fatal(err)
	}
	if seen != len(arts) {
		t.Errorf("saw %d of %d", seen, len(arts))
	}
}

func TestCrawlState(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	zero, err := s.CrawlState(ctx, "securitynext", "https://www.security-next.com/feed")
	if err != nil {
		t.Fatal(err)
	}
	if zero != (leakwatch.CrawlState{SourceID: "securitynext", FeedURL: "https://www.security-next.com/feed"}) {
		t.Errorf("unknown feed: %+v", zero)
	}
	states := []leakwatch.CrawlState{
		{SourceID: "securitynext", FeedURL: "https://www.security-next.com/feed", ETag: `W/"abc123"`,
			LastModified: "Tue, 01 Apr 2025 03:00:00 GMT", LastAttempt: jst(2025, 4, 1, 12, 0),
			LastSuccess: jst(2025, 4, 1, 12, 0), NextAttempt: jst(2025, 4, 2, 12, 0)},
		{SourceID: "jpcert", FeedURL: "https://www.jpcert.or.jp/rss/jpcert.rdf", LastAttempt: jst(2025, 4, 1, 12, 1),
			Failures: 3, NextAttempt: jst(2025, 4, 1, 20, 1), LastError: "fetch: 503 Service Unavailable"},
	}
	for _, st := range states {
		if err := s.SaveCrawlState(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	for _, st := range states {
		got, err := s.CrawlState(ctx, st.SourceID, st.FeedURL)
		if err != nil {
			t.Fatal(err)
		}
		if !crawlStateEqual(got, st) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, st)
		}
	}
	// Success after failures overwrites.
	fixed := states[1]
	fixed.Failures, fixed.LastError, fixed.LastSuccess = 0, "", jst(2025, 4, 2, 0, 0)
	if err := s.SaveCrawlState(ctx, fixed); err != nil {
		t.Fatal(err)
	}
	all, err := s.CrawlStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].SourceID != "jpcert" || !crawlStateEqual(all[0], fixed) || !crawlStateEqual(all[1], states[0]) {
		t.Errorf("CrawlStates = %+v", all)
	}
	if err := s.SaveCrawlState(ctx, leakwatch.CrawlState{SourceID: "x"}); !errors.Is(err, leakwatch.ErrInvalid) {
		t.Errorf("state without feed: %v", err)
	}
}

func crawlStateEqual(a, b leakwatch.CrawlState) bool {
	return a.SourceID == b.SourceID && a.FeedURL == b.FeedURL && a.ETag == b.ETag && a.LastModified == b.LastModified &&
		a.LastAttempt.Equal(b.LastAttempt) && a.LastSuccess.Equal(b.LastSuccess) && a.Failures == b.Failures &&
		a.NextAttempt.Equal(b.NextAttempt) && a.LastError == b.LastError
}

func TestCrawlRuns(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	if _, err := s.LastRun(ctx); !errors.Is(err, leakwatch.ErrNotFound) {
		t.Fatalf("LastRun on empty store: %v", err)
	}
	first := leakwatch.CrawlRun{Started: jst(2025, 4, 1, 3, 0), Finished: jst(2025, 4, 1, 3, 12), SourcesOK: 10, NewArticles: 42, Incidents: 5}
	if err := s.SaveRun(ctx, &first); err != nil || first.ID == 0 {
		t.Fatalf("save: id %d %v", first.ID, err)
	}
	second := leakwatch.CrawlRun{Started: jst(2025, 4, 2, 3, 0)}
	if err := s.SaveRun(ctx, &second); err != nil {
		t.Fatal(err)
	}
	second.Finished, second.SourcesOK, second.SourcesFailed = jst(2025, 4, 2, 3, 9), 9, 2
	second.Errors = []string{"jvn: fetch feed: timeout", "ipa: robots.txt disallows /rss"}
	id := second.ID
	if err := s.SaveRun(ctx, &second); err != nil || second.ID != id {
		t.Fatalf("update: id %d→%d %v", id, second.ID, err)
	}
	got, err := s.LastRun(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != second.ID || !got.Finished.Equal(second.Finished) || got.SourcesFailed != 2 || !slices.Equal(got.Errors, second.Errors) {
		t.Errorf("LastRun = %+v, want %+v", got, second)
	}
	missing := leakwatch.CrawlRun{ID: 999}
	if err := s.SaveRun(ctx, &missing); !errors.Is(err, leakwatch.ErrNotFound) {
		t.Errorf("update of a missing run: %v", err)
	}
}

func TestConcurrentReadersWhileWriting(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, _ := openTemp(t)
	n := 300
	if testing.Short() {
		n = 80
	}
	errc := make(chan error, 8)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		an := fixtures()[1].analysis
		for i := range n {
			a := leakwatch.Article{URL: fmt.Sprintf("https://news.example.jp/c/%d", i), Text: fmt.Sprintf("第%d報", i),
				Published: jst(2025, 4, 1+i%28, 9, 0)}
			if _, err := s.UpsertArticle(ctx, &a); err != nil {
				errc <- err
				return
			}
			if err := s.SaveAnalysis(ctx, a.ID, an); err != nil {
				errc <- err
				return
			}
		}
		cancel()
	}()
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := 0
			for ctx.Err() == nil {
				c, err := s.CountArticles(ctx)
				if err != nil {
					// Cancelled by the writer when it is done: the count of a
					// cancelled read means nothing.
					if ctx.Err() == nil {
						errc <- err
					}
					return
				}
				if c < last {
					errc <- fmt.Errorf("article count went back from %d to %d", last, c)
					return
				}
				last = c
				reps, total, err := s.Reports(ctx, leakwatch.Query{Size: 10})
				if err != nil && ctx.Err() == nil {
					errc <- err
					return
				}
				for _, r := range reps {
					if len(r.Incident.Causes) != 1 {
						errc <- fmt.Errorf("half-written incident seen: %+v", r.Incident)
						return
					}
				}
				_ = total
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
	if c, _ := s.CountArticles(context.Background()); c != n {
		t.Errorf("%d articles, want %d", c, n)
	}
}

// TestTwoStoresWriteOneFile stands for a crawl and an import running as two
// processes on one database: both write at once and neither sees SQLITE_BUSY,
// since transactions begin IMMEDIATE and wait on the busy timeout.
func TestTwoStoresWriteOneFile(t *testing.T) {
	ctx := context.Background()
	s1, path := openTemp(t)
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	n := 100
	if testing.Short() {
		n = 30
	}
	var wg sync.WaitGroup
	errc := make(chan error, 2)
	for w, s := range []*Store{s1, s2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			an := fixtures()[0].analysis
			for i := range n {
				a := leakwatch.Article{URL: fmt.Sprintf("https://news.example.jp/w%d/%d", w, i), Text: fmt.Sprintf("記事%d-%d", w, i)}
				if _, err := s.UpsertArticle(ctx, &a); err != nil {
					errc <- err
					return
				}
				if err := s.SaveAnalysis(ctx, a.ID, an); err != nil {
					errc <- err
					return
				}
				st := leakwatch.CrawlState{SourceID: fmt.Sprint("src", w), FeedURL: "https://news.example.jp/feed", Failures: i}
				if err := s.SaveCrawlState(ctx, st); err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
	if c, _ := s1.CountArticles(ctx); c != 2*n {
		t.Errorf("%d articles, want %d", c, 2*n)
	}
	if _, total, _ := s2.Reports(ctx, leakwatch.Query{}); total != 2*n {
		t.Errorf("%d reports, want %d", total, 2*n)
	}
}

// FuzzNormalizeText: normalising never fails, removes all white space and is
// idempotent, so equal hashes are stable.
func FuzzNormalizeText(f *testing.F) {
	for _, s := range []string{"個人情報が\n流出", "ＡＢＣ　１２３", "\ufeff本文", "\xff\xfe壊れた", "ｶﾞｲﾌﾞ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeText(s)
		if strings.ContainsFunc(n, unicode.IsSpace) {
			t.Errorf("NormalizeText(%q) = %q keeps white space", s, n)
		}
		if NormalizeText(n) != n {
			t.Errorf("NormalizeText not idempotent on %q", s)
		}
		if (ContentHash(s) == "") != (n == "") {
			t.Errorf("ContentHash(%q) empty iff normalised text empty", s)
		}
	})
}

// TestMigrationFromVersion1 opens a database made by the first schema, with
// a duplicated text in it, and checks that the later migrations bring it up
// to date, marking the copy.
func TestMigrationFromVersion1(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/v1.db"
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	hash := ContentHash("同じ本文")
	for _, q := range []string{
		ms[0].sql,
		"CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied INTEGER NOT NULL)",
		"INSERT INTO schema_migrations VALUES (1, 'init', 0)",
		"INSERT INTO articles (url, text, content_hash, created, updated) VALUES ('https://a.example.jp/1', '同じ本文', '" + hash + "', 0, 0)",
		"INSERT INTO articles (url, text, content_hash, created, updated) VALUES ('https://b.example.jp/1', '同じ 本文', '" + hash + "', 0, 0)",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.SchemaVersion(ctx); v != ms[len(ms)-1].version {
		t.Errorf("version %d after migrating", v)
	}
	orig, err := s.ArticleByURL(ctx, "https://a.example.jp/1")
	if err != nil {
		t.Fatal(err)
	}
	dup, err := s.ArticleByURL(ctx, "https://b.example.jp/1")
	if err != nil {
		t.Fatal(err)
	}
	if d, err := s.DuplicateOf(ctx, dup.ID); err != nil || d != orig.ID {
		t.Errorf("DuplicateOf after migration = %d, %v; want %d", d, err, orig.ID)
	}
}

// TestReadsSeeOneSnapshot replaces an article's analysis over and over while
// readers load it: every incident read must come with its own causes and data
// types, never with those of a half-replaced state (incident rows from before
// a save, causes from after it).
func TestReadsSeeOneSnapshot(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, _ := openTemp(t)
	fs := fixtures()
	a := fs[0].article
	if _, err := s.UpsertArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	// Different numbers of causes and data types, so a mix shows.
	analyses := []leakwatch.Analysis{fs[0].analysis, fs[3].analysis}
	want := map[string][2]int{} // org → causes, data types
	for _, an := range analyses {
		in := an.Incidents[0]
		want[in.Org] = [2]int{len(in.Causes), len(in.DataTypes)}
	}
	if err := s.SaveAnalysis(ctx, a.ID, analyses[0]); err != nil {
		t.Fatal(err)
	}
	saves := 300
	if testing.Short() {
		saves = 100
	}
	errc := make(chan error, 4)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer cancel()
		for i := range saves {
			if err := s.SaveAnalysis(ctx, a.ID, analyses[i%2]); err != nil {
				errc <- err
				return
			}
		}
	}()
	check := func(in leakwatch.Incident) error {
		w, ok := want[in.Org]
		if !ok || len(in.Causes) != w[0] || len(in.DataTypes) != w[1] {
			return fmt.Errorf("inconsistent read: %s with %d causes, %d data types", in.Org, len(in.Causes), len(in.DataTypes))
		}
		return nil
	}
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				got, err := s.Article(ctx, a.ID)
				if err == nil && len(got.Incidents) != 1 {
					err = fmt.Errorf("article read with %d incidents", len(got.Incidents))
				}
				if err == nil {
					err = check(got.Incidents[0])
				}
				if err == nil {
					var reps []leakwatch.Report
					if reps, _, err = s.Reports(ctx, leakwatch.Query{}); err == nil {
						for _, r := range reps {
							if err = check(r.Incident); err != nil {
								break
							}
						}
					}
				}
				if err != nil && ctx.Err() == nil {
					errc <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
}
