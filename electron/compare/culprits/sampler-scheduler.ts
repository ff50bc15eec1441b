import type { CulpritCause } from '../../../shared/compare';
import type { CulpritContext, CulpritFinding, CulpritRule } from './culprit-rule';
import { differing, quoted } from './culprit-rule';
import { FIX } from './fixes';

const AUTO = /^(auto(matic)?|default)$/i;

/** Compare canonical ids when both sides have one ("DPM++ 2M" in A1111 and "dpmpp_2m" in ComfyUI are one sampler),
 *  the names as written otherwise. */
function samplerLike(
  context: CulpritContext,
  cause: CulpritCause,
  nameField: 'sampler' | 'scheduler',
  idField: 'samplerId' | 'schedulerId',
): CulpritFinding[] {
  const ids = differing(context, idField);
  const names = differing(context, nameField);
  const bothIds = Boolean(context.a?.[idField] && context.b?.[idField]);
  const diff = bothIds ? ids : names;
  if (!diff) return [];
  const a = names?.a ?? context.a?.[nameField] ?? null;
  const b = names?.b ?? context.b?.[nameField] ?? null;
  const auto = [a, b].some((v) => v !== null && AUTO.test(v.trim()));
  return [
    {
      cause,
      field: bothIds ? idField : nameField,
      a: a ?? diff.a,
      b: b ?? diff.b,
      explanation:
        `The ${nameField} differs (${quoted(a ?? diff.a)} vs ${quoted(b ?? diff.b)}): with the same seed, a different ${nameField} walks a different path from the same noise.` +
        (auto
          ? ` "${[a, b].find((v) => v !== null && AUTO.test(v.trim()))}" lets the UI choose, and the choice changes with resolution, model and UI release.`
          : ''),
      ...FIX.samplerScheduler,
      likelihood: 'high',
    },
  ];
}

/** Guide cause 2. */
export const samplerRule: CulpritRule = {
  id: 'sampler',
  find: (context) => samplerLike(context, 'sampler', 'sampler', 'samplerId'),
};

export const schedulerRule: CulpritRule = {
  id: 'scheduler',
  find: (context) => samplerLike(context, 'scheduler', 'scheduler', 'schedulerId'),
};
