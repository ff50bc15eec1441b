import type { CulpritFinding, CulpritRule } from './culprit-rule';
import { BOOKKEEPING_EXTRAS, differing, differingWithPrefix, quoted } from './culprit-rule';
import { FIX } from './fixes';

/** What is left: the UI release, and other recorded keys that differ. */
export const recordedExtrasRule: CulpritRule = {
  id: 'recorded-extras',
  find(context) {
    if (context.pixelsIdentical) return [];
    const out: CulpritFinding[] = [];
    const software = differing(context, 'software');
    if (software && software.a && software.b) {
      out.push({
        cause: 'other',
        field: 'software',
        a: software.a,
        b: software.b,
        explanation: `Different UI versions (${quoted(software.a)} vs ${quoted(software.b)}): defaults, "auto" choices and sampler implementations change across releases.`,
        ...FIX.samplerScheduler,
        likelihood: 'medium',
      });
    }
    const extras = differingWithPrefix(context, 'extras[').filter((d) => !BOOKKEEPING_EXTRAS.test(d.key));
    if (extras.length) {
      out.push({
        cause: 'other',
        field: extras
          .map((d) => d.field)
          .slice(0, 8)
          .join(', '),
        a: extras[0].a,
        b: extras[0].b,
        explanation: `Other recorded settings differ: ${extras
          .slice(0, 8)
          .map((d) => `${d.key} ${quoted(d.a)} vs ${quoted(d.b)}`)
          .join('; ')}${extras.length > 8 ? `; and ${extras.length - 8} more` : ''}.`,
        ...FIX.other,
        // Unknown keys are often an extension's settings: the guide's "any line that differs is a suspect".
        likelihood: 'medium',
      });
    }
    return out;
  },
};
