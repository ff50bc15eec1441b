// The library as the UI and the contract see it: indexed folders, image rows, history queries, tuple groups,
// near-duplicates and job progress. Pure data (crosses IPC/HTTP as JSON).
import type { GeneratorId, ImageFormat } from './tuple';
import type { ImageReport } from './image-report';
import type { GradeReason, ReproducibilityGradeId } from './reproducibility-grade';

/** `online`: the file was seen on the last scan. `offline`: its folder or drive is unreachable (kept, never deleted). */
export type ImageState = 'online' | 'offline';

/** `pending`: metadata indexed, pixels not yet hashed. `done`: hashes and thumbnail stored. `failed`: see pixelError. */
export type PixelState = 'pending' | 'done' | 'failed';

export interface FolderInfo {
  id: number;
  path: string;
  online: boolean;
  imageCount: number;
  /** Epoch ms of the last completed scan, null before the first one finishes. */
  lastScanAt: number | null;
}

/** The tuple values a list row or a group header shows. */
export interface TupleHeadline {
  model: string | null;
  seed: string | null;
  samplerId: string | null;
  schedulerId: string | null;
  steps: number | null;
  cfg: number | null;
  width: number | null;
  height: number | null;
  /** First 200 characters of the prompt. */
  promptPreview: string | null;
}

export interface ImageSummary extends TupleHeadline {
  id: number;
  path: string;
  folderId: number;
  format: ImageFormat;
  generator: GeneratorId | null;
  pixelWidth: number | null;
  pixelHeight: number | null;
  /** File modification time, epoch ms: when the generator wrote it. */
  createdAt: number;
  state: ImageState;
  pixelState: PixelState;
  /** Absolute path of the cached thumbnail (JPEG), null until the pixel pass ran. */
  thumbnailPath: string | null;
  /** How reproducible the image is from what is recorded (electron/library/reproducibility-grade.ts). */
  grade: ReproducibilityGradeId | null;
  /** The person's marks, kept in the library (never in the file); written to XMP sidecars on export. */
  favourite: boolean;
  /** 0 (unrated) to 5 stars, as XMP's xmp:Rating. */
  rating: number;
  /** Free tags as typed, as XMP's dc:subject. */
  tags: string[];
  /** With a text search: the fields the words were found in. */
  matchedIn?: SearchField[];
}

/** What the text search looks in, in the order a hit names them. */
export type SearchField = 'prompt' | 'negativePrompt' | 'fileName' | 'models' | 'c2pa' | 'tags';

/** What `library.setMarks` changes on an image; fields left out stay as they are. */
export interface ImageMarksChange {
  favourite?: boolean;
  rating?: number;
  tags?: string[];
}

export interface ImageDetail extends ImageSummary {
  size: number;
  mtimeMs: number;
  fileSha256: string | null;
  pixelSha256: string | null;
  rgbSha256: string | null;
  perceptualHash: string | null;
  modelHash: string | null;
  prompt: string | null;
  negativePrompt: string | null;
  tupleKey: string | null;
  loras: string[];
  /** The stored report: tuple JSON, raw metadata entries, warnings (pixels filled once hashed). */
  report: ImageReport;
  pixelError: string | null;
  /** What holds the grade back and what to change, worst first. */
  gradeReasons: GradeReason[];
  note: string | null;
  addedAt: number;
}

export interface SearchFilters {
  generator?: string;
  model?: string;
  modelHash?: string;
  sampler?: string;
  scheduler?: string;
  seed?: string;
  steps?: number;
  cfgMin?: number;
  cfgMax?: number;
  /** Generation size (tuple width/height). */
  width?: number;
  height?: number;
  lora?: string;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, exclusive. */
  until?: number;
  /** A folder path as added, or its id. */
  folder?: string | number;
  /** Include offline images (default true: they stay in the history). */
  includeOffline?: boolean;
  /** Only images with this reproducibility grade. */
  grade?: ReproducibilityGradeId;
  /** Only favourites. */
  favourite?: boolean;
  /** At least this many stars (1-5). */
  minRating?: number;
  /** Only images carrying this tag (case-insensitive). */
  tag?: string;
}

export interface SearchQuery {
  /** Full-text words over the prompt; a trailing `*` makes a prefix. Any punctuation is safe. Empty = everything. */
  text?: string;
  filters?: SearchFilters;
  /** Page size, 1..500 (default 100). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string | null;
  /**
   * Start at this position of the whole result set (0 = the newest match), for a scrollbar that stands for every
   * match: a jump to 50% asks for the rows around the middle. Ignored when `cursor` is set.
   */
  offset?: number;
}

export interface SearchPage {
  items: ImageSummary[];
  /** Opaque keyset cursor for the next page; null when this page is the last. */
  nextCursor: string | null;
  /** Position of `items[0]` in the whole result set (the query's `offset`, or where the cursor's page begins when
   *  known; null when a cursor page's position is not known). */
  offset: number | null;
}

/** How many images match a search (`library.count`): the grid's scrollbar and the count above it. */
export interface SearchCount {
  total: number;
}

export interface ReproGroup extends TupleHeadline {
  tupleKey: string;
  count: number;
  /** Distinct RGBA pixel hashes among the images whose pixels are hashed. */
  distinctPixelHashes: number;
  /** Distinct RGB-only hashes (equal RGB with different alpha = a tool rewrote alpha, e.g. stealth metadata). */
  distinctRgbHashes: number;
  /** True when every hashed image of the group has the same pixels. */
  pixelsAgree: boolean;
  images: ImageSummary[];
}

export interface SimilarHit {
  image: ImageSummary;
  /** Hamming distance in bits between the 64-bit perceptual hashes (0 = same picture). */
  distance: number;
  /** Exact decoded-pixel match (RGBA). */
  samePixels: boolean;
}

export type JobKind = 'index' | 'rescan' | 'watch';
export type JobPhase = 'scan' | 'metadata' | 'pixels' | 'reconcile' | 'done' | 'cancelled';

export interface JobProgress {
  jobId: string;
  kind: JobKind;
  phase: JobPhase;
  done: number;
  total: number;
  /** Items per second in the current phase. */
  rate: number;
  /** Null while the rate is unknown. */
  etaSeconds: number | null;
  currentFile: string | null;
}

export interface FileProblem {
  path: string;
  reason: string;
}

export interface IndexSummary {
  jobId: string;
  folders: number;
  /** Files seen by the walk. */
  seen: number;
  /** New or changed files whose metadata was (re)read. */
  indexed: number;
  /** Files skipped because size and mtime were unchanged. */
  unchanged: number;
  /** Pixel passes completed in this run (includes files left pending by an interrupted run). */
  pixelsDone: number;
  /** Renamed or moved files matched to their old row by pixel hash (identity and user data kept). */
  moved: number;
  /** Rows removed because their file was deleted from a folder that is present. */
  removed: number;
  /** Rows marked offline because their folder or drive could not be reached. */
  offline: number;
  /** Files or folders that could not be indexed, each with its reason. */
  failed: FileProblem[];
  cancelled: boolean;
  elapsedMs: number;
}
