import type { CulpritFinding, CulpritRule } from './culprit-rule';
import { entryCulprits, fieldCulprit, quoted } from './culprit-rule';
import { FIX, hardwareFix } from './fixes';

const HARDWARE_FIELDS: Record<string, string> = {
  'determinism.rng':
    'The noise source differs: A1111 draws the initial noise on the GPU by default, and GPU and CPU noise from one seed are different tensors',
  'determinism.precision':
    'The weight precision differs (FP8 / low-bit / fp16 flags): lower precision rounds every step differently',
  'determinism.tokenMerging':
    'The token merging ratio differs: ToMe merges different tokens, which changes every attention step',
};

const PARAMETER_FIELDS: Record<string, string> = {
  'determinism.ensd': 'The eta noise seed delta (ENSD) differs: it offsets the seed of every ancestral/SDE noise draw',
  'determinism.clipSkip': 'Clip skip differs: the prompt is encoded from a different CLIP layer',
  'determinism.eta': 'Eta differs: it scales the noise added at each ancestral step',
};

/** Settings outside the visible parameters that still change pixels. */
export const determinismSettingsRule: CulpritRule = {
  id: 'determinism-settings',
  find(context) {
    const out: CulpritFinding[] = [];
    for (const [field, why] of Object.entries(HARDWARE_FIELDS)) {
      out.push(
        ...fieldCulprit(
          context,
          'hardware',
          field,
          hardwareFix(context.a?.generator ?? null),
          (a, b) => `${why} (${quoted(a)} vs ${quoted(b)}).`,
        ),
      );
    }
    for (const [field, why] of Object.entries(PARAMETER_FIELDS)) {
      out.push(
        ...fieldCulprit(context, 'other', field, FIX.numeric, (a, b) => `${why} (${quoted(a)} vs ${quoted(b)}).`),
      );
    }
    out.push(
      ...entryCulprits(
        context,
        'determinism.other[',
        'hardware',
        hardwareFix(context.a?.generator ?? null),
        (key, a, b) => `The determinism-relevant setting "${key}" differs (${quoted(a)} vs ${quoted(b)}).`,
      ),
    );
    return out;
  },
};
