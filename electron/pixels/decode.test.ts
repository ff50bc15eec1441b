// decodeImage keeps an opaque image as the decoder's RGB and builds RGBA only on demand: that RGBA must be the very
// bytes sharp's ensureAlpha gives, for every kind of input, because the stored pixel hashes are over it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { decodeImage, DecodeError } from './decode';
import { encodeScene, makeScene } from './synthetic-scene.fixture';

async function ensureAlphaBytes(input: Buffer): Promise<Buffer> {
  return sharp(input).ensureAlpha().raw({ depth: 'uchar' }).toBuffer();
}

describe('decodeImage', () => {
  const scene = makeScene({ width: 97, height: 61, seed: 5 });

  it('gives the bytes of ensureAlpha for opaque inputs of every colour type, keeping their RGB', async () => {
    const png = await encodeScene(scene, 'png');
    const inputs: Record<string, Buffer> = {
      'RGB PNG': await sharp(png).removeAlpha().png().toBuffer(),
      'greyscale PNG': await sharp(png).removeAlpha().greyscale().png().toBuffer(),
      'palette PNG': await sharp(png).removeAlpha().png({ palette: true }).toBuffer(),
      '16-bit PNG': await sharp(png).removeAlpha().toColourspace('rgb16').png().toBuffer(),
      JPEG: await sharp(png).jpeg().toBuffer(),
      'CMYK JPEG': await sharp(png).removeAlpha().toColourspace('cmyk').jpeg().toBuffer(),
      WebP: await sharp(png).removeAlpha().webp().toBuffer(),
    };
    for (const [name, input] of Object.entries(inputs)) {
      const decoded = await decodeImage(input);
      assert.ok(decoded.rgb, `${name}: kept as RGB`);
      assert.equal(decoded.hadAlpha, false, name);
      assert.equal(decoded.rgb.length, decoded.width * decoded.height * 3, name);
      assert.ok(decoded.data.equals(await ensureAlphaBytes(input)), `${name}: RGBA differs from ensureAlpha`);
      assert.equal(decoded.data, decoded.data, `${name}: the RGBA copy is made once`);
    }
  });

  it('returns RGBA as decoded for inputs with alpha (grey+alpha and palette+tRNS too)', async () => {
    const translucent = makeScene({ width: 40, height: 30, seed: 9 });
    for (let i = 3; i < translucent.data.length; i += 4) translucent.data[i] = (i * 7) & 0xff;
    const png = await encodeScene(translucent, 'png');
    for (const input of [
      png,
      await sharp(png).greyscale().png().toBuffer(),
      await sharp(png).png({ palette: true }).toBuffer(),
    ]) {
      const decoded = await decodeImage(input);
      assert.equal(decoded.rgb, undefined);
      assert.equal(decoded.hadAlpha, true);
      assert.ok(decoded.data.equals(await ensureAlphaBytes(input)));
    }
  });

  it('names the problem for bytes that are not an image', async () => {
    await assert.rejects(
      decodeImage(Buffer.from('not an image at all')),
      (err: unknown) => err instanceof DecodeError && /not a supported image format/.test(err.message),
    );
  });
});
