import type { CulpritFinding, CulpritRule } from './culprit-rule';
import { differing, fieldCulprit, quoted } from './culprit-rule';
import { FIX } from './fixes';

/** Guide cause 3: steps, CFG or resolution "changed by one tick" (sliders round invisibly). */
export const numericSettingsRule: CulpritRule = {
  id: 'numeric-settings',
  find(context) {
    const out: CulpritFinding[] = [
      ...fieldCulprit(
        context,
        'steps',
        'steps',
        FIX.numeric,
        (a, b) =>
          `The step count differs (${a ?? 'none'} vs ${b ?? 'none'}): every step count is a different schedule, so 28 vs 30 steps already gives a visibly different image.`,
      ),
      ...fieldCulprit(
        context,
        'cfg',
        'cfg',
        FIX.numeric,
        (a, b) =>
          `The CFG scale differs (${a ?? 'none'} vs ${b ?? 'none'}): CFG 7.0 vs 7.5 from the same seed is a visibly different image.`,
      ),
    ];
    const width = differing(context, 'width');
    const height = differing(context, 'height');
    if (width || height) {
      const size = (t: typeof context.a) =>
        t && (t.width !== null || t.height !== null) ? `${t.width ?? '?'}x${t.height ?? '?'}` : null;
      const a = size(context.a);
      const b = size(context.b);
      out.push({
        cause: 'resolution',
        field: width && height ? 'width,height' : width ? 'width' : 'height',
        a,
        b,
        explanation: `The generation size differs (${quoted(a)} vs ${quoted(b)}): the latent noise tensor has a different shape, so the same seed fills it differently.`,
        ...FIX.numeric,
        likelihood: 'high',
      });
    }
    return out;
  },
};
