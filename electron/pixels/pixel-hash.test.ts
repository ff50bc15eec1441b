// The pixel hashes are a stored format (library rows, sidecars): the word-packing fast path must give exactly the
// hashes of the plain definition, "SHA-256 of the RGBA bytes" and "SHA-256 of the R,G,B bytes in pixel order".
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { type DecodedImage, opaqueImage } from './decode';
import { imagePixelSha256, imageRgbSha256, pixelSha256, rgbSha256, summarizePixels } from './pixel-hash';
import { makeScene } from './synthetic-scene.fixture';
import { KERNEL_MAX_WIDTH } from './wasm/pixel-kernels';

function plainRgbSha256(rgba: Uint8Array): string {
  const rgb: number[] = [];
  for (let i = 0; i < rgba.length; i += 4) rgb.push(rgba[i], rgba[i + 1] ?? 0, rgba[i + 2] ?? 0);
  return createHash('sha256').update(Uint8Array.from(rgb)).digest('hex');
}

/** The same pixels at a byte offset inside a larger allocation, as a pooled or sliced Buffer can be. */
function atOffset(image: DecodedImage, offset: number): DecodedImage {
  const backing = Buffer.alloc(image.data.length + offset);
  image.data.copy(backing, offset);
  return { ...image, data: backing.subarray(offset) };
}

describe('summarizePixels', () => {
  it('equals the plain definition for odd sizes, more than one 64 KiB slice, and unaligned buffers', () => {
    for (const [width, height] of [
      [1, 1],
      [3, 1],
      [5, 7],
      [301, 219],
      // Many SIMD bands; one row a band; rows too wide for the SIMD walk (hashed in JS).
      [1024, 70],
      [20001, 2],
      [KERNEL_MAX_WIDTH + 1, 1],
    ]) {
      const scene = makeScene({ width, height, seed: width });
      for (let i = 3; i < scene.data.length; i += 44) scene.data[i] = i & 0xff; // some alpha, which RGB must ignore
      for (const image of [scene, atOffset(scene, 1), atOffset(scene, 2)]) {
        const summary = summarizePixels(image);
        const label = `${width}x${height} at offset ${image.data.byteOffset % 4}`;
        assert.equal(summary.sha256, createHash('sha256').update(scene.data).digest('hex'), label);
        assert.equal(summary.rgbSha256, plainRgbSha256(scene.data), label);
        assert.deepEqual([summary.width, summary.height], [width, height]);
        assert.equal(rgbSha256(image.data), summary.rgbSha256, label);
        assert.equal(pixelSha256(image.data), summary.sha256, label);
        assert.equal(imageRgbSha256(image), summary.rgbSha256, label);
      }
    }
  });

  it('keeps RGB equal and RGBA different when only alpha changes (Forge stealth)', () => {
    const scene = makeScene({ width: 64, height: 48, seed: 3 });
    const stealth = { ...scene, data: Buffer.from(scene.data) };
    for (let i = 3; i < stealth.data.length; i += 4) stealth.data[i] = 254;
    assert.equal(summarizePixels(stealth).rgbSha256, summarizePixels(scene).rgbSha256);
    assert.notEqual(summarizePixels(stealth).sha256, summarizePixels(scene).sha256);
  });

  it('hashes a buffer whose length is not whole pixels the way the byte loop always did', () => {
    const odd = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    assert.equal(rgbSha256(odd), plainRgbSha256(odd));
    assert.equal(pixelSha256(odd), createHash('sha256').update(odd).digest('hex'));
  });

  it('hashes an opaque image kept as RGB exactly as its RGBA bytes, without making the RGBA copy', () => {
    for (const [width, height] of [
      [1, 1],
      [3, 1],
      [5, 7],
      [301, 219],
      // Many SIMD bands; one row a band; rows too wide for the SIMD walk (hashed in JS).
      [1024, 70],
      [20001, 2],
      [KERNEL_MAX_WIDTH + 1, 1],
    ]) {
      const scene = makeScene({ width, height, seed: width + 1 });
      const rgb = Buffer.alloc(width * height * 3);
      for (let p = 0; p < width * height; p++) rgb.set(scene.data.subarray(p * 4, p * 4 + 3), p * 3);
      const rgba = Buffer.alloc(width * height * 4, 255);
      for (let p = 0; p < width * height; p++) rgb.copy(rgba, p * 4, p * 3, p * 3 + 3);
      for (const source of [rgb, Buffer.concat([Buffer.alloc(1), rgb]).subarray(1)]) {
        let rgbaMade = false;
        const opaque = opaqueImage(source, width, height);
        const watched = Object.defineProperty({ ...opaque, data: Buffer.alloc(0) }, 'data', {
          get: () => {
            rgbaMade = true;
            return opaque.data;
          },
        });
        const summary = summarizePixels(watched);
        const label = `${width}x${height} at offset ${source.byteOffset % 4}`;
        assert.equal(summary.sha256, createHash('sha256').update(rgba).digest('hex'), label);
        assert.equal(summary.rgbSha256, createHash('sha256').update(rgb).digest('hex'), label);
        assert.equal(imagePixelSha256(watched), summary.sha256, label);
        assert.equal(imageRgbSha256(watched), summary.rgbSha256, label);
        assert.equal(rgbaMade, false, `${label}: the RGBA copy was made`);
        assert.ok(opaque.data.equals(rgba), `${label}: RGBA built on demand`);
      }
    }
  });
});
