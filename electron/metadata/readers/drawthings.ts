// Draw Things (iOS/macOS), metadata-formats.md §2.7: an XMP packet (PNG iTXt `XML:com.adobe.xmp`) with
// xmp:CreatorTool "Draw Things", exif:UserComment = JSON (c = prompt, uc = negative, model, sampler, scale = CFG,
// seed, size "WxH", steps, strength, v2 {full config, loras [{file, weight}]}) and dc:description = A1111-like text
// whose negative prompt is the line starting with "-" and whose CFG key is "Guidance Scale". The JSON is read
// first (enslo does the same); the description is the fallback. No real sample exists in the corpus.
import { parseParameterLine } from '../a1111/parse-infotext';
import { isJsonObject, parseLosslessJson, type JsonObject } from '../lossless-json';
import {
  jsonString,
  KeyedValues,
  parseInteger,
  parseNumber,
  parseSeed,
  parseSize,
  TupleBuilder,
} from '../tuple-builder';
import type { GeneratorReader, MetadataSources, ReaderResult } from '../types';
import { xmpProperty } from '../xmp-property';

function fromJson(c: JsonObject, b: TupleBuilder): void {
  const kv = KeyedValues.fromJson(c);
  const take = (k: string) => kv.takeJson(k);
  b.setCoreFromJson(kv, { prompt: 'c', negativePrompt: 'uc', seed: 'seed', steps: 'steps', cfg: 'scale' });
  const size = parseSize(take('size'));
  if (size) b.set('width', size.width).set('height', size.height);
  b.set('model', jsonString(take('model')));
  b.setSampler(jsonString(take('sampler')), null);
  const seedMode = jsonString(take('seed_mode'));
  if (seedMode) b.setDeterminismOther('seed_mode', seedMode);
  const v2 = take('v2');
  const loras = isJsonObject(v2) ? v2['loras'] : undefined;
  if (Array.isArray(loras)) {
    for (const l of loras) {
      if (isJsonObject(l) && typeof l['file'] === 'string') {
        b.addAdapter({
          kind: 'lora',
          name: l['file'],
          weight: parseNumber(l['weight'] ?? null),
          hash: null,
          hashType: null,
        });
      }
    }
  }
  if (isJsonObject(v2)) b.extra('drawthings.v2', JSON.stringify(v2));
  b.addPass({
    role: 'base',
    node: 'drawthings',
    model: jsonString(c['model']),
    sampler: jsonString(c['sampler']),
    steps: parseInteger(c['steps']),
    cfg: parseNumber(c['scale']),
    seed: parseSeed(c['seed']),
    denoise: parseNumber(take('strength')),
    width: size?.width ?? null,
    height: size?.height ?? null,
    settings: {},
  });
  b.keepRest(kv);
}

/** "prompt\n-negative\nSteps: …, Guidance Scale: …" */
function fromDescription(text: string, b: TupleBuilder): void {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const paramIndex = lines.findIndex((l) => /^Steps:\s/.test(l));
  const body = paramIndex === -1 ? lines : lines.slice(0, paramIndex);
  const negIndex = body.findIndex((l) => l.startsWith('-'));
  b.set('prompt', (negIndex === -1 ? body : body.slice(0, negIndex)).join('\n'));
  if (negIndex !== -1) b.set('negativePrompt', [body[negIndex]!.slice(1), ...body.slice(negIndex + 1)].join('\n'));
  if (paramIndex === -1) return;
  const kv = new KeyedValues(parseParameterLine(lines[paramIndex]!));
  b.set('steps', parseInteger(kv.take('Steps')));
  b.set('cfg', parseNumber(kv.take('Guidance Scale')));
  b.set('seed', parseSeed(kv.take('Seed')));
  const size = parseSize(kv.take('Size'));
  if (size) b.set('width', size.width).set('height', size.height);
  b.set('model', kv.take('Model') ?? null);
  b.setSampler(kv.take('Sampler'), null);
  b.keepRest(kv);
}

export const drawthingsReader: GeneratorReader = {
  id: 'drawthings',
  read(sources: MetadataSources): ReaderResult | null {
    const xmp = sources.xmp ?? sources.texts.find((t) => t.key === 'XML:com.adobe.xmp')?.text ?? null;
    if (!xmp || !/Draw Things/.test(xmpProperty(xmp, 'xmp:CreatorTool') ?? '')) return null;
    const warnings: string[] = [];
    const comment = xmpProperty(xmp, 'exif:UserComment');
    const parsed = comment ? parseLosslessJson(comment) : null;
    if (parsed && !parsed.ok)
      warnings.push(`xmp exif:UserComment: Draw Things JSON is ${parsed.error}; read dc:description instead`);
    const json = parsed?.ok && isJsonObject(parsed.value) ? parsed.value : null;
    const b = new TupleBuilder('drawthings', json ? 'xmp:exif:UserComment' : 'xmp:dc:description');
    b.set('software', { name: 'Draw Things', version: null });
    const description = xmpProperty(xmp, 'dc:description');
    if (json) fromJson(json, b);
    else if (description) fromDescription(description, b);
    else warnings.push('Draw Things XMP holds neither exif:UserComment JSON nor dc:description');
    if (json && description) b.extra('drawthings.description', description);
    return { generator: 'drawthings', tuple: b.build(), warnings };
  },
};
