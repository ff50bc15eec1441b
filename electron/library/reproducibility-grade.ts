// The reproducibility grade of one image: a pure function of its tuple, its run record and its container. Each
// reason caps the grade (bit-identical possible > visually identical at best > not reproducible) and says what to
// change. The causes and the fixes are the seed guide's (../shared/seed/same-seed-different-image.txt).
import type { ImageReport } from '../../shared/image-report';
import type { GradeReason, ReproducibilityGrade } from '../../shared/reproducibility-grade';
import type { GenerationTuple, GeneratorId } from '../../shared/tuple';
import { isCoreComfyNode } from '../metadata/comfy/core-nodes';

export type GradeInput = Pick<ImageReport, 'format' | 'generator' | 'tuple' | 'raw'> &
  Pick<Partial<ImageReport>, 'runRecord'>;

/** Generators that run on someone else's servers: the weights and the GPU are theirs, not the file's. */
const HOSTED: ReadonlySet<GeneratorId> = new Set([
  'midjourney',
  'openai',
  'google',
  'adobe-firefly',
  'novelai',
  'civitai',
  'tensorart',
  'hf-space',
  'c2pa',
]);

const COMFY_FAMILY: ReadonlySet<GeneratorId> = new Set([
  'comfyui',
  'stability-matrix',
  'swarmui',
  'civitai',
  'tensorart',
]);

/** Nodes that only show or write the result: whatever they are, they do not change the pixels generated. */
const OUTPUT_NODE = /save|preview/i;

/** Samplers that draw fresh noise at every step (ancestral, SDE, LCM): on a GPU that noise differs across cards. */
const NOISE_EVERY_STEP = /ancestral|(^|_)sde(_|$)|_sde_gpu|^lcm$|^dpm_fast$|^dpm_adaptive$|^euler_a$|^k_euler_a/;

/** Seeds that mean "pick one at random" in the tools that write them. */
const PLACEHOLDER_SEEDS = new Set(['-1', '']);

