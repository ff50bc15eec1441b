import type { CulpritEvidence } from '../../../shared/compare';
import type { CulpritContext, CulpritFinding } from './culprit-rule';
import { FIX } from './fixes';
import { hardwareBlocker } from './hardware';
import { similarityEvidence } from './picture-evidence';

/** Nothing recorded or measured names a cause: say so with a low likelihood, and say where to look, not a guess. */
export function unexplainedCulprit(context: CulpritContext): CulpritFinding {
  const facts = context.facts;
  const blocker = hardwareBlocker(context);
  const top = facts?.regions.boxes[0];
  const look: string[] = [];
  if (top) look.push(`the heatmap's largest changed region (x ${top.x}, y ${top.y}, ${top.width}x${top.height})`);
  look.push('custom nodes, extensions or an edit after generation that the metadata does not record');
  const evidence: CulpritEvidence[] = [
    ...(blocker ? [{ label: 'why not GPU nondeterminism', value: blocker }] : []),
    ...(facts ? similarityEvidence(facts.pixel) : []),
  ];
  return {
    cause: 'other',
    field: 'pixels',
    a: null,
    b: null,
    explanation:
      'The pixels differ but nothing recorded or measured explains it' +
      (blocker && context.a && context.b ? `, and GPU nondeterminism does not fit: ${blocker}` : '') +
      `. Look at ${look.join(', then ')}.`,
    ...FIX.other,
    likelihood: 'low',
    evidence,
  };
}
