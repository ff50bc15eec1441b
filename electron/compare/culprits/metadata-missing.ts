import type { Culprit } from '../../../shared/compare';
import type { CulpritContext, CulpritRule } from './culprit-rule';
import { FIX } from './fixes';

function explain(context: CulpritContext): string {
  const missing = [!context.a ? `A (${context.fileA})` : null, !context.b ? `B (${context.fileB})` : null].filter(Boolean).join(' and ');
  const verb = context.a || context.b ? 'carries' : 'carry';
  if (context.pixelsIdentical && !context.a && !context.b) {
    return 'The pixels are identical; neither file carries generation parameters, so there is nothing to compare beyond the pixels.';
  }
  if (context.pixelsIdentical) {
    return `The pixels are identical, but ${missing} ${verb} no generation parameters: the metadata was stripped (a re-save, an upload, a chat app), not the picture changed.`;
  }
  return `${missing} ${verb} no generation parameters, so no parameter can be compared and the cause of the pixel difference cannot be named.`;
}

export const metadataMissingRule: CulpritRule = {
  id: 'metadata-missing',
  find(context) {
    if (context.a && context.b) return [];
    const culprit: Culprit = {
      cause: 'metadata-missing',
      field: 'tuple',
      a: context.a ? 'has generation parameters' : null,
      b: context.b ? 'has generation parameters' : null,
      explanation: explain(context),
      fix: FIX.metadataMissing,
      likelihood: context.pixelsIdentical ? 'low' : 'high',
    };
    return [culprit];
  },
};
