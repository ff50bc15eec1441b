import type { CulpritFinding, CulpritRule } from './culprit-rule';
import { decidingDifferences, entryCulprits } from './culprit-rule';
import { FIX } from './fixes';

/** Guide cause 7: face restorers, upscalers, detailers and safety filters run after the seeded core image. */
export const postprocessRule: CulpritRule = {
  id: 'postprocess',
  find(context) {
    const out: CulpritFinding[] = entryCulprits(
      context,
      'postprocess[',
      'postprocess',
      FIX.postprocess,
      (step, a, b) =>
        a === null || b === null
          ? `The post-process step "${step}" runs only in ${a !== null ? 'A' : 'B'}: it is not seeded and reworks the image after generation.`
          : `The post-process step "${step}" is set differently (${a} vs ${b}).`,
    );
    // Same steps on both sides, nothing else differs: an unseeded post-pass is the guide's "#1 hidden randomizer".
    const steps = context.a?.postprocess ?? [];
    if (!out.length && !context.pixelsIdentical && steps.length && decidingDifferences(context).length === 0) {
      out.push({
        cause: 'postprocess',
        field: 'postprocess',
        a: steps.map((s) => `${s.kind}:${s.name}`).join(', '),
        b: (context.b?.postprocess ?? []).map((s) => `${s.kind}:${s.name}`).join(', '),
        explanation: `Both images ran post-processing (${steps.map((s) => s.name).join(', ')}); face enhancers and upscalers are often not seeded and add randomness on top of a deterministic core image.`,
        ...FIX.postprocess,
        likelihood: 'medium',
      });
    }
    return out;
  },
};
