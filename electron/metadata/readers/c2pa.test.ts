// C2PA-only files of the corpus (OpenAI, Google, Adobe Firefly) and the Photoshop control, read through the
// real containers (PNG caBX, JPEG APP11 reassembly) and dispatcher, against INDEX.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readMetadata } from '../read-metadata';

const CORPUS = join(__dirname, '../../../../../shared/corpus');
const AI = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';

function report(file: string) {
  return readMetadata(readFileSync(join(CORPUS, file)));
}

test('ChatGPT (GPT-4o): the model is in the ingredient manifest, reached by walking every manifest', () => {
  const r = report('c2pa-openai/cai_ChatGPT_Image.png');
  assert.equal(r.generator, 'openai');
  assert.equal(r.c2pa?.claimGenerator, 'ChatGPT');
  assert.equal(r.c2pa?.softwareAgent, 'GPT-4o');
  assert.equal(r.c2pa?.manifests, 2);
  assert.equal(r.c2pa?.aiGenerated, true);
  assert.equal(r.c2pa?.digitalSourceType, AI);
  assert.equal(r.c2pa?.verified, false);
  assert.equal(r.tuple?.model, 'GPT-4o');
  assert.equal(r.tuple?.extras['c2pa.signature'], 'not verified');
});

test('OpenAI Images API: softwareAgent {name, version} gives model and version', () => {
  const r = report('c2pa-openai/sdm_png_chatgpt-image2.png');
  assert.equal(r.generator, 'openai');
  assert.equal(r.c2pa?.claimGenerator, 'OpenAI Media Service API');
  assert.deepEqual([r.tuple?.model, r.tuple?.modelVersion], ['gpt-image', '2.0']);
  assert.deepEqual(r.c2pa?.actions, ['c2pa.created', 'c2pa.converted', 'c2pa.watermarked.unbound']);
});

for (const file of ['c2pa-google/sdm_png_gemini_3.1pro.png', 'c2pa-google/sdm_png_gemini_unknown.png']) {
  test(`Google Gemini ${file}: AI, no model name recoverable`, () => {
    const r = report(file);
    assert.equal(r.generator, 'google');
    assert.equal(r.c2pa?.claimGenerator, 'Google C2PA Core Generator Library');
    assert.equal(r.c2pa?.aiGenerated, true);
    assert.equal(r.c2pa?.digitalSourceType, AI);
    assert.equal(r.tuple?.model, null);
  });
}

test('Adobe Firefly: string softwareAgent, version from com.adobe.firefly.version, APP11 segments reassembled', () => {
  const r = report('c2pa-adobe-firefly/cai_Firefly_tabby_cat.jpg');
  assert.equal(r.generator, 'adobe-firefly');
  assert.equal(r.c2pa?.claimGenerator, 'Adobe_Firefly');
  assert.equal(r.c2pa?.softwareAgent, 'Adobe Firefly');
  assert.equal(r.tuple?.model, 'Adobe Firefly');
  assert.equal(r.tuple?.modelVersion, '4.0.0-release-firefly_v4-main_78135.80468');
  assert.equal(r.c2pa?.aiGenerated, true);
});

test('Photoshop control: a C2PA manifest that does not say AI is reported but gives no generator', () => {
  const r = report('_c2pa_non_ai/cai_car-es-Ps-Cr.jpg');
  assert.equal(r.generator, null);
  assert.equal(r.tuple, null);
  assert.equal(r.c2pa?.aiGenerated, false);
  assert.match(r.c2pa?.claimGenerator ?? '', /^Adobe_Photoshop\/26\.11\.0/);
  assert.deepEqual(r.c2pa?.actions, ['c2pa.opened', 'c2pa.cropped', 'c2pa.resized']);
});
