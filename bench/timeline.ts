// `npm run bench timeline`: the History view's timeline and sweeps over 100k indexed images, beside the floor of a
// plain ordered query of the same rows in the same run. The rows look like a real output folder: lines of work
// (a prompt family on one model) iterated one knob at a time, reruns, seed and cfg sweeps, LoRA weight changes,
// sessions separated by breaks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { timelineBase } from '../electron/library/image-writer';
import { openLibrary, type Library } from '../electron/library/library';

const ROOT = path.join(process.cwd(), '.bench-tmp', 'timeline');
const SUBJECTS = [
  'a red fox',
  'a lighthouse',
  'a knight',
  'a city street',
  'a bowl of fruit',
  'a dragon',
  'a portrait',
  'a forest path',
];
const STYLES = ['oil painting', 'watercolor', 'photo', 'anime', 'ink sketch', 'cinematic', 'pixel art'];
const EXTRAS = ['soft light', 'golden hour', 'fog', 'bokeh', 'high detail', 'wide angle', 'night', 'rain'];
const MODELS = ['sdxl_base_1.0', 'waiillustrioussdxl_v160', 'flux1-dev', 'juggernautxl_v9'];
const SAMPLERS = ['euler', 'euler_ancestral', 'dpmpp_2m', 'dpmpp_sde'];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** Inserts `rows` images the way the indexer leaves them (tuple columns, adapters, hashes), in bulk. */
function fill(library: Library, rows: number): void {
  const rnd = random(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const folderId = library.addFolder(path.join(ROOT, 'images')).id;
  const insert =
    library.db.prepare(`INSERT INTO images (folder_id, path, size, mtime_ms, created_at, timeline, added_at, format, generator,
    model, model_norm, sampler_id, scheduler_id, seed, steps, cfg, width, height, prompt, negative_prompt, tuple_key, pixel_state,
    pixel_sha256, phash_hi, phash_lo) VALUES (@folder, @path, 1, @at, @at, @timeline, 0, 'png', 'a1111', @model, @model, @sampler,
    'karras', @seed, @steps, @cfg, 1024, 1024, @prompt, 'blurry', @key, 'done', @sha, @hi, @lo) RETURNING id`);
  const adapter = library.db.prepare(
    `INSERT INTO image_adapters (image_id, kind, name, name_norm, weight) VALUES (?, 'lora', ?, ?, ?)`,
  );
  let at = Date.UTC(2025, 0, 1);
  let line = { model: pick(MODELS), prompt: '', seed: 1, cfg: 7, steps: 30, sampler: pick(SAMPLERS), lora: 0.6 };
  library.db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const r = rnd();
      if (i % 40 === 0 || r < 0.02) {
        line = {
          model: pick(MODELS),
          prompt: `${pick(SUBJECTS)}, ${pick(STYLES)}, ${pick(EXTRAS)}`,
          seed: Math.floor(rnd() * 1e9),
          cfg: 7,
          steps: 30,
          sampler: pick(SAMPLERS),
          lora: 0.6,
        };
      } else if (r < 0.3) line.seed++;
      else if (r < 0.5) line.cfg += 0.5;
      else if (r < 0.6) line.steps += 5;
      else if (r < 0.7) line.prompt += `, ${pick(EXTRAS)}`;
      else if (r < 0.8) line.lora = Math.round((line.lora + 0.1) * 10) / 10;
      // else: a rerun of the same parameters.
      at += rnd() < 0.01 ? 3 * 3600_000 : 20_000 + Math.floor(rnd() * 40_000);
      const key = `${line.model}|${line.prompt}|${line.seed}|${line.cfg}|${line.steps}|${line.sampler}|${line.lora}`;
      const { id } = insert.get({
        folder: folderId,
        path: `/bench/${i}.png`,
        at,
        timeline: timelineBase(at) + (i % 1024),
        model: line.model,
        sampler: line.sampler,
        seed: String(line.seed),
        steps: line.steps,
        cfg: line.cfg,
        prompt: line.prompt,
        key,
        sha: `${key}|${rnd() < 0.9 ? 0 : i}`,
        hi: Math.floor(rnd() * 2 ** 31),
        lo: Math.floor(rnd() * 2 ** 31),
      }) as { id: number };
      adapter.run(id, 'detail_tweaker', 'detail_tweaker', line.lora);
    }
  })();
  library.db.exec('ANALYZE');
}

function best(runs: number, fn: () => void): number {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

export async function run(argv: string[]): Promise<void> {
  const rows = argv.includes('--quick') ? 10_000 : 100_000;
  fs.rmSync(ROOT, { recursive: true, force: true });
  fs.mkdirSync(ROOT, { recursive: true });
  const library = openLibrary(path.join(ROOT, 'lib.sqlite'));
  const genStarted = performance.now();
  fill(library, rows);
  console.log(`(generated ${rows} indexed rows in ${((performance.now() - genStarted) / 1000).toFixed(1)} s)`);

  // Floor: the same rows, in the same order, straight out of SQLite, nothing built.
  const floorStatement =
    library.db.prepare(`SELECT id, folder_id, coalesce(generated_at, created_at) AS at, model_norm, seed, cfg, steps,
    sampler_id, scheduler_id, width, height, prompt, negative_prompt, tuple_key, pixel_sha256, phash_hi, phash_lo
    FROM images WHERE state <> 'missing' ORDER BY at, id`);
  const floor = best(3, () => floorStatement.all());
  const read = best(3, () => library.timeline.readRows());
  // A cold first page: read, build, slice and the page's summaries (a write invalidates the cache each time).
  const touch = library.db.prepare('UPDATE folders SET last_scan_at = coalesce(last_scan_at, 0) + 1');
  const cold = best(3, () => {
    touch.run();
    library.timeline.page({ limit: 100 });
  });
  const warm = best(20, () => library.timeline.page({ offset: Math.floor(rows / 2), limit: 100 }));
  const filtered = best(5, () => library.timeline.page({ changed: 'cfg', limit: 100 }));
  const sweeps = best(3, () => {
    touch.run();
    library.timeline.sweeps({});
  });
  const found = library.timeline.sweeps({ limit: 1000 }).length;
  library.close();
  fs.rmSync(ROOT, { recursive: true, force: true });
  const ratio = (ms: number): string => `${(ms / floor).toFixed(2)}x floor`;
  console.log(`timeline over ${rows} images | floor: plain ordered query of the same rows ${floor.toFixed(0)} ms`);
  console.log(`  rows with LoRAs read: ${read.toFixed(0)} ms (${ratio(read)})`);
  console.log(
    `  first page, built from scratch (sessions, lines of work, change lines): ${cold.toFixed(0)} ms (${ratio(cold)})`,
  );
  console.log(
    `  a page in the middle once built: ${warm.toFixed(2)} ms; "only where cfg changed": ${filtered.toFixed(1)} ms`,
  );
  console.log(`  sweeps, built from scratch: ${sweeps.toFixed(0)} ms (${ratio(sweeps)}); ${found} sweeps found`);
}
