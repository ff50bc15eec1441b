// The two library-scale figures that need files on disk (bench/library-scale.ts has the rest):
// 1. an unchanged rescan of 1M files in 1000 folders vs the bare walk (readdir + lstat) of them;
// 2. the peak RSS of `seedscope index` (the real CLI, a child process) over N small distinct real PNGs, vs a bare
//    Node process that only walks the same folder. Peak RSS is the kernel's max RSS of the process tree
//    (/usr/bin/time %M: the wait4 rusage, which covers the re-spawned indexer and its worker threads).
// Alone: `node dist/bench/library.js rescan-files [files]` / `rss [images]`.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { walkImageFiles } from '../electron/library/folder-walk';
import { indexFolders } from '../electron/library/indexer';
import { openLibrary } from '../electron/library/library';
import { insertUnchangedRows } from './unchanged-rows';

/** Everything the library-scale figures generate (deleted as each figure ends, unless kept for library-browser). */
export const SCALE_DIR = path.join(process.cwd(), '.bench-tmp', 'library-scale');

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function fresh(name: string): string {
  const dir = path.join(SCALE_DIR, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** 1000 files per folder, as a generator's dated output folders hold them. */
const PER_FOLDER = 1000;

export async function rescanFiles(count: number): Promise<void> {
  const dir = fresh('rescan');
  const images = path.join(dir, 'images');
  const tiny = Buffer.from('89504e470d0a1a0a', 'hex');
  let started = performance.now();
  for (let d = 0; d * PER_FOLDER < count; d++) {
    const sub = path.join(images, `2025-${String(d).padStart(4, '0')}`);
    fs.mkdirSync(sub, { recursive: true });
    for (let i = 0; i < PER_FOLDER && d * PER_FOLDER + i < count; i++)
      fs.writeFileSync(path.join(sub, `${String(i).padStart(5, '0')}-${d * PER_FOLDER + i}.png`), tiny);
  }
  const made = performance.now() - started;
  const library = openLibrary(path.join(dir, 'lib.sqlite'));
  await insertUnchangedRows(library, images);
  library.db.exec('ANALYZE');
  started = performance.now();
  await walkImageFiles(images);
  const floor = performance.now() - started;
  started = performance.now();
  const summary = await indexFolders(library, [images]);
  const took = performance.now() - started;
  started = performance.now();
  await walkImageFiles(images);
  const floorAfter = performance.now() - started;
  library.close();
  if (summary.unchanged !== count || summary.indexed !== 0)
    throw new Error(`rescan saw ${summary.unchanged} unchanged, ${summary.indexed} indexed`);
  console.log(
    `rescan of ${count} unchanged files in ${Math.ceil(count / PER_FOLDER)} folders: ${seconds(took)}` +
      ` | floor (bare walk: readdir + lstat, before and after): ${seconds(floor)}, ${seconds(floorAfter)} (making the files took ${seconds(made)})`,
  );
  // Printed before the million files go: removing them takes minutes.
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Small distinct PNGs: one noise image, a different row of pixels per file (its index written into it). */
async function makePngs(dir: string, count: number): Promise<void> {
  const size = 128;
  const base = await sharp({
    create: {
      width: size,
      height: size,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 120, sigma: 50 },
    },
  })
    .raw()
    .toBuffer();
  const cores = availableParallelism();
  const write = async (i: number): Promise<void> => {
    const pixels = Buffer.from(base);
    for (let x = 0; x < size; x++) pixels.writeUInt32LE((i * 2654435761 + x) >>> 0, ((i % size) * size + (x % 32)) * 3);
    pixels.writeUInt32LE(i, 0);
    const sub = path.join(dir, `d${Math.floor(i / PER_FOLDER)}`);
    if (i % PER_FOLDER === 0) fs.mkdirSync(sub, { recursive: true });
    await sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
      .png()
      .toFile(path.join(sub, `${String(i).padStart(6, '0')}.png`));
  };
  for (let i = 0; i < count; i += PER_FOLDER) {
    fs.mkdirSync(path.join(dir, `d${Math.floor(i / PER_FOLDER)}`), { recursive: true });
    const end = Math.min(count, i + PER_FOLDER);
    for (let k = i; k < end; k += cores * 4)
      await Promise.all(Array.from({ length: Math.min(cores * 4, end - k) }, (_, j) => write(k + j)));
  }
}

/** Runs a command under /usr/bin/time; returns its max RSS (KiB) and wall seconds. */
function timed(args: string[]): { maxRssKib: number; seconds: number; output: string } {
  const report = path.join(SCALE_DIR, 'time.txt');
  const output = execFileSync('/usr/bin/time', ['-o', report, '-f', '%M %e', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 2 ** 20,
  });
  const [rss, wall] = fs.readFileSync(report, 'utf8').trim().split('\n').pop()?.split(' ') ?? [];
  fs.rmSync(report, { force: true });
  return { maxRssKib: Number(rss), seconds: Number(wall), output };
}

export async function indexerRss(count: number): Promise<void> {
  if (!fs.existsSync('/usr/bin/time')) {
    console.log('indexer peak RSS: skipped (needs /usr/bin/time)');
    return;
  }
  const dir = fresh('rss');
  const images = path.join(dir, 'images');
  let started = performance.now();
  await makePngs(images, count);
  const made = performance.now() - started;
  const bin = path.join(process.cwd(), 'bin', 'seedscope.js');
  const walk = `require(${JSON.stringify(path.join(__dirname, '..', 'electron', 'library', 'folder-walk.js'))}).walkImageFiles(${JSON.stringify(images)}).then((w) => console.log(w.files.length))`;
  const bare = timed([process.execPath, '-e', walk]);
  started = performance.now();
  const index = timed([process.execPath, bin, 'index', '--db', path.join(dir, 'lib.sqlite'), images]);
  const took = (performance.now() - started) / 1000;
  const hashed = /pixels hashed (\d+)/.exec(index.output)?.[1];
  if (Number(hashed) !== count) throw new Error(`seedscope index hashed ${hashed} of ${count}:\n${index.output}`);
  const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`;
  console.log(
    `indexer peak RSS over ${count} real decodes (128x128 PNGs, seedscope index as a child): ${mib(index.maxRssKib)}` +
      ` in ${took.toFixed(0)} s (${(count / took).toFixed(0)} img/s) | baseline (bare Node walking the same folder): ${mib(bare.maxRssKib)}` +
      ` (making the PNGs took ${seconds(made)})`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}
