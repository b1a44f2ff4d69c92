-- dup_of is the id of the earliest article with the same content hash, NULL
-- for originals. Kept by UpsertArticle, so listing and counting originals is
-- an indexed test instead of a correlated subquery per row.
ALTER TABLE articles ADD COLUMN dup_of INTEGER;
UPDATE articles SET dup_of = (SELECT MIN(d.id) FROM articles d
	WHERE d.content_hash = articles.content_hash AND d.id < articles.id);
CREATE INDEX articles_originals_dated ON articles (dated) WHERE dup_of IS NULL;
