// `npm run bench library`: the library's three figures, each beside a floor measured in the same run.
// 1. cold index rate of generated 1024x1024 PNGs vs the bare sharp decode rate on the same cores;
// 2. rescan of an unchanged 100k-file folder vs the bare walk (readdir + lstat) of it;
// 3. FTS search latency p50/p95 (first page, newest first) over 1M generated rows.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { walkImageFiles } from '../electron/library/folder-walk';
import { timelineBase } from '../electron/library/image-writer';
import { indexFolders } from '../electron/library/indexer';
import { openLibrary } from '../electron/library/library';
import { tunedMallocEnv, wantsTunedMalloc } from '../electron/library/malloc-tuning';
import { DECODE_INPUT_OPTIONS } from '../electron/pixels/decode';
import { printColdIndexBreakdown } from './cold-index-breakdown';
import { weighted } from './synthetic-vocabulary';
import { cores, filesPerSecond, median } from './measure';
import { insertUnchangedRows } from './unchanged-rows';

const ROOT = path.join(process.cwd(), '.bench-tmp', 'library');

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function fresh(name: string): string {
  const dir = path.join(ROOT, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const NOISE_BASES = 8;

/** Blurred noise (the costly part, so a few are made and shared), for generatePngs. */
async function noiseBases(size: number): Promise<Buffer[]> {
  return Promise.all(
    Array.from({ length: NOISE_BASES }, (_, k) =>
      sharp({
        create: {
          width: size,
          height: size,
          channels: 3,
          background: '#000',
          noise: { type: 'gaussian', mean: 110 + 5 * k, sigma: 60 },
        },
      })
        .blur(1.2)
        .raw()
        .toBuffer(),
    ),
  );
}

/** Photographic-like: smooth gradients plus blurred noise, so PNG compresses about as real output does; no two alike. */
async function writePng(file: string, base: Buffer, size: number, seed: number): Promise<void> {
  const pixels = Buffer.from(base);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 3;
      pixels[i] = (pixels[i] + x / 8 + seed) & 255;
      pixels[i + 1] = (pixels[i + 1] + y / 8) & 255;
    }
  }
  await sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toFile(file);
}

async function generatePngs(dir: string, count: number): Promise<string[]> {
  const size = 1024;
  const bases = await noiseBases(size);
  const files = Array.from({ length: count }, (_, i) => path.join(dir, `gen-${String(i).padStart(4, '0')}.png`));
  for (let i = 0; i < count; i += cores) {
    await Promise.all(
      files.slice(i, i + cores).map((file, k) => writePng(file, bases[(i + k) % NOISE_BASES], size, i + k)),
    );
  }
  return files;
}

