// The generation tuple: the normalized record of everything that decides an image's pixels.
// The field list follows the seed guide's "Long-term prevention" tuple
// (model_version, seed, sampler, scheduler, steps, cfg, width, height, prompt_sha, negprompt_sha, adapters_json)
// plus what the guide's causes name (post-processing, hardware/determinism settings).
// Pure data: crosses IPC/HTTP as JSON, so no class instances, no bigint, no Map.

export type GeneratorId =
  | 'a1111'
  | 'forge'
  | 'reforge'
  | 'sdnext'
  | 'comfyui'
  | 'invokeai'
  | 'novelai'
  | 'fooocus'
  | 'ruined-fooocus'
  | 'swarmui'
  | 'drawthings'
  | 'easydiffusion'
  | 'diffusionbee'
  | 'civitai'
  | 'tensorart'
  | 'stability-matrix'
  | 'midjourney'
  | 'hf-space'
  | 'openai'
  | 'google'
  | 'adobe-firefly'
  | 'c2pa'
  | 'seedscope'
  | 'unknown';

/** Which algorithm produced a hash. Hashes are only comparable within one type (metadata-formats.md §3). */
export type HashType =
  | 'autov1' // sha256 of 64 KiB at 1 MiB, 8 hex
  | 'autov2' // sha256 of the whole file, 10 hex
  | 'autov3' // sha256 of safetensors tensor data (header excluded), 12 hex / SwarmUI 0x+64
  | 'sha256' // full sha256, 64 hex
  | 'blake3'
  | 'lora-12' // A1111/Forge "Lora hashes" 12 hex (AutoV3 in A1111, full-file in Forge)
  | 'novelai-source' // opaque 8-hex id in NovelAI's Source
  | 'unknown';

/** Where one value was read, e.g. `png:tEXt:parameters`, `exif:UserComment`, `comfy:prompt#3.seed`, `stealth:alpha`. */
export interface ValueOrigin {
  source: string;
  /** The tool omits this value when it equals its default; we filled the default in (A1111: no RNG key = GPU). */
  isDefault?: boolean;
  /** The value is produced at run time by a node (math, LLM text, selector), so what is shown is not the value used. */
  computed?: boolean;
}

export type AdapterKind =
  | 'lora'
  | 'lycoris'
  | 'embedding'
  | 'hypernetwork'
  | 'controlnet'
  | 'ip-adapter'
  | 't2i-adapter'
  | 'refiner'
  | 'vae'
  | 'other';

export interface Adapter {
  kind: AdapterKind;
  name: string;
  /** Primary strength (LoRA model strength, ControlNet weight). */
  weight: number | null;
  /** Secondary strength where the tool has one (LoRA clip strength, ControlNet start/end). */
  weights?: Record<string, number>;
  hash: string | null;
  hashType: HashType | null;
  source: string;
}

export type PassRole = 'base' | 'hires' | 'refiner' | 'detailer' | 'upscale' | 'other';

/** What the tuple and each of its sampling passes record about the sampler. */
export interface SamplerSettings {
  /** As the tool wrote it (A1111 "DPM++ 2M", ComfyUI "dpmpp_2m", NovelAI "k_euler_ancestral"). */
  sampler: string | null;
  /** Canonical id shared across tools, ComfyUI's names ("dpmpp_2m"); see shared/samplers.ts. */
  samplerId: string | null;
  scheduler: string | null;
  /** Canonical scheduler id, ComfyUI's names ("karras", "normal", "exponential"). */
  schedulerId: string | null;
  steps: number | null;
  cfg: number | null;
}

/** One sampling pass. Multi-pass graphs (base+refiner, hires fix, stage C/B) keep every pass in order. */
export interface SamplingPass extends SamplerSettings {
  index: number;
  role: PassRole;
  /** ComfyUI node id or the tool's own name for the pass. */
  node: string | null;
  nodeType: string | null;
  model: string | null;
  seed: string | null;
  denoise: number | null;
  width: number | null;
  height: number | null;
  /** Anything else that pass has (start/end step, add_noise, guidance, upscale factor). */
  settings: Record<string, string | number | boolean | null>;
}

export type PostprocessKind =
  | 'face-restore'
  | 'upscale'
  | 'adetailer'
  | 'hires-fix'
  | 'refiner'
  | 'prompt-expansion'
  | 'other';

