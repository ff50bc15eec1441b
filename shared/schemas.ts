// A runtime check per request of the contract: every argument is untrusted at the border (IPC from a renderer
// that may be compromised, HTTP from any local process), so main and the web mode validate before the backend
// sees anything, and the inside code trusts its types. Hand-written on purpose: a dozen small checks, no package.
//
// Checks build plain new objects (never the caller's), walk only known keys, and refuse unknown ones, so
// `__proto__`/`constructor` keys and oversize payloads stop here (reliability-notes.md).
import type { ImageRef, RequestArgs, RequestName, SidecarFormat } from './contract';
import type { ImageMarksChange, SearchFilters, SearchQuery } from './library';
import type { Result } from './result';
import { fail, ok } from './result';
import { sweepParams, timelineParams, type SweepQuery, type TimelineQuery } from './timeline';

/** A check returns the value typed, or the dotted path and what was wrong with it. */
export type Check<T> = (
  value: unknown,
  path: string,
) => { ok: true; value: T } | { ok: false; path: string; problem: string };

const bad = (path: string, problem: string) => ({ ok: false as const, path, problem });
const good = <T>(value: T) => ({ ok: true as const, value });

/** Paths, prompts and names: generous, but not unbounded (a 1 GB string must not reach SQLite). */
export const MAX_TEXT = 4096;
export const MAX_IDS = 10_000;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `a string` : typeof value;
}

export function text(opts: { min?: number; max?: number } = {}): Check<string> {
  const min = opts.min ?? 0;
  const max = opts.max ?? MAX_TEXT;
  return (v, p) => {
    if (typeof v !== 'string') return bad(p, `must be a string, got ${describe(v)}`);
    if (v.length < min) return bad(p, min === 1 ? 'must not be empty' : `must have at least ${min} characters`);
    if (v.length > max) return bad(p, `must be at most ${max} characters (got ${v.length})`);
    if (v.includes('\0')) return bad(p, 'must not contain a NUL character');
    return good(v);
  };
}

export function integer(opts: { min?: number; max?: number } = {}): Check<number> {
  const min = opts.min ?? 0;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  return (v, p) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return bad(p, `must be a whole number, got ${describe(v)}`);
    if (v < min || v > max) return bad(p, `must be between ${min} and ${max} (got ${v})`);
    return good(v);
  };
}

export function finite(opts: { min?: number; max?: number } = {}): Check<number> {
  const min = opts.min ?? -Number.MAX_VALUE;
  const max = opts.max ?? Number.MAX_VALUE;
  return (v, p) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return bad(p, `must be a finite number, got ${describe(v)}`);
    if (v < min || v > max) return bad(p, `must be between ${min} and ${max} (got ${v})`);
    return good(v);
  };
}

export const boolean: Check<boolean> = (v, p) =>
  typeof v === 'boolean' ? good(v) : bad(p, `must be true or false, got ${describe(v)}`);

export function literal<const L extends readonly string[]>(...allowed: L): Check<L[number]> {
  return (v, p) =>
    typeof v === 'string' && (allowed as readonly string[]).includes(v)
      ? good(v as L[number])
      : bad(p, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (v, p) => (v === null ? good(null) : check(v, p));
}

export function list<T>(item: Check<T>, opts: { min?: number; max: number }): Check<T[]> {
  return (v, p) => {
    if (!Array.isArray(v)) return bad(p, `must be an array, got ${describe(v)}`);
    if (v.length < (opts.min ?? 0)) return bad(p, `must have at least ${opts.min} item(s)`);
    if (v.length > opts.max) return bad(p, `must have at most ${opts.max} items (got ${v.length})`);
    const out: T[] = [];
    for (let i = 0; i < v.length; i++) {
      const r = item(v[i], `${p}[${i}]`);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return good(out);
  };
}

type Shape<T> = { [K in keyof T]-?: Check<T[K]> };
type OptionalKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

/**
 * An object with exactly these keys. Keys whose type admits `undefined` may be absent; every other key is
 * required; keys not in the shape are refused (a typo in a filter name should say so, not match everything).
 */
export function object<T extends object>(shape: Shape<T>, optional: readonly OptionalKeys<T>[] = []): Check<T> {
  const keys = Object.keys(shape) as Array<keyof T & string>;
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad(p, `must be an object, got ${describe(v)}`);
    const input = v as Record<string, unknown>;
    for (const key of Object.keys(input)) {
      if (!Object.hasOwn(shape, key)) return bad(p ? `${p}.${key}` : key, 'is not a known field');
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const here = p ? `${p}.${key}` : key;
      const present = Object.hasOwn(input, key) && input[key] !== undefined;
      if (!present) {
        if ((optional as readonly string[]).includes(key)) continue;
        return bad(here, 'is required');
      }
      const r = shape[key](input[key], here);
      if (!r.ok) return r;
      out[key] = r.value;
    }
    return good(out as T);
  };
}

const optionalCheck = <T>(check: Check<T>): Check<T | undefined> => check as Check<T | undefined>;

// ---------------------------------------------------------------------------------------------------------
// The contract's argument shapes

const id = integer({ min: 1 });
/** Absolute path as the person typed or dropped it; the backend decides whether it may be read. */
const filePath = text({ min: 1, max: MAX_TEXT });
/** Upload ids are the server's own random hex; anything else cannot name a file in the cache. */
const uploadId: Check<string> = (v, p) =>
  typeof v === 'string' && /^[0-9a-f]{32}$/.test(v) ? good(v) : bad(p, 'must be an upload id from POST /api/upload');
const jobId: Check<string> = (v, p) =>
  typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v)
    ? good(v)
    : bad(p, 'must be a job id from a previous answer');

