import type { RunRecord, RunRecordFlag } from '../../../shared/run-record';
import type { CulpritFinding, CulpritRule } from './culprit-rule';
import { FIX } from './fixes';

/** Switches that rework the image without a seed; the safety filter and watermark do not add randomness. */
const UNSEEDED: ReadonlySet<RunRecordFlag['kind']> = new Set([
  'enhance',
  'prompt-rewrite',
  'upscale',
  'face-restore',
  'refiner',
]);

function onFlags(record: RunRecord | null | undefined): Map<string, RunRecordFlag> {
  return new Map((record?.postprocess ?? []).filter((f) => f.on && UNSEEDED.has(f.kind)).map((f) => [f.field, f]));
}

/** Guide cause 7 from the run records: the request switched on post-processing that is not seeded. */
export const runRecordPostprocessRule: CulpritRule = {
  id: 'run-record-postprocess',
  find(context) {
    const a = onFlags(context.runRecordA);
    const b = onFlags(context.runRecordB);
    const out: CulpritFinding[] = [];
    for (const field of new Set([...a.keys(), ...b.keys()])) {
      const flag = (a.get(field) ?? b.get(field))!;
      const sides = a.has(field) && b.has(field) ? 'Both requests' : a.has(field) ? "A's request" : "B's request";
      out.push({
        cause: 'postprocess',
        field: `runRecord.postprocess[${field}]`,
        a: a.get(field)?.value ?? null,
        b: b.get(field)?.value ?? null,
        explanation: `${sides} ran ${flag.kind} (${field} = ${flag.value}): it is not seeded and adds its own randomness on top of the generated image. Turn it off to test: ${flag.turnOff}.`,
        fix: FIX.postprocess.fix,
        fixCode: flag.turnOff,
        likelihood: 'medium',
        evidence: [
          { label: `${field} in A`, value: a.get(field)?.value ?? '(off or not sent)' },
          { label: `${field} in B`, value: b.get(field)?.value ?? '(off or not sent)' },
          { label: 'to turn it off', value: flag.turnOff },
        ],
      });
    }
    return out;
  },
};
