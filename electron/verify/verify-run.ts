// The Verify protocol end to end (the seed guide's Verify section): send the image's recipe N times, then once
// with one knob nudged; keep the outputs in a Seedscope-managed folder beside the database (never in the
// person's folders) and index them like any folder; compare rerun with rerun, each rerun with the original, the
// nudged run with rerun 1; judge the three checks and store one verification record, whatever the outcome.
// A cancelled or failed run removes its own output folder: outputs are written atomically, and a run that did
// not finish keeps none of them, so nothing half-done is left to index.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CompareResult } from '../../shared/compare';
import type {
  VerificationRecord,
  VerifyCheck,
  VerifyKnob,
  VerifyNudge,
  VerifyProgress,
} from '../../shared/verification';
import { indexFolders } from '../library/indexer';
import type { Library } from '../library/library';
import { writeFileAtomic } from '../records/atomic-write';
import { type GeneratorClient, type GeneratorRequest, VerifyError } from './generator-client';
import { generatorLabel } from './generator-http';
import { VerificationStore } from './verification-store';
import { nudgeRequest, planVerifyRequest } from './verify-request';
import {
  judgeDeterministic,
  judgeReproduces,
  judgeResponsive,
  type LabelledCompare,
  overallGrade,
} from './verify-verdicts';

export const DEFAULT_VERIFY_RUNS = 2;
export const MAX_VERIFY_RUNS = 10;

export interface VerifyRunOptions {
  library: Library;
  /** The image to verify (absolute path) and its library id when it is indexed. */
  imagePath: string;
  imageId: number | null;
  client: GeneratorClient;
  runs?: number;
  nudge?: VerifyKnob;
  signal?: AbortSignal;
  onProgress?: (progress: Omit<VerifyProgress, 'jobId'>) => void;
  /** The compare engine: in-process for the CLI, the image worker for the app. */
  compare: (a: string, b: string) => Promise<CompareResult>;
}

export interface VerifyRunResult {
  record: VerificationRecord;
  /** Why the run did not complete (the record says so too), or null. */
  error: VerifyError | null;
}

/** `library.sqlite` -> `library.sqlite.verify/`: verify outputs belong to one library and sit beside it. */
export function verifyFolderFor(dbPath: string): string {
  return `${path.resolve(dbPath)}.verify`;
}

