// The culprit rules, in the seed guide's order of how often each cause is the real one; ranking keeps this order
// within a likelihood. A new rule is one file plus one line here.
import type { Culprit, CulpritLikelihood } from '../../../shared/compare';
import { adaptersRule } from './adapters';
import { alphaOnlyRule } from './alpha-only';
import { cachedImageRule } from './cached-image';
import type { CulpritContext, CulpritRule } from './culprit-rule';
import { determinismSettingsRule } from './determinism-settings';
import { FIX } from './fixes';
import { hardwareRule } from './hardware';
import { metadataMissingRule } from './metadata-missing';
import { modelRule } from './model';
import { numericSettingsRule } from './numeric-settings';
import { passesRule } from './passes';
import { postprocessRule } from './postprocess';
import { promptRule } from './prompt';
import { recordedExtrasRule } from './recorded-extras';
import { samplerRule, schedulerRule } from './sampler-scheduler';
import { seedRule } from './seed';

export type { CulpritContext, CulpritRule } from './culprit-rule';

/** Rules that explain a pixel difference. They run only when the pixels differ. The guide orders its causes for
 *  "same seed, different image", so a seed that differs comes first: it alone explains a new composition. */
export const differenceRules: CulpritRule[] = [
  seedRule,
  modelRule,
  samplerRule,
  schedulerRule,
  numericSettingsRule,
  adaptersRule,
  passesRule,
  determinismSettingsRule,
  hardwareRule,
  promptRule,
  postprocessRule,
  recordedExtrasRule,
];

/** Rules that hold whether or not the pixels differ. */
export const pairRules: CulpritRule[] = [alphaOnlyRule, metadataMissingRule, cachedImageRule];

const RANK: Record<CulpritLikelihood, number> = { high: 0, medium: 1, low: 2 };

/** Causes whose value one tool may simply not write (ComfyUI graphs without a scheduler, hosted images without a
 *  seed): a value on one side only is a weaker lead than two values that differ. Adapters, passes, post-processing
 *  and prompts present on one side only are real differences and keep their likelihood. */
const MAY_BE_UNRECORDED = new Set(['seed', 'model', 'sampler', 'scheduler', 'steps', 'cfg', 'resolution']);

function weighUnrecorded(culprit: Culprit): Culprit {
  const oneSided = (culprit.a === null) !== (culprit.b === null);
  const unrecorded = MAY_BE_UNRECORDED.has(culprit.cause) || culprit.field.startsWith('determinism.');
  if (!oneSided || !unrecorded || culprit.likelihood !== 'high') return culprit;
  return {
    ...culprit,
    likelihood: 'medium',
    explanation: `${culprit.explanation} Only ${culprit.a !== null ? 'A' : 'B'} records this value; the other file may just not write it.`,
  };
}

export function rankCulprits(context: CulpritContext): Culprit[] {
  const rules = context.pixelsIdentical ? pairRules : [...pairRules, ...(context.a && context.b ? differenceRules : [])];
  const found = rules.flatMap((rule) => rule.find(context)).map(weighUnrecorded);
  if (!context.pixelsIdentical && found.length === 0) {
    found.push({
      cause: 'other',
      field: 'pixels',
      a: null,
      b: null,
      explanation: 'The pixels differ but no recorded difference explains it; the metadata may not record everything that ran (custom nodes, extensions, an edit after generation).',
      fix: FIX.other,
      likelihood: 'low',
    });
  }
  // Array.prototype.sort is stable: within one likelihood the guide's order holds.
  return found.sort((p, q) => RANK[p.likelihood] - RANK[q.likelihood]);
}
