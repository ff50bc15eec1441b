// InvokeAI, three eras (metadata-formats.md §2.3):
// - 3.x–6.x: `invokeai_metadata` JSON (CoreMetadataInvocation; model {name, hash "blake3:…"} or, in 3.x,
//   {model_name, base_model}); its `scheduler` is InvokeAI's sampler name ("euler_a", "dpmpp_2m_k": `_k` = Karras);
// - 2.x: `sd-metadata` JSON (model_weights, model_hash = full sha256, image {prompt[{prompt}], sampler "k_lms"});
// - 2.x CLI: `Dream` string `"prompt [negative]" -s 50 -S seed -W -H -C cfg -A sampler -G gfpgan -U scale strength`.
// In 2.x the negative prompt sits in [brackets] inside the prompt text.
import type { HashType } from '../../../shared/tuple';
import { isJsonObject, parseLosslessJson, type JsonObject, type JsonValue } from '../lossless-json';
import {
  jsonString,
  jsonText,
  KeyedValues,
  parseInteger,
  parseNumber,
  parseSeed,
  TupleBuilder,
} from '../tuple-builder';
import type { GeneratorReader, MetadataSources, ReaderResult, TextItem } from '../types';

function hashType(hash: string): HashType {
  if (hash.startsWith('blake3:')) return 'blake3';
  if (/^[0-9a-f]{64}$/i.test(hash)) return 'sha256';
  return 'unknown';
}

function modelName(model: JsonValue | undefined): { name: string | null; hash: string | null } {
  if (typeof model === 'string') return { name: model, hash: null };
  if (!isJsonObject(model)) return { name: null, hash: null };
  return { name: jsonString(model['name']) ?? jsonString(model['model_name']), hash: jsonString(model['hash']) };
}

function parseJson(item: TextItem, warnings: string[]): JsonObject | null {
  const parsed = parseLosslessJson(item.text);
  if (!parsed.ok) {
    warnings.push(`${item.source}: InvokeAI metadata is ${parsed.error}`);
    return null;
  }
  return isJsonObject(parsed.value) ? parsed.value : null;
}

function readModern(meta: JsonObject, source: string): TupleBuilder {
  const b = new TupleBuilder('invokeai', source);
  // Every top-level key the reader does not take goes to extras, as written.
  const kv = KeyedValues.fromJson(meta);
  b.set('software', { name: 'InvokeAI', version: jsonString(kv.takeJson('app_version')) });
  b.setCoreFromJson(kv, {
    prompt: 'positive_prompt',
    negativePrompt: 'negative_prompt',
    seed: 'seed',
    steps: 'steps',
    cfg: 'cfg_scale',
    width: 'width',
    height: 'height',
  });
  b.setSampler(jsonString(meta['scheduler']), null);
  for (const k of ['scheduler', 'model', 'loras', 'vae', 'rand_device', 'clip_skip']) kv.take(k);
  const model = modelName(meta['model']);
  b.set('model', model.name);
  if (model.hash) b.set('modelHash', model.hash).set('modelHashType', hashType(model.hash));
  b.setDeterminism('rng', jsonString(meta['rand_device']));
  b.setDeterminism('clipSkip', parseInteger(meta['clip_skip']));
  const vae = modelName(meta['vae']);
  b.setDeterminism('vae', vae.name);
  if (vae.hash) b.setDeterminism('vaeHash', vae.hash);
  const cfgRescale = parseNumber(meta['cfg_rescale_multiplier']);
  if (cfgRescale) b.setDeterminismOther('cfg_rescale_multiplier', String(cfgRescale));
  readAdapterList(b, meta['loras'], 'lora', ['model', 'lora'], 'weight', source);
  readAdapterList(b, meta['controlnets'], 'controlnet', ['control_model', 'model'], 'control_weight', source);
  readAdapterList(b, meta['ipAdapters'], 'ip-adapter', ['ip_adapter_model', 'model'], 'weight', source);
  readAdapterList(b, meta['t2iAdapters'], 't2i-adapter', ['t2i_adapter_model', 'model'], 'weight', source);
  for (const k of ['controlnets', 'ipAdapters', 't2iAdapters']) kv.take(k);
  const refiner = modelName(meta['refiner_model']);
  if (refiner.name) {
    b.addAdapter({
      kind: 'refiner',
      name: refiner.name,
      weight: parseNumber(meta['refiner_start']),
      hash: refiner.hash,
      hashType: refiner.hash ? hashType(refiner.hash) : null,
    });
  }
  b.addPass({
    role: 'base',
    node: 'invokeai',
    model: model.name,
    sampler: jsonString(meta['scheduler']),
    steps: parseInteger(meta['steps']),
    cfg: parseNumber(meta['cfg_scale']),
    seed: parseSeed(meta['seed']),
    denoise: parseNumber(meta['strength']),
    width: parseInteger(meta['width']),
    height: parseInteger(meta['height']),
    settings: { generation_mode: jsonString(meta['generation_mode']) },
  });
  if (refiner.name) {
    b.addPass({
      role: 'refiner',
      node: 'refiner',
      model: refiner.name,
      sampler: jsonString(meta['refiner_scheduler']),
      steps: parseInteger(meta['refiner_steps']),
      cfg: parseNumber(meta['refiner_cfg_scale']),
      settings: { refiner_start: parseNumber(meta['refiner_start']) },
    });
  }
  if (meta['hrf_enabled'] === true) {
    b.addPostprocess({
      kind: 'hires-fix',
      name: jsonString(meta['hrf_method']) ?? 'hrf',
      settings: { strength: parseNumber(meta['hrf_strength']) },
    });
  }
  b.keepRest(kv);
  return b;
}

