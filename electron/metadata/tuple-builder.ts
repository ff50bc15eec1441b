// Builds a GenerationTuple the same way in every reader: each value is set together with where it was read
// (origins), defaults a tool leaves out are filled in and marked as such, and every key a reader did not use
// goes into extras, so nothing read is thrown away and each reader stays short.
import { createHash } from 'node:crypto';
import { canonicalSampler } from '../../shared/samplers';
import type {
  Adapter,
  DeterminismSettings,
  FieldConflict,
  GenerationTuple,
  GeneratorId,
  PostprocessStep,
  SamplingPass,
  ValueOrigin,
} from '../../shared/tuple';
import { emptyTuple } from '../../shared/tuple';
import type { JsonObject, JsonValue } from './lossless-json';

/** Top-level tuple fields that hold one value. */
export type ScalarField =
  | 'software'
  | 'model'
  | 'modelHash'
  | 'modelHashType'
  | 'modelVersion'
  | 'seed'
  | 'sampler'
  | 'samplerId'
  | 'scheduler'
  | 'schedulerId'
  | 'steps'
  | 'cfg'
  | 'width'
  | 'height'
  | 'prompt'
  | 'negativePrompt';

export type DeterminismField = Exclude<keyof DeterminismSettings, 'other'>;

export function sha256Utf8(text: string | null): string | null {
  return text === null ? null : createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A finite number from a tool's text ("7", "6.5", " 1e-3 "), else null. */
export function parseNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : null;
}

export function parseInteger(value: unknown): number | null {
  const n = parseNumber(value);
  return n !== null && Number.isInteger(n) ? n : null;
}

/** Seeds as decimal strings: numbers above 2^53 arrive as strings from the lossless JSON parser. */
export function parseSeed(value: unknown): string | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return /^-?\d+$/.test(text) ? text.replace(/^(-?)0+(?=\d)/, '$1') : null;
}

/** "832x1216" / "832 x 1216" / "(768, 1280)" → width and height. */
export function parseSize(value: unknown): { width: number; height: number } | null {
  if (typeof value !== 'string') return null;
  const m = /^\s*\(?\s*(\d+)\s*[x×,]\s*(\d+)\s*\)?\s*$/i.exec(value);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
}

