// What comparing two images answers: pixel statistics, a verdict, the parameter diff and the ranked culprits.
// Pure data (JSON-safe: no Infinity, no NaN, no bigint, no class instances): crosses IPC/HTTP and is what
// `seedscope diff --json` prints. The causes and their order come from the seed guide
// (../shared/seed/same-seed-different-image.txt, "Common causes").

/** The verdict ladder, strictest first. */
export type Verdict = 'bit-identical' | 'visually-identical' | 'similar' | 'different';

/** The thresholds the verdict used, stated in every result so a reader can see why it was given. */
export interface VerdictThresholds {
  /** visually-identical needs SSIM at or above this ... */
  visuallyIdenticalMinSsim: number;
  /** ... and no channel of any pixel off by more than this (0-255). */
  visuallyIdenticalMaxDelta: number;
  /** similar (same composition) needs the perceptual hashes within this many bits (of 64) ... */
  similarMaxHashBits: number;
  /** ... or SSIM at or above this. */
  similarMinSsim: number;
}

export interface PixelSize {
  width: number;
  height: number;
}

/** Statistics on the full-resolution decoded RGBA pixels (after the stated resize when the sizes differ). */
export interface PixelStats {
  /** The size the statistics were measured at. */
  width: number;
  height: number;
  totalPixels: number;
  /** SHA-256 of each side's decoded RGBA pixels, as decoded (before any resize). */
  sha256A: string;
  sha256B: string;
  /** Decoded RGBA pixels are equal byte for byte (same size, same hash). */
  identical: boolean;
  /** Pixels where any channel (R, G, B or A) differs, counting differences of 1. */
  changedPixels: number;
  changedRatio: number;
  /** Pixels whose colour is equal but whose alpha differs (stealth metadata writers change only alpha LSBs). */
  alphaOnlyChangedPixels: number;
  /** Largest absolute difference of any channel of any pixel (0-255). */
  maxDelta: number;
  /** Mean absolute difference per R, G, B channel over every pixel (0-255). */
  meanDelta: number;
  /** Peak signal-to-noise ratio over R, G, B in dB; null when the colour is identical (infinite). */
  psnr: number | null;
  /** Mean SSIM of luma (BT.601) over 8x8 windows at stride 4, full resolution; 1 means identical. */
  ssim: number;
  /** Lowest SSIM of any window: where the worst local change is. */
  ssimMin: number;
  /** Changed pixels by largest channel difference: [1, 2-3, 4-7, 8-15, 16-31, 32-63, 64-127, 128-255]. */
  deltaHistogram: number[];
  /** 64-bit DCT perceptual hashes (electron/pixels/perceptual-hash.ts) of the measured pair: each side as decoded,
   *  or after the stated alignment when the sizes differ. */
  perceptualHashA: string;
  perceptualHashB: string;
  perceptualDistance: number;
}

/** A bounding box of changed pixels: one connected group of changed grid cells. */
export interface ChangedRegion {
  x: number;
  y: number;
  width: number;
  height: number;
  changedPixels: number;
  maxDelta: number;
}

export interface ChangedRegions {
  /** Largest first, at most `cap` of them. */
  boxes: ChangedRegion[];
  /** How many regions were found before the cap. */
  total: number;
  cap: number;
  /** Side of the square grid cells the regions were grown on, in pixels. */
  cellSize: number;
}

/** Sizes differed: which image was resized to what, with which kernel, before measuring. */
export interface ResizeNote {
  sizeA: PixelSize;
  sizeB: PixelSize;
  resized: 'a' | 'b';
  to: PixelSize;
  /** resize: the whole image was resampled to `to`; crop: the aligned box was cut out, no resampling. */
  method: 'resize' | 'crop';
  kernel: 'lanczos3' | 'nearest' | 'linear' | 'cubic';
  /** The aspect ratios differ, so the resize also stretched the picture. */
  aspectChanged: boolean;
  note: string;
}

export interface HeatmapStop {
  delta: number;
  /** `#rrggbb` */
  colour: string;
}

/** How the heatmap PNG maps difference to colour, for drawing its legend. */
export interface HeatmapInfo {
  /** Where the PNG was written, or null when none was requested. */
  path: string | null;
  width: number;
  height: number;
  /** What one heatmap pixel measures. */
  measure: 'largest channel |A-B| per pixel';
  colourScale: 'inferno';
  mapping: 'log';
  /** Colour of pixels that do not differ at all. */
  zero: string;
  /** Legend range: the smallest and largest difference the colours span. */
  minDelta: number;
  maxDelta: number;
  stops: HeatmapStop[];
}

export type CulpritCause =
  | 'seed'
  | 'model'
  | 'sampler'
  | 'scheduler'
  | 'steps'
  | 'cfg'
  | 'resolution'
  | 'adapters'
  | 'prompt'
  | 'negative-prompt'
  | 'postprocess'
  | 'hardware'
  | 'metadata-missing'
  | 'encoding'
  | 'geometry'
  | 'cached-image'
  | 'other';

/** high: the evidence names this cause (a deciding parameter differs, a lossy copy of the same picture, an aligned
 *  crop); medium: a known source of the difference is present but not proven; low: a lead to check, or nothing
 *  recorded explains the difference. */
export type CulpritLikelihood = 'high' | 'medium' | 'low';

