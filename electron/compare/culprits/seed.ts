import type { CulpritRule } from './culprit-rule';
import { differing } from './culprit-rule';
import { FIX } from './fixes';

export const seedRule: CulpritRule = {
  id: 'seed',
  find(context) {
    const d = differing(context, 'seed');
    if (!d) return [];
    const random = [d.a, d.b].includes('-1') ? ' A seed of -1 means "random": the seed actually used was not recorded.' : '';
    return [
      {
        cause: 'seed',
        field: 'seed',
        a: d.a,
        b: d.b,
        explanation: `The seeds differ (${d.a ?? 'none'} vs ${d.b ?? 'none'}): a different seed is a different starting noise, so a different image is expected.${random}`,
        fix: FIX.seed,
        likelihood: 'high',
      },
    ];
  },
};
