// From an image file to what the generator is sent: the recipe (electron/recipes) for the target, wrapped as a
// GeneratorRequest with the checkpoint the image wants; and the nudged copy of it, one knob changed on purpose.
import type { RecipeWarning } from '../../shared/recipe';
import type { GenerationTuple } from '../../shared/tuple';
import type { VerifyGeneratorKind, VerifyKnob, VerifyNudge } from '../../shared/verification';
import { buildRecipe, readRecipeSource, RecipeSourceError } from '../recipes';
import { inspectImageFile } from '../images/inspect-image';
import { parseLosslessJson } from '../metadata/lossless-json';
import type { ComfyGraph, GeneratorRequest } from './generator-client';
import { VerifyError } from './generator-client';

export interface VerifyRequestPlan {
  request: GeneratorRequest;
  tuple: GenerationTuple;
  warnings: RecipeWarning[];
}

/** A1111's recipe leaves this in init_images when the source image of an img2img run is unknown. */
const INIT_IMAGE_PLACEHOLDER = /^<.*>$/;

async function comfyWorkflowOf(file: string): Promise<unknown> {
  const { report } = await inspectImageFile(file, { decode: false });
  const raw = report.raw.find((r) => /(^|:)workflow$/i.test(r.source) && !r.truncated);
  if (!raw) return null;
  const parsed = parseLosslessJson(raw.text);
  return parsed.ok ? parsed.value : null;
}

export async function planVerifyRequest(file: string, kind: VerifyGeneratorKind): Promise<VerifyRequestPlan> {
  let source;
  try {
    source = await readRecipeSource(file);
  } catch (err) {
    if (err instanceof RecipeSourceError)
      throw new VerifyError('no-recipe', `${err.message}. Verify needs the image's generation parameters.`);
    throw err;
  }
  const { tuple } = source;
  const recipe = buildRecipe(tuple, kind, { comfyGraph: source.comfyGraph });
  const checkpoint = tuple.model ? { name: tuple.model, hash: tuple.modelHash } : null;
  if (kind === 'a1111') {
    const payload = { ...(recipe.body as Record<string, unknown>) };
    const init = payload.init_images;
    if (Array.isArray(init) && init.some((i) => typeof i === 'string' && INIT_IMAGE_PLACEHOLDER.test(i))) {
      throw new VerifyError(
        'no-recipe',
        `${file}: this image was made with img2img from another image, which its metadata does not carry, so it cannot be rerun. Verify the source image's txt2img output instead.`,
      );
    }
    const endpoint = recipe.endpoint === '/sdapi/v1/img2img' ? 'img2img' : 'txt2img';
    return { request: { kind: 'a1111', endpoint, payload, checkpoint }, tuple, warnings: recipe.warnings };
  }
  const graph = recipe.body as ComfyGraph;
  return {
    request: { kind: 'comfyui', graph, workflow: await comfyWorkflowOf(file), checkpoint },
    tuple,
    warnings: recipe.warnings,
  };
}

function bump(value: unknown, knob: VerifyKnob): { next: number | string; from: string; to: string } | null {
  if (knob === 'seed') {
    const digits =
      typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
        ? String(value)
        : typeof value === 'string' && /^\d+$/.test(value)
          ? value
          : null;
    if (digits === null) return null;
    const next = (BigInt(digits) + 1n) % 2n ** 64n;
    const n = Number(next);
    return { next: Number.isSafeInteger(n) ? n : next.toString(), from: digits, to: next.toString() };
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const next = knob === 'cfg' ? Math.round((value + 0.5) * 1000) / 1000 : value + 1;
  return { next, from: String(value), to: String(next) };
}

const A1111_FIELD: Record<VerifyKnob, string> = { cfg: 'cfg_scale', steps: 'steps', seed: 'seed' };
/** Graph inputs that carry each knob (KSampler, KSamplerAdvanced, CFGGuider, BasicScheduler, RandomNoise). */
const COMFY_INPUTS: Record<VerifyKnob, string[]> = { cfg: ['cfg'], steps: ['steps'], seed: ['seed', 'noise_seed'] };

/** A copy of the request with one knob changed (every sampler in a ComfyUI graph alike); `from` null if none. */
export function nudgeRequest(
  request: GeneratorRequest,
  knob: VerifyKnob,
): { request: GeneratorRequest; nudge: VerifyNudge } {
  if (request.kind === 'a1111') {
    const field = A1111_FIELD[knob];
    const changed = bump(request.payload[field] ?? (knob === 'cfg' ? 7 : knob === 'steps' ? 20 : undefined), knob);
    if (!changed) return { request, nudge: { knob, from: null, to: null } };
    return {
      request: { ...request, payload: { ...request.payload, [field]: changed.next } },
      nudge: { knob, from: changed.from, to: changed.to },
    };
  }
  const graph = structuredClone(request.graph);
  let first: { from: string; to: string } | null = null;
  for (const node of Object.values(graph)) {
    for (const input of COMFY_INPUTS[knob]) {
      const changed = bump(node.inputs?.[input], knob);
      if (!changed) continue;
      node.inputs[input] = changed.next;
      first ??= changed;
    }
  }
  if (!first) return { request, nudge: { knob, from: null, to: null } };
  return { request: { ...request, graph }, nudge: { knob, from: first.from, to: first.to } };
}
