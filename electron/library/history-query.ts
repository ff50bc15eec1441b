// History: newest first, keyset paging (OFFSET costs 25x at depth, performance-notes.md), filters, and prompt
// full-text search through the external-content FTS5 index.
//
// Full text meets "newest first" through the timeline column: it orders images newest first AND is the FTS
// rowid, so FTS5 hands out matches already in page order (ORDER BY rowid DESC is native to it) and the query
// stops after one page. Measured before this design, at 200k rows: collecting a common word's matches and
// sorting them cost 75-250 ms, probing FTS by rowid from the gallery index 0.3 ms per row.
import type Database from 'better-sqlite3';
import type { ImageSummary, SearchFilters, SearchPage, SearchQuery } from '../../shared/library';
import { matchedFieldsQuery, SEARCH_COLUMNS, toFtsQuery } from './fts-query';
import { normalizeTag } from './image-marks';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './image-row';
import { timelineBase } from './image-writer';
import { normalizeModelName } from './tuple-key';
import { StatementCache } from './statement-cache';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 500;

export class SearchInputError extends Error {}

export function encodeCursor(timeline: number): string {
  return Buffer.from(`t${timeline}`, 'utf8').toString('base64url');
}

export function decodeCursor(text: string): number {
  const match = /^t(-?\d+)$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) throw new SearchInputError('invalid cursor (use the nextCursor of the previous page)');
  return Number(match[1]);
}

type Params = Record<string, string | number>;

export function filterClauses(filters: SearchFilters, params: Params): string[] {
  // The model facet lists names whose hash agrees as one entry, `hash:<h>`: the filter accepts what it shows.
  if (filters.model?.startsWith('hash:'))
    filters = { ...filters, model: undefined, modelHash: filters.model.slice('hash:'.length) };
  const where: string[] = [filters.includeOffline === false ? `images.state = 'online'` : `images.state <> 'missing'`];
  const text = (key: keyof SearchFilters, clause: string, value: string | null): void => {
    if (filters[key] === undefined || filters[key] === '') return;
    if (value === null) throw new SearchInputError(`--${key}: nothing to match in "${String(filters[key])}"`);
    params[key] = value;
    where.push(clause);
  };
  // The set filters below test membership with `+images.id IN (...)`: the unary plus keeps SQLite from driving the
  // query by the id list (it looked up each of a common LoRA's 180k images, then sorted them: 9 s at 1M rows, 6 s with
  // a word); as a filter, the list is built once and the newest-first scan stops at one page (20-90 ms).
  text('generator', 'images.generator = @generator', filters.generator?.toLowerCase() ?? null);
  text('model', 'images.model_norm = @model', normalizeModelName(filters.model));
  text('modelHash', 'images.model_hash = @modelHash', filters.modelHash?.toLowerCase() ?? null);
  text(
    'sampler',
    '(images.sampler_id = @sampler OR lower(images.sampler) = @sampler)',
    filters.sampler?.toLowerCase() ?? null,
  );
  text('scheduler', 'images.scheduler_id = @scheduler', filters.scheduler?.toLowerCase() ?? null);
  text('seed', 'images.seed = @seed', filters.seed?.trim() ?? null);
  text(
    'lora',
    '+images.id IN (SELECT image_id FROM image_adapters WHERE name_norm = @lora)',
    normalizeModelName(filters.lora),
  );
  text('grade', 'images.grade = @grade', filters.grade ?? null);
  text(
    'tag',
    '+images.id IN (SELECT image_id FROM image_tags WHERE tag_norm = @tag)',
    filters.tag ? normalizeTag(filters.tag) || null : null,
  );
  if (filters.favourite === true) where.push('+images.id IN (SELECT image_id FROM image_marks WHERE favourite = 1)');
  if (filters.minRating !== undefined) {
    if (!Number.isInteger(filters.minRating) || filters.minRating < 1 || filters.minRating > 5)
      throw new SearchInputError('minRating must be 1 to 5 stars');
    params.minRating = filters.minRating;
    where.push('+images.id IN (SELECT image_id FROM image_marks WHERE rating >= @minRating)');
  }
  const numeric = (key: keyof SearchFilters, clause: string): void => {
    const value = filters[key];
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new SearchInputError(`${key} must be a number`);
    params[key] = value;
    where.push(clause);
  };
  numeric('steps', 'images.steps = @steps');
  numeric('cfgMin', 'images.cfg >= @cfgMin');
  numeric('cfgMax', 'images.cfg <= @cfgMax');
  numeric('width', 'images.width = @width');
  numeric('height', 'images.height = @height');
  numeric('since', 'images.timeline >= @since');
  numeric('until', 'images.timeline < @until');
  if (params.since !== undefined) params.since = timelineBase(params.since as number);
  if (params.until !== undefined) params.until = timelineBase(params.until as number);
  if (typeof filters.folder === 'number') {
    params.folderId = filters.folder;
    where.push('images.folder_id = @folderId');
  } else if (filters.folder) {
    params.folderPath = filters.folder;
    where.push('images.folder_id = (SELECT id FROM folders WHERE path = @folderPath)');
  }
  return where;
}

