// Every write to the images table, as statements prepared once. The indexer calls these inside its batch
// transactions (performance-notes.md: one transaction per batch, 39k rows/s with FTS5).
import type Database from 'better-sqlite3';
import type { ImageReport } from '../../shared/image-report';
import type { GenerationTuple } from '../../shared/tuple';
import { METADATA_READER_VERSION } from '../metadata/reader-version';
import { gradeReproducibility } from './reproducibility-grade';
import { normalizeModelName, tupleKey } from './tuple-key';
import type { PixelOutcome } from './pixel-worker';
import { recordedGenerationTime } from './recorded-time';

/** How long before an image went missing a copy of its pixels may have appeared and still count as its move. */
export const MOVE_WINDOW_MS = 10 * 60 * 1000;

export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface PixelRecord extends Omit<PixelOutcome, 'report'> {
  size: number;
  mtimeMs: number;
  /** The full report read with the decoded pixels (stealth metadata lives in pixels), when it differs. */
  report: ImageReport | null;
}

/** Raw metadata is kept whole up to this size per entry; past it the reader already marked it truncated. */
const RAW_JSON_CAP = 4 * 1024 * 1024;

/** Columns a moved file's row takes over from the row the scan made for it (identity and note stay). */
const FILE_COLUMNS = [
  'folder_id',
  'path',
  'size',
  'mtime_ms',
  'created_at',
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
  'warnings_json',
  'c2pa_json',
  'tuple_key',
  'pixel_state',
  'pixel_error',
  'file_sha256',
  'file_xxh3',
  'pixel_sha256',
  'rgb_sha256',
  'phash',
  'phash_hi',
  'phash_lo',
  'pixel_width',
  'pixel_height',
  'thumb_path',
  'generated_at',
  'grade',
  'grade_json',
  'run_record_json',
  'reader_version',
];

/** The twin has the same RGBA digest, so the old row's RGB digest holds for it when the twin has none yet. */
function takenColumn(column: string): string {
  if (column === 'path') return '@path';
  if (column === 'rgb_sha256') return 'coalesce(rgb_sha256, (SELECT rgb_sha256 FROM images WHERE id = @oldId))';
  return column;
}

/** Slots per millisecond in the timeline: files sharing one mtime (FAT's 2 s clock, a batch copy) stay unique. */
export const TIMELINE_SLOTS = 1024;

/** The first timeline value of a creation time; 2^42 ms (year 2109) x 1024 stays a safe JS integer. */
export function timelineBase(createdAtMs: number): number {
  return Math.min(Math.max(0, Math.trunc(createdAtMs)), 2 ** 42) * TIMELINE_SLOTS;
}

/** A 16-hex perceptual hash as two signed 32-bit halves: compact integer columns the similar scan reads. */
export function splitPerceptualHash(hex: string): { hi: number; lo: number } | null {
  if (!/^[0-9a-f]{16}$/i.test(hex)) return null;
  return { hi: parseInt(hex.slice(0, 8), 16) | 0, lo: parseInt(hex.slice(8), 16) | 0 };
}

function tupleColumns(report: ImageReport): Record<string, string | number | null> {
  const t: GenerationTuple | null = report.tuple;
  let rawJson = JSON.stringify(report.raw);
  if (rawJson.length > RAW_JSON_CAP) {
    rawJson = JSON.stringify(
      report.raw.map((e) => (e.text.length > 65536 ? { ...e, text: e.text.slice(0, 65536), truncated: true } : e)),
    );
  }
  return {
    format: report.format,
    generator: report.generator,
    model: t?.model ?? t?.modelVersion ?? null,
    model_norm: normalizeModelName(t?.model ?? t?.modelVersion ?? null),
    model_hash: t?.modelHash?.toLowerCase() ?? null,
    sampler: t?.sampler ?? null,
    sampler_id: t?.samplerId ?? t?.sampler?.toLowerCase() ?? null,
    scheduler_id: t?.schedulerId ?? t?.scheduler?.toLowerCase() ?? null,
    seed: t?.seed ?? null,
    steps: t?.steps ?? null,
    cfg: t?.cfg ?? null,
    width: t?.width ?? null,
    height: t?.height ?? null,
    prompt: t?.prompt ?? null,
    negative_prompt: t?.negativePrompt ?? null,
    tuple_json: t ? JSON.stringify(t) : null,
    raw_json: rawJson,
    warnings_json: JSON.stringify(report.warnings),
    c2pa_json: report.c2pa ? JSON.stringify(report.c2pa) : null,
    tuple_key: tupleKey(t),
    generated_at: recordedGenerationTime(t),
    reader_version: METADATA_READER_VERSION,
    // The grade is computed here, at index time, from the same report: it changes exactly when the tuple does.
    ...gradeColumns(report),
  };
}

