// The SIMD walk against plain JS definitions: the RGBA bytes (a stored hash is taken over them) must be exact, and
// the box shrink must be the rounded mean of each whole kx x ky block.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { areaLuma, lumaFromSums, lumaSampling } from '../area-downscale';
import { opaqueImage } from '../decode';
import { PIXEL_KERNELS_SOURCE_SHA256 } from './pixel-kernels-module';
import { encodeJpeg, KERNEL_MAX_WIDTH, rgbaBands, type ShrunkImage, shrinkFits } from './pixel-kernels';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

function randomRgb(width: number, height: number, seed: number): Buffer {
  const rgb = Buffer.alloc(width * height * 3);
  let s = seed >>> 0;
  for (let i = 0; i < rgb.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    rgb[i] = s >>> 24;
  }
  return rgb;
}

function walk(rgb: Buffer, width: number, height: number, factorX = 0, factorY = 0) {
  const bands: Buffer[] = [];
  const { shrunk } = rgbaBands(rgb, width, height, (rgba) => bands.push(Buffer.from(rgba)), {
    shrink: factorX ? { factorX, factorY } : null,
  });
  return { rgba: Buffer.concat(bands), shrunk };
}

function plainRgba(rgb: Buffer): Buffer {
  const rgba = Buffer.alloc((rgb.length / 3) * 4, 255);
  for (let p = 0; p < rgb.length / 3; p++) rgb.copy(rgba, p * 4, p * 3, p * 3 + 3);
  return rgba;
}

function plainBoxShrink(rgb: Buffer, width: number, height: number, kx: number, ky: number): Buffer {
  const ow = Math.floor(width / kx);
  const oh = Math.floor(height / ky);
  const out = Buffer.alloc(ow * oh * 3);
  for (let oy = 0; oy < oh; oy++)
    for (let ox = 0; ox < ow; ox++)
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let y = oy * ky; y < (oy + 1) * ky; y++)
          for (let x = ox * kx; x < (ox + 1) * kx; x++) sum += rgb[(y * width + x) * 3 + c];
        out[(oy * ow + ox) * 3 + c] = Math.floor((sum + Math.floor((kx * ky) / 2)) / (kx * ky));
      }
  return out;
}

describe('rgbaBands (the SIMD walk)', () => {
  it('was built from the C source beside it (run scripts/build-pixel-kernels.js after editing it)', () => {
    const source = readFileSync(path.join(repoRoot, 'electron', 'pixels', 'wasm', 'pixel-kernels.c'));
    assert.equal(createHash('sha256').update(source).digest('hex'), PIXEL_KERNELS_SOURCE_SHA256);
  });

  it('hands over exactly the RGBA bytes, in order, for odd sizes, one-row bands and many bands', () => {
    for (const [width, height] of [
      [1, 1],
      [2, 3],
      [5, 7],
      [17, 1],
      [1023, 40],
      [16385, 3],
    ]) {
      const rgb = randomRgb(width, height, width * 31 + height);
      assert.ok(walk(rgb, width, height).rgba.equals(plainRgba(rgb)), `${width}x${height}`);
    }
  });

  it('box-shrinks to the rounded mean of each whole block, leaving out the partial ones at the edges', () => {
    for (const [width, height, kx, ky] of [
      [1024, 1024, 4, 4],
      [832, 1216, 4, 4],
      [1000, 777, 3, 3],
      [9, 7, 2, 3],
      [50, 5, 7, 2],
      [4100, 20, 16, 16],
    ]) {
      const rgb = randomRgb(width, height, kx * 7 + ky);
      const { rgba, shrunk } = walk(rgb, width, height, kx, ky);
      const label = `${width}x${height} by ${kx}x${ky}`;
      assert.ok(shrunk, label);
      assert.deepEqual([shrunk.width, shrunk.height], [Math.floor(width / kx), Math.floor(height / ky)], label);
      assert.ok(shrunk.data.equals(plainBoxShrink(rgb, width, height, kx, ky)), label);
      assert.ok(rgba.equals(plainRgba(rgb)), `${label}: the RGBA is unchanged by shrinking`);
    }
  });

  it("sums exactly the pixels areaLuma averages (the perceptual hash's grid), step 1 and sampled", () => {
    for (const [width, height, step] of [
      [64, 48, 1],
      [1024, 1024, 2],
      [333, 1001, 3],
      [40, 32, 1],
    ]) {
      const rgb = randomRgb(width, height, width ^ height);
      const sampling = lumaSampling(width, height, 32, 32, step)!;
      const { lumaSums } = rgbaBands(rgb, width, height, () => undefined, { luma: sampling });
      const grid = areaLuma(opaqueImage(rgb, width, height), 32, 32, step);
      assert.deepEqual(lumaFromSums(lumaSums!, sampling), grid, `${width}x${height} step ${step}`);
    }
    assert.equal(lumaSampling(20, 40, 32, 32, 1), null, 'an image narrower than the grid is left to areaLuma');
  });

  it('keeps white white at the tallest shrink it takes (the 16-bit row sums do not overflow)', () => {
    assert.ok(shrinkFits({ factorX: 2, factorY: 257 }) && !shrinkFits({ factorX: 2, factorY: 258 }));
    const rgb = Buffer.alloc(4 * 257 * 3, 255);
    const { shrunk } = walk(rgb, 4, 257, 2, 257);
    assert.deepEqual([...shrunk!.data], [255, 255, 255, 255, 255, 255]);
  });

  it('can be used again after a larger image grew its memory', () => {
    const small = randomRgb(8, 8, 1);
    walk(randomRgb(3000, 300, 2), 3000, 300, 10, 10);
    const again = walk(small, 8, 8, 2, 2);
    assert.ok(again.shrunk!.data.equals(plainBoxShrink(small, 8, 8, 2, 2)));
  });

  it('refuses what it cannot take, so callers walk it in JS', () => {
    assert.throws(() => walk(Buffer.alloc((KERNEL_MAX_WIDTH + 1) * 3), KERNEL_MAX_WIDTH + 1, 1), RangeError);
    assert.throws(() => walk(Buffer.alloc(600 * 3), 2, 300, 2, 258), RangeError);
    assert.throws(() => walk(Buffer.alloc(10), 2, 2), RangeError, 'too few bytes');
  });
});

