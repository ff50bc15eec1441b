// NovelAI corpus files (legacy SD, V3 SDXL, V4.5 PNG + WebP, img2img, augment tool) against corpus/INDEX.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readMetadata } from '../read-metadata';
import type { MetadataSources } from '../types';
import { novelaiReader } from './novelai';

const CORPUS = join(__dirname, '../../../../../shared/corpus');

const CASES: Array<{
  file: string;
  seed: string;
  steps: number;
  sampler: string;
  scheduler: string | null;
  cfg: number;
  size: [number, number];
  model?: string;
}> = [
  {
    file: 'llmkira_sample-0316-out.png',
    seed: '1148692016',
    steps: 28,
    sampler: 'k_euler',
    scheduler: 'native',
    cfg: 10,
    size: [128, 128],
    model: 'Stable Diffusion XL C1E1DE52',
  },
  {
    file: 'llmkira_sample-0316.png',
    seed: '1148692016',
    steps: 28,
    sampler: 'k_euler',
    scheduler: 'native',
    cfg: 10,
    size: [128, 128],
    model: 'Stable Diffusion XL C1E1DE52',
  },
  {
    file: 'llmkira_sample-0317.png',
    seed: '4091185279',
    steps: 28,
    sampler: 'k_euler_ancestral',
    scheduler: null,
    cfg: 10,
    size: [128, 128],
    model: 'Stable Diffusion F64BA557',
  },
  {
    file: 'sdm_png_novelai-curated.png',
    seed: '2156638429',
    steps: 23,
    sampler: 'k_euler_ancestral',
    scheduler: 'karras',
    cfg: 5,
    size: [1024, 1024],
  },
  {
    file: 'sdm_png_novelai-full.png',
    seed: '2043807047',
    steps: 28,
    sampler: 'k_euler_ancestral',
    scheduler: 'karras',
    cfg: 5,
    size: [832, 1216],
  },
  {
    file: 'sdm_webp_novelai-curated.webp',
    seed: '880673757',
    steps: 23,
    sampler: 'k_euler_ancestral',
    scheduler: 'karras',
    cfg: 5,
    size: [1024, 1024],
  },
];

for (const c of CASES) {
  test(`NovelAI ${c.file}`, () => {
    const report = readMetadata(readFileSync(join(CORPUS, 'novelai', c.file)));
    const t = report.tuple!;
    assert.equal(report.generator, 'novelai');
    assert.deepEqual(
      [t.seed, t.steps, t.sampler, t.scheduler, t.cfg, t.width, t.height],
      [c.seed, c.steps, c.sampler, c.scheduler, c.cfg, ...c.size],
    );
    if (c.model) assert.equal(t.model, c.model);
    assert.match(t.modelHash ?? '', /^[0-9A-F]{8}$/);
    assert.equal(t.modelHashType, 'novelai-source');
    assert.ok(t.negativePrompt && t.negativePrompt.length > 0);
  });
}

test('NovelAI WebP: the UserComment envelope, Comment JSON-in-a-string, NUL-prefixed description', () => {
  const t = readMetadata(readFileSync(join(CORPUS, 'novelai/sdm_webp_novelai-curated.webp'))).tuple!;
  assert.equal(t.origins['seed']?.source, 'exif:UserComment');
  assert.equal(t.model, 'NovelAI Diffusion V4.5 C02D4F98');
  assert.equal(
    t.prompt,
    '1girl, solo, hatsune miku, #テスト, very aesthetic, masterpiece, no text, -0.8::feet::, rating:general',
  );
  assert.ok(!t.extras['novelai.Description']?.startsWith('\0'));
});

test('NovelAI img2img keeps strength, noise and the extra noise seed on the pass', () => {
  const t = readMetadata(readFileSync(join(CORPUS, 'novelai/llmkira_sample-0317.png'))).tuple!;
  assert.equal(t.passes[0]?.denoise, 0.7);
  assert.equal(t.passes[0]?.settings['extra_noise_seed'], '4091185279');
  assert.equal(t.passes[0]?.settings['request_type'], 'Img2ImgRequest');
});

test('NovelAI augment-tool output is NovelAI but carries no generation parameters', () => {
  const report = readMetadata(readFileSync(join(CORPUS, 'novelai/llmkira_augment-image.png')));
  assert.equal(report.generator, 'novelai');
  assert.equal(report.tuple?.seed, null);
  assert.equal(report.tuple?.passes.length, 0);
  assert.equal(report.tuple?.extras['novelai.req_type'], 'sketch');
  assert.ok(report.warnings.some((w) => /no generation parameters/.test(w)));
});

test('NovelAI stealth payload alone (as the container layer fills it after decoding), with V4 character captions', () => {
  const comment = {
    prompt: 'two girls',
    uc: 'lowres',
    seed: 12,
    steps: 28,
    scale: 5,
    width: 832,
    height: 1216,
    sampler: 'k_euler_ancestral',
    noise_schedule: 'karras',
    v4_prompt: {
      caption: {
        base_caption: 'two girls',
        char_captions: [
          { char_caption: 'girl, red hair', centers: [{ x: 0.3, y: 0.5 }] },
          { char_caption: 'girl, blue hair', centers: [{ x: 0.7, y: 0.5 }] },
        ],
      },
    },
  };
  const payload = {
    Description: 'two girls',
    Software: 'NovelAI',
    Source: 'NovelAI Diffusion V4.5 4BDE2A90',
    Comment: JSON.stringify(comment),
  };
  const sources: MetadataSources = {
    format: 'png',
    texts: [],
    xmp: null,
    c2paJumbf: null,
    stealth: { source: 'stealth:alpha', text: JSON.stringify(payload) },
    warnings: [],
  };
  const t = novelaiReader.read(sources)!.tuple;
  assert.equal(t.seed, '12');
  assert.equal(t.origins['seed']?.source, 'stealth:alpha');
  assert.deepEqual(JSON.parse(t.extras['novelai.char_captions']!), ['girl, red hair', 'girl, blue hair']);
});
