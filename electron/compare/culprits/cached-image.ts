import type { CulpritFinding, CulpritRule } from './culprit-rule';
import { decidingDifferences, valueEvidence } from './culprit-rule';
import { FIX } from './fixes';
import { placeholderFields } from './metadata-missing';

/** The seed guide's verify step "change one thing on purpose": parameters that differ must give different pixels,
 *  or the pipeline is not responsive. Placeholder values (seed 0, prompt "unknown") are not real parameters. */
export const cachedImageRule: CulpritRule = {
  id: 'cached-image',
  find(context): CulpritFinding[] {
    if (!context.pixelsIdentical || !context.a || !context.b) return [];
    const placeholders = new Set(
      [...placeholderFields(context.a), ...placeholderFields(context.b)].map((p) => p.field),
    );
    const changed = decidingDifferences(context).filter((d) => !placeholders.has(d.field));
    if (changed.length === 0) return [];
    const fields = changed
      .slice(0, 6)
      .map((d) => d.field)
      .join(', ');
    return [
      {
        cause: 'cached-image',
        field: 'pixels',
        a: changed[0].a,
        b: changed[0].b,
        explanation:
          `The parameters differ (${fields}${changed.length > 6 ? ', …' : ''}) yet the decoded pixels are bit-identical. Changing ${changed[0].field} ` +
          "must change the image, so this pipeline is stuck on a cached image, or one file's metadata was copied from the other without regenerating.",
        ...FIX.cachedImage,
        likelihood: 'high',
        evidence: [
          { label: 'decoded pixels', value: 'bit-identical (same RGBA SHA-256)' },
          { label: 'differing parameters', value: `${changed.length} (${fields}${changed.length > 6 ? ', …' : ''})` },
          ...valueEvidence(changed[0].field, changed[0].a, changed[0].b),
        ],
      },
    ];
  },
};
