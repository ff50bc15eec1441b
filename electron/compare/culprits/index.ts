// The culprit rules, in the seed guide's order of how often each cause is the real one; ranking keeps this order
// within a likelihood. A new rule is one file plus one line here.
import type { Culprit, CulpritLikelihood } from '../../../shared/compare';
import { adaptersRule } from './adapters';
import { alphaOnlyRule } from './alpha-only';
import { cachedImageRule } from './cached-image';
import type { CulpritContext, CulpritFinding, CulpritRule } from './culprit-rule';
import { valueEvidence } from './culprit-rule';
import { determinismSettingsRule } from './determinism-settings';
import { encodingRule } from './encoding';
import { geometryRule } from './geometry';
import { hardwareRule } from './hardware';
import { metadataMissingRule, placeholderFields } from './metadata-missing';
import { modelRule } from './model';
import { numericSettingsRule } from './numeric-settings';
import { passesRule } from './passes';
import { pixelEditsRule } from './pixel-edits';
import { postprocessRule } from './postprocess';
import { promptRule } from './prompt';
import { recordedExtrasRule } from './recorded-extras';
import { runRecordEnvironmentRule } from './run-record-environment';
import { runRecordPostprocessRule } from './run-record-postprocess';
import { runRecordSeedRule } from './run-record-seed';
import { runRecordVersionRule } from './run-record-version';
import { samplerRule, schedulerRule } from './sampler-scheduler';
import { seedRule } from './seed';
import { unexplainedCulprit } from './unexplained';

export type { CulpritContext, CulpritFinding, CulpritRule, DifferenceShape, PairFacts } from './culprit-rule';

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

/** Rules that hold whether or not the pixels differ or the parameters are present. What the files themselves show
 *  (an alpha-only change, a lossy copy, a crop, an edit) comes before what the metadata lacks. */
export const pairRules: CulpritRule[] = [
  alphaOnlyRule,
  encodingRule,
  geometryRule,
  pixelEditsRule,
  metadataMissingRule,
  cachedImageRule,
];

/** Rules over the two run records (API request/response, local environment). They run whenever the pixels differ,
 *  tuples or not: a hosted API's output often carries no parameters, and its record is all there is. */
export const runRecordRules: CulpritRule[] = [
  runRecordVersionRule,
  runRecordSeedRule,
  runRecordEnvironmentRule,
  runRecordPostprocessRule,
];

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

/** A difference in a field whose value is a placeholder on one side proves nothing (metadata-missing.ts names it). */
function weighPlaceholders(context: CulpritContext): (culprit: Culprit) => Culprit {
  const placeholders = new Map(
    [...placeholderFields(context.a), ...placeholderFields(context.b)].map((p) => [p.field, p.value]),
  );
  return (culprit) => {
    const field = culprit.field.replace(/Id$/, '');
    if (culprit.cause === 'metadata-missing' || !placeholders.has(field)) return culprit;
    return {
      ...culprit,
      likelihood: 'low',
      explanation: `${culprit.explanation} One side's ${field} (${placeholders.get(field)}) is a placeholder, so this difference proves nothing.`,
    };
  };
}

/** Every culprit leaves here with its evidence (at least the two values) and a fixCode field. */
function complete(finding: CulpritFinding): Culprit {
  return {
    ...finding,
    fixCode: finding.fixCode ?? null,
    evidence: finding.evidence?.length ? finding.evidence : valueEvidence(finding.field, finding.a, finding.b),
  };
}

export function rankCulprits(context: CulpritContext): Culprit[] {
  const rules = context.pixelsIdentical
    ? pairRules
    : [...pairRules, ...(context.a && context.b ? differenceRules : []), ...runRecordRules];
  const found = rules
    .flatMap((rule) => rule.find(context))
    .map(complete)
    .map(weighUnrecorded)
    .map(weighPlaceholders(context));
  if (!context.pixelsIdentical && !found.some((c) => c.likelihood !== 'low')) {
    found.push(complete(unexplainedCulprit(context)));
  }
  // Array.prototype.sort is stable: within one likelihood the guide's order holds.
  return found.sort((p, q) => RANK[p.likelihood] - RANK[q.likelihood]);
}
