import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copyScene, makeScene } from '../pixels/synthetic-scene.fixture';
import { findChangedRegions } from './changed-regions';
import { heatmapInfo, renderHeatmap } from './heatmap';
import { measureDelta, psnrFromDelta } from './pixel-delta';
import { lumaSsim } from './ssim';

describe('measureDelta (exact pixel differences)', () => {
  const a = makeScene({ width: 200, height: 150, seed: 5 });

  it('finds nothing in identical pixels', () => {
    const d = measureDelta(a.data, copyScene(a).data, a.width, a.height);
    assert.equal(d.changedPixels, 0);
    assert.equal(d.maxDelta, 0);
    assert.equal(psnrFromDelta(d), null);
  });

  it('counts every ±1 difference exactly (pixelmatch thresholds would hide them)', () => {
    const b = copyScene(a);
    let expected = 0;
    for (let i = 0; i < a.width * a.height; i += 7) {
      const p = i * 4 + (i % 3);
      b.data[p] = b.data[p] === 255 ? 254 : b.data[p] + 1;
      expected++;
    }
    const d = measureDelta(a.data, b.data, a.width, a.height);
    assert.equal(d.changedPixels, expected);
    assert.equal(d.maxDelta, 1);
    assert.equal(d.histogram[0], expected);
    assert.equal(d.sumAbsRgb, expected);
    assert.ok((psnrFromDelta(d) as number) > 50);
  });

  it('separates alpha-only changes (stealth metadata writers touch alpha LSBs)', () => {
    const b = copyScene(a);
    b.data[3] = 254;
    b.data[7] = 250;
    b.data[8] = (b.data[8] + 40) % 256;
    const d = measureDelta(a.data, b.data, a.width, a.height);
    assert.equal(d.changedPixels, 3);
    assert.equal(d.alphaOnlyChangedPixels, 2);
    assert.equal(d.maxDelta, 40);
    assert.deepEqual(d.histogram, [1, 0, 1, 0, 0, 1, 0, 0]);
  });

  it('works on buffers that are not 4-byte aligned', () => {
    const shifted = Buffer.alloc(a.data.length + 1).subarray(1);
    a.data.copy(shifted);
    shifted[0] ^= 0xff;
    const d = measureDelta(a.data, shifted, a.width, a.height);
    assert.equal(d.changedPixels, 1);
  });

  it('refuses buffers too small for the stated size', () => {
    assert.throws(() => measureDelta(a.data, a.data.subarray(0, 10), a.width, a.height), RangeError);
  });
});

describe('lumaSsim', () => {
  const a = makeScene({ width: 256, height: 256, seed: 11 });

  it('is 1 for identical pixels and falls as the change grows', () => {
    assert.equal(lumaSsim(a.data, a.data, 256, 256).mean, 1);
    const small = copyScene(a);
    const large = copyScene(a);
    for (let i = 0; i < small.data.length; i += 4) {
      small.data[i] = Math.min(255, small.data[i] + 2);
      large.data[i] = 255 - large.data[i];
      large.data[i + 1] = 255 - large.data[i + 1];
    }
    const s1 = lumaSsim(a.data, small.data, 256, 256).mean;
    const s2 = lumaSsim(a.data, large.data, 256, 256).mean;
    assert.ok(s1 > 0.98 && s1 < 1, `small change: ${s1}`);
    assert.ok(s2 < 0.5, `large change: ${s2}`);
  });

  it('finds a local change in the worst window even when the mean stays high', () => {
    const b = copyScene(a);
    for (let y = 100; y < 116; y++) for (let x = 100; x < 116; x++) b.data[(y * 256 + x) * 4 + 1] ^= 0x80;
    const s = lumaSsim(a.data, b.data, 256, 256);
    assert.ok(s.mean > 0.98, `mean ${s.mean}`);
    assert.ok(s.min < 0.5, `min ${s.min}`);
  });

  it('handles images smaller than one 8x8 window', () => {
    const tiny = makeScene({ width: 3, height: 5, seed: 2 });
    assert.equal(lumaSsim(tiny.data, tiny.data, 3, 5).mean, 1);
  });
});

describe('findChangedRegions', () => {
  it('boxes separate changes separately, largest first, capped', () => {
    const a = makeScene({ width: 256, height: 256, seed: 3 });
    const b = copyScene(a);
    for (let y = 10; y < 30; y++) for (let x = 10; x < 60; x++) b.data[(y * 256 + x) * 4] ^= 1;
    for (let y = 200; y < 205; y++) for (let x = 200; x < 205; x++) b.data[(y * 256 + x) * 4 + 2] ^= 4;
    const regions = findChangedRegions(measureDelta(a.data, b.data, 256, 256));
    assert.equal(regions.total, 2);
    const [big, small] = regions.boxes;
    assert.equal(big.changedPixels, 20 * 50);
    assert.equal(small.changedPixels, 25);
    assert.ok(big.x <= 10 && big.y <= 10 && big.x + big.width >= 60 && big.y + big.height >= 30);
    assert.ok(small.x <= 200 && small.x + small.width >= 205);
    assert.equal(small.maxDelta, 4);
    const scattered = copyScene(a);
    for (let y = 0; y < 256; y += 16) for (let x = 0; x < 256; x += 16) scattered.data[(y * 256 + x) * 4] ^= 1;
    const capped = findChangedRegions(measureDelta(a.data, scattered.data, 256, 256), 5);
    assert.equal(capped.total, 256);
    assert.equal(capped.boxes.length, 5);
  });
});

describe('heatmap', () => {
  it('shows zero as neutral grey and ±1 as a clearly coloured pixel, with the legend range stated', () => {
    const a = makeScene({ width: 64, height: 64, seed: 4 });
    const b = copyScene(a);
    b.data[0] = b.data[0] === 255 ? 254 : b.data[0] + 1;
    b.data[(10 * 64 + 10) * 4] ^= 0xff;
    const delta = measureDelta(a.data, b.data, 64, 64);
    const rgb = renderHeatmap(delta, a.data);
    const px = (i: number) => [rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2]];
    const [r0, g0, b0] = px(5);
    assert.ok(r0 === g0 && g0 === b0 && r0 <= 64, `unchanged pixel should be dim grey, got ${px(5)}`);
    const [r1, g1, b1] = px(0);
    assert.ok(Math.max(r1, g1, b1) - Math.min(r1, g1, b1) > 40, `a ±1 pixel must be saturated, got ${px(0)}`);
    const info = heatmapInfo(delta.maxDelta, 64, 64, null);
    assert.equal(info.minDelta, 1);
    assert.equal(info.maxDelta, delta.maxDelta);
    assert.equal(info.stops[0].delta, 1);
    assert.equal(info.stops[info.stops.length - 1].delta, delta.maxDelta);
    assert.match(info.stops[0].colour, /^#[0-9a-f]{6}$/);
  });
});