export interface HistoryPlan {
  sql: string;
  params: Params;
  limit: number;
}

/** Where a search's rows come from: FROM, the WHERE terms, and the newest-first key its results are ordered by. */
export interface SearchSource {
  from: string;
  where: string[];
  key: string;
  params: Params;
}

/** The source of a search's rows, or null when the text has no searchable word (then nothing matches). */
export function searchSource(text: string | undefined, filters: SearchFilters): SearchSource | null {
  const params: Params = {};
  const where = filterClauses(filters, params);
  if (text === undefined || text.trim() === '') return { from: 'images', where, key: 'images.timeline', params };
  const match = toFtsQuery(text);
  if (match === null) return null;
  params.match = match;
  // The order and any bound go on the FTS rowid (the same value as timeline): FTS5 hands out its matches by rowid
  // and starts its match list at the bound, where a bound on images.timeline made it stream every newer match
  // first (13 s for a page half-way down 861k matches).
  return {
    from: 'images_fts JOIN images ON images.timeline = images_fts.rowid',
    where: ['images_fts MATCH @match', ...where],
    key: 'images_fts.rowid',
    params,
  };
}

/** Builds the page query, or null when the text has no searchable word (then nothing matches). */
export function planHistoryQuery(query: SearchQuery): HistoryPlan | null {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const source = searchSource(query.text, query.filters ?? {});
  if (!source) return null;
  const { params, where, key } = source;
  const limit = Math.max(1, Math.min(MAX_PAGE, Math.trunc(query.limit ?? DEFAULT_PAGE)));
  params.limit = limit + 1;
  if (cursor !== null) {
    params.cursor = cursor;
    where.push(`${key} < @cursor`);
  }
  const sql = `SELECT ${SUMMARY_COLUMNS} FROM ${source.from} WHERE ${where.join(' AND ')} ORDER BY ${key} DESC LIMIT @limit`;
  return { sql, params, limit };
}

export class HistoryQueries {
  private readonly statements: StatementCache;

  constructor(private readonly db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  plan(query: SearchQuery): HistoryPlan | null {
    return planHistoryQuery(query);
  }

  search(query: SearchQuery): SearchPage {
    const plan = this.plan(query);
    if (!plan) return { items: [], nextCursor: null, offset: query.cursor ? null : 0 };
    const rows = this.statements.get(plan.sql).all(plan.params) as SummaryRow[];
    const page = rows.slice(0, plan.limit);
    const items: ImageSummary[] = page.map(toSummary);
    if (query.text && items.length) this.markMatchedFields(query.text, page, items);
    const last = page[page.length - 1];
    return {
      items,
      nextCursor: rows.length > plan.limit && last ? encodeCursor(last.timeline) : null,
      offset: query.cursor ? null : 0,
    };
  }

  /**
   * Names on each hit the fields its words were found in: the page's rows are copied into a temporary FTS5 table
   * with the same tokenizer and each field's query runs there. Asked of the library's own index (`MATCH … AND
   * rowid IN (page)`), a field the word is not in cost a walk of the word's whole match list: 5-8 s per field for
   * a page half-way down a word in 861k of 1M prompts.
   */
  private markMatchedFields(text: string, rows: SummaryRow[], items: ImageSummary[]): void {
    const timelines = JSON.stringify(rows.map((r) => r.timeline));
    const byTimeline = new Map(rows.map((r, i) => [r.timeline, items[i]]));
    const columns = SEARCH_COLUMNS.map((c) => c.name).join(', ');
    this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.page_fts USING fts5(${columns},
      tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`);
    this.statements.get('DELETE FROM temp.page_fts').run();
    this.statements
      .get(`INSERT INTO temp.page_fts (rowid, ${columns}) SELECT rowid, ${columns} FROM images_fts
        WHERE rowid IN (SELECT value FROM json_each(@timelines))`)
      .run({ timelines });
    for (const column of SEARCH_COLUMNS) {
      const match = matchedFieldsQuery(text, column.name);
      if (!match) return;
      const sql = 'SELECT rowid FROM temp.page_fts WHERE page_fts MATCH @match';
      for (const timeline of this.statements.get(sql).pluck().all({ match }) as number[]) {
        const item = byTimeline.get(timeline);
        if (item) (item.matchedIn ??= []).push(column.field);
      }
    }
  }

  explain(query: SearchQuery): string[] {
    const plan = this.plan(query);
    if (!plan) return [];
    const rows = this.db.prepare(`EXPLAIN QUERY PLAN ${plan.sql}`).all(plan.params) as Array<{ detail: string }>;
    return rows.map((r) => r.detail);
  }
}
