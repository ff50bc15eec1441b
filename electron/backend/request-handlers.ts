// The contract's requests, answered on top of the library, the compare module and the records module.
// Arguments arrive validated (app-backend.ts runs shared/schemas.ts first); every handler answers a Result whose
// error says what failed and what to do. Both transports (HTTP in web mode, IPC in the desktop app) call these.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type {
  AppInfo,
  ComparedImage,
  FolderView,
  RequestArgs,
  RequestName,
  RequestResult,
} from '../../shared/contract';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import type { FolderInfo } from '../../shared/library';
import type { Library } from '../library/library';
import type { EventHub } from './event-hub';
import { boundFolder, HEATMAP_CACHE_BOUND } from './cache-bounds';
import { folderHolding } from './folder-containment';
import { pseudoFilesystemReason } from './pseudo-filesystems';
import { heatmapPathFor, type ImageSources, type ResolvedImage } from './image-sources';
import { buildRecipe, readRecipeSource, RecipeSourceError } from '../recipes/index';
import { runImageTask } from './image-tasks';
import type { JobRegistry } from './job-registry';
import { encodeCursor } from '../library/history-query';
import { thumbnailPathFor } from '../library/library-paths';
import { ImageTaskError } from './image-tasks';
import { type LibraryReaderClient, ReadSupersededError } from './library-reader';
import { ImageMarksStore, MarksInputError } from '../library/image-marks';
import type { LibraryIndexing } from './library-indexing';
import type { SidecarExport } from './sidecar-export';
import type { FolderBrowser } from './folder-browser';
import { listVerifications, startVerifyJob } from './verify-jobs';

export type RequestHandlers = { [N in RequestName]: (args: RequestArgs<N>) => Promise<Result<RequestResult<N>>> };

export interface HandlerContext {
  library: Library;
  /** Facet counts, result counts and positions, answered off the request thread (library-read-worker.ts). */
  reader: LibraryReaderClient;
  sources: ImageSources;
  jobs: JobRegistry;
  events: EventHub;
  indexing: LibraryIndexing;
  sidecars: SidecarExport;
  /** The server folders a browser may pick from (`serve --root`); none in the desktop app, which has a dialog. */
  folderBrowser: FolderBrowser;
  info: AppInfo;
}

function folderById(library: Library, folderId: number): FolderInfo | null {
  return library.folders().find((f) => f.id === folderId) ?? null;
}

function folderView(folder: FolderInfo, indexing: LibraryIndexing): FolderView {
  return { ...folder, watching: indexing.isWatching(folder.id) };
}

const noSuchFolder = (folderId: number) =>
  fail('not-found', `Folder ${folderId} is not in the library. Reload the folder list.`);

function compared(image: ResolvedImage, ref: ComparedImage['ref']): ComparedImage {
  return { ref, fileName: image.fileName, mediaPath: image.mediaPath };
}

/** A read the worker dropped for a newer one of its kind answers so; the caller shows the newer answer. */
async function readOrSuperseded<T>(read: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await read());
  } catch (err) {
    if (err instanceof ReadSupersededError) return fail('superseded', `${err.message}.`);
    throw err;
  }
}

