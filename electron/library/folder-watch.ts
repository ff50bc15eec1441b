// Live watch: new, changed and deleted files in watched roots are picked up while the app (or `index --watch`)
// runs. Events are debounced per root (a generator writes a PNG in several syscalls; editors rename through
// temp files), then the root gets an incremental rescan: unchanged files cost one lstat each (100k files < 1 s,
// see bench), and the rescan already knows deletions, moves and offline drives, so the watcher adds no second
// set of rules. Runs never overlap; events during a run schedule one more.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IndexSummary, JobProgress } from '../../shared/library';
import { indexFolders } from './indexer';
import type { Library } from './library';

export interface WatchOptions {
  debounceMs?: number;
  onIndexed?: (root: string, summary: IndexSummary) => void;
  onProgress?: (progress: JobProgress) => void;
  onError?: (root: string, error: Error) => void;
  workers?: number;
}

export interface FolderWatcher {
  /** Resolves once no rescan is running or scheduled (tests and shutdown wait on it). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface RootState {
  root: string;
  watcher: fs.FSWatcher | null;
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  again: boolean;
}

export function watchFolders(library: Library, roots: string[], options: WatchOptions = {}): FolderWatcher {
  const debounceMs = options.debounceMs ?? 400;
  const controller = new AbortController();
  const states: RootState[] = roots.map((r) => ({ root: path.resolve(r), watcher: null, timer: null, running: null, again: false }));
  const cache = path.resolve(library.cacheFolder);

  const run = (state: RootState): void => {
    state.timer = null;
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = indexFolders(library, [state.root], { kind: 'watch', signal: controller.signal, onProgress: options.onProgress, workers: options.workers })
      .then((summary) => {
        if (!controller.signal.aborted) options.onIndexed?.(state.root, summary);
      })
      .catch((err: unknown) => options.onError?.(state.root, err instanceof Error ? err : new Error(String(err))))
      .finally(() => {
        state.running = null;
        if (state.again && !controller.signal.aborted) {
          state.again = false;
          run(state);
        }
      });
  };

  const schedule = (state: RootState): void => {
    if (controller.signal.aborted) return;
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => run(state), debounceMs);
  };

  for (const state of states) {
    try {
      state.watcher = fs.watch(state.root, { recursive: true, persistent: true }, (_event, filename) => {
        // Thumbnails written into a cache inside the root must not trigger an endless loop of rescans.
        if (filename && path.resolve(state.root, filename.toString()).startsWith(cache)) return;
        schedule(state);
      });
      state.watcher.on('error', (err) => {
        // The root vanished (drive unplugged): one last rescan marks its images offline.
        options.onError?.(state.root, err);
        schedule(state);
      });
    } catch (err) {
      options.onError?.(state.root, err instanceof Error ? err : new Error(String(err)));
    }
  }

  const idle = async (): Promise<void> => {
    for (;;) {
      const busy = states.filter((s) => s.timer || s.running);
      if (busy.length === 0) return;
      await Promise.all(busy.map((s) => s.running ?? new Promise((resolve) => setTimeout(resolve, debounceMs))));
    }
  };

  return {
    idle,
    async close(): Promise<void> {
      controller.abort();
      for (const state of states) {
        state.watcher?.close();
        if (state.timer) clearTimeout(state.timer);
        state.timer = null;
      }
      await Promise.all(states.map((s) => s.running));
    },
  };
}
