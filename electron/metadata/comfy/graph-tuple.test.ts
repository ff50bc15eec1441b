// Graph shapes the corpus does not cover, built here as API graphs: SDXL dual text encoders, rgthree Power
// Lora Loader, CFGGuider, values computed by math nodes, seeds above 2^53 behind a constant node, presets,
// LatentUpscaleBy, DisableNoise, ConditioningCombine and switches.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readComfyFile } from '../readers/comfyui';
import type { MetadataSources } from '../types';

function read(graph: Record<string, unknown>, raw?: string) {
  const sources: MetadataSources = {
    format: 'png',
    texts: [{ source: 'png:tEXt:prompt', key: 'prompt', text: raw ?? JSON.stringify(graph) }],
    xmp: null,
    c2paJumbf: null,
    stealth: null,
    warnings: [],
  };
  const result = readComfyFile(sources);
  assert.ok(result);
  return result;
}

const CKPT = { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'sdxl.safetensors' } };

test('SDXL: CLIPTextEncodeSDXL text_g is the prompt, a differing text_l is kept; Power Lora Loader rows', () => {
  const { tuple } = read({
    c: CKPT,
    p: {
      class_type: 'CLIPTextEncodeSDXL',
      inputs: { text_g: 'a castle', text_l: 'oil painting', width: 4096, height: 4096, clip: ['l', 1] },
    },
    n: { class_type: 'CLIPTextEncodeSDXL', inputs: { text_g: 'blurry', text_l: 'blurry', clip: ['l', 1] } },
    l: {
      class_type: 'Power Lora Loader (rgthree)',
      inputs: {
        lora_1: { on: true, lora: 'a.safetensors', strength: 0.7 },
        lora_2: { on: false, lora: 'off.safetensors', strength: 1 },
        lora_3: { on: true, lora: 'b.safetensors', strength: 1, strengthTwo: 0.5 },
        model: ['c', 0],
        clip: ['c', 1],
      },
    },
    e: { class_type: 'EmptyLatentImageFromPresetsSDXL', inputs: { preset: '896 x 1152 (portrait)', batch_size: 1 } },
    s: {
      class_type: 'KSampler',
      inputs: {
        seed: 1,
        steps: 30,
        cfg: 6,
        sampler_name: 'dpmpp_2m',
        scheduler: 'karras',
        denoise: 1,
        model: ['l', 0],
        positive: ['p', 0],
        negative: ['n', 0],
        latent_image: ['e', 0],
      },
    },
  });
  assert.equal(tuple.prompt, 'a castle');
  assert.equal(tuple.extras['prompt.text_l'], 'oil painting');
  assert.equal(tuple.extras['negative.text_l'], undefined);
  assert.deepEqual(
    tuple.adapters.map((a) => `${a.name}@${a.weight}/${a.weights?.['clip'] ?? '-'}`),
    ['a.safetensors@0.7/-', 'b.safetensors@1/0.5'],
  );
  assert.deepEqual([tuple.width, tuple.height], [896, 1152]);
});

test('SamplerCustomAdvanced with CFGGuider; a seed above 2^53 behind a constant node keeps every digit', () => {
  const raw = `{"c": ${JSON.stringify(CKPT)},
    "seedNode": {"class_type": "Seed (rgthree)", "inputs": {"seed": 18446744073709551615}},
    "noise": {"class_type": "RandomNoise", "inputs": {"noise_seed": ["seedNode", 0]}},
    "g": {"class_type": "CFGGuider", "inputs": {"cfg": 4.5, "model": ["c", 0], "positive": ["p", 0], "negative": ["n", 0]}},
    "k": {"class_type": "KSamplerSelect", "inputs": {"sampler_name": "dpmpp_2m_sde"}},
    "sig": {"class_type": "SplitSigmas", "inputs": {"step": 10, "sigmas": ["bs", 0]}},
    "bs": {"class_type": "BasicScheduler", "inputs": {"scheduler": "exponential", "steps": 28, "denoise": 0.9, "model": ["c", 0]}},
    "p": {"class_type": "CLIPTextEncode", "inputs": {"text": ["str", 0], "clip": ["c", 1]}},
    "str": {"class_type": "PrimitiveStringMultiline", "inputs": {"value": "from a string node"}},
    "n": {"class_type": "CLIPTextEncode", "inputs": {"text": "bad", "clip": ["c", 1]}},
    "e": {"class_type": "EmptySD3LatentImage", "inputs": {"width": 1024, "height": 768, "batch_size": 1}},
    "sca": {"class_type": "SamplerCustomAdvanced", "inputs": {"noise": ["noise", 0], "guider": ["g", 0], "sampler": ["k", 0], "sigmas": ["sig", 0], "latent_image": ["e", 0]}}}`;
  const { tuple } = read({}, raw);
  assert.equal(tuple.seed, '18446744073709551615');
  assert.deepEqual(
    [tuple.cfg, tuple.sampler, tuple.scheduler, tuple.steps, tuple.width, tuple.height],
    [4.5, 'dpmpp_2m_sde', 'exponential', 28, 1024, 768],
  );
  assert.equal(tuple.passes[0]?.denoise, 0.9);
  assert.equal(tuple.passes[0]?.settings['sigmas.SplitSigmas'], true);
  assert.equal(tuple.prompt, 'from a string node');
  assert.equal(tuple.origins['prompt']?.source, 'comfy:prompt#str.value');
});

