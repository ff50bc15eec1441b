// Near-duplicate lookup by 64-bit perceptual hash: "this picture, stripped of its metadata by a chat app, is
// which of my originals?". The hash halves sit in a compact partial index (images_phash); scanning it is one
// sequential read of 16 bytes per row, then XOR + popcount in JS: ≈ 100 ms at 500k rows, no band tables needed.
import type Database from 'better-sqlite3';
import type { SimilarHit } from '../../shared/library';
import { NEAR_DUPLICATE_BITS } from '../pixels/perceptual-hash';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './image-row';
import { splitPerceptualHash } from './image-writer';

export interface SimilarOptions {
  /** Largest Hamming distance in bits that counts as "the same picture" (default NEAR_DUPLICATE_BITS). */
  maxDistance?: number;
  limit?: number;
  /** The probe's RGBA pixel hash, to flag exact pixel matches. */
  pixelSha256?: string | null;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export class NearDuplicates {
  private readonly scan: Database.Statement;
  private readonly byId: Database.Statement;

  constructor(db: Database.Database) {
    this.scan = db
      .prepare(`SELECT phash_hi, phash_lo, id FROM images INDEXED BY images_phash WHERE phash_hi IS NOT NULL`)
      .raw();
    this.byId = db.prepare(
      `SELECT ${SUMMARY_COLUMNS}, images.pixel_sha256 FROM images WHERE images.id = ? AND images.state <> 'missing'`,
    );
  }

  find(perceptualHash: string, options: SimilarOptions = {}): SimilarHit[] {
    const probe = splitPerceptualHash(perceptualHash);
    if (!probe) throw new RangeError(`not a 16-hex-digit perceptual hash: "${perceptualHash}"`);
    const maxDistance = options.maxDistance ?? NEAR_DUPLICATE_BITS;
    const found: Array<{ id: number; distance: number }> = [];
    for (const row of this.scan.iterate() as IterableIterator<[number, number, number]>) {
      const distance = popcount32(row[0] ^ probe.hi) + popcount32(row[1] ^ probe.lo);
      if (distance <= maxDistance) found.push({ id: row[2], distance });
    }
    found.sort((a, b) => a.distance - b.distance || b.id - a.id);
    const hits: SimilarHit[] = [];
    for (const { id, distance } of found.slice(0, options.limit ?? 50)) {
      const row = this.byId.get(id) as (SummaryRow & { pixel_sha256: string | null }) | undefined;
      if (!row) continue;
      hits.push({
        image: toSummary(row),
        distance,
        samePixels: Boolean(options.pixelSha256) && row.pixel_sha256 === options.pixelSha256,
      });
    }
    return hits;
  }
}
