// Live watch: new, changed and deleted files in watched roots are picked up while the app (or `index --watch`)
// runs. Events are debounced (a generator writes a PNG in several syscalls; editors rename through temp files),
// then one incremental run covers every root that had events, looking only at the paths the events named: a new
// image in a 100k-file folder costs one lstat, not a walk of the folder. A root whose events cannot be pinned
// down (no file name, too many at once, a watcher error such as the root vanishing) is rescanned whole. One run
// for all roots also keeps the identity of an image moved from one root to another. The rescan already knows
// deletions, moves and offline drives, so the watcher adds no second set of rules. Runs never overlap; events
// during a run schedule one more.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IndexSummary, JobProgress } from '../../shared/library';
import { indexFolders } from './indexer';
import type { Library } from './library';

export interface WatchOptions {
  debounceMs?: number;
  /** After each run, with the roots it covered. */
  onIndexed?: (roots: string[], summary: IndexSummary) => void;
  onProgress?: (progress: JobProgress) => void;
  onError?: (root: string, error: Error) => void;
  workers?: number;
}

export interface FolderWatcher {
  /** Resolves once no rescan is running or scheduled (tests and shutdown wait on it). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Past this many changed paths in one root, walking the root is as cheap as looking at each. */
export const MAX_CHANGED_PATHS = 1000;

type Pending = Set<string> | 'whole root';

export function watchFolders(library: Library, roots: string[], options: WatchOptions = {}): FolderWatcher {
  const debounceMs = options.debounceMs ?? 400;
  const controller = new AbortController();
  const cache = path.resolve(library.cacheFolder);
  const pending = new Map<string, Pending>();
  const watchers: fs.FSWatcher[] = [];
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  const note = (root: string, changed: string | null): void => {
    const paths = pending.get(root);
    if (paths === 'whole root') return;
    if (changed === null) {
      pending.set(root, 'whole root');
      return;
    }
    const set = paths ?? new Set<string>();
    set.add(changed);
    pending.set(root, set.size > MAX_CHANGED_PATHS ? 'whole root' : set);
  };

  const run = (): void => {
    timer = null;
    if (running) {
      again = true;
      return;
    }
    if (pending.size === 0 || controller.signal.aborted) return;
    const batch = [...pending.entries()];
    pending.clear();
    const covered = batch.map(([root]) => root);
    const changed: Record<string, string[]> = {};
    for (const [root, paths] of batch) if (paths !== 'whole root') changed[root] = [...paths];
    running = indexFolders(library, covered, {
      kind: 'watch',
      signal: controller.signal,
      onProgress: options.onProgress,
      workers: options.workers,
      changed,
    })
      .then((summary) => {
        if (!controller.signal.aborted) options.onIndexed?.(covered, summary);
      })
      .catch((err: unknown) => {
        for (const root of covered) options.onError?.(root, err instanceof Error ? err : new Error(String(err)));
      })
      .finally(() => {
        running = null;
        if (again && !controller.signal.aborted) {
          again = false;
          run();
        }
      });
  };

  const schedule = (): void => {
    if (controller.signal.aborted) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, debounceMs);
  };

  for (const root of roots.map((r) => path.resolve(r))) {
    try {
      const watcher = fs.watch(root, { recursive: true, persistent: true }, (_event, filename) => {
        const changed = filename ? path.resolve(root, filename.toString()) : null;
        // Thumbnails written into a cache inside the root must not trigger an endless loop of rescans.
        if (changed && (changed === cache || changed.startsWith(cache + path.sep))) return;
        note(root, changed);
        schedule();
      });
      watcher.on('error', (err) => {
        // The root vanished (drive unplugged): one last rescan marks its images offline.
        options.onError?.(root, err);
        note(root, null);
        schedule();
      });
      watchers.push(watcher);
    } catch (err) {
      options.onError?.(root, err instanceof Error ? err : new Error(String(err)));
    }
  }

  const idle = async (): Promise<void> => {
    while (timer || running) await (running ?? new Promise((resolve) => setTimeout(resolve, debounceMs)));
  };

  return {
    idle,
    async close(): Promise<void> {
      controller.abort();
      for (const watcher of watchers) watcher.close();
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
