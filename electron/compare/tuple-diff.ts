// Field-by-field, byte-exact diff of two generation tuples: the seed guide's Step 1 ("diff the full parameter dump
// byte-for-byte, not by eye"). Strings are compared exactly (no trimming, no case folding, no normalization:
// those differences are exactly what changes a tokenizer's input); numbers by value (7 and 7.0 are one CFG).
import type { TupleDiffRow } from '../../shared/compare';
import type { Adapter, GenerationTuple, SamplerSettings, SamplingPass } from '../../shared/tuple';

type Value = string | number | boolean | null | undefined;

function show(value: Value): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}

function row(field: string, a: Value, b: Value, note?: string): TupleDiffRow {
  const sa = show(a);
  const sb = show(b);
  return note === undefined ? { field, a: sa, b: sb, same: sa === sb } : { field, a: sa, b: sb, same: sa === sb, note };
}

function json(value: unknown): string {
  return JSON.stringify(value, Object.keys(value as object).sort());
}

/** Hashes are only comparable within one hash type (metadata-formats.md §3): an AutoV2 and a SHA-256 of the same
 *  file never match. `same` stays true when they cannot be compared; the note says so. */
function modelHashRow(a: GenerationTuple, b: GenerationTuple): TupleDiffRow {
  if (a.modelHash && b.modelHash && a.modelHashType !== b.modelHashType) {
    return {
      field: 'modelHash',
      a: a.modelHash,
      b: b.modelHash,
      same: true,
      note: `not compared: hashes of different types (${a.modelHashType ?? 'unknown'} vs ${b.modelHashType ?? 'unknown'})`,
    };
  }
  return row(
    'modelHash',
    a.modelHash?.toLowerCase(),
    b.modelHash?.toLowerCase(),
    a.modelHash && b.modelHash ? `${a.modelHashType ?? 'unknown'} hashes, case-insensitive hex` : undefined,
  );
}

function adapterKey(adapter: Adapter): string {
  return `${adapter.kind}:${adapter.name}`;
}

function adapterValue(adapter: Adapter): string {
  return json({
    weight: adapter.weight,
    weights: adapter.weights ?? {},
    hash: adapter.hash,
    hashType: adapter.hashType,
  });
}

function keyedRows(prefix: string, a: Map<string, string>, b: Map<string, string>): TupleDiffRow[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.map((key) => row(`${prefix}[${key}]`, a.get(key), b.get(key)));
}

function adapterMap(adapters: Adapter[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const adapter of adapters) {
    let key = adapterKey(adapter);
    // The same LoRA twice is legal (two weights); keep both rows apart.
    for (let n = 2; map.has(key); n++) key = `${adapterKey(adapter)}#${n}`;
    map.set(key, adapterValue(adapter));
  }
  return map;
}

const PASS_FIELDS = [
  'role',
  'model',
  'sampler',
  'scheduler',
  'steps',
  'cfg',
  'seed',
  'denoise',
  'width',
  'height',
] as const;

/** A renamed alias is one sampler ("DPM++ 2M Karras" vs dpmpp_2m + karras, sample_dpmpp_2m vs dpmpp_2m): the row
 *  keeps both spellings but counts as the same when the canonical ids of shared/samplers.ts agree. */
function nameRow(field: string, a: SamplerSettings, b: SamplerSettings, name: 'sampler' | 'scheduler'): TupleDiffRow {
  const plain = row(field, a[name], b[name]);
  const id = name === 'sampler' ? 'samplerId' : 'schedulerId';
  if (plain.same || !a[id] || a[id] !== b[id]) return plain;
  return { ...plain, same: true, note: `one ${name} under two names (${a[id]})` };
}

function passRows(a: SamplingPass[], b: SamplingPass[]): TupleDiffRow[] {
  const rows: TupleDiffRow[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const pa = a[i];
    const pb = b[i];
    if (!pa || !pb) {
      const present = (pa ?? pb) as SamplingPass;
      rows.push(row(`passes[${i}]`, pa ? `${present.role} pass` : null, pb ? `${present.role} pass` : null));
      continue;
    }
    for (const field of PASS_FIELDS) {
      const name = `passes[${i}].${field}`;
      rows.push(
        field === 'sampler' || field === 'scheduler' ? nameRow(name, pa, pb, field) : row(name, pa[field], pb[field]),
      );
    }
    rows.push(row(`passes[${i}].settings`, json(pa.settings), json(pb.settings)));
  }
  return rows;
}

function stringMap(record: Record<string, string | number | boolean | null>): Map<string, string> {
  return new Map(Object.entries(record).map(([k, v]) => [k, String(v)]));
}

/** Compared as they are, in the seed guide's tuple order (model_version, seed, sampler, scheduler, steps, cfg,
 *  width, height, prompt, negative prompt). */
const SCALAR_FIELDS = [
  'modelVersion',
  'seed',
  'sampler',
  'samplerId',
  'scheduler',
  'schedulerId',
  'steps',
  'cfg',
  'width',
  'height',
  'prompt',
  'negativePrompt',
] as const;

function softwareLabel(t: GenerationTuple): string | null {
  return t.software ? `${t.software.name} ${t.software.version ?? ''}`.trim() : null;
}

export function diffTuples(a: GenerationTuple, b: GenerationTuple): TupleDiffRow[] {
  const rows: TupleDiffRow[] = [
    row('generator', a.generator, b.generator),
    row('software', softwareLabel(a), softwareLabel(b)),
    row('model', a.model, b.model),
    modelHashRow(a, b),
    ...SCALAR_FIELDS.map((key) =>
      key === 'sampler' || key === 'scheduler' ? nameRow(key, a, b, key) : row(key, a[key], b[key]),
    ),
    ...keyedRows('adapters', adapterMap(a.adapters), adapterMap(b.adapters)),
    ...passRows(a.passes, b.passes),
    ...keyedRows(
      'postprocess',
      new Map(a.postprocess.map((p) => [`${p.kind}:${p.name}`, json(p.settings)])),
      new Map(b.postprocess.map((p) => [`${p.kind}:${p.name}`, json(p.settings)])),
    ),
  ];
  const da = a.determinism;
  const db = b.determinism;
  for (const key of ['rng', 'ensd', 'clipSkip', 'eta', 'vae', 'vaeHash', 'precision', 'tokenMerging'] as const) {
    rows.push(row(`determinism.${key}`, da[key], db[key]));
  }
  rows.push(...keyedRows('determinism.other', stringMap(da.other), stringMap(db.other)));
  rows.push(...keyedRows('extras', stringMap(a.extras), stringMap(b.extras)));
  // Differing rows first; within each group the order above (the seed guide's tuple order) is kept.
  return [...rows.filter((r) => !r.same), ...rows.filter((r) => r.same)];
}
