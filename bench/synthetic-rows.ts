// The rows of bench/synthetic-library.ts: sessions of images per output folder over two years, each session one
// model / sampler / size / prompt idea with random seeds, the way people generate. Deterministic (seeded PRNG).
import {
  type Adapter,
  emptyDeterminism,
  type GenerationTuple,
  type GeneratorId,
  type ImageFormat,
  type RawMetadataEntry,
} from '../shared/tuple';
import { canonicalSampler } from '../shared/samplers';
import type { ReproducibilityGradeId } from '../shared/reproducibility-grade';
import { timelineBase } from '../electron/library/image-writer';
import { normalizeModelName } from '../electron/library/tuple-key';
import {
  chance,
  FOLDERS,
  type GeneratorSpec,
  hex,
  int,
  LORAS,
  MODELS,
  type Model,
  NEGATIVES,
  pickLora,
  pickModel,
  pickSampler,
  pickScheduler,
  pickSize,
  pickTag,
  pickWord,
  random,
  resetRandom,
  SAMPLERS,
  SUBJECTS,
  TAGS,
  VOCABULARY,
} from './synthetic-vocabulary';

/** Values that exist in the generated rows, to search and filter by. */
export interface SyntheticProbes {
  /** The commonest prompt word (in a large share of rows). */
  commonWord: string;
  /** A word in roughly 1% of rows. */
  midWord: string;
  /** A rare word (a few hundred rows at 1M). */
  rareWord: string;
  /** model_norm of the commonest model and a mid-popular one. */
  model: string;
  otherModel: string;
  /** sampler_id of the commonest sampler and a less common one. */
  sampler: string;
  otherSampler: string;
  generator: GeneratorId;
  lora: string;
  tag: string;
}

export interface SyntheticRow {
  path: string;
  createdAt: number;
  timeline: number;
  size: number;
  state: 'online' | 'offline';
  format: ImageFormat;
  tuple: GenerationTuple;
  raw: RawMetadataEntry[];
  pixelSha256: string;
  /** XXH3-128 of the file's bytes, 32 hex (the index's file identity from migration 0800 on). */
  fileXxh3: string;
  phash: string;
  pixelWidth: number;
  pixelHeight: number;
  grade: ReproducibilityGradeId;
  gradeJson: string;
  tags: string[];
  favourite: boolean;
  rating: number;
}

export interface SyntheticFolder {
  path: string;
  online: boolean;
}

const DAY = 86_400_000;
const SPAN = 730 * DAY;
const BASE = Date.UTC(2024, 11, 1);

interface Session {
  model: Model;
  sampler: string;
  scheduler: string;
  steps: number;
  cfg: number;
  size: [number, number];
  hires: boolean;
  prompt: string;
  negative: string;
  adapters: Adapter[];
}

function newSession(): Session {
  const words = new Set<string>();
  const count = int(10, 24);
  while (words.size < count) words.add(pickWord());
  const loras = new Set<string>();
  const loraCount = [0, 0, 1, 1, 2, 3][int(0, 5)];
  while (loras.size < loraCount) loras.add(pickLora());
  const adapters: Adapter[] = [...loras].map((name) => ({
    kind: chance(0.9) ? 'lora' : 'lycoris',
    name,
    weight: int(4, 10) / 10,
    hash: chance(0.7) ? hex(12) : null,
    hashType: 'lora-12',
    source: 'bench',
  }));
  return {
    model: pickModel(),
    sampler: pickSampler(),
    scheduler: pickScheduler(),
    steps: [20, 25, 28, 30, 35, 40, 8, 4][Math.min(7, Math.floor(random() ** 2 * 8))],
    cfg: int(8, 16) / 2,
    size: pickSize(),
    hires: chance(0.1),
    prompt: `${SUBJECTS[int(0, SUBJECTS.length - 1)]}, ${[...words].join(', ')}`,
    negative: NEGATIVES[int(0, NEGATIVES.length - 1)],
    adapters,
  };
}

