// The columns every filter and facet reads, for every image that is not missing, held in typed arrays: facet
// counts, result counts and "which image sits at position n" for any filters then cost one pass over memory instead
// of a query per facet. Measured at 1M rows (electron/library/README.md, Speed): the SQL facet counts took 9.2 s,
// because each facet re-read the table for `state` and its grouped column; one load of these columns costs about
// a second and each answer after it a few tens of ms. Strings are interned (a code per distinct value), so a
// filter compares integers. Built once per database version on a read-only connection, in the read worker
// (electron/backend/library-read-worker.ts), never on the request thread.
import type Database from 'better-sqlite3';

/** A code per distinct string; -1 stands for NULL. One table for every column, so codes compare across columns. */
export class Interner {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();

  code(value: unknown): number {
    if (value === null || value === undefined) return -1;
    const text = String(value);
    let code = this.codes.get(text);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(text);
      this.codes.set(text, code);
    }
    return code;
  }

  /** The code of a value, or -2 (matches nothing) when no row holds it. */
  find(value: string): number {
    return this.codes.get(value) ?? -2;
  }
}

/**
 * One column's codes: the same few values come row after row (a library holds a few hundred distinct strings in
 * these columns over 1M rows), so the last value is checked before the interner's map.
 */
class ColumnCoder {
  private last: unknown = null;
  private lastCode = -1;

  constructor(private readonly strings: Interner) {}

  code(value: unknown): number {
    if (value === this.last) return this.lastCode;
    this.last = value;
    this.lastCode = this.strings.code(value);
    return this.lastCode;
  }
}

/** SQLite's lower(): ASCII letters only (JS toLowerCase also folds others, and the snapshot must match the SQL). */
const sqliteLower = (text: string): string => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

/** The code (in `to`) of lower(value) per code (in `from`), computed once per distinct value. */
function lowerCoder(from: Interner, to: Interner): (code: number) => number {
  const lowered: number[] = [];
  return (code) => {
    if (code < 0) return code;
    let low = lowered[code];
    if (low === undefined) {
      low = to.code(sqliteLower(from.values[code]));
      lowered[code] = low;
    }
    return low;
  };
}

/** A small code per distinct pair of numbers (codes, or width and height). */
class PairCodes {
  private readonly codes = new Map<number, Map<number, number>>();

  constructor(private readonly make: (a: number, b: number) => number) {}

  code(a: number, b: number): number {
    let inner = this.codes.get(a);
    if (inner === undefined) {
      inner = new Map();
      this.codes.set(a, inner);
    }
    let code = inner.get(b);
    if (code === undefined) {
      code = this.make(a, b);
      inner.set(b, code);
    }
    return code;
  }
}

/** Per-row lists (adapters, tags) as one flat array with a start offset per row. */
export interface RowLists {
  start: Int32Array;
  codes: Int32Array;
  /** A second code per entry: for an adapter 1 when it is the image's first LoRA/LyCORIS entry of that name (the
   *  LoRA facet counts images, not entries); for a tag, the tag as typed. */
  extra: Int32Array;
}

export interface LibrarySnapshot {
  /** `PRAGMA data_version` of the reading connection when it was built: changes when another connection commits. */
  version: number;
  builtAt: number;
  buildMs: number;
  /** Rows are newest first (timeline descending): row number = position in the unfiltered, untexted results. */
  rows: number;
  strings: Interner;
  id: Int32Array;
  timeline: Float64Array;
  online: Uint8Array;
  generator: Int32Array;
  modelNorm: Int32Array;
  modelHash: Int32Array;
  modelHashLower: Int32Array;
  samplerId: Int32Array;
  samplerLower: Int32Array;
  scheduler: Int32Array;
  grade: Int32Array;
  folder: Int32Array;
  /** NaN for NULL, so every comparison with it is false, as in SQL. */
  steps: Float64Array;
  cfg: Float64Array;
  width: Float64Array;
  height: Float64Array;
  /** Facet keys computed once per row: the model facet's (name, lower-case hash) pair, the size facet's "WxH". */
  modelPair: Int32Array;
  modelPairs: Array<{ name: string; hash: string | null }>;
  size: Int32Array;
  favourite: Uint8Array;
  rating: Uint8Array;
  adapters: RowLists;
  tags: RowLists;
  /** images.id -> row number, -1 when the id is not a row here. */
  rowOfId: Int32Array;
}

