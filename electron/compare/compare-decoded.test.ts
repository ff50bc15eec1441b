// compareDecoded: the web mode's entry point (uploaded files, decoded in memory, nothing written to disk).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { emptyTuple, type GenerationTuple } from '../../shared/tuple';
import type { DecodedImage } from '../pixels/decode';
import { copyScene, makeScene } from '../pixels/synthetic-scene.fixture';
import { compareDecoded, type CompareSide } from './compare-decoded';

function side(file: string, decoded: DecodedImage, tuple: GenerationTuple | null): CompareSide {
  return { report: { file, format: 'png', generator: tuple?.generator ?? null, tuple, warnings: [] }, decoded };
}

describe('compareDecoded', () => {
  const a = makeScene({ width: 96, height: 64, seed: 12 });

  it('returns the heatmap as PNG bytes at the compared size, with the legend in the result', async () => {
    const b = copyScene(a);
    for (let x = 0; x < 96; x++) b.data[(30 * 96 + x) * 4 + 2] ^= 0x10;
    const ta = { ...emptyTuple('comfyui'), seed: '1', steps: 20 };
    const tb = { ...emptyTuple('comfyui'), seed: '2', steps: 20 };
    const { result, heatmapPng } = await compareDecoded(side('upload-a.png', a, ta), side('upload-b.png', b, tb), {
      heatmap: true,
    });
    assert.ok(heatmapPng);
    const meta = await sharp(heatmapPng).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', 96, 64]);
    assert.equal(result.heatmap.path, null);
    assert.equal(result.heatmap.maxDelta, 16);
    assert.equal(result.pixel.changedPixels, 96);
    assert.equal(result.culprits[0].cause, 'seed');
    assert.equal(result.a.file, 'upload-a.png');
    assert.equal(
      JSON.stringify(JSON.parse(JSON.stringify(result))),
      JSON.stringify(result),
      'the result is plain JSON data',
    );
  });

  it('skips the heatmap unless asked, and keeps warnings from each side', async () => {
    const left = side('a.png', a, null);
    left.report.warnings.push('text chunk "parameters" is truncated');
    const { result, heatmapPng } = await compareDecoded(left, side('b.png', a, null));
    assert.equal(heatmapPng, null);
    assert.equal(result.verdict, 'bit-identical');
    assert.deepEqual(result.warnings, ['A: text chunk "parameters" is truncated']);
    assert.equal(result.culprits[0].cause, 'metadata-missing');
    assert.equal(result.culprits[0].likelihood, 'low', 'identical pixels: the metadata was stripped, nothing changed');
  });
});