function gradeColumns(report: ImageReport): { grade: string; grade_json: string; run_record_json: string | null } {
  const graded = gradeReproducibility(report);
  return {
    grade: graded.grade,
    grade_json: JSON.stringify(graded.reasons),
    run_record_json: report.runRecord ? JSON.stringify(report.runRecord) : null,
  };
}

interface StoredReport {
  tuple_json: string | null;
  raw_json: string;
  warnings_json: string;
  reader_version: number;
  pixel_state: string;
}

/** The stored report holds what only a decode finds: stealth data, or a warning the metadata-only read lacks. */
function cameFromPixelPass(stored: StoredReport, metadataOnly: ImageReport): boolean {
  if (stored.raw_json.includes('"source":"stealth:')) return true;
  const fresh = new Set(metadataOnly.warnings);
  const warnings: unknown = JSON.parse(stored.warnings_json);
  return Array.isArray(warnings) && warnings.some((w) => !fresh.has(w));
}

export class ImageWriter {
  private readonly upsert: Database.Statement;
  private readonly updateTuple: Database.Statement;
  private readonly readTupleJson: Database.Statement;
  private readonly requeuePixels: Database.Statement;
  private readonly clearAdapters: Database.Statement;
  private readonly insertAdapter: Database.Statement;
  private readonly pixelsDone: Database.Statement;
  private readonly pixelsFailed: Database.Statement;
  private readonly markMissing: Database.Statement;
  private readonly markOnline: Database.Statement;
  private readonly offlineFolder: Database.Statement;
  private readonly offlineUnder: Database.Statement;
  private readonly missingWithTwin: Database.Statement;
  private readonly parkPath: Database.Statement;
  private readonly takeOver: Database.Statement;
  private readonly readPath: Database.Statement;
  private readonly moveAdapters: Database.Statement;
  private readonly deleteImage: Database.Statement;
  private readonly deleteMissing: Database.Statement;
  private readonly slotMax: Database.Statement;
  private readonly firstGap: Database.Statement;

