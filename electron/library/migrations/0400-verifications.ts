// Verify's records (0400+ belong to electron/verify): one row per verify run against a generator, for the image it
// verified. The image link survives rescans (image ids are stable) and is cleared, not cascaded, when the image
// leaves the library: the record of what a generator did stays, found by the image's path.

export const sql = `
CREATE TABLE verifications (
  id INTEGER PRIMARY KEY,
  image_id INTEGER REFERENCES images(id) ON DELETE SET NULL,
  image_path TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  generator TEXT NOT NULL,
  address TEXT NOT NULL,
  remote INTEGER NOT NULL,
  generator_version TEXT,
  runs INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  grade TEXT,
  summary TEXT NOT NULL,
  record_json TEXT NOT NULL
);
CREATE INDEX verifications_image ON verifications(image_id, started_at DESC);
CREATE INDEX verifications_path ON verifications(image_path, started_at DESC);
CREATE INDEX verifications_started ON verifications(started_at DESC);
`;