/** A smooth picture: gradients and a disc, the kind of content a thumbnail shows. */
function smooth(width: number, height: number): ShrunkImage {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const inDisc = (x - width / 2) ** 2 + (y - height / 2) ** 2 < (Math.min(width, height) / 3) ** 2;
      data.set(
        inDisc ? [230, 60, 40] : [(255 * x) / width, (255 * y) / height, 128 + 100 * Math.sin(x / 9)],
        (y * width + x) * 3,
      );
    }
  return { data, width, height };
}

/** The mean error of libjpeg's own JPEG of `image` at `quality`, decoded. */
async function libjpegError(image: ShrunkImage, quality: number): Promise<number> {
  const { width, height } = image;
  const jpeg = await sharp(image.data, { raw: { width, height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
  return meanDifference((await decoded(jpeg)).data, image.data);
}

async function decoded(jpeg: Buffer) {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

function meanDifference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

describe('encodeJpeg (the thumbnail finishing step)', () => {
  it('writes a baseline JPEG that libjpeg decodes to the picture, as close as its own encoder at the same quality', async () => {
    const image = smooth(256, 256);
    const ours = await decoded(encodeJpeg(image, image, 82));
    assert.deepEqual([ours.width, ours.height, ours.channels], [256, 256, 3]);
    const ourError = meanDifference(ours.data, image.data);
    const theirError = await libjpegError(image, 82);
    assert.ok(ourError < theirError * 1.1 + 0.1, `mean error ${ourError} against libjpeg's ${theirError}`);
  });

  it('encodes sizes that are not whole 16x16 blocks, and noise (0xFF bytes stuffed in the entropy data)', async () => {
    for (const [width, height] of [
      [1, 1],
      [15, 17],
      [17, 15],
      [33, 1],
      [255, 129],
    ]) {
      const image = smooth(width, height);
      const out = await decoded(encodeJpeg(image, image, 82));
      assert.deepEqual([out.width, out.height], [width, height]);
      const error = meanDifference(out.data, image.data);
      assert.ok(error < (await libjpegError(image, 82)) * 1.1 + 0.5, `${width}x${height}: mean error ${error}`);
    }
    const noise = { data: randomRgb(64, 64, 7), width: 64, height: 64 };
    const jpeg = encodeJpeg(noise, noise, 95);
    assert.ok(jpeg.includes(Buffer.from([0xff, 0x00])), 'a stuffed 0xFF in the data');
    assert.deepEqual([(await decoded(jpeg)).width, (await decoded(jpeg)).height], [64, 64]);
  });

  it('area-resamples what a box shrink left over: a flat colour stays exact, an edge stays where it was', async () => {
    const flat = { data: Buffer.alloc(208 * 304 * 3), width: 208, height: 304 };
    for (let p = 0; p < 208 * 304; p++) flat.data.set([40, 150, 220], p * 3);
    const out = await decoded(encodeJpeg(flat, { width: 175, height: 256 }, 95));
    assert.deepEqual([out.width, out.height], [175, 256]);
    assert.ok(meanDifference(out.data, Buffer.alloc(out.data.length).fill(Buffer.from([40, 150, 220]))) < 2);
    const split = { data: Buffer.alloc(300 * 40 * 3), width: 300, height: 40 };
    for (let p = 0; p < 300 * 40; p++) split.data.set(p % 300 < 150 ? [255, 255, 255] : [0, 0, 0], p * 3);
    const halves = await decoded(encodeJpeg(split, { width: 200, height: 30 }, 95));
    const at = (x: number) => halves.data[(15 * 200 + x) * 3];
    assert.ok(at(60) > 240 && at(140) < 15, `white left, black right: ${at(60)}, ${at(140)}`);
  });

  it('refuses sizes it does not take', () => {
    const image = smooth(32, 32);
    assert.throws(() => encodeJpeg(image, { width: 64, height: 32 }, 82), RangeError, 'enlarging');
    assert.throws(() => encodeJpeg(image, { width: 8, height: 8 }, 82), RangeError, 'more than a leftover');
    assert.throws(() => encodeJpeg(image, image, 0), RangeError, 'quality');
  });
});
