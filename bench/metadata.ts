// `npm run bench metadata`: metadata-only throughput (read + containers + readers) and full `show` throughput
// (read + decode + pixel hashes + stealth + metadata), one file at a time on one core, beside floors measured in
// the same run on the same files: a bare fs.readFile (for metadata) and sharp's bare decode (for show).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { inspectImageFile, inspectImageMetadata } from '../electron/images/inspect-image';
import { withIdatChunks } from '../electron/metadata/containers/crafted-files.fixture';
import { withPngTextChunks } from '../electron/metadata/containers/png-write';

const ROOT = path.join(process.cwd(), '.bench-tmp', 'metadata');
const FILES = 24;
const SIZE = 1024;
const PASSES = 3;

const INFOTEXT = (seed: number): string =>
  `masterpiece, best quality, a lighthouse on a cliff at dusk, <lora:detail:0.6>\nNegative prompt: lowres, blurry\n` +
  `Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: ${seed}, Size: ${SIZE}x${SIZE}, ` +
  `Model hash: 45a21ea00a, Model: waiIllustriousSDXL_v160, Denoising strength: 0.35, Clip skip: 2, ` +
  `Hires upscale: 1.5, Hires steps: 10, Hires upscaler: 4x-UltraSharp, Lora hashes: "detail: 0123456789ab", Version: v1.10.1`;

/**
 * Photographic-like noise plus gradients, so the PNG compresses about as real output does, with the image data in
 * 64 KiB IDAT chunks the way PIL writes them (ImageFile.MAXBLOCK), i.e. the way A1111, Forge and ComfyUI files look.
 */
async function makeFiles(): Promise<string[]> {
  fs.rmSync(ROOT, { recursive: true, force: true });
  fs.mkdirSync(ROOT, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < FILES; i++) {
    const raw = await sharp({
      create: {
        width: SIZE,
        height: SIZE,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 110 + i, sigma: 60 },
      },
    })
      .blur(1.2)
      .raw()
      .toBuffer();
    for (let p = 0; p < raw.length; p += 3) raw[p] = (raw[p] + ((p / 3) % SIZE) / 8) & 255;
    const png = withIdatChunks(
      await sharp(raw, { raw: { width: SIZE, height: SIZE, channels: 3 } })
        .png()
        .toBuffer(),
      65536,
    );
    const file = path.join(ROOT, `img-${i}.png`);
    fs.writeFileSync(file, withPngTextChunks(png, [{ keyword: 'parameters', text: INFOTEXT(1000 + i) }]));
    files.push(file);
  }
  return files;
}

/** Median files/s over PASSES passes (after one warm-up pass). */
async function rate(files: string[], each: (file: string) => Promise<unknown>): Promise<number> {
  for (const f of files) await each(f);
  const rates: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    const t = performance.now();
    for (const f of files) await each(f);
    rates.push(files.length / ((performance.now() - t) / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[rates.length >> 1];
}

function fmt(n: number): string {
  return `${n.toFixed(0).padStart(6)} files/s`;
}

export async function run(): Promise<void> {
  sharp.cache(false);
  sharp.concurrency(1);
  const files = await makeFiles();
  const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  console.log(
    `${FILES} PNGs ${SIZE}x${SIZE} (64 KiB IDATs as PIL writes) with an A1111 parameters chunk, ${(bytes / FILES / 1e6).toFixed(2)} MB each, one core`,
  );

  const readFloor = await rate(files, (f) => fs.promises.readFile(f));
  const metadata = await rate(files, async (f) => {
    const report = await inspectImageMetadata(f);
    if (!report.tuple) throw new Error(`bench file lost its tuple: ${f}`);
  });
  console.log(
    `metadata only       ${fmt(metadata)}   floor (bare readFile) ${fmt(readFloor)}   ratio ${(metadata / readFloor).toFixed(2)}`,
  );

  const decodeFloor = await rate(files, (f) => sharp(f, { limitInputPixels: 1e8 }).ensureAlpha().raw().toBuffer());
  const show = await rate(files, async (f) => {
    const { report } = await inspectImageFile(f);
    if (!report.pixels) throw new Error(`bench file did not decode: ${f}`);
  });
  console.log(
    `show (decode+hash)  ${fmt(show)}   floor (bare sharp decode) ${fmt(decodeFloor)}   ratio ${(show / decodeFloor).toFixed(2)}`,
  );
  fs.rmSync(ROOT, { recursive: true, force: true });
}
