// A library of varied synthetic rows for tests (inserted directly, no image files): generators, models sharing a
// hash and differing only in case, sampler display names beside their ids, LoRAs of several kinds, tags typed in
// two cases, favourites, ratings, offline and missing rows.
import type { SearchFilters } from '../../shared/library';
import type { Library } from './library';
import { normalizeModelName } from './tuple-key';

const GENERATORS = ['a1111', 'comfyui', 'forge', 'invokeai', null];
const MODELS: Array<[string, string | null]> = [
  ['sdxl_base', 'ABCDEF1234'],
  ['SDXL_Base', 'abcdef1234'],
  ['juggernaut', 'abcdef1234'],
  ['ponyDiffusion', '99aa00bb11'],
  ['flux-dev', null],
  ['realvis', '1234567890'],
];
const SAMPLERS: Array<[string, string]> = [
  ['DPM++ 2M Karras', 'dpmpp_2m'],
  ['Euler a', 'euler_ancestral'],
  ['euler', 'euler'],
  ['DDIM', 'ddim'],
];
const SCHEDULERS = ['karras', 'normal', 'exponential', null];
const SIZES: Array<[number | null, number | null]> = [
  [512, 512],
  [832, 1216],
  [1024, 1024],
  [null, null],
];
const WORDS = ['castle', 'forest', 'portrait', 'neon', 'river', 'mountain', 'cat', 'dragon'];
const LORAS = ['detail_tweaker', 'add_more_details', 'film_grain', 'pixel_art'];

/** Deterministic, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** `rows` images (about 5% missing, 15% offline) spread over every value above, deterministically. */
export function fillVariedLibrary(library: Library, rows: number): void {
  const db = library.db;
  const online = library.addFolder('/lib/online').id;
  const offline = library.addFolder('/lib/offline').id;
  const next = random(16);
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
  const insert = db.prepare(`INSERT INTO images (folder_id, path, size, mtime_ms, created_at, timeline, added_at, state,
    format, generator, model, model_norm, model_hash, sampler, sampler_id, scheduler_id, seed, steps, cfg, width, height,
    prompt, grade, pixel_state) VALUES (@folder, @path, 1, 0, 0, @timeline, 0, @state, 'png', @generator, @model,
    @modelNorm, @modelHash, @sampler, @samplerId, @scheduler, @seed, @steps, @cfg, @width, @height, @prompt, @grade, 'done')
    RETURNING id`);
  const adapter = db.prepare(
    'INSERT INTO image_adapters (image_id, kind, name, name_norm, weight) VALUES (?, ?, ?, ?, 1)',
  );
  const tag = db.prepare('INSERT OR IGNORE INTO image_tags (image_id, tag, tag_norm) VALUES (?, ?, ?)');
  const mark = db.prepare('INSERT INTO image_marks (image_id, favourite, rating, updated_at) VALUES (?, ?, ?, 0)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const [picked, hash] = pick(MODELS);
      const model = next() < 0.1 ? null : picked;
      const [sampler, samplerId] = pick(SAMPLERS);
      const [width, height] = pick(SIZES);
      const roll = next();
      const { id } = insert.get({
        folder: roll < 0.15 ? offline : online,
        path: `/lib/${i}.png`,
        // Not in insert order, as folders indexed in any order give.
        timeline: ((i * 7919) % rows) * 1024 + 1_700_000_000_000 * 1024,
        state: roll < 0.15 ? 'offline' : roll < 0.2 ? 'missing' : 'online',
        generator: pick(GENERATORS),
        model,
        modelNorm: normalizeModelName(model),
        modelHash: hash,
        sampler: next() < 0.1 ? null : sampler,
        samplerId: next() < 0.1 ? null : samplerId,
        scheduler: pick(SCHEDULERS),
        seed: String(i % 97),
        steps: pick([20, 25, 30, null]),
        cfg: pick([5, 7, 7.5, null]),
        width,
        height,
        prompt: `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`,
        grade: pick(['bit-identical-possible', 'visually-identical-at-best', 'not-reproducible', null]),
      }) as { id: number };
      for (let a = Math.floor(next() * 4); a > 0; a--) {
        const lora = pick(LORAS);
        adapter.run(id, pick(['lora', 'lora', 'lycoris', 'embedding']), lora, lora);
      }
      if (next() < 0.3) {
        const name = pick(['Keeper', 'keeper', 'Print', 'wip']);
        tag.run(id, name, name.toLowerCase());
      }
      if (next() < 0.2) mark.run(id, next() < 0.5 ? 1 : 0, Math.floor(next() * 6));
    }
  })();
}

/** Filter combinations touching every filter the search accepts, single and together. */
export const VARIED_FILTERS: SearchFilters[] = [
  {},
  { includeOffline: false },
  { generator: 'ComfyUI' },
  { model: 'hash:abcdef1234' },
  { model: 'SDXL_Base' },
  { modelHash: '99AA00BB11' },
  { sampler: 'dpm++ 2m karras' },
  { sampler: 'euler_ancestral', scheduler: 'karras' },
  { lora: 'Film_Grain' },
  { lora: 'detail_tweaker', generator: 'a1111', width: 832, height: 1216 },
  { tag: 'KEEPER' },
  { favourite: true },
  { minRating: 3, tag: 'wip' },
  { seed: '42' },
  { steps: 25, cfgMin: 6, cfgMax: 7.5 },
  { grade: 'not-reproducible', folder: '/lib/offline' },
  { folder: 1, sampler: 'ddim', lora: 'pixel_art' },
  { since: 1_700_000_000_000 + 500, until: 1_700_000_000_000 + 2500 },
  { generator: 'nobody-uses-this' },
];
