// A parsed A1111 infotext → GenerationTuple. Missing keys mean the tool's default, not "unknown"
// (metadata-formats.md §2.1: Clip skip 1, RNG GPU, ENSD 0, Schedule type Automatic), so those are filled in and
// marked isDefault: two images that differ only by one writing `RNG: CPU` must show that as a difference.
import { canonicalSampler } from '../../../shared/samplers';
import type { GeneratorId, HashType } from '../../../shared/tuple';
import { isJsonObject, parseLosslessJson } from '../lossless-json';
import { KeyedValues, TupleBuilder, parseInteger, parseNumber, parseSeed, parseSize } from '../tuple-builder';
import type { ReaderResult } from '../types';
import { adetailerSteps, hiresPass } from './infotext-passes';
import { parseNameHashList, type A1111Infotext } from './parse-infotext';
import { promptNetworks } from './prompt-networks';
import { detectA1111Software } from './software';

/** Settings that change pixels without changing the visible parameters (seed guide: hardware/determinism). */
const DETERMINISM_OTHER = [
  'Emphasis',
  'NGMS',
  'Discard penultimate sigma',
  'Eta DDIM',
  'Pad conds',
  'Pad prompt/negative prompt',
  'Variation seed',
  'Variation seed strength',
  'Seed resize from',
  'Tiling',
  'Noise multiplier',
  'sigma churn',
  'sigma tmin',
  'sigma tmax',
  'sigma noise',
  'Schedule max sigma',
  'Schedule min sigma',
  'Schedule rho',
  'SGM noise multiplier',
  'Distilled CFG Scale',
  'Shift',
  'Beta schedule alpha',
  'Beta schedule beta',
  'Conditional mask weight',
  'Image CFG scale',
  'Init image hash',
  'Cross attention optimization',
  'Downcast alphas_cumprod',
  'Hypertile U-Net',
  'Hypertile VAE',
  'Refiner',
  'Refiner switch at',
];

export function hashTypeOf(hash: string): HashType {
  const hex = hash.replace(/^0x/i, '');
  if (!/^[0-9a-f]+$/i.test(hex)) return 'unknown';
  if (hex.length === 8) return 'autov1';
  if (hex.length === 10) return 'autov2';
  if (hex.length === 12) return 'autov3';
  if (hex.length === 64) return hash.startsWith('0x') ? 'autov3' : 'sha256';
  return 'unknown';
}

export function tupleFromA1111Infotext(info: A1111Infotext, source: string, generator?: GeneratorId): ReaderResult {
  const software = detectA1111Software(info.params);
  const gen = generator ?? software.generator;
  const b = new TupleBuilder(gen, source);
  const kv = new KeyedValues(info.params);
  const warnings: string[] = [];
  kv.take('Version');
  kv.take('App');
  b.set('software', { name: software.name, version: software.version });

  b.set('prompt', info.prompt);
  b.set(
    'negativePrompt',
    info.negativePrompt ?? '',
    info.negativePrompt === null ? { source, isDefault: true } : source,
  );
  if (info.template !== null) b.extra('Template', info.template);
  if (info.negativeTemplate !== null) b.extra('Negative Template', info.negativeTemplate);
  if (info.trailing !== null) b.extra('Trailing text', info.trailing);

  readCore(b, kv, source, gen);
  readDeterminism(b, kv, source, gen);
  readAdapters(b, kv, info.prompt, source, warnings);
  hiresPass(b, kv, source);
  adetailerSteps(b, kv);
  const face = kv.take('Face restoration');
  if (face) b.addPostprocess({ kind: 'face-restore', name: face, settings: {} });
  b.keepRest(kv);
  return { generator: gen, tuple: b.build(), warnings };
}

function readCore(b: TupleBuilder, kv: KeyedValues, source: string, gen: GeneratorId): void {
  b.set('steps', parseInteger(kv.take('Steps')));
  // ComfyUI savers write `CFG Scale` with a capital S.
  b.set('cfg', parseNumber(kv.take('CFG scale') ?? kv.take('CFG Scale')));
  b.set('seed', parseSeed(kv.take('Seed')));
  const size = parseSize(kv.take('Size'));
  if (size) b.set('width', size.width).set('height', size.height);
  b.set('model', kv.take('Model') || null);
  const hash = kv.take('Model hash');
  if (hash) b.set('modelHash', hash).set('modelHashType', hashTypeOf(hash));

  const sampler = kv.take('Sampler') ?? null;
  const schedule = kv.take('Schedule type');
  const sigma = kv.take('Sampler sigma'); // SD.Next puts the scheduler here
  if (schedule) b.setSampler(sampler, schedule);
  else if (sigma) b.setSampler(sampler, sigma);
  else if (sampler && gen !== 'sdnext' && gen !== 'comfyui' && canonicalSampler(sampler).schedulerId === null) {
    // No `Schedule type` and none inside the name ("DPM++ 2M Karras"): A1111's default, Automatic.
    b.setSampler(sampler, 'Automatic', source, { source, isDefault: true });
  } else b.setSampler(sampler, null);
}

