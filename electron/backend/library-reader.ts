// The request thread's side of the read worker (library-read-worker.ts): one worker per backend, started on first
// use and again after a crash. One request per kind is in the worker at a time; a newer one of the same kind
// replaces one still waiting (the grid asks again on every refresh and every scroll jump, and only the newest
// answer is shown), and the replaced caller is told so.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Facets } from '../../shared/contract';
import type { SearchCount, SearchFilters } from '../../shared/library';
import { SearchInputError } from '../library/history-query';
import {
  type AnswerSource,
  READ_WORKER_ROLE,
  type ReadMessage,
  type ReadRequest,
  type ReadWorkerData,
} from './library-read-worker';

export class ReadSupersededError extends Error {}

interface Pending {
  request: ReadRequest;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

export interface ReaderOptions {
  dbPath: string;
  nativeBinding?: string;
  /** See ReadWorkerData.alwaysFreshRows. */
  alwaysFreshRows?: number;
  /** See ReadWorkerData.holdSnapshot (tests). */
  holdSnapshot?: boolean;
  /** Told where each answer came from (the snapshot, or SQL before the first snapshot is in). */
  onAnswer?: (kind: ReadRequest['kind'], source: AnswerSource, stale: boolean) => void;
  /** Called when a stale answer (a big library changing fast) has been followed by a fresh snapshot. */
  onRefreshed?: () => void;
}

export class LibraryReaderClient {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly inFlight = new Map<number, Pending>();
  private readonly runningKinds = new Set<ReadRequest['kind']>();
  private readonly queued = new Map<ReadRequest['kind'], Pending>();
  private closed = false;

  constructor(private readonly options: ReaderOptions) {}

  facets(filters: SearchFilters): Promise<Facets> {
    return this.ask({ kind: 'facets', filters }) as Promise<Facets>;
  }

  count(text: string | undefined, filters: SearchFilters): Promise<SearchCount> {
    return this.ask({ kind: 'count', text, filters }) as Promise<SearchCount>;
  }

  /** The timeline of the image at `offset` in the search's results (null past the end), and the total. */
  position(
    text: string | undefined,
    filters: SearchFilters,
    offset: number,
  ): Promise<{ timeline: number | null; total: number }> {
    return this.ask({ kind: 'position', text, filters, offset }) as Promise<{ timeline: number | null; total: number }>;
  }

  private ask(request: ReadRequest): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the library reader is closed'));
    return new Promise((resolve, reject) => {
      const pending: Pending = { request, resolve, reject };
      if (!this.runningKinds.has(request.kind)) {
        this.send(pending);
        return;
      }
      const replaced = this.queued.get(request.kind);
      replaced?.reject(new ReadSupersededError(`a newer library.${request.kind} request replaced this one`));
      this.queued.set(request.kind, pending);
    });
  }

  private send(pending: Pending): void {
    const seq = ++this.seq;
    this.inFlight.set(seq, pending);
    this.runningKinds.add(pending.request.kind);
    this.spawned().postMessage({ seq, request: pending.request });
  }

  private settle(seq: number, outcome: (p: Pending) => void): void {
    const pending = this.inFlight.get(seq);
    if (!pending) return;
    this.inFlight.delete(seq);
    this.runningKinds.delete(pending.request.kind);
    outcome(pending);
    const next = this.queued.get(pending.request.kind);
    if (next && !this.closed) {
      this.queued.delete(pending.request.kind);
      this.send(next);
    }
  }

  private spawned(): Worker {
    if (this.worker) return this.worker;
    const data: ReadWorkerData = {
      role: READ_WORKER_ROLE,
      dbPath: this.options.dbPath,
      nativeBinding: this.options.nativeBinding,
      alwaysFreshRows: this.options.alwaysFreshRows,
      holdSnapshot: this.options.holdSnapshot,
    };
    const worker = new Worker(path.join(__dirname, 'library-read-worker.js'), { workerData: data });
    worker.unref();
    worker.on('message', (message: ReadMessage) => {
      if ('refreshed' in message) {
        this.options.onRefreshed?.();
        return;
      }
      this.settle(message.seq, (p) => {
        if (message.ok) {
          this.options.onAnswer?.(p.request.kind, message.source, message.stale);
          p.resolve(message.value);
        } else p.reject(message.input ? new SearchInputError(message.message) : new Error(message.message));
      });
    });
    const fail = (why: string): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const seq of [...this.inFlight.keys()])
        this.settle(seq, (p) => p.reject(new Error(`the library read worker stopped (${why})`)));
    };
    worker.on('error', (err) => fail(err.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queued.values()) pending.reject(new Error('the library reader is closed'));
    this.queued.clear();
    const worker = this.worker;
    this.worker = null;
    for (const seq of [...this.inFlight.keys()])
      this.settle(seq, (p) => p.reject(new Error('the library reader is closed')));
    if (worker) await worker.terminate();
  }
}
