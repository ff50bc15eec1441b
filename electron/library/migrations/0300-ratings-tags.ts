// Favourites, a 0-5 rating and free tags, kept in the library (never in the image files), and a search index
// that covers what people search for in an image browser: prompt, negative prompt, file name, model and LoRA
// names, C2PA claims and the tags.
//
// The search index is rebuilt as a regular FTS5 table (it keeps its own copy of the text) instead of the
// external-content one over `images`: file name, LoRA names, C2PA claims and tags are not columns of `images`,
// and an external-content table can only index columns its content table has. Same name, same rowid (timeline),
// same tokenizer and prefix indexes, so the newest-first query plan is unchanged.

/** The file name out of a stored path (SQLite has no basename): strip everything up to the last separator. */
const BASENAME = (path: string) =>
  `replace(replace(${path}, '\\', '/'), rtrim(replace(${path}, '\\', '/'), replace(replace(${path}, '\\', '/'), '/', '')), '')`;
const MODELS = (row: string) =>
  `trim(coalesce(${row}.model, '') || ' ' || coalesce((SELECT group_concat(name, ' ') FROM image_adapters WHERE image_id = ${row}.id), ''))`;
const C2PA = (row: string) =>
  `CASE WHEN ${row}.c2pa_json IS NULL THEN NULL ELSE trim(coalesce(json_extract(${row}.c2pa_json, '$.claimGenerator'), '') || ' ' ||
    coalesce(json_extract(${row}.c2pa_json, '$.softwareAgent'), '') || ' ' || coalesce(json_extract(${row}.c2pa_json, '$.softwareAgentVersion'), '') || ' ' ||
    coalesce(json_extract(${row}.c2pa_json, '$.digitalSourceType'), '') || ' ' ||
    CASE WHEN json_extract(${row}.c2pa_json, '$.aiGenerated') THEN 'ai-generated' ELSE '' END) END`;
const TAGS = (row: string) => `(SELECT group_concat(tag, ' ') FROM image_tags WHERE image_id = ${row}.id)`;
const COLUMNS = 'rowid, prompt, negative_prompt, file_name, models, c2pa, tags';
const VALUES = (row: string) =>
  `${row}.timeline, ${row}.prompt, ${row}.negative_prompt, ${BASENAME(`${row}.path`)}, ${MODELS(row)}, ${C2PA(row)}, ${TAGS(row)}`;

export const sql = `
CREATE TABLE image_marks (
  image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
  favourite INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1)),
  rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
  updated_at INTEGER NOT NULL
);
CREATE INDEX image_marks_favourite ON image_marks(image_id) WHERE favourite = 1;
CREATE INDEX image_marks_rating ON image_marks(rating, image_id) WHERE rating > 0;

-- tag as the person typed it (shown, written to XMP dc:subject); tag_norm (lower case, trimmed) for matching.
CREATE TABLE image_tags (
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  tag_norm TEXT NOT NULL,
  PRIMARY KEY (image_id, tag_norm)
) WITHOUT ROWID;
CREATE INDEX image_tags_norm ON image_tags(tag_norm, image_id);

DROP TRIGGER images_fts_insert;
DROP TRIGGER images_fts_delete;
DROP TRIGGER images_fts_update;
DROP TABLE images_fts;

CREATE VIRTUAL TABLE images_fts USING fts5(
  prompt, negative_prompt, file_name, models, c2pa, tags,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
INSERT INTO images_fts(${COLUMNS}) SELECT ${VALUES('images')} FROM images;

CREATE TRIGGER images_fts_insert AFTER INSERT ON images BEGIN
  INSERT INTO images_fts(${COLUMNS}) VALUES (${VALUES('new')});
END;
CREATE TRIGGER images_fts_delete AFTER DELETE ON images BEGIN
  DELETE FROM images_fts WHERE rowid = old.timeline;
END;
-- Only edits of indexed text or the timeline touch the index: the pixel pass updates every row once and must not.
CREATE TRIGGER images_fts_update AFTER UPDATE OF prompt, negative_prompt, path, model, c2pa_json, timeline ON images BEGIN
  DELETE FROM images_fts WHERE rowid = old.timeline;
  INSERT INTO images_fts(${COLUMNS}) VALUES (${VALUES('new')});
END;
CREATE TRIGGER images_fts_adapter_insert AFTER INSERT ON image_adapters BEGIN
  UPDATE images_fts SET models = (SELECT ${MODELS('images')} FROM images WHERE images.id = new.image_id)
    WHERE rowid = (SELECT timeline FROM images WHERE id = new.image_id);
END;
CREATE TRIGGER images_fts_adapter_delete AFTER DELETE ON image_adapters BEGIN
  UPDATE images_fts SET models = (SELECT ${MODELS('images')} FROM images WHERE images.id = old.image_id)
    WHERE rowid = (SELECT timeline FROM images WHERE id = old.image_id);
END;
CREATE TRIGGER images_fts_tag_insert AFTER INSERT ON image_tags BEGIN
  UPDATE images_fts SET tags = ${TAGS('new').replace('new.id', 'new.image_id')} WHERE rowid = (SELECT timeline FROM images WHERE id = new.image_id);
END;
CREATE TRIGGER images_fts_tag_delete AFTER DELETE ON image_tags BEGIN
  UPDATE images_fts SET tags = ${TAGS('old').replace('old.id', 'old.image_id')} WHERE rowid = (SELECT timeline FROM images WHERE id = old.image_id);
END;
`;
