// NovelAI (metadata-formats.md §2.4). PNG: text chunks Title / Description / Software "NovelAI" / Source (model
// + 8-hex id) / Comment (the request JSON). WebP: EXIF Software = Source, ImageDescription = prompt behind 4 NUL
// bytes, UserComment = a JSON object whose `Comment` is itself JSON in a string. Every V3/V4.5 PNG and
// lossless WebP also carries the same object in alpha LSBs (stealth, filled in by the container layer after
// decoding). Augment-tool outputs say Software=NovelAI with Comment {"req_type":"sketch"}: no generation data.
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
import type { GeneratorReader, MetadataSources, ReaderResult } from '../types';

interface NovelAiRecord {
  /** Where the request JSON came from. */
  source: string;
  fields: Map<string, string>;
  comment: JsonObject | null;
}

function parseObject(text: string): JsonObject | null {
  const parsed = parseLosslessJson(text);
  return parsed.ok && isJsonObject(parsed.value) ? parsed.value : null;
}

const NUL_PREFIX = /^\0+/;

/** The PNG text chunks, or the WebP UserComment envelope, or the stealth payload: one shape for all three. */
function records(sources: MetadataSources): NovelAiRecord[] {
  const out: NovelAiRecord[] = [];
  const pngFields = new Map<string, string>();
  let commentSource = '';
  for (const t of sources.texts) {
    if (
      /^png:/.test(t.source) &&
      ['Title', 'Description', 'Software', 'Source', 'Generation time', 'Comment'].includes(t.key)
    ) {
      pngFields.set(t.key, t.text);
      if (t.key === 'Comment') commentSource = t.source;
    }
  }
  if (
    pngFields.get('Software') === 'NovelAI' ||
    /NovelAI|AI (generated|augmented) image/.test(pngFields.get('Title') ?? '')
  ) {
    out.push({
      source: commentSource || 'png:tEXt:Comment',
      fields: pngFields,
      comment: parseObject(pngFields.get('Comment') ?? ''),
    });
  }
  const userComment = sources.texts.find((t) => t.key === 'UserComment' && t.text.trimStart().startsWith('{'));
  const envelope = userComment ? parseObject(userComment.text) : null;
  if (
    envelope &&
    typeof envelope['Comment'] === 'string' &&
    /NovelAI|Stable Diffusion/.test(jsonString(envelope['Software']) ?? jsonString(envelope['Source']) ?? '')
  ) {
    out.push(envelopeRecord(envelope, userComment!.source));
  }
  if (sources.stealth) {
    const payload = parseObject(sources.stealth.text);
    if (payload && typeof payload['Comment'] === 'string' && jsonString(payload['Software']) === 'NovelAI')
      out.push(envelopeRecord(payload, sources.stealth.source));
  }
  return out;
}

function envelopeRecord(envelope: JsonObject, source: string): NovelAiRecord {
  const fields = new Map<string, string>();
  for (const [k, v] of Object.entries(envelope)) if (typeof v === 'string') fields.set(k, v.replace(NUL_PREFIX, ''));
  return { source, fields, comment: parseObject(jsonString(envelope['Comment']) ?? '') };
}

function caption(v: JsonValue | undefined): { base: string | null; chars: string[] } {
  if (!isJsonObject(v) || !isJsonObject(v['caption'])) return { base: null, chars: [] };
  const c = v['caption'];
  const chars = Array.isArray(c['char_captions'])
    ? c['char_captions']
        .map((x) => (isJsonObject(x) ? (jsonString(x['char_caption']) ?? '') : ''))
        .filter((x) => x.length > 0)
    : [];
  return { base: jsonString(c['base_caption']), chars };
}

