// The first schema. Migrations are TypeScript modules exporting their SQL because tsc does not copy .sql files
// into dist/: a fresh clone built with `tsc` then finds every migration beside the compiled loader.
// Numbers 0001-0099 belong to the library; 0100+ to records (model snapshots).

export const sql = `
CREATE TABLE folders (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  online INTEGER NOT NULL DEFAULT 1,
  added_at INTEGER NOT NULL,
  last_scan_at INTEGER
);

-- state: 'online' | 'offline' (folder or drive unreachable: kept) | 'missing' (gone from a present folder during a
-- scan; matched to a moved copy by pixel hash or removed when the scan finishes).
CREATE TABLE images (
  id INTEGER PRIMARY KEY,
  folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
  path TEXT NOT NULL UNIQUE,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  -- Newest-first order as one unique integer: created_at (ms) * 1024 + a slot for files sharing a millisecond.
  -- It is also the FTS rowid, so a prompt search streams its matches already newest first and stops at one page.
  timeline INTEGER NOT NULL,
  added_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'online',
  missing_since INTEGER,
  format TEXT NOT NULL,
  generator TEXT,
  model TEXT,
  model_norm TEXT,
  model_hash TEXT,
  sampler TEXT,
  sampler_id TEXT,
  scheduler_id TEXT,
  seed TEXT,
  steps INTEGER,
  cfg REAL,
  width INTEGER,
  height INTEGER,
  prompt TEXT,
  negative_prompt TEXT,
  tuple_json TEXT,
  raw_json TEXT NOT NULL DEFAULT '[]',
  warnings_json TEXT NOT NULL DEFAULT '[]',
  c2pa_json TEXT,
  tuple_key TEXT,
  pixel_state TEXT NOT NULL DEFAULT 'pending',
  pixel_error TEXT,
  file_sha256 TEXT,
  pixel_sha256 TEXT,
  rgb_sha256 TEXT,
  phash TEXT,
  phash_hi INTEGER,
  phash_lo INTEGER,
  pixel_width INTEGER,
  pixel_height INTEGER,
  thumb_path TEXT,
  note TEXT
);

-- The gallery: newest first with keyset paging on timeline.
CREATE UNIQUE INDEX images_timeline ON images(timeline);
-- Covering index for the rescan snapshot: a folder's known files come out of the index alone.
CREATE INDEX images_snapshot ON images(folder_id, path, size, mtime_ms, state);
CREATE INDEX images_pending ON images(folder_id) WHERE pixel_state = 'pending';
CREATE INDEX images_missing ON images(pixel_sha256) WHERE state = 'missing';
CREATE INDEX images_generator ON images(generator, timeline);
CREATE INDEX images_model ON images(model_norm, timeline);
CREATE INDEX images_model_hash ON images(model_hash, timeline);
CREATE INDEX images_sampler ON images(sampler_id, timeline);
CREATE INDEX images_seed ON images(seed, timeline);
CREATE INDEX images_folder ON images(folder_id, timeline);
CREATE INDEX images_tuple_key ON images(tuple_key) WHERE tuple_key IS NOT NULL;
CREATE INDEX images_pixel_sha ON images(pixel_sha256) WHERE pixel_sha256 IS NOT NULL;
-- A compact column pair for the near-duplicate scan: reading it touches only this index.
CREATE INDEX images_phash ON images(phash_hi, phash_lo) WHERE phash_hi IS NOT NULL;

CREATE TABLE image_adapters (
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  name_norm TEXT NOT NULL,
  weight REAL,
  hash TEXT
);
CREATE INDEX image_adapters_name ON image_adapters(name_norm, image_id);
CREATE INDEX image_adapters_image ON image_adapters(image_id);

-- External-content FTS: the prompt text lives once, in images; triggers keep the index in step.
CREATE VIRTUAL TABLE images_fts USING fts5(
  prompt, negative_prompt,
  content = 'images', content_rowid = 'timeline',
  tokenize = 'unicode61 remove_diacritics 2',
  -- Prefix indexes: without them "w1*" at 1M rows merged ~140 doclists and took 3 s (bench); with them it is one.
  prefix = '2 3'
);
CREATE TRIGGER images_fts_insert AFTER INSERT ON images BEGIN
  INSERT INTO images_fts(rowid, prompt, negative_prompt) VALUES (new.timeline, new.prompt, new.negative_prompt);
END;
CREATE TRIGGER images_fts_delete AFTER DELETE ON images BEGIN
  INSERT INTO images_fts(images_fts, rowid, prompt, negative_prompt) VALUES ('delete', old.timeline, old.prompt, old.negative_prompt);
END;
-- Only prompt or timeline edits touch the FTS index: the pixel pass updates every row once and must not rewrite it.
CREATE TRIGGER images_fts_update AFTER UPDATE OF prompt, negative_prompt, timeline ON images BEGIN
  INSERT INTO images_fts(images_fts, rowid, prompt, negative_prompt) VALUES ('delete', old.timeline, old.prompt, old.negative_prompt);
  INSERT INTO images_fts(rowid, prompt, negative_prompt) VALUES (new.timeline, new.prompt, new.negative_prompt);
END;
`;