export function createRequestHandlers(ctx: HandlerContext): RequestHandlers {
  const { library, jobs, events, indexing } = ctx;

  const startIndexJob = (folders: FolderInfo[], kind: 'index' | 'rescan'): string =>
    jobs.start(
      ({ jobId, signal, progress }) =>
        indexing.run({ jobId, kind, folders: folders.map((f) => f.path), signal, onProgress: progress }),
      () =>
        events.emit('library.changed', { folderId: folders.length === 1 ? folders[0].id : null, reason: 'indexed' }),
    );

  return {
    'library.listFolders': async () => ok(library.folders().map((f) => folderView(f, indexing))),

    'library.addFolder': async ({ path: folderPath, watch }) => {
      if (!path.isAbsolute(folderPath)) return fail('bad-argument', `${folderPath}: give the folder's absolute path.`);
      const stat = await fs.stat(folderPath).catch(() => null);
      if (!stat)
        return fail('folder-missing', `${folderPath}: no such folder. Check the path (or that its drive is mounted).`);
      if (!stat.isDirectory())
        return fail(
          'not-a-folder',
          `${folderPath}: this is a file, not a folder. Add the folder that holds your images.`,
        );
      if (path.resolve(folderPath) === path.parse(path.resolve(folderPath)).root) {
        return fail(
          'folder-too-broad',
          `${folderPath}: indexing a whole drive is refused. Add the folder your generator writes to.`,
        );
      }
      const pseudo = await pseudoFilesystemReason(folderPath);
      if (pseudo)
        return fail('not-storage', `${folderPath}: refused, ${pseudo}. Add the folder your generator writes to.`);
      const folder = library.addFolder(folderPath);
      events.emit('library.changed', { folderId: folder.id, reason: 'folder-added' });
      const jobId = startIndexJob([folder], 'index');
      if (watch) await indexing.watch(folder);
      return ok({ folder: folderView(folder, indexing), jobId });
    },

    'library.removeFolder': async ({ folderId }) => {
      const folder = folderById(library, folderId);
      if (!folder) return noSuchFolder(folderId);
      await indexing.unwatch(folderId);
      const removed = indexing.removeFolder(folderId);
      events.emit('library.changed', { folderId: null, reason: 'folder-removed' });
      return ok({ removed });
    },

    'library.setWatch': async ({ folderId, watch }) => {
      const folder = folderById(library, folderId);
      if (!folder) return noSuchFolder(folderId);
      if (watch) await indexing.watch(folder);
      else await indexing.unwatch(folderId);
      events.emit('library.changed', { folderId, reason: 'folder-updated' });
      return ok(folderView(folder, indexing));
    },

    'library.rescan': async ({ folderId }) => {
      const folders =
        folderId === null
          ? library.folders()
          : [folderById(library, folderId)].filter((f): f is FolderInfo => f !== null);
      if (folderId !== null && folders.length === 0) return noSuchFolder(folderId);
      if (folders.length === 0) return fail('no-folders', 'The library has no folders yet. Add a folder first.');
      return ok({ jobId: startIndexJob(folders, 'rescan') });
    },

    'library.search': async (query) => {
      if (query.cursor || !query.offset) return ok(library.search({ ...query, offset: undefined }));
      // A position: the read worker says which image sits there, then the page is the usual keyset query from it.
      const at = await readOrSuperseded(() => ctx.reader.position(query.text, query.filters ?? {}, query.offset ?? 0));
      if (!at.ok) return at;
      if (at.value.timeline === null) return ok({ items: [], nextCursor: null, offset: query.offset });
      const page = library.search({ ...query, offset: undefined, cursor: encodeCursor(at.value.timeline + 1) });
      return ok({ ...page, offset: query.offset });
    },

    'library.count': async ({ text, filters }) => readOrSuperseded(() => ctx.reader.count(text, filters ?? {})),

    'library.rebuildThumbnail': async ({ imageId }) => {
      const image = library.image(imageId);
      if (!image)
        return fail(
          'not-found',
          `Image ${imageId} is not in the library (a rescan may have removed it). Search again.`,
        );
      if (!image.pixelSha256)
        return fail(
          'not-ready',
          `${image.path}: no thumbnail yet (its pixels are still being indexed, or failed: ${image.pixelError ?? 'pending'}).`,
        );
      const target = thumbnailPathFor(library.cacheFolder, image.pixelSha256);
      if (
        await fs.stat(target).then(
          (s) => s.isFile(),
          () => false,
        )
      )
        return ok({ rebuilt: false });
      const source = await ctx.sources.resolveRef({ kind: 'indexed', imageId });
      if (!source.ok) return fail(source.error.code, `The thumbnail cannot be made again: ${source.error.message}`);
      try {
        await runImageTask({ task: 'thumbnail', path: source.value.path, target, pixelSha256: image.pixelSha256 });
      } catch (err) {
        if (!(err instanceof ImageTaskError)) throw err;
        const why = err.message.startsWith(`${source.value.path}: `) ? err.message : `${image.path}: ${err.message}`;
        return fail('image-failed', `The thumbnail cannot be made again: ${why}.`);
      }
      return ok({ rebuilt: true });
    },

    'library.facets': async ({ filters }) => readOrSuperseded(() => ctx.reader.facets(filters ?? {})),

    'library.getImage': async ({ imageId }) => {
      const image = library.image(imageId);
      return image
        ? ok(image)
        : fail('not-found', `Image ${imageId} is not in the library (a rescan may have removed it). Search again.`);
    },

    'library.setMarks': async ({ imageId, change }) => {
      try {
        const marks = new ImageMarksStore(library.db).set(imageId, change);
        if (!marks)
          return fail(
            'not-found',
            `Image ${imageId} is not in the library (a rescan may have removed it). Search again.`,
          );
        events.emit('library.changed', { folderId: null, reason: 'marks' });
        return ok(marks);
      } catch (err) {
        if (err instanceof MarksInputError) return fail('bad-argument', `Image ${imageId}: ${err.message}.`);
        throw err;
      }
    },

    'library.groups': async ({ disagreeingOnly, limit }) => ok(library.groups({ disagreeingOnly, limit })),
    'library.timeline': async (query) => ok(library.timeline.page(query)),
    'library.sweeps': async (query) => ok(library.timeline.sweeps(query)),

    'library.similar': async ({ image, limit }) => {
      let hash: string | null = null;
      let pixels: string | null = null;
      let selfId: number | null = null;
      if (image.kind === 'indexed') {
        const detail = library.image(image.imageId);
        if (!detail) return fail('not-found', `Image ${image.imageId} is not in the library. Search again.`);
        if (!detail.perceptualHash)
          return fail(
            'not-ready',
            `${detail.path}: its pixels are not hashed yet (${detail.pixelError ?? 'indexing is still running'}). Try again when indexing finishes.`,
          );
        hash = detail.perceptualHash;
        pixels = detail.pixelSha256;
        selfId = detail.id;
      } else {
        const resolved = await ctx.sources.resolveRef(image);
        if (!resolved.ok) return resolved;
        const probe = await runImageTask({ task: 'probe', path: resolved.value.path });
        if (probe.task !== 'probe') return fail('internal', 'The image worker answered the wrong task.');
        hash = probe.perceptualHash;
        pixels = probe.pixelSha256;
        selfId = resolved.value.imageId;
      }
      const hits = library
        .similar(hash, { limit: limit + 1, pixelSha256: pixels })
        .filter((h) => h.image.id !== selfId);
      return ok(hits.slice(0, limit));
    },

    'compare.run': async ({ a, b }) => {
      const left = await ctx.sources.resolveRef(a);
      if (!left.ok) return fail(left.error.code, `Image A: ${left.error.message}`);
      const right = await ctx.sources.resolveRef(b);
      if (!right.ok) return fail(right.error.code, `Image B: ${right.error.message}`);
      const compareId = randomBytes(16).toString('hex');
      const heatmapPath = heatmapPathFor(library.cacheFolder, compareId);
      // By real path: a cache folder linked into an indexed folder would put heatmaps among the originals.
      const holder = await folderHolding(
        path.dirname(heatmapPath),
        library.folders().map((f) => f.path),
      );
      if (holder)
        return fail(
          'inside-library',
          `${path.dirname(heatmapPath)} resolves into the indexed folder ${holder}; Seedscope never writes there. Move the library (--db) elsewhere.`,
        );
      await fs.mkdir(path.dirname(heatmapPath), { recursive: true });
      await boundFolder(path.dirname(heatmapPath), HEATMAP_CACHE_BOUND);
      const answer = await runImageTask({ task: 'compare', a: left.value.path, b: right.value.path, heatmapPath });
      if (answer.task !== 'compare') return fail('internal', 'The image worker answered the wrong task.');
      return ok({ compareId, a: compared(left.value, a), b: compared(right.value, b), result: answer.result });
    },

    'records.export': async ({ imageIds, format, outDir }) => ctx.sidecars.export(imageIds, format, outDir),
    'records.download': async ({ imageIds, format }) => ctx.sidecars.download(imageIds, format),
    'library.browseFolders': async ({ path: folder }) => ctx.folderBrowser.list(folder),

    'recipes.build': async ({ image, target }) => {
      const resolved = await ctx.sources.resolveRef(image);
      if (!resolved.ok) return resolved;
      try {
        const source = await readRecipeSource(resolved.value.path);
        const recipe = buildRecipe(source.tuple, target, { comfyGraph: source.comfyGraph });
        return ok({ fileName: resolved.value.fileName, generator: source.generator, recipe });
      } catch (err) {
        if (err instanceof RecipeSourceError) return fail(err.code, err.message);
        throw err;
      }
    },

    'verify.start': async (args) => startVerifyJob({ library, sources: ctx.sources, jobs, events }, args),

    'verify.list': async ({ imageId, limit }) => ok(listVerifications(library, imageId, limit)),

    'jobs.cancel': async ({ jobId }) => ok({ cancelled: jobs.cancel(jobId) }),

    'app.info': async () => ok(ctx.info),
  };
}