export const imageRef: Check<ImageRef> = (v, p) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return bad(p, `must be an image reference object, got ${describe(v)}`);
  const kind = (v as { kind?: unknown }).kind;
  if (kind === 'indexed')
    return object<{ kind: 'indexed'; imageId: number }>({ kind: literal('indexed'), imageId: id })(v, p);
  if (kind === 'upload')
    return object<{ kind: 'upload'; uploadId: string }>({ kind: literal('upload'), uploadId })(v, p);
  if (kind === 'path') return object<{ kind: 'path'; path: string }>({ kind: literal('path'), path: filePath })(v, p);
  return bad(p ? `${p}.kind` : 'kind', 'must be "indexed", "upload" or "path"');
};

const folderRef: Check<string | number> = (v, p) => (typeof v === 'number' ? id(v, p) : filePath(v, p));

const searchFilters = object<SearchFilters>(
  {
    generator: optionalCheck(text({ max: 64 })),
    model: optionalCheck(text({ max: 512 })),
    modelHash: optionalCheck(text({ max: 128 })),
    sampler: optionalCheck(text({ max: 128 })),
    scheduler: optionalCheck(text({ max: 128 })),
    // Seeds reach 2^64 (ComfyUI): decimal strings, never numbers.
    seed: optionalCheck(((v, p) =>
      typeof v === 'string' && /^\d{1,20}$/.test(v)
        ? good(v)
        : bad(p, 'must be a decimal seed string')) as Check<string>),
    steps: optionalCheck(integer({ min: 0, max: 10_000 })),
    cfgMin: optionalCheck(finite({ min: -1000, max: 1000 })),
    cfgMax: optionalCheck(finite({ min: -1000, max: 1000 })),
    width: optionalCheck(integer({ min: 1, max: 1_000_000 })),
    height: optionalCheck(integer({ min: 1, max: 1_000_000 })),
    lora: optionalCheck(text({ max: 512 })),
    since: optionalCheck(finite({ min: 0 })),
    until: optionalCheck(finite({ min: 0 })),
    folder: optionalCheck(folderRef),
    includeOffline: optionalCheck(boolean),
    grade: optionalCheck(literal('bit-identical-possible', 'visually-identical-at-best', 'not-reproducible')),
    favourite: optionalCheck(boolean),
    minRating: optionalCheck(integer({ min: 1, max: 5 })),
    tag: optionalCheck(text({ min: 1, max: 128 })),
  },
  [
    'generator',
    'model',
    'modelHash',
    'sampler',
    'scheduler',
    'seed',
    'steps',
    'cfgMin',
    'cfgMax',
    'width',
    'height',
    'lora',
    'since',
    'until',
    'folder',
    'includeOffline',
    'grade',
    'favourite',
    'minRating',
    'tag',
  ],
);

const searchQuery = object<SearchQuery>(
  {
    text: optionalCheck(text({ max: 1000 })),
    filters: optionalCheck(searchFilters),
    limit: optionalCheck(integer({ min: 1, max: 500 })),
    cursor: optionalCheck(nullable(text({ max: 1000 }))),
    offset: optionalCheck(integer({ min: 0, max: 100_000_000 })),
  },
  ['text', 'filters', 'limit', 'cursor', 'offset'],
);

