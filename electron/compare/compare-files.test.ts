// compareImageFiles end to end on real files: the verdict ladder, size mismatches, corpus images, the heatmap
// file, and hostile inputs (each names the file and the problem; nothing crashes; no input is modified).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { encodePngChunk } from '../metadata/containers/png-write';
import type { DecodedImage } from '../pixels/decode';
import { copyScene, makeScene } from '../pixels/synthetic-scene.fixture';
import { CompareError, compareImageFiles } from './compare-files';
import { writeCraftedImage } from './crafted-pair.fixture';

const CORPUS = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
let dir: string;
const scene = makeScene({ width: 240, height: 180, seed: 21 });

async function png(name: string, pixels: DecodedImage): Promise<string> {
  return writeCraftedImage(dir, name, pixels, null);
}

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'seedscope-compare-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('verdict ladder', () => {
  it('bit-identical: same pixels in different containers (PNG vs lossless WebP)', async () => {
    const a = await png('same.png', scene);
    const b = join(dir, 'same.webp');
    writeFileSync(
      b,
      await sharp(scene.data, { raw: { width: 240, height: 180, channels: 4 } })
        .webp({ lossless: true })
        .toBuffer(),
    );
    const r = await compareImageFiles(a, b);
    assert.equal(r.verdict, 'bit-identical');
    assert.equal(r.pixel.identical, true);
    assert.equal(r.pixel.sha256A, r.pixel.sha256B);
    assert.equal(r.pixel.psnr, null);
    assert.equal(r.regions.total, 0);
  });

  it('visually-identical: ±1 on some pixels, counted exactly, thresholds stated', async () => {
    const b = copyScene(scene);
    let changed = 0;
    for (let i = 0; i < 240 * 180; i += 3) {
      b.data[i * 4 + 1] = b.data[i * 4 + 1] === 0 ? 1 : b.data[i * 4 + 1] - 1;
      changed++;
    }
    const r = await compareImageFiles(await png('v1.png', scene), await png('v2.png', b));
    assert.equal(r.verdict, 'visually-identical');
    assert.equal(r.pixel.changedPixels, changed);
    assert.equal(r.pixel.maxDelta, 1);
    assert.ok(r.pixel.ssim >= r.thresholds.visuallyIdenticalMinSsim);
    assert.match(r.verdictReason, /SSIM .* >= 0\.99 and max delta <= 8/);
  });

  it('similar: a JPEG re-encode keeps the composition', async () => {
    const b = join(dir, 'similar.jpg');
    writeFileSync(
      b,
      await sharp(scene.data, { raw: { width: 240, height: 180, channels: 4 } })
        .jpeg({ quality: 40 })
        .toBuffer(),
    );
    const r = await compareImageFiles(await png('s1.png', scene), b);
    assert.equal(r.verdict, 'similar');
    assert.ok(r.pixel.perceptualDistance <= r.thresholds.similarMaxHashBits);
  });

  it('different: another composition', async () => {
    const r = await compareImageFiles(
      await png('d1.png', scene),
      await png('d2.png', makeScene({ width: 240, height: 180, seed: 99 })),
    );
    assert.equal(r.verdict, 'different');
    assert.ok(r.pixel.changedRatio > 0.5);
  });
});

