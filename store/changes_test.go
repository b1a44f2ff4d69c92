package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/leakwatch/leakwatch"
)

func changedIDs(arts []leakwatch.Article) []int64 {
	ids := make([]int64, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	return ids
}

// TestArticlesChangedSince follows the change log as serve does: everything
// at first, then only what was stored, re-analysed or rewritten after the
// cursor, each article once at its latest change.
func TestArticlesChangedSince(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	cs, err := s.ChangeState(ctx)
	if err != nil || cs != (ChangeState{}) {
		t.Fatalf("empty store: %+v, %v", cs, err)
	}
	arts := loadFixtures(t, s)
	first, second := arts[0], arts[1]

	got, cur, err := s.ArticlesChangedSince(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(changedIDs(got), changedIDs(arts)) {
		t.Fatalf("first read: %v, want %v", changedIDs(got), changedIDs(arts))
	}
	if len(got[0].Incidents) != 1 || got[0].Incidents[0].Org != "株式会社ミナト電算" || !got[0].IsIncident || got[0].Title != first.Title {
		t.Errorf("first article as read: %+v", got[0])
	}
	if cs, err = s.ChangeState(ctx); err != nil || cs.Cursor != cur || cs.Articles != len(arts) {
		t.Errorf("state %+v (%v), cursor %d", cs, err, cur)
	}
	if got, next, err := s.ArticlesChangedSince(ctx, cur, 10); err != nil || len(got) != 0 || next != cur {
		t.Fatalf("nothing changed: %v, %d, %v", changedIDs(got), next, err)
	}

	// A new analysis of the second article, then a rewrite of the first.
	if err := s.SaveAnalysis(ctx, second.ID, leakwatch.Analysis{IsIncident: true, Incidents: []leakwatch.Incident{{
		Org: "北浜市教育委員会", Causes: []leakwatch.Cause{leakwatch.CauseLossTheft}, Actor: leakwatch.ActorInternal,
	}}}); err != nil {
		t.Fatal(err)
	}
	got, cur2, err := s.ArticlesChangedSince(ctx, cur, 10)
	if err != nil || !slices.Equal(changedIDs(got), []int64{second.ID}) || cur2 <= cur {
		t.Fatalf("after SaveAnalysis: %v, %d, %v", changedIDs(got), cur2, err)
	}
	if len(got[0].Incidents) != 1 || got[0].Incidents[0].Org != "北浜市教育委員会" {
		t.Errorf("new analysis not read: %+v", got[0].Incidents)
	}
	edited := first
	edited.Raw, edited.Text = nil, first.Text+"同社は再発防止策を講じるとしている。"
	if _, err := s.UpsertArticle(ctx, &edited); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAnalysis(ctx, second.ID, leakwatch.Analysis{}); err != nil {
		t.Fatal(err)
	}
	// Both changed since cur: the first before the second's latest change.
	got, _, err = s.ArticlesChangedSince(ctx, cur, 10)
	if err != nil || !slices.Equal(changedIDs(got), []int64{first.ID, second.ID}) {
		t.Fatalf("after two more changes: %v, %v", changedIDs(got), err)
	}
	if got[0].Text != edited.Text || got[1].IsIncident || len(got[1].Incidents) != 0 {
		t.Errorf("latest versions not read: %q, %+v", got[0].Text, got[1])
	}

	// Pages of one: the untouched articles in their first order, then the
	// two changed ones.
	var paged []int64
	for c := int64(0); ; {
		page, next, err := s.ArticlesChangedSince(ctx, c, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			if next != c {
				t.Errorf("empty page moved the cursor %d → %d", c, next)
			}
			break
		}
		paged = append(paged, changedIDs(page)...)
		c = next
	}
	want := append(changedIDs(arts[2:]), first.ID, second.ID)
	if !slices.Equal(paged, want) {
		t.Errorf("paged: %v", paged)
	}

	if _, _, err := s.ArticlesChangedSince(ctx, 0, 0); !errors.Is(err, leakwatch.ErrInvalid) {
		t.Errorf("limit 0: %v, want ErrInvalid", err)
	}
}

// TestArticlesChangedBefore walks the log back from the latest change, as
// serve does on start to index what its index is missing.
func TestArticlesChangedBefore(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	arts := loadFixtures(t, s)
	third := leakwatch.Article{URL: "https://news.example.jp/2025/04/03/third", SourceID: "piyolog",
		Title: "東町の通販サイトに不正アクセス", Text: "東町の通販サイトが不正アクセスを受けた。"}
	if _, err := s.UpsertArticle(ctx, &third); err != nil {
		t.Fatal(err)
	}
	// The first article changes last.
	if err := s.SaveAnalysis(ctx, arts[0].ID, leakwatch.Analysis{}); err != nil {
		t.Fatal(err)
	}
	cs, err := s.ChangeState(ctx)
	if err != nil || cs.Articles != len(arts)+1 {
		t.Fatalf("state %+v, %v", cs, err)
	}
	var walked []int64
	for before := cs.Cursor + 1; ; {
		page, next, err := s.ArticlesChangedBefore(ctx, before, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			if next != before {
				t.Errorf("empty page moved %d → %d", before, next)
			}
			break
		}
		if next >= before {
			t.Fatalf("walk does not go back: %d → %d", before, next)
		}
		walked = append(walked, changedIDs(page)...)
		before = next
	}
	want := []int64{arts[0].ID, third.ID}
	for i := len(arts) - 1; i > 0; i-- {
		want = append(want, arts[i].ID)
	}
	if !slices.Equal(walked, want) {
		t.Errorf("walked %v, want %v", walked, want)
	}
}

// TestChangesFromAnotherStore checks that a write through a second Store on
// the same file (another process: a crawl while serve runs) is seen by the
// first after its cursor.
func TestChangesFromAnotherStore(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	cs, err := s.ChangeState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	other, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	a := fixtures()[0].article
	if _, err := other.UpsertArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	got, next, err := s.ArticlesChangedSince(ctx, cs.Cursor, 10)
	if err != nil || !slices.Equal(changedIDs(got), []int64{a.ID}) || next <= cs.Cursor {
		t.Fatalf("write of another store: %v, %d, %v", changedIDs(got), next, err)
	}
}

// TestMigrationChangeSeq brings a version 3 database with articles up to
// date: they count as changed once, in id order, and new changes come after.
func TestMigrationChangeSeq(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/v3.db"
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	qs := []string{ms[0].sql, ms[1].sql, ms[2].sql,
		"CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied INTEGER NOT NULL)",
		"INSERT INTO schema_migrations VALUES (1, 'init', 0), (2, 'duplicate_of', 0), (3, 'listing_index', 0)"}
	for _, id := range []int{3, 7} {
		qs = append(qs, fmt.Sprintf(`INSERT INTO articles (id, url, title, text, created, updated)
			VALUES (%d, 'https://a.example.jp/%d', '記事%d', '本文', 0, 0)`, id, id, id))
	}
	for _, q := range qs {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	db.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cs, err := s.ChangeState(ctx)
	if err != nil || cs != (ChangeState{Cursor: 7, Articles: 2}) {
		t.Fatalf("migrated state %+v, %v", cs, err)
	}
	got, _, err := s.ArticlesChangedSince(ctx, 0, 10)
	if err != nil || !slices.Equal(changedIDs(got), []int64{3, 7}) {
		t.Fatalf("migrated articles: %v, %v", changedIDs(got), err)
	}
	if err := s.SaveAnalysis(ctx, 3, leakwatch.Analysis{}); err != nil {
		t.Fatal(err)
	}
	if got, next, err := s.ArticlesChangedSince(ctx, cs.Cursor, 10); err != nil || !slices.Equal(changedIDs(got), []int64{3}) || next != 8 {
		t.Errorf("after migration: %v, %d, %v", changedIDs(got), next, err)
	}
}
