import type { CulpritRule } from './culprit-rule';
import { decidingDifferences } from './culprit-rule';
import { FIX } from './fixes';

/** The guide's Verify step 3: parameters that differ must give different pixels, or the pipeline is not responsive. */
export const cachedImageRule: CulpritRule = {
  id: 'cached-image',
  find(context) {
    if (!context.pixelsIdentical || !context.a || !context.b) return [];
    const changed = decidingDifferences(context);
    if (changed.length === 0) return [];
    const fields = changed.slice(0, 6).map((d) => d.field).join(', ');
    return [
      {
        cause: 'other',
        field: 'pixels',
        a: changed[0].a,
        b: changed[0].b,
        explanation:
          `The parameters differ (${fields}${changed.length > 6 ? ', …' : ''}) yet the decoded pixels are bit-identical. Changing ${changed[0].field} ` +
          'must change the image, so this pipeline is stuck on a cached image, or one file\'s metadata was copied from the other without regenerating.',
        fix: FIX.cachedImage,
        likelihood: 'high',
      },
    ];
  },
};
