import type { CulpritRule } from './culprit-rule';
import { FIX } from './fixes';

/** The seed guide's "confirm it is being passed as int, not a string": two requests that sent it differently. */
export const runRecordSeedRule: CulpritRule = {
  id: 'run-record-seed',
  find(context) {
    const a = context.runRecordA;
    const b = context.runRecordB;
    if (!a?.seedSentAs || !b?.seedSentAs || a.seedSentAs === b.seedSentAs) return [];
    const show = (seed: string | null, as: string) =>
      as === 'string' ? `"${seed}" (a string)` : `${seed} (an integer)`;
    return [
      {
        cause: 'seed',
        field: 'runRecord.seedSentAs',
        a: show(a.seed, a.seedSentAs),
        b: show(b.seed, b.seedSentAs),
        explanation: `The requests sent the seed differently: A sent ${show(a.seed, a.seedSentAs)}, B sent ${show(b.seed, b.seedSentAs)}. Some APIs treat "42" and 42 as different requests (a string may be ignored and a random seed used).`,
        ...FIX.seed,
        likelihood: a.seed === b.seed ? 'high' : 'medium',
      },
    ];
  },
};