function customNodes(input: GradeInput): string[] {
  if (!input.generator || !COMFY_FAMILY.has(input.generator)) return [];
  const found = new Set<string>();
  for (const entry of input.raw) {
    if (!entry.text.includes('class_type')) continue;
    for (const m of entry.text.matchAll(/"class_type"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) {
      const type = m[1] ?? '';
      if (!isCoreComfyNode(type) && !OUTPUT_NODE.test(type)) found.add(type);
    }
    if (found.size) break;
  }
  return [...found].sort();
}

function samplersWithGpuNoise(tuple: GenerationTuple): string[] {
  const rng = (tuple.determinism.rng ?? '').toLowerCase();
  if (rng === 'cpu') return [];
  const ids = [tuple.samplerId ?? tuple.sampler, ...tuple.passes.map((p) => p.samplerId ?? p.sampler)].filter(
    (s): s is string => Boolean(s),
  );
  return [...new Set(ids.filter((id) => NOISE_EVERY_STEP.test(id.toLowerCase().replace(/\s+/g, '_'))))];
}

function hostedPin(input: GradeInput, tuple: GenerationTuple | null): string | null {
  const record = input.runRecord;
  if (record?.versionPin) return `${record.versionPinField ?? 'version'} ${record.versionPin}`;
  if (tuple?.modelVersion) return `version ${tuple.modelVersion}`;
  if (tuple?.modelHash) return `model hash ${tuple.modelHash}`;
  // Civitai's AIR URNs end in @<model version id>: an exact pin of the weights.
  if (tuple?.model && /@\d+$/.test(tuple.model)) return `model version ${tuple.model}`;
  return null;
}

function lossyContainer(format: GradeInput['format']): string | null {
  if (format === 'jpeg') return 'JPEG';
  // Generators save WebP and AVIF lossy by default (A1111 "webp_lossless" off, ComfyUI's SaveAnimatedWEBP lossless off).
  if (format === 'webp') return 'WebP (lossy unless saved lossless)';
  if (format === 'avif') return 'AVIF';
  return null;
}

function seedReasons(tuple: GenerationTuple | null, input: GradeInput): GradeReason[] {
  const seed = tuple?.seed ?? input.runRecord?.seed ?? null;
  if (seed === null) {
    return [
      {
        code: 'seed-missing',
        caps: 'not-reproducible',
        text: 'No seed is recorded: the run drew its starting noise at random.',
        change:
          'Set an explicit integer seed (not -1/random) and keep it with the image; on hosted APIs send "seed" as an integer.',
      },
    ];
  }
  if (PLACEHOLDER_SEEDS.has(seed.trim()) || tuple?.origins.seed?.computed) {
    const how = tuple?.origins.seed?.computed
      ? 'is computed at run time by a node'
      : `is the placeholder ${seed} ("random")`;
    return [
      {
        code: 'seed-placeholder',
        caps: 'not-reproducible',
        text: `The recorded seed ${how}, not the seed that was used.`,
        change:
          'Save the seed the run actually used (A1111 writes it after generation; in ComfyUI set control_after_generate to "fixed" and save with a standard saver).',
      },
    ];
  }
  return [];
}

function modelReasons(tuple: GenerationTuple | null, input: GradeInput): GradeReason[] {
  const record = input.runRecord;
  const hosted =
    (input.generator !== null && HOSTED.has(input.generator)) ||
    (record !== null && record !== undefined && record.provider !== 'local');
  if (hosted) {
    const pin = hostedPin(input, tuple);
    const who = record && record.provider !== 'local' ? record.provider : input.generator;
    if (!pin) {
      return [
        {
          code: 'hosted-unpinned',
          caps: 'not-reproducible',
          text: `A hosted model (${who}) without a version pin: the provider may have rolled the weights forward since.`,
          change:
            'Pin the exact version in the request (Replicate version id, a dated model name, "model_version", Midjourney --v) and keep the API response JSON beside the image.',
        },
      ];
    }
    return [
      {
        code: 'hosted-hardware',
        caps: 'visually-identical-at-best',
        text: `Hosted (${who}, pinned by ${pin}): the provider's GPUs and post-processing are not yours to fix.`,
        change:
          "Aim for visually identical; for bit-identical output run the same weights locally with the determinism settings of the guide's step 5.",
      },
    ];
  }
  if (!tuple?.model && !tuple?.modelHash) {
    return [
      {
        code: 'no-model',
        caps: 'not-reproducible',
        text: 'No model name or hash is recorded.',
        change:
          'Save the checkpoint name and its sha256 with every image (A1111: "Add model hash to generation information"; ComfyUI: a saver that writes the hash).',
      },
    ];
  }
  if (!tuple.modelHash) {
    return [
      {
        code: 'no-model-hash',
        caps: 'visually-identical-at-best',
        text: `The model is named ("${tuple.model}") but no hash says which bytes: a re-downloaded or updated file under the same name gives other pixels.`,
        change:
          'Record the model hash (`sha256sum model.safetensors`, guide step 7); `seedscope models DIR` hashes your model folder.',
      },
    ];
  }
  return [];
}

/** The grade of one image, worst reasons first. */
export function gradeReproducibility(input: GradeInput): ReproducibilityGrade {
  const tuple = input.tuple;
  const reasons: GradeReason[] = [];
  if (!tuple && !input.runRecord) {
    reasons.push({
      code: 'no-parameters',
      caps: 'not-reproducible',
      text: 'The file records no generation parameters.',
      change:
        'Find a copy that still has its metadata (`seedscope similar FILE`), or save images with their parameters from now on (PNG parameters chunk, or the API response JSON beside the image).',
    });
    return { grade: 'not-reproducible', reasons };
  }
  reasons.push(...seedReasons(tuple, input), ...modelReasons(tuple, input));
  if (tuple) {
    const noisy = samplersWithGpuNoise(tuple);
    const local = !(input.generator && HOSTED.has(input.generator));
    if (noisy.length && local) {
      reasons.push({
        code: 'sampler-gpu-noise',
        caps: 'visually-identical-at-best',
        text: `${noisy.join(', ')} draws new noise at every step, on the GPU (RNG ${tuple.determinism.rng ?? 'GPU, the default'}): another GPU, driver or torch gives other noise.`,
        change:
          'Use CPU noise (A1111: Settings > Sampler parameters > RNG source = CPU) or a non-ancestral, non-SDE sampler such as DPM++ 2M Karras.',
      });
    }
    const unseeded = tuple.postprocess.filter((s) => s.kind === 'face-restore' || s.kind === 'upscale');
    if (unseeded.length) {
      reasons.push({
        code: 'postprocess-unseeded',
        caps: 'visually-identical-at-best',
        text: `Post-processing after generation: ${unseeded.map((s) => `${s.kind} ${s.name}`).join(', ')}; these passes are not seeded.`,
        change:
          'For the reproducibility test, turn face restoration and upscaling off (guide step 4), then re-add each one and check it is stable.',
      });
    }
  }
  const flags = (input.runRecord?.postprocess ?? []).filter(
    (f) =>
      f.on &&
      (f.kind === 'enhance' || f.kind === 'prompt-rewrite' || f.kind === 'upscale' || f.kind === 'face-restore'),
  );
  if (flags.length) {
    reasons.push({
      code: 'postprocess-unseeded',
      caps: 'visually-identical-at-best',
      text: `The request switched on post-processing that is not seeded: ${flags.map((f) => `${f.field} = ${f.value}`).join(', ')}.`,
      change: `Send ${flags.map((f) => f.turnOff).join(', ')} for the reproducibility test (guide step 4).`,
    });
  }
  const custom = customNodes(input);
  if (custom.length) {
    const shown = custom.slice(0, 6).join(', ') + (custom.length > 6 ? `, and ${custom.length - 6} more` : '');
    reasons.push({
      code: 'custom-nodes',
      caps: 'visually-identical-at-best',
      text: `The graph uses custom nodes whose effect Seedscope cannot read: ${shown}.`,
      change:
        'Record each custom node pack and its version (ComfyUI Manager snapshot), or replace the nodes with core ones for the run you need to reproduce.',
    });
  }
  const computed = tuple
    ? Object.entries(tuple.origins)
        .filter(([field, o]) => o.computed && field !== 'seed')
        .map(([field]) => field)
    : [];
  if (computed.length) {
    reasons.push({
      code: 'computed-values',
      caps: 'visually-identical-at-best',
      text: `These values are computed by nodes at run time, so the file does not hold the values used: ${computed.join(', ')}.`,
      change: 'Replace the computing nodes with fixed values, or save with a saver that records the resolved values.',
    });
  }
  const lossy = lossyContainer(input.format);
  if (lossy) {
    reasons.push({
      code: 'lossy-container',
      caps: 'visually-identical-at-best',
      text: `Saved as ${lossy}: the file holds a lossy re-encoding, so its pixel hash cannot match a fresh run's raw output.`,
      change:
        'Save as PNG (or lossless WebP) to compare pixel hashes; compare lossy files by their verdict, not their hash.',
    });
  }
  const worst = reasons.some((r) => r.caps === 'not-reproducible')
    ? 'not-reproducible'
    : reasons.length
      ? 'visually-identical-at-best'
      : 'bit-identical-possible';
  reasons.sort((p, q) => (p.caps === q.caps ? 0 : p.caps === 'not-reproducible' ? -1 : 1));
  return { grade: worst, reasons };
}