function runFolderName(startedAt: number): string {
  const stamp = new Date(startedAt).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export async function runVerification(o: VerifyRunOptions): Promise<VerifyRunResult> {
  const startedAt = Date.now();
  const runs = Math.min(MAX_VERIFY_RUNS, Math.max(1, Math.floor(o.runs ?? DEFAULT_VERIFY_RUNS)));
  const knob = o.nudge ?? 'cfg';
  const store = new VerificationStore(o.library.db);
  const root = verifyFolderFor(o.library.dbPath);
  const runDir = path.join(root, runFolderName(startedAt));
  const generations = runs + 1;
  let nudge: VerifyNudge = { knob, from: null, to: null };
  let warnings: string[] = [];
  const outputs: string[] = [];
  const base = {
    imageId: o.imageId,
    imagePath: o.imagePath,
    startedAt,
    generator: o.client.kind,
    address: o.client.info.address,
    remote: !o.client.info.loopback,
    runs,
  };
  const progress = (p: Omit<VerifyProgress, 'jobId' | 'generations'>) => o.onProgress?.({ ...p, generations });

  try {
    progress({
      phase: 'prepare',
      generation: 0,
      step: 0,
      steps: 0,
      line: `Checking the ${generatorLabel(o.client.kind)} server at ${o.client.info.address}`,
    });
    const plan = await planVerifyRequest(o.imagePath, o.client.kind);
    warnings = plan.warnings.map((w) => w.message);
    await o.client.prepare(plan.request, { signal: o.signal });
    await fs.mkdir(runDir, { recursive: true });

    const generate = async (request: GeneratorRequest, index: number, label: string, file: string): Promise<string> => {
      progress({
        phase: index > runs ? 'nudge' : 'rerun',
        generation: index - 1,
        step: 0,
        steps: 0,
        line: `${label}: sent`,
      });
      const image = await o.client.generate(request, {
        signal: o.signal,
        onProgress: (p) =>
          progress({
            phase: index > runs ? 'nudge' : 'rerun',
            generation: index - 1,
            step: p.step,
            steps: p.steps,
            line: `${label}: step ${p.step}/${p.steps}`,
          }),
      });
      const target = path.join(runDir, file);
      await writeFileAtomic(target, image.png);
      outputs.push(target);
      return target;
    };

    const reruns: string[] = [];
    for (let i = 1; i <= runs; i++)
      reruns.push(await generate(plan.request, i, `Rerun ${i} of ${runs}`, `rerun-${i}.png`));
    const nudged = nudgeRequest(plan.request, knob);
    nudge = nudged.nudge;
    const nudgedFile =
      nudge.from === null
        ? null
        : await generate(
            nudged.request,
            runs + 1,
            `Nudged run (${knob} ${nudge.from} -> ${nudge.to})`,
            `nudged-${knob}.png`,
          );

    progress({ phase: 'compare', generation: generations, step: 0, steps: 0, line: 'Comparing the outputs' });
    const compare = async (a: string, aLabel: string, b: string, bLabel: string): Promise<LabelledCompare> => ({
      a: aLabel,
      b: bLabel,
      result: await o.compare(a, b),
    });
    const determinism: LabelledCompare[] = [];
    for (let i = 1; i < reruns.length; i++)
      determinism.push(await compare(reruns[0], 'rerun 1', reruns[i], `rerun ${i + 1}`));
    const reproduction: LabelledCompare[] = [];
    for (let i = 0; i < reruns.length; i++)
      reproduction.push(await compare(o.imagePath, 'original', reruns[i], `rerun ${i + 1}`));
    const responsive = nudgedFile
      ? await compare(reruns[0], 'rerun 1', nudgedFile, `nudged run (${knob} ${nudge.to})`)
      : null;
    const checks: VerifyCheck[] = [
      judgeDeterministic(determinism),
      judgeReproduces(reproduction, plan.warnings),
      judgeResponsive(responsive, nudge),
    ];
    if (o.signal?.aborted) throw new VerifyError('cancelled', 'Verify was cancelled.');

    progress({ phase: 'index', generation: generations, step: 0, steps: 0, line: 'Indexing the outputs' });
    o.library.addFolder(root);
    await indexFolders(o.library, [root], { kind: 'index', workers: 1, changed: { [root]: outputs } });

    const { grade, line } = overallGrade(checks);
    const record = store.add({
      ...base,
      finishedAt: Date.now(),
      generatorVersion: o.client.info.version,
      nudge,
      outcome: 'completed',
      grade,
      summary: line,
      checks,
      recipeWarnings: warnings,
      notes: o.client.info.notes,
      outputs,
    });
    progress({ phase: 'done', generation: generations, step: 0, steps: 0, line });
    return { record, error: null };
  } catch (err) {
    const error =
      err instanceof VerifyError
        ? err
        : new VerifyError('run-failed', err instanceof Error ? err.message : String(err));
    await fs.rm(runDir, { recursive: true, force: true });
    const cancelled = error.code === 'cancelled';
    const record = store.add({
      ...base,
      finishedAt: Date.now(),
      generatorVersion: o.client.info.version,
      nudge,
      outcome: cancelled ? 'cancelled' : 'failed',
      grade: null,
      summary: cancelled ? 'Cancelled: no outputs kept.' : error.message,
      checks: [],
      recipeWarnings: warnings,
      notes: o.client.info.notes,
      outputs: [],
    });
    return { record, error };
  }
}
