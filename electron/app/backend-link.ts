// Main's handle on the backend's process (backend-host.ts): the same `request` / `mediaFile` / `events` shape
// as an in-process AppBackend, so ipc.ts and protocol.ts do not care where the backend runs. If the process dies
// (a native crash on a hostile file, out of memory), the requests in flight answer with a message saying so and
// the process is started again; a backend that keeps dying is left down rather than restarted in a loop.
import type { AppInfo, MediaKind, RequestName, RequestResult } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { fail } from '../../shared/result';
import { EventHub } from '../backend/event-hub';
import type { MediaFile } from '../backend/image-sources';
import type { HostMessage, LinkMessage } from './backend-protocol';

/** What ipc.ts and protocol.ts need from a backend, wherever it runs. AppBackend has this shape too. */
export interface ContractBackend {
  readonly events: EventHub;
  request<N extends RequestName>(name: N, args: unknown): Promise<Result<RequestResult<N>>>;
  mediaFile(kind: MediaKind, id: string): Promise<Result<MediaFile>>;
}

/** One started backend process: utilityProcess in the app, child_process.fork in tests. */
export interface HostProcess {
  post(message: LinkMessage): void;
  onMessage(listener: (message: HostMessage) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

/** More crashes than this within RESTART_WINDOW_MS and the backend stays down (with a message) instead. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;
const CLOSE_GRACE_MS = 5_000;

export class BackendLink implements ContractBackend {
  readonly events = new EventHub();
  private host: HostProcess | null = null;
  private ready: Promise<AppInfo> | null = null;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private nextId = 1;
  private closing = false;
  private crashes: number[] = [];
  private downReason: string | null = null;

  private constructor(private readonly spawnHost: () => HostProcess) {}

  /** Starts the backend process; resolves once it has opened the library. */
  static async start(spawnHost: () => HostProcess): Promise<BackendLink> {
    const link = new BackendLink(spawnHost);
    await link.launch();
    return link;
  }

  private launch(): Promise<AppInfo> {
    const host = this.spawnHost();
    this.host = host;
    let started = false;
    this.ready = new Promise<AppInfo>((resolve, reject) => {
      host.onMessage((message) => {
        if (message.type === 'ready') {
          started = true;
          resolve(message.info);
        } else if (message.type === 'fatal') {
          reject(new Error(message.message));
          // The host waits for this before it exits, so its message cannot be lost behind its exit.
          host.post({ type: 'close' });
        } else if (message.type === 'event') this.events.emit(message.message.event, message.message.payload as never);
        else if (message.type === 'reply') {
          const answer = this.pending.get(message.id);
          this.pending.delete(message.id);
          answer?.(message.result);
        }
      });
      host.onExit((code) => {
        reject(new Error(`the backend process stopped while starting (exit code ${code})`));
        this.onHostExit(host, code, started);
      });
    });
    // A rejected start is reported to whoever awaits it; never an unhandled rejection.
    this.ready.catch(() => undefined);
    return this.ready;
  }

  private onHostExit(host: HostProcess, code: number | null, started: boolean): void {
    if (this.host !== host) return;
    this.host = null;
    const message = `The Seedscope backend stopped (exit code ${code}) while answering; it is restarting. Try again in a moment.`;
    for (const answer of this.pending.values()) answer(fail('backend-crashed', message));
    this.pending.clear();
    if (this.closing) return;
    // A backend that never opened the library (bad database, missing native module) fails the same way again:
    // its start error is what the person sees, not a restart loop.
    if (!started) {
      this.downReason = `The Seedscope backend could not start (exit code ${code}). Restart Seedscope; if the library database is damaged, move it aside.`;
      return;
    }
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < RESTART_WINDOW_MS), now];
    if (this.crashes.length > MAX_RESTARTS) {
      this.downReason = `The Seedscope backend stopped ${this.crashes.length} times within a minute and was not restarted again. Restart Seedscope; if it happens again, the last image you opened or indexed may be what crashes it.`;
      return;
    }
    void this.launch();
  }

  private async send<T>(build: (id: number) => LinkMessage): Promise<Result<T>> {
    if (this.downReason) return fail('backend-down', this.downReason);
    try {
      await this.ready;
    } catch (err) {
      return fail(
        'backend-down',
        `The Seedscope backend could not start: ${err instanceof Error ? err.message : String(err)}.`,
      );
    }
    const host = this.host;
    if (!host) return fail('backend-down', 'The Seedscope backend is restarting. Try again in a moment.');
    const id = this.nextId++;
    return new Promise<Result<T>>((resolve) => {
      this.pending.set(id, resolve as (result: Result<unknown>) => void);
      host.post(build(id));
    });
  }

  request<N extends RequestName>(name: N, args: unknown): Promise<Result<RequestResult<N>>> {
    return this.send((id) => ({ type: 'request', id, name, args }));
  }

  mediaFile(kind: MediaKind, mediaId: string): Promise<Result<MediaFile>> {
    return this.send((id) => ({ type: 'media', id, kind, mediaId }));
  }

  async close(): Promise<void> {
    this.closing = true;
    const host = this.host;
    if (!host) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        host.kill();
        resolve();
      }, CLOSE_GRACE_MS);
      host.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      host.post({ type: 'close' });
    });
  }
}
