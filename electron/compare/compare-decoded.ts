// The compare engine on already-decoded images: the pure core that both the CLI/desktop path (compare-files.ts)
// and the web mode (uploaded files) call. The heavy loop runs synchronously for 30-200 ms on large pairs, so from
// Electron call it inside a worker_threads Worker (electron/backend/image-task-worker.ts does exactly that with
// compareImageFiles); nothing here imports electron or keeps state between calls, so it is worker-safe.
import type { CompareResult, ComparedSide, EncodingInfo, PromptDiff } from '../../shared/compare';
import type { ImageReport } from '../../shared/image-report';
import { diffPromptBytes } from '../../shared/prompt-bytes';
import type { DecodedImage } from '../pixels/decode';
import { rankCulprits } from './culprits/index';
import { encodeHeatmapPng, heatmapInfo, renderHeatmap } from './heatmap';
import { measurePixels } from './pixel-stats';
import { measureDifferenceShape } from './difference-shape';
import { matchAligned, type ResizeKernel, type ResizeTarget } from './resize-to-match';
import { diffTuples } from './tuple-diff';
import { decideVerdict, VERDICT_THRESHOLDS } from './verdict';

/** One side: what the metadata layer reported, and the decoded pixels. `report.pixels`, when given, must
 *  describe `decoded` (its SHA-256 is reused rather than computed again). */
export interface CompareSide {
  report: Pick<ImageReport, 'file' | 'format' | 'generator' | 'tuple' | 'warnings'> &
    Partial<Pick<ImageReport, 'pixels' | 'runRecord'>>;
  decoded: DecodedImage;
  /** How the file stored its pixels (readEncodingInfo on its bytes); the encoding culprit needs it. */
  encoding?: EncodingInfo;
}

export interface CompareOptions {
  /** When sizes differ: `smaller` (default) shrinks the larger image; `a` / `b` resizes the other to A's / B's size. */
  resize?: ResizeTarget;
  resizeKernel?: ResizeKernel;
  /** Render the heatmap PNG (returned as bytes; compare-files writes it). */
  heatmap?: boolean;
}

export interface DecodedComparison {
  result: CompareResult;
  /** PNG bytes of the heatmap at the compared size, when options.heatmap was set. */
  heatmapPng: Buffer | null;
}

function side(input: CompareSide): ComparedSide {
  const tuple = input.report.tuple;
  return {
    file: input.report.file,
    format: input.report.format,
    width: input.decoded.width,
    height: input.decoded.height,
    generator: input.report.generator,
    hasTuple: tuple !== null,
    seed: tuple?.seed ?? null,
    model: tuple?.model ?? null,
    sampler: tuple?.sampler ?? null,
    encoding: input.encoding ?? null,
  };
}

export async function compareDecoded(
  a: CompareSide,
  b: CompareSide,
  options: CompareOptions = {},
): Promise<DecodedComparison> {
  // Alignment runs only when the sizes differ (same-size pairs pay nothing for it).
  const matched = await matchAligned(
    a.decoded,
    b.decoded,
    options.resize ?? 'smaller',
    options.resizeKernel ?? 'lanczos3',
  );
  const measured = measurePixels(a.decoded, b.decoded, matched.a, matched.b, {
    a: a.report.pixels?.sha256,
    b: b.report.pixels?.sha256,
  });
  const { stats } = measured;
  const { verdict, reason } = decideVerdict(stats, matched.note !== null);

  const ta = a.report.tuple;
  const tb = b.report.tuple;
  const rows = ta && tb ? diffTuples(ta, tb) : [];
  const promptDiff: PromptDiff[] = [];
  if (ta && tb) {
    if (ta.prompt !== null && tb.prompt !== null) promptDiff.push(diffPromptBytes('prompt', ta.prompt, tb.prompt));
    if (ta.negativePrompt !== null && tb.negativePrompt !== null)
      promptDiff.push(diffPromptBytes('negativePrompt', ta.negativePrompt, tb.negativePrompt));
  }
  const culprits = rankCulprits({
    a: ta,
    b: tb,
    fileA: a.report.file,
    fileB: b.report.file,
    pixelsIdentical: stats.identical,
    verdict,
    changedPixels: stats.changedPixels,
    alphaOnlyChangedPixels: stats.alphaOnlyChangedPixels,
    maxDelta: stats.maxDelta,
    rows,
    promptDiffs: promptDiff,
    runRecordA: a.report.runRecord ?? null,
    runRecordB: b.report.runRecord ?? null,
    facts: {
      sizeA: { width: a.decoded.width, height: a.decoded.height },
      sizeB: { width: b.decoded.width, height: b.decoded.height },
      pixel: stats,
      regions: measured.regions,
      encodingA: a.encoding ?? null,
      encodingB: b.encoding ?? null,
      alignment: matched.alignment,
      shape: stats.identical ? null : measureDifferenceShape(matched.a.data, matched.b.data, stats.width, stats.height),
    },
  });

  const warnings = [...a.report.warnings.map((w) => `A: ${w}`), ...b.report.warnings.map((w) => `B: ${w}`)];
  if (matched.note) warnings.push(matched.note.note);
  const heatmapPng = options.heatmap
    ? await encodeHeatmapPng(renderHeatmap(measured.delta, matched.a.data), stats.width, stats.height)
    : null;
  const result: CompareResult = {
    verdict,
    verdictReason: reason,
    thresholds: VERDICT_THRESHOLDS,
    pixel: stats,
    regions: measured.regions,
    heatmap: heatmapInfo(stats.maxDelta, stats.width, stats.height, null),
    sizeMismatch: matched.note,
    alignment: matched.alignment,
    a: side(a),
    b: side(b),
    culprits,
    tupleDiff: rows,
    promptDiff,
    warnings,
  };
  return { result, heatmapPng };
}