function infotext(t: GenerationTuple, s: Session, spec: GeneratorSpec): string {
  const loras = t.adapters.map((a) => ` <lora:${a.name}:${a.weight}>`).join('');
  const hashes = t.adapters.filter((a) => a.hash).map((a) => `${a.name}: ${a.hash}`);
  return `${t.prompt}${loras}\nNegative prompt: ${t.negativePrompt}\nSteps: ${t.steps}, Sampler: ${s.sampler}, Schedule type: ${s.scheduler}, CFG scale: ${t.cfg}, Seed: ${t.seed}, Size: ${t.width}x${t.height}, Model hash: ${s.model.hash}, Model: ${s.model.name}${s.hires ? ', Denoising strength: 0.35, Hires upscale: 1.5, Hires steps: 10, Hires upscaler: R-ESRGAN 4x+' : ''}${hashes.length ? `, Lora hashes: "${hashes.join(', ')}"` : ''}, Version: ${spec.software}`;
}

/** ComfyUI's `prompt` graph and its UI `workflow` (about 2.5x the graph): what the raw metadata of its PNGs holds. */
function comfyRaw(t: GenerationTuple): RawMetadataEntry[] {
  const graph: Record<string, unknown> = {
    '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: t.model } },
    '5': { class_type: 'EmptyLatentImage', inputs: { width: t.width, height: t.height, batch_size: 1 } },
    '6': { class_type: 'CLIPTextEncode', inputs: { text: t.prompt, clip: ['4', 1] } },
    '7': { class_type: 'CLIPTextEncode', inputs: { text: t.negativePrompt, clip: ['4', 1] } },
    '3': {
      class_type: 'KSampler',
      inputs: {
        seed: Number(t.seed),
        steps: t.steps,
        cfg: t.cfg,
        sampler_name: t.sampler,
        scheduler: t.scheduler,
        denoise: 1,
        model: ['4', 0],
        positive: ['6', 0],
        negative: ['7', 0],
        latent_image: ['5', 0],
      },
    },
    '8': { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['4', 2] } },
    '9': { class_type: 'SaveImage', inputs: { filename_prefix: 'ComfyUI', images: ['8', 0] } },
  };
  t.adapters.forEach((a, k) => {
    graph[String(10 + k)] = {
      class_type: 'LoraLoader',
      inputs: {
        lora_name: `${a.name}.safetensors`,
        strength_model: a.weight,
        strength_clip: 1,
        model: ['4', 0],
        clip: ['4', 1],
      },
    };
  });
  const nodes = Object.entries(graph).map(([id, node], k) => ({
    id: Number(id),
    type: (node as { class_type: string }).class_type,
    pos: [100 + 300 * (k % 4), 100 + 250 * Math.floor(k / 4)],
    size: [315, 262],
    flags: {},
    order: k,
    mode: 0,
    inputs: [{ name: 'model', type: 'MODEL', link: k + 1 }],
    outputs: [{ name: 'LATENT', type: 'LATENT', links: [k + 2], slot_index: 0 }],
    properties: { 'Node name for S&R': (node as { class_type: string }).class_type },
    widgets_values: Object.values((node as { inputs: Record<string, unknown> }).inputs).filter(
      (v) => !Array.isArray(v),
    ),
  }));
  const workflow = {
    last_node_id: 20,
    last_link_id: 30,
    nodes,
    links: [],
    groups: [],
    config: {},
    extra: { ds: { scale: 1, offset: [0, 0] } },
    version: 0.4,
  };
  return [
    { source: 'png:tEXt:prompt', text: JSON.stringify(graph) },
    { source: 'png:tEXt:workflow', text: JSON.stringify(workflow) },
  ];
}

