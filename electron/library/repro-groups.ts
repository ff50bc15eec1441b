// Reproducibility groups: images that share a tuple key (same model, seed, sampler, scheduler, steps, cfg, size,
// prompt bytes and adapters) and whether their decoded pixels agree. Groups that disagree come first: those are
// the "same seed, different image" cases the seed guide is about.
import type Database from 'better-sqlite3';
import type { ReproGroup } from '../../shared/library';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './image-row';

interface GroupRow {
  tuple_key: string;
  count: number;
  distinct_pixels: number;
  distinct_rgb: number;
}

export interface GroupOptions {
  /** Only groups whose pixels differ. */
  disagreeingOnly?: boolean;
  /** Most groups returned (default 200). */
  limit?: number;
}

export class ReproGroups {
  private readonly groups: Database.Statement;
  private readonly members: Database.Statement;

  constructor(db: Database.Database) {
    // The RGB digest is filled in only for groups whose RGBA digests disagree, after the pixel pass (lazy-digests.ts).
    // Until then a member counts by its RGBA digest, so distinct_rgb is an upper bound and a group is called
    // "alpha differs only" only when every member's RGB digest is known and equal.
    this.groups = db.prepare(`SELECT tuple_key, count(*) AS count, count(DISTINCT pixel_sha256) AS distinct_pixels,
        count(DISTINCT coalesce(rgb_sha256, 'rgba:' || pixel_sha256)) AS distinct_rgb
      FROM images WHERE tuple_key IS NOT NULL AND state <> 'missing'
      GROUP BY tuple_key HAVING count(*) > 1
      ORDER BY (count(DISTINCT pixel_sha256) > 1) DESC, count(*) DESC, tuple_key
      LIMIT ?`);
    this.members = db.prepare(`SELECT ${SUMMARY_COLUMNS}, images.pixel_sha256 FROM images
      WHERE images.tuple_key = ? AND images.state <> 'missing' ORDER BY images.timeline DESC`);
  }

  list(options: GroupOptions = {}): ReproGroup[] {
    const rows = this.groups.all(options.limit ?? 200) as GroupRow[];
    const out: ReproGroup[] = [];
    for (const row of rows) {
      const pixelsAgree = row.distinct_pixels <= 1;
      if (options.disagreeingOnly && pixelsAgree) continue;
      const members = this.members.all(row.tuple_key) as SummaryRow[];
      const first = members[0];
      out.push({
        tupleKey: row.tuple_key,
        count: row.count,
        distinctPixelHashes: row.distinct_pixels,
        distinctRgbHashes: row.distinct_rgb,
        pixelsAgree,
        model: first?.model ?? null,
        seed: first?.seed ?? null,
        samplerId: first?.sampler_id ?? null,
        schedulerId: first?.scheduler_id ?? null,
        steps: first?.steps ?? null,
        cfg: first?.cfg ?? null,
        width: first?.width ?? null,
        height: first?.height ?? null,
        promptPreview: first?.prompt_preview ?? null,
        images: members.map(toSummary),
      });
    }
    return out;
  }
}
