// The pixel pass's one walk must give exactly the values of the separate functions (the RGBA SHA-256 and the
// perceptual hash are stored formats), and a thumbnail like sharp's whole-image one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { type DecodedImage, opaqueImage } from './decode';
import { indexPixels } from './index-pixels';
import { perceptualHash } from './perceptual-hash';
import { imagePixelSha256 } from './pixel-hash';
import { makeScene } from './synthetic-scene.fixture';
import { makeThumbnail } from './thumbnail';

function scene(width: number, height: number, alpha: boolean): DecodedImage {
  const rgba = makeScene({ width, height, seed: width + height, alpha });
  if (alpha) return rgba;
  const rgb = Buffer.alloc(width * height * 3);
  for (let p = 0; p < width * height; p++) rgb.set(rgba.data.subarray(p * 4, p * 4 + 3), p * 3);
  return opaqueImage(rgb, width, height);
}

async function pixels(jpeg: Buffer) {
  return sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
}

describe('indexPixels', () => {
  it('gives the RGBA SHA-256 and the perceptual hash of the separate functions, whatever the size', () => {
    for (const [width, height, alpha] of [
      [1024, 1024, false],
      [832, 1216, false],
      [2050, 1030, false],
      [1000, 777, false],
      [33, 31, false],
      [20, 40, false],
      [1, 1, false],
      [600, 600, true],
    ] as const) {
      const image = scene(width, height, alpha);
      const label = `${width}x${height}${alpha ? ' with alpha' : ''}`;
      const indexed = indexPixels(image);
      assert.equal(indexed.pixelSha256, imagePixelSha256(image), label);
      assert.equal(indexed.perceptualHash, perceptualHash(image), label);
    }
  });

  it("makes a thumbnail like sharp's whole-image one, shrunk or not, opaque or not", async () => {
    for (const [width, height, alpha] of [
      [1024, 1024, false],
      [832, 1216, false],
      [1000, 777, false],
      [300, 200, false],
      [600, 600, true],
    ] as const) {
      const image = scene(width, height, alpha);
      const label = `${width}x${height}${alpha ? ' with alpha' : ''}`;
      const fused = await pixels(await indexPixels(image).thumbnail());
      const whole = await pixels(await makeThumbnail(image));
      assert.deepEqual([fused.info.width, fused.info.height], [whole.info.width, whole.info.height], label);
      let difference = 0;
      for (let i = 0; i < fused.data.length; i++) difference += Math.abs(fused.data[i] - whole.data[i]);
      assert.ok(difference / fused.data.length < 4, `${label}: mean difference ${difference / fused.data.length}`);
    }
  });
});
