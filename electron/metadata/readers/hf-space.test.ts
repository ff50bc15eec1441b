// The Hugging Face Gradio space file of the corpus (JSON `parameters`) against INDEX.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readMetadata } from '../read-metadata';

const CORPUS = join(__dirname, '../../../../../shared/corpus');

test('HF space: JSON parameters, "1024 x 1024" resolution, 64-hex upper-case model hash', () => {
  const report = readMetadata(readFileSync(join(CORPUS, 'hf-space/sdm_png_huggingface-space.png')));
  const t = report.tuple!;
  assert.equal(report.generator, 'hf-space');
  assert.deepEqual(
    [t.seed, t.steps, t.sampler, t.samplerId, t.schedulerId, t.cfg, t.width, t.height, t.model],
    ['443800072', 24, 'DPM++ 2M Karras', 'dpmpp_2m', 'karras', 5.5, 1024, 1024, 'WAI NSFW illustrious SDXL v16'],
  );
  assert.equal(t.modelHash, 'BDB59BAC77D94AE7A55FF893170F9554C3F349E48A1B73C0C17C0B7C6F4D41A2');
  assert.equal(t.modelHashType, 'sha256');
  assert.equal(t.extras['use_upscaler'], 'null');
});
