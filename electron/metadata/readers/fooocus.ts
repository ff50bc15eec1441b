// The Fooocus family (metadata-formats.md §2.5):
// - Fooocus ≥2.2: PNG `parameters` + `fooocus_scheme`; JPEG/WebP EXIF UserComment (no charset prefix) with
//   Software "Fooocus v…". Scheme `fooocus` is sorted JSON (seed as a string above 2^53, resolution "(768, 1280)",
//   loras [[name, weight, hash]], the user's prompt plus full_prompt after styles and Fooocus V2 expansion);
//   scheme `a1111` is A1111 infotext with Fooocus keys (Raw prompt, Styles, Performance, ...).
// - RuinedFooocus: `parameters` JSON with "software": "RuinedFooocus" and a 64-hex SHA256 base_model_hash.
// - Fooocus-MRE: PNG text or JPEG COM `Comment` JSON (real_prompt, positive_prompt_strength, ...).
import type { GeneratorId } from '../../../shared/tuple';
import { hashTypeOf, tupleFromA1111Infotext } from '../a1111/infotext-tuple';
import { parseA1111Infotext } from '../a1111/parse-infotext';
import { isJsonObject, parseLosslessJson, type JsonObject } from '../lossless-json';
import {
  jsonString,
  jsonText,
  KeyedValues,
  parseInteger,
  parseNumber,
  parseSize,
  TupleBuilder,
} from '../tuple-builder';
import type { GeneratorReader, MetadataSources, ReaderResult, TextItem } from '../types';

function parseObject(text: string): JsonObject | null {
  if (!text.trimStart().startsWith('{')) return null;
  const parsed = parseLosslessJson(text);
  return parsed.ok && isJsonObject(parsed.value) ? parsed.value : null;
}

function setHash(b: TupleBuilder, hash: string | null): void {
  if (hash) b.set('modelHash', hash).set('modelHashType', hashTypeOf(hash));
}

function readFooocusJson(meta: JsonObject, source: string): TupleBuilder {
  const b = new TupleBuilder('fooocus', source);
  const kv = KeyedValues.fromJson(meta);
  const take = (k: string) => kv.takeJson(k);
  const version = jsonString(take('version'));
  b.set('software', { name: 'Fooocus', version: version?.replace(/^Fooocus\s+/i, '') ?? null });
  b.setCoreFromJson(kv, {
    prompt: 'prompt',
    negativePrompt: 'negative_prompt',
    seed: 'seed',
    steps: 'steps',
    cfg: 'guidance_scale',
  });
  const size = parseSize(take('resolution'));
  if (size) b.set('width', size.width).set('height', size.height);
  b.set('model', jsonString(take('base_model')));
  setHash(b, jsonString(take('base_model_hash')));
  b.setSampler(jsonString(take('sampler')), jsonString(take('scheduler')));
  b.setDeterminism('clipSkip', parseInteger(take('clip_skip')));
  b.setDeterminism('vae', jsonString(take('vae')));
  for (const key of ['sharpness', 'adm_guidance', 'performance', 'refiner_swap_method', 'adaptive_cfg']) {
    const v = take(key);
    if (v !== undefined && v !== null) b.setDeterminismOther(key, jsonText(v));
  }
  const loras = take('loras');
  if (Array.isArray(loras)) {
    for (const entry of loras) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue;
      const hash = typeof entry[2] === 'string' ? entry[2] : null;
      b.addAdapter({
        kind: 'lora',
        name: entry[0],
        weight: parseNumber(entry[1]),
        hash,
        hashType: hash ? hashTypeOf(hash) : null,
      });
    }
  }
  const refiner = jsonString(take('refiner_model'));
  if (refiner && refiner !== 'None') {
    b.addAdapter({
      kind: 'refiner',
      name: refiner,
      weight: parseNumber(take('refiner_switch')),
      hash: jsonString(take('refiner_model_hash')),
      hashType: null,
    });
  }
  const expansion = jsonString(take('prompt_expansion'));
  const full = take('full_prompt');
  // Fooocus V2 rewrites the prompt with a GPT-2 expansion seeded from the image seed; the model saw full_prompt.
  if (expansion) b.addPostprocess({ kind: 'prompt-expansion', name: 'Fooocus V2', settings: { expansion } });
  if (Array.isArray(full)) b.extra('fooocus.full_prompt', JSON.stringify(full));
  b.keepRest(kv);
  return b;
}

