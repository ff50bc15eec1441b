// Everything behind the contract, opened once per process: the library, the job registry, the event hub,
// uploads, image sources. The web server and the Electron IPC layer are two thin transports over `request`,
// `mediaFile` and `events`; validation happens here so neither transport can forget it.
import * as path from 'node:path';
import type { AppInfo, MediaKind, RequestArgs, RequestName, RequestResult } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { fail } from '../../shared/result';
import { validateRequest } from '../../shared/schemas';
import { type Library, openLibrary } from '../library/library';
import { SearchInputError } from '../library/history-query';
import { boundFolder, HEATMAP_CACHE_BOUND } from './cache-bounds';
import { EventHub } from './event-hub';
import { ImageSources, type MediaFile } from './image-sources';
import { ImageTaskBusyError, ImageTaskError } from './image-tasks';
import { JobRegistry } from './job-registry';
import { LibraryReaderClient } from './library-reader';
import { LibraryIndexing } from './library-indexing';
import { createRequestHandlers, type RequestHandlers } from './request-handlers';
import { FolderBrowser } from './folder-browser';
import { SidecarExport } from './sidecar-export';
import { MAX_UPLOAD_BYTES, UploadStore } from './upload-store';

export interface AppBackendOptions {
  dbPath: string;
  mode: 'desktop' | 'web';
  version: string;
  /** better-sqlite3 built for Electron's ABI (scripts/start-electron.js); absent under plain Node. */
  nativeBinding?: string;
  /** Folders whose subfolders a browser may list to pick one (`seedscope serve --root`); none: no browsing. */
  browseRoots?: string[];
}

export class AppBackend {
  readonly events = new EventHub();
  readonly jobs = new JobRegistry(this.events);
  readonly uploads: UploadStore;
  private readonly sources: ImageSources;
  private readonly indexing: LibraryIndexing;
  private readonly handlers: RequestHandlers;
  private readonly reader: LibraryReaderClient;

  private constructor(
    readonly library: Library,
    readonly info: AppInfo,
    browseRoots: string[] = [],
    nativeBinding?: string,
  ) {
    // A stale count (a big library changing fast) is followed by a fresh one: the renderer is told to ask again.
    this.reader = new LibraryReaderClient({
      dbPath: library.dbPath,
      nativeBinding,
      onRefreshed: () => this.events.emit('library.changed', { folderId: null, reason: 'counts' }),
    });
    this.uploads = new UploadStore(library.cacheFolder);
    this.sources = new ImageSources(library, this.uploads, library.cacheFolder, info.mode);
    this.indexing = new LibraryIndexing(library, (folderId) =>
      this.events.emit('library.changed', { folderId, reason: 'watch' }),
    );
    this.handlers = createRequestHandlers({
      library,
      reader: this.reader,
      sources: this.sources,
      jobs: this.jobs,
      events: this.events,
      indexing: this.indexing,
      sidecars: new SidecarExport(library),
      folderBrowser: new FolderBrowser(browseRoots),
      info,
    });
  }

  static async open(options: AppBackendOptions): Promise<AppBackend> {
    const dbPath = path.resolve(options.dbPath);
    const library = openLibrary(dbPath, { nativeBinding: options.nativeBinding });
    const backend = new AppBackend(
      library,
      {
        name: 'Seedscope',
        version: options.version,
        mode: options.mode,
        dbPath,
        cachePath: library.cacheFolder,
        maxUploadBytes: MAX_UPLOAD_BYTES,
      },
      (options.browseRoots ?? []).map((root) => path.resolve(root)),
      options.nativeBinding,
    );
    backend.indexing.resumeWatches();
    await backend.uploads.sweep();
    await boundFolder(path.join(library.cacheFolder, 'heatmaps'), HEATMAP_CACHE_BOUND);
    return backend;
  }

  /** Validate, then answer. Never throws: a handler's exception becomes a Result naming the request. */
  async request<N extends RequestName>(name: N, rawArgs: unknown): Promise<Result<RequestResult<N>>> {
    const args = validateRequest(name, rawArgs);
    if (!args.ok) return args;
    const handler = this.handlers[name] as (a: RequestArgs<N>) => Promise<Result<RequestResult<N>>>;
    try {
      return await handler(args.value);
    } catch (err) {
      if (err instanceof SearchInputError) return fail('bad-argument', `${name}: ${err.message}.`);
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof ImageTaskBusyError) return fail('busy', `${message}.`);
      if (err instanceof ImageTaskError)
        return fail('image-failed', `${message}. Check both files open in an image viewer.`);
      return fail(
        'internal',
        `${name} failed: ${message}. If it keeps happening, restart Seedscope and report the message.`,
      );
    }
  }

  mediaFile(kind: MediaKind, id: string): Promise<Result<MediaFile>> {
    return this.sources.mediaFile(kind, id);
  }

  async close(): Promise<void> {
    this.jobs.cancelAll();
    await this.reader.close();
    await this.indexing.close();
    this.library.close();
  }
}