test('steps from a math node and a prompt from concatenation are computed, never shown as values', () => {
  const { tuple } = read({
    c: CKPT,
    m: { class_type: 'MathExpression|pysssss', inputs: { expression: 'a*3', a: ['i', 0] } },
    i: { class_type: 'PrimitiveInt', inputs: { value: 7 } },
    cat: { class_type: 'StringConcatenate', inputs: { string_a: 'a', string_b: 'b', delimiter: ' ' } },
    p: { class_type: 'CLIPTextEncode', inputs: { text: ['cat', 0], clip: ['c', 1] } },
    e: { class_type: 'EmptyLatentImage', inputs: { width: 512, height: 512, batch_size: 1 } },
    s: {
      class_type: 'KSampler',
      inputs: {
        seed: 3,
        steps: ['m', 0],
        cfg: 7,
        sampler_name: 'euler',
        scheduler: 'normal',
        denoise: 1,
        model: ['c', 0],
        positive: ['p', 0],
        negative: ['p', 0],
        latent_image: ['e', 0],
      },
    },
  });
  assert.equal(tuple.steps, null);
  assert.deepEqual(tuple.origins['steps'], { source: 'comfy:prompt#m.*', computed: true });
  assert.equal(tuple.prompt, null);
  assert.equal(tuple.origins['prompt']?.computed, true);
  assert.equal(tuple.passes[0]?.settings['steps.computed'], 'comfy:prompt#m.*');
});

test('hires pass through LatentUpscaleBy gets the scaled size; DisableNoise means no noise added', () => {
  const { tuple } = read({
    c: CKPT,
    p: { class_type: 'CLIPTextEncode', inputs: { text: 'x', clip: ['c', 1] } },
    combined: { class_type: 'ConditioningCombine', inputs: { conditioning_1: ['p', 0], conditioning_2: ['p2', 0] } },
    p2: { class_type: 'CLIPTextEncode', inputs: { text: 'y', clip: ['c', 1] } },
    e: { class_type: 'EmptyLatentImage', inputs: { width: 640, height: 512, batch_size: 1 } },
    base: {
      class_type: 'KSampler',
      inputs: {
        seed: 1,
        steps: 20,
        cfg: 7,
        sampler_name: 'euler',
        scheduler: 'normal',
        denoise: 1,
        model: ['c', 0],
        positive: ['combined', 0],
        negative: ['p', 0],
        latent_image: ['e', 0],
      },
    },
    up: {
      class_type: 'LatentUpscaleBy',
      inputs: { upscale_method: 'nearest-exact', scale_by: 1.5, samples: ['base', 0] },
    },
    dn: { class_type: 'DisableNoise', inputs: {} },
    g: { class_type: 'BasicGuider', inputs: { model: ['c', 0], conditioning: ['p', 0] } },
    ks: { class_type: 'KSamplerSelect', inputs: { sampler_name: 'euler' } },
    bs: { class_type: 'BasicScheduler', inputs: { scheduler: 'simple', steps: 10, denoise: 0.4, model: ['c', 0] } },
    hires: {
      class_type: 'SamplerCustomAdvanced',
      inputs: { noise: ['dn', 0], guider: ['g', 0], sampler: ['ks', 0], sigmas: ['bs', 0], latent_image: ['up', 0] },
    },
  });
  assert.equal(tuple.prompt, 'x\ny');
  assert.deepEqual(
    tuple.passes.map((p) => `${p.role}:${p.node}:${p.width}x${p.height}`),
    ['base:base:640x512', 'hires:hires:960x768'],
  );
  assert.equal(tuple.passes[1]?.settings['add_noise'], false);
  assert.equal(tuple.passes[1]?.seed, null);
});

test('a switch with a literal choice is followed; a custom sampler node with sampler_name/steps/cfg is a pass, a saver is not', () => {
  const { tuple } = read({
    a: { class_type: 'UNETLoader', inputs: { unet_name: 'chosen.safetensors', weight_dtype: 'default' } },
    b: { class_type: 'UNETLoader', inputs: { unet_name: 'other.safetensors', weight_dtype: 'default' } },
    flag: { class_type: 'PrimitiveBoolean', inputs: { value: true } },
    sw: { class_type: 'ComfySwitchNode', inputs: { switch: ['flag', 0], on_true: ['a', 0], on_false: ['b', 0] } },
    p: { class_type: 'CLIPTextEncode', inputs: { text: 'x', clip: ['a', 1] } },
    e: { class_type: 'EmptyLatentImage', inputs: { width: 512, height: 512, batch_size: 1 } },
    eff: {
      class_type: 'KSampler (Efficient)',
      inputs: {
        seed: 5,
        steps: 12,
        cfg: 3,
        sampler_name: 'euler',
        scheduler: 'normal',
        denoise: 1,
        model: ['sw', 0],
        positive: ['p', 0],
        negative: ['p', 0],
        latent_image: ['e', 0],
      },
    },
    save: {
      class_type: 'Image Saver',
      inputs: { filename: '%seed', steps: 99, cfg: 9, sampler_name: 'stale', images: ['x', 0] },
    },
  });
  assert.equal(tuple.model, 'chosen.safetensors');
  assert.deepEqual(
    tuple.passes.map((p) => p.nodeType),
    ['KSampler (Efficient)'],
  );
  assert.equal(tuple.steps, 12);
});
