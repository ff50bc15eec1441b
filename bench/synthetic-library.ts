// A realistic library of N synthetic images, rows only (no image files, no thumbnails), for measuring the library
// at a million rows: the facet counts, search, paging, the grid in Chromium.
//
// Usage:
//   npx tsc -p tsconfig.json && node dist/bench/synthetic-library.js <db> [rows=1000000]   (prints how long it took)
//   import { ensureSyntheticLibrary } from './synthetic-library';
//   const built = ensureSyntheticLibrary('/tmp/x/lib.sqlite', 1_000_000); // reuses the file when it was built so
//   built.probes  // values that exist in it, to search and filter by (a common word, a model, a sampler, ...)
//
// The rows go through the real schema (openLibrary runs the migrations) and carry what the indexer would write for
// such images: generator ids as the readers name them, model / model_norm / model_hash (ComfyUI rows without a hash,
// two names sharing one hash), sampler display names with their canonical ids (shared/samplers.ts), schedulers,
// seeds, steps, cfg, a few common sizes, prompts from a Zipf vocabulary (real tag words at the head, a long
// synthetic tail), negative prompts, 0-3 LoRAs from ~200 names, raw metadata of about the size real files carry,
// tuple_json, tuple_key, grades, some tags / favourites / ratings, `pixel_state = 'done'` with pixel digests,
// `reader_version` = today's (a rescan would not re-read them), created times over two years in sessions, one
// offline folder. Bulk-loaded: indexes and the search-index triggers are dropped, rows inserted in big
// transactions (the search index filled in the same pass), then the indexes and triggers come back and ANALYZE runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openLibrary } from '../electron/library/library';
import { normalizeModelName, tupleKey } from '../electron/library/tuple-key';
import { METADATA_READER_VERSION } from '../electron/metadata/reader-version';
import { type SyntheticProbes, type SyntheticRow, sessionRows } from './synthetic-rows';

export type { SyntheticProbes };

/** Bumped when the rows change shape, so a reused file is rebuilt. */
const BUILDER_VERSION = 1;

export interface SyntheticLibrary {
  dbPath: string;
  rows: number;
  /** Seconds the build took (0 when an existing file was reused). */
  seconds: number;
  reused: boolean;
  probes: SyntheticProbes;
}

interface Marker {
  version: number;
  rows: number;
  probes: SyntheticProbes;
}

function markerPath(dbPath: string): string {
  return `${dbPath}.synthetic.json`;
}

/** Builds the library at dbPath unless a file built by this version with this many rows is already there. */
export function ensureSyntheticLibrary(dbPath: string, rows: number): SyntheticLibrary {
  try {
    const marker = JSON.parse(fs.readFileSync(markerPath(dbPath), 'utf8')) as Marker;
    if (marker.version === BUILDER_VERSION && marker.rows === rows && fs.existsSync(dbPath)) {
      // Opening applies any migration added since it was built, as a user's library would get it.
      openLibrary(dbPath).close();
      return { dbPath, rows, seconds: 0, reused: true, probes: marker.probes };
    }
  } catch {
    // no marker, or an unreadable one: build
  }
  return buildSyntheticLibrary(dbPath, rows);
}

