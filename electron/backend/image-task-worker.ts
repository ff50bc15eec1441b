// Runs one decode-heavy task (compare two images, probe one for its hashes, or make a lost thumbnail again) in a worker thread, so neither
// the web server's event loop nor Electron's main thread stalls for the 50-500 ms a large pair takes, and a
// hostile file that exhausts memory kills this worker, not the app (resourceLimits in image-tasks.ts).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { compareImageFiles } from '../compare/compare-files';
import { decodeImage } from '../pixels/decode';
import { perceptualHash } from '../pixels/perceptual-hash';
import { imagePixelSha256 } from '../pixels/pixel-hash';
import { indexPixels } from '../pixels/index-pixels';
import { writeFileAtomic } from '../records/atomic-write';
import type { ImageTask, ImageTaskAnswer } from './image-tasks';

async function run(task: ImageTask): Promise<ImageTaskAnswer> {
  if (task.task === 'compare') {
    return { task: 'compare', result: await compareImageFiles(task.a, task.b, { heatmapPath: task.heatmapPath }) };
  }
  const image = await decodeImage(task.path);
  if (task.task === 'thumbnail') {
    // Named by the pixels indexed: a file rewritten since then would put other pixels under that name.
    const { pixelSha256, thumbnail } = indexPixels(image);
    if (pixelSha256 !== task.pixelSha256)
      throw new Error(`${task.path}: the file changed since it was indexed; rescan its folder`);
    await fs.mkdir(path.dirname(task.target), { recursive: true });
    await writeFileAtomic(task.target, await thumbnail(), { overwrite: true });
    return { task: 'thumbnail', target: task.target };
  }
  return { task: 'probe', perceptualHash: perceptualHash(image), pixelSha256: imagePixelSha256(image) };
}

run(workerData as ImageTask).then(
  (answer) => parentPort?.postMessage({ ok: true, answer }),
  (err: unknown) => parentPort?.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) }),
);