const orNaN = (value: unknown): number => (value === null || value === undefined ? Number.NaN : Number(value));

/** Rows read between two yields of a stepped build: a few ms of work, so answers from the old snapshot interleave. */
const STEP_ROWS = 20_000;

/** Groups (image id, code, extra) triples by row. */
function* rowLists(
  rows: number,
  rowOfId: Int32Array,
  triples: Iterable<unknown[]>,
  codeOf: (row: unknown[]) => number,
  extraOf: (row: unknown[]) => number,
): Generator<void, RowLists> {
  // Typed arrays grown by doubling: three JS arrays of a million numbers each cost more than the table scan's JS.
  let owner = new Int32Array(1024);
  let codes = new Int32Array(1024);
  let extras = new Int32Array(1024);
  let n = 0;
  for (const triple of triples) {
    const imageId = triple[0] as number;
    const row = imageId < rowOfId.length ? rowOfId[imageId] : -1;
    if (row < 0) continue;
    if (n === owner.length) {
      const grow = (from: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
        const to = new Int32Array(from.length * 2);
        to.set(from);
        return to;
      };
      owner = grow(owner);
      codes = grow(codes);
      extras = grow(extras);
    }
    owner[n] = row;
    codes[n] = codeOf(triple);
    extras[n] = extraOf(triple);
    n++;
    if (n % STEP_ROWS === 0) yield;
  }
  const start = new Int32Array(rows + 1);
  for (let i = 0; i < n; i++) start[owner[i] + 1]++;
  for (let r = 0; r < rows; r++) start[r + 1] += start[r];
  const fill = start.slice(0, rows);
  const outCodes = new Int32Array(n);
  const outExtra = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const at = fill[owner[i]]++;
    outCodes[at] = codes[i];
    outExtra[at] = extras[i];
  }
  return { start, codes: outCodes, extra: outExtra };
}

/** Reads the snapshot at once, in one read transaction (so the four tables agree with each other). */
export function buildLibrarySnapshot(db: Database.Database): LibrarySnapshot {
  return db.transaction(() => {
    const steps = snapshotSteps(db, performance.now());
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  })();
}

/**
 * Reads the snapshot in steps, letting the event loop run between them, inside one read transaction. The
 * connection is busy until it resolves: the caller answers from another one meanwhile.
 */
export async function buildLibrarySnapshotInSteps(db: Database.Database): Promise<LibrarySnapshot> {
  const started = performance.now();
  db.exec('BEGIN');
  const steps = snapshotSteps(db, started);
  try {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    steps.return(undefined as never);
    db.exec('COMMIT');
  }
}

