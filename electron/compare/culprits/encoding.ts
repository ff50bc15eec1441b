import type { CulpritEvidence, EncodingInfo } from '../../../shared/compare';
import { describeEncoding, encodingsDiffer } from '../encoding-info';
import type { CulpritFinding, CulpritRule, PairFacts } from './culprit-rule';
import { decidingDifferences } from './culprit-rule';
import { FIX } from './fixes';
import { BLOCKY_RATIO, samePicture, similarityEvidence } from './picture-evidence';

/** Which side is the lossy copy: the lossy one of a lossy/lossless pair, else the lower JPEG quality. */
function lossySide(a: EncodingInfo, b: EncodingInfo): 'A' | 'B' | 'both' {
  if (a.lossy && !b.lossy) return 'A';
  if (b.lossy && !a.lossy) return 'B';
  if (a.quality !== null && b.quality !== null && a.quality !== b.quality) return a.quality < b.quality ? 'A' : 'B';
  return 'both';
}

/** "JPEG, quality 80" / "PNG, lossless": the encoding inside a parenthesis of a sentence, without nested ones. */
function inSentence(e: EncodingInfo): string {
  return describeEncoding(e)
    .replace(/ \(lossy\)$/, '')
    .replace(/ \(lossless\)$/, ', lossless')
    .replace(/ \((.*)\)$/, ', $1');
}

function qualityEvidence(lossy: EncodingInfo | null): CulpritEvidence[] {
  if (!lossy || lossy.quality === null) return [];
  const how = lossy.qualityExact
    ? 'its quantisation tables are the IJG tables at this quality'
    : 'custom quantisation tables; nearest IJG quality';
  return [{ label: 'JPEG quality (estimated)', value: `${lossy.quality} (${how})` }];
}

function spreadEvidence(facts: PairFacts, jpeg: boolean): CulpritEvidence[] {
  const ratio = facts.shape?.blockBoundaryRatio ?? null;
  if (!jpeg || ratio === null) return [];
  return [
    {
      label: '8x8 block border / inner jump',
      value: `${ratio.toFixed(2)}${ratio >= BLOCKY_RATIO ? ' (JPEG block structure)' : ''}`,
    },
  ];
}

/**
 * The same generation stored twice, one copy lossy: another container or codec, lossy vs lossless, or two JPEG
 * qualities, with the same picture on both sides. A deterministic encoder fed identical pixels writes identical
 * output, so two files with the same codec and quality cannot be told apart by encoding: this rule needs the
 * encodings to differ. It holds whether or not the copy kept its metadata.
 */
export const encodingRule: CulpritRule = {
  id: 'encoding',
  find(context): CulpritFinding[] {
    const facts = context.facts;
    if (!facts || context.pixelsIdentical || facts.alignment) return [];
    const { encodingA: a, encodingB: b, pixel } = facts;
    if (!a || !b || !(a.lossy || b.lossy) || !encodingsDiffer(a, b) || !samePicture(pixel)) return [];
    const side = lossySide(a, b);
    const lossy = side === 'A' ? a : side === 'B' ? b : null;
    const parameterDiffs = context.a && context.b ? decidingDifferences(context).length : 0;
    const what =
      side === 'both'
        ? `Both files are lossy encodings of the same picture (A ${describeEncoding(a)}, B ${describeEncoding(b)})`
        : `${side} is a lossy copy (${inSentence(lossy as EncodingInfo)}) of the same picture as ${side === 'A' ? 'B' : 'A'} (${inSentence(side === 'A' ? b : a)})`;
    return [
      {
        cause: 'encoding',
        field: 'encoding',
        a: describeEncoding(a),
        b: describeEncoding(b),
        explanation:
          `${what}: SSIM ${pixel.ssim.toFixed(4)}, perceptual hashes ${pixel.perceptualDistance}/64 bits apart, and ${(pixel.changedRatio * 100).toFixed(1)}% of pixels ` +
          `differ by ${pixel.meanDelta.toFixed(2)}/255 on average, spread over the picture like compression error. A lossy copy can never be bit-identical to its source.`,
        ...FIX.encoding,
        // A deciding parameter that differs as well is the stronger lead; the encoding then explains only part.
        likelihood: parameterDiffs > 0 ? 'medium' : 'high',
        evidence: [
          { label: 'A container / codec', value: describeEncoding(a) },
          { label: 'B container / codec', value: describeEncoding(b) },
          { label: 'lossy side', value: side === 'both' ? 'both' : side },
          ...qualityEvidence(lossy),
          ...similarityEvidence(pixel),
          ...spreadEvidence(facts, a.container === 'jpeg' || b.container === 'jpeg'),
        ],
      },
    ];
  },
};