function rawFor(spec: GeneratorSpec, t: GenerationTuple, s: Session): RawMetadataEntry[] {
  if (spec.generator === 'comfyui') return comfyRaw(t);
  if (['a1111', 'forge', 'sdnext', 'civitai'].includes(spec.generator))
    return [
      { source: spec.format === 'jpeg' ? 'exif:UserComment' : 'png:tEXt:parameters', text: infotext(t, s, spec) },
    ];
  const fields = {
    prompt: t.prompt,
    negative_prompt: t.negativePrompt,
    model: t.model,
    seed: Number(t.seed),
    steps: t.steps,
    cfg_scale: t.cfg,
    sampler: t.sampler,
    scheduler: t.scheduler,
    width: t.width,
    height: t.height,
    loras: t.adapters.map((a) => ({ name: a.name, weight: a.weight })),
    app_version: spec.software,
  };
  return [
    {
      source: `png:tEXt:${spec.generator === 'invokeai' ? 'invokeai_metadata' : 'parameters'}`,
      text: JSON.stringify(fields),
    },
  ];
}

function tupleFor(spec: GeneratorSpec, s: Session, seed: string): GenerationTuple {
  const comfy = spec.generator === 'comfyui';
  const canonical = canonicalSampler(s.sampler, s.scheduler);
  const sampler = comfy ? (canonical.samplerId ?? s.sampler) : s.sampler;
  const scheduler = comfy ? (canonical.schedulerId ?? 'normal') : s.scheduler;
  const model = comfy ? `SDXL\\${s.model.name}.safetensors` : s.model.name;
  const [width, height] = s.size;
  return {
    generator: spec.generator,
    software: { name: spec.software, version: null },
    model,
    modelHash: comfy ? null : s.model.hash,
    modelHashType: comfy ? null : 'autov2',
    modelVersion: null,
    seed,
    width,
    height,
    prompt: s.prompt,
    negativePrompt: s.negative || null,
    promptSha256: null,
    negativePromptSha256: null,
    adapters: s.adapters,
    passes: [
      {
        index: 0,
        role: 'base',
        node: comfy ? '3' : null,
        nodeType: comfy ? 'KSampler' : null,
        model,
        seed,
        denoise: 1,
        width,
        height,
        settings: {},
        sampler,
        samplerId: canonical.samplerId,
        scheduler,
        schedulerId: canonical.schedulerId,
        steps: s.steps,
        cfg: s.cfg,
      },
    ],
    postprocess: s.hires
      ? [{ kind: 'hires-fix', name: 'R-ESRGAN 4x+', settings: { scale: 1.5, steps: 10, denoise: 0.35 } }]
      : [],
    determinism: { ...emptyDeterminism(), rng: comfy ? null : 'GPU' },
    extras: {},
    origins: { seed: { source: comfy ? 'comfy:prompt#3.seed' : 'png:tEXt:parameters' } },
    conflicts: [],
    sampler,
    samplerId: canonical.samplerId,
    scheduler,
    schedulerId: canonical.schedulerId,
    steps: s.steps,
    cfg: s.cfg,
  };
}

