// The reproducibility key: a hash over the seed guide's tuple (model_version, seed, sampler, scheduler, steps,
// cfg, width, height, prompt_sha, negprompt_sha, adapters_json), normalized so that two images made with the
// same settings get the same key whichever tool spelled them.
import { createHash } from 'node:crypto';
import type { Adapter, GenerationTuple } from '../../shared/tuple';

const MODEL_FILE = /\.(safetensors|ckpt|pt|pth|bin|gguf|sft)$/i;

/** `models/SDXL/waiIllustrious_v160.safetensors` -> `waiillustrious_v160`: folders and extensions vary by install. */
export function normalizeModelName(name: string | null | undefined): string | null {
  if (!name) return null;
  const trimmed = name.trim();
  // A path (`SDXL\\x.safetensors`, `loras/x`) loses its folders; a Civitai title such as
  // "Polyhedron SDXL 1.0 / skin, hands, eyes (m/f) v1.0" is a name with slashes, not a path ("f) v1.0" was the result).
  const isPath = MODEL_FILE.test(trimmed) || trimmed.includes('\\') || !/\s/.test(trimmed);
  const base = isPath ? (trimmed.split(/[\\/]/).pop() ?? '') : trimmed;
  const stem = base.replace(MODEL_FILE, '');
  return stem ? stem.toLowerCase() : null;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function adapterKey(adapter: Adapter): string {
  const weight = adapter.weight === null ? '' : String(Number(adapter.weight.toFixed(4)));
  const hash = adapter.hash ? adapter.hash.toLowerCase() : '';
  return `${adapter.kind}:${normalizeModelName(adapter.name) ?? ''}:${weight}:${hash}`;
}

/** Null when the tuple has no seed: without a seed there is nothing to reproduce. */
export function tupleKey(tuple: GenerationTuple | null): string | null {
  if (!tuple || tuple.seed === null) return null;
  const model = tuple.modelHash
    ? `hash:${tuple.modelHash.toLowerCase()}`
    : `name:${normalizeModelName(tuple.model) ?? ''}`;
  const promptSha = tuple.promptSha256 ?? (tuple.prompt !== null ? sha256(tuple.prompt) : null);
  const negativeSha =
    tuple.negativePromptSha256 ?? (tuple.negativePrompt !== null ? sha256(tuple.negativePrompt) : null);
  const parts = [
    model,
    tuple.modelVersion ?? '',
    tuple.seed,
    tuple.samplerId ?? tuple.sampler?.toLowerCase() ?? '',
    tuple.schedulerId ?? tuple.scheduler?.toLowerCase() ?? '',
    tuple.steps ?? '',
    tuple.cfg === null ? '' : Number(tuple.cfg.toFixed(4)),
    tuple.width ?? '',
    tuple.height ?? '',
    promptSha ?? '',
    negativeSha ?? '',
    tuple.adapters.map(adapterKey).sort(),
  ];
  return sha256(JSON.stringify(parts)).slice(0, 32);
}