/** Always builds (removing any file at dbPath first). */
export function buildSyntheticLibrary(dbPath: string, rows: number): SyntheticLibrary {
  const started = performance.now();
  for (const suffix of ['', '-wal', '-shm', '.synthetic.json']) fs.rmSync(dbPath + suffix, { force: true });
  fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  const library = openLibrary(dbPath);
  const db = library.db;
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  // Indexes and the search-index triggers go for the load and come back after it (several times faster than
  // maintaining them row by row). Other triggers stay: whatever a migration keeps up to date stays up to date.
  const dropped = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL
       AND ((type = 'index' AND tbl_name IN ('images', 'image_adapters', 'image_tags', 'image_marks'))
         OR (type = 'trigger' AND name LIKE 'images_fts%'))`,
    )
    .all() as Array<{ type: string; name: string; sql: string }>;
  for (const item of dropped) db.exec(`DROP ${item.type === 'trigger' ? 'TRIGGER' : 'INDEX'} ${item.name}`);

  const columns = [
    'folder_id',
    'path',
    'size',
    'mtime_ms',
    'created_at',
    'timeline',
    'added_at',
    'state',
    'format',
    'generator',
    'model',
    'model_norm',
    'model_hash',
    'sampler',
    'sampler_id',
    'scheduler_id',
    'seed',
    'steps',
    'cfg',
    'width',
    'height',
    'prompt',
    'negative_prompt',
    'tuple_json',
    'raw_json',
    'tuple_key',
    'pixel_state',
    'pixel_sha256',
    'phash',
    'phash_hi',
    'phash_lo',
    'pixel_width',
    'pixel_height',
    'grade',
    'grade_json',
    'reader_version',
  ];
  // Columns a later migration adds are filled when this library has them (file_xxh3: the index's file identity).
  const present = new Set(
    (db.prepare('PRAGMA table_info(images)').all() as Array<{ name: string }>).map((c) => c.name),
  );
  if (present.has('file_xxh3')) columns.push('file_xxh3');
  const insertImage = db.prepare(
    `INSERT INTO images (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')}) RETURNING id`,
  );
  const insertAdapter = db.prepare(
    'INSERT INTO image_adapters (image_id, kind, name, name_norm, weight, hash) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertTag = db.prepare('INSERT OR IGNORE INTO image_tags (image_id, tag, tag_norm) VALUES (?, ?, ?)');
  const insertMark = db.prepare(
    'INSERT INTO image_marks (image_id, favourite, rating, updated_at) VALUES (?, ?, ?, ?)',
  );
  const insertFts = db.prepare(
    'INSERT INTO images_fts (rowid, prompt, negative_prompt, file_name, models, c2pa, tags) VALUES (?, ?, ?, ?, ?, NULL, ?)',
  );
  const insertFolder = db.prepare('INSERT INTO folders (path, online, added_at, last_scan_at) VALUES (?, ?, ?, ?)');

  const write = (row: SyntheticRow, folderId: number): void => {
    const tuple = row.tuple;
    const { id } = insertImage.get({
      folder_id: folderId,
      path: row.path,
      size: row.size,
      mtime_ms: row.createdAt,
      created_at: row.createdAt,
      timeline: row.timeline,
      added_at: row.createdAt + 60_000,
      state: row.state,
      format: row.format,
      generator: tuple.generator,
      model: tuple.model,
      model_norm: normalizeModelName(tuple.model),
      model_hash: tuple.modelHash,
      sampler: tuple.sampler,
      sampler_id: tuple.samplerId,
      scheduler_id: tuple.schedulerId,
      seed: tuple.seed,
      steps: tuple.steps,
      cfg: tuple.cfg,
      width: tuple.width,
      height: tuple.height,
      prompt: tuple.prompt,
      negative_prompt: tuple.negativePrompt,
      tuple_json: JSON.stringify(tuple),
      raw_json: JSON.stringify(row.raw),
      tuple_key: tupleKey(tuple),
      pixel_state: 'done',
      pixel_sha256: row.pixelSha256,
      phash: row.phash,
      phash_hi: Number.parseInt(row.phash.slice(0, 8), 16) | 0,
      phash_lo: Number.parseInt(row.phash.slice(8), 16) | 0,
      pixel_width: row.pixelWidth,
      pixel_height: row.pixelHeight,
      grade: row.grade,
      grade_json: row.gradeJson,
      reader_version: METADATA_READER_VERSION,
      ...(present.has('file_xxh3') ? { file_xxh3: row.fileXxh3 } : {}),
    }) as { id: number };
    for (const a of tuple.adapters)
      insertAdapter.run(id, a.kind, a.name, normalizeModelName(a.name) ?? a.name.toLowerCase(), a.weight, a.hash);
    for (const tag of row.tags) insertTag.run(id, tag, tag.toLowerCase());
    if (row.favourite || row.rating) insertMark.run(id, row.favourite ? 1 : 0, row.rating, row.createdAt + 86_400_000);
    insertFts.run(
      row.timeline,
      tuple.prompt,
      tuple.negativePrompt,
      path.posix.basename(row.path),
      [tuple.model ?? '', ...tuple.adapters.map((a) => a.name)].join(' ').trim(),
      row.tags.length ? row.tags.join(' ') : null,
    );
  };

  const folderIds = new Map<string, number>();
  const now = Date.now();
  let pending: Array<{ row: SyntheticRow; folder: { path: string; online: boolean } }> = [];
  const flush = db.transaction((batch: typeof pending) => {
    for (const { row, folder } of batch) {
      let folderId = folderIds.get(folder.path);
      if (folderId === undefined) {
        folderId = Number(insertFolder.run(folder.path, folder.online ? 1 : 0, now, now).lastInsertRowid);
        folderIds.set(folder.path, folderId);
      }
      write(row, folderId);
    }
  });
  const probes = sessionRows(rows, (row, folder) => {
    pending.push({ row, folder });
    if (pending.length >= 20_000) {
      flush(pending);
      pending = [];
    }
  });
  flush(pending);

  for (const item of dropped) db.exec(item.sql);
  db.exec('ANALYZE');
  db.pragma('wal_checkpoint(TRUNCATE)');
  library.close();
  const built: Marker = { version: BUILDER_VERSION, rows, probes };
  fs.writeFileSync(markerPath(dbPath), JSON.stringify(built));
  return { dbPath, rows, seconds: (performance.now() - started) / 1000, reused: false, probes };
}

if (require.main === module) {
  const [dbPath, rowsText = '1000000'] = process.argv.slice(2);
  if (!dbPath) {
    console.error('usage: node dist/bench/synthetic-library.js <db> [rows=1000000]');
    process.exit(2);
  }
  const rows = Number(rowsText);
  if (!Number.isInteger(rows) || rows < 1) {
    console.error(`rows must be a positive integer, got "${rowsText}"`);
    process.exit(2);
  }
  const built = buildSyntheticLibrary(dbPath, rows);
  const bytes = fs.statSync(dbPath).size;
  console.log(
    `built ${rows} synthetic images in ${built.seconds.toFixed(1)} s: ${dbPath} (${(bytes / 2 ** 20).toFixed(0)} MiB, ${(bytes / rows).toFixed(0)} bytes per image)`,
  );
  console.log(`probes: ${JSON.stringify(built.probes)}`);
}
