// Moves and renames matched by the file's bytes, before any decode. A new path whose size equals that of a row
// gone missing in this scan (or an earlier one) is read whole and hashed: when its XXH3-128 (or, for a row indexed
// before file identities existed, its SHA-256) is the missing row's, that row takes the new path and keeps its
// id, added_at, note, marks, pixel hashes and thumbnail; only its metadata is re-read (sidecars beside the new
// path may differ). The metadata pass reads only the metadata-bearing parts of a file, so the whole read is paid
// only by same-size candidates: a cold index has no missing rows and reads nothing more.
// Rows with no digest at all (pixel pass not done) are matched after their decode by pixel SHA-256, as before
// (ImageWriter.reconcileMoves), and so is a copy that appeared before its original went missing.
import type Database from 'better-sqlite3';
import type { ImageReport } from '../../shared/image-report';
import { fileSha256, fileXxh3 } from '../images/file-identity';
import type { FileStamp, ImageWriter } from './image-writer';

interface MissingRow {
  id: number;
  size: number;
  file_xxh3: string | null;
  file_sha256: string | null;
}

export class MovedFileMatcher {
  private readonly bySize = new Map<number, MissingRow[]>();
  private readonly taken = new Set<number>();
  private readonly moveRow: Database.Statement;
  private readonly readCreated: Database.Statement;
  /** Rows moved by this matcher (for the run's summary). */
  moved = 0;

  constructor(
    db: Database.Database,
    private readonly writer: ImageWriter,
  ) {
    const rows = db
      .prepare(`SELECT id, size, file_xxh3, file_sha256 FROM images WHERE state = 'missing' AND pixel_state = 'done'
        AND (file_xxh3 IS NOT NULL OR file_sha256 IS NOT NULL)`)
      .all() as MissingRow[];
    for (const row of rows) {
      const same = this.bySize.get(row.size);
      if (same) same.push(row);
      else this.bySize.set(row.size, [row]);
    }
    this.moveRow = db.prepare(`UPDATE images SET folder_id = @folderId, path = @path, size = @size,
      mtime_ms = @mtimeMs, created_at = @mtimeMs, timeline = @timeline, file_xxh3 = @xxh3, state = 'online',
      missing_since = NULL WHERE id = @id`);
    this.readCreated = db.prepare('SELECT created_at, timeline FROM images WHERE id = ?');
  }

  /** Worth reading whole: a missing row not yet matched has this size. */
  isCandidate(size: number): boolean {
    return this.bySize.get(size)?.some((row) => !this.taken.has(row.id)) ?? false;
  }

  /** The missing row whose file these bytes are, claimed for this file; null when none is. */
  async match(bytes: Uint8Array): Promise<{ id: number; xxh3: string } | null> {
    if (!this.isCandidate(bytes.length)) return null;
    const xxh3 = await fileXxh3(bytes);
    // Read after the await: another file of the same run may have claimed a row meanwhile.
    const rows = (this.bySize.get(bytes.length) ?? []).filter((row) => !this.taken.has(row.id));
    let found = rows.find((row) => row.file_xxh3 === xxh3);
    if (!found && rows.some((row) => row.file_xxh3 === null)) {
      const sha = fileSha256(bytes);
      found = rows.find((row) => row.file_xxh3 === null && row.file_sha256 === sha);
    }
    if (!found) return null;
    this.taken.add(found.id);
    return { id: found.id, xxh3 };
  }

  /**
   * The missing row takes the file's path (inside the caller's transaction); its metadata is re-read as for a row
   * an older reader wrote. Returns whether its pixel pass had to be queued again (stealth data, ImageWriter).
   */
  apply(match: { id: number; xxh3: string }, folderId: number, file: FileStamp, report: ImageReport): boolean {
    const before = this.readCreated.get(match.id) as { created_at: number; timeline: number } | undefined;
    if (!before) return false;
    // `mv` keeps the mtime and with it the row's place in the timeline; a copy made now moves it.
    const timeline = before.created_at === file.mtimeMs ? before.timeline : this.writer.allocateTimeline(file.mtimeMs);
    this.moveRow.run({ id: match.id, folderId, ...file, timeline, xxh3: match.xxh3 });
    this.moved++;
    return this.writer.rereadMetadata(match.id, report);
  }
}