/** A JSON string value, else null: a number or object where text belongs is not guessed into text. */
export function jsonString(value: JsonValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

/** A JSON value as the tool wrote it, for extras: a string as it is, anything else as its JSON text. */
export function jsonText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function toOrigin(origin: string | ValueOrigin): ValueOrigin {
  return typeof origin === 'string' ? { source: origin } : origin;
}

/** A key/value record where every key taken is remembered, so the rest can go to extras. */
export class KeyedValues {
  private readonly used = new Set<string>();
  constructor(private readonly values: ReadonlyMap<string, string>) {}

  take(key: string): string | undefined {
    const value = this.values.get(key);
    if (value !== undefined) this.used.add(key);
    return value;
  }

  /** Reads a value without marking it used, so it also lands in extras as written. */
  peek(key: string): string | undefined {
    return this.values.get(key);
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  keys(): string[] {
    return [...this.values.keys()];
  }

  /** Entries no one took, in their original order. */
  rest(): Array<[string, string]> {
    return [...this.values].filter(([key]) => !this.used.has(key));
  }

  /** The keys of a JSON request (Fooocus, SwarmUI, InvokeAI, Draw Things, ...), each valued as written (jsonText). */
  static fromJson(object: JsonObject): JsonKeyedValues {
    return new JsonKeyedValues(object);
  }
}

/** KeyedValues over a parsed JSON object: `takeJson` hands out the parsed value, so readers keep numbers exact. */
export class JsonKeyedValues extends KeyedValues {
  constructor(private readonly object: JsonObject) {
    super(new Map(Object.entries(object).map(([key, value]) => [key, jsonText(value)])));
  }

  /** The parsed value of `key`, marked as used so it stays out of extras. */
  takeJson(key: string): JsonValue | undefined {
    this.take(key);
    return this.object[key];
  }
}

/** The keys under which one tool's JSON request holds the core settings; every tool names them differently. */
export type CoreJsonKeys = Partial<
  Record<'prompt' | 'negativePrompt' | 'seed' | 'steps' | 'cfg' | 'width' | 'height', string>
>;

export class TupleBuilder {
  readonly tuple: GenerationTuple;

  /** `source` is where values come from unless a call names another (e.g. `png:tEXt:parameters`). */
  constructor(
    generator: GeneratorId,
    readonly source: string,
  ) {
    this.tuple = emptyTuple(generator);
  }

  set<K extends ScalarField>(
    field: K,
    value: GenerationTuple[K] | null | undefined,
    origin: string | ValueOrigin = this.source,
  ): this {
    if (value === undefined || value === null) return this;
    this.tuple[field] = value;
    this.tuple.origins[field] = toOrigin(origin);
    return this;
  }

  /**
   * Prompt, negative prompt, seed, steps, CFG and size from a JSON request, under the tool's own key names. Read
   * through JsonKeyedValues the keys are taken (kept out of extras); from a plain object they are only read.
   */
  setCoreFromJson(values: JsonKeyedValues | JsonObject, keys: CoreJsonKeys): this {
    const read = (key: string | undefined): JsonValue | undefined => {
      if (key === undefined) return undefined;
      return values instanceof JsonKeyedValues ? values.takeJson(key) : values[key];
    };
    this.set('prompt', jsonString(read(keys.prompt)));
    this.set('negativePrompt', jsonString(read(keys.negativePrompt)));
    this.set('seed', parseSeed(read(keys.seed)));
    this.set('steps', parseInteger(read(keys.steps)));
    this.set('cfg', parseNumber(read(keys.cfg)));
    this.set('width', parseInteger(read(keys.width)));
    this.set('height', parseInteger(read(keys.height)));
    return this;
  }

  /** A value the tool leaves out when it equals its default (A1111: no `Clip skip` key = 1). */
  setDefault<K extends ScalarField>(field: K, value: GenerationTuple[K], source: string = this.source): this {
    return this.set(field, value, { source, isDefault: true });
  }

  /** Sampler and scheduler as written, plus their canonical ids (shared/samplers.ts). */
  setSampler(
    sampler: string | null | undefined,
    scheduler: string | null | undefined,
    origin: string | ValueOrigin = this.source,
    schedulerOrigin: string | ValueOrigin = origin,
  ): this {
    if (sampler) this.set('sampler', sampler, origin);
    if (scheduler) this.set('scheduler', scheduler, schedulerOrigin);
    const ids = canonicalSampler(sampler ?? '', scheduler ?? null);
    if (ids.samplerId) this.set('samplerId', ids.samplerId, origin);
    if (ids.schedulerId) this.set('schedulerId', ids.schedulerId, scheduler ? schedulerOrigin : origin);
    return this;
  }

  setDeterminism<K extends DeterminismField>(
    field: K,
    value: DeterminismSettings[K] | null | undefined,
    origin: string | ValueOrigin = this.source,
  ): this {
    if (value === undefined || value === null) return this;
    this.tuple.determinism[field] = value;
    this.tuple.origins[`determinism.${field}`] = toOrigin(origin);
    return this;
  }

  /** Another determinism-relevant setting as written (Emphasis, NGMS, seed_mode, ...). */
  setDeterminismOther(key: string, value: string, origin: string | ValueOrigin = this.source): this {
    this.tuple.determinism.other[key] = value;
    this.tuple.origins[`determinism.other.${key}`] = toOrigin(origin);
    return this;
  }

  extra(key: string, value: string): this {
    this.tuple.extras[key] = value;
    return this;
  }

  addAdapter(adapter: Omit<Adapter, 'source'> & { source?: string }): this {
    this.tuple.adapters.push({ ...adapter, source: adapter.source ?? this.source });
    return this;
  }

  addPass(pass: Partial<Omit<SamplingPass, 'index'>> & { role: SamplingPass['role'] }): this {
    const ids = pass.sampler
      ? canonicalSampler(pass.sampler, pass.scheduler ?? null)
      : { samplerId: null, schedulerId: null };
    this.tuple.passes.push({
      index: this.tuple.passes.length,
      role: pass.role,
      node: pass.node ?? null,
      nodeType: pass.nodeType ?? null,
      model: pass.model ?? null,
      sampler: pass.sampler ?? null,
      samplerId: pass.samplerId ?? ids.samplerId,
      scheduler: pass.scheduler ?? null,
      schedulerId: pass.schedulerId ?? ids.schedulerId,
      steps: pass.steps ?? null,
      cfg: pass.cfg ?? null,
      seed: pass.seed ?? null,
      denoise: pass.denoise ?? null,
      width: pass.width ?? null,
      height: pass.height ?? null,
      settings: pass.settings ?? {},
    });
    return this;
  }

  addPostprocess(step: PostprocessStep): this {
    this.tuple.postprocess.push(step);
    return this;
  }

  /** Two sources in one file disagree about a field; `kept` says which value the tuple holds and why. */
  conflict(field: string, values: FieldConflict['values'], kept: string): this {
    const distinct = new Set(values.map((v) => v.value));
    if (distinct.size > 1) this.tuple.conflicts.push({ field, values, kept });
    return this;
  }

  /** Every entry of `values` a reader did not take goes into extras. */
  keepRest(values: KeyedValues): this {
    for (const [key, value] of values.rest()) if (!(key in this.tuple.extras)) this.tuple.extras[key] = value;
    return this;
  }

  build(): GenerationTuple {
    this.tuple.promptSha256 = sha256Utf8(this.tuple.prompt);
    this.tuple.negativePromptSha256 = sha256Utf8(this.tuple.negativePrompt);
    return this.tuple;
  }
}
