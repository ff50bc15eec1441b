// One culprit rule per file, registered in ./index.ts in the seed guide's order. A rule reads the context and
// answers the culprits it can name; it never throws and never sees files, only data.
import type {
  Alignment,
  ChangedRegions,
  Culprit,
  CulpritCause,
  CulpritEvidence,
  CulpritLikelihood,
  EncodingInfo,
  PixelSize,
  PixelStats,
  PromptDiff,
  TupleDiffRow,
  Verdict,
} from '../../../shared/compare';
import type { RunRecord } from '../../../shared/run-record';
import type { GenerationTuple } from '../../../shared/tuple';
import type { FixStep } from './fixes';

/** What the difference looks like (electron/compare/difference-shape.ts). */
export interface DifferenceShape {
  /** Mean signed B - A per R, G, B channel over every pixel (0-255 scale). */
  meanSigned: [number, number, number];
  /** Nearly every pixel moved, all the same way: a levels / gamma / colour-profile change, not noise. */
  uniformShift: boolean;
  /** Jumps of the luma difference across 8x8 block borders over jumps inside blocks; null when too small. */
  blockBoundaryRatio: number | null;
}

/** The pixel-side facts the evidence rules rest on. Absent when a caller built the context from tuples alone. */
export interface PairFacts {
  /** Decoded sizes, before any alignment. */
  sizeA: PixelSize;
  sizeB: PixelSize;
  /** Statistics of the measured (aligned) pair. */
  pixel: PixelStats;
  regions: ChangedRegions;
  encodingA: EncodingInfo | null;
  encodingB: EncodingInfo | null;
  alignment: Alignment | null;
  /** null when the pixels are identical. */
  shape: DifferenceShape | null;
}

export interface CulpritContext {
  a: GenerationTuple | null;
  b: GenerationTuple | null;
  fileA: string;
  fileB: string;
  /** Decoded RGBA pixels are byte-identical. */
  pixelsIdentical: boolean;
  verdict: Verdict;
  /** Changed pixels and the largest channel delta, for wording. */
  changedPixels: number;
  /** Changed pixels whose colour is equal and only alpha differs. */
  alphaOnlyChangedPixels: number;
  maxDelta: number;
  /** Empty when either tuple is missing. */
  rows: TupleDiffRow[];
  promptDiffs: PromptDiff[];
  facts?: PairFacts;
  /** Each side's run record (API request/response or local environment), when one was found or attached. */
  runRecordA?: RunRecord | null;
  runRecordB?: RunRecord | null;
}

/** What a rule answers: a Culprit whose evidence and fixCode may be left for rankCulprits to fill (the two values). */
export type CulpritFinding = Omit<Culprit, 'evidence' | 'fixCode'> & Partial<Pick<Culprit, 'evidence' | 'fixCode'>>;

export interface CulpritRule {
  /** Names the rule in tests and logs. */
  id: string;
  find(context: CulpritContext): CulpritFinding[];
}

/** The two recorded values of a field, as evidence rows. */
export function valueEvidence(field: string, a: string | null, b: string | null): CulpritEvidence[] {
  return [
    { label: `${field} in A`, value: a ?? '(not recorded)' },
    { label: `${field} in B`, value: b ?? '(not recorded)' },
  ];
}

/** The differing row for a field, if any. */
export function differing(context: CulpritContext, field: string): { a: string | null; b: string | null } | null {
  const found = context.rows.find((r) => r.field === field && !r.same);
  return found ? { a: found.a, b: found.b } : null;
}

/** The culprit for one differing field, carrying the row's two values; none when the field does not differ. */
export function fieldCulprit(
  context: CulpritContext,
  cause: CulpritCause,
  field: string,
  fix: FixStep,
  explain: (a: string | null, b: string | null) => string,
  likelihood: CulpritLikelihood = 'high',
): Culprit[] {
  const d = differing(context, field);
  return d
    ? [
        {
          cause,
          field,
          a: d.a,
          b: d.b,
          explanation: explain(d.a, d.b),
          ...fix,
          likelihood,
          evidence: valueEvidence(field, d.a, d.b),
        },
      ]
    : [];
}

/**
 * Differing rows of one keyed list (`adapters[`, `postprocess[`, `determinism.other[`, `extras[`), each with its
 * key: the text between the prefix and the closing bracket.
 */
export function differingWithPrefix(
  context: CulpritContext,
  prefix: string,
): Array<{ field: string; key: string; a: string | null; b: string | null }> {
  return context.rows
    .filter((r) => !r.same && r.field.startsWith(prefix))
    .map((r) => ({ field: r.field, key: r.field.slice(prefix.length, -1), a: r.a, b: r.b }));
}

/** One high-likelihood culprit per differing entry of a keyed list, carrying the row's two values. */
export function entryCulprits(
  context: CulpritContext,
  prefix: string,
  cause: CulpritCause,
  fix: FixStep,
  explain: (key: string, a: string | null, b: string | null) => string,
): Culprit[] {
  return differingWithPrefix(context, prefix).map((d) => ({
    cause,
    field: d.field,
    a: d.a,
    b: d.b,
    explanation: explain(d.key, d.a, d.b),
    ...fix,
    likelihood: 'high',
    evidence: valueEvidence(d.key, d.a, d.b),
  }));
}

export function quoted(value: string | null): string {
  return value === null ? '(none)' : `"${value}"`;
}

/** Keys that record when or where, never how: they differ on every run and explain nothing. `comfy.savedBy` is
 *  which ComfyUI output node wrote the file (one run's PNG and WebP name different savers of the same picture);
 *  `comfy.otherOutputs` names samplers that do not reach the file, so they cannot have changed its pixels. */
export const BOOKKEEPING_EXTRAS =
  /^(created[ _]?date|date|time|timestamp|creation[ _]time|job[ _]?id|request[ _]?id|user|uuid|id|file[ _]?name|filename|comfy\.savedBy|comfy\.otherOutputs)$/i;

/** Rows that record something other than a pixel-deciding parameter: which tool wrote the file, hash bookkeeping,
 *  canonical ids (the sampler rule reads those), and pass 0's copy of the top-level fields. */
const NON_DECIDING =
  /^(generator|software|modelHashType|samplerId|schedulerId|passes\[0\]\.(model|sampler|scheduler|steps|cfg|seed|width|height))$/;

/** Differing rows that may decide pixels (unknown extras included: the guide's "any line that differs is a
 *  suspect"). When there are none, the recorded parameters cannot explain a pixel difference. */
export function decidingDifferences(
  context: CulpritContext,
): Array<{ field: string; a: string | null; b: string | null }> {
  return context.rows
    .filter(
      (r) =>
        !r.same &&
        !NON_DECIDING.test(r.field) &&
        !(r.field.startsWith('extras[') && BOOKKEEPING_EXTRAS.test(r.field.slice(7, -1))),
    )
    .map((r) => ({ field: r.field, a: r.a, b: r.b }));
}
