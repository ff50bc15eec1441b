// Settings known to make one tuple give different pixels from run to run (the seed guide's cause 5 and its FAQ):
// ancestral / SDE samplers draw fresh noise every step, `_gpu` samplers and A1111's default GPU RNG depend on the
// GPU's kernels, xformers' attention is not deterministic, a batch position shifts the noise, and Fooocus' prompt
// expansion (the "Fooocus V2" style) rewrites the prompt with a GPT-2 model.
import type { GenerationTuple } from '../../../shared/tuple';
import { A1111_FAMILY, generatorName } from './fixes';

const NONDETERMINISTIC_SAMPLER =
  /(ancestral|_sde|sde_|\bsde\b|_gpu|\beuler a\b|^euler_a$|\bdpm2 a\b|\bdpm\+\+ 2s a\b|k_euler_ancestral|restart)/i;

/** The noise source, worded for the generator: A1111-family writers omit the RNG key when it is their default
 *  (GPU); ComfyUI draws the initial noise on the CPU unless a custom node says otherwise, so a missing key there
 *  is no suspect. */
function rngSuspect(tuple: GenerationTuple): string | null {
  const rng = tuple.determinism.rng;
  const unrecorded = rng === null || tuple.origins['determinism.rng']?.isDefault === true;
  if (unrecorded && A1111_FAMILY.has(tuple.generator))
    return `noise on the GPU: the RNG source is not recorded, and ${generatorName(tuple.generator)} omits it when it is the default, GPU`;
  if (rng !== null && /^(gpu|cuda|nv)$/i.test(rng)) return `noise drawn on the GPU (RNG ${rng})`;
  return null;
}

export function nondeterminismSuspects(tuple: GenerationTuple): string[] {
  const out: string[] = [];
  for (const name of [
    tuple.sampler,
    tuple.samplerId,
    ...tuple.passes.map((p) => p.sampler),
    ...tuple.passes.map((p) => p.samplerId),
  ]) {
    if (name && NONDETERMINISTIC_SAMPLER.test(name)) {
      out.push(`sampler "${name}" (ancestral / SDE / GPU noise draws fresh noise each step)`);
      break;
    }
  }
  const rng = rngSuspect(tuple);
  if (rng) out.push(rng);
  const everything = { ...tuple.extras, ...tuple.determinism.other };
  for (const [key, value] of Object.entries(everything)) {
    if (/xformers/i.test(key) || /xformers/i.test(value)) out.push(`xformers attention (${key}: ${value})`);
    if (/^batch[ _]?(pos|index|position)$/i.test(key) && value !== '0') out.push(`batch position ${value} (${key})`);
    if (/^batch[ _]?size$/i.test(key) && Number(value) > 1) out.push(`batch size ${value}`);
  }
  const expansion = tuple.postprocess.find((p) => p.kind === 'prompt-expansion');
  const fooocusV2 = Object.entries(tuple.extras).find(([k, v]) => /styles?/i.test(k) && /fooocus v2/i.test(v));
  if (expansion) out.push(`prompt expansion "${expansion.name}"`);
  else if (fooocusV2) out.push('Fooocus prompt expansion ("Fooocus V2" style)');
  return out;
}