describe('size mismatch', () => {
  it('reports both sizes, then compares after an explicit, stated resize', async () => {
    const big = makeScene({ width: 480, height: 360, seed: 21, grain: 0 });
    const small = join(dir, 'small.png');
    writeFileSync(
      small,
      await sharp(big.data, { raw: { width: 480, height: 360, channels: 4 } })
        .resize(240, 180)
        .png()
        .toBuffer(),
    );
    const r = await compareImageFiles(await png('big.png', big), small);
    assert.ok(r.sizeMismatch);
    assert.deepEqual(r.sizeMismatch.sizeA, { width: 480, height: 360 });
    assert.deepEqual(r.sizeMismatch.sizeB, { width: 240, height: 180 });
    assert.equal(r.sizeMismatch.resized, 'a');
    assert.deepEqual(r.sizeMismatch.to, { width: 240, height: 180 });
    assert.equal(r.sizeMismatch.kernel, 'lanczos3');
    assert.match(r.sizeMismatch.note, /image A was resized from 480x360 to 240x180 with lanczos3/);
    assert.deepEqual([r.pixel.width, r.pixel.height], [240, 180]);
    assert.equal(r.verdict, 'similar', 'different sizes are at best similar');
    assert.equal(r.pixel.identical, false);
    const toB = await compareImageFiles(join(dir, 'big.png'), small, { resize: 'a' });
    assert.equal(toB.sizeMismatch?.resized, 'b');
    assert.deepEqual([toB.pixel.width, toB.pixel.height], [480, 360]);
  });

  it('says when the aspect ratio differs too', async () => {
    const r = await compareImageFiles(
      await png('wide.png', makeScene({ width: 200, height: 100 })),
      await png('square.png', makeScene({ width: 100, height: 100 })),
    );
    assert.equal(r.sizeMismatch?.aspectChanged, true);
    assert.match(r.sizeMismatch?.note ?? '', /stretched/);
  });
});

describe('heatmap file', () => {
  it('is written atomically as a PNG at the compared size, and the inputs are not modified', async () => {
    const b = copyScene(scene);
    for (let y = 40; y < 60; y++) for (let x = 100; x < 140; x++) b.data[(y * 240 + x) * 4] ^= 0x40;
    const fileA = await png('h1.png', scene);
    const fileB = await png('h2.png', b);
    const before = [sha(fileA), sha(fileB)];
    const out = join(dir, 'out', 'heat.png');
    mkdirSync(join(dir, 'out'));
    const r = await compareImageFiles(fileA, fileB, { heatmapPath: out });
    assert.equal(r.heatmap.path, out);
    const meta = await sharp(out).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', 240, 180]);
    assert.deepEqual(readdirSync(join(dir, 'out')), ['heat.png'], 'no temp file left behind');
    assert.deepEqual([sha(fileA), sha(fileB)], before);
    assert.equal(r.regions.total, 1);
    const box = r.regions.boxes[0];
    assert.ok(box.x <= 100 && box.y <= 40 && box.x + box.width >= 140 && box.y + box.height >= 60);
    assert.equal(box.changedPixels, 800);
  });

  it('refuses to write the heatmap over one of the compared images', async () => {
    const fileA = await png('keep.png', scene);
    const before = sha(fileA);
    await assert.rejects(
      compareImageFiles(fileA, fileA, { heatmapPath: fileA }),
      /heatmap path is one of the compared images/,
    );
    assert.equal(sha(fileA), before);
  });
});

describe('corpus images', () => {
  it('a corpus PNG against a metadata-stripped JPEG copy of its pixels: a lossy copy first, metadata missing on B next', async () => {
    const source = join(CORPUS, 'a1111', 'sdm_png_sd-webui.png');
    const copy = join(dir, 'corpus-copy.png');
    copyFileSync(source, copy);
    const stripped = join(dir, 'stripped.jpg');
    writeFileSync(stripped, await sharp(copy).jpeg({ quality: 85 }).toBuffer());
    const r = await compareImageFiles(copy, stripped);
    assert.ok(r.verdict === 'similar' || r.verdict === 'visually-identical', r.verdict);
    assert.equal(r.a.hasTuple, true);
    assert.equal(r.a.seed, '3782896554');
    // The JPEG re-encode explains the pixel difference; the stripped metadata is a second, weaker finding.
    assert.equal(r.culprits[0].cause, 'encoding');
    assert.deepEqual(r.culprits.map((c) => c.cause).slice(0, 2), ['encoding', 'metadata-missing']);
    assert.equal(r.culprits[1].likelihood, 'medium');
    assert.equal(r.b.encoding?.quality, 85);
    assert.ok(r.pixel.perceptualDistance <= 10);
  });

  it('NovelAI corpus image re-written by a third-party library: only the stealth alpha differs', async () => {
    const r = await compareImageFiles(
      join(CORPUS, 'novelai', 'llmkira_sample-0316.png'),
      join(CORPUS, 'novelai', 'llmkira_sample-0316-out.png'),
    );
    assert.equal(r.verdict, 'visually-identical');
    assert.ok(r.pixel.changedPixels > 0);
    assert.equal(r.pixel.alphaOnlyChangedPixels, r.pixel.changedPixels);
    assert.equal(r.pixel.psnr, null, 'colour identical');
    assert.equal(r.culprits[0].field, 'pixels.alpha');
  });

  it('two reForge corpus images (PNG vs JPEG): the seed differs', async () => {
    const r = await compareImageFiles(
      join(CORPUS, 'forge', 'sdm_png_reforge.png'),
      join(CORPUS, 'forge', 'sdm_jpg_reforge.jpeg'),
    );
    assert.equal(r.verdict, 'different');
    assert.equal(r.culprits[0].cause, 'seed');
    assert.deepEqual([r.culprits[0].a, r.culprits[0].b], ['270740395', '584157617']);
    assert.ok(r.tupleDiff[0].field === 'seed');
  });
});

