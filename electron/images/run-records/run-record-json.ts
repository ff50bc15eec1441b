// Helpers every run-record parser uses: reading untrusted JSON without trusting its types, the seed and how it was
// sent, the post-processing switches providers share, and the version pin in its common spellings.
import type { RunRecord, RunRecordFlag, RunRecordFlagKind, RunRecordProvider } from '../../../shared/run-record';

export type JsonObject = Record<string, unknown>;

/** A record's two halves: what was sent and what came back. A single file that holds both (a Replicate
 *  prediction) is its own request and response. */
export interface RecordParts {
  request: JsonObject | null;
  response: JsonObject | null;
}

export type ParsedRunRecord = Omit<RunRecord, 'origin'>;

export interface RunRecordParser {
  provider: RunRecordProvider;
  /** True when the parts have this provider's published shape. */
  matches(parts: RecordParts): boolean;
  parse(parts: RecordParts): ParsedRunRecord;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, key: string): JsonObject | null {
  return isObject(value) && isObject(value[key]) ? value[key] : null;
}

export function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function textAt(value: unknown, key: string): string | null {
  return isObject(value) ? text(value[key]) : null;
}

/** The first of `keys` that holds a value, in the first object that has one. */
export function firstText(objects: Array<JsonObject | null>, keys: string[]): string | null {
  for (const o of objects)
    for (const k of keys) {
      const v = o ? text(o[k]) : null;
      if (v !== null) return v;
    }
  return null;
}

/** A seed as the request sent it. JSON numbers above 2^53 lose digits when parsed; those are kept as written
 *  only when sent as strings, so a huge integer seed is reported with a warning by the caller. */
export function seedOf(value: unknown): { seed: string; sentAs: 'integer' | 'string' } | null {
  if (typeof value === 'number' && Number.isInteger(value)) return { seed: String(value), sentAs: 'integer' };
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return { seed: value.trim(), sentAs: 'string' };
  return null;
}

/** Seed from the request first (what was asked), then the response (what the provider says it used). */
export function seedFields(
  request: JsonObject | null,
  response: JsonObject | null,
  key = 'seed',
): Pick<ParsedRunRecord, 'seed' | 'seedSentAs'> {
  const sent = request ? seedOf(request[key]) : null;
  if (sent) return { seed: sent.seed, seedSentAs: sent.sentAs };
  const answered = response ? seedOf(response[key]) : null;
  return { seed: answered?.seed ?? null, seedSentAs: null };
}

/** Model names that carry their own date are a version pin (`gpt-image-1-2025-04-15`, `sd3-large-20240612`). */
export function isDatedModelName(name: string | null): boolean {
  return name !== null && /(?:^|[-_@:])(?:20\d\d-?[01]\d-?[0-3]\d)$/.test(name);
}

interface FlagRule {
  keys: string[];
  kind: RunRecordFlagKind;
  /** Whether this value runs the pass. */
  on(value: unknown): boolean;
  turnOff(key: string): string;
}

const truthy = (v: unknown): boolean => v === true || v === 'true' || (typeof v === 'number' && v > 0);
const offWith = (value: string) => (key: string) => `"${key}": ${value}`;

// The switches the seed guide's step 4 names (enhance, upscale, face restore) and the safety filter, in the
// spellings the providers' API references use.
const FLAG_RULES: FlagRule[] = [
  {
    keys: [
      'prompt_upsampling',
      'enhance_prompt',
      'prompt_expansion',
      'expand_prompt',
      'magic_prompt_option',
      'magic_prompt',
    ],
    kind: 'prompt-rewrite',
    on: (v) => truthy(v) || v === 'ON' || v === 'AUTO',
    turnOff: offWith('false'),
  },
  { keys: ['enhance', 'enhance_image', 'auto_enhance'], kind: 'enhance', on: truthy, turnOff: offWith('false') },
  {
    keys: ['enhance_face', 'face_enhance', 'face_restore', 'restore_faces', 'face_restoration', 'codeformer'],
    kind: 'face-restore',
    on: truthy,
    turnOff: offWith('false'),
  },
  {
    keys: ['upscale', 'upscale_factor', 'upscale_by', 'scale_factor'],
    kind: 'upscale',
    on: (v) => v === true || (typeof v === 'number' && v > 1),
    turnOff: offWith('1'),
  },
  {
    keys: ['refine', 'refiner'],
    kind: 'refiner',
    on: (v) => (typeof v === 'string' ? !/^(no_refiner|none|off|)$/i.test(v) : truthy(v)),
    turnOff: offWith('null'),
  },
  {
    keys: ['enable_safety_checker', 'safety_checker'],
    kind: 'safety-filter',
    on: (v) => v !== false,
    turnOff: offWith('false'),
  },
  { keys: ['disable_safety_checker'], kind: 'safety-filter', on: (v) => v !== true, turnOff: offWith('true') },
  { keys: ['apply_watermark', 'watermark'], kind: 'watermark', on: truthy, turnOff: offWith('false') },
];

/** Every known post-processing switch present in `object` (on or off), named with `prefix`. */
export function postprocessFlags(object: JsonObject | null, prefix = ''): RunRecordFlag[] {
  if (!object) return [];
  const out: RunRecordFlag[] = [];
  for (const rule of FLAG_RULES)
    for (const key of rule.keys) {
      if (!(key in object)) continue;
      const value = object[key];
      out.push({
        kind: rule.kind,
        field: prefix + key,
        value: JSON.stringify(value) ?? 'null',
        on: rule.on(value),
        turnOff: rule.turnOff(key),
      });
    }
  return out;
}

/** `model_version` / `modelVersion` (the seed guide's step 2 spelling) in any of the objects. */
export function modelVersionField(objects: Array<JsonObject | null>): { pin: string; field: string } | null {
  for (const o of objects)
    for (const key of ['model_version', 'modelVersion', 'version_id']) {
      const v = o ? text(o[key]) : null;
      if (v) return { pin: v, field: key };
    }
  return null;
}

/** The warning for a hosted record without a pin, naming what to pin for this provider. */
export function missingPinWarning(provider: string, whatToPin: string): string {
  return `no model version pin: ${provider} may roll the model forward under the same name (guide cause 1). ${whatToPin}`;
}

export function seedWarnings(record: Pick<ParsedRunRecord, 'seed' | 'seedSentAs'>, provider: string): string[] {
  const out: string[] = [];
  if (record.seed === null)
    out.push(
      `no seed recorded: ${provider} picked a random one; send an explicit integer "seed" to make the run repeatable`,
    );
  else if (record.seedSentAs === 'string')
    out.push(
      `the seed was sent as the string "${record.seed}": some APIs treat "42" and 42 as different requests; send it as an integer`,
    );
  return out;
}

export function emptyParsed(provider: RunRecordProvider, shape: string): ParsedRunRecord {
  return {
    provider,
    shape,
    model: null,
    versionPin: null,
    versionPinField: null,
    seed: null,
    seedSentAs: null,
    prompt: null,
    postprocess: [],
    environment: null,
    warnings: [],
  };
}
