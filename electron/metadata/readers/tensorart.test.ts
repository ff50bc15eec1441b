// Tensor.Art has no file in this corpus subset; this PNG is made here with the layout of
// corpus/tensorart/sdm_png_tensorart.png as metadata-formats.md §2.13 describes it: generation_data (seed "-1",
// trailing NUL, raw UTF-8 in tEXt) plus the executed ComfyUI graph with ECHOCheckpointLoaderSimple.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { withPngTextChunks } from '../containers/png-write';
import { readMetadata } from '../read-metadata';

const GRAPH = {
  '1': { class_type: 'ECHOCheckpointLoaderSimple', inputs: { ckpt_name: 'EMS-1401459-EMS.safetensors' } },
  '2': { class_type: 'CLIPTextEncode', inputs: { text: '1girl, テスト', clip: ['1', 1] } },
  '3': { class_type: 'CLIPTextEncode', inputs: { text: 'lowres', clip: ['1', 1] } },
  '4': { class_type: 'EmptyLatentImage', inputs: { width: 832, height: 1216, batch_size: 1 } },
  '5': {
    class_type: 'KSampler',
    inputs: {
      seed: 2147483647123,
      steps: 25,
      cfg: 7,
      sampler_name: 'euler_ancestral',
      scheduler: 'karras',
      denoise: 1,
      model: ['1', 0],
      positive: ['2', 0],
      negative: ['3', 0],
      latent_image: ['4', 0],
    },
  },
};
const REQUEST = {
  prompt: '1girl, テスト',
  negativePrompt: 'lowres',
  width: 832,
  height: 1216,
  steps: 25,
  cfgScale: 7,
  seed: '-1',
  samplerName: 'Euler a',
  clipSkip: 2,
  baseModel: {
    modelFileId: '1401459',
    modelName: 'waiIllustriousSDXL',
    hash: 'A5F58EB1C33616C4F06BCA55AF39876A7B817913CD829CAA8ACB111B770C85CC',
  },
};

test('Tensor.Art: the executed graph wins over generation_data seed -1, which is recorded as a conflict', async () => {
  const base = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#404040' } })
    .png()
    .toBuffer();
  const file = withPngTextChunks(base, [
    { keyword: 'generation_data', text: `${JSON.stringify(REQUEST)}\0` },
    { keyword: 'prompt', text: JSON.stringify(GRAPH) },
  ]);
  const report = readMetadata(file);
  const t = report.tuple!;
  assert.equal(report.generator, 'tensorart');
  assert.deepEqual(
    [t.seed, t.steps, t.cfg, t.width, t.height, t.model, t.prompt],
    ['2147483647123', 25, 7, 832, 1216, 'EMS-1401459-EMS.safetensors', '1girl, テスト'],
  );
  const seed = t.conflicts.find((c) => c.field === 'seed');
  assert.deepEqual(
    seed?.values.map((v) => v.value),
    ['2147483647123', '-1'],
  );
  assert.equal(t.modelHash, REQUEST.baseModel.hash);
  assert.equal(t.modelHashType, 'sha256');
  assert.equal(t.extras['tensorart.baseModel'], 'waiIllustriousSDXL');
});

test('Tensor.Art without a graph: the request is the tuple', async () => {
  const base = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#404040' } })
    .png()
    .toBuffer();
  const t = readMetadata(
    withPngTextChunks(base, [{ keyword: 'generation_data', text: JSON.stringify({ ...REQUEST, seed: '77' }) }]),
  ).tuple!;
  assert.deepEqual([t.seed, t.sampler, t.samplerId, t.determinism.clipSkip], ['77', 'Euler a', 'euler_ancestral', 2]);
});
