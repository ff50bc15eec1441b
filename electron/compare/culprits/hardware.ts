import type { CulpritRule } from './culprit-rule';
import { decidingDifferences } from './culprit-rule';
import { FIX } from './fixes';
import { nondeterminismSuspects } from './nondeterminism-suspects';

/** Guide cause 5: every recorded parameter matches, yet the pixels differ. */
export const hardwareRule: CulpritRule = {
  id: 'hardware',
  find(context) {
    if (context.pixelsIdentical || !context.a || !context.b || decidingDifferences(context).length > 0) return [];
    // Alpha-only changes are embedded data (alpha-only.ts), not nondeterminism.
    if (context.alphaOnlyChangedPixels === context.changedPixels) return [];
    const suspects = [...new Set([...nondeterminismSuspects(context.a), ...nondeterminismSuspects(context.b)])];
    const size = context.maxDelta <= 8 ? `tiny (at most ${context.maxDelta}/255)` : `up to ${context.maxDelta}/255`;
    return [
      {
        cause: 'hardware',
        field: 'determinism',
        a: suspects.length ? suspects.join('; ') : null,
        b: null,
        explanation:
          `Every recorded parameter matches, yet ${context.changedPixels} pixels differ, ${size}. ` +
          'With cudnn.deterministic = False (PyTorch\'s default) the GPU picks different kernels for the same operation and the floating-point ' +
          'differences compound across steps; a different GPU, driver, CUDA or torch version does the same.' +
          (suspects.length ? ` Known nondeterministic settings in use: ${suspects.join('; ')}.` : ''),
        fix: FIX.hardware,
        likelihood: 'high',
      },
    ];
  },
};
