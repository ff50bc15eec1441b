// One culprit rule per file, registered in ./index.ts in the seed guide's order. A rule reads the context and
// answers the culprits it can name; it never throws and never sees files, only data.
import type { Culprit, PromptDiff, TupleDiffRow, Verdict } from '../../../shared/compare';
import type { GenerationTuple } from '../../../shared/tuple';

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
  maxDelta: number;
  /** Empty when either tuple is missing. */
  rows: TupleDiffRow[];
  promptDiffs: PromptDiff[];
}

export interface CulpritRule {
  /** Names the rule in tests and logs. */
  id: string;
  find(context: CulpritContext): Culprit[];
}

/** The differing row for a field, if any. */
export function differing(context: CulpritContext, field: string): { a: string | null; b: string | null } | null {
  const found = context.rows.find((r) => r.field === field && !r.same);
  return found ? { a: found.a, b: found.b } : null;
}

export function differingWithPrefix(context: CulpritContext, prefix: string): Array<{ field: string; a: string | null; b: string | null }> {
  return context.rows.filter((r) => !r.same && r.field.startsWith(prefix)).map((r) => ({ field: r.field, a: r.a, b: r.b }));
}

export function quoted(value: string | null): string {
  return value === null ? '(none)' : `"${value}"`;
}

/** Rows that record something other than a pixel-deciding parameter: which tool wrote the file, hash bookkeeping,
 *  canonical ids (the sampler rule reads those), pass 0's copy of the top-level fields, and free-form extras. */
const NON_DECIDING = /^(generator|software|modelHashType|samplerId|schedulerId|extras\[|passes\[0\]\.(model|sampler|scheduler|steps|cfg|seed|width|height)$)/;

/** Differing rows that decide pixels: when there are none, the recorded parameters cannot explain a difference. */
export function decidingDifferences(context: CulpritContext): Array<{ field: string; a: string | null; b: string | null }> {
  return context.rows.filter((r) => !r.same && !NON_DECIDING.test(r.field)).map((r) => ({ field: r.field, a: r.a, b: r.b }));
}
