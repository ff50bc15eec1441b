import type { CulpritFinding, CulpritRule } from './culprit-rule';
import { decidingDifferences } from './culprit-rule';
import { FIX } from './fixes';
import { localRework, similarityEvidence } from './picture-evidence';

/**
 * Differences whose shape names an edit after generation, whatever the parameters say:
 * - every pixel moved the same way (a levels, gamma or colour-profile change): sampler and GPU differences are
 *   signed noise with no preferred direction, so a uniform shift never comes from generation, however small;
 * - one area reworked (face restoration, a detailer, inpainting, a hand edit): large deltas, nearly all of them in
 *   one region covering at most half the picture, the rest unchanged. Many pixels may change while SSIM stays
 *   high; the worst window and the region say where. Recorded parameter differences come first when present.
 */
export const pixelEditsRule: CulpritRule = {
  id: 'pixel-edits',
  find(context): CulpritFinding[] {
    const facts = context.facts;
    if (
      !facts ||
      context.pixelsIdentical ||
      facts.alignment ||
      context.alphaOnlyChangedPixels === context.changedPixels
    )
      return [];
    const { pixel, shape } = facts;
    if (shape?.uniformShift) {
      const [r, g, b] = shape.meanSigned;
      const direction = r + g + b > 0 ? 'brighter' : 'darker';
      return [
        {
          cause: 'postprocess',
          field: 'pixels.levels',
          a: null,
          b: `${direction} by ${((Math.abs(r) + Math.abs(g) + Math.abs(b)) / 3).toFixed(2)}/255 on average`,
          explanation:
            `${(pixel.changedRatio * 100).toFixed(1)}% of pixels changed, all in the same direction (B is ${direction}: R ${signed(r)}, G ${signed(g)}, B ${signed(b)} on average). ` +
            'Generation differences are noise with no preferred sign; a uniform shift is a levels, gamma or colour-profile change made after generation.',
          ...FIX.levels,
          likelihood: 'high',
          evidence: [
            { label: 'mean signed change B - A (R, G, B)', value: `${signed(r)}, ${signed(g)}, ${signed(b)}` },
            ...similarityEvidence(pixel),
          ],
        },
      ];
    }
    const area = localRework(facts);
    if (!area || (context.a && context.b && decidingDifferences(context).length > 0)) return [];
    const recorded = [...(context.a?.postprocess ?? []), ...(context.b?.postprocess ?? [])].map((s) => s.name);
    return [
      {
        cause: 'postprocess',
        field: 'pixels.region',
        a: null,
        b: `x ${area.x}, y ${area.y}, ${area.width}x${area.height}`,
        explanation:
          `One area was reworked: ${(area.share * 100).toFixed(1)}% of the changed pixels lie in the box at x ${area.x}, y ${area.y} (${area.width}x${area.height}), with deltas ` +
          `up to ${pixel.maxDelta}/255, while the rest of the picture is unchanged (SSIM ${pixel.ssim.toFixed(4)} overall, ${pixel.ssimMin.toFixed(4)} in the worst window). ` +
          'That is the mark of a pass that reworks one region after generation (face restoration, ADetailer, inpainting, a hand edit), not of the sampler or the GPU.' +
          (recorded.length ? ` Recorded post-processing: ${[...new Set(recorded)].join(', ')}.` : ''),
        ...FIX.postprocess,
        likelihood: 'high',
        evidence: [
          { label: 'reworked box', value: `x ${area.x}, y ${area.y}, ${area.width}x${area.height}` },
          { label: 'changed pixels inside the box', value: `${(area.share * 100).toFixed(1)}%` },
          { label: 'worst-window SSIM', value: pixel.ssimMin.toFixed(4) },
          ...similarityEvidence(pixel),
        ],
      },
    ];
  },
};

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
}
