// The library's heavy reads, in a worker thread on its own read-only connection to the same WAL database: facet
// counts, result counts and "which image sits at position n". At 1M rows the facet counts once took 9.2 s on the
// request thread and every other request waited behind them; here they wait for nothing but each other.
// Answers come from a LibrarySnapshot built once per database version. A snapshot that takes long to build (a big
// library) is not rebuilt for every commit of a running index: until STALE_COOLDOWN has passed the last one
// answers, marked stale, and a rebuild follows, after which the owner is told so it can ask again.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { SearchFilters } from '../../shared/library';
import { SearchInputError } from '../library/history-query';
import { buildLibrarySnapshot, type LibrarySnapshot } from '../library/library-snapshot';
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
}

export const READ_WORKER_ROLE = 'seedscope-library-reader';

/** A snapshot built faster than this is rebuilt on every change: small libraries are always exact. */
const ALWAYS_FRESH_MS = 150;
/** Otherwise the rebuilds of a changing library are this many build-times apart (the worker's core stays mostly free). */
const COOLDOWN_BUILDS = 3;
/** Position lists kept (a scrolled search and its count share one). */
const POSITION_CACHE = 6;

class LibraryReader {
  private snapshot: LibrarySnapshot | null = null;
  private rebuildTimer: NodeJS.Timeout | null = null;
  private readonly positions = new Map<string, Float64Array>();

  constructor(
    private readonly db: Database.Database,
    private readonly notify: () => void,
  ) {}

  private current(): { snap: LibrarySnapshot; stale: boolean } {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    const snap = this.snapshot;
    if (snap && snap.version === version) return { snap, stale: false };
    const due = snap ? snap.builtAt + snap.buildMs * COOLDOWN_BUILDS : 0;
    if (!snap || snap.buildMs < ALWAYS_FRESH_MS || Date.now() >= due) return { snap: this.rebuild(), stale: false };
    this.rebuildTimer ??= setTimeout(
      () => {
        this.rebuildTimer = null;
        this.rebuild();
        this.notify();
      },
      Math.max(0, due - Date.now()),
    );
    return { snap, stale: true };
  }

  private rebuild(): LibrarySnapshot {
    this.positions.clear();
    this.snapshot = buildLibrarySnapshot(this.db);
    return this.snapshot;
  }

  private positionList(snap: LibrarySnapshot, text: string | undefined, filters: SearchFilters): Float64Array {
    const key = JSON.stringify([snap.version, snap.builtAt, text?.trim() ?? '', filters]);
    let list = this.positions.get(key);
    if (!list) {
      list = snapshotPositions(snap, text, filters, this.db);
      if (this.positions.size >= POSITION_CACHE) this.positions.delete(this.positions.keys().next().value as string);
    } else this.positions.delete(key);
    this.positions.set(key, list);
    return list;
  }

  answer(request: ReadRequest): { value: unknown; stale: boolean } {
    const { snap, stale } = this.current();
    if (request.kind === 'facets') return { value: snapshotFacets(snap, request.filters, this.db), stale };
    const list = this.positionList(snap, request.text, request.filters);
    if (request.kind === 'count') return { value: { total: list.length }, stale };
    const timeline = request.offset < list.length ? list[request.offset] : null;
    return { value: { timeline, total: list.length }, stale };
  }
}

if (parentPort && (workerData as ReadWorkerData | null)?.role === READ_WORKER_ROLE) {
  const port = parentPort;
  const data = workerData as ReadWorkerData;
  const db = new Database(data.dbPath, {
    readonly: true,
    fileMustExist: true,
    ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}),
  });
  db.pragma('busy_timeout = 10000');
  const reader = new LibraryReader(db, () => port.postMessage({ refreshed: true } satisfies ReadMessage));
  port.on('message', ({ seq, request }: { seq: number; request: ReadRequest }) => {
    try {
      const { value, stale } = reader.answer(request);
      port.postMessage({ seq, ok: true, value, stale } satisfies ReadMessage);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      port.postMessage({ seq, ok: false, message, input: err instanceof SearchInputError } satisfies ReadMessage);
    }
  });
}
