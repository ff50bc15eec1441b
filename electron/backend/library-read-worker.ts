// The library's heavy reads, in a worker thread on its own read-only connection to the same WAL database: facet
// counts, result counts and "which image sits at position n". At 1M rows the facet counts once took 9.2 s on the
// request thread and every other request waited behind them; here they wait for nothing but each other.
// Answers come from a LibrarySnapshot built once per database version. A small library's snapshot is rebuilt before
// answering after any change (exact counts). A big one's is rebuilt in steps on a second connection while the last
// one keeps answering (marked stale), at most every COOLDOWN_BUILDS build-times (a running index commits every
// moment), and the owner is told when the fresh one is in, so the renderer asks again.
// Until the first snapshot is in (seconds at 1M rows), counts and positions are answered from SQL on the answering
// connection (exact, source 'sql'): a scroll jump right after open must not wait for the build. Facets wait for it.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { Facets } from '../../shared/contract';
import type { SearchFilters } from '../../shared/library';
import { SearchInputError } from '../library/history-query';
import { buildLibrarySnapshotInSteps, type LibrarySnapshot } from '../library/library-snapshot';
import { snapshotFacets, snapshotPositions } from '../library/snapshot-queries';
import { sqlCount, sqlPosition } from '../library/sql-positions';

export type ReadRequest =
  | { kind: 'facets'; filters: SearchFilters }
  | { kind: 'count'; text?: string; filters: SearchFilters }
  | { kind: 'position'; text?: string; filters: SearchFilters; offset: number };

export type ReadMessage =
  | { seq: number; ok: true; value: unknown; stale: boolean; source: AnswerSource }
  | { seq: number; ok: false; message: string; input: boolean }
  | { refreshed: true };

/** Where an answer came from: the snapshot (maybe stale), or SQL while no snapshot exists (exact). */
export type AnswerSource = 'snapshot' | 'sql';

export interface ReadWorkerData {
  role: typeof READ_WORKER_ROLE;
  dbPath: string;
  nativeBinding?: string;
  /** Tests set 0 to take the big-library path (answer stale, rebuild behind) on a small file. */
  alwaysFreshRows?: number;
  /** Tests set it to never build a snapshot (facets then never answer): counts and positions come from SQL. */
  holdSnapshot?: boolean;
}

export const READ_WORKER_ROLE = 'seedscope-library-reader';

/** Up to this many images the snapshot is rebuilt before answering after any change (about 100 ms): exact counts. */
const ALWAYS_FRESH_ROWS = 50_000;
/**
 * Otherwise a rebuild starts this many build-times after the last one began: while a folder indexes (a commit every
 * moment) the worker reads at most half the time; a single change (a favourite) is counted one build later.
 */
const COOLDOWN_BUILDS = 2;
/** Answers kept per kind (a scrolled search and its count share one position list). */
const RECENT_ANSWERS = 6;

/** A small most-recently-used cache, emptied with each new snapshot. */
function remembered<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= RECENT_ANSWERS) cache.delete(cache.keys().next().value as string);
  } else cache.delete(key);
  cache.set(key, value);
  return value;
}

class LibraryReader {
  private snapshot: LibrarySnapshot | null = null;
  private building: Promise<LibrarySnapshot> | null = null;
  private rebuildTimer: NodeJS.Timeout | null = null;
  private readonly positions = new Map<string, Float64Array>();
  /** The renderer asks for the same counts on every refresh; an unchanged library answers them from here. */
  private readonly facets = new Map<string, Facets>();
  /** SQL totals while no snapshot exists, for the data_version of the answering connection they were counted at. */
  private readonly sqlTotals = new Map<string, number>();
  private sqlTotalsVersion = -1;

  /**
   * @param db answers (FTS matches, seed and folder look-ups)
   * @param snapshotDb reads snapshots, in steps, while `db` keeps answering from the previous one
   */
  constructor(
    private readonly db: Database.Database,
    private readonly snapshotDb: Database.Database,
    private readonly notify: () => void,
    private readonly alwaysFreshRows = ALWAYS_FRESH_ROWS,
    private readonly holdSnapshot = false,
  ) {}

