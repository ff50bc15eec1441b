// Model snapshots in the library database (migration 0100-model-snapshots): the cache that lets a rescan of a
// 200 GB model folder cost one stat per file, and the memory that notices when a file's bytes changed under the
// same name. Statements are prepared once (STYLE.md, the Bruno registry pattern). The database is the library's
// (openLibrary applies every migration, 0100 included); whoever opened it closes it.
import type Database from 'better-sqlite3';
import * as path from 'node:path';
import type { ModelFileHashes } from './model-hashes';

export interface ModelSnapshot {
  path: string;
  name: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  tensorSha256: string | null;
  autov1: string;
  /** Epoch ms: when this path was first indexed / when these bytes were hashed / when last seen on disk. */
  firstSeenAt: number;
  hashedAt: number;
  lastSeenAt: number;
}

/** The bytes a path held before they changed: the snapshot as it was, and when it stopped being true. */
export interface ReplacedSnapshot extends Omit<ModelSnapshot, 'firstSeenAt' | 'lastSeenAt'> {
  replacedAt: number;
}

interface SnapshotRow {
  path: string;
  name: string;
  size: number;
  mtime_ms: number;
  sha256: string;
  tensor_sha256: string | null;
  autov1: string;
  first_seen_at: number;
  hashed_at: number;
  last_seen_at: number;
}

interface HistoryRow extends Omit<SnapshotRow, 'first_seen_at' | 'last_seen_at'> {
  replaced_at: number;
}

/** The columns both tables share: what a path's bytes were. */
function hashedBytes(row: HistoryRow | SnapshotRow) {
  return {
    path: row.path,
    name: row.name,
    size: row.size,
    mtimeMs: row.mtime_ms,
    sha256: row.sha256,
    tensorSha256: row.tensor_sha256,
    autov1: row.autov1,
    hashedAt: row.hashed_at,
  };
}

function toSnapshot(row: SnapshotRow): ModelSnapshot {
  return { ...hashedBytes(row), firstSeenAt: row.first_seen_at, lastSeenAt: row.last_seen_at };
}

function toReplaced(row: HistoryRow): ReplacedSnapshot {
  return { ...hashedBytes(row), replacedAt: row.replaced_at };
}

export class ModelCatalog {
  private readonly byPath;
  private readonly insert;
  private readonly update;
  private readonly touch;
  private readonly archive;
  private readonly allRows;
  private readonly historyRows;
  private readonly historyForPath;

  constructor(private readonly db: Database.Database) {
    this.byPath = db.prepare<[string], SnapshotRow>('SELECT * FROM model_files WHERE path = ?');
    this.insert =
      db.prepare(`INSERT INTO model_files(path, name, size, mtime_ms, sha256, tensor_sha256, autov1, first_seen_at, hashed_at, last_seen_at)
      VALUES (@path, @name, @size, @mtimeMs, @sha256, @tensorSha256, @autov1, @now, @now, @now)`);
    this.update =
      db.prepare(`UPDATE model_files SET size = @size, mtime_ms = @mtimeMs, sha256 = @sha256, tensor_sha256 = @tensorSha256,
      autov1 = @autov1, hashed_at = @now, last_seen_at = @now WHERE path = @path`);
    this.touch = db.prepare('UPDATE model_files SET last_seen_at = ? WHERE path = ?');
    this.archive =
      db.prepare(`INSERT INTO model_file_history(path, name, size, mtime_ms, sha256, tensor_sha256, autov1, hashed_at, replaced_at)
      SELECT path, name, size, mtime_ms, sha256, tensor_sha256, autov1, hashed_at, ? FROM model_files WHERE path = ?`);
    this.allRows = db.prepare<[], SnapshotRow>('SELECT * FROM model_files ORDER BY name, path');
    this.historyRows = db.prepare<[], HistoryRow>(
      'SELECT * FROM model_file_history ORDER BY replaced_at DESC, id DESC',
    );
    this.historyForPath = db.prepare<[string], HistoryRow>(
      'SELECT * FROM model_file_history WHERE path = ? ORDER BY replaced_at DESC, id DESC',
    );
  }

  get(filePath: string): ModelSnapshot | null {
    const row = this.byPath.get(filePath);
    return row ? toSnapshot(row) : null;
  }

  /** The cached snapshot when size and mtime still match (the cache key), else null: the file must be hashed. */
  cached(filePath: string, size: number, mtimeMs: number): ModelSnapshot | null {
    const row = this.byPath.get(filePath);
    if (!row || row.size !== size || row.mtime_ms !== Math.trunc(mtimeMs)) return null;
    this.touch.run(Date.now(), filePath);
    return toSnapshot({ ...row });
  }

  /**
   * Store fresh hashes for a path. When the path was known with different bytes, the old snapshot moves to the
   * history and is returned as `replaced`; an unchanged hash (touched file, same bytes) replaces nothing.
   */
  record(
    filePath: string,
    mtimeMs: number,
    hashes: ModelFileHashes,
    now: number = Date.now(),
  ): { snapshot: ModelSnapshot; replaced: ReplacedSnapshot | null } {
    const params = {
      path: filePath,
      name: path.basename(filePath),
      size: hashes.byteLength,
      mtimeMs: Math.trunc(mtimeMs),
      sha256: hashes.sha256,
      tensorSha256: hashes.tensorSha256,
      autov1: hashes.autov1,
      now,
    };
    let replaced: ReplacedSnapshot | null = null;
    this.db.transaction(() => {
      const before = this.byPath.get(filePath);
      if (!before) {
        this.insert.run(params);
        return;
      }
      if (before.sha256 !== hashes.sha256) {
        this.archive.run(now, filePath);
        replaced = toReplaced({ ...before, replaced_at: now });
      }
      this.update.run(params);
    })();
    return { snapshot: this.get(filePath) as ModelSnapshot, replaced };
  }

  all(): ModelSnapshot[] {
    return this.allRows.all().map(toSnapshot);
  }

  /** Every snapshot a path held before, newest first. */
  history(filePath?: string): ReplacedSnapshot[] {
    const rows = filePath === undefined ? this.historyRows.all() : this.historyForPath.all(filePath);
    return rows.map(toReplaced);
  }
}
