// A search's total and the timeline at position n, straight from SQL: what the read worker answers while no
// snapshot exists yet (its first one takes seconds at 1M rows, and a scroll jump must not wait for it). The where
// clause and the FTS join are the SQL search's own (history-query.ts), so the answers are exact, the same as the
// cursor walk. At 1M rows a bare count reads migration 0900's covering index (about 90 ms); an OFFSET walks it.
import type Database from 'better-sqlite3';
import type { SearchFilters } from '../../shared/library';
import { type SearchSource, searchSource } from './history-query';

const whereOf = (source: SearchSource): string => `${source.from} WHERE ${source.where.join(' AND ')}`;

export function sqlCount(db: Database.Database, text: string | undefined, filters: SearchFilters): number {
  const source = searchSource(text, filters);
  if (!source) return 0;
  return db
    .prepare(`SELECT count(*) FROM ${whereOf(source)}`)
    .pluck()
    .get(source.params) as number;
}

/** The timeline of the image at `offset` in the search's results, newest first; null past the end. */
export function sqlPosition(
  db: Database.Database,
  text: string | undefined,
  filters: SearchFilters,
  offset: number,
): number | null {
  const source = searchSource(text, filters);
  if (!source) return null;
  const sql = `SELECT images.timeline FROM ${whereOf(source)} ORDER BY ${source.key} DESC LIMIT 1 OFFSET @offset`;
  return (
    (db
      .prepare(sql)
      .pluck()
      .get({ ...source.params, offset: Math.max(0, Math.trunc(offset)) }) as number) ?? null
  );
}
