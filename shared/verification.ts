// Verify against a running generator: the seed guide's Verify section as data. Generate the same recipe twice
// (deterministic?), compare each rerun with the original (reproduces?), change one knob on purpose and confirm
// the output changes (responsive, not a cached image). One verdict line and grade per check, kept in the library
// as a verification record. Pure data: crosses IPC/HTTP as JSON and is what `seedscope verify --json` prints.
import type { Culprit, Verdict } from './compare';
import type { AppError } from './result';

export type VerifyGeneratorKind = 'a1111' | 'comfyui';
export const verifyGeneratorKinds = ['a1111', 'comfyui'] as const satisfies readonly VerifyGeneratorKind[];

/** The knob the nudged run changes: cfg + 0.5 (default), steps + 1, seed + 1. */
export type VerifyKnob = 'cfg' | 'steps' | 'seed';
export const verifyKnobs = ['cfg', 'steps', 'seed'] as const satisfies readonly VerifyKnob[];

export type VerifyCheckId = 'deterministic' | 'reproduces' | 'responsive';

/** pass: bit-identical where it should be (or changed where it should change); close: only GPU-noise apart;
 *  fail: the check failed; not-run: the check could not be made (one run only, nothing to nudge). */
export type VerifyGrade = 'pass' | 'close' | 'fail' | 'not-run';

/** One compared pair, as the compare engine judged it. */
export interface VerifyComparison {
  /** What was compared, e.g. `rerun 1` and `rerun 2`, `original` and `rerun 1`. */
  a: string;
  b: string;
  verdict: Verdict;
  verdictReason: string;
  changedPixels: number;
  totalPixels: number;
  maxDelta: number;
  ssim: number;
}

export interface VerifyCheck {
  check: VerifyCheckId;
  grade: VerifyGrade;
  /** One line: the verdict, the numbers it rests on, and what it means. */
  line: string;
  comparisons: VerifyComparison[];
  /** Ranked culprits (reproduces: from the compare engine, the recipe's own warnings after them). */
  culprits: Culprit[];
}

export interface VerifyNudge {
  knob: VerifyKnob;
  /** e.g. `7` -> `7.5`; null when the recipe had no such value to change. */
  from: string | null;
  to: string | null;
}

export type VerifyOutcome = 'completed' | 'failed' | 'cancelled';

export interface VerificationRecord {
  id: number;
  /** The library image it verified, when the image is indexed. */
  imageId: number | null;
  imagePath: string;
  startedAt: number;
  finishedAt: number;
  generator: VerifyGeneratorKind;
  /** The server's address (credentials never stored). */
  address: string;
  /** Not loopback: someone's own remote GPU box. */
  remote: boolean;
  /** What the server said it is, e.g. A1111 `v1.10.1`, ComfyUI `0.3.40`. */
  generatorVersion: string | null;
  runs: number;
  nudge: VerifyNudge;
  outcome: VerifyOutcome;
  /** Worst grade of the checks; null when the run did not complete. */
  grade: VerifyGrade | null;
  /** The grade's one line, or what failed and what to do. */
  summary: string;
  checks: VerifyCheck[];
  /** What the recipe could not express for this generator (recipe warnings). */
  recipeWarnings: string[];
  /** Things noticed on the way that did not stop the run (a checkpoint found by name whose hash differs). */
  notes: string[];
  /** The outputs kept in the Seedscope-managed verify folder, in order: reruns, then the nudged run. */
  outputs: string[];
}

export type VerifyPhase = 'prepare' | 'rerun' | 'nudge' | 'compare' | 'index' | 'done';

export interface VerifyProgress {
  jobId: string;
  phase: VerifyPhase;
  /** Generations done so far and how many there will be (runs + 1 nudged). */
  generation: number;
  generations: number;
  /** Sampling steps of the current generation, as the generator reports them (0/0 when unknown). */
  step: number;
  steps: number;
  /** One line for a progress label, e.g. `Rerun 2 of 2: step 12/20`. */
  line: string;
}

/** What `verify.start` needs besides the image: which server, how many reruns, which knob, and a credential. */
export interface VerifyTarget {
  generator: VerifyGeneratorKind;
  /** http(s) address of the server; a non-loopback address is allowed (shown as remote). */
  url: string;
  runs: number;
  nudge: VerifyKnob;
  /** Sent as `Authorization: Bearer`; null for none. Never stored. */
  token: string | null;
}

/** The end of a verify job: the stored record (also for a failed or cancelled run), and the error if any. */
export interface VerifyFinished {
  jobId: string;
  record: VerificationRecord | null;
  error: AppError | null;
}
