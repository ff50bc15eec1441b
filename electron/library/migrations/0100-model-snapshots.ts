// Records' first migration (0100+ belong to electron/records): model snapshots. One row per model file path with
// the hashes of the bytes it had when last hashed, cached by size + mtime; and the hashes a path held before its
// bytes changed, so an image made with the old weights still finds its file and the change is named
// ("model rolled forward", the seed guide's first cause).

export const sql = `
CREATE TABLE model_files (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  tensor_sha256 TEXT,
  autov1 TEXT NOT NULL,
  first_seen_at INTEGER NOT NULL,
  hashed_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX model_files_name ON model_files(name);
CREATE INDEX model_files_sha256 ON model_files(sha256);

CREATE TABLE model_file_history (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  tensor_sha256 TEXT,
  autov1 TEXT NOT NULL,
  hashed_at INTEGER NOT NULL,
  replaced_at INTEGER NOT NULL
);
CREATE INDEX model_file_history_path ON model_file_history(path, replaced_at DESC);
`;
