// History: newest first, keyset paging (OFFSET costs 25x at depth, performance-notes.md), filters, and prompt
// full-text search through the external-content FTS5 index.
//
// Full text meets "newest first" in two ways. A rare word: its matches are collected from FTS (a few thousand
// rowids at most) and the gallery index is walked with a membership test. A common word (more matches than
// FTS_SET_LIMIT): collecting every match would cost hundreds of ms at 1M rows, but walking the gallery index
// finds the page within a few hundred rows, probing FTS by rowid for each. A bounded count picks the way.
import type Database from 'better-sqlite3';
import type { ImageSummary, SearchFilters, SearchPage, SearchQuery } from '../../shared/library';
import { toFtsQuery } from './fts-query';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './image-row';
import { normalizeModelName } from './tuple-key';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 500;
/** Above this many matches the gallery-index walk with per-row FTS probes is the faster plan (measured in bench). */
export const FTS_SET_LIMIT = 20_000;

export class SearchInputError extends Error {}

interface Cursor {
  createdAt: number;
  id: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt}:${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  const match = /^(-?\d+):(\d+)$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) throw new SearchInputError('invalid cursor (use the nextCursor of the previous page)');
  return { createdAt: Number(match[1]), id: Number(match[2]) };
}

type Params = Record<string, string | number>;

export function filterClauses(filters: SearchFilters, params: Params): string[] {
  const where: string[] = [filters.includeOffline === false ? `images.state = 'online'` : `images.state <> 'missing'`];
  const text = (key: keyof SearchFilters, clause: string, value: string | null): void => {
    if (filters[key] === undefined || filters[key] === '') return;
    if (value === null) throw new SearchInputError(`--${key}: nothing to match in "${String(filters[key])}"`);
    params[key] = value;
    where.push(clause);
  };
  text('generator', 'images.generator = @generator', filters.generator?.toLowerCase() ?? null);
  text('model', 'images.model_norm = @model', normalizeModelName(filters.model));
  text('modelHash', 'images.model_hash = @modelHash', filters.modelHash?.toLowerCase() ?? null);
  text('sampler', '(images.sampler_id = @sampler OR lower(images.sampler) = @sampler)', filters.sampler?.toLowerCase() ?? null);
  text('scheduler', 'images.scheduler_id = @scheduler', filters.scheduler?.toLowerCase() ?? null);
  text('seed', 'images.seed = @seed', filters.seed?.trim() ?? null);
  text('lora', 'images.id IN (SELECT image_id FROM image_adapters WHERE name_norm = @lora)', normalizeModelName(filters.lora));
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
  numeric('since', 'images.created_at >= @since');
  numeric('until', 'images.created_at < @until');
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

/** Builds the page query; `countMatches` answers "more than FTS_SET_LIMIT matches?" for a MATCH expression. */
export function planHistoryQuery(query: SearchQuery, countMatches: (match: string) => number): HistoryPlan | null {
  const params: Params = {};
  const where = filterClauses(query.filters ?? {}, params);
  const limit = Math.max(1, Math.min(MAX_PAGE, Math.trunc(query.limit ?? DEFAULT_PAGE)));
  if (query.text !== undefined && query.text.trim() !== '') {
    const match = toFtsQuery(query.text);
    if (match === null) return null;
    params.match = match;
    const common = countMatches(match) > FTS_SET_LIMIT;
    where.push(
      common
        ? 'EXISTS (SELECT 1 FROM images_fts WHERE images_fts MATCH @match AND images_fts.rowid = images.id)'
        : 'images.id IN (SELECT rowid FROM images_fts WHERE images_fts MATCH @match)',
    );
  }
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    params.cursorAt = cursor.createdAt;
    params.cursorId = cursor.id;
    where.push('(images.created_at, images.id) < (@cursorAt, @cursorId)');
  }
  params.limit = limit + 1;
  const sql = `SELECT ${SUMMARY_COLUMNS} FROM images WHERE ${where.join(' AND ')}
    ORDER BY images.created_at DESC, images.id DESC LIMIT @limit`;
  return { sql, params, limit };
}

export class HistoryQueries {
  private readonly cache = new Map<string, Database.Statement>();
  private readonly countStatement: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.countStatement = db.prepare(`SELECT count(*) FROM (SELECT rowid FROM images_fts WHERE images_fts MATCH ? LIMIT ${FTS_SET_LIMIT + 1})`).pluck();
  }

  private statement(sql: string): Database.Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      // The shapes are few (one per combination of filters used), so each is prepared once and kept.
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }

  plan(query: SearchQuery): HistoryPlan | null {
    return planHistoryQuery(query, (match) => this.countStatement.get(match) as number);
  }

  search(query: SearchQuery): SearchPage {
    const plan = this.plan(query);
    if (!plan) return { items: [], nextCursor: null };
    const rows = this.statement(plan.sql).all(plan.params) as SummaryRow[];
    const items: ImageSummary[] = rows.slice(0, plan.limit).map(toSummary);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > plan.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
  }

  explain(query: SearchQuery): string[] {
    const plan = this.plan(query);
    if (!plan) return [];
    const rows = this.db.prepare(`EXPLAIN QUERY PLAN ${plan.sql}`).all(plan.params) as Array<{ detail: string }>;
    return rows.map((r) => r.detail);
  }
}
