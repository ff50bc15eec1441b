// How reproducible an image is from what is recorded about it, before anyone tries: the seed guide's "Decide your
// target" (bit-identical is rare on hosted APIs; visually indistinguishable is the realistic goal) made a grade.
// Computed at index time by electron/library/reproducibility-grade.ts and stored; pure data.

export type ReproducibilityGradeId = 'bit-identical-possible' | 'visually-identical-at-best' | 'not-reproducible';

export const REPRODUCIBILITY_GRADES: readonly ReproducibilityGradeId[] = [
  'bit-identical-possible',
  'visually-identical-at-best',
  'not-reproducible',
];

export const GRADE_LABELS: Record<ReproducibilityGradeId, string> = {
  'bit-identical-possible': 'bit-identical possible',
  'visually-identical-at-best': 'visually identical at best',
  'not-reproducible': 'not reproducible from what is recorded',
};

export type GradeReasonCode =
  | 'no-parameters'
  | 'seed-missing'
  | 'seed-placeholder'
  | 'no-model'
  | 'no-model-hash'
  | 'hosted-unpinned'
  | 'hosted-hardware'
  | 'sampler-gpu-noise'
  | 'postprocess-unseeded'
  | 'custom-nodes'
  | 'computed-values'
  | 'lossy-container';

export interface GradeReason {
  code: GradeReasonCode;
  /** The best grade this reason still allows. */
  caps: Exclude<ReproducibilityGradeId, 'bit-identical-possible'>;
  /** What holds the image back, with the values read. */
  text: string;
  /** What to change (or record) next time to lift it. */
  change: string;
}

export interface ReproducibilityGrade {
  grade: ReproducibilityGradeId;
  /** Worst first. Empty only for `bit-identical-possible`. */
  reasons: GradeReason[];
}

export function isReproducibilityGradeId(value: unknown): value is ReproducibilityGradeId {
  return typeof value === 'string' && (REPRODUCIBILITY_GRADES as readonly string[]).includes(value);
}
