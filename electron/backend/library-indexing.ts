// Indexing jobs and live watches for the app, on top of the library's indexer and watcher. Which folders are
// watched is the person's choice and survives a restart: kept in `watched-folders.json` in the cache folder,
// written atomically (a torn file would silently stop a watch).
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FolderInfo, IndexSummary, JobKind, JobProgress } from '../../shared/library';
import { type FolderWatcher, watchFolders } from '../library/folder-watch';
import { indexFolders } from '../library/indexer';
import type { Library } from '../library/library';
import { writeFileAtomic } from '../records/atomic-write';

export interface IndexRun {
  jobId: string;
  kind: JobKind;
  folders: string[];
  signal: AbortSignal;
  onProgress: (progress: JobProgress) => void;
}

export class LibraryIndexing {
  private readonly watchers = new Map<number, FolderWatcher>();
  private readonly stateFile: string;

  /** `onWatchChange` hears of every watched folder whose rescan found changes. */
  constructor(
    private readonly library: Library,
    private readonly onWatchChange: (folderId: number) => void,
  ) {
    this.stateFile = path.join(library.cacheFolder, 'watched-folders.json');
  }

  run(request: IndexRun): Promise<IndexSummary> {
    return indexFolders(this.library, request.folders, {
      kind: request.kind,
      signal: request.signal,
      onProgress: request.onProgress,
    });
  }

  /** Restarts the watches the person had on, for folders still in the library. */
  resumeWatches(): void {
    let ids: unknown;
    try {
      ids = JSON.parse(readFileSync(this.stateFile, 'utf8'));
    } catch {
      return;
    }
    if (!Array.isArray(ids)) return;
    for (const folder of this.library.folders()) if (ids.includes(folder.id)) this.startWatch(folder);
  }

  /** Starts watching and remembers it (resolved once the state file is written). */
  async watch(folder: FolderInfo): Promise<void> {
    this.startWatch(folder);
    await this.saveState();
  }

  private startWatch(folder: FolderInfo): void {
    if (this.watchers.has(folder.id)) return;
    this.watchers.set(
      folder.id,
      watchFolders(this.library, [folder.path], { onIndexed: () => this.onWatchChange(folder.id) }),
    );
  }

  async unwatch(folderId: number): Promise<void> {
    const watcher = this.watchers.get(folderId);
    if (!watcher) return;
    this.watchers.delete(folderId);
    await this.saveState();
    await watcher.close();
  }

  isWatching(folderId: number): boolean {
    return this.watchers.has(folderId);
  }

  watchedIds(): number[] {
    return [...this.watchers.keys()];
  }

  removeFolder(folderId: number): boolean {
    return this.library.removeFolder(folderId);
  }

  private async saveState(): Promise<void> {
    await fs.mkdir(path.dirname(this.stateFile), { recursive: true });
    await writeFileAtomic(this.stateFile, JSON.stringify(this.watchedIds()), { overwrite: true }).catch(
      () => undefined,
    );
  }

  async close(): Promise<void> {
    const all = [...this.watchers.values()];
    this.watchers.clear();
    await Promise.all(all.map((w) => w.close()));
  }
}
