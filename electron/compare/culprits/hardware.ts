import type { CulpritLikelihood } from '../../../shared/compare';
import type { CulpritContext, CulpritFinding, CulpritRule } from './culprit-rule';
import { decidingDifferences } from './culprit-rule';
import { generatorName, hardwareFix } from './fixes';
import { placeholderFields } from './metadata-missing';
import { nondeterminismSuspects } from './nondeterminism-suspects';
import { localRework, similarityEvidence, smallDeltas } from './picture-evidence';

/** Why GPU nondeterminism cannot be concluded for this pair, or null when every condition holds. The conditions
 *  are the evidence: one generator, one size, lossless files on both sides, every deciding parameter equal and
 *  real (no placeholders), and a difference of the kind GPU kernels make: the same picture with small deltas, not a
 *  uniform shift and not one reworked area. */
export function hardwareBlocker(context: CulpritContext): string | null {
  const { a, b, facts } = context;
  if (!a || !b || !facts) return 'a side has no parameters';
  if (decidingDifferences(context).length > 0) return 'a recorded parameter differs';
  if (placeholderFields(a).length || placeholderFields(b).length) return 'the recorded values are placeholders';
  if (a.generator !== b.generator) return `the files come from different generators (${a.generator} vs ${b.generator})`;
  if (facts.sizeA.width !== facts.sizeB.width || facts.sizeA.height !== facts.sizeB.height)
    return 'the pixel sizes differ';
  if (facts.encodingA?.lossy !== false || facts.encodingB?.lossy !== false)
    return 'a side is stored lossy (or its codec is unknown), so small deltas may be compression';
  if (facts.shape?.uniformShift) return 'every pixel moved the same way, which GPU noise does not do';
  if (localRework(facts)) return 'the change sits in one area';
  if (!smallDeltas(facts.pixel)) return 'the difference is larger than GPU nondeterminism leaves';
  return null;
}

/** Guide cause 5, as a conclusion from evidence rather than the fallback for "the tuples agree". */
export const hardwareRule: CulpritRule = {
  id: 'hardware',
  find(context): CulpritFinding[] {
    if (context.pixelsIdentical || !context.a || !context.b || !context.facts) return [];
    // Alpha-only changes are embedded data (alpha-only.ts), not nondeterminism.
    if (context.alphaOnlyChangedPixels === context.changedPixels) return [];
    if (hardwareBlocker(context) !== null) return [];
    const generator = context.a.generator;
    const suspects = [...new Set([...nondeterminismSuspects(context.a), ...nondeterminismSuspects(context.b)])];
    const pixel = context.facts.pixel;
    const size =
      pixel.maxDelta <= 8
        ? `tiny (at most ${pixel.maxDelta}/255)`
        : `up to ${pixel.maxDelta}/255, ${pixel.meanDelta.toFixed(2)} on average`;
    // Named nondeterministic settings make it a conclusion; tiny deltas alone make it likely; larger ones a lead.
    const likelihood: CulpritLikelihood = suspects.length ? 'high' : pixel.maxDelta <= 8 ? 'medium' : 'low';
    return [
      {
        cause: 'hardware',
        field: 'determinism',
        a: suspects.length ? suspects.join('; ') : null,
        b: null,
        explanation:
          `Every recorded parameter matches, both files are lossless ${generatorName(generator)} output of the same size, and the pictures are the same (SSIM ${pixel.ssim.toFixed(4)}) ` +
          `with ${pixel.changedPixels} pixels off by small amounts, ${size}: the pattern GPU nondeterminism leaves. With cudnn.deterministic = False (PyTorch's default) ` +
          'the GPU picks different kernels for the same operation and the rounding differences compound across steps; another GPU, driver, CUDA or torch version does the same.' +
          (suspects.length
            ? ` Known nondeterministic settings in use: ${suspects.join('; ')}.`
            : ' No known nondeterministic setting is recorded.'),
        ...hardwareFix(generator),
        likelihood,
        evidence: [
          { label: 'generator', value: generatorName(generator) },
          { label: 'containers', value: `${context.facts.encodingA?.codec} / ${context.facts.encodingB?.codec}` },
          ...similarityEvidence(pixel),
          { label: 'nondeterministic settings', value: suspects.length ? suspects.join('; ') : 'none recorded' },
        ],
      },
    ];
  },
};