describe('worker threads', () => {
  it('compareImageFiles runs inside a worker_threads Worker (how the app keeps its main thread free)', async () => {
    const { Worker } = await import('node:worker_threads');
    const fileA = await png('w1.png', scene);
    const fileB = await png('w2.png', makeScene({ width: 240, height: 180, seed: 5 }));
    const code = `const { parentPort, workerData } = require('node:worker_threads');
      require(workerData.module).compareImageFiles(workerData.a, workerData.b).then((r) => parentPort.postMessage(r));`;
    const worker = new Worker(code, {
      eval: true,
      workerData: { module: join(__dirname, 'compare-files.js'), a: fileA, b: fileB },
    });
    const result = await new Promise<{ verdict: string; pixel: { changedPixels: number } }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    assert.equal(result.verdict, 'different');
    assert.ok(result.pixel.changedPixels > 0);
  });
});

describe('hostile inputs', () => {
  it('a truncated PNG: CompareError naming the file', async () => {
    const good = readFileSync(await png('whole.png', scene));
    const truncated = join(dir, 'truncated.png');
    writeFileSync(truncated, good.subarray(0, Math.floor(good.length / 2)));
    await assert.rejects(compareImageFiles(truncated, join(dir, 'whole.png')), (err: unknown) => {
      assert.ok(err instanceof CompareError);
      assert.match(err.message, /truncated\.png/);
      assert.match(err.message, /decod/);
      return true;
    });
  });

  it('a PNG declaring 16000x16000 (decompression bomb) is refused quickly, naming the file', async () => {
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(16000, 0);
    ihdr.writeUInt32BE(16000, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);
    const bomb = join(dir, 'bomb.png');
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    writeFileSync(
      bomb,
      Buffer.concat([
        signature,
        encodePngChunk('IHDR', ihdr),
        encodePngChunk('IDAT', Buffer.alloc(64)),
        encodePngChunk('IEND', Buffer.alloc(0)),
      ]),
    );
    await assert.rejects(compareImageFiles(bomb, await png('small.png', scene)), (err: unknown) => {
      assert.ok(err instanceof CompareError);
      assert.match(err.message, /bomb\.png/);
      assert.match(err.message, /megapixels|decompression bomb/);
      return true;
    });
  });

  it('a missing file, a directory and a text file named .png: each named with its problem', async () => {
    const fine = await png('fine.png', scene);
    await assert.rejects(compareImageFiles(join(dir, 'nope.png'), fine), /nope\.png: no such file/);
    await assert.rejects(compareImageFiles(fine, dir), /is a directory/);
    const text = join(dir, 'notes.png');
    writeFileSync(text, 'this is not an image');
    await assert.rejects(
      compareImageFiles(fine, text),
      (err: unknown) => err instanceof CompareError && err.code === 'not-an-image' && /notes\.png/.test(err.message),
    );
  });

  it('an odd file name (spaces, unicode, leading dash) works', async () => {
    const odd = join(dir, '-odd name ✓ “q”.png');
    copyFileSync(await png('plain.png', scene), odd);
    const r = await compareImageFiles(odd, join(dir, 'plain.png'));
    assert.equal(r.verdict, 'bit-identical');
    assert.ok(existsSync(odd) && statSync(odd).size > 0);
  });
});
