import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { type DecodedImage, opaqueImage } from './decode';
import { makeThumbnail, thumbnailShrink, thumbnailSize } from './thumbnail';

function halves(width: number, height: number, left: number[], right: number[]): DecodedImage {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(x < width / 2 ? left : right, (y * width + x) * 4);
  }
  return { data, width, height, channels: 4, hadAlpha: left[3] !== 255 || right[3] !== 255 };
}

describe('makeThumbnail', () => {
  it('encodes a JPEG that fits in 256 px with the aspect ratio kept and the colours where they were', async () => {
    const image = halves(1200, 600, [220, 20, 20, 255], [20, 20, 220, 255]);
    const thumb = await makeThumbnail(image);
    const { data, info } = await sharp(thumb).raw().toBuffer({ resolveWithObject: true });
    assert.equal((await sharp(thumb).metadata()).format, 'jpeg');
    assert.deepEqual([info.width, info.height], [256, 128]);
    const at = (x: number, y: number) =>
      Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
    const [r1, , b1] = at(30, 64);
    const [r2, , b2] = at(220, 64);
    assert.ok(r1 > 180 && b1 < 60, `left half should stay red, got ${at(30, 64)}`);
    assert.ok(b2 > 180 && r2 < 60, `right half should stay blue, got ${at(220, 64)}`);
  });

  it('makes the same picture from an opaque image kept as RGB', async () => {
    const rgb = Buffer.alloc(600 * 300 * 3);
    for (let p = 0; p < 600 * 300; p++) rgb.set(p % 600 < 300 ? [220, 20, 20] : [20, 20, 220], p * 3);
    const { data, info } = await sharp(await makeThumbnail(opaqueImage(rgb, 600, 300)))
      .raw()
      .toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height], [256, 128]);
    assert.ok(
      data[(64 * 256 + 30) * info.channels] > 180 && data[(64 * 256 + 220) * info.channels + 2] > 180,
      'left red, right blue',
    );
  });

  it('shows transparency over white, not the black hidden under alpha 0', async () => {
    const image = halves(400, 400, [0, 0, 0, 0], [0, 0, 0, 255]);
    const { data, info } = await sharp(await makeThumbnail(image, 100))
      .raw()
      .toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height], [100, 100]);
    assert.ok(data[(50 * 100 + 10) * info.channels] > 235, 'transparent half should be white');
    assert.ok(data[(50 * 100 + 90) * info.channels] < 20, 'opaque black half should stay black');
  });

  it('never enlarges a small image, and handles 1x1', async () => {
    assert.deepEqual(thumbnailSize(100, 50), { width: 100, height: 50 });
    assert.deepEqual(thumbnailSize(5000, 10), { width: 256, height: 1 });
    const meta = await sharp(await makeThumbnail(halves(1, 1, [9, 9, 9, 255], [9, 9, 9, 255]))).metadata();
    assert.deepEqual([meta.width, meta.height], [1, 1]);
  });

  it('refuses a nonsensical size with a clear error', async () => {
    await assert.rejects(makeThumbnail(halves(4, 4, [0, 0, 0, 255], [0, 0, 0, 255]), 0), /maxSide/);
  });
});

describe('thumbnailShrink', () => {
  it('box-shrinks by whole pixels of at least 2, and leaves small images to sharp', () => {
    assert.deepEqual(thumbnailShrink(1024, 1024), { factorX: 4, factorY: 4 });
    assert.deepEqual(thumbnailShrink(832, 1216), { factorX: 4, factorY: 4 });
    assert.deepEqual(thumbnailShrink(1000, 777), { factorX: 3, factorY: 3 });
    assert.equal(thumbnailShrink(300, 200), null);
    assert.equal(thumbnailShrink(100, 50), null);
  });
});