function readDeterminism(b: TupleBuilder, kv: KeyedValues, source: string, gen: GeneratorId): void {
  const a1111Defaults = gen !== 'comfyui';
  const defaulted = { source, isDefault: true };
  const clipSkip = parseInteger(kv.take('Clip skip'));
  b.setDeterminism('clipSkip', clipSkip ?? (a1111Defaults ? 1 : null), clipSkip === null ? defaulted : source);
  const rng = kv.take('RNG');
  b.setDeterminism('rng', rng ?? (a1111Defaults ? 'GPU' : null), rng === undefined ? defaulted : source);
  const ensd = kv.take('ENSD') ?? kv.take('Eta noise seed delta');
  b.setDeterminism('ensd', ensd ?? (a1111Defaults ? '0' : null), ensd === undefined ? defaulted : source);
  b.setDeterminism('eta', parseNumber(kv.take('Eta')));
  b.setDeterminism('vae', kv.take('VAE') || null);
  b.setDeterminism('vaeHash', kv.take('VAE hash') || null);
  b.setDeterminism('tokenMerging', parseNumber(kv.take('Token merging ratio')));
  const precision = [
    ['FP8 weight', kv.take('FP8 weight')],
    ['Diffusion in Low Bits', kv.take('Diffusion in Low Bits')],
  ]
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
  if (precision.length) b.setDeterminism('precision', precision.join(', '));
  for (const key of DETERMINISM_OTHER) {
    const value = kv.take(key);
    if (value !== undefined) b.setDeterminismOther(key, value);
  }
  for (const key of kv.keys()) {
    if (/^Module \d+$/.test(key) || key === 'Token merging ratio hr')
      b.setDeterminismOther(key, kv.take(key) as string);
  }
}

function readAdapters(b: TupleBuilder, kv: KeyedValues, prompt: string, source: string, warnings: string[]): void {
  const loraHashes = new Map(parseNameHashList(kv.take('Lora hashes') ?? '').map((e) => [e.name, e.hash]));
  // `Hashes` is only partly used (model/vae/lora/embed entries), so it stays in extras as written.
  const hashesJson = readHashesJson(kv.peek('Hashes') ?? null, warnings);
  for (const network of promptNetworks(prompt)) {
    const listed = loraHashes.get(network.name);
    const hash = listed ?? hashesJson.get(`lora:${network.name}`) ?? null;
    loraHashes.delete(network.name);
    b.addAdapter({ ...network, hash, hashType: listed ? 'lora-12' : hash ? hashTypeOf(hash) : null });
  }
  for (const [name, hash] of loraHashes) b.addAdapter({ kind: 'lora', name, weight: null, hash, hashType: 'lora-12' });
  // ComfyUI savers: Lora_1 Model name / Lora_1 Model hash / Lora_1 Strength model / Lora_1 Strength clip
  for (let n = 1; kv.has(`Lora_${n} Model name`); n++) {
    const name = kv.take(`Lora_${n} Model name`) as string;
    const hash = kv.take(`Lora_${n} Model hash`) ?? null;
    const clip = parseNumber(kv.take(`Lora_${n} Strength clip`));
    b.addAdapter({
      kind: 'lora',
      name,
      weight: parseNumber(kv.take(`Lora_${n} Strength model`)),
      hash,
      hashType: hash ? hashTypeOf(hash) : null,
      ...(clip !== null ? { weights: { clip } } : {}),
    });
  }
  readAddNet(b, kv);
  const seen = new Set<string>();
  for (const { name, hash } of parseNameHashList(kv.take('TI hashes') ?? '')) {
    if (seen.has(name)) continue;
    seen.add(name);
    // TI hashes are a 12-hex prefix of the full-file SHA-256 (§3), a type of their own.
    b.addAdapter({ kind: 'embedding', name, weight: null, hash, hashType: 'unknown' });
  }
  for (const [key, hash] of hashesJson) {
    // ComfyUI savers: "Model:flux1-dev-fp8": hash names the checkpoint that no `Model:` key names.
    if (key.startsWith('Model:') && b.tuple.model === null) b.set('model', key.slice(6), `${source}#Hashes`);
    if (key === 'model' && b.tuple.modelHash === null)
      b.set('modelHash', hash, `${source}#Hashes`).set('modelHashType', hashTypeOf(hash), `${source}#Hashes`);
    else if (key === 'vae' && b.tuple.determinism.vaeHash === null)
      b.setDeterminism('vaeHash', hash, `${source}#Hashes`);
    else if (key.startsWith('embed:') && !seen.has(key.slice(6))) {
      seen.add(key.slice(6));
      b.addAdapter({ kind: 'embedding', name: key.slice(6), weight: null, hash, hashType: hashTypeOf(hash) });
    } else if (
      key.startsWith('lora:') &&
      !b.tuple.adapters.some((a) => networkKey(a.name) === networkKey(key.slice(5)))
    ) {
      b.addAdapter({ kind: 'lora', name: key.slice(5), weight: null, hash, hashType: hashTypeOf(hash) });
    }
  }
  readCivitaiResources(b, kv, source, warnings);
}

