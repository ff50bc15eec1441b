// The one request contract between the renderer and the main side. Every request is declared here once
// (name, argument type, result type), and so is every pushed event. Electron main (ipc.ts), the preload, the
// web mode (electron/server) and the renderer's client all derive from `Requests`: adding a request here makes
// the compiler point at every place that must handle it (the schema table in schemas.ts first).
//
// Pure types plus a few constants: no Node, no DOM, no electron. Everything crossing the border is plain JSON
// (no bigint, no Map, no class instances), because it goes through structured clone (IPC) or JSON (HTTP).
import type { AppError, Result } from './result';
import type { CompareResult } from './compare';
import type { SidecarFormat } from './sidecar';
import type { Recipe, RecipeTarget } from './recipe';
import type { Sweep, SweepQuery, TimelinePage, TimelineQuery } from './timeline';
import type { VerificationRecord, VerifyFinished, VerifyProgress, VerifyTarget } from './verification';
import type {
  FolderInfo,
  ImageDetail,
  ImageSummary,
  IndexSummary,
  JobProgress,
  ReproGroup,
  ImageMarksChange,
  SearchFilters,
  SearchCount,
  SearchPage,
  SearchQuery,
  SimilarHit,
} from './library';

// The library's own types are the contract's: one definition from the SQLite row to the React prop.
export type {
  FolderInfo,
  ImageDetail,
  ImageSummary,
  IndexSummary,
  JobProgress,
  ReproGroup,
  SearchFilters,
  SearchCount,
  SearchPage,
  SearchQuery,
  SimilarHit,
};
export type { CompareResult, SidecarFormat };

// ---------------------------------------------------------------------------------------------------------
// Values that name things

/** An image to work on: indexed in the library, uploaded in web mode (drag-drop), or a local path (desktop drop). */
export type ImageRef =
  | { kind: 'indexed'; imageId: number }
  | { kind: 'upload'; uploadId: string }
  | { kind: 'path'; path: string };

/** A library folder as the folder list shows it: the library's facts plus whether a live watch runs on it. */
export interface FolderView extends FolderInfo {
  watching: boolean;
}

/** Values for the filter dropdowns: what the library holds, with counts. */
export interface FacetValue {
  /** What the filter accepts (a model facet whose names differ but whose hash agrees: `hash:<model hash>`). */
  value: string;
  count: number;
  /** What the dropdown shows, when it differs from value (the model names merged under one hash). */
  label?: string;
  /** The model hash the images agree on, shown beside the name. */
  hash?: string;
}

export interface Facets {
  generators: FacetValue[];
  models: FacetValue[];
  samplers: FacetValue[];
  schedulers: FacetValue[];
  loras: FacetValue[];
  /** `${width}x${height}` of the generation size. */
  sizes: FacetValue[];
  /** The person's tags (electron/library/image-marks.ts). */
  tags: FacetValue[];
}

export interface GroupsArgs {
  /** Only groups whose pixels disagree (the tuple did not reproduce). */
  disagreeingOnly: boolean;
  limit: number;
}

/** One folder of the server's, for the web mode's folder picker (only under `serve --root` folders). */
export interface FolderListing {
  /** The folder listed (real path), or null for the list of roots. */
  path: string | null;
  /** One level up, or null at a root (the picker does not leave the allowed roots). */
  parent: string | null;
  roots: string[];
  folders: Array<{ name: string; path: string }>;
  truncated: boolean;
}

export interface SidecarDownload {
  downloadId: string;
  /** What the browser saves it as: the sidecar's own name, or `seedscope-<format>-<n>-sidecars.zip`. */
  fileName: string;
  files: number;
  failed: Array<{ imageId: number; message: string }>;
}

export interface ExportSummary {
  written: string[];
  failed: Array<{ imageId: number; message: string }>;
}

export interface AppInfo {
  name: 'Seedscope';
  version: string;
  mode: 'desktop' | 'web';
  dbPath: string;
  cachePath: string;
  /** Largest upload the web mode accepts, bytes. */
  maxUploadBytes: number;
}

/** What recipes.build answers: the recipe and which image it was built from. */
export interface RecipeView {
  fileName: string;
  generator: string | null;
  recipe: Recipe;
}
export type { Recipe, RecipeTarget };

/** What compare.run answers. */
export interface CompareView {
  /** Names the heatmap: `mediaUrl('heatmap', compareId)`. */
  compareId: string;
  a: ComparedImage;
  b: ComparedImage;
  result: CompareResult;
}

export interface ComparedImage {
  ref: ImageRef;
  fileName: string;
  /** Same-origin URL path that shows this side, or null for a local desktop drop (show the File as a blob: URL). */
  mediaPath: MediaPath | null;
}

