import type { CulpritEvidence } from '../../../shared/compare';
import type { GenerationTuple } from '../../../shared/tuple';
import type { CulpritContext, CulpritFinding, CulpritRule } from './culprit-rule';
import { decidingDifferences } from './culprit-rule';
import { FIX } from './fixes';
import { otherPicture, samePicture, similarityEvidence } from './picture-evidence';

/**
 * Recorded values that cannot describe a picture: seed -1 ("random": A1111 writes the seed it drew, so -1 in a file
 * means the writer did not know it) and 0 (what re-writers and web forms put in when they lack the seed; a real
 * seed 0 is possible, so the culprit says "may be"), a prompt that is empty or "unknown", and a ComfyUI workflow
 * that records no sampler at all. Field names are the tuple diff's.
 */
export function placeholderFields(t: GenerationTuple | null): Array<{ field: string; value: string }> {
  if (!t) return [];
  const out: Array<{ field: string; value: string }> = [];
  if (t.seed === '-1' || t.seed === '0') out.push({ field: 'seed', value: t.seed });
  if (t.prompt !== null && (t.prompt.trim() === '' || /^unknown$/i.test(t.prompt.trim())))
    out.push({ field: 'prompt', value: JSON.stringify(t.prompt) });
  if (
    t.generator === 'comfyui' &&
    t.sampler === null &&
    t.samplerId === null &&
    t.passes.every((p) => p.sampler === null && p.samplerId === null)
  ) {
    out.push({ field: 'sampler', value: 'no sampler in the workflow' });
  }
  return out;
}

function missingCulprit(context: CulpritContext): CulpritFinding {
  // Sides by letter only: in web mode the files are upload-cache paths the person never chose.
  const missing = [!context.a ? 'A' : null, !context.b ? 'B' : null].filter(Boolean).join(' and ');
  const verb = context.a || context.b ? 'carries' : 'carry';
  const pixel = context.facts?.pixel;
  let explanation: string;
  if (context.pixelsIdentical && !context.a && !context.b) {
    explanation =
      'The pixels are identical; neither file carries generation parameters, so there is nothing to compare beyond the pixels.';
  } else if (context.pixelsIdentical) {
    explanation = `The pixels are identical, but ${missing} ${verb} no generation parameters: the metadata was stripped (a re-save, an upload, a chat app), not the picture changed.`;
  } else if (context.runRecordA && context.runRecordB) {
    explanation = `${missing} ${verb} no embedded generation parameters, but both have a run record: what the records say is compared instead, in the findings from the records.`;
  } else if (pixel && samePicture(pixel)) {
    explanation = `${missing} ${verb} no generation parameters: the metadata was stripped from a copy of the same picture, so no parameter can be compared. The pixel difference is named by the other findings.`;
  } else {
    explanation = `${missing} ${verb} no generation parameters, so no parameter can be compared and the cause of the pixel difference cannot be named.`;
  }
  return {
    cause: 'metadata-missing',
    field: 'tuple',
    a: context.a ? 'has generation parameters' : null,
    b: context.b ? 'has generation parameters' : null,
    explanation,
    ...FIX.metadataMissing,
    // A stripped copy of the same picture: the stripping is worth saying, the encoding or edit explains the pixels.
    // Both run records stand in for the parameters: the record findings name the cause, this only notes the gap.
    likelihood:
      context.pixelsIdentical || (context.runRecordA && context.runRecordB)
        ? 'low'
        : pixel && samePicture(pixel)
          ? 'medium'
          : 'high',
    evidence: [
      { label: 'A parameters', value: context.a ? 'present' : 'none found' },
      { label: 'B parameters', value: context.b ? 'present' : 'none found' },
      ...(pixel && !context.pixelsIdentical ? similarityEvidence(pixel) : []),
    ],
  };
}

function placeholderCulprit(context: CulpritContext): CulpritFinding | null {
  const found = (['a', 'b'] as const).flatMap((side) => placeholderFields(context[side]).map((p) => ({ side, ...p })));
  if (found.length === 0) return null;
  const listed = found.map((p) => `${p.side.toUpperCase()} ${p.field} ${p.value}`).join(', ');
  return {
    cause: 'metadata-missing',
    field: found.map((p) => p.field).join(','),
    a:
      found
        .filter((p) => p.side === 'a')
        .map((p) => `${p.field} ${p.value}`)
        .join(', ') || null,
    b:
      found
        .filter((p) => p.side === 'b')
        .map((p) => `${p.field} ${p.value}`)
        .join(', ') || null,
    explanation:
      `The recorded parameters hold placeholders (${listed}): a seed of -1 or 0, an empty or "unknown" prompt or a workflow without a sampler is what a tool writes ` +
      'when it does not know the real value, so these values cannot describe the picture and differences in them prove nothing.',
    ...FIX.metadataMissing,
    // The top lead when the pixels differ for no other stated reason; beside a re-encode or identical pixels it is a
    // note about the metadata, not the cause of the difference.
    likelihood: !context.pixelsIdentical && !(context.facts && samePicture(context.facts.pixel)) ? 'high' : 'medium',
    evidence: found.map((p) => ({ label: `${p.side.toUpperCase()} ${p.field}`, value: p.value })),
  };
}

/** Both sides record parameters, none that decides pixels differs, yet the pictures are clearly different: the
 *  metadata does not describe these images (copied onto another picture, or a tool that writes a fixed block). */
function notDescribing(context: CulpritContext): CulpritFinding | null {
  const pixel = context.facts?.pixel;
  if (
    !context.a ||
    !context.b ||
    context.pixelsIdentical ||
    !pixel ||
    !otherPicture(pixel) ||
    decidingDifferences(context).length > 0
  )
    return null;
  const evidence: CulpritEvidence[] = [
    { label: 'recorded parameters', value: 'every deciding field equal' },
    ...similarityEvidence(pixel),
  ];
  return {
    cause: 'metadata-missing',
    field: 'tuple',
    a: 'same parameters',
    b: 'same parameters',
    explanation:
      `Every recorded parameter is equal, yet these are different pictures (SSIM ${pixel.ssim.toFixed(4)}, perceptual hashes ${pixel.perceptualDistance}/64 bits apart). ` +
      'No GPU or driver difference turns one picture into another: the metadata does not describe at least one of these images (copied from another file, or written ' +
      'by a tool that stamps a fixed parameter block).',
    ...FIX.metadataMissing,
    likelihood: 'high',
    evidence,
  };
}

export const metadataMissingRule: CulpritRule = {
  id: 'metadata-missing',
  find(context) {
    if (!context.a || !context.b) return [missingCulprit(context)];
    return [placeholderCulprit(context), notDescribing(context)].filter((c): c is CulpritFinding => c !== null);
  },
};
