import type { Culprit } from '../../../shared/compare';
import type { CulpritRule } from './culprit-rule';
import { differing, quoted } from './culprit-rule';
import { FIX } from './fixes';

/** Guide cause 1, the most frequent: the model (or its version) rolled forward under the same name. */
export const modelRule: CulpritRule = {
  id: 'model',
  find(context) {
    const out: Culprit[] = [];
    const version = differing(context, 'modelVersion');
    if (version) {
      out.push({
        cause: 'model',
        field: 'modelVersion',
        a: version.a,
        b: version.b,
        explanation: `The model version differs (${quoted(version.a)} vs ${quoted(version.b)}): the same seed maps to a different noise result under new weights. Hosted providers roll versions forward on their own schedule.`,
        fix: FIX.model,
        likelihood: 'high',
      });
    }
    const hash = differing(context, 'modelHash');
    const hashRow = context.rows.find((r) => r.field === 'modelHash');
    const hashesMatch = Boolean(hashRow && hashRow.same && hashRow.a && hashRow.b && !hashRow.note?.startsWith('not compared'));
    if (hash) {
      out.push({
        cause: 'model',
        field: 'modelHash',
        a: hash.a,
        b: hash.b,
        explanation: `The model file's hash differs (${quoted(hash.a)} vs ${quoted(hash.b)}${context.a?.modelHashType ? `, both ${context.a.modelHashType}` : ''}): different weights${differing(context, 'model') ? '' : ' under the same model name, e.g. a re-downloaded or updated checkpoint'}.`,
        fix: FIX.model,
        likelihood: 'high',
      });
    }
    const name = differing(context, 'model');
    if (name) {
      out.push({
        cause: 'model',
        field: 'model',
        a: name.a,
        b: name.b,
        explanation: hashesMatch
          ? `The model names differ (${quoted(name.a)} vs ${quoted(name.b)}) but the hashes match: the same file renamed, which does not change pixels.`
          : `A different model was used (${quoted(name.a)} vs ${quoted(name.b)}).`,
        fix: FIX.model,
        likelihood: hashesMatch ? 'low' : 'high',
      });
    }
    for (const field of ['determinism.vae', 'determinism.vaeHash']) {
      const vae = differing(context, field);
      if (!vae) continue;
      out.push({
        cause: 'model',
        field,
        a: vae.a,
        b: vae.b,
        explanation: `The VAE differs (${quoted(vae.a)} vs ${quoted(vae.b)}): the same latent decodes to different pixels.`,
        fix: FIX.model,
        likelihood: 'high',
      });
    }
    return out;
  },
};