// ---------------------------------------------------------------------------------------------------------
// Requests

export interface Requests {
  'library.listFolders': { args: Record<string, never>; result: FolderView[] };
  /** Adds the folder and starts indexing it; progress arrives as `job.progress`, the end as `job.finished`. */
  'library.addFolder': { args: { path: string; watch: boolean }; result: { folder: FolderView; jobId: string } };
  /** Subfolders of a server folder under the `--root` folders (path null: the roots), to pick one to add. */
  'library.browseFolders': { args: { path: string | null }; result: FolderListing };
  /** Forgets the folder's images (the files themselves are never touched). */
  'library.removeFolder': { args: { folderId: number }; result: { removed: boolean } };
  'library.setWatch': { args: { folderId: number; watch: boolean }; result: FolderView };
  /** Rescans one folder, or every folder when folderId is null. */
  'library.rescan': { args: { folderId: number | null }; result: { jobId: string } };
  'library.search': { args: SearchQuery; result: SearchPage };
  /** The number of images a search matches (heavy at 1M rows: answered off the request thread). */
  'library.count': { args: Pick<SearchQuery, 'text' | 'filters'>; result: SearchCount };
  /** Counts narrow with the other filters set (a facet ignores only its own filter). */
  'library.facets': { args: { filters?: SearchFilters }; result: Facets };
  'library.getImage': { args: { imageId: number }; result: ImageDetail };
  /** Makes the thumbnail again from the image file when it is gone from the cache; an error names the file and why
   *  it cannot (offline, deleted, undecodable). */
  'library.rebuildThumbnail': { args: { imageId: number }; result: { rebuilt: boolean } };
  /** Favourite, 0-5 rating, tags: kept in the library, never written into the image; XMP export carries them. */
  'library.setMarks': {
    args: { imageId: number; change: ImageMarksChange };
    result: Pick<ImageSummary, 'favourite' | 'rating' | 'tags'>;
  };
  'library.groups': { args: GroupsArgs; result: ReproGroup[] };
  /** Generation history in time order, newest first: sessions and what changed since each line's previous image. */
  'library.timeline': { args: TimelineQuery; result: TimelinePage };
  /** Runs of images that differ in exactly one knob, each ordered by that knob's value. */
  'library.sweeps': { args: SweepQuery; result: Sweep[] };
  /** Near-duplicates by perceptual hash, nearest first. */
  'library.similar': { args: { image: ImageRef; limit: number }; result: SimilarHit[] };
  'compare.run': { args: { a: ImageRef; b: ImageRef }; result: CompareView };
  /** Writes one sidecar per image into outDir (default: the cache's export folder); never beside the originals. */
  'records.export': {
    args: { imageIds: number[]; format: SidecarFormat; outDir: string | null };
    result: ExportSummary;
  };
  /** The sidecars as one download (a zip when there are several), for a browser on another machine: fetch
   *  `mediaPath('download', downloadId)`; the server keeps the file in its cache, never beside the images. */
  'records.download': { args: { imageIds: number[]; format: SidecarFormat }; result: SidecarDownload };
  /** What to run to get the image again, for one target (electron/recipes/); warnings say what it cannot express. */
  'recipes.build': { args: { image: ImageRef; target: RecipeTarget }; result: RecipeView };
  /** Starts a verify run against a generator (electron/verify/); progress as `verify.progress`, the end as `verify.finished`; cancel with jobs.cancel. */
  'verify.start': {
    args: { image: ImageRef } & VerifyTarget;
    result: { jobId: string; address: string; remote: boolean };
  };
  /** Verification records, newest first: one image's (details), or every image's when imageId is null (History). */
  'verify.list': { args: { imageId: number | null; limit: number }; result: VerificationRecord[] };
  'jobs.cancel': { args: { jobId: string }; result: { cancelled: boolean } };
  'app.info': { args: Record<string, never>; result: AppInfo };
}

export type RequestName = keyof Requests;
export type RequestArgs<N extends RequestName> = Requests[N]['args'];
export type RequestResult<N extends RequestName> = Requests[N]['result'];

/** Every request name, at run time (main registers exactly these; the server serves exactly these). */
export const requestNames = [
  'library.listFolders',
  'library.addFolder',
  'library.browseFolders',
  'library.removeFolder',
  'library.setWatch',
  'library.rescan',
  'library.search',
  'library.count',
  'library.facets',
  'library.getImage',
  'library.rebuildThumbnail',
  'library.setMarks',
  'library.groups',
  'library.timeline',
  'library.sweeps',
  'library.similar',
  'compare.run',
  'records.export',
  'records.download',
  'recipes.build',
  'verify.start',
  'verify.list',
  'jobs.cancel',
  'app.info',
] as const satisfies readonly RequestName[];

