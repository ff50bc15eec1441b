// Easy Diffusion has no real sample in the corpus (metadata-formats.md §2.9): PNGs made here with one tEXt
// chunk per key the way sdkit save_dicts writes them (str(): "None", Python list reprs), the label-keyed variant,
// and the JSON UserComment of JPEG/WebP as crafted sources.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { withPngTextChunks } from '../containers/png-write';
import { readMetadata } from '../read-metadata';
import type { MetadataSources } from '../types';
import { easydiffusionReader } from './easydiffusion';

async function png(chunks: Record<string, string>): Promise<Buffer> {
  const base = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#202020' } })
    .png()
    .toBuffer();
  return withPngTextChunks(
    base,
    Object.entries(chunks).map(([keyword, text]) => ({ keyword, text })),
  );
}

test('Easy Diffusion PNG: one tEXt per key, "None" is no value, list reprs become adapters', async () => {
  const report = readMetadata(
    await png({
      prompt: 'a lighthouse at dusk',
      negative_prompt: 'None',
      seed: '3141592653',
      use_stable_diffusion_model: 'sd-v1-5',
      clip_skip: 'False',
      sampler_name: 'euler_a',
      width: '768',
      height: '512',
      num_inference_steps: '25',
      guidance_scale: '7.5',
      use_vae_model: 'None',
      use_lora_model: "['lora_a', 'lora_b']",
      lora_alpha: '[0.5, 0.75]',
      use_face_correction: 'GFPGANv1.4',
      use_upscale: 'None',
    }),
  );
  const t = report.tuple!;
  assert.equal(report.generator, 'easydiffusion');
  assert.deepEqual(
    [t.prompt, t.negativePrompt, t.seed, t.model, t.sampler, t.width, t.height, t.steps, t.cfg],
    ['a lighthouse at dusk', null, '3141592653', 'sd-v1-5', 'euler_a', 768, 512, 25, 7.5],
  );
  assert.equal(t.determinism.vae, null);
  assert.deepEqual(
    t.adapters.map((a) => `${a.name}@${a.weight}`),
    ['lora_a@0.5', 'lora_b@0.75'],
  );
  assert.deepEqual(
    t.postprocess.map((p) => `${p.kind}:${p.name}`),
    ['face-restore:GFPGANv1.4'],
  );
});

test('Easy Diffusion PNG with display labels (txt output also selected)', async () => {
  const t = readMetadata(
    await png({
      Prompt: 'a fox',
      'Negative Prompt': 'blurry',
      Seed: '7',
      'Stable Diffusion model': 'sdxl',
      Steps: '30',
      'Guidance Scale': '5',
      Width: '1024',
      Height: '1024',
      Sampler: 'dpmpp_2m',
    }),
  ).tuple!;
  assert.deepEqual(
    [t.prompt, t.negativePrompt, t.seed, t.model, t.steps, t.cfg, t.width],
    ['a fox', 'blurry', '7', 'sdxl', 30, 5, 1024],
  );
});

test('Easy Diffusion JPEG/WebP: json.dumps(request) in the UserComment', () => {
  const sources: MetadataSources = {
    format: 'jpeg',
    texts: [
      {
        source: 'exif:UserComment',
        key: 'UserComment',
        text: JSON.stringify({
          prompt: 'x',
          seed: 99,
          use_stable_diffusion_model: 'm',
          num_inference_steps: 20,
          guidance_scale: 6,
          width: 512,
          height: 512,
          use_lora_model: null,
          sampler_name: 'dpmpp_2m',
          scheduler_name: 'karras',
        }),
      },
    ],
    xmp: null,
    c2paJumbf: null,
    stealth: null,
    warnings: [],
  };
  const t = easydiffusionReader.read(sources)!.tuple;
  assert.deepEqual([t.seed, t.steps, t.scheduler, t.schedulerId, t.adapters.length], ['99', 20, 'karras', 'karras', 0]);
  assert.equal(t.origins['seed']?.source, 'exif:UserComment');
});
