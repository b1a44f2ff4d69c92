-- Listing and counting incidents from one index.
--
-- Reports and Stats filter incidents by their article's day, source and
-- original/copy status, and by causes and data types held in side tables.
-- Joining every incident to its (large) article row and probing the side
-- tables per row made a count over 100,000 articles take seconds. Each
-- incident now carries copies of what the filters read, kept by the triggers
-- below whatever writes the rows, and one partial index over originals holds
-- them all, so counting, paging and grouping never leave the index.

-- vocab numbers causes and data types for the bit sets. Bits are never
-- reused: a new term gets the next free bit in a later migration.
CREATE TABLE vocab (
	kind  TEXT    NOT NULL CHECK (kind IN ('cause', 'data_type')),
	value TEXT    NOT NULL,
	bit   INTEGER NOT NULL CHECK (bit BETWEEN 0 AND 62),
	PRIMARY KEY (kind, value),
	UNIQUE (kind, bit)
);
INSERT INTO vocab (kind, value, bit) VALUES
	('cause', 'unauthorized_access', 0), ('cause', 'ransomware', 1), ('cause', 'malware', 2),
	('cause', 'phishing_fraud', 3), ('cause', 'vulnerability', 4), ('cause', 'insider', 5),
	('cause', 'misconfiguration', 6), ('cause', 'misoperation', 7), ('cause', 'loss_theft', 8),
	('cause', 'other', 9),
	('data_type', 'name', 0), ('data_type', 'address', 1), ('data_type', 'phone', 2),
	('data_type', 'email', 3), ('data_type', 'birthdate', 4), ('data_type', 'credit_card', 5),
	('data_type', 'bank_account', 6), ('data_type', 'passport', 7), ('data_type', 'my_number', 8),
	('data_type', 'credentials', 9), ('data_type', 'health', 10), ('data_type', 'location', 11),
	('data_type', 'vehicle', 12), ('data_type', 'support_ticket', 13), ('data_type', 'other', 14);

-- Copies of the article's dated, source_id and dup_of; month is dated's
-- YYYY-MM in Japan time; the masks OR together the vocab bits of the
-- incident's causes and data types.
ALTER TABLE incidents ADD COLUMN dated INTEGER;
ALTER TABLE incidents ADD COLUMN month TEXT;
ALTER TABLE incidents ADD COLUMN source_id TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN dup_of INTEGER;
ALTER TABLE incidents ADD COLUMN cause_mask INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN data_mask INTEGER NOT NULL DEFAULT 0;

UPDATE incidents SET (dated, month, source_id, dup_of) = (
	SELECT a.dated, strftime('%Y-%m', a.dated / 1000000000, 'unixepoch', '+9 hours'), a.source_id, a.dup_of
	FROM articles a WHERE a.id = incidents.article_id);
UPDATE incidents SET
	cause_mask = (SELECT COALESCE(SUM(DISTINCT 1 << v.bit), 0) FROM incident_causes c
		JOIN vocab v ON v.kind = 'cause' AND v.value = c.cause WHERE c.incident_id = incidents.id),
	data_mask = (SELECT COALESCE(SUM(DISTINCT 1 << v.bit), 0) FROM incident_data_types t
		JOIN vocab v ON v.kind = 'data_type' AND v.value = t.data_type WHERE t.incident_id = incidents.id);

CREATE TRIGGER incidents_copy_article AFTER INSERT ON incidents BEGIN
	UPDATE incidents SET (dated, month, source_id, dup_of) = (
		SELECT a.dated, strftime('%Y-%m', a.dated / 1000000000, 'unixepoch', '+9 hours'), a.source_id, a.dup_of
		FROM articles a WHERE a.id = NEW.article_id)
	WHERE id = NEW.id;
END;

CREATE TRIGGER articles_copy_to_incidents AFTER UPDATE OF dated, source_id, dup_of ON articles
WHEN OLD.dated IS NOT NEW.dated OR OLD.source_id IS NOT NEW.source_id OR OLD.dup_of IS NOT NEW.dup_of BEGIN
	UPDATE incidents SET dated = NEW.dated,
		month = strftime('%Y-%m', NEW.dated / 1000000000, 'unixepoch', '+9 hours'),
		source_id = NEW.source_id, dup_of = NEW.dup_of
	WHERE article_id = NEW.id;
END;

CREATE TRIGGER incident_causes_mask_add AFTER INSERT ON incident_causes BEGIN
	UPDATE incidents SET cause_mask = cause_mask | COALESCE(
		(SELECT 1 << bit FROM vocab WHERE kind = 'cause' AND value = NEW.cause), 0)
	WHERE id = NEW.incident_id;
END;

CREATE TRIGGER incident_causes_mask_remove AFTER DELETE ON incident_causes BEGIN
	UPDATE incidents SET cause_mask = (SELECT COALESCE(SUM(DISTINCT 1 << v.bit), 0) FROM incident_causes c
		JOIN vocab v ON v.kind = 'cause' AND v.value = c.cause WHERE c.incident_id = OLD.incident_id)
	WHERE id = OLD.incident_id;
END;

CREATE TRIGGER incident_data_types_mask_add AFTER INSERT ON incident_data_types BEGIN
	UPDATE incidents SET data_mask = data_mask | COALESCE(
		(SELECT 1 << bit FROM vocab WHERE kind = 'data_type' AND value = NEW.data_type), 0)
	WHERE id = NEW.incident_id;
END;

CREATE TRIGGER incident_data_types_mask_remove AFTER DELETE ON incident_data_types BEGIN
	UPDATE incidents SET data_mask = (SELECT COALESCE(SUM(DISTINCT 1 << v.bit), 0) FROM incident_data_types t
		JOIN vocab v ON v.kind = 'data_type' AND v.value = t.data_type WHERE t.incident_id = OLD.incident_id)
	WHERE id = OLD.incident_id;
END;

-- Newest first: the default listing, date-range counts and the stats. Every
-- column a filter or a stats group reads is in the index, dup_of too
-- (always NULL here): without it SQLite does not count the index as covering.
CREATE INDEX incidents_by_date ON incidents (dated DESC, article_id DESC, seq,
	cause_mask, data_mask, actor, records, primary_cause, month, source_id, dup_of) WHERE dup_of IS NULL;
-- Largest count first.
CREATE INDEX incidents_by_records ON incidents (records DESC, dated DESC, article_id DESC, seq,
	cause_mask, data_mask, actor, source_id, dup_of) WHERE dup_of IS NULL;
-- A substring filter on organisations reads every name; this index lets it
-- count without reading the incident rows.
CREATE INDEX incidents_org ON incidents (org_search, dated, dup_of) WHERE dup_of IS NULL;
-- The single-column indexes of 001 are never the better plan now.
DROP INDEX incidents_primary_cause;
DROP INDEX incidents_actor;
DROP INDEX incidents_records;
-- The listing index serves date ranges of originals; articles_originals_dated
-- stays for counting articles.
