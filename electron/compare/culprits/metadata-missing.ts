import type { Culprit } from '../../../shared/compare';
import type { CulpritRule } from './culprit-rule';
import { FIX } from './fixes';

export const metadataMissingRule: CulpritRule = {
  id: 'metadata-missing',
  find(context) {
    if (context.a && context.b) return [];
    const missing = [!context.a ? `A (${context.fileA})` : null, !context.b ? `B (${context.fileB})` : null].filter(Boolean).join(' and ');
    const culprit: Culprit = {
      cause: 'metadata-missing',
      field: 'tuple',
      a: context.a ? 'has generation parameters' : null,
      b: context.b ? 'has generation parameters' : null,
      explanation: context.pixelsIdentical
        ? `The pixels are identical, but ${missing} ${context.a || context.b ? 'carries' : 'carry'} no generation parameters: the metadata was stripped (a re-save, an upload, a chat app), not the picture changed.`
        : `${missing} ${context.a || context.b ? 'carries' : 'carry'} no generation parameters, so no parameter can be compared and the cause of the pixel difference cannot be named.`,
      fix: FIX.metadataMissing,
      likelihood: context.pixelsIdentical ? 'low' : 'high',
    };
    return [culprit];
  },
};
