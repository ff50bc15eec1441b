// What is sent: the recipe wrapped for each generator, the checkpoint the image wants, and the nudged copy
// (one knob, every sampler alike, seeds past 2^53 kept exact); an image without parameters is refused by name.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import type { ComfyRequest } from './generator-client';
import { A1111_IMAGE, COMFY_IMAGE, CORPUS } from './verify-test-kit.fixture';
import { nudgeRequest, planVerifyRequest } from './verify-request';

test('an A1111 image becomes a txt2img request with its checkpoint name and hash', async () => {
  const { request } = await planVerifyRequest(A1111_IMAGE, 'a1111');
  assert.equal(request.kind, 'a1111');
  if (request.kind !== 'a1111') return;
  assert.equal(request.endpoint, 'txt2img');
  assert.deepEqual(request.checkpoint, { name: 'v1-5-pruned-emaonly', hash: '6ce0161689' });
  assert.equal(request.payload.seed, 2895438046);
  assert.equal(request.payload.cfg_scale, 7);
});

test('a ComfyUI image becomes its own graph, with the UI workflow to carry along', async () => {
  const { request } = await planVerifyRequest(COMFY_IMAGE, 'comfyui');
  assert.equal(request.kind, 'comfyui');
  const comfy = request as ComfyRequest;
  assert.ok(Object.values(comfy.graph).some((n) => n.class_type === 'KSampler'));
  assert.ok(comfy.workflow && typeof comfy.workflow === 'object', 'the workflow chunk was read');
});

test('nudge: cfg + 0.5 on the A1111 body; the original request is left alone', async () => {
  const { request } = await planVerifyRequest(A1111_IMAGE, 'a1111');
  const { request: nudged, nudge } = nudgeRequest(request, 'cfg');
  assert.deepEqual(nudge, { knob: 'cfg', from: '7', to: '7.5' });
  assert.equal((nudged as typeof request & { kind: 'a1111' }).payload.cfg_scale, 7.5);
  assert.equal(request.kind === 'a1111' && request.payload.cfg_scale, 7);
});

test('nudge: a 2^64 - 1 seed in every sampler of a graph wraps exactly, as a decimal string', () => {
  const request: ComfyRequest = {
    kind: 'comfyui',
    workflow: null,
    checkpoint: null,
    graph: {
      '3': { class_type: 'KSampler', inputs: { seed: '18446744073709551614', cfg: 8, steps: 20 } },
      '9': { class_type: 'RandomNoise', inputs: { noise_seed: 5 } },
      '5': { class_type: 'EmptyLatentImage', inputs: { width: 512, height: 512 } },
    },
  };
  const { request: nudged, nudge } = nudgeRequest(request, 'seed');
  const graph = (nudged as ComfyRequest).graph;
  assert.equal(graph['3'].inputs.seed, '18446744073709551615');
  assert.equal(graph['9'].inputs.noise_seed, 6);
  assert.deepEqual(nudge, { knob: 'seed', from: '18446744073709551614', to: '18446744073709551615' });
  assert.equal(request.graph['3'].inputs.seed, '18446744073709551614', 'the original graph is unchanged');
  assert.deepEqual(nudgeRequest({ ...request, graph: { '5': request.graph['5'] } }, 'cfg').nudge, {
    knob: 'cfg',
    from: null,
    to: null,
  });
});

test('an image without generation parameters is refused, naming the file', async () => {
  const file = path.join(CORPUS, '_no_metadata', 'sdm_jpg_gimp.jpg');
  await assert.rejects(planVerifyRequest(file, 'a1111'), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'no-recipe');
    assert.ok(err.message.startsWith(file));
    return true;
  });
});
