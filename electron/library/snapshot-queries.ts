// Facet counts, result counts and positions answered from a LibrarySnapshot, with the SQL search's semantics: the
// filter values are normalized by the same filterClauses the SQL search uses (so `hash:<h>`, model-name and tag
// normalization, timeline bounds and input errors cannot drift apart), and each facet applies every filter but its
// own (library-facets.ts). library-snapshot.test.ts checks both answer alike over many filter combinations.
import type Database from 'better-sqlite3';
import type { FacetValue, Facets } from '../../shared/contract';
import type { SearchFilters } from '../../shared/library';
import { FACET_LIMIT, mergeModelsByHash } from './library-facets';
import type { LibrarySnapshot } from './library-snapshot';
import { filterClauses } from './history-query';
import { toFtsQuery } from './fts-query';

type FacetKey = keyof Facets;
type Params = Record<string, string | number>;
type RowTest = (row: number) => boolean;

/** One bit per facet whose own filter a row may fail; REST is every other filter (no facet ignores those). */
const BIT: Record<FacetKey, number> = {
  generators: 1,
  models: 2,
  samplers: 4,
  schedulers: 8,
  loras: 16,
  sizes: 32,
  tags: 64,
};
const REST = 128;
const GROUP_OF_PARAM: Record<string, number> = {
  generator: BIT.generators,
  model: BIT.models,
  modelHash: BIT.models,
  sampler: BIT.samplers,
  scheduler: BIT.schedulers,
  lora: BIT.loras,
  width: BIT.sizes,
  height: BIT.sizes,
  tag: BIT.tags,
};

function listHas(lists: LibrarySnapshot['adapters'], row: number, code: number): boolean {
  for (let i = lists.start[row]; i < lists.start[row + 1]; i++) if (lists.codes[i] === code) return true;
  return false;
}

/** The filters as row tests, each with the bit of the facet that ignores it. */
export class SnapshotFilter {
  private readonly tests: Array<{ bit: number; test: RowTest }> = [];

  constructor(snap: LibrarySnapshot, filters: SearchFilters, db: Database.Database) {
    const params: Params = {};
    const where = filterClauses(filters, params);
    const find = (value: string | number): number => snap.strings.find(String(value));
    const add = (key: string, test: RowTest): void => {
      this.tests.push({ bit: GROUP_OF_PARAM[key] ?? REST, test });
    };
    if (where[0].includes(`= 'online'`)) add('state', (r) => snap.online[r] === 1);
    for (const [key, value] of Object.entries(params)) {
      const code = typeof value === 'string' ? find(value) : -2;
      const n = Number(value);
      switch (key) {
        case 'generator':
          add(key, (r) => snap.generator[r] === code);
          break;
        case 'model':
          add(key, (r) => snap.modelNorm[r] === code);
          break;
        case 'modelHash':
          add(key, (r) => snap.modelHash[r] === code);
          break;
        case 'sampler':
          add(key, (r) => snap.samplerId[r] === code || snap.samplerLower[r] === code);
          break;
        case 'scheduler':
          add(key, (r) => snap.scheduler[r] === code);
          break;
        case 'grade':
          add(key, (r) => snap.grade[r] === code);
          break;
        case 'lora':
          add(key, (r) => listHas(snap.adapters, r, code));
          break;
        case 'tag':
          add(key, (r) => listHas(snap.tags, r, code));
          break;
        case 'seed': {
          // Seeds are nearly unique: not worth holding; the seed index answers in microseconds.
          const ids = db.prepare('SELECT id FROM images WHERE seed = ?').pluck().all(value) as number[];
          const rows = new Set(ids.map((id) => (id < snap.rowOfId.length ? snap.rowOfId[id] : -1)));
          add(key, (r) => rows.has(r));
          break;
        }
        case 'minRating':
          add(key, (r) => snap.rating[r] >= n);
          break;
        case 'steps':
          add(key, (r) => snap.steps[r] === n);
          break;
        case 'cfgMin':
          add(key, (r) => snap.cfg[r] >= n);
          break;
        case 'cfgMax':
          add(key, (r) => snap.cfg[r] <= n);
          break;
        case 'width':
          add(key, (r) => snap.width[r] === n);
          break;
        case 'height':
          add(key, (r) => snap.height[r] === n);
          break;
        case 'since':
          add(key, (r) => snap.timeline[r] >= n);
          break;
        case 'until':
          add(key, (r) => snap.timeline[r] < n);
          break;
        case 'folderId':
          add(key, (r) => snap.folder[r] === n);
          break;
        case 'folderPath': {
          const id = db.prepare('SELECT id FROM folders WHERE path = ?').pluck().get(value) as number | undefined;
          add(key, (r) => id !== undefined && snap.folder[r] === id);
          break;
        }
        default:
          throw new Error(`the snapshot does not know the filter parameter "${key}"`);
      }
    }
    if (filters.favourite === true) add('favourite', (r) => snap.favourite[r] === 1);
  }

