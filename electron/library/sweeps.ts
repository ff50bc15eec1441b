// One-knob sweeps: runs of images that differ in exactly one parameter (cfg 5 → 9 at seed 42; seeds 1-8 of one
// prompt; steps 20/30/40). Rows are grouped by everything except the knob; a group with MIN_SWEEP_VALUES distinct
// values of the knob is a sweep. Reruns of one value keep the newest image, so a strip shows each value once.
// Model, prompt and negative prompt are always part of the fixed set: a sweep never crosses them.
import type { SweepParam } from '../../shared/timeline';
import { hashDistance, size, type TimelineRow } from './timeline';

/** Two values are a comparison; three start to show a trend. */
export const MIN_SWEEP_VALUES = 3;

export interface FoundSweep {
  param: SweepParam;
  name?: string;
  values: string[];
  /** One row per value, in value order. */
  rows: TimelineRow[];
  distances: Array<number | null>;
  fixed: string;
}

type Knobs = Record<Exclude<SweepParam, 'lora'>, string | null>;
const KNOB_ORDER = ['seed', 'cfg', 'steps', 'sampler', 'scheduler', 'size'] as const;

function knobs(row: TimelineRow): Knobs {
  return {
    seed: row.seed,
    cfg: row.cfg === null ? null : String(row.cfg),
    steps: row.steps === null ? null : String(row.steps),
    sampler: row.sampler,
    scheduler: row.scheduler,
    size: size(row),
  };
}

function loraText(row: TimelineRow, except?: string): string {
  return [...row.loras.entries()]
    .filter(([key]) => key !== except)
    .map(([key, l]) => `${key}:${l.weight ?? ''}`)
    .sort()
    .join('|');
}

function compareValues(a: string, b: string): number {
  const integer = /^-?\d+$/;
  if (integer.test(a) && integer.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  const sa = /^(\d+)x(\d+)$/.exec(a);
  const sb = /^(\d+)x(\d+)$/.exec(b);
  if (sa && sb) return Number(sa[1]) * Number(sa[2]) - Number(sb[1]) * Number(sb[2]) || Number(sa[1]) - Number(sb[1]);
  return a < b ? -1 : a > b ? 1 : 0;
}

function fixedText(row: TimelineRow, param: SweepParam, name?: string): string {
  const k = knobs(row);
  const parts = [
    param !== 'seed' && k.seed !== null ? `seed ${k.seed}` : null,
    param !== 'cfg' && k.cfg !== null ? `cfg ${k.cfg}` : null,
    param !== 'steps' && k.steps !== null ? `${k.steps} steps` : null,
    param !== 'sampler' ? k.sampler : null,
    param !== 'scheduler' ? k.scheduler : null,
    param !== 'size' ? k.size : null,
    ...[...row.loras.entries()]
      .filter(([key]) => !(param === 'lora' && key === name))
      .map(([, l]) => `LoRA ${l.name}${l.weight === null ? '' : ` ${l.weight}`}`),
    row.modelNorm,
  ];
  return parts.filter((p): p is string => p !== null && p !== '').join(' · ');
}

interface Bucket {
  param: SweepParam;
  name?: string;
  /** The first value seen and its row; most buckets never see a second value, so no Map is made for them. */
  value: string;
  row: TimelineRow;
  /** value -> newest row with it (rows arrive oldest first), once a second value arrives. */
  byValue: Map<string, TimelineRow> | null;
}

function add(
  buckets: Map<string, Bucket>,
  key: string,
  param: SweepParam,
  value: string,
  row: TimelineRow,
  name?: string,
): void {
  const bucket = buckets.get(key);
  if (!bucket) {
    buckets.set(key, { param, name, value, row, byValue: null });
  } else if (bucket.byValue) {
    bucket.byValue.set(value, row);
  } else if (bucket.value === value) {
    bucket.row = row;
  } else {
    bucket.byValue = new Map([
      [bucket.value, bucket.row],
      [value, row],
    ]);
  }
}

/** Small ids for long strings (prompts), so bucket keys stay short: 100k rows make 700k keys. */
function interner(): (text: string) => number {
  const ids = new Map<string, number>();
  return (text) => {
    let id = ids.get(text);
    if (id === undefined) ids.set(text, (id = ids.size));
    return id;
  };
}

/** Sweeps among rows in ascending time, longest first. `only` keeps one knob. */
export function findSweeps(rows: readonly TimelineRow[], only?: SweepParam, limit = 100): FoundSweep[] {
  const buckets = new Map<string, Bucket>();
  const params = KNOB_ORDER.filter((p) => !only || only === p);
  const context = interner();
  const loraSet = interner();
  for (const row of rows) {
    if (row.prompt === null) continue;
    const k = knobs(row);
    const values = KNOB_ORDER.map((p) => k[p] ?? '');
    const promptId = context(`${row.modelNorm}\u0000${row.prompt}\u0000${row.negative ?? ''}`);
    const base = `${promptId}|${loraSet(loraText(row))}`;
    for (const param of params) {
      const value = k[param];
      if (value === null) continue;
      const at = KNOB_ORDER.indexOf(param);
      const rest = values.map((v, i) => (i === at ? '' : v)).join('\u0001');
      add(buckets, `${param}|${base}|${rest}`, param, value, row);
    }
    if ((!only || only === 'lora') && row.loras.size > 0) {
      const all = values.join('\u0001');
      for (const [key, lora] of row.loras) {
        if (lora.weight === null) continue;
        add(
          buckets,
          `lora|${key}|${promptId}|${loraSet(loraText(row, key))}|${all}`,
          'lora',
          String(lora.weight),
          row,
          lora.name,
        );
      }
    }
  }
  const sweeps: FoundSweep[] = [];
  for (const bucket of buckets.values()) {
    const byValue = bucket.byValue;
    if (!byValue || byValue.size < MIN_SWEEP_VALUES) continue;
    const values = [...byValue.keys()].sort(compareValues);
    const ordered = values.map((v) => byValue.get(v)!);
    sweeps.push({
      param: bucket.param,
      ...(bucket.name !== undefined ? { name: bucket.name } : {}),
      values,
      rows: ordered,
      distances: ordered.slice(1).map((row, i) => hashDistance(ordered[i], row)),
      fixed: fixedText(ordered[0], bucket.param, bucket.name),
    });
  }
  sweeps.sort(
    (a, b) =>
      b.values.length - a.values.length ||
      b.rows[b.rows.length - 1].generatedAt - a.rows[a.rows.length - 1].generatedAt,
  );
  return sweeps.slice(0, limit);
}
