// The timeline and the sweeps over the library. Both need every live image in generation order, so the lean rows
// are read once and the built timeline is kept until the database changes (PRAGMA data_version moves when another
// connection commits, total_changes() when this one writes). A page is then a slice plus one summary read for its
// ids: scrolling a 100k-image timeline does not rebuild it.
import type Database from 'better-sqlite3';
import type { ImageSummary } from '../../shared/library';
import type {
  Sweep,
  SweepQuery,
  TimelineEntry,
  TimelinePage,
  TimelineQuery,
  TimelineSession,
} from '../../shared/timeline';
import { DEFAULT_PAGE, MAX_PAGE, SearchInputError } from './history-query';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './image-row';
import { findSweeps } from './sweeps';
import {
  buildTimeline,
  DEFAULT_SESSION_GAP_MINUTES,
  type TimelineLink,
  type TimelineLora,
  type TimelineRow,
} from './timeline';

interface LeanRow {
  id: number;
  folder_id: number;
  at: number;
  recorded: number;
  model_norm: string | null;
  seed: string | null;
  cfg: number | null;
  steps: number | null;
  sampler_id: string | null;
  scheduler_id: string | null;
  width: number | null;
  height: number | null;
  prompt: string | null;
  negative_prompt: string | null;
  tuple_key: string | null;
  pixel_sha256: string | null;
  phash_hi: number | null;
  phash_lo: number | null;
}

interface Built {
  gapMinutes: number;
  /** Oldest first, parallel to the rows. */
  links: TimelineLink[];
  /** Newest first. */
  sessions: TimelineSession[];
}

export class TimelineQueries {
  private readonly leanRows: Database.Statement;
  private readonly loras: Database.Statement;
  private readonly version: Database.Statement;
  private readonly folderByPath: Database.Statement;
  private cached: { version: string; rows: TimelineRow[]; built: Built | null } | null = null;

  constructor(private readonly db: Database.Database) {
    this.leanRows =
      db.prepare(`SELECT id, folder_id, coalesce(generated_at, created_at) AS at, generated_at IS NOT NULL AS recorded,
      model_norm, seed, cfg, steps, sampler_id, scheduler_id, width, height, prompt, negative_prompt, tuple_key, pixel_sha256,
      phash_hi, phash_lo FROM images WHERE state <> 'missing' ORDER BY at, id`);
    this.loras =
      db.prepare(`SELECT a.image_id, a.name, a.name_norm, a.weight FROM image_adapters a JOIN images i ON i.id = a.image_id
      WHERE a.kind IN ('lora', 'lycoris') AND i.state <> 'missing'`);
    this.version = db.prepare('SELECT total_changes()').pluck();
    this.folderByPath = db.prepare('SELECT id FROM folders WHERE path = ?').pluck();
  }

  private currentVersion(): string {
    return `${String(this.db.pragma('data_version', { simple: true }))}:${String(this.version.get())}`;
  }

  /** The whole library as timeline rows, oldest first (also what the bench measures). */
  readRows(): TimelineRow[] {
    const loras = new Map<number, Map<string, TimelineLora>>();
    for (const r of this.loras.all() as Array<{
      image_id: number;
      name: string;
      name_norm: string;
      weight: number | null;
    }>) {
      let map = loras.get(r.image_id);
      if (!map) loras.set(r.image_id, (map = new Map()));
      map.set(r.name_norm, { name: r.name, weight: r.weight });
    }
    const none = new Map<string, TimelineLora>();
    return (this.leanRows.all() as LeanRow[]).map((r) => ({
      id: r.id,
      folderId: r.folder_id,
      generatedAt: r.at,
      recordedTime: r.recorded === 1,
      modelNorm: r.model_norm,
      seed: r.seed,
      cfg: r.cfg,
      steps: r.steps,
      sampler: r.sampler_id,
      scheduler: r.scheduler_id,
      width: r.width,
      height: r.height,
      prompt: r.prompt,
      negative: r.negative_prompt,
      tupleKey: r.tuple_key,
      pixelSha256: r.pixel_sha256,
      phashHi: r.phash_hi,
      phashLo: r.phash_lo,
      loras: loras.get(r.id) ?? none,
    }));
  }

  /** The rows as of now: read again only when the database changed since the last read. */
  private rows(): { rows: TimelineRow[]; built: Built | null } {
    const version = this.currentVersion();
    if (this.cached?.version !== version) this.cached = { version, rows: this.readRows(), built: null };
    return this.cached;
  }

  private build(gapMinutes: number): { rows: TimelineRow[]; built: Built } {
    const cache = this.rows();
    if (cache.built?.gapMinutes !== gapMinutes) {
      const { links, sessions } = buildTimeline(cache.rows, gapMinutes);
      cache.built = { gapMinutes, links, sessions: sessions.reverse() };
    }
    return { rows: cache.rows, built: cache.built };
  }

  private summaries(ids: number[]): Map<number, ImageSummary> {
    const found = new Map<number, ImageSummary>();
    // Chunks keep each statement under SQLite's bound-parameter limit (a seed sweep can hold a thousand images).
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = this.db
        .prepare(`SELECT ${SUMMARY_COLUMNS} FROM images WHERE id IN (${chunk.map(() => '?').join(',')})`)
        .all(...chunk) as SummaryRow[];
      for (const r of rows) found.set(r.id, toSummary(r));
    }
    return found;
  }

  private folderId(folder: string | number | undefined): number | null {
    if (folder === undefined || folder === '') return null;
    if (typeof folder === 'number') return folder;
    const id = this.folderByPath.get(folder) as number | undefined;
    if (id === undefined) throw new SearchInputError(`folder "${folder}" is not in the library (add it first)`);
    return id;
  }

  page(query: TimelineQuery = {}, gapMinutes = DEFAULT_SESSION_GAP_MINUTES): TimelinePage {
    const limit = query.limit ?? DEFAULT_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
      throw new SearchInputError(`limit must be 1..${MAX_PAGE}`);
    const offset = query.offset ?? 0;
    if (!Number.isInteger(offset) || offset < 0) throw new SearchInputError('offset must be a whole number >= 0');
    const { rows, built } = this.build(gapMinutes);
    const folderId = this.folderId(query.folder);
    const keep = (link: TimelineLink, row: TimelineRow): boolean =>
      (query.sessionId === undefined || link.sessionId === query.sessionId) &&
      (query.since === undefined || link.generatedAt >= query.since) &&
      (query.until === undefined || link.generatedAt < query.until) &&
      (folderId === null || row.folderId === folderId) &&
      (query.changed === undefined || link.changes.some((c) => c.param === query.changed));
    const matching: TimelineLink[] = [];
    for (let i = built.links.length - 1; i >= 0; i--) if (keep(built.links[i], rows[i])) matching.push(built.links[i]);
    const slice = matching.slice(offset, offset + limit);
    const images = this.summaries(slice.map((l) => l.id));
    const items = slice
      .filter((l) => images.has(l.id))
      .map(({ id, ...link }): TimelineEntry => ({ image: images.get(id)!, ...link }));
    return { total: matching.length, offset, items, sessions: built.sessions, sessionGapMinutes: gapMinutes };
  }

  sweeps(query: SweepQuery = {}): Sweep[] {
    const found = findSweeps(this.rows().rows, query.param, query.limit ?? 100);
    const images = this.summaries([...new Set(found.flatMap((s) => s.rows.map((r) => r.id)))]);
    return found.map(({ rows, ...sweep }) => ({
      ...sweep,
      images: rows.map((r) => images.get(r.id)!).filter(Boolean),
    }));
  }
}
