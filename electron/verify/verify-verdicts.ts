// The three checks of the seed guide's Verify section, judged from compare results: pure functions over the
// compare engine's output, so each verdict line is tested with plain data.
//   deterministic: rerun 1 vs rerun 2 (and every further rerun vs rerun 1);
//   reproduces:    each rerun vs the original image, with the ranked culprits and the recipe's own warnings;
//   responsive:    the nudged run vs rerun 1: it must change by more than run-to-run noise.
import type { CompareResult, Culprit } from '../../shared/compare';
import type { RecipeWarning } from '../../shared/recipe';
import type { VerifyCheck, VerifyComparison, VerifyGrade, VerifyNudge } from '../../shared/verification';

export interface LabelledCompare {
  a: string;
  b: string;
  result: CompareResult;
}

const GRADE_ORDER: VerifyGrade[] = ['fail', 'close', 'pass'];

export function comparisonOf(c: LabelledCompare): VerifyComparison {
  const p = c.result.pixel;
  return {
    a: c.a,
    b: c.b,
    verdict: c.result.verdict,
    verdictReason: c.result.verdictReason,
    changedPixels: p.changedPixels,
    totalPixels: p.totalPixels,
    maxDelta: p.maxDelta,
    ssim: p.ssim,
  };
}

function pct(c: VerifyComparison): string {
  const ratio = c.totalPixels ? c.changedPixels / c.totalPixels : 0;
  return `${(ratio * 100).toFixed(ratio < 0.001 ? 4 : 2)}%`;
}

/** Worst first: the check is only as good as its worst pair. */
function worst(compares: LabelledCompare[]): LabelledCompare {
  const rank = { 'bit-identical': 0, 'visually-identical': 1, similar: 2, different: 3 } as const;
  return compares.reduce((w, c) => (rank[c.result.verdict] > rank[w.result.verdict] ? c : w));
}

export function judgeDeterministic(compares: LabelledCompare[]): VerifyCheck {
  if (compares.length === 0) {
    return {
      check: 'deterministic',
      grade: 'not-run',
      line: 'Deterministic: not checked (one run only; use --runs 2 or more).',
      comparisons: [],
      culprits: [],
    };
  }
  const w = worst(compares);
  const c = comparisonOf(w);
  const pair = `${w.a} and ${w.b}`;
  const comparisons = compares.map(comparisonOf);
  if (w.result.verdict === 'bit-identical') {
    return {
      check: 'deterministic',
      grade: 'pass',
      line: `Deterministic: yes. ${compares.length === 1 ? `${pair} are` : 'every rerun is'} bit-identical (same SHA-256 of the decoded pixels).`,
      comparisons,
      culprits: [],
    };
  }
  if (w.result.verdict === 'visually-identical') {
    return {
      check: 'deterministic',
      grade: 'close',
      line: `Deterministic: nearly. ${pair} differ in ${c.changedPixels} pixels (${pct(c)}) by at most ${c.maxDelta}/255: GPU nondeterminism. For bit-identical reruns enable deterministic algorithms (guide step 5).`,
      comparisons,
      culprits: w.result.culprits,
    };
  }
  return {
    check: 'deterministic',
    grade: 'fail',
    line: `Deterministic: no. ${pair} are ${w.result.verdict} (${pct(c)} of pixels differ, SSIM ${c.ssim.toFixed(4)}): this pipeline does not give the same image twice for the same recipe (random seed, nondeterministic sampler or a post-process).`,
    comparisons,
    culprits: w.result.culprits,
  };
}

function warningCulprit(w: RecipeWarning): Culprit {
  return {
    cause: 'other',
    field: `recipe.${w.code}`,
    a: null,
    b: null,
    explanation: `The recipe could not carry this: ${w.message}`,
    fix: 'Run the image on the generator that made it, or add what is missing by hand before verifying.',
    fixCode: null,
    likelihood: 'medium',
    evidence: [{ label: 'recipe warning', value: w.code }],
  };
}