function gradeFor(spec: GeneratorSpec): { grade: ReproducibilityGradeId; json: string } {
  if (spec.generator === 'comfyui' || spec.generator === 'novelai' || spec.generator === 'civitai')
    return {
      grade: 'visually-identical-at-best',
      json: JSON.stringify([
        {
          code: 'no-model-hash',
          caps: 'visually-identical-at-best',
          text: 'no model hash recorded',
          change: 'record the checkpoint hash',
        },
      ]),
    };
  if (chance(0.15))
    return {
      grade: 'not-reproducible',
      json: JSON.stringify([
        {
          code: 'postprocess-unseeded',
          caps: 'not-reproducible',
          text: 'an unseeded post-process ran',
          change: 'seed it',
        },
      ]),
    };
  return { grade: 'bit-identical-possible', json: '[]' };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Generates `total` rows, folder by folder (each folder's sessions spread over two years, so rows are not inserted
 * in time order), handing each to `emit`. Returns values that exist in the rows, for searches and filters.
 */
export function sessionRows(
  total: number,
  emit: (row: SyntheticRow, folder: SyntheticFolder) => void,
): SyntheticProbes {
  resetRandom();
  const weightSum = FOLDERS.reduce((a, f) => a + f.weight, 0);
  let emitted = 0;
  FOLDERS.forEach((spec, folderIndex) => {
    const rows = folderIndex === FOLDERS.length - 1 ? total - emitted : Math.round((total * spec.weight) / weightSum);
    const folder = { path: spec.root, online: spec.online };
    const meanSession = 60;
    let t = BASE + int(0, 3 * 3_600_000);
    let counterDay = '';
    let counter = 0;
    let done = 0;
    while (done < rows) {
      const session = newSession();
      const size = Math.min(rows - done, Math.max(1, Math.round(-Math.log(1 - random()) * meanSession)));
      let seed = '';
      for (let k = 0; k < size; k++, done++) {
        t += int(4_000, 20_000);
        // 5% re-run the previous seed: the same tuple twice, which the repro groups find.
        if (!seed || !chance(0.05))
          seed = String(
            spec.generator === 'comfyui' ? int(0, 2 ** 30) * 1_000_000 + int(0, 999_999) : int(0, 2 ** 32 - 1),
          );
        const date = day(t);
        if (date !== counterDay) [counterDay, counter] = [date, 0];
        const ext = spec.format === 'jpeg' ? 'jpeg' : 'png';
        const tuple = tupleFor(spec, session, seed);
        const scale = session.hires ? 1.5 : 1;
        const grade = gradeFor(spec);
        const tags: string[] = chance(0.03) ? [pickTag(), ...(chance(0.3) ? [pickTag()] : [])] : [];
        emit(
          {
            path: `${spec.root}/${date}/${pad(counter++, 5)}-${seed}.${ext}`,
            createdAt: t,
            // One slot per folder inside a millisecond: two folders' images at the same ms stay unique.
            timeline: timelineBase(t) + folderIndex,
            size: Math.round(
              session.size[0] * session.size[1] * scale * scale * (ext === 'png' ? 1.4 : 0.25) * (0.8 + 0.4 * random()),
            ),
            state: spec.online ? 'online' : 'offline',
            format: spec.format,
            tuple,
            raw: rawFor(spec, tuple, session),
            pixelSha256: hex(64),
            fileXxh3: hex(32),
            phash: hex(16),
            pixelWidth: Math.round(session.size[0] * scale),
            pixelHeight: Math.round(session.size[1] * scale),
            grade: grade.grade,
            gradeJson: grade.json,
            tags,
            favourite: chance(0.03),
            rating: chance(0.05) ? int(1, 5) : 0,
          },
          folder,
        );
      }
      // Images are 4-20 s apart inside a session; the gaps between sessions share what is left of the two years.
      const gapMean = Math.max(
        60_000,
        (BASE + SPAN - t - (rows - done) * 12_000) / Math.max(1, (rows - done) / meanSession),
      );
      const room = Math.max(0, BASE + SPAN - t - (rows - done) * 20_000);
      t += Math.min(room, Math.round(Math.min(-Math.log(1 - random()), 4) * gapMean));
    }
    emitted += rows;
  });
  return {
    commonWord: VOCABULARY[0],
    // About 1% of prompts: the first synthetic word (one token, in no negative prompt).
    midWord: VOCABULARY.slice(150).find((w) => /^w[a-z0-9]+$/.test(w)) as string,
    rareWord: VOCABULARY[4000],
    model: normalizeModelName(MODELS[0].name) as string,
    otherModel: normalizeModelName(MODELS[7].name) as string,
    sampler: canonicalSampler(SAMPLERS[0]).samplerId as string,
    otherSampler: canonicalSampler(SAMPLERS[5]).samplerId as string,
    generator: 'comfyui',
    lora: normalizeModelName(LORAS[0]) as string,
    tag: TAGS[0],
  };
}
