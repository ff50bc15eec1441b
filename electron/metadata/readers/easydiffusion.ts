// Easy Diffusion with "Metadata format: embed" (metadata-formats.md §2.9): PNG gets one tEXt chunk per request
// key, written with Python str(), so a missing value is the string "None" and a list is "['a', 'b']"; JPEG/WebP
// get json.dumps(request) in the EXIF UserComment. When "txt" output is also on, the keys become the display
// labels ("Prompt", "Stable Diffusion model", …; save_utils.py TASK_TEXT_MAPPING). No real sample exists.
import { isJsonObject, parseLosslessJson, type JsonValue } from '../lossless-json';
import { KeyedValues, parseInteger, parseNumber, parseSeed, TupleBuilder } from '../tuple-builder';
import type { GeneratorReader, MetadataSources, ReaderResult } from '../types';

const LABELS: Record<string, string> = {
  Prompt: 'prompt',
  'Negative Prompt': 'negative_prompt',
  Seed: 'seed',
  'Stable Diffusion model': 'use_stable_diffusion_model',
  'Clip Skip': 'clip_skip',
  'ControlNet model': 'use_controlnet_model',
  'ControlNet Strength': 'control_alpha',
  'VAE model': 'use_vae_model',
  Sampler: 'sampler_name',
  Scheduler: 'scheduler_name',
  Width: 'width',
  Height: 'height',
  Steps: 'num_inference_steps',
  'Guidance Scale': 'guidance_scale',
  'Prompt Strength': 'prompt_strength',
  'LoRA model': 'use_lora_model',
  'LoRA Strength': 'lora_alpha',
  'Hypernetwork model': 'use_hypernetwork_model',
  'Hypernetwork Strength': 'hypernetwork_strength',
  'Embedding models': 'use_embeddings_model',
  'Use Face Correction': 'use_face_correction',
  'Use Upscaling': 'use_upscale',
  'Upscale By': 'upscale_amount',
};

/** Python's str(None) is "None"; str(list) is "['a', 'b']" — both are read back as what they were. */
function value(v: string | undefined): string | null {
  if (v === undefined) return null;
  const t = v.trim();
  return t === '' || t === 'None' ? null : t;
}

function list(v: string | undefined): string[] {
  const t = value(v);
  if (!t) return [];
  const inner = t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : t;
  return inner
    .split(',')
    .map((x) => x.trim().replace(/^['"]|['"]$/g, ''))
    .filter((x) => x && x !== 'None');
}

function fromJson(text: string): Map<string, string> | null {
  const parsed = parseLosslessJson(text);
  if (!parsed.ok || !isJsonObject(parsed.value)) return null;
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(parsed.value)) {
    const item: JsonValue = v;
    if (item === null) continue;
    out.set(
      k,
      Array.isArray(item)
        ? `[${item.map((x) => `'${String(x)}'`).join(', ')}]`
        : typeof item === 'string'
          ? item
          : JSON.stringify(item),
    );
  }
  return out;
}

function collect(sources: MetadataSources): { source: string; values: Map<string, string> } | null {
  const png = new Map<string, string>();
  for (const t of sources.texts) if (/^png:/.test(t.source)) png.set(LABELS[t.key] ?? t.key, t.text);
  if (png.has('use_stable_diffusion_model') && png.has('prompt')) return { source: 'png:tEXt', values: png };
  const comment = sources.texts.find((t) => t.key === 'UserComment' && t.text.includes('use_stable_diffusion_model'));
  const json = comment ? fromJson(comment.text) : null;
  if (comment && json)
    return { source: comment.source, values: new Map([...json].map(([k, v]) => [LABELS[k] ?? k, v])) };
  return null;
}

export const easydiffusionReader: GeneratorReader = {
  id: 'easydiffusion',
  read(sources: MetadataSources): ReaderResult | null {
    const found = collect(sources);
    if (!found) return null;
    const kv = new KeyedValues(found.values);
    const b = new TupleBuilder('easydiffusion', found.source);
    b.set('software', { name: 'Easy Diffusion', version: null });
    b.set('prompt', value(kv.take('prompt')));
    b.set('negativePrompt', value(kv.take('negative_prompt')));
    b.set('seed', parseSeed(value(kv.take('seed'))));
    b.set('steps', parseInteger(value(kv.take('num_inference_steps'))));
    b.set('cfg', parseNumber(value(kv.take('guidance_scale'))));
    b.set('width', parseInteger(value(kv.take('width'))));
    b.set('height', parseInteger(value(kv.take('height'))));
    b.set('model', value(kv.take('use_stable_diffusion_model')));
    b.setSampler(value(kv.take('sampler_name')), value(kv.take('scheduler_name')));
    b.setDeterminism('clipSkip', parseInteger(value(kv.take('clip_skip'))));
    b.setDeterminism('vae', value(kv.take('use_vae_model')));
    const loras = list(kv.take('use_lora_model'));
    const alphas = list(kv.take('lora_alpha'));
    loras.forEach((name, i) =>
      b.addAdapter({
        kind: 'lora',
        name,
        weight: parseNumber(alphas[i] ?? (loras.length === 1 ? alphas[0] : null)),
        hash: null,
        hashType: null,
      }),
    );
    const hyper = value(kv.take('use_hypernetwork_model'));
    if (hyper)
      b.addAdapter({
        kind: 'hypernetwork',
        name: hyper,
        weight: parseNumber(value(kv.take('hypernetwork_strength'))),
        hash: null,
        hashType: null,
      });
    for (const name of list(kv.take('use_embeddings_model')))
      b.addAdapter({ kind: 'embedding', name, weight: null, hash: null, hashType: null });
    const control = value(kv.take('use_controlnet_model'));
    if (control)
      b.addAdapter({
        kind: 'controlnet',
        name: control,
        weight: parseNumber(value(kv.take('control_alpha'))),
        hash: null,
        hashType: null,
      });
    const face = value(kv.take('use_face_correction'));
    if (face) b.addPostprocess({ kind: 'face-restore', name: face, settings: {} });
    const upscale = value(kv.take('use_upscale'));
    if (upscale)
      b.addPostprocess({
        kind: 'upscale',
        name: upscale,
        settings: { amount: parseNumber(value(kv.take('upscale_amount'))) },
      });
    b.keepRest(kv);
    return { generator: 'easydiffusion', tuple: b.build(), warnings: [] };
  },
};
