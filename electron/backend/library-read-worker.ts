// The library's heavy reads, in a worker thread on its own read-only connection to the same WAL database: facet
// counts, result counts and "which image sits at position n". At 1M rows the facet counts once took 9.2 s on the
// request thread and every other request waited behind them; here they wait for nothing but each other.
// Answers come from a LibrarySnapshot built once per database version. A small library's snapshot is rebuilt before
// answering after any change (exact counts). A big one's is rebuilt in steps on a second connection while the last
// one keeps answering (marked stale), at most every COOLDOWN_BUILDS build-times (a running index commits every
// moment), and the owner is told when the fresh one is in, so the renderer asks again.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { Facets } from '../../shared/contract';
import type { SearchFilters } from '../../shared/library';
import { SearchInputError } from '../library/history-query';
import { buildLibrarySnapshotInSteps, type LibrarySnapshot } from '../library/library-snapshot';
import { snapshotFacets, snapshotPositions } from '../library/snapshot-queries';

export type ReadRequest =
  | { kind: 'facets'; filters: SearchFilters }
  | { kind: 'count'; text?: string; filters: SearchFilters }
  | { kind: 'position'; text?: string; filters: SearchFilters; offset: number };

export type ReadMessage =
  | { seq: number; ok: true; value: unknown; stale: boolean }
  | { seq: number; ok: false; message: string; input: boolean }
  | { refreshed: true };

export interface ReadWorkerData {
  role: typeof READ_WORKER_ROLE;
  dbPath: string;
  nativeBinding?: string;
  /** Tests set 0 to take the big-library path (answer stale, rebuild behind) on a small file. */
  alwaysFreshRows?: number;
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

  /**
   * @param db answers (FTS matches, seed and folder look-ups)
   * @param snapshotDb reads snapshots, in steps, while `db` keeps answering from the previous one
   */
  constructor(
    private readonly db: Database.Database,
    private readonly snapshotDb: Database.Database,
    private readonly notify: () => void,
    private readonly alwaysFreshRows = ALWAYS_FRESH_ROWS,
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

  async answer(request: ReadRequest): Promise<{ value: unknown; stale: boolean }> {
    const { snap, stale } = await this.current();
    if (request.kind === 'facets') {
      const value = remembered(this.facets, JSON.stringify(request.filters), () =>
        snapshotFacets(snap, request.filters, this.db),
      );
      return { value, stale };
    }
    const list = this.positionList(snap, request.text, request.filters);
    if (request.kind === 'count') return { value: { total: list.length }, stale };
    const timeline = request.offset < list.length ? list[request.offset] : null;
    return { value: { timeline, total: list.length }, stale };
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
  );
  port.on('message', ({ seq, request }: { seq: number; request: ReadRequest }) => {
    reader.answer(request).then(
      ({ value, stale }) => port.postMessage({ seq, ok: true, value, stale } satisfies ReadMessage),
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        port.postMessage({ seq, ok: false, message, input: err instanceof SearchInputError } satisfies ReadMessage);
      },
    );
  });
}