// The floor: sharp decoding each file to raw pixels in its own channels (RGB here), with the options the index
// decodes with. Decoding to RGBA (ensureAlpha, what the index did until it kept the decoder's RGB) is printed too.
const DECODE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const sharp = require(workerData.sharp);
sharp.concurrency(1); sharp.cache(false);
(async () => {
  for (const file of workerData.files) {
    const image = sharp(file, workerData.options);
    await (workerData.rgba ? image.ensureAlpha() : image).raw({ depth: 'uchar' }).toBuffer();
  }
  parentPort.postMessage('done');
})();`;

function decodeRate(files: string[], rgba: boolean): Promise<number> {
  return filesPerSecond(DECODE_WORKER, files, { rgba, options: DECODE_INPUT_OPTIONS, sharp: require.resolve('sharp') });
}

async function indexRate(dir: string, images: string, count: number, round: number): Promise<number> {
  const library = openLibrary(path.join(dir, `lib-${round}.sqlite`));
  const started = performance.now();
  const summary = await indexFolders(library, [images]);
  const rate = count / ((performance.now() - started) / 1000);
  library.close();
  if (summary.pixelsDone !== count) throw new Error(`cold index hashed ${summary.pixelsDone} of ${count}`);
  return rate;
}

/**
 * The machine's speed drifts by ±20% over seconds here, so each index run is paired with the floor measured just
 * before and just after it (their mean), and the median of the per-round ratios is reported.
 */
const COLD_ROUNDS = 4;
/** A real cold index is thousands of images, where starting the workers (≈ 0.25 s of CPU each) is noise; at 60
 *  images it was a tenth of the run. */
const COLD_IMAGES = 200;

async function coldIndexHere(count: number): Promise<void> {
  const dir = fresh('cold');
  const images = path.join(dir, 'images');
  fs.mkdirSync(images);
  const files = await generatePngs(images, count);
  const floors = [await decodeRate(files, false)];
  const rates: number[] = [];
  const rgbaRatios: number[] = [];
  for (let round = 0; round < COLD_ROUNDS; round++) {
    const rate = await indexRate(dir, images, count, round);
    rates.push(rate);
    rgbaRatios.push(rate / (await decodeRate(files, true)));
    floors.push(await decodeRate(files, false));
  }
  const ratios = rates.map((rate, k) => rate / ((floors[k] + floors[k + 1]) / 2));
  const percent = (ratio: number): string => `${(100 * ratio).toFixed(0)}%`;
  console.log(
    `cold index, ${count} PNGs 1024x1024, ${cores} cores${process.env.GLIBC_TUNABLES ? ', glibc malloc tuned as `seedscope index` runs' : ''}: ${median(rates).toFixed(1)} img/s` +
      ` | floor (bare sharp decode to raw RGB, ${cores} threads): ${median(floors).toFixed(1)} img/s | ${percent(median(ratios))} of floor (target >= 70%;` +
      ` rounds ${ratios.map(percent).join(' ')}) | vs decode to RGBA: ${percent(median(rgbaRatios))}`,
  );
  await printColdIndexBreakdown(files, dir);
}

/** `seedscope index` re-spawns itself with tuned glibc malloc (malloc-tuning.ts, worth 15-27%), so the cold index
 *  is measured the same way: in a child process spawned with that environment, the floor measured in that child too. */
async function coldIndex(count: number): Promise<void> {
  if (!wantsTunedMalloc()) return coldIndexHere(count);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, __filename, 'cold', String(count)], {
      stdio: 'inherit',
      env: tunedMallocEnv(),
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`cold index bench child ended with ${signal ?? `exit code ${code}`}`)),
    );
  });
}

async function rescan(count: number): Promise<void> {
  const dir = fresh('rescan');
  const images = path.join(dir, 'images');
  const tiny = Buffer.from('89504e470d0a1a0a', 'hex');
  for (let d = 0; d < count / 1000; d++) {
    const sub = path.join(images, `d${d}`);
    fs.mkdirSync(sub, { recursive: true });
    for (let i = 0; i < 1000; i++) fs.writeFileSync(path.join(sub, `f${i}.png`), tiny);
  }
  const library = openLibrary(path.join(dir, 'lib.sqlite'));
  await insertUnchangedRows(library, images);
  let started = performance.now();
  await walkImageFiles(images);
  const floor = performance.now() - started;
  started = performance.now();
  const summary = await indexFolders(library, [images]);
  const took = performance.now() - started;
  library.close();
  if (summary.unchanged !== count || summary.indexed !== 0)
    throw new Error(`rescan saw ${summary.unchanged} unchanged, ${summary.indexed} indexed`);
  console.log(
    `rescan of ${count} unchanged files: ${seconds(took)} (target < 2 s) | floor (bare walk: readdir + lstat): ${seconds(floor)}`,
  );
}

function zipfWords(vocabulary: number): { words: string[]; pick: () => string } {
  const words = Array.from({ length: vocabulary }, (_, k) => `w${k.toString(36)}${'xyzq'[k % 4]}`);
  // Its own small LCG, not the synthetic library's PRNG: the FTS figure keeps the rows it has always measured.
  let state = 12345;
  const random = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return {
    words,
    pick: weighted(
      words,
      words.map((_, k) => 1 / (k + 1)),
      random,
    ),
  };
}

async function ftsLatency(rows: number): Promise<void> {
  const dir = fresh('fts');
  const library = openLibrary(path.join(dir, 'lib.sqlite'));
  const folderId = library.addFolder(path.join(dir, 'images')).id;
  const { words, pick } = zipfWords(5000);
  const genStarted = performance.now();
  const base = Date.UTC(2024, 0, 1);
  // Bulk load: rows first, then the secondary indexes and one FTS 'rebuild' (the same structures the triggers and
  // incremental inserts build, several times faster to make); triggers and indexes are back before any query.
  const schema = library.db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'images' AND sql IS NOT NULL AND type IN ('trigger', 'index')`,
    )
    .all() as Array<{ type: string; name: string; sql: string }>;
  for (const item of schema) library.db.exec(`DROP ${item.type === 'trigger' ? 'TRIGGER' : 'INDEX'} ${item.name}`);
  const insert =
    library.db.prepare(`INSERT INTO images (folder_id, path, size, mtime_ms, created_at, timeline, added_at, format, prompt, seed, pixel_state)
    VALUES (?, ?, 1, ?, ?, ?, 0, 'png', ?, ?, 'done')`);
  const batch = library.db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const prompt = Array.from({ length: 14 }, pick).join(', ');
      // created_at is deliberately not in insert order: folders get indexed in any order.
      const created = base + ((i * 7919) % rows) * 30_000;
      insert.run(folderId, `/bench/${i}.png`, created, created, timelineBase(created), prompt, String(i));
    }
  });
  for (let i = 0; i < rows; i += 50_000) batch(i, Math.min(rows, i + 50_000));
  for (const item of schema) library.db.exec(item.sql);
  // images_fts keeps its own copy of the text since migration 0300: 'rebuild' re-indexes that (empty) copy, so the
  // rows' text is inserted (with 'rebuild' every search here matched nothing).
  library.db.exec(
    'INSERT INTO images_fts(rowid, prompt, negative_prompt) SELECT timeline, prompt, negative_prompt FROM images',
  );
  library.db.exec('ANALYZE');
  console.log(`(generated ${rows} rows with FTS in ${seconds(performance.now() - genStarted)})`);
  const queries = [
    words[0],
    words[1],
    words[3],
    words[10],
    words[40],
    words[200],
    words[1000],
    words[4000],
    'zzznothing',
    `${words[0]} ${words[5]}`,
    `${words[2]} ${words[300]}`,
    `${words[20].slice(0, 3)}*`,
    'w1*',
    `${words[7]}*`,
  ];
  const times: number[] = [];
  const worst = new Map<string, number>();
  for (let round = 0; round < 5; round++) {
    for (const text of queries) {
      const started = performance.now();
      library.search({ text, limit: 100 });
      const took = performance.now() - started;
      times.push(took);
      worst.set(text, Math.max(worst.get(text) ?? 0, took));
    }
  }
  const slowest = [...worst.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([q, t]) => `"${q}" ${t.toFixed(1)} ms`);
  let started = performance.now();
  for (let i = 0; i < 20; i++) library.search({ limit: 100 });
  const gallery = (performance.now() - started) / 20;
  started = performance.now();
  library.db
    .prepare(`SELECT id FROM images WHERE prompt LIKE ? ORDER BY timeline DESC LIMIT 100`)
    .all(`%${words[1000]}%`);
  const likeScan = performance.now() - started;
  library.close();
  times.sort((a, b) => a - b);
  const p = (q: number): string => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2);
  console.log(
    `FTS search over ${rows} rows, first page of 100 newest: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${times[times.length - 1].toFixed(2)} ms (target p95 < 50 ms)` +
      ` | floor: gallery page without text ${gallery.toFixed(2)} ms; unindexed LIKE scan ${likeScan.toFixed(0)} ms | slowest: ${slowest.join(', ')}`,
  );
}

