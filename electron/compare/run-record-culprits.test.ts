// The compare engine sees each side's run record (read beside the image by the inspection) and names what the
// records show: a model version rolled forward, post-processing switched on, a changed GPU/CUDA/torch.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import type { Culprit } from '../../shared/compare';
import { runRecordFixture } from '../images/run-records/run-record-fixtures';
import { compareImageFiles } from './compare-files';

const CORPUS = process.env.SEEDSCOPE_CORPUS ?? join(__dirname, '../../../../shared/corpus');
let work: string;

let first: Buffer;
let second: Buffer;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'seedscope-record-compare-'));
  // Two real generations of one size, re-encoded without their metadata: what a hosted API hands back (a bare PNG),
  // so the run record beside each is all that says how it was made.
  first = await sharp(join(CORPUS, 'a1111/sdm_png_sd-webui.png')).png().toBuffer();
  second = await sharp(join(CORPUS, 'forge/sdm_png_reforge.png')).png().toBuffer();
});
after(() => rmSync(work, { recursive: true, force: true }));

/** Two images with different pixels and no parameters of their own, each with the given record beside it. */
function pair(name: string, recordA: string, recordB: string): [string, string] {
  const a = join(work, `${name}-a.png`);
  const b = join(work, `${name}-b.png`);
  writeFileSync(a, first);
  writeFileSync(b, second);
  copyFileSync(runRecordFixture(recordA), join(work, `${name}-a.json`));
  copyFileSync(runRecordFixture(recordB), join(work, `${name}-b.json`));
  return [a, b];
}

function byField(culprits: Culprit[], field: string): Culprit | undefined {
  return culprits.find((c) => c.field === field);
}

test('two Replicate predictions with different version ids: the model rolled forward is a high culprit', async () => {
  const [a, b] = pair('replicate', 'replicate-prediction.json', 'replicate-prediction-rolled.json');
  const result = await compareImageFiles(a, b);
  assert.equal(result.verdict, 'different');
  const first = result.culprits.find((c) => c.cause === 'model')!;
  assert.equal(first.cause, 'model');
  // Neither file embeds parameters, but both records stand in for them: the record's finding leads, not the gap.
  assert.equal(result.culprits[0], first);
  assert.equal(result.culprits.find((c) => c.cause === 'metadata-missing')?.likelihood, 'low');
  assert.equal(first.field, 'runRecord.versionPin');
  assert.equal(first.likelihood, 'high');
  assert.ok(
    result.culprits.indexOf(first) < result.culprits.findIndex((c) => c.likelihood !== 'high'),
    'ranked with the high culprits',
  );
  assert.equal(
    first.explanation,
    'The provider rolled the model forward: A ran stability-ai/sdxl version 7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc, B ran version 39ed52f2a78e934b3ba6e2a89f5b1c712de7dfea535525255b1aa35c5565e08b. The same seed maps to a different image under new weights.',
  );
  assert.equal(
    first.fixCode,
    '{ "version": "7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc", "input": { … } }',
  );
  // Both requests ran SDXL's refiner, which is named as a suspect with the value that turns it off.
  const refiner = byField(result.culprits, 'runRecord.postprocess[input.refine]');
  assert.equal(refiner?.cause, 'postprocess');
  assert.equal(refiner?.likelihood, 'medium');
  assert.equal(refiner?.fixCode, '"refine": null');
});

test('post-processing switched on in one request is a postprocess suspect naming the flag to turn off', async () => {
  const [a, b] = pair('bfl', 'bfl-flux-pro.json', 'midjourney-job.json');
  const result = await compareImageFiles(a, b);
  const upsampling = byField(result.culprits, 'runRecord.postprocess[prompt_upsampling]');
  assert.ok(upsampling, JSON.stringify(result.culprits.map((c) => c.field)));
  assert.equal(upsampling.a, 'true');
  assert.equal(upsampling.b, null);
  assert.match(
    upsampling.explanation,
    /A's request ran prompt-rewrite \(prompt_upsampling = true\).*Turn it off to test: "prompt_upsampling": false/,
  );
});

test('two local environment records: the GPU, CUDA and torch changes are hardware culprits with both values', async () => {
  const [a, b] = pair('local', 'a1111-sysinfo.json', 'comfyui-system-stats.json');
  const result = await compareImageFiles(a, b);
  const hardware = result.culprits.filter((c) => c.cause === 'hardware').map((c) => [c.field, c.a, c.b]);
  assert.deepEqual(hardware, [
    ['runRecord.environment.gpu', 'NVIDIA GeForce RTX 3090', 'NVIDIA GeForce RTX 4090'],
    ['runRecord.environment.cuda', '12.1.105', '12.4'],
    ['runRecord.environment.torch', '2.1.2+cu121', '2.5.1+cu124'],
    ['runRecord.environment.uiVersion', 'v1.9.4', '0.3.10'],
  ]);
  const torch = byField(result.culprits, 'runRecord.environment.torch')!;
  assert.match(
    torch.explanation,
    /The torch version changed between the runs: A ran 2\.1\.2\+cu121, B ran 2\.5\.1\+cu124/,
  );
  assert.match(torch.fixCode ?? '', /torch\.use_deterministic_algorithms\(True/);
});

test('records that agree name nothing from the records', async () => {
  const [a, b] = pair('same', 'replicate-prediction.json', 'replicate-prediction.json');
  const result = await compareImageFiles(a, b);
  assert.deepEqual(
    result.culprits.filter((c) => c.field.startsWith('runRecord.') && c.cause !== 'postprocess'),
    [],
  );
});
