// Strict validation of a sidecar read from disk: a sidecar is untrusted input (hand-edited, truncated, written by a
// newer Seedscope), so every field is checked before anything trusts its type. The first problem found is
// reported with its JSON path, e.g. `tuple.passes[0].steps: expected a number or null`.
import type { SidecarRecord } from '../../shared/sidecar';
import { SIDECAR_SCHEMA, SIDECAR_SCHEMA_VERSION } from '../../shared/sidecar';

class SchemaProblem extends Error {}

type Json = unknown;
type Check = (value: Json, at: string) => void;

function fail(at: string, expected: string): never {
  throw new SchemaProblem(`${at}: expected ${expected}`);
}

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const str: Check = (v, at) => {
  if (typeof v !== 'string') fail(at, 'a string');
};
const num: Check = (v, at) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(at, 'a number');
};
const bool: Check = (v, at) => {
  if (typeof v !== 'boolean') fail(at, 'true or false');
};
const hex64: Check = (v, at) => {
  if (typeof v !== 'string' || !/^[0-9a-f]{64}$/.test(v)) fail(at, '64 lower-case hex digits');
};

function nullable(check: Check): Check {
  return (v, at) => {
    if (v !== null) check(v, at);
  };
}

function optional(check: Check): Check {
  return (v, at) => {
    if (v !== undefined) check(v, at);
  };
}

function oneOf(values: readonly string[]): Check {
  return (v, at) => {
    if (typeof v !== 'string' || !values.includes(v)) fail(at, `one of ${values.join(', ')}`);
  };
}

function arrayOf(check: Check): Check {
  return (v, at) => {
    if (!Array.isArray(v)) fail(at, 'an array');
    v.forEach((item, i) => check(item, `${at}[${i}]`));
  };
}

function recordOf(check: Check): Check {
  return (v, at) => {
    if (!isPlainObject(v)) fail(at, 'an object');
    for (const [key, item] of Object.entries(v)) check(item, `${at}.${key}`);
  };
}

function shape(fields: Record<string, Check>): Check {
  return (v, at) => {
    if (!isPlainObject(v)) fail(at, 'an object');
    for (const [key, check] of Object.entries(fields)) check(v[key], at ? `${at}.${key}` : key);
  };
}

const scalar: Check = (v, at) => {
  if (v !== null && typeof v !== 'string' && typeof v !== 'boolean' && !(typeof v === 'number' && Number.isFinite(v))) {
    fail(at, 'a string, number, boolean or null');
  }
};

const settings = recordOf(scalar);

const HASH_TYPES = ['autov1', 'autov2', 'autov3', 'sha256', 'blake3', 'lora-12', 'novelai-source', 'unknown'] as const;
const hashType = nullable(oneOf(HASH_TYPES));

const adapter = shape({
  kind: oneOf([
    'lora',
    'lycoris',
    'embedding',
    'hypernetwork',
    'controlnet',
    'ip-adapter',
    't2i-adapter',
    'refiner',
    'vae',
    'other',
  ]),
  name: str,
  weight: nullable(num),
  weights: optional(recordOf(num)),
  hash: nullable(str),
  hashType,
  source: str,
});

/** What a sampling pass and the tuple both record about the sampler (shared/tuple.ts). */
const samplerSettings = {
  sampler: nullable(str),
  samplerId: nullable(str),
  scheduler: nullable(str),
  schedulerId: nullable(str),
  steps: nullable(num),
  cfg: nullable(num),
};

const pass = shape({
  index: num,
  role: oneOf(['base', 'hires', 'refiner', 'detailer', 'upscale', 'other']),
  node: nullable(str),
  nodeType: nullable(str),
  model: nullable(str),
  ...samplerSettings,
  seed: nullable(str),
  denoise: nullable(num),
  width: nullable(num),
  height: nullable(num),
  settings,
});