export function judgeReproduces(compares: LabelledCompare[], warnings: RecipeWarning[]): VerifyCheck {
  const w = worst(compares);
  const c = comparisonOf(w);
  const comparisons = compares.map(comparisonOf);
  const warned = warnings.map(warningCulprit);
  const every = compares.length === 1 ? w.b : 'every rerun';
  if (w.result.verdict === 'bit-identical') {
    return {
      check: 'reproduces',
      grade: 'pass',
      line: `Reproduces: yes. ${every} is bit-identical to the original.`,
      comparisons,
      culprits: [],
    };
  }
  const culprits = [...w.result.culprits, ...warned];
  const top = w.result.culprits[0];
  const named = top
    ? ` Most likely: ${top.cause} (${top.field}${top.a !== null || top.b !== null ? `: ${top.a ?? '(none)'} vs ${top.b ?? '(none)'}` : ''}).`
    : warned.length
      ? ` The recipe could not carry everything: ${warnings[0].message}.`
      : '';
  if (w.result.verdict === 'visually-identical') {
    return {
      check: 'reproduces',
      grade: 'close',
      line: `Reproduces: visually. ${w.b} differs from the original in ${c.changedPixels} pixels (${pct(c)}) by at most ${c.maxDelta}/255, not bit for bit.${named}`,
      comparisons,
      culprits,
    };
  }
  return {
    check: 'reproduces',
    grade: 'fail',
    line: `Reproduces: no. ${w.b} is ${w.result.verdict} from the original (${pct(c)} of pixels differ, SSIM ${c.ssim.toFixed(4)}).${named}`,
    comparisons,
    culprits,
  };
}

export function judgeResponsive(compare: LabelledCompare | null, nudge: VerifyNudge): VerifyCheck {
  if (!compare || nudge.from === null) {
    return {
      check: 'responsive',
      grade: 'not-run',
      line: `Responsive: not checked (the recipe has no ${nudge.knob} value to change).`,
      comparisons: [],
      culprits: [],
    };
  }
  const c = comparisonOf(compare);
  const change = `${nudge.knob} ${nudge.from} -> ${nudge.to}`;
  const comparisons = [c];
  if (compare.result.verdict === 'bit-identical') {
    return {
      check: 'responsive',
      grade: 'fail',
      line: `Responsive: NO. ${change} gave identical pixels: the generator ignores ${nudge.knob} or returns a cached image. Clear its cache (restart it), and check the setting reaches the sampler.`,
      comparisons,
      culprits: [],
    };
  }
  if (compare.result.verdict === 'visually-identical') {
    return {
      check: 'responsive',
      grade: 'fail',
      line: `Responsive: no. ${change} changed only ${c.changedPixels} pixels by at most ${c.maxDelta}/255, no more than run-to-run noise: ${nudge.knob} looks ignored or cached.`,
      comparisons,
      culprits: [],
    };
  }
  return {
    check: 'responsive',
    grade: 'pass',
    line: `Responsive: yes. ${change} changed ${pct(c)} of the pixels (${compare.result.verdict}): the pipeline is not stuck on a cached image.`,
    comparisons,
    culprits: [],
  };
}

/** The grade the checks imply: the worst one that ran. */
export function overallGrade(checks: VerifyCheck[]): { grade: VerifyGrade; line: string } {
  const ran = checks.filter((c) => c.grade !== 'not-run');
  if (ran.length === 0) return { grade: 'not-run', line: 'Grade: not run.' };
  const grade = ran.reduce<VerifyGrade>(
    (g, c) => (GRADE_ORDER.indexOf(c.grade) < GRADE_ORDER.indexOf(g) ? c.grade : g),
    'pass',
  );
  const failed = ran.filter((c) => c.grade === 'fail').map((c) => c.check);
  const line =
    grade === 'pass'
      ? 'Grade: pass. This pipeline reruns the image bit for bit and responds to its settings.'
      : grade === 'close'
        ? 'Grade: close. Same picture, not the same bits: GPU nondeterminism (guide step 5) or a different card.'
        : `Grade: fail (${failed.join(', ')}). See the culprits under each check.`;
  return { grade, line };
}