  private async current(): Promise<{ snap: LibrarySnapshot; stale: boolean }> {
    if (!this.snapshot) return { snap: await this.rebuild(), stale: false };
    const snap = this.snapshot;
    // data_version is per connection: it is read on the one that read the snapshot (never while it is busy).
    if (this.building) return { snap, stale: true };
    if ((this.snapshotDb.pragma('data_version', { simple: true }) as number) === snap.version)
      return { snap, stale: false };
    if (snap.rows < this.alwaysFreshRows) return { snap: await this.rebuild(), stale: false };
    const due = snap.builtAt - snap.buildMs + snap.buildMs * COOLDOWN_BUILDS;
    this.rebuildTimer ??= setTimeout(
      () => {
        this.rebuildTimer = null;
        void this.rebuild().then(this.notify, () => undefined);
      },
      Math.max(0, due - Date.now()),
    );
    return { snap, stale: true };
  }

  private rebuild(): Promise<LibrarySnapshot> {
    if (this.holdSnapshot) return new Promise(() => undefined);
    this.building ??= buildLibrarySnapshotInSteps(this.snapshotDb)
      .then((snap) => {
        this.snapshot = snap;
        this.positions.clear();
        this.facets.clear();
        return snap;
      })
      .finally(() => {
        this.building = null;
      });
    return this.building;
  }

  private positionList(snap: LibrarySnapshot, text: string | undefined, filters: SearchFilters): Float64Array {
    return remembered(this.positions, JSON.stringify([text?.trim() ?? '', filters]), () =>
      snapshotPositions(snap, text, filters, this.db),
    );
  }

  /** A count or position from SQL (no snapshot yet); the total is remembered until the database changes. */
  private answerFromSql(request: Exclude<ReadRequest, { kind: 'facets' }>): unknown {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.sqlTotalsVersion) {
      this.sqlTotals.clear();
      this.sqlTotalsVersion = version;
    }
    const total = remembered(this.sqlTotals, JSON.stringify([request.text?.trim() ?? '', request.filters]), () =>
      sqlCount(this.db, request.text, request.filters),
    );
    if (request.kind === 'count') return { total };
    const timeline =
      request.offset < total ? sqlPosition(this.db, request.text, request.filters, request.offset) : null;
    return { timeline, total };
  }

  async answer(request: ReadRequest): Promise<{ value: unknown; stale: boolean; source: AnswerSource }> {
    if (!this.snapshot && request.kind !== 'facets') {
      // The build runs in steps on the other connection; this answer slips in between two of them.
      this.rebuild().catch(() => undefined);
      return { value: this.answerFromSql(request), stale: false, source: 'sql' };
    }
    const source = 'snapshot';
    const { snap, stale } = await this.current();
    if (request.kind === 'facets') {
      const value = remembered(this.facets, JSON.stringify(request.filters), () =>
        snapshotFacets(snap, request.filters, this.db),
      );
      return { value, stale, source };
    }
    const list = this.positionList(snap, request.text, request.filters);
    if (request.kind === 'count') return { value: { total: list.length }, stale, source };
    const timeline = request.offset < list.length ? list[request.offset] : null;
    return { value: { timeline, total: list.length }, stale, source };
  }
}

if (parentPort && (workerData as ReadWorkerData | null)?.role === READ_WORKER_ROLE) {
  const port = parentPort;
  const data = workerData as ReadWorkerData;
  const open = (): Database.Database => {
    const db = new Database(data.dbPath, {
      readonly: true,
      fileMustExist: true,
      ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}),
    });
    db.pragma('busy_timeout = 10000');
    return db;
  };
  const reader = new LibraryReader(
    open(),
    open(),
    () => port.postMessage({ refreshed: true } satisfies ReadMessage),
    data.alwaysFreshRows,
    data.holdSnapshot,
  );
  port.on('message', ({ seq, request }: { seq: number; request: ReadRequest }) => {
    reader.answer(request).then(
      ({ value, stale, source }) => port.postMessage({ seq, ok: true, value, stale, source } satisfies ReadMessage),
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        port.postMessage({ seq, ok: false, message, input: err instanceof SearchInputError } satisfies ReadMessage);
      },
    );
  });
}
