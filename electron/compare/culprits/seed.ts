import type { CulpritRule } from './culprit-rule';
import { fieldCulprit } from './culprit-rule';
import { FIX } from './fixes';

export const seedRule: CulpritRule = {
  id: 'seed',
  find: (context) =>
    fieldCulprit(context, 'seed', 'seed', FIX.seed, (a, b) => {
      const random = [a, b].includes('-1')
        ? ' A seed of -1 means "random": the seed actually used was not recorded.'
        : '';
      return `The seeds differ (${a ?? 'none'} vs ${b ?? 'none'}): a different seed is a different starting noise, so a different image is expected.${random}`;
    }),
};