function tupleFrom(record: NovelAiRecord): TupleBuilder {
  const b = new TupleBuilder('novelai', record.source);
  const sourceName = record.fields.get('Source') ?? null;
  b.set('software', { name: 'NovelAI', version: null });
  if (sourceName) {
    b.set('model', sourceName).set('modelVersion', sourceName);
    const id = /([0-9A-F]{8})\s*$/.exec(sourceName);
    if (id) b.set('modelHash', id[1]!).set('modelHashType', 'novelai-source');
  }
  for (const [k, v] of record.fields)
    if (k !== 'Comment' && k !== 'Source' && k !== 'Software') b.extra(`novelai.${k}`, v);
  const c = record.comment;
  if (!c) return b;
  if (!('seed' in c)) {
    for (const [k, v] of Object.entries(c)) b.extra(`novelai.${k}`, jsonText(v));
    return b;
  }
  const kv = KeyedValues.fromJson(c);
  const v4 = caption(c['v4_prompt']);
  const v4neg = caption(c['v4_negative_prompt']);
  b.set('prompt', jsonString(c['prompt']) ?? v4.base ?? record.fields.get('Description') ?? null);
  b.set('negativePrompt', jsonString(c['uc']) ?? v4neg.base);
  b.setCoreFromJson(kv, { seed: 'seed', steps: 'steps', cfg: 'scale', width: 'width', height: 'height' });
  b.setSampler(jsonString(c['sampler']), jsonString(c['noise_schedule']));
  for (const k of [
    'prompt',
    'uc',
    'sampler',
    'noise_schedule',
    'v4_prompt',
    'v4_negative_prompt',
    'strength',
    'noise',
    'extra_noise_seed',
  ])
    kv.take(k);
  // V4 character prompts are part of what the model saw, so they belong beside the prompt, not lost in extras.
  if (v4.chars.length) b.extra('novelai.char_captions', JSON.stringify(v4.chars));
  if (v4neg.chars.length) b.extra('novelai.char_negative_captions', JSON.stringify(v4neg.chars));
  for (const key of [
    'cfg_rescale',
    'uncond_scale',
    'sm',
    'sm_dyn',
    'dynamic_thresholding',
    'skip_cfg_above_sigma',
    'skip_cfg_below_sigma',
    'legacy',
    'legacy_v3_extend',
  ]) {
    const value = c[key];
    if (value !== undefined && value !== null) {
      kv.take(key);
      b.setDeterminismOther(key, jsonText(value));
    }
  }
  const settings: Record<string, string | number | boolean | null> = {};
  if (jsonString(c['request_type'])) settings['request_type'] = jsonString(c['request_type']);
  const noise = parseNumber(c['noise']);
  if (noise !== null) settings['noise'] = noise;
  const extraSeed = parseSeed(c['extra_noise_seed']);
  if (extraSeed !== null) settings['extra_noise_seed'] = extraSeed;
  b.addPass({
    role: 'base',
    node: 'novelai',
    model: sourceName,
    sampler: jsonString(c['sampler']),
    scheduler: jsonString(c['noise_schedule']),
    steps: parseInteger(c['steps']),
    cfg: parseNumber(c['scale']),
    seed: parseSeed(c['seed']),
    denoise: parseNumber(c['strength']),
    width: parseInteger(c['width']),
    height: parseInteger(c['height']),
    settings,
  });
  b.keepRest(kv);
  return b;
}

export const novelaiReader: GeneratorReader = {
  id: 'novelai',
  read(sources: MetadataSources): ReaderResult | null {
    const found = records(sources);
    if (found.length === 0) return null;
    const warnings: string[] = [];
    const primary = found.find((r) => r.comment && 'seed' in r.comment) ?? found[0]!;
    const b = tupleFrom(primary);
    if (!primary.comment) warnings.push(`${primary.source}: NovelAI image without a readable request (Comment) JSON`);
    else if (!('seed' in primary.comment)) {
      // The augment tools (sketch, colorize, …) write only {"req_type": …}: not a generation.
      warnings.push(
        `${primary.source}: NovelAI ${jsonString(primary.comment['req_type']) ?? 'tool'} output: no generation parameters`,
      );
    }
    for (const other of found) {
      if (other === primary || !other.comment) continue;
      const a = primary.comment ? parseSeed(primary.comment['seed']) : null;
      const s = parseSeed(other.comment['seed']);
      if (a !== null && s !== null)
        b.conflict(
          'seed',
          [
            { value: a, source: primary.source },
            { value: s, source: other.source },
          ],
          `${primary.source} is the generator's own slot`,
        );
    }
    return { generator: 'novelai', tuple: b.build(), warnings };
  },
};
