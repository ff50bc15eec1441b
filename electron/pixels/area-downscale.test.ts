// The box shrink behind thumbnails: its 32-bit fast path (opaque bands) and its compositing path must agree.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { areaRgbOver } from './area-downscale';
import type { DecodedImage } from './decode';
import { makeScene } from './synthetic-scene.fixture';

/** The same pixels one byte into a larger allocation: no 32-bit view is possible, so the general path runs. */
function unaligned(image: DecodedImage): DecodedImage {
  const backing = Buffer.alloc(image.data.length + 1);
  image.data.copy(backing, 1);
  return { ...image, data: backing.subarray(1) };
}

describe('areaRgbOver', () => {
  it('gives the same bytes through the fast opaque path and the general path', () => {
    const scene = makeScene({ width: 517, height: 301, seed: 11 });
    for (const [w, h] of [[256, 149], [7, 3], [517, 301], [1000, 400]]) {
      assert.deepEqual(areaRgbOver(scene, w, h), areaRgbOver(unaligned(scene), w, h), `${w}x${h}`);
    }
  });

  it('averages each cell exactly, and composites a band holding one translucent pixel over the background', () => {
    const data = Buffer.alloc(4 * 4 * 4, 255);
    for (let p = 0; p < 16; p++) data.set([p * 10, 100, 200 - p * 10, 255], p * 4);
    const image: DecodedImage = { data, width: 4, height: 4, channels: 4, hadAlpha: true };
    // Top-left 2x2 cell holds pixels 0, 1, 4, 5: red mean (0 + 10 + 40 + 50) / 4 = 25.
    assert.deepEqual(Array.from(areaRgbOver(image, 2, 2).subarray(0, 3)), [25, 100, 175]);
    data[5 * 4 + 3] = 0; // pixel 5 fully transparent: counts as white (255) in every channel
    const out = areaRgbOver(image, 2, 2);
    assert.deepEqual(Array.from(out.subarray(0, 3)), [Math.round((0 + 10 + 40 + 255) / 4), Math.round((100 * 3 + 255) / 4), Math.round((200 + 190 + 160 + 255) / 4)]);
    assert.deepEqual(Array.from(out.subarray(6, 9)), [Math.round((80 + 90 + 120 + 130) / 4), 100, Math.round((120 + 110 + 80 + 70) / 4)]);
  });
});