function readAdapterList(
  b: TupleBuilder,
  list: JsonValue | undefined,
  kind: 'lora' | 'controlnet' | 'ip-adapter' | 't2i-adapter',
  modelKeys: string[],
  weightKey: string,
  source: string,
): void {
  if (!Array.isArray(list)) return;
  for (const entry of list) {
    if (!isJsonObject(entry)) continue;
    const key = modelKeys.find((k) => entry[k] !== undefined);
    const model = modelName(key ? entry[key] : undefined);
    if (!model.name) continue;
    b.addAdapter({
      kind,
      name: model.name,
      weight: parseNumber(entry[weightKey]),
      hash: model.hash,
      hashType: model.hash ? hashType(model.hash) : null,
      source,
    });
  }
}

/** InvokeAI 2.x: `[negative]` blocks inside the prompt. */
export function splitLegacyPrompt(text: string): { prompt: string; negative: string | null } {
  const negatives: string[] = [];
  const prompt = text.replace(/\[([^\]]*)\]/g, (_, inner: string) => {
    negatives.push(inner.trim());
    return '';
  });
  return { prompt: prompt.replace(/\s+$/, ''), negative: negatives.length ? negatives.join(', ') : null };
}

function readSdMetadata(meta: JsonObject, source: string): TupleBuilder {
  const b = new TupleBuilder('invokeai', source);
  b.set('software', { name: 'InvokeAI', version: jsonString(meta['app_version']) });
  b.set('model', jsonString(meta['model_weights']));
  const hash = jsonString(meta['model_hash']);
  if (hash) b.set('modelHash', hash).set('modelHashType', hashType(hash));
  const image = isJsonObject(meta['image']) ? meta['image'] : {};
  const prompts = image['prompt'];
  const raw = Array.isArray(prompts)
    ? prompts.map((p) => (isJsonObject(p) ? (jsonString(p['prompt']) ?? '') : '')).join(' ')
    : jsonString(prompts);
  if (raw !== null) {
    const split = splitLegacyPrompt(raw);
    b.set('prompt', split.prompt).set('negativePrompt', split.negative);
    b.extra('invokeai.prompt', raw);
  }
  b.setCoreFromJson(image, { seed: 'seed', steps: 'steps', cfg: 'cfg_scale', width: 'width', height: 'height' });
  b.setSampler(jsonString(image['sampler']), null);
  const post = image['postprocessing'];
  if (Array.isArray(post)) {
    for (const step of post) {
      if (!isJsonObject(step)) continue;
      const type = jsonString(step['type']) ?? 'other';
      const settings: Record<string, number | string> = {};
      for (const [k, v] of Object.entries(step))
        if (k !== 'type' && (typeof v === 'number' || typeof v === 'string')) settings[k] = v;
      b.addPostprocess({
        kind: /esrgan|upscale/.test(type) ? 'upscale' : /gfpgan|codeformer/.test(type) ? 'face-restore' : 'other',
        name: type,
        settings,
      });
    }
  }
  for (const k of [
    'type',
    'threshold',
    'perlin',
    'seamless',
    'hires_fix',
    'variations',
    'strength',
    'init_image_path',
  ]) {
    if (image[k] !== undefined) b.extra(`invokeai.${k}`, jsonText(image[k]!));
  }
  return b;
}

