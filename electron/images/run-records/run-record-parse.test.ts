// Each provider's fixture (written from its published API reference, see run-record-fixtures/README.md) parsed as
// Seedscope reads it: provider, model, version pin, seed and how it was sent, post-processing, environment.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { RunRecord } from '../../../shared/run-record';
import { runRecordFixture } from './run-record-fixtures';
import { parseRunRecordJson, parseRunRecordParts } from './run-record-parse';

function load(name: string): unknown {
  return JSON.parse(readFileSync(runRecordFixture(name), 'utf8'));
}

function parse(name: string): RunRecord {
  const parsed = parseRunRecordJson(load(name), { kind: 'beside', files: [name] });
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
  return parsed.record;
}

test('Replicate prediction: the 64-hex version id is the pin, the seed an integer, refiner and watermark are on', () => {
  const r = parse('replicate-prediction.json');
  assert.equal(r.provider, 'replicate');
  assert.equal(r.model, 'stability-ai/sdxl');
  assert.equal(r.versionPin, '7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc');
  assert.equal(r.versionPinField, 'version');
  assert.equal(r.seed, '42');
  assert.equal(r.seedSentAs, 'integer');
  const on = r.postprocess.filter((f) => f.on).map((f) => `${f.kind}:${f.field}`);
  assert.deepEqual(on, [
    'refiner:input.refine',
    'safety-filter:input.disable_safety_checker',
    'watermark:input.apply_watermark',
  ]);
  assert.deepEqual(r.warnings, []);
});

test('Replicate prediction without a version id warns what to pin', () => {
  const json = load('replicate-prediction.json') as Record<string, unknown>;
  delete json.version;
  const parsed = parseRunRecordJson(json, { kind: 'beside', files: ['x.json'] });
  assert.ok(parsed.ok);
  assert.equal(parsed.record.versionPin, null);
  assert.match(parsed.record.warnings.join('\n'), /no model version pin: Replicate.*"version": "<64-hex version id>"/);
});

test('fal: the seed sent as a string is named, the endpoint is the model, no version pin, safety checker on', () => {
  const r = parse('fal-flux-dev.json');
  assert.equal(r.provider, 'fal');
  assert.equal(r.model, 'fal-ai/flux/dev');
  assert.equal(r.seed, '1234');
  assert.equal(r.seedSentAs, 'string');
  assert.equal(r.versionPin, null);
  assert.ok(
    r.postprocess.some((f) => f.kind === 'safety-filter' && f.on && f.turnOff === '"enable_safety_checker": false'),
  );
  assert.match(r.warnings.join('\n'), /sent as the string "1234".*send it as an integer/);
  assert.match(r.warnings.join('\n'), /no model version pin: fal/);
});

test('Stability: a request/response pair gives the model and seed; its unversioned name gets a pin warning', () => {
  const parsed = parseRunRecordParts(
    {
      request: load('stability-sd35.request.json') as Record<string, unknown>,
      response: load('stability-sd35.response.json') as Record<string, unknown>,
    },
    { kind: 'beside', files: ['a.request.json', 'a.response.json'] },
  );
  assert.ok(parsed.ok);
  const r = parsed.record;
  assert.equal(r.provider, 'stability');
  assert.equal(r.shape, 'Stability v2beta stable-image');
  assert.equal(r.model, 'sd3.5-large');
  assert.equal(r.seed, '42');
  assert.equal(r.seedSentAs, 'integer');
  assert.equal(r.prompt, 'a lighthouse on a cliff at dawn, oil painting');
  assert.match(r.warnings.join('\n'), /no model version pin: Stability AI.*"sd3\.5-large"/);
});

test('OpenAI Images: no seed, and the revised prompt is a prompt rewrite that is on', () => {
  const r = parse('openai-images.json');
  assert.equal(r.provider, 'openai');
  assert.equal(r.model, 'dall-e-3');
  assert.equal(r.seed, null);
  const rewrite = r.postprocess.find((f) => f.kind === 'prompt-rewrite');
  assert.ok(rewrite?.on);
  assert.equal(rewrite?.field, 'data[0].revised_prompt');
  assert.match(r.warnings.join('\n'), /takes no seed/);
  assert.match(r.warnings.join('\n'), /dated snapshot name/);
});

test('OpenAI: a dated model name is the version pin', () => {
  const parsed = parseRunRecordJson(
    { request: { model: 'gpt-image-1-2025-04-15', prompt: 'x' }, response: { created: 1, data: [{ b64_json: '' }] } },
    { kind: 'attached', files: ['r.json'] },
  );
  assert.ok(parsed.ok);
  assert.equal(parsed.record.versionPin, 'gpt-image-1-2025-04-15');
  assert.equal(parsed.record.versionPinField, 'model (dated snapshot name)');
});

test('Black Forest Labs: prompt_upsampling on is named with the flag to turn off, moderation always runs', () => {
  const r = parse('bfl-flux-pro.json');
  assert.equal(r.provider, 'bfl');
  assert.equal(r.model, 'flux-pro-1.1');
  assert.equal(r.seed, '42');
  const upsampling = r.postprocess.find((f) => f.field === 'prompt_upsampling');
  assert.deepEqual(upsampling, {
    kind: 'prompt-rewrite',
    field: 'prompt_upsampling',
    value: 'true',
    on: true,
    turnOff: '"prompt_upsampling": false',
  });
  assert.ok(r.postprocess.some((f) => f.kind === 'safety-filter' && f.field === 'safety_tolerance'));
});

test('Midjourney job: --v 6.1 is the pin, --seed the seed, the prompt is the command without parameters', () => {
  const r = parse('midjourney-job.json');
  assert.equal(r.provider, 'midjourney');
  assert.equal(r.versionPin, '6.1');
  assert.equal(r.versionPinField, 'full_command --v');
  assert.equal(r.seed, '1234');
  assert.equal(r.prompt, 'dream caused by the buzz of a bee 3 seconds before wake up');
  assert.ok(r.postprocess.some((f) => f.kind === 'enhance' && f.turnOff.includes('--style raw')));
});

test('A1111 sysinfo: GPU, driver, CUDA, torch, xformers and UI version', () => {
  const r = parse('a1111-sysinfo.json');
  assert.equal(r.provider, 'local');
  assert.deepEqual(r.environment, {
    gpu: 'NVIDIA GeForce RTX 3090',
    driver: '535.171.04',
    cuda: '12.1.105',
    torch: '2.1.2+cu121',
    xformers: '0.0.23.post1',
    ui: 'stable-diffusion-webui',
    uiVersion: 'v1.9.4',
    os: 'Linux-6.5.0-35-generic-x86_64-with-glibc2.35',
    python: '3.10.12',
  });
  assert.deepEqual(r.warnings, []);
});

test('ComfyUI system_stats: GPU from the device name, CUDA from the torch build; the missing driver is named', () => {
  const r = parse('comfyui-system-stats.json');
  assert.equal(r.environment?.gpu, 'NVIDIA GeForce RTX 4090');
  assert.equal(r.environment?.cuda, '12.4');
  assert.equal(r.environment?.torch, '2.5.1+cu124');
  assert.equal(r.environment?.uiVersion, '0.3.10');
  assert.match(r.warnings.join('\n'), /does not say the driver/);
});

test('a JSON object of no known shape is refused with the shapes that are known', () => {
  const parsed = parseRunRecordJson({ hello: 'world' }, { kind: 'attached', files: ['x.json'] });
  assert.equal(parsed.ok, false);
  assert.match(parsed.ok ? '' : parsed.problem, /Replicate prediction, fal, Stability/);
});