function* snapshotSteps(db: Database.Database, started: number): Generator<void, LibrarySnapshot> {
  {
    const version = db.pragma('data_version', { simple: true }) as number;
    const total = db.prepare(`SELECT count(*) FROM images WHERE state <> 'missing'`).pluck().get() as number;
    const maxId = (db.prepare('SELECT max(id) FROM images').pluck().get() as number | null) ?? 0;
    const strings = new Interner();
    const int = () => new Int32Array(total);
    const real = () => new Float64Array(total);
    const s = {
      id: int(),
      timeline: real(),
      online: new Uint8Array(total),
      generator: int(),
      modelNorm: int(),
      modelHash: int(),
      modelHashLower: int(),
      samplerId: int(),
      samplerLower: int(),
      scheduler: int(),
      grade: int(),
      folder: int(),
      steps: real(),
      cfg: real(),
      width: real(),
      height: real(),
    };
    const rowOfId = new Int32Array(maxId + 1).fill(-1);
    const modelPair = int();
    const modelPairs: LibrarySnapshot['modelPairs'] = [];
    const pairCodes = new PairCodes((name, hash) => {
      modelPairs.push({ name: strings.values[name], hash: hash < 0 ? null : strings.values[hash] });
      return modelPairs.length - 1;
    });
    const size = int();
    const sizeCodes = new PairCodes((width, height) => strings.code(`${width}x${height}`));
    const hashLower = lowerCoder(strings, strings);
    // The display names are only read lowered: interned apart, so the snapshot's strings stay the filterable ones.
    const samplerNames = new Interner();
    const samplerLower = lowerCoder(samplerNames, strings);
    const sampler = new ColumnCoder(samplerNames);
    const [generator, modelNorm, modelHash, samplerId, scheduler, grade] = Array.from(
      { length: 6 },
      () => new ColumnCoder(strings),
    );
    let r = 0;
    // lower() and the state test are left to JS per distinct value, and the state comes as 0/1: fewer strings to
    // make per row (the string columns cost about as much as SQLite's walk of the index; README, Speed).
    const rows = db
      .prepare(
        `SELECT id, timeline, state = 'online', generator, model_norm, model_hash, sampler_id, sampler, scheduler_id,
          grade, folder_id, steps, cfg, width, height FROM images WHERE state <> 'missing' ORDER BY timeline DESC`,
      )
      .raw()
      .iterate() as Iterable<unknown[]>;
    for (const row of rows) {
      if (r >= total) break; // the read transaction makes this impossible; a guard against a torn count
      const id = row[0] as number;
      s.id[r] = id;
      rowOfId[id] = r;
      s.timeline[r] = row[1] as number;
      s.online[r] = row[2] as number;
      s.generator[r] = generator.code(row[3]);
      const norm = modelNorm.code(row[4]);
      s.modelNorm[r] = norm;
      const hash = modelHash.code(row[5]);
      s.modelHash[r] = hash;
      s.modelHashLower[r] = hashLower(hash);
      s.samplerId[r] = samplerId.code(row[6]);
      s.samplerLower[r] = samplerLower(sampler.code(row[7]));
      s.scheduler[r] = scheduler.code(row[8]);
      s.grade[r] = grade.code(row[9]);
      s.folder[r] = row[10] as number;
      s.steps[r] = orNaN(row[11]);
      s.cfg[r] = orNaN(row[12]);
      s.width[r] = orNaN(row[13]);
      s.height[r] = orNaN(row[14]);
      size[r] = row[13] === null || row[14] === null ? -1 : sizeCodes.code(row[13] as number, row[14] as number);
      modelPair[r] = norm < 0 ? -1 : pairCodes.code(norm, s.modelHashLower[r]);
      r++;
      if (r % STEP_ROWS === 0) yield;
    }
    const adapterNames = new ColumnCoder(strings);
    const adapters = yield* rowLists(
      total,
      rowOfId,
      // 1 for a LoRA/LyCORIS entry (the LoRA facet counts those), as 0/1 from SQLite rather than a string a row.
      db
        .prepare(`SELECT image_id, name_norm, kind IN ('lora', 'lycoris') FROM image_adapters`)
        .raw()
        .iterate() as Iterable<unknown[]>,
      (a) => adapterNames.code(a[1]),
      (a) => a[2] as number,
    );
    // Only the first LoRA entry of a name on an image keeps its mark, so the facet pass needs no per-image set.
    for (let row = 0; row < total; row++)
      for (let i = adapters.start[row]; i < adapters.start[row + 1]; i++)
        for (let j = adapters.start[row]; j < i && adapters.extra[i] === 1; j++)
          if (adapters.extra[j] === 1 && adapters.codes[j] === adapters.codes[i]) adapters.extra[i] = 0;
    const tags = yield* rowLists(
      total,
      rowOfId,
      db.prepare('SELECT image_id, tag_norm, tag FROM image_tags').raw().iterate() as Iterable<unknown[]>,
      (t) => strings.code(t[1]),
      (t) => strings.code(t[2]),
    );
    const favourite = new Uint8Array(total);
    const rating = new Uint8Array(total);
    for (const [imageId, fav, stars] of db
      .prepare('SELECT image_id, favourite, rating FROM image_marks')
      .raw()
      .iterate() as Iterable<[number, number, number]>) {
      const row = imageId < rowOfId.length ? rowOfId[imageId] : -1;
      if (row < 0) continue;
      favourite[row] = fav;
      rating[row] = stars;
    }
    return {
      version,
      builtAt: Date.now(),
      buildMs: performance.now() - started,
      rows: total,
      strings,
      ...s,
      modelPair,
      modelPairs,
      size,
      favourite,
      rating,
      adapters,
      tags,
      rowOfId,
    };
  }
}