export interface PostprocessStep {
  kind: PostprocessKind;
  name: string;
  settings: Record<string, string | number | boolean | null>;
}

/** Settings that change pixels without changing the "visible" parameters: the seed guide's hardware cause. */
export interface DeterminismSettings {
  /** RNG source: 'GPU' | 'CPU' | 'NV' (A1111), 'cpu'/'cuda' (InvokeAI rand_device). */
  rng: string | null;
  /** Eta noise seed delta (A1111 ENSD). */
  ensd: string | null;
  clipSkip: number | null;
  eta: number | null;
  vae: string | null;
  vaeHash: string | null;
  /** FP8 weight, Diffusion in Low Bits, precision flags as written. */
  precision: string | null;
  tokenMerging: number | null;
  /** Every other determinism-relevant key as written (Emphasis, NGMS, Discard penultimate sigma, seed_mode, ...). */
  other: Record<string, string>;
}

export interface FieldConflict {
  field: string;
  values: Array<{ value: string; source: string }>;
  /** Which value the tuple kept and why (e.g. "the executed graph wins over saver text"). */
  kept: string;
}

export interface GenerationTuple extends SamplerSettings {
  generator: GeneratorId;
  software: { name: string; version: string | null } | null;
  model: string | null;
  modelHash: string | null;
  modelHashType: HashType | null;
  /** Hosted providers' version string (Midjourney --v, Firefly version, NovelAI Source, C2PA softwareAgent version). */
  modelVersion: string | null;
  /** Decimal string: seeds reach 2^64 (ComfyUI), above Number.MAX_SAFE_INTEGER. */
  seed: string | null;
  /** Generation (first-pass latent) size; decoded pixel size is reported separately. */
  width: number | null;
  height: number | null;
  prompt: string | null;
  negativePrompt: string | null;
  /** SHA-256 of the exact UTF-8 bytes of the prompt as read. */
  promptSha256: string | null;
  negativePromptSha256: string | null;
  adapters: Adapter[];
  passes: SamplingPass[];
  postprocess: PostprocessStep[];
  determinism: DeterminismSettings;
  /** Every other key read, as written, so nothing read is thrown away. */
  extras: Record<string, string>;
  /** Where each top-level field came from, keyed by field name ('seed', 'model', 'determinism.rng', ...). */
  origins: Record<string, ValueOrigin>;
  conflicts: FieldConflict[];
}

/** Detected container format, from magic bytes (never the extension). */
export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'avif' | 'gif' | 'tiff' | 'unknown';

/** Summary of a C2PA manifest chain; signatures are not verified (yet), so everything here is a claim. */
export interface C2paSummary {
  claimGenerator: string | null;
  softwareAgent: string | null;
  softwareAgentVersion: string | null;
  digitalSourceType: string | null;
  aiGenerated: boolean;
  actions: string[];
  manifests: number;
  verified: false;
}

/** One raw metadata item as found in the file, kept so nothing read is lost. */
export interface RawMetadataEntry {
  /** e.g. `png:tEXt:parameters`, `png:iTXt:Description`, `exif:UserComment`, `exif:Model`, `xmp`, `stealth:alpha`. */
  source: string;
  text: string;
  /** The text was longer than the kept cap; `text` holds the first part. */
  truncated?: boolean;
}

export function emptyDeterminism(): DeterminismSettings {
  return {
    rng: null,
    ensd: null,
    clipSkip: null,
    eta: null,
    vae: null,
    vaeHash: null,
    precision: null,
    tokenMerging: null,
    other: {},
  };
}

export function emptyTuple(generator: GeneratorId): GenerationTuple {
  return {
    generator,
    software: null,
    model: null,
    modelHash: null,
    modelHashType: null,
    modelVersion: null,
    seed: null,
    sampler: null,
    samplerId: null,
    scheduler: null,
    schedulerId: null,
    steps: null,
    cfg: null,
    width: null,
    height: null,
    prompt: null,
    negativePrompt: null,
    promptSha256: null,
    negativePromptSha256: null,
    adapters: [],
    passes: [],
    postprocess: [],
    determinism: emptyDeterminism(),
    extras: {},
    origins: {},
    conflicts: [],
  };
}
