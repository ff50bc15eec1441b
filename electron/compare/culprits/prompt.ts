import type { PromptDiff } from '../../../shared/compare';
import type { CulpritFinding, CulpritRule } from './culprit-rule';
import { differing, quoted } from './culprit-rule';
import { FIX } from './fixes';

function summarise(diff: PromptDiff): string {
  const named = diff.findings
    .slice(0, 4)
    .map((f) => f.description)
    .join(' | ');
  const more = diff.findings.length > 4 ? ` (and ${diff.findings.length - 4} more)` : '';
  const tokens =
    diff.tokensRemoved.length || diff.tokensAdded.length
      ? ` Tokens only in A: ${
          diff.tokensRemoved
            .slice(0, 8)
            .map((t) => `"${t}"`)
            .join(', ') || 'none'
        }; only in B: ${
          diff.tokensAdded
            .slice(0, 8)
            .map((t) => `"${t}"`)
            .join(', ') || 'none'
        }.`
      : '';
  return `${named}${more}.${tokens}`;
}

/** Guide cause 6: the prompt was edited, often invisibly (quotes, dashes, trailing spaces, zero-width characters). */
export const promptRule: CulpritRule = {
  id: 'prompt',
  find(context) {
    const out: CulpritFinding[] = [];
    for (const field of ['prompt', 'negativePrompt'] as const) {
      const cause = field === 'prompt' ? 'prompt' : 'negative-prompt';
      const label = field === 'prompt' ? 'prompt' : 'negative prompt';
      const diff = context.promptDiffs.find((p) => p.field === field && !p.identical);
      if (diff) {
        const first = diff.findings[0];
        out.push({
          cause,
          field,
          a: first ? first.codePointsA.join(' ') || '(nothing)' : null,
          b: first ? first.codePointsB.join(' ') || '(nothing)' : null,
          explanation:
            (diff.invisibleOnly
              ? `The ${label}s look the same but differ in bytes (first difference at byte ${diff.firstDifferenceByte}); tokenizers see these as different tokens: `
              : `The ${label}s differ (first difference at byte ${diff.firstDifferenceByte}): `) + summarise(diff),
          ...FIX.prompt,
          likelihood: 'high',
        });
        continue;
      }
      const missing = differing(context, field);
      if (missing) {
        out.push({
          cause,
          field,
          a: missing.a,
          b: missing.b,
          explanation: `Only ${missing.a !== null ? 'A' : 'B'} has a ${label} (${quoted(missing.a ?? missing.b)}).`,
          ...FIX.prompt,
          likelihood: 'high',
        });
      }
    }
    return out;
  },
};