export async function run(argv: string[]): Promise<void> {
  const quick = argv.includes('--quick');
  await coldIndex(quick ? 16 : COLD_IMAGES);
  await rescan(quick ? 10_000 : 100_000);
  await ftsLatency(quick ? 100_000 : 1_000_000);
  fs.rmSync(ROOT, { recursive: true, force: true });
  await (await import('./library-scale.js')).run(argv);
}

/** `node dist/bench/library.js fts [rows]` / `rescan [files]` / `cold [images]`: one figure alone (`cold` runs in this process as is). */
if (require.main === module && process.argv[2] === 'fts') {
  void ftsLatency(Number(process.argv[3] ?? 1_000_000));
}
if (require.main === module && process.argv[2] === 'rescan') {
  void rescan(Number(process.argv[3] ?? 100_000));
}
/** `scale [rows] [--keep]` / `rescan-files [files]` / `rss [images]`: the 1M-library figures (bench/library-scale.ts). */
if (require.main === module && ['scale', 'rescan-files', 'rss'].includes(process.argv[2])) {
  import('./library-scale.js')
    .then((scale) => scale.runOne(process.argv[2], process.argv.slice(3)))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
if (require.main === module && process.argv[2] === 'cold') {
  coldIndexHere(Number(process.argv[3] ?? COLD_IMAGES)).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
