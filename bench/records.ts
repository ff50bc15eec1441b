// Provenance records: model hashing throughput and sidecar export cost, each beside a floor from the same run.
// - model hash: hashModelFile (one read, full + AutoV1 [+ tensor] hashes) vs SHA-256 of the same bytes already in
//   memory, the least any file hash can cost. A .safetensors file hashes its tensor bytes twice (full + AutoV3).
// - export: json+xmp+txt sidecars for one image vs inspectImageFile alone (the read + decode every record needs).
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { inspectImageFile } from '../electron/images/inspect-image';
import { exportSidecars } from '../electron/records/export-sidecars';
import { hashModelFile } from '../electron/records/model-hashes';
import { hashModelFileInWorker } from '../electron/records/model-hash-in-worker';

const MODEL_BYTES = 256 * 1024 * 1024;

async function median(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

function line(label: string, ms: number, floorMs: number, bytes?: number): void {
  const rate = bytes ? `  ${(bytes / 1024 ** 2 / (ms / 1000)).toFixed(0)} MiB/s` : '';
  console.log(`${label.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms${rate}   ×${(ms / floorMs).toFixed(2)} of floor`);
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'seedscope-bench-records-'));
  try {
    const data = Buffer.allocUnsafe(MODEL_BYTES);
    for (let i = 0; i < data.length; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
    const header = Buffer.from('{"__metadata__":{}}');
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(header.length));
    const ckpt = path.join(dir, 'model.ckpt');
    const safetensors = path.join(dir, 'model.safetensors');
    writeFileSync(ckpt, data);
    writeFileSync(safetensors, Buffer.concat([length, header, data]));

    const floor = await median(3, () => createHash('sha256').update(data).digest('hex'));
    console.log(`model hashing, ${MODEL_BYTES / 1024 ** 2} MiB file in the page cache`);
    line('floor: sha256 of the bytes in memory', floor, floor, MODEL_BYTES);
    line('hashModelFile .ckpt (full + AutoV1)', await median(3, () => hashModelFile(ckpt)), floor, MODEL_BYTES);
    line(
      'hashModelFile .safetensors (+ AutoV3)',
      await median(3, () => hashModelFile(safetensors)),
      floor,
      MODEL_BYTES,
    );
    line('in a worker thread .ckpt', await median(3, () => hashModelFileInWorker(ckpt)), floor, MODEL_BYTES);

    const corpusImage = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus', 'a1111', 'sdm_png_sd-webui.png');
    const image = path.join(dir, 'image.png');
    copyFileSync(corpusImage, image);
    const inspectFloor = await median(5, () => inspectImageFile(image, { keepDecoded: true }));
    console.log('sidecar export, one 1024x1024 A1111 PNG');
    line('floor: inspectImageFile (read + decode)', inspectFloor, inspectFloor);
    line(
      'export json + xmp + txt (overwrite)',
      await median(5, () => exportSidecars(image, ['json', 'xmp', 'txt'], { overwrite: true })),
      inspectFloor,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
