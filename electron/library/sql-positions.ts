// A search's total and the timeline at position n, straight from SQL: what the read worker answers while no
// snapshot exists yet (its first one takes seconds at 1M rows, and a scroll jump must not wait for it). The where
// clause and the FTS join are the SQL search's own (history-query.ts), so the answers are exact, the same as the
// cursor walk. At 1M rows a bare count reads migration 0900's covering index (about 90 ms); an OFFSET walks it.
import type Database from 'better-sqlite3';
import type { SearchFilters } from '../../shared/library';
import { toFtsQuery } from './fts-query';
import { filterClauses } from './history-query';

type Params = Record<string, string | number>;

/** The FROM/WHERE of a search, or null when its text has no searchable word (nothing matches). */
function searchFrom(
  text: string | undefined,
  filters: SearchFilters,
): { from: string; order: string; params: Params } | null {
  const params: Params = {};
  const where = filterClauses(filters, params).join(' AND ');
  if (text === undefined || text.trim() === '')
    return { from: `images WHERE ${where}`, order: 'images.timeline', params };
  const match = toFtsQuery(text);
  if (match === null) return null;
  params.match = match;
  return {
    from: `images_fts JOIN images ON images.timeline = images_fts.rowid WHERE images_fts MATCH @match AND ${where}`,
    // FTS5 hands out its matches by rowid (= timeline) natively: ordering by it keeps the walk in the index.
    order: 'images_fts.rowid',
    params,
  };
}

export function sqlCount(db: Database.Database, text: string | undefined, filters: SearchFilters): number {
  const search = searchFrom(text, filters);
  if (!search) return 0;
  return db.prepare(`SELECT count(*) FROM ${search.from}`).pluck().get(search.params) as number;
}

/** The timeline of the image at `offset` in the search's results, newest first; null past the end. */
export function sqlPosition(
  db: Database.Database,
  text: string | undefined,
  filters: SearchFilters,
  offset: number,
): number | null {
  const search = searchFrom(text, filters);
  if (!search) return null;
  const sql = `SELECT images.timeline FROM ${search.from} ORDER BY ${search.order} DESC LIMIT 1 OFFSET @offset`;
  return (
    (db
      .prepare(sql)
      .pluck()
      .get({ ...search.params, offset: Math.max(0, Math.trunc(offset)) }) as number) ?? null
  );
}