// Fails to compile if a request is added to `Requests` but not to `requestNames`.
type MissingRequestNames = Exclude<RequestName, (typeof requestNames)[number]>;
const requestNamesComplete: MissingRequestNames extends never ? true : MissingRequestNames = true;
void requestNamesComplete;

export function isRequestName(name: string): name is RequestName {
  return (requestNames as readonly string[]).includes(name);
}

// ---------------------------------------------------------------------------------------------------------
// Pushed events (main -> renderer): SSE in web mode, webContents.send in the desktop app

export interface JobFinished {
  jobId: string;
  /** The indexer's summary (null when the job failed before producing one). */
  summary: IndexSummary | null;
  /** What failed and what to do, when the job failed as a whole (single bad files are in summary.failed). */
  error: AppError | null;
}

export interface LibraryChanged {
  /** Folder whose images changed, or null for "reload everything" (folder added/removed). */
  folderId: number | null;
  /** 'counts': the facet and result counts of a big, fast-changing library were answered stale and are fresh now. */
  reason: 'indexed' | 'watch' | 'folder-added' | 'folder-removed' | 'folder-updated' | 'marks' | 'counts';
}

export interface Events {
  'job.progress': JobProgress;
  'job.finished': JobFinished;
  'library.changed': LibraryChanged;
  'verify.progress': VerifyProgress;
  'verify.finished': VerifyFinished;
}

export type EventName = keyof Events;
export const eventNames = [
  'job.progress',
  'job.finished',
  'library.changed',
  'verify.progress',
  'verify.finished',
] as const satisfies readonly EventName[];

// ---------------------------------------------------------------------------------------------------------
// Media: images, thumbnails, heatmaps and uploads are fetched by URL (an <img src>), not through requests.

export type MediaKind = 'image' | 'thumb' | 'heatmap' | 'upload' | 'download';
export const mediaKinds = ['image', 'thumb', 'heatmap', 'upload', 'download'] as const satisfies readonly MediaKind[];

/** The same-origin path of a media item, e.g. `/media/thumb/42`. Both transports serve exactly this path. */
export type MediaPath = `/media/${MediaKind}/${string}`;

export function mediaPath(kind: MediaKind, id: string | number): MediaPath {
  return `/media/${kind}/${encodeURIComponent(String(id))}`;
}

/** The Electron renderer's origin: the app and its media are served by protocol.handle('seedscope'). */
export const desktopOrigin = 'seedscope://app';

// ---------------------------------------------------------------------------------------------------------
// The client: both transports implement it (renderer/api/http.ts, and the preload's bridge for the desktop)

/** The part of a DOM `File` the client needs; a DOM File is assignable to it (shared/ has no DOM types). */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
  readonly type: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface SeedscopeApi {
  readonly transport: 'electron' | 'http';
  request<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<Result<RequestResult<N>>>;
  /** Returns the function that stops listening. */
  subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Web mode uploads the bytes (-> upload ref); the desktop asks the preload for the file's path (-> path ref). */
  imageRefForFile(file: DroppedFile): Promise<Result<ImageRef>>;
  /** A URL for an <img src>: pure string building, no request. */
  mediaUrl(kind: MediaKind, id: string | number): string;
}

/** The desktop preload exposes its SeedscopeApi as `window[bridgeGlobalName]`. */
export const bridgeGlobalName = 'seedscope';

// ---------------------------------------------------------------------------------------------------------
// The HTTP transport of the web mode (electron/server), documented where the client is written against it:
//   POST /api/<RequestName>   body: JSON args, Content-Type: application/json
//        -> 200 + Result JSON (ok, or ok:false for a domain failure such as an unreadable file)
//        -> 400 + Result JSON (code 'bad-argument') when the args do not match the schema
//        -> 404 + Result JSON (code 'unknown-request')
//   GET  /api/events          Server-Sent Events: `event: <EventName>` + `data: <JSON payload>`
//   POST /api/upload          raw body, header X-Filename (encodeURIComponent of the name) -> Result<UploadReceipt>
//                             (400 not an image / empty, 413 over AppInfo.maxUploadBytes; both with a Result)
//   GET  /media/<kind>/<id>   image bytes (see MediaPath); 404 + Result when there is no such item
//   Any route: 403 + Result for a foreign Host/Origin or a cross-site fetch, 401 + Result without the token.
// When the server runs with --token, the first page load carries ?token=...; the server answers with an
// HttpOnly SameSite=Strict cookie, so fetch, EventSource and <img> need nothing more.

export const apiPrefix = '/api/';
export const eventsPath = '/api/events';
export const uploadPath = '/api/upload';
export const uploadFileNameHeader = 'X-Filename';

export interface UploadReceipt {
  uploadId: string;
  fileName: string;
  size: number;
}