const DREAM_FLAGS: Record<string, string> = {
  '-s': 'steps',
  '-S': 'seed',
  '-W': 'width',
  '-H': 'height',
  '-C': 'cfg',
  '-A': 'sampler',
  '-G': 'gfpgan',
  '-cf': 'codeformer_fidelity',
  '-f': 'strength',
};

function readDream(text: string, source: string): TupleBuilder | null {
  const m = /^\s*"((?:[^"\\]|\\.)*)"\s*(.*)$/s.exec(text);
  if (!m) return null;
  const b = new TupleBuilder('invokeai', source);
  b.set('software', { name: 'InvokeAI', version: null });
  const split = splitLegacyPrompt(m[1]!);
  b.set('prompt', split.prompt).set('negativePrompt', split.negative);
  const tokens = m[2]!.split(/\s+/).filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    const name = DREAM_FLAGS[tokens[i]!];
    if (tokens[i] === '-U') {
      b.addPostprocess({
        kind: 'upscale',
        name: 'esrgan',
        settings: { scale: parseNumber(tokens[i + 1]), strength: parseNumber(tokens[i + 2]) },
      });
      i += 2;
      continue;
    }
    if (!name || i + 1 >= tokens.length) continue;
    const value = tokens[++i]!;
    if (name === 'steps') b.set('steps', parseInteger(value));
    else if (name === 'seed') b.set('seed', parseSeed(value));
    else if (name === 'width') b.set('width', parseInteger(value));
    else if (name === 'height') b.set('height', parseInteger(value));
    else if (name === 'cfg') b.set('cfg', parseNumber(value));
    else if (name === 'sampler') b.setSampler(value, null);
    else b.extra(`invokeai.${name}`, value);
  }
  return b;
}

export const invokeaiReader: GeneratorReader = {
  id: 'invokeai',
  read(sources: MetadataSources): ReaderResult | null {
    const warnings: string[] = [];
    const find = (key: string): TextItem | undefined => sources.texts.find((t) => t.key === key);
    const modern = find('invokeai_metadata');
    const legacy = find('sd-metadata');
    const dream = find('Dream');
    let builder: TupleBuilder | null = null;
    if (modern) {
      const meta = parseJson(modern, warnings);
      if (meta) builder = readModern(meta, modern.source);
    }
    if (!builder && legacy) {
      const meta = parseJson(legacy, warnings);
      if (meta) builder = readSdMetadata(meta, legacy.source);
    }
    if (!builder && dream) builder = readDream(dream.text, dream.source);
    if (!builder) {
      if (!modern && !legacy && !dream) return null;
      warnings.push('InvokeAI metadata was found but none of it could be read');
      return { generator: 'invokeai', tuple: new TupleBuilder('invokeai', 'invokeai').build(), warnings };
    }
    if (dream && builder.source !== dream.source) builder.extra('invokeai.dream', dream.text);
    return { generator: 'invokeai', tuple: builder.build(), warnings };
  },
};
