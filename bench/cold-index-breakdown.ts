// Where a pixel job's time goes, for `npm run bench library`'s cold index: the job's steps added one at a time, each
// step list run over the same files by one worker thread per core (one image at a time per thread, as the floor
// decodes), its rate printed as a fraction of the bare decode measured just before and after it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cores, filesPerSecond, median } from './measure';

/** Each stage does everything the one before it did, plus its own step. */
export const BREAKDOWN_STAGES = [
  'floor: sharp decode to raw RGB',
  'read into a reused buffer + decode',
  '+ XXH3-128 of the file',
  '+ RGBA SHA-256',
  '+ thumbnail and perceptual hash (one walk with the SHA-256, then the JPEG)',
  '+ metadata',
  'whole pixel job (runPixelJob)',
  'for comparison: read + decode + the three SHA-256 of before (file, RGBA, RGB)',
] as const;

const STAGE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const sharp = require(workerData.sharp);
sharp.concurrency(1); sharp.cache(false);
const dist = workerData.dist;
const { decodeImage, DECODE_INPUT_OPTIONS } = require(dist + '/electron/pixels/decode.js');
const { imagePixelSha256, summarizePixels } = require(dist + '/electron/pixels/pixel-hash.js');
const { indexPixels } = require(dist + '/electron/pixels/index-pixels.js');
const { readMetadata } = require(dist + '/electron/metadata/read-metadata.js');
const { fileXxh3, fileSha256 } = require(dist + '/electron/images/file-identity.js');
const { readImageBytesSync } = require(dist + '/electron/images/read-image-file.js');
const { ReusedBuffers } = require(dist + '/electron/images/reused-buffers.js');
const { runPixelJob } = require(dist + '/electron/library/pixel-worker.js');
const buffers = new ReusedBuffers();
(async () => {
  const stage = workerData.stage;
  for (const file of workerData.files) {
    if (stage === 0) { await sharp(file, DECODE_INPUT_OPTIONS).raw({ depth: 'uchar' }).toBuffer(); continue; }
    if (stage === 6) {
      await runPixelJob({ id: 0, path: file, size: 0, mtimeMs: 0, cacheFolder: workerData.cache });
      continue;
    }
    await buffers.use(async (allocate) => {
      const bytes = readImageBytesSync(file, allocate);
      const decoded = await decodeImage(bytes);
      if (stage === 7) { fileSha256(bytes); summarizePixels(decoded); return; }
      if (stage >= 2) await fileXxh3(bytes);
      if (stage === 3) imagePixelSha256(decoded);
      if (stage >= 4) await indexPixels(decoded).thumbnail();
      if (stage >= 5) readMetadata(bytes, { fileName: file, sidecarText: null, decoded });
    });
  }
  parentPort.postMessage('done');
})();`;

function stageRate(files: string[], stage: number, cache: string): Promise<number> {
  return filesPerSecond(STAGE_WORKER, files, {
    stage,
    cache,
    sharp: require.resolve('sharp'),
    dist: path.resolve(__dirname, '..'),
  });
}

/** Prints each stage's rate as a % of the floor (median of `rounds` rounds, each stage between two floor runs). */
export async function printColdIndexBreakdown(files: string[], scratch: string, rounds = 3): Promise<void> {
  const ratios: number[][] = BREAKDOWN_STAGES.map(() => []);
  for (let round = 0; round < rounds; round++) {
    let floorBefore = await stageRate(files, 0, scratch);
    for (let stage = 1; stage < BREAKDOWN_STAGES.length; stage++) {
      const cache = path.join(scratch, `breakdown-cache-${round}-${stage}`);
      fs.rmSync(cache, { recursive: true, force: true });
      const rate = await stageRate(files, stage, cache);
      const floorAfter = await stageRate(files, 0, scratch);
      ratios[stage].push(rate / ((floorBefore + floorAfter) / 2));
      floorBefore = floorAfter;
    }
  }
  const percent = (ratio: number): string => `${(100 * ratio).toFixed(0)}%`;
  console.log(
    `where a pixel job's time goes (${files.length} images, ${cores} threads, one image at a time each; % of the floor, median of ${rounds} rounds):`,
  );
  for (let stage = 1; stage < BREAKDOWN_STAGES.length; stage++)
    console.log(
      `  ${BREAKDOWN_STAGES[stage]}: ${percent(median(ratios[stage]))} (rounds ${ratios[stage].map(percent).join(' ')})`,
    );
}
