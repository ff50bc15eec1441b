import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { decodeImage, opaqueImage } from './decode';
import { NEAR_DUPLICATE_BITS, perceptualDistance, perceptualHash } from './perceptual-hash';
import { encodeScene, makeScene } from './synthetic-scene.fixture';

describe('perceptualHash', () => {
  const original = makeScene({ width: 640, height: 480, seed: 7 });

  it('is 16 lowercase hex digits and stable for the same pixels', () => {
    const hash = perceptualHash(original);
    assert.match(hash, /^[0-9a-f]{16}$/);
    assert.equal(perceptualHash(original), hash);
  });

  it('stays within the near-duplicate distance after JPEG re-encode, resize and WebP', async () => {
    const hash = perceptualHash(original);
    const png = await encodeScene(original, 'png');
    const jpegQ60 = await decodeImage(await sharp(png).jpeg({ quality: 60 }).toBuffer());
    const halfSize = await decodeImage(await sharp(png).resize(320, 240).png().toBuffer());
    const webp = await decodeImage(await sharp(png).webp({ quality: 70 }).toBuffer());
    for (const [name, copy] of [
      ['jpeg q60', jpegQ60],
      ['resized to 320x240', halfSize],
      ['webp q70', webp],
    ] as const) {
      const distance = perceptualDistance(hash, perceptualHash(copy));
      assert.ok(distance <= NEAR_DUPLICATE_BITS, `${name}: distance ${distance} > ${NEAR_DUPLICATE_BITS}`);
    }
  });

  it('is the same whether an opaque image is read from its decoder RGB or from RGBA', () => {
    const pixels = original.width * original.height;
    const rgb = Buffer.alloc(pixels * 3);
    const rgba = Buffer.alloc(pixels * 4, 255);
    for (let p = 0; p < pixels; p++) {
      original.data.copy(rgb, p * 3, p * 4, p * 4 + 3);
      original.data.copy(rgba, p * 4, p * 4, p * 4 + 3);
    }
    const fromRgb = opaqueImage(rgb, original.width, original.height);
    assert.equal(
      perceptualHash(fromRgb),
      perceptualHash({ data: rgba, width: original.width, height: original.height, channels: 4, hadAlpha: false }),
    );
  });

  it('puts different compositions far apart', () => {
    const hash = perceptualHash(original);
    for (const seed of [8, 9, 10]) {
      const other = makeScene({ width: 640, height: 480, seed });
      const distance = perceptualDistance(hash, perceptualHash(other));
      assert.ok(distance > NEAR_DUPLICATE_BITS + 4, `seed ${seed}: distance ${distance} is too close`);
    }
  });

  it('ignores alpha (Forge stealth rewrites alpha LSBs) and handles a 1x1 image', () => {
    const withAlpha = { ...original, data: Buffer.from(original.data) };
    for (let i = 3; i < withAlpha.data.length; i += 4) withAlpha.data[i] = 254;
    assert.equal(perceptualHash(withAlpha), perceptualHash(original));
    const tiny = { data: Buffer.from([10, 20, 30, 255]), width: 1, height: 1, channels: 4 as const, hadAlpha: false };
    assert.match(perceptualHash(tiny), /^[0-9a-f]{16}$/);
  });
});

describe('perceptualDistance', () => {
  it('counts differing bits', () => {
    assert.equal(perceptualDistance('0000000000000000', '0000000000000000'), 0);
    assert.equal(perceptualDistance('0000000000000000', 'ffffffffffffffff'), 64);
    assert.equal(perceptualDistance('0f00000000000001', '0000000000000000'), 5);
    assert.equal(perceptualDistance('ABCDEF0000000000', 'abcdef0000000000'), 0);
  });

  it('refuses hashes of different lengths or non-hex text', () => {
    assert.throws(() => perceptualDistance('00', '000'), RangeError);
    assert.throws(() => perceptualDistance('zz', '00'), RangeError);
  });
});