export interface Culprit {
  cause: CulpritCause;
  /** The tuple field it rests on, e.g. `sampler`, `adapters[detail_tweaker]`, `determinism.rng`, `pixels`. */
  field: string;
  a: string | null;
  b: string | null;
  /** One finding, in sentences that read on their own. */
  explanation: string;
  /** What to do, naming the step (never a bare step number); commands and settings are in `fixCode`. */
  fix: string;
  /** The commands or settings of the fix, to copy as they are; null when the fix has none. */
  fixCode: string | null;
  likelihood: CulpritLikelihood;
  /** The figures the culprit rests on (containers, quality, SSIM, crop box, the two values), in reading order. */
  evidence: CulpritEvidence[];
}

export interface CulpritEvidence {
  label: string;
  value: string;
}

/** How one side's pixels are stored (electron/compare/encoding-info.ts). */
export interface EncodingInfo {
  container: string;
  /** e.g. `PNG (deflate)`, `JPEG (DCT)`, `WebP VP8 (lossy)`, `WebP VP8L (lossless)`. */
  codec: string;
  /** null when the file does not say. */
  lossy: boolean | null;
  /** JPEG quality (IJG scale 1-100) estimated from the quantisation tables; null where the format does not tell. */
  quality: number | null;
  /** The tables are exactly IJG's at `quality` (false: custom tables, nearest quality). */
  qualityExact: boolean | null;
}

/** Sizes differed and one image was found inside the other: a crop at the same scale, or the whole picture scaled. */
export interface Alignment {
  kind: 'crop' | 'scale';
  /** The side with more pixels. */
  larger: 'a' | 'b';
  /** crop: where the smaller image sits in the larger one, in the larger one's pixels; null for scale. */
  box: { x: number; y: number; width: number; height: number } | null;
  /** scale: the larger side's size divided by the smaller's, per axis (1 for a crop). */
  scaleX: number;
  scaleY: number;
  /** Mean absolute luma difference (0-255) of the best fit on the search grid. */
  searchError: number;
  note: string;
}

export interface TupleDiffRow {
  /** `seed`, `adapters[name]`, `passes[1].denoise`, `determinism.rng`, `extras.Hires upscaler`, ... */
  field: string;
  /** Values as written, for display; objects as JSON. null = that side has no value. */
  a: string | null;
  b: string | null;
  /** false only when a real difference was found (hashes of different types are not compared, so stay true). */
  same: boolean;
  /** Why the row is judged as it is (e.g. hashes of different types are not compared). */
  note?: string;
}

export type PromptFindingKind =
  | 'curly-quote'
  | 'dash'
  | 'nbsp'
  | 'zero-width'
  | 'bom'
  | 'leading-whitespace'
  | 'trailing-whitespace'
  | 'whitespace'
  | 'line-ending'
  | 'normalization'
  | 'invisible'
  /** Other punctuation that passes for ASCII: an ellipsis for "...", a fullwidth comma. */
  | 'lookalike'
  | 'text';

/** One named byte-level difference between two prompts. */
export interface PromptFinding {
  kind: PromptFindingKind;
  /** A sentence naming what differs, with code points and offsets. */
  description: string;
  /** Byte offsets (UTF-8) in each side where the difference starts; null where that side has nothing there. */
  byteOffsetA: number | null;
  byteOffsetB: number | null;
  /** The differing text on each side, and its code points (`U+201C`). */
  a: string;
  b: string;
  codePointsA: string[];
  codePointsB: string[];
}

export interface PromptDiff {
  field: 'prompt' | 'negativePrompt';
  identical: boolean;
  /** Equal after Unicode NFC normalization (the tokenizer may still see different bytes). */
  equalAfterNfc: boolean;
  /** Equal once every invisible/typographic difference is ignored: only the bytes differ, not the words. */
  invisibleOnly: boolean;
  bytesA: number;
  bytesB: number;
  /** First byte offset where the UTF-8 bytes differ (what `cmp` reports, 0-based), null when identical. */
  firstDifferenceByte: number | null;
  findings: PromptFinding[];
  /** Comma/space-separated tokens present on one side only. */
  tokensRemoved: string[];
  tokensAdded: string[];
  /** More findings existed than are listed. */
  truncated: boolean;
}

/** One side of a comparison, as shown in reports. */
export interface ComparedSide {
  file: string;
  format: string;
  width: number;
  height: number;
  generator: string | null;
  hasTuple: boolean;
  seed: string | null;
  model: string | null;
  sampler: string | null;
  /** Container, codec, lossy or not, JPEG quality; null when the bytes were not available. */
  encoding: EncodingInfo | null;
}

export interface CompareResult {
  verdict: Verdict;
  /** One sentence saying why this verdict, with the numbers. */
  verdictReason: string;
  thresholds: VerdictThresholds;
  pixel: PixelStats;
  regions: ChangedRegions;
  heatmap: HeatmapInfo;
  /** null when both images have the same size. */
  sizeMismatch: ResizeNote | null;
  /** Sizes differed and a crop or scale maps one image onto the other: the pixel statistics are of that aligned
   *  overlap (not of a stretched copy). null when the sizes agree or no alignment fits. */
  alignment: Alignment | null;
  a: ComparedSide;
  b: ComparedSide;
  /** Most likely first. Empty when the pixels are identical and the tuples agree. */
  culprits: Culprit[];
  /** Every compared field, differing rows first. Empty when either side has no tuple. */
  tupleDiff: TupleDiffRow[];
  /** Prompt and negative prompt byte diffs (only for fields both sides have). */
  promptDiff: PromptDiff[];
  warnings: string[];
}
