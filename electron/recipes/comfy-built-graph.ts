// A ComfyUI API graph built from the tuple, for images from other tools: checkpoint loader, LoRA loaders with
// their weights, clip skip, the two CLIP text encodes, an empty latent, the KSampler with explicit sampler and
// scheduler ids, a latent hires pass when the tuple has one, VAE decode and save. Node ids are small integers
// in the order a person reads the graph.
import type { GenerationTuple, SamplingPass } from '../../shared/tuple';
import type { JsonObject, JsonValue } from '../metadata/lossless-json';
import type { RecipeWarnings } from './recipe-warnings';
import { seedValue } from './recipe-json';
import { comfySampler } from './sampler-names';
import { isImg2Img, noiseDevice } from './tuple-facts';

type Link = [string, number];

class GraphWriter {
  readonly nodes: JsonObject = {};
  private next = 1;

  add(classType: string, inputs: Record<string, JsonValue>, title?: string): string {
    const id = String(this.next++);
    this.nodes[id] = title ? { class_type: classType, inputs, _meta: { title } } : { class_type: classType, inputs };
    return id;
  }
}

const MODEL_EXT = /\.(safetensors|ckpt|pt|pth|bin|gguf|sft)$/i;

/** ComfyUI lists model files with their extension; A1111-family tools write the name without it. */
function fileName(name: string, warnings: RecipeWarnings, what: string): string {
  if (MODEL_EXT.test(name)) return name;
  warnings.add(
    'adapted',
    `${what} "${name}" is recorded without a file extension; the graph names "${name}.safetensors", rename it to the file you have`,
  );
  return `${name}.safetensors`;
}

export function builtGraphRecipeBody(tuple: GenerationTuple, warnings: RecipeWarnings): JsonObject {
  const g = new GraphWriter();
  const ckpt = g.add('CheckpointLoaderSimple', {
    ckpt_name: fileName(tuple.model ?? 'model.safetensors', warnings, 'checkpoint'),
  });
  let model: Link = [ckpt, 0];
  let clip: Link = [ckpt, 1];
  for (const a of tuple.adapters) {
    if (a.kind === 'lora' || a.kind === 'lycoris') {
      const weight = a.weight ?? 1;
      const clipWeight = a.weights?.['clip'] ?? a.weights?.['strength_clip'] ?? weight;
      const id = g.add('LoraLoader', {
        lora_name: fileName(a.name, warnings, 'LoRA'),
        strength_model: weight,
        strength_clip: clipWeight,
        model,
        clip,
      });
      model = [id, 0];
      clip = [id, 1];
    } else if (a.kind === 'hypernetwork') {
      const id = g.add('HypernetworkLoader', {
        hypernetwork_name: fileName(a.name, warnings, 'hypernetwork'),
        strength: a.weight ?? 1,
        model,
      });
      model = [id, 0];
    } else if (a.kind === 'embedding') {
      if (!(tuple.prompt ?? '').includes(a.name) && !(tuple.negativePrompt ?? '').includes(a.name)) {
        warnings.add(
          'not-expressible',
          `embedding ${a.name} is not named in the prompt; write "embedding:${a.name}" where it was used`,
        );
      }
    } else if (a.kind !== 'refiner' && a.kind !== 'vae') {
      warnings.add(
        'not-expressible',
        `${a.kind} ${a.name}${a.weight !== null ? ` (weight ${a.weight})` : ''} is not in this built graph: it needs its input image and loader nodes; add them`,
      );
    }
  }
  if (tuple.determinism.clipSkip !== null && tuple.determinism.clipSkip > 1) {
    const id = g.add('CLIPSetLastLayer', { stop_at_clip_layer: -tuple.determinism.clipSkip, clip });
    clip = [id, 0];
  }
  const positive = g.add(
    'CLIPTextEncode',
    { text: withoutNetworkTags(tuple.prompt ?? '', warnings), clip },
    'Positive prompt',
  );
  const negative = g.add(
    'CLIPTextEncode',
    { text: withoutNetworkTags(tuple.negativePrompt ?? '', warnings), clip },
    'Negative prompt',
  );
  if (isImg2Img(tuple))
    warnings.add(
      'missing-value',
      'this image was made from another image (img2img); the built graph starts from an empty latent: replace it with LoadImage + VAEEncode of that image',
    );
  const latent = g.add('EmptyLatentImage', { width: tuple.width ?? 512, height: tuple.height ?? 512, batch_size: 1 });
  const base = tuple.passes.find((p) => p.role === 'base') ?? null;
  const first = ksampler(g, tuple, base ?? tuple, { model, positive, negative, latent: [latent, 0] }, 1, warnings);
  let samples: Link = [first, 0];
  const hires = tuple.passes.find((p) => p.role === 'hires');
  if (hires) samples = hiresPass(g, tuple, hires, { model, positive, negative, latent: samples }, warnings);
  let vae: Link = [ckpt, 2];
  const vaeName = tuple.determinism.vae;
  if (vaeName && !/^(default|automatic|none)/i.test(vaeName))
    vae = [g.add('VAELoader', { vae_name: fileName(vaeName, warnings, 'VAE') }), 0];
  const decoded = g.add('VAEDecode', { samples, vae });
  g.add('SaveImage', { images: [decoded, 0], filename_prefix: 'seedscope-recipe' });
  crossToolWarnings(tuple, warnings);
  return g.nodes;
}

