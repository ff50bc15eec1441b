// The digests the index does not compute for every image, filled in where they change an answer:
// - the RGB-only SHA-256 tells "alpha differs only" (Forge's stealth writer rewrites alpha alone) in a
//   reproducibility group whose RGBA digests disagree, so after a pixel pass the members of such groups get one
//   decode each for it (and nobody else does);
// - the file's SHA-256 is what a sidecar carries: stored when an export computes it, so it is computed once.
// Every write checks the row still describes the same file (size, mtime) and pixels (RGBA digest).
import type Database from 'better-sqlite3';
import type { SidecarRecord } from '../../shared/sidecar';

export interface RgbFillRow {
  id: number;
  path: string;
  size: number;
  mtime_ms: number;
}

/** The row as the library held it when a record was built from it (ImageDetail's fields). */
export interface DigestedRow {
  id: number;
  size: number;
  mtimeMs: number;
  pixelSha256: string | null;
}

export class LazyDigests {
  private readonly fillCandidates: Database.Statement;
  private readonly rgbDigest: Database.Statement;
  private readonly fileDigest: Database.Statement;

  constructor(db: Database.Database) {
    // Groups touched by the given rows whose RGBA digests disagree, and their members still without an RGB digest.
    this.fillCandidates = db.prepare(`WITH touched AS (
        SELECT DISTINCT tuple_key FROM images WHERE id IN (SELECT value FROM json_each(?)) AND tuple_key IS NOT NULL),
      disagreeing AS (
        SELECT t.tuple_key FROM touched t JOIN images g ON g.tuple_key = t.tuple_key
        WHERE g.pixel_sha256 IS NOT NULL AND g.state <> 'missing'
        GROUP BY t.tuple_key HAVING count(DISTINCT g.pixel_sha256) > 1)
      SELECT i.id, i.path, i.size, i.mtime_ms FROM disagreeing d JOIN images i ON i.tuple_key = d.tuple_key
      WHERE i.rgb_sha256 IS NULL AND i.pixel_state = 'done' AND i.state = 'online' ORDER BY i.id`);
    this.rgbDigest = db.prepare(`UPDATE images SET rgb_sha256 = @rgbSha256
      WHERE id = @id AND pixel_sha256 = @pixelSha256 AND size = @size AND mtime_ms = @mtimeMs`);
    this.fileDigest = db.prepare(`UPDATE images SET
        file_sha256 = coalesce(file_sha256, @fileSha256),
        rgb_sha256 = coalesce(rgb_sha256, CASE WHEN pixel_sha256 = @pixelSha256 THEN @rgbSha256 END)
      WHERE id = @id AND size = @size AND mtime_ms = @mtimeMs`);
  }

  /** Rows that need their RGB digest because a group the given rows belong to disagrees on pixels. */
  rgbFillFor(ids: number[]): RgbFillRow[] {
    if (ids.length === 0) return [];
    return this.fillCandidates.all(JSON.stringify(ids)) as RgbFillRow[];
  }

  writeRgbDigest(
    row: { id: number; size: number; mtimeMs: number },
    digests: { pixelSha256: string; rgbSha256: string },
  ): boolean {
    return this.rgbDigest.run({ ...row, ...digests }).changes > 0;
  }

  /** Keeps what a sidecar record computed for a row that lacked it: the file's SHA-256, and the RGB digest when
   *  the record's RGBA digest is the row's. A record of a file that changed since (other size or mtime) is ignored. */
  storeFromRecord(row: DigestedRow, record: SidecarRecord): boolean {
    if (record.image.byteLength !== row.size) return false;
    return (
      this.fileDigest.run({
        id: row.id,
        size: row.size,
        mtimeMs: row.mtimeMs,
        fileSha256: record.image.fileSha256,
        pixelSha256: record.pixels?.sha256 ?? null,
        rgbSha256: record.pixels?.rgbSha256 ?? null,
      }).changes > 0
    );
  }
}
