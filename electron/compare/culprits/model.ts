import type { CulpritFinding, CulpritRule } from './culprit-rule';
import { differing, fieldCulprit, quoted } from './culprit-rule';
import { FIX } from './fixes';

/** Guide cause 1, the most frequent: the model (or its version) rolled forward under the same name. */
export const modelRule: CulpritRule = {
  id: 'model',
  find(context) {
    const hashRow = context.rows.find((r) => r.field === 'modelHash');
    const hashesMatch = Boolean(
      hashRow && hashRow.same && hashRow.a && hashRow.b && !hashRow.note?.startsWith('not compared'),
    );
    const renamed = differing(context, 'model') !== null;
    const out: CulpritFinding[] = [
      ...fieldCulprit(
        context,
        'model',
        'modelVersion',
        FIX.model,
        (a, b) =>
          `The model version differs (${quoted(a)} vs ${quoted(b)}): the same seed maps to a different noise result under new weights. Hosted providers roll versions forward on their own schedule.`,
      ),
      ...fieldCulprit(
        context,
        'model',
        'modelHash',
        FIX.model,
        (a, b) =>
          `The model file's hash differs (${quoted(a)} vs ${quoted(b)}${context.a?.modelHashType ? `, both ${context.a.modelHashType}` : ''}): different weights${renamed ? '' : ' under the same model name, e.g. a re-downloaded or updated checkpoint'}.`,
      ),
      ...fieldCulprit(
        context,
        'model',
        'model',
        FIX.model,
        (a, b) =>
          hashesMatch
            ? `The model names differ (${quoted(a)} vs ${quoted(b)}) but the hashes match: the same file renamed, which does not change pixels.`
            : `A different model was used (${quoted(a)} vs ${quoted(b)}).`,
        hashesMatch ? 'low' : 'high',
      ),
    ];
    for (const field of ['determinism.vae', 'determinism.vaeHash']) {
      out.push(
        ...fieldCulprit(
          context,
          'model',
          field,
          FIX.model,
          (a, b) => `The VAE differs (${quoted(a)} vs ${quoted(b)}): the same latent decodes to different pixels.`,
        ),
      );
    }
    return out;
  },
};
