-- A change log for readers that keep a copy of the articles, such as the
-- bleve index serve feeds from the store: every insert of an article and
-- every update of what the index holds of it (its text and metadata, and its
-- analysis, which SaveAnalysis stamps in analyzed) takes the next number of a
-- single counter into change_seq. Writers are serialised by SQLite, so the
-- numbers are handed out in commit order: a reader that has seen every change
-- up to N has only to ask for change_seq > N next time.
CREATE TABLE change_counter (
	id  INTEGER PRIMARY KEY CHECK (id = 1),
	seq INTEGER NOT NULL
);
ALTER TABLE articles ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET change_seq = id;
INSERT INTO change_counter (id, seq) VALUES (1, COALESCE((SELECT MAX(id) FROM articles), 0));
CREATE INDEX articles_change_seq ON articles (change_seq);

CREATE TRIGGER articles_change_insert AFTER INSERT ON articles BEGIN
	UPDATE change_counter SET seq = seq + 1 WHERE id = 1;
	UPDATE articles SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE id = NEW.id;
END;

-- change_seq itself and dup_of (which the index does not hold) are not in the
-- list, so the trigger's own update does not fire it again.
CREATE TRIGGER articles_change_update AFTER UPDATE OF url, source_id, title, text, summary,
	published, fetched, dated, content_hash, extract_note, is_incident, analyzed ON articles BEGIN
	UPDATE change_counter SET seq = seq + 1 WHERE id = 1;
	UPDATE articles SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE id = NEW.id;
END;