const NETWORK_TAG = /\s*<(lora|lyco|hypernet):[^<>]*>/g;

/** A1111 loads networks from <lora:name:w> tags; ComfyUI would encode them as words, and has loader nodes instead. */
export function withoutNetworkTags(text: string, warnings: RecipeWarnings): string {
  const stripped = text.replace(NETWORK_TAG, '');
  if (stripped !== text)
    warnings.add(
      'adapted',
      'removed <lora:…>/<hypernet:…> tags from the prompt text: ComfyUI would encode them as words; the networks are loader nodes in this graph',
    );
  return stripped;
}

interface Wiring {
  model: Link;
  positive: string;
  negative: string;
  latent: Link;
}

function ksampler(
  g: GraphWriter,
  tuple: GenerationTuple,
  pass: GenerationTuple | SamplingPass,
  w: Wiring,
  denoise: number,
  warnings: RecipeWarnings,
): string {
  const names = comfySampler(pass);
  for (const u of names.unknown) warnings.add('unknown-sampler', u);
  const seed = ('seed' in pass ? pass.seed : null) ?? tuple.seed;
  return g.add('KSampler', {
    seed: seed !== null && /^\d+$/.test(seed) ? seedValue(seed) : 0,
    steps: pass.steps ?? tuple.steps ?? 20,
    cfg: pass.cfg ?? tuple.cfg ?? 7,
    sampler_name: names.sampler ?? 'euler',
    scheduler: names.scheduler ?? 'normal',
    denoise,
    model: w.model,
    positive: [w.positive, 0],
    negative: [w.negative, 0],
    latent_image: w.latent,
  });
}

function hiresPass(
  g: GraphWriter,
  tuple: GenerationTuple,
  pass: SamplingPass,
  w: Wiring,
  warnings: RecipeWarnings,
): Link {
  const scale = Number(pass.settings['Hires upscale']) || (pass.width && tuple.width ? pass.width / tuple.width : 2);
  const upscaler = pass.settings['Hires upscaler'];
  const up = g.add('LatentUpscaleBy', { upscale_method: 'nearest-exact', scale_by: scale, samples: w.latent });
  if (upscaler !== undefined && !/^latent/i.test(String(upscaler))) {
    warnings.add(
      'not-expressible',
      `the hires pass upscaled with "${String(upscaler)}" in pixel space; this graph upscales the latent (nearest-exact), so the second pass starts from a different image. For a closer match: VAEDecode, ImageUpscaleWithModel, VAEEncode`,
    );
  }
  const second = ksampler(g, tuple, pass, { ...w, latent: [up, 0] }, pass.denoise ?? 0.5, warnings);
  return [second, 0];
}

function crossToolWarnings(tuple: GenerationTuple, warnings: RecipeWarnings): void {
  if (noiseDevice(tuple) === 'cuda') {
    warnings.add(
      'cross-tool',
      `the image's noise was drawn on the GPU (RNG ${tuple.determinism.rng ?? 'GPU'}); ComfyUI draws it on the CPU, so the same seed gives a different image. Expect a similar picture, not the same pixels`,
    );
  }
  if (tuple.determinism.ensd && tuple.determinism.ensd !== '0')
    warnings.add(
      'cross-tool',
      `ENSD ${tuple.determinism.ensd} (A1111's eta noise seed delta) has no ComfyUI equivalent`,
    );
  for (const key of Object.keys(tuple.determinism.other)) {
    warnings.add('not-expressible', `"${key}: ${tuple.determinism.other[key]}" has no node in this graph`);
  }
  for (const step of tuple.postprocess) {
    if (step.kind === 'hires-fix') continue;
    warnings.add(
      'not-expressible',
      `${step.kind} ${step.name} ran after sampling; the graph leaves it out (guide step 4: test without it)`,
    );
  }
}
