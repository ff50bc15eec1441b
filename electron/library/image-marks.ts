// The person's marks on an image: favourite, a 0-5 star rating, free tags. Kept in the library only (the image
// file is never touched); the XMP sidecar export writes them as xmp:Rating and dc:subject.
import type Database from 'better-sqlite3';
import type { ImageMarksChange } from '../../shared/library';

export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 64;

export interface ImageMarks {
  favourite: boolean;
  rating: number;
  tags: string[];
}

export class MarksInputError extends Error {}

/** How tags compare: case and surrounding/inner runs of spaces do not make a different tag. */
export function normalizeTag(tag: string): string {
  return cleanTag(tag).toLowerCase();
}

function cleanTag(tag: string): string {
  return tag.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** Cleans tags as typed (spaces, duplicates differing only in case), or says which one is not a tag. */
export function cleanTags(tags: readonly string[]): string[] {
  const byNorm = new Map<string, string>();
  for (const raw of tags) {
    const tag = cleanTag(raw);
    if (!tag) continue;
    if (/\p{Cc}/u.test(tag))
      throw new MarksInputError(`tag "${tag.replace(/\p{Cc}/gu, '?')}" contains a control character`);
    if ([...tag].length > MAX_TAG_LENGTH)
      throw new MarksInputError(`tag "${tag.slice(0, 20)}…" is longer than ${MAX_TAG_LENGTH} characters`);
    if (!byNorm.has(tag.toLowerCase())) byNorm.set(tag.toLowerCase(), tag);
  }
  if (byNorm.size > MAX_TAGS) throw new MarksInputError(`at most ${MAX_TAGS} tags per image (got ${byNorm.size})`);
  return [...byNorm.values()];
}

export class ImageMarksStore {
  private readonly readMarks: Database.Statement;
  private readonly readTags: Database.Statement;
  private readonly upsertMarks: Database.Statement;
  private readonly clearTags: Database.Statement;
  private readonly insertTag: Database.Statement;
  private readonly exists: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.readMarks = db.prepare('SELECT favourite, rating FROM image_marks WHERE image_id = ?');
    this.readTags = db.prepare('SELECT tag FROM image_tags WHERE image_id = ? ORDER BY tag_norm');
    this.upsertMarks =
      db.prepare(`INSERT INTO image_marks (image_id, favourite, rating, updated_at) VALUES (@id, @favourite, @rating, @now)
      ON CONFLICT(image_id) DO UPDATE SET favourite = excluded.favourite, rating = excluded.rating, updated_at = excluded.updated_at`);
    this.clearTags = db.prepare('DELETE FROM image_tags WHERE image_id = ?');
    this.insertTag = db.prepare('INSERT INTO image_tags (image_id, tag, tag_norm) VALUES (?, ?, ?)');
    this.exists = db.prepare('SELECT 1 FROM images WHERE id = ?').pluck();
  }

  get(imageId: number): ImageMarks {
    const row = this.readMarks.get(imageId) as { favourite: number; rating: number } | undefined;
    const tags = this.readTags.pluck().all(imageId) as string[];
    return { favourite: row?.favourite === 1, rating: row?.rating ?? 0, tags };
  }

  /** Null when no such image. Throws MarksInputError for a rating outside 0-5 or a tag that is not one. */
  set(imageId: number, change: ImageMarksChange): ImageMarks | null {
    if (change.rating !== undefined && (!Number.isInteger(change.rating) || change.rating < 0 || change.rating > 5)) {
      throw new MarksInputError(`rating must be 0 to 5 stars (got ${change.rating})`);
    }
    const tags = change.tags === undefined ? undefined : cleanTags(change.tags);
    return this.db.transaction((): ImageMarks | null => {
      if (!this.exists.get(imageId)) return null;
      const current = this.get(imageId);
      const favourite = change.favourite ?? current.favourite;
      const rating = change.rating ?? current.rating;
      this.upsertMarks.run({ id: imageId, favourite: favourite ? 1 : 0, rating, now: Date.now() });
      if (tags) {
        this.clearTags.run(imageId);
        for (const tag of tags) this.insertTag.run(imageId, tag, tag.toLowerCase());
      }
      return this.get(imageId);
    })();
  }

  /** Every tag in the library with its image count, most used first (the filter's list). */
  allTags(limit = 300): Array<{ value: string; count: number }> {
    return this.db
      .prepare(
        `SELECT min(tag) AS value, count(*) AS count FROM image_tags GROUP BY tag_norm ORDER BY 2 DESC, 1 LIMIT ?`,
      )
      .all(limit) as Array<{ value: string; count: number }>;
  }
}