  constructor(private readonly db: Database.Database) {
    const tupleNames = Object.keys(
      tupleColumns({
        file: '',
        format: 'unknown',
        generator: null,
        tuple: null,
        pixels: null,
        c2pa: null,
        raw: [],
        warnings: [],
      }),
    );
    const insertNames = ['folder_id', 'path', 'size', 'mtime_ms', 'created_at', 'timeline', 'added_at', ...tupleNames];
    const changed = ['size', 'mtime_ms', 'created_at', 'timeline', ...tupleNames]
      .map((c) => `${c} = excluded.${c}`)
      .join(', ');
    this.upsert =
      db.prepare(`INSERT INTO images (${insertNames.join(', ')}) VALUES (${insertNames.map((c) => `@${c}`).join(', ')})
      ON CONFLICT(path) DO UPDATE SET ${changed}, folder_id = excluded.folder_id, state = 'online', missing_since = NULL,
        pixel_state = 'pending', pixel_error = NULL, file_sha256 = NULL, file_xxh3 = NULL, pixel_sha256 = NULL, rgb_sha256 = NULL,
        phash = NULL, phash_hi = NULL, phash_lo = NULL, pixel_width = NULL, pixel_height = NULL, thumb_path = NULL
      RETURNING id`);
    this.updateTuple = db.prepare(
      `UPDATE images SET ${tupleNames.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`,
    );
    this.readTupleJson = db.prepare(
      'SELECT tuple_json, raw_json, warnings_json, reader_version, pixel_state FROM images WHERE id = ?',
    );
    this.requeuePixels = db.prepare(`UPDATE images SET pixel_state = 'pending' WHERE id = ?`);
    this.clearAdapters = db.prepare('DELETE FROM image_adapters WHERE image_id = ?');
    this.insertAdapter = db.prepare(
      'INSERT INTO image_adapters (image_id, kind, name, name_norm, weight, hash) VALUES (?, ?, ?, ?, ?, ?)',
    );
    // The file's SHA-256 is left as it is (a changed file's row had it cleared by the upsert; it is computed when
    // a sidecar needs it), and the RGB digest is kept while the RGBA digest it was computed beside still holds.
    this.pixelsDone = db.prepare(`UPDATE images SET pixel_state = 'done', pixel_error = NULL, file_xxh3 = @fileXxh3,
      rgb_sha256 = CASE WHEN pixel_sha256 = @pixelSha256 THEN coalesce(@rgbSha256, rgb_sha256) ELSE @rgbSha256 END,
      pixel_sha256 = @pixelSha256, phash = @phash, phash_hi = @hi, phash_lo = @lo,
      pixel_width = @width, pixel_height = @height, thumb_path = @thumbnailPath
      WHERE id = @id AND size = @size AND mtime_ms = @mtimeMs`);
    this.pixelsFailed = db.prepare(`UPDATE images SET pixel_state = 'failed', pixel_error = ? WHERE id = ?`);
    this.markMissing = db.prepare(
      `UPDATE images SET state = 'missing', missing_since = coalesce(missing_since, ?) WHERE id = ? AND state <> 'missing'`,
    );
    this.markOnline = db.prepare(`UPDATE images SET state = 'online', missing_since = NULL WHERE id = ?`);
    this.offlineFolder = db.prepare(`UPDATE images SET state = 'offline' WHERE folder_id = ? AND state = 'online'`);
    // '/' is 0x2F and '0' is 0x30: the half-open range is exactly "paths under dir/", and it uses the index.
    this.offlineUnder = db.prepare(
      `UPDATE images SET state = 'offline' WHERE folder_id = ? AND path >= ? || '/' AND path < ? || '0' AND state <> 'offline'`,
    );
    // A twin added shortly BEFORE the original went missing counts too: a move between two roots is seen by two
    // runs (two watchers, or `index B` then `index A`), and the destination's may come first.
    this.missingWithTwin = db.prepare(`SELECT m.id AS oldId, n.id AS newId FROM images m
      JOIN images n ON n.pixel_sha256 = m.pixel_sha256 AND n.state = 'online' AND n.id > m.id AND n.added_at >= m.missing_since - ${MOVE_WINDOW_MS}
      WHERE m.state = 'missing' AND m.pixel_sha256 IS NOT NULL ORDER BY m.id, n.id`);
    // The new row holds its path and timeline until the old row takes them over: park both on unique placeholders.
    this.parkPath = db.prepare(`UPDATE images SET path = 'seedscope-moving:' || id, timeline = -id WHERE id = ?`);
    this.readPath = db.prepare('SELECT path, timeline FROM images WHERE id = ?');
    this.takeOver =
      db.prepare(`UPDATE images SET (${FILE_COLUMNS.join(', ')}) = (SELECT ${FILE_COLUMNS.map(takenColumn).join(', ')} FROM images WHERE id = @newId),
      timeline = @timeline, state = 'online', missing_since = NULL WHERE id = @oldId`);
    this.moveAdapters = db.prepare('UPDATE image_adapters SET image_id = @oldId WHERE image_id = @newId');
    this.deleteImage = db.prepare('DELETE FROM images WHERE id = ?');
    this.deleteMissing = db.prepare(`DELETE FROM images WHERE state = 'missing' AND folder_id = ?`);
    this.slotMax = db.prepare('SELECT max(timeline) FROM images WHERE timeline >= ? AND timeline < ?').pluck();
    this.firstGap = db
      .prepare(`SELECT t.timeline + 1 FROM images t WHERE t.timeline >= ?
      AND NOT EXISTS (SELECT 1 FROM images u WHERE u.timeline = t.timeline + 1) ORDER BY t.timeline LIMIT 1`)
      .pluck();
  }

  /** A free timeline value for a creation time: its millisecond's next slot, or the first gap after it. */
  allocateTimeline(createdAtMs: number): number {
    const base = timelineBase(createdAtMs);
    const max = this.slotMax.get(base, base + TIMELINE_SLOTS) as number | null;
    if (max === null) return base;
    if (max + 1 < base + TIMELINE_SLOTS) return max + 1;
    // More than 1024 files in one millisecond: take the first free value after them (order off by < 1 ms).
    return this.firstGap.get(base) as number;
  }

  /** Insert a new file or refresh a changed one (its pixels become pending again). Returns the row id. */
  writeMetadata(folderId: number, file: FileStamp, report: ImageReport, now: number): number {
    const row = this.upsert.get({
      folder_id: folderId,
      path: file.path,
      size: file.size,
      mtime_ms: file.mtimeMs,
      created_at: file.mtimeMs,
      timeline: this.allocateTimeline(file.mtimeMs),
      added_at: now,
      ...tupleColumns(report),
    }) as { id: number };
    this.writeAdapters(row.id, report.tuple);
    return row.id;
  }

