// The DQT reader against JPEGs that sharp (libjpeg-turbo) writes at known qualities, and against bytes that are not
// a JPEG or stop early.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { makeScene } from '../pixels/synthetic-scene.fixture';
import { estimateJpegQuality, ijgTable, readQuantTables } from './jpeg-quality';

const scene = makeScene({ width: 64, height: 48, seed: 3 });

async function jpeg(quality: number, options: sharp.JpegOptions = {}): Promise<Buffer> {
  return sharp(scene.data, { raw: { width: 64, height: 48, channels: 4 } })
    .jpeg({ quality, ...options })
    .toBuffer();
}

describe('JPEG quality from the quantisation tables', () => {
  for (const quality of [10, 40, 50, 60, 75, 85, 92, 95, 100]) {
    it(`reads quality ${quality} back exactly from a JPEG sharp wrote at ${quality}`, async () => {
      assert.deepEqual(estimateJpegQuality(await jpeg(quality)), { quality, exact: true, tables: 2 });
    });
  }

  it('reads greyscale and progressive files', async () => {
    const grey = await sharp(scene.data, { raw: { width: 64, height: 48, channels: 4 } })
      .greyscale()
      .jpeg({ quality: 70 })
      .toBuffer();
    assert.equal(estimateJpegQuality(grey)?.quality, 70);
    assert.equal(estimateJpegQuality(await jpeg(80, { progressive: true }))?.quality, 80);
  });

  it('names the nearest quality for custom tables, flagged as not exact', async () => {
    const bytes = Buffer.from(await jpeg(75));
    const tables = readQuantTables(bytes);
    // The first row of the luma table (natural order) is Annex K's first row scaled to quality 75.
    assert.deepEqual(tables?.get(0)?.slice(0, 8), ijgTable([16, 11, 10, 16, 24, 40, 51, 61], 75));
    // Nudge one coefficient of the luma table, as a camera's or Photoshop's own tables would differ.
    const dqt = bytes.indexOf(Buffer.from([0xff, 0xdb]));
    bytes[dqt + 5 + 10] += 3;
    assert.deepEqual(estimateJpegQuality(bytes), { quality: 75, exact: false, tables: 2 });
  });

  it('answers null for bytes that are not a JPEG, and stops at a segment running past the end', async () => {
    assert.equal(estimateJpegQuality(Buffer.from('not a jpeg at all')), null);
    const png = await sharp(scene.data, { raw: { width: 64, height: 48, channels: 4 } })
      .png()
      .toBuffer();
    assert.equal(estimateJpegQuality(png), null);
    const whole = await jpeg(60);
    const dqt = whole.indexOf(Buffer.from([0xff, 0xdb]));
    assert.equal(estimateJpegQuality(whole.subarray(0, dqt + 20)), null, 'a DQT cut short is not read');
  });
});