  get empty(): boolean {
    return this.tests.length === 0;
  }

  /** The bits of the filters this row fails (0: it matches). */
  fails(row: number): number {
    let mask = 0;
    for (const { bit, test } of this.tests) if ((mask & bit) === 0 && !test(row)) mask |= bit;
    return mask;
  }
}

function ranked(counts: Map<string, number>): FacetValue[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, FACET_LIMIT);
}

/** Every facet in one pass: a row counts for a facet when it passes every filter except that facet's own. */
export function snapshotFacets(snap: LibrarySnapshot, filters: SearchFilters, db: Database.Database): Facets {
  const filter = new SnapshotFilter(snap, filters, db);
  const words = snap.strings.values;
  const byCode = (size: number) => new Int32Array(size);
  const generator = byCode(words.length);
  const sampler = byCode(words.length);
  const scheduler = byCode(words.length);
  const models = byCode(snap.modelPairs.length);
  const sizes = byCode(words.length);
  const loras = byCode(words.length);
  const tags = byCode(words.length);
  const tagLabel = new Int32Array(words.length).fill(-1);
  const counts = (mask: number, bit: number): boolean => mask === 0 || mask === bit;
  for (let r = 0; r < snap.rows; r++) {
    const mask = filter.empty ? 0 : filter.fails(r);
    if (mask !== 0 && (mask & REST || (mask & (mask - 1)) !== 0)) continue;
    if (counts(mask, BIT.generators) && snap.generator[r] >= 0) generator[snap.generator[r]]++;
    if (counts(mask, BIT.samplers) && snap.samplerId[r] >= 0) sampler[snap.samplerId[r]]++;
    if (counts(mask, BIT.schedulers) && snap.scheduler[r] >= 0) scheduler[snap.scheduler[r]]++;
    if (counts(mask, BIT.models) && snap.modelPair[r] >= 0) models[snap.modelPair[r]]++;
    if (counts(mask, BIT.sizes) && snap.size[r] >= 0) sizes[snap.size[r]]++;
    if (counts(mask, BIT.loras)) {
      // extra 1 marks the first LoRA entry of its name on the image: count(DISTINCT image) per name.
      for (let i = snap.adapters.start[r]; i < snap.adapters.start[r + 1]; i++)
        if (snap.adapters.extra[i] === 1) loras[snap.adapters.codes[i]]++;
    }
    if (counts(mask, BIT.tags)) {
      for (let i = snap.tags.start[r]; i < snap.tags.start[r + 1]; i++) {
        const norm = snap.tags.codes[i];
        const label = snap.tags.extra[i];
        tags[norm]++;
        if (tagLabel[norm] < 0 || words[label] < words[tagLabel[norm]]) tagLabel[norm] = label;
      }
    }
  }
  const fromCodes = (array: Int32Array, label?: Int32Array): FacetValue[] => {
    const map = new Map<string, number>();
    for (let code = 0; code < array.length; code++)
      if (array[code] > 0) map.set(words[label ? label[code] : code], array[code]);
    return ranked(map);
  };
  const modelRows: Array<{ name: string; hash: string | null; count: number }> = [];
  for (let pair = 0; pair < models.length; pair++)
    if (models[pair] > 0) modelRows.push({ ...snap.modelPairs[pair], count: models[pair] });
  return {
    generators: fromCodes(generator),
    models: mergeModelsByHash(modelRows),
    samplers: fromCodes(sampler),
    schedulers: fromCodes(scheduler),
    loras: fromCodes(loras),
    sizes: fromCodes(sizes),
    tags: fromCodes(tags, tagLabel),
  };
}

/**
 * The timelines of every image a search matches, newest first: count = length, and position n -> its timeline
 * (the keyset page then starts there). A text search takes the FTS matches (rowid = timeline, already newest
 * first) and walks them beside the snapshot's own order.
 */
export function snapshotPositions(
  snap: LibrarySnapshot,
  text: string | undefined,
  filters: SearchFilters,
  db: Database.Database,
): Float64Array {
  const filter = new SnapshotFilter(snap, filters, db);
  const out = new Float64Array(snap.rows);
  let n = 0;
  const keep = (row: number): void => {
    if (filter.empty || filter.fails(row) === 0) out[n++] = snap.timeline[row];
  };
  if (text === undefined || text.trim() === '') {
    for (let row = 0; row < snap.rows; row++) keep(row);
    return out.slice(0, n);
  }
  const match = toFtsQuery(text);
  if (match === null) return new Float64Array(0);
  const matches = db
    .prepare('SELECT rowid FROM images_fts WHERE images_fts MATCH ? ORDER BY rowid DESC')
    .pluck()
    .iterate(match) as Iterable<number>;
  let at = 0;
  for (const timeline of matches) {
    while (at < snap.rows && snap.timeline[at] > timeline) at++;
    if (at < snap.rows && snap.timeline[at] === timeline) keep(at);
  }
  return out.slice(0, n);
}