  private writeAdapters(id: number, tuple: GenerationTuple | null): void {
    this.clearAdapters.run(id);
    for (const a of tuple?.adapters ?? []) {
      this.insertAdapter.run(id, a.kind, a.name, normalizeModelName(a.name) ?? a.name.toLowerCase(), a.weight, a.hash);
    }
  }

  /** Stores the pixel pass; ignored when the file changed since it was queued (the next scan re-queues it). */
  writePixels(record: PixelRecord): boolean {
    if (record.report) {
      const stored = this.readTupleJson.get(record.id) as StoredReport | undefined;
      const fresh = tupleColumns(record.report);
      const changed =
        stored &&
        (stored.tuple_json !== fresh.tuple_json ||
          stored.raw_json !== fresh.raw_json ||
          stored.warnings_json !== fresh.warnings_json);
      // An older reader's row re-queued by rereadMetadata takes today's report (and version) even when it agrees.
      if (stored && (changed || stored.reader_version < METADATA_READER_VERSION)) {
        this.storeReport(record.id, record.report, fresh);
      }
    }
    const halves = splitPerceptualHash(record.perceptualHash);
    const result = this.pixelsDone.run({
      ...record,
      report: undefined,
      phash: record.perceptualHash,
      hi: halves?.hi ?? null,
      lo: halves?.lo ?? null,
    });
    return result.changes > 0;
  }

  /**
   * A row an older reader version indexed whose file is unchanged: today's readers' tuple columns, adapters and
   * search text, pixel hashes and thumbnail kept. When the stored report came from the pixel pass (it holds
   * stealth data or a warning that only a decode gives), a metadata-only read would lose it: the row's pixel
   * pass is queued again instead (one decode; the hashes come back identical, the existing thumbnail is kept) and
   * writePixels stores the full report. Returns whether the pixel pass was queued.
   */
  rereadMetadata(id: number, report: ImageReport): boolean {
    const stored = this.readTupleJson.get(id) as StoredReport | undefined;
    if (!stored) return false;
    if (stored.pixel_state === 'done' && cameFromPixelPass(stored, report)) {
      this.requeuePixels.run(id);
      return true;
    }
    this.storeReport(id, report);
    return false;
  }

  /** A pixel pass that failed; `report`: the whole file's metadata, read instead (the indexer's metadata pass may
   *  have stopped at the pixels, counting on the pixel pass's report). */
  writePixelFailure(id: number, reason: string, report: ImageReport | null = null): void {
    this.pixelsFailed.run(reason, id);
    if (report) this.storeReport(id, report);
  }

  /** The report's tuple columns (search text, grade) and adapters over the row's. */
  private storeReport(id: number, report: ImageReport, columns = tupleColumns(report)): void {
    this.updateTuple.run({ ...columns, id });
    this.writeAdapters(id, report.tuple);
  }

  setMissing(id: number, since: number): void {
    this.markMissing.run(since, id);
  }

  setOnline(id: number): void {
    this.markOnline.run(id);
  }

  setFolderOffline(folderId: number): number {
    return this.offlineFolder.run(folderId).changes;
  }

  setOfflineUnder(folderId: number, dir: string): number {
    return this.offlineUnder.run(folderId, dir, dir).changes;
  }

  /** Moves/renames: a missing row whose pixels reappeared under a new path takes that path; the new row goes. */
  reconcileMoves(): number {
    const pairs = this.missingWithTwin.all() as Array<{ oldId: number; newId: number }>;
    const usedOld = new Set<number>();
    const usedNew = new Set<number>();
    let moved = 0;
    for (const { oldId, newId } of pairs) {
      if (usedOld.has(oldId) || usedNew.has(newId)) continue;
      usedOld.add(oldId);
      usedNew.add(newId);
      this.db.transaction(() => {
        const { path, timeline } = this.readPath.get(newId) as { path: string; timeline: number };
        this.parkPath.run(newId);
        this.clearAdapters.run(oldId);
        this.takeOver.run({ oldId, newId, path, timeline });
        this.moveAdapters.run({ oldId, newId });
        this.deleteImage.run(newId);
      })();
      moved++;
    }
    return moved;
  }

  removeMissing(folderId: number): number {
    return this.deleteMissing.run(folderId).changes;
  }
}