const tuple = shape({
  generator: str,
  software: nullable(shape({ name: str, version: nullable(str) })),
  model: nullable(str),
  modelHash: nullable(str),
  modelHashType: hashType,
  modelVersion: nullable(str),
  seed: nullable((v, at) => {
    if (typeof v !== 'string' || !/^-?\d+$/.test(v)) fail(at, 'a decimal string');
  }),
  ...samplerSettings,
  width: nullable(num),
  height: nullable(num),
  prompt: nullable(str),
  negativePrompt: nullable(str),
  promptSha256: nullable(hex64),
  negativePromptSha256: nullable(hex64),
  adapters: arrayOf(adapter),
  passes: arrayOf(pass),
  postprocess: arrayOf(
    shape({
      kind: oneOf(['face-restore', 'upscale', 'adetailer', 'hires-fix', 'refiner', 'prompt-expansion', 'other']),
      name: str,
      settings,
    }),
  ),
  determinism: shape({
    rng: nullable(str),
    ensd: nullable(str),
    clipSkip: nullable(num),
    eta: nullable(num),
    vae: nullable(str),
    vaeHash: nullable(str),
    precision: nullable(str),
    tokenMerging: nullable(num),
    other: recordOf(str),
  }),
  extras: recordOf(str),
  origins: recordOf(shape({ source: str, isDefault: optional(bool), computed: optional(bool) })),
  conflicts: arrayOf(shape({ field: str, values: arrayOf(shape({ value: str, source: str })), kept: str })),
});

const record = shape({
  schema: (v, at) => {
    if (v !== SIDECAR_SCHEMA) fail(at, `"${SIDECAR_SCHEMA}"`);
  },
  schemaVersion: (v, at) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) fail(at, 'an integer');
    if (v > SIDECAR_SCHEMA_VERSION)
      throw new SchemaProblem(
        `${at}: version ${v} is newer than this Seedscope reads (${SIDECAR_SCHEMA_VERSION}); update Seedscope`,
      );
  },
  seedscopeVersion: str,
  createdAt: (v, at) => {
    if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) fail(at, 'an ISO 8601 date');
  },
  image: shape({
    fileName: str,
    format: oneOf(['png', 'jpeg', 'webp', 'avif', 'gif', 'tiff', 'unknown']),
    byteLength: num,
    fileSha256: hex64,
  }),
  pixels: nullable(shape({ width: num, height: num, sha256: hex64, rgbSha256: hex64 })),
  perceptualHash: nullable((v, at) => {
    if (typeof v !== 'string' || !/^[0-9a-f]+$/.test(v)) fail(at, 'hex digits');
  }),
  generator: nullable(str),
  tuple: nullable(tuple),
  model: nullable(
    shape({
      name: nullable(str),
      hash: nullable(str),
      hashType,
      file: nullable(shape({ fileName: str, sha256: hex64, matchedBy: oneOf(HASH_TYPES), byteLength: num })),
    }),
  ),
  raw: arrayOf(shape({ source: str, text: str, truncated: optional(bool) })),
  c2pa: nullable(
    shape({
      claimGenerator: nullable(str),
      softwareAgent: nullable(str),
      softwareAgentVersion: nullable(str),
      digitalSourceType: nullable(str),
      aiGenerated: bool,
      actions: arrayOf(str),
      manifests: num,
      verified: (v, at) => {
        if (v !== false) fail(at, 'false');
      },
    }),
  ),
  warnings: arrayOf(str),
  // The provider's JSON stays as it was; electron/images/run-records/run-record-parse.ts reads it as untrusted input.
  runRecord: optional(
    shape({
      fileName: str,
      attachedAt: (v, at) => {
        if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) fail(at, 'an ISO 8601 date');
      },
      json: (v, at) => {
        if (typeof v !== 'object' || v === null) fail(at, 'a JSON object');
      },
    }),
  ),
});

export type SidecarValidation = { ok: true; record: SidecarRecord } | { ok: false; problem: string };

/** Check parsed JSON against the sidecar schema. Unknown extra fields are allowed (a newer minor writer). */
export function validateSidecarRecord(value: unknown): SidecarValidation {
  try {
    record(value, '');
    return { ok: true, record: value as SidecarRecord };
  } catch (err) {
    if (err instanceof SchemaProblem) return { ok: false, problem: err.message };
    throw err;
  }
}