function readRuined(meta: JsonObject, source: string): TupleBuilder {
  const b = new TupleBuilder('ruined-fooocus', source);
  const kv = KeyedValues.fromJson(meta);
  const take = (k: string) => kv.takeJson(k);
  take('software');
  b.set('software', { name: 'RuinedFooocus', version: null });
  b.setCoreFromJson(kv, {
    prompt: 'Prompt',
    negativePrompt: 'Negative',
    seed: 'seed',
    steps: 'steps',
    cfg: 'cfg',
    width: 'width',
    height: 'height',
  });
  b.set('model', jsonString(take('base_model_name')));
  setHash(b, jsonString(take('base_model_hash')));
  b.setSampler(jsonString(take('sampler_name')), jsonString(take('scheduler')));
  b.setDeterminism('clipSkip', parseInteger(take('clip_skip')));
  const loras = take('loras');
  if (Array.isArray(loras)) {
    for (const entry of loras) {
      const name = Array.isArray(entry) ? entry[0] : isJsonObject(entry) ? entry['name'] : null;
      const weight = Array.isArray(entry) ? entry[1] : isJsonObject(entry) ? entry['weight'] : null;
      if (typeof name === 'string')
        b.addAdapter({ kind: 'lora', name, weight: parseNumber(weight ?? null), hash: null, hashType: null });
    }
  }
  b.keepRest(kv);
  return b;
}

function readMre(meta: JsonObject, source: string): TupleBuilder {
  const b = new TupleBuilder('fooocus', source);
  const kv = KeyedValues.fromJson(meta);
  const take = (k: string) => kv.takeJson(k);
  b.set('software', { name: 'Fooocus-MRE', version: jsonString(take('version')) });
  b.setCoreFromJson(kv, {
    prompt: 'prompt',
    negativePrompt: 'negative_prompt',
    seed: 'seed',
    steps: 'steps',
    cfg: 'cfg',
    width: 'width',
    height: 'height',
  });
  b.set('model', jsonString(take('base_model')));
  b.setSampler(jsonString(take('sampler')), jsonString(take('scheduler')));
  b.keepRest(kv);
  return b;
}

function fooocusItem(sources: MetadataSources): { item: TextItem; scheme: string | null } | null {
  const scheme = sources.texts.find((t) => t.key === 'fooocus_scheme')?.text.trim() ?? null;
  const params = sources.texts.find((t) => t.key === 'parameters');
  if (params && scheme) return { item: params, scheme };
  // JPEG/WebP: the scheme sits in MakerNote, which the container layer does not read; Software names Fooocus.
  const software = sources.texts.find((t) => t.key === 'Software')?.text ?? '';
  const comment = sources.texts.find((t) => t.key === 'UserComment');
  if (comment && /^Fooocus/i.test(software))
    return { item: comment, scheme: comment.text.trimStart().startsWith('{') ? 'fooocus' : 'a1111' };
  if (params) return { item: params, scheme: null };
  return null;
}

function result(generator: GeneratorId, b: TupleBuilder): ReaderResult {
  return { generator, tuple: b.build(), warnings: [] };
}

export const fooocusReader: GeneratorReader = {
  id: 'fooocus',
  read(sources: MetadataSources): ReaderResult | null {
    const found = fooocusItem(sources);
    if (found) {
      const { item, scheme } = found;
      if (scheme === 'a1111') {
        const info = parseA1111Infotext(item.text);
        return info ? tupleFromA1111Infotext(info, item.source, 'fooocus') : null;
      }
      const meta = parseObject(item.text);
      if (meta && jsonString(meta['software']) === 'RuinedFooocus')
        return result('ruined-fooocus', readRuined(meta, item.source));
      if (meta && (scheme === 'fooocus' || ('base_model' in meta && 'full_prompt' in meta)))
        return result('fooocus', readFooocusJson(meta, item.source));
    }
    const mre = sources.texts.find((t) => t.key === 'Comment' || t.source === 'jpeg:COM');
    const meta = mre ? parseObject(mre.text) : null;
    if (mre && meta && ('real_prompt' in meta || 'positive_prompt_strength' in meta))
      return result('fooocus', readMre(meta, mre.source));
    return null;
  },
};