const timelineQuery = object<TimelineQuery>(
  {
    offset: optionalCheck(integer({ min: 0, max: 100_000_000 })),
    limit: optionalCheck(integer({ min: 1, max: 500 })),
    sessionId: optionalCheck(integer({ min: 1 })),
    since: optionalCheck(finite({ min: 0 })),
    until: optionalCheck(finite({ min: 0 })),
    changed: optionalCheck(literal(...timelineParams)),
    folder: optionalCheck(folderRef),
  },
  ['offset', 'limit', 'sessionId', 'since', 'until', 'changed', 'folder'],
);

const noArgs = object<Record<string, never>>({});
/** A generator's address for verify: http(s) only, no spaces, bounded (the backend then resolves and shows it). */
const generatorUrl: Check<string> = (v, p) =>
  typeof v === 'string' && v.length <= 2048 && /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(v)
    ? good(v)
    : bad(p, 'must be an http:// or https:// address such as http://127.0.0.1:7860');
const sidecarFormat = literal('json', 'xmp', 'txt') satisfies Check<SidecarFormat>;

/** One check per request: the compiler refuses this table until every request of the contract has its check. */
export const requestSchemas: { [N in RequestName]: Check<RequestArgs<N>> } = {
  'library.listFolders': noArgs,
  'library.addFolder': object({ path: filePath, watch: boolean }),
  'library.removeFolder': object({ folderId: id }),
  'library.setWatch': object({ folderId: id, watch: boolean }),
  'library.rescan': object({ folderId: nullable(id) }),
  'library.search': searchQuery,
  'library.facets': object<{ filters?: SearchFilters }>({ filters: optionalCheck(searchFilters) }, ['filters']),
  'library.count': object<Pick<SearchQuery, 'text' | 'filters'>>(
    { text: optionalCheck(text({ max: 1000 })), filters: optionalCheck(searchFilters) },
    ['text', 'filters'],
  ),
  'library.getImage': object({ imageId: id }),
  'library.rebuildThumbnail': object({ imageId: id }),
  'library.setMarks': object({
    imageId: id,
    change: object<ImageMarksChange>(
      {
        favourite: optionalCheck(boolean),
        rating: optionalCheck(integer({ min: 0, max: 5 })),
        tags: optionalCheck(list(text({ max: 256 }), { max: 200 })),
      },
      ['favourite', 'rating', 'tags'],
    ),
  }),
  'library.groups': object({ disagreeingOnly: boolean, limit: integer({ min: 1, max: 1000 }) }),
  'library.timeline': timelineQuery,
  'library.sweeps': object<SweepQuery>(
    { param: optionalCheck(literal(...sweepParams)), limit: optionalCheck(integer({ min: 1, max: 1000 })) },
    ['param', 'limit'],
  ),
  'library.similar': object({ image: imageRef, limit: integer({ min: 1, max: 500 }) }),
  'compare.run': object({ a: imageRef, b: imageRef }),
  'records.export': object({
    imageIds: list(id, { min: 1, max: MAX_IDS }),
    format: sidecarFormat,
    outDir: nullable(filePath),
  }),
  'library.browseFolders': object({ path: nullable(filePath) }),
  'records.download': object({ imageIds: list(id, { min: 1, max: MAX_IDS }), format: sidecarFormat }),
  'recipes.build': object({ image: imageRef, target: literal('a1111', 'comfyui', 'diffusers') }),
  'verify.start': object({
    image: imageRef,
    generator: literal('a1111', 'comfyui'),
    url: generatorUrl,
    runs: integer({ min: 1, max: 10 }),
    nudge: literal('cfg', 'steps', 'seed'),
    token: nullable(text({ min: 1, max: 1024 })),
  }),
  'verify.list': object({ imageId: nullable(id), limit: integer({ min: 1, max: 500 }) }),
  'jobs.cancel': object({ jobId }),
  'app.info': noArgs,
};

/** Validate one request's arguments; the error names the field and says what it must be. */
export function validateRequest<N extends RequestName>(name: N, args: unknown): Result<RequestArgs<N>> {
  const check = requestSchemas[name] as Check<RequestArgs<N>>;
  const r = check(args === undefined ? {} : args, '');
  if (r.ok) return ok(r.value);
  const where = r.path ? `"${r.path}" ` : 'the arguments ';
  return fail('bad-argument', `${name}: ${where}${r.problem}.`);
}