function readHashesJson(text: string | null, warnings: string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!text) return out;
  const parsed = parseLosslessJson(text);
  if (!parsed.ok || !isJsonObject(parsed.value)) {
    warnings.push(`infotext "Hashes" is not a JSON object (${parsed.ok ? 'wrong shape' : parsed.error}); kept as text`);
    return out;
  }
  for (const [key, value] of Object.entries(parsed.value)) if (typeof value === 'string') out.set(key, value);
  return out;
}

/**
 * kohya-ss sd-webui-additional-networks (2023): `AddNet Module 1: LoRA, AddNet Model 1: name(abcdef123456),
 * AddNet Weight A 1: 0.8, AddNet Weight B 1: 0.8`; the hash in parentheses is the legacy addnet hash.
 */
function readAddNet(b: TupleBuilder, kv: KeyedValues): void {
  kv.take('AddNet Enabled');
  for (let n = 1; kv.has(`AddNet Model ${n}`); n++) {
    const model = kv.take(`AddNet Model ${n}`) as string;
    const m = /^(.*)\(([0-9a-f]{8,64})\)$/i.exec(model.trim());
    const module = kv.take(`AddNet Module ${n}`) ?? 'LoRA';
    const unet = parseNumber(kv.take(`AddNet Weight A ${n}`));
    const te = parseNumber(kv.take(`AddNet Weight B ${n}`));
    const hash = m ? m[2] : null;
    b.addAdapter({
      kind: /lora|lycoris|locon/i.test(module) ? 'lora' : 'other',
      name: m ? m[1] : model,
      weight: unet,
      hash,
      hashType: hash ? hashTypeOf(hash) : null,
      ...(te !== null ? { weights: { te } } : {}),
    });
  }
}

/** LoRA names compare without folder and file extension: savers write both `x.safetensors` and `x`. */
function networkKey(name: string): string {
  return name
    .replace(/^.*[\\/]/, '')
    .replace(/\.(safetensors|ckpt|pt|pth|bin)$/i, '')
    .toLowerCase();
}

/** Civitai on-site text: `Civitai resources: [{"type":"checkpoint","modelName":…,"modelVersionName":…}, …]`. */
function readCivitaiResources(b: TupleBuilder, kv: KeyedValues, source: string, warnings: string[]): void {
  const text = kv.peek('Civitai resources');
  if (!text) return;
  const parsed = parseLosslessJson(text);
  if (!parsed.ok || !Array.isArray(parsed.value)) {
    warnings.push(
      `infotext "Civitai resources" is not a JSON list (${parsed.ok ? 'wrong shape' : parsed.error}); kept as text`,
    );
    return;
  }
  const origin = `${source}#Civitai resources`;
  for (const entry of parsed.value) {
    if (!isJsonObject(entry)) continue;
    const name =
      [entry.modelName, entry.modelVersionName].filter((v) => typeof v === 'string').join(' ') ||
      String(entry.modelVersionId ?? '');
    const type = typeof entry.type === 'string' ? entry.type.toLowerCase() : '';
    if (type === 'checkpoint') {
      if (b.tuple.model === null) b.set('model', name, origin);
      if (entry.modelVersionId != null && b.tuple.modelVersion === null)
        b.set('modelVersion', `civitai:${String(entry.modelVersionId)}`, origin);
    } else if (name) {
      const kind =
        type === 'lora' || type === 'locon'
          ? 'lora'
          : type === 'embed' || type === 'embedding' || type === 'textualinversion'
            ? 'embedding'
            : 'other';
      b.addAdapter({
        kind,
        name,
        weight: parseNumber(entry.weight ?? entry.strength ?? null),
        hash: null,
        hashType: null,
        source: origin,
      });
    }
  }
}
