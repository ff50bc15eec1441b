import type { CulpritEvidence } from '../../../shared/compare';
import type { GenerationTuple } from '../../../shared/tuple';
import { describeEncoding } from '../encoding-info';
import type { CulpritFinding, CulpritRule, PairFacts } from './culprit-rule';
import { FIX } from './fixes';
import { samePicture, similarityEvidence, sizeText } from './picture-evidence';

function recordedSize(t: GenerationTuple | null): string | null {
  return t && t.width !== null && t.height !== null ? `${t.width}x${t.height}` : null;
}

/** A pass or post-process recorded in the metadata that itself changes the output size (hires fix, upscaler). */
function recordedResize(t: GenerationTuple | null): string | null {
  if (!t) return null;
  const pass = t.passes.find((p) => p.role === 'hires' || p.role === 'upscale');
  if (pass) return `${pass.role} pass${pass.nodeType ? ` (${pass.nodeType})` : ''}`;
  const step = t.postprocess.find((p) => p.kind === 'upscale' || p.kind === 'hires-fix');
  if (step) return `${step.kind} "${step.name}"`;
  const key = Object.keys(t.extras).find((k) => /^hires[ _]/i.test(k));
  return key ? `hires fix (${key})` : null;
}

/** Which way the copy went, judged by the recorded size: the side that matches it is the generator's own size. */
function resizeVerb(recorded: string | null, larger: string, smaller: string, kind: 'crop' | 'scale'): string {
  if (kind === 'crop') return 'cropped';
  if (recorded === smaller) return 'upscaled';
  if (recorded === larger) return 'downscaled';
  return 'resized';
}

function encodingEvidence(facts: PairFacts): CulpritEvidence[] {
  const { encodingA: a, encodingB: b } = facts;
  return a && b && (a.lossy || b.lossy)
    ? [{ label: 'containers', value: `A ${describeEncoding(a)}, B ${describeEncoding(b)}` }]
    : [];
}

/**
 * The same picture cropped, resized or upscaled outside the generator: the decoded sizes differ while the recorded
 * generation sizes agree (or a side records none), and after alignment (compare/align-images.ts) the overlap is the
 * same picture. When sizes differ and nothing aligns, the size difference is still reported as a finding.
 */
export const geometryRule: CulpritRule = {
  id: 'geometry',
  find(context): CulpritFinding[] {
    const facts = context.facts;
    if (!facts) return [];
    const { sizeA, sizeB, alignment, pixel } = facts;
    if (sizeA.width === sizeB.width && sizeA.height === sizeB.height) return [];
    const ra = recordedSize(context.a);
    const rb = recordedSize(context.b);
    // Recorded sizes that differ are a resolution culprit (numeric-settings.ts), not an edit after generation.
    if (ra !== null && rb !== null && ra !== rb) return [];
    const recorded = ra ?? rb;
    const sizes: CulpritEvidence[] = [
      { label: 'A pixel size', value: sizeText(sizeA) },
      { label: 'B pixel size', value: sizeText(sizeB) },
      {
        label: 'recorded generation size',
        value: ra === rb ? (recorded ?? 'not recorded') : `A ${ra ?? 'not recorded'}, B ${rb ?? 'not recorded'}`,
      },
    ];
    const recordedNote = recorded ? ` while the recorded generation size is ${recorded}` : '';
    const generatorResize = recordedResize(context.a) ?? recordedResize(context.b);
    if (alignment && samePicture(pixel)) {
      const larger = alignment.larger.toUpperCase();
      const [largeSize, smallSize] = alignment.larger === 'a' ? [sizeA, sizeB] : [sizeB, sizeA];
      const verb = resizeVerb(recorded, sizeText(largeSize), sizeText(smallSize), alignment.kind);
      const smaller = alignment.larger === 'a' ? 'B' : 'A';
      const box = alignment.box;
      const how =
        alignment.kind === 'crop' && box
          ? `${smaller} is a crop of ${larger}: the box at x ${box.x}, y ${box.y}, ${box.width}x${box.height} of ${larger}`
          : `${larger} is ${smaller} scaled x${alignment.scaleX}${alignment.scaleX !== alignment.scaleY ? ` horizontally and x${alignment.scaleY} vertically` : ''}`;
      return [
        {
          cause: 'geometry',
          field: 'size',
          a: sizeText(sizeA),
          b: sizeText(sizeB),
          explanation:
            `The files have different pixel sizes (A ${sizeText(sizeA)}, B ${sizeText(sizeB)})${recordedNote}, and ${how}. ` +
            `Aligned that way they are the same picture (SSIM ${pixel.ssim.toFixed(4)} over the ${alignment.kind === 'crop' ? 'overlap' : 'rescaled pair'}, ` +
            `perceptual hashes ${pixel.perceptualDistance}/64 bits apart): ` +
            (generatorResize
              ? `the image was ${verb}, either after generation or by the recorded ${generatorResize}.`
              : `the image was ${verb} after generation, not generated differently.`),
          ...FIX.geometry,
          // A recorded hires or upscale pass can make the same size change inside the generator.
          likelihood: generatorResize ? 'medium' : 'high',
          evidence: [
            ...sizes,
            alignment.kind === 'crop' && box
              ? {
                  label: 'crop box (in the larger image)',
                  value: `x ${box.x}, y ${box.y}, ${box.width}x${box.height} of ${larger}`,
                }
              : {
                  label: 'scale factor',
                  value: `x${alignment.scaleX}${alignment.scaleX !== alignment.scaleY ? ` / x${alignment.scaleY}` : ''} (${larger} larger)`,
                },
            { label: 'search fit (mean luma delta)', value: alignment.searchError.toFixed(2) },
            ...similarityEvidence(pixel),
            ...encodingEvidence(facts),
            ...(generatorResize ? [{ label: 'recorded resizing step', value: generatorResize }] : []),
          ],
        },
      ];
    }
    // Sizes differ and nothing maps one onto the other: still a fact about the pair, but not proof of an edit.
    return [
      {
        cause: 'geometry',
        field: 'size',
        a: sizeText(sizeA),
        b: sizeText(sizeB),
        explanation:
          `The files have different pixel sizes (A ${sizeText(sizeA)}, B ${sizeText(sizeB)})${recordedNote}, so one was resized or cropped outside the generator; ` +
          (alignment
            ? `aligned as the search found (${alignment.note}) the pictures still differ (SSIM ${pixel.ssim.toFixed(4)}), so something else changed too.`
            : 'neither a crop at the same scale nor a uniform rescale maps one onto the other, so the pixel figures come from a stretched copy and the pictures also differ beyond the size.'),
        ...FIX.geometry,
        likelihood: context.a && context.b ? 'medium' : 'low',
        evidence: [
          ...sizes,
          { label: 'alignment', value: alignment ? alignment.note : 'no crop or uniform scale fits' },
          ...similarityEvidence(pixel),
        ],
      },
    ];
  },
};
