// Every A1111-text file of the corpus (a1111/, forge/, sdnext/, comfyui-a1111style/, Civitai's A1111 text and
// the Comfy savers' A1111-text JPEG/WebP) read through the real dispatcher, checked against corpus/INDEX.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { inspectImageFile } from '../../images/inspect-image';
import { readMetadata } from '../read-metadata';

// The team corpus sits beside the repo (../shared/corpus); SEEDSCOPE_CORPUS points elsewhere.
const CORPUS = process.env.SEEDSCOPE_CORPUS ?? join(__dirname, '../../../../../shared/corpus');

interface Expected {
  file: string;
  generator: string;
  seed: string;
  steps: number;
  sampler: string | null;
  scheduler?: string | null;
  samplerId?: string | null;
  schedulerId?: string | null;
  cfg: number | null;
  size: [number, number];
  model?: string | null;
  hash?: string;
  version?: string;
  loras?: Array<[string, number | null, string | null]>;
  hires?: { upscaler: string; steps: number; denoise: number; width: number };
}

const CASES: Expected[] = [
  {
    file: 'a1111/dtools_a111_yodayo_test_thancred.jpeg',
    generator: 'a1111',
    seed: '2679052167',
    steps: 25,
    sampler: 'Euler a',
    scheduler: 'Automatic',
    cfg: 6.5,
    size: [832, 1216],
    model: '7923f665-e1d7-4171-8616-6470e44bc86e',
    hash: 'a8da90435b',
    version: '1.10.1',
    loras: [['0c724101-f951-443a-a432-ed908b9735d3', 0.7, 'f86e5a93213d']],
    hires: { upscaler: 'Lanczos', steps: 15, denoise: Number.NaN, width: 1664 },
  },
  {
    file: 'a1111/dtools_f9f3edb2-fdfa-40d8-a9b4-11fed110697d.jpeg',
    generator: 'a1111',
    seed: '846257433595426',
    steps: 28,
    sampler: 'DPM++ 2M',
    scheduler: 'Karras',
    schedulerId: 'karras',
    cfg: 7,
    size: [832, 1216],
    model: 'NoobEvolution.fp16',
    hash: 'bc505caab2',
    version: 'v1.9.4',
    loras: [['AkutoxXL', 1, '8a514e300ec5']],
  },
  {
    file: 'a1111/metahub_cli_a1111.png',
    generator: 'a1111',
    seed: '2895438046',
    steps: 28,
    sampler: 'DPM++ 2M',
    scheduler: 'Karras',
    cfg: 7,
    size: [512, 768],
    model: 'v1-5-pruned-emaonly',
    hash: '6ce0161689',
    version: 'v1.9.4',
    loras: [['detailTweaker', 0.8, null]],
  },
  {
    file: 'a1111/sdm_png_sd-webui.png',
    generator: 'a1111',
    seed: '3782896554',
    steps: 20,
    sampler: 'DPM++ 2M',
    scheduler: 'Karras',
    cfg: 7,
    size: [1024, 1024],
    model: 'waiIllustriousSDXL_v160',
    hash: '45a21ea00a',
  },
  {
    file: 'a1111/sdm_webp_sd-webui.webp',
    generator: 'a1111',
    seed: '1028435836',
    steps: 20,
    sampler: 'DPM++ 2M',
    scheduler: 'Karras',
    cfg: 5.5,
    size: [1024, 1024],
    model: 'waiIllustriousSDXL_v160',
    hash: '45a21ea00a',
  },
  {
    file: 'a1111/sdparsers_automatic1111_cropped.jpg',
    generator: 'a1111',
    seed: '235284042',
    steps: 15,
    sampler: 'UniPC',
    samplerId: 'uni_pc',
    cfg: 5,
    size: [512, 400],
    model: 'realistic_realisticVisionV20_v20',
    hash: 'c0d1994c73',
  },
  {
    file: 'forge/sdm_jpg_forge-classic-hires.jpeg',
    generator: 'forge',
    seed: '3452054396',
    steps: 20,
    sampler: 'DPM++ 2M',
    scheduler: 'Karras',
    cfg: 6,
    size: [1024, 1024],
    model: 'waiIllustriousSDXL_v160',
    hash: '45a21ea00a',
    version: 'classic',
    hires: { upscaler: 'ESRGAN-UltraSharp-4x', steps: 10, denoise: 0.3, width: 1536 },
  },
  {
    file: 'forge/sdm_jpg_forge-neo.jpeg',
    generator: 'forge',
    seed: '2417156106',
    steps: 24,
    sampler: 'Euler a',
    scheduler: 'Automatic',
    samplerId: 'euler_ancestral',
    cfg: 6,
    size: [1024, 1024],
    model: 'waiIllustriousSDXL_v160',
    hash: '45a21ea00a',
    version: 'neo',
  },
  {
    file: 'forge/sdm_jpg_reforge-hires.jpeg',
    generator: 'reforge',
    seed: '3494396176',
    steps: 20,
    sampler: 'DPM++ 2M',
    scheduler: 'Karras',
    cfg: 6,
    size: [1024, 1024],
    model: 'waiIllustriousSDXL_v160',
    hash: '45a21ea00a',
    hires: { upscaler: 'R-ESRGAN 4x+ Anime6B', steps: 10, denoise: 0.3, width: 1536 },
  },
  {
    file: 'forge/sdm_jpg_reforge.jpeg',
    generator: 'reforge',
    seed: '584157617',
    steps: 20,
    sampler: 'DPM++ 2M',
    scheduler: 'Karras',
    cfg: 6,
    size: [1024, 1024],
    model: 'waiIllustriousSDXL_v160',
    hash: '45a21ea00a',
  },
  {
    file: 'forge/sdm_png_forge-classic-en.png',
    generator: 'forge',
    seed: '1239240392',
    steps: 20,
    sampler: 'DPM++ 2M',
    scheduler: 'Karras',
    cfg: 6,
    size: [1024, 1024],
    model: 'waiIllustriousSDXL_v160',
    hash: '45a21ea00a',
    version: 'classic',
  },
  {
    file: 'forge/sdm_png_reforge.png',
    generator: 'reforge',
    seed: '270740395',
    steps: 20,
    sampler: 'DPM++ 2M',
    scheduler: 'Karras',
    cfg: 6,
    size: [1024, 1024],
    model: 'waiIllustriousSDXL_v160',
    hash: '45a21ea00a',
  },
  {
    file: 'forge/sdm_webp_forge-classic-hires.webp',
    generator: 'forge',
    seed: '2991931972',
    steps: 20,
    sampler: 'DPM++ 2M',
    scheduler: 'Karras',
    cfg: 6,
    size: [1024, 1024],
    model: 'waiIllustriousSDXL_v160',
    hash: '45a21ea00a',
    hires: { upscaler: 'ESRGAN-UltraSharp-4x', steps: 10, denoise: 0.3, width: 1536 },
  },
  {
    file: 'sdnext/sdm_jpg_sd-next.jpg',
    generator: 'sdnext',
    seed: '899700607',
    steps: 20,
    sampler: 'Euler a',
    samplerId: 'euler_ancestral',
    cfg: 6,
    size: [1024, 1024],
    model: 'waiIllustriousSDXL_v160',
    hash: '45a21ea00a',
  },
  {
    file: 'sdnext/sdm_png_sd-next-en.png',
    generator: 'sdnext',
    seed: '2251068289',
    steps: 20,
    sampler: null,
    cfg: 6,
    size: [1024, 1024],
    model: 'waiIllustriousSDXL_v160',
    hash: '45a21ea00a',
    version: '56a8aea',
  },
  {
    file: 'sdnext/sdm_webp_sd-next.webp',
    generator: 'sdnext',
    seed: '3014033436',
    steps: 20,
    sampler: 'DDIM',
    samplerId: 'ddim',
    cfg: 6,
    size: [1024, 1024],
    model: 'waiIllustriousSDXL_v160',
    hash: '45a21ea00a',
  },
  {
    file: 'comfyui-a1111style/dtools_ComfyUI_01803_.jpeg',
    generator: 'comfyui',
    seed: '73206741999756',
    steps: 28,
    sampler: 'Euler',
    samplerId: 'euler',
    cfg: 1,
    size: [832, 1216],
    model: 'flux_dev.safetensors',
    hash: '4610115bb0',
    loras: [
      ['realism_lora_comfy flux_converted.safetensors', 0.85, '379e73dccf'],
      ['Sinfully_Stylish_.02_for_FLUX-000002.safetensors', 0.2, '6505d98192'],
      ['InSaNe_Detail_FLUX-000001.safetensors', 0.4, 'b391fe156f'],
      ['mjv6_lora flux.safetensors_converted.safetensors', 0.2, '26ee092240'],
      ['flux-photo_v6', null, 'f1380a97cf'],
    ],
  },
  {
    file: 'comfyui-a1111style/metahub_a5af4555-8227-48c8-9f5d-d70e12f5e421.jpeg',
    generator: 'comfyui',
    seed: '934100943193926',
    steps: 20,
    sampler: 'Euler',
    cfg: 3.5,
    size: [896, 1152],
    model: 'flux1-dev-fp8',
    hash: '8e91b68084',
    version: 'ComfyUI',
  },
  {
    file: 'civitai/picteus_image-userComment-string.jpg',
    generator: 'civitai',
    seed: '2421159222',
    steps: 28,
    sampler: 'DPM++ 2M Karras',
    samplerId: 'dpmpp_2m',
    schedulerId: 'karras',
    cfg: 5.3,
    size: [832, 1216],
  },
  {
    file: 'civitai/sdm_jpg_civitai.jpeg',
    generator: 'civitai',
    seed: '1311178179',
    steps: 25,
    sampler: 'Euler a',
    samplerId: 'euler_ancestral',
    cfg: 5,
    size: [1024, 1024],
    model: 'WAI-illustrious-SDXL v16.0',
  },
  {
    file: 'comfyui/sdm_jpg_comfyui-comfy-image-saver.jpeg',
    generator: 'comfyui',
    seed: '0',
    steps: 20,
    sampler: 'euler_simple',
    samplerId: 'euler',
    schedulerId: 'simple',
    cfg: 8,
    size: [512, 512],
    model: 'JANKUV5NSFWTrainedNoobai_v50',
    hash: '217daae812',
  },
  {
    file: 'comfyui/sdm_webp_comfyui-comfy-image-saver.webp',
    generator: 'comfyui',
    seed: '0',
    steps: 20,
    sampler: 'euler_simple',
    samplerId: 'euler',
    schedulerId: 'simple',
    cfg: 8,
    size: [512, 512],
    model: 'JANKUV5NSFWTrainedNoobai_v50',
    hash: '217daae812',
  },
  {
    file: 'comfyui/sdm_jpg_comfyui-saveimagewithmetadata.jpeg',
    generator: 'a1111',
    seed: '347382230306562',
    steps: 20,
    sampler: 'euler_ancestral_karras',
    samplerId: 'euler_ancestral',
    schedulerId: 'karras',
    cfg: 5,
    size: [1024, 1024],
    model: 'waiIllustriousSDXL_v160.safetensors',
    hash: '45a21ea00a',
  },
  {
    file: 'comfyui/sdm_webp_comfyui-saveimagewithmetadata.webp',
    generator: 'a1111',
    seed: '827555711811618',
    steps: 20,
    sampler: 'Euler a',
    samplerId: 'euler_ancestral',
    cfg: 5,
    size: [1024, 1024],
    model: 'waiIllustriousSDXL_v160.safetensors',
    hash: '45a21ea00a',
  },
];

for (const c of CASES) {
  test(`corpus ${c.file}`, () => {
    const report = readMetadata(readFileSync(join(CORPUS, c.file)));
    assert.deepEqual(report.warnings, []);
    const t = report.tuple;
    assert.ok(t, 'a tuple is read');
    assert.equal(report.generator, c.generator);
    assert.equal(t.seed, c.seed);
    assert.equal(t.steps, c.steps);
    assert.equal(t.sampler, c.sampler);
    if (c.scheduler !== undefined) assert.equal(t.scheduler, c.scheduler);
    if (c.samplerId !== undefined) assert.equal(t.samplerId, c.samplerId);
    if (c.schedulerId !== undefined) assert.equal(t.schedulerId, c.schedulerId);
    assert.equal(t.cfg, c.cfg);
    assert.deepEqual([t.width, t.height], c.size);
    if (c.model !== undefined) assert.equal(t.model, c.model);
    if (c.hash !== undefined) {
      assert.equal(t.modelHash, c.hash);
      assert.equal(t.modelHashType, 'autov2');
    }
    if (c.version !== undefined) assert.equal(t.software?.version, c.version);
    if (c.loras) {
      const loras = t.adapters.filter((a) => a.kind === 'lora').map((a) => [a.name, a.weight, a.hash]);
      assert.deepEqual(loras, c.loras);
    }
    if (c.hires) {
      const hires = t.passes.find((p) => p.role === 'hires');
      assert.ok(hires, 'a hires pass');
      assert.equal(hires.steps, c.hires.steps);
      assert.equal(hires.width, c.hires.width);
      if (!Number.isNaN(c.hires.denoise)) assert.equal(hires.denoise, c.hires.denoise);
      assert.equal(t.postprocess.find((p) => p.kind === 'hires-fix')?.name, c.hires.upscaler);
    }
    assert.ok(t.promptSha256 && /^[0-9a-f]{64}$/.test(t.promptSha256));
    assert.ok(report.raw.length > 0);
  });
}

test('stealth-only A1111 file: parameters come from the alpha LSBs of the decoded pixels', async () => {
  const file = join(CORPUS, 'a1111/sdparsers_automatic1111_stealth.png');
  const without = readMetadata(readFileSync(file));
  assert.equal(without.tuple, null, 'no text chunk holds the parameters');
  const { report } = await inspectImageFile(file);
  const t = report.tuple;
  assert.ok(t);
  assert.equal(t.seed, '2015833630');
  assert.equal(t.steps, 20);
  assert.equal(t.sampler, 'Euler');
  assert.equal(t.scheduler, 'Automatic');
  assert.equal(t.cfg, 7);
  assert.deepEqual([t.width, t.height], [64, 64]);
  assert.equal(t.model, 'realisticVisionV51_v51VAE');
  assert.equal(t.modelHash, '15012c538f');
  assert.equal(t.software?.version, 'v1.9.4-169-ga30b19dd');
  assert.equal(t.origins.seed.source, 'stealth:alpha');
  assert.equal(t.prompt, 'a circle');
  assert.equal(t.negativePrompt, 'a square');
});

test('defaults A1111 leaves out are filled in and marked as defaults', () => {
  const t = readMetadata(readFileSync(join(CORPUS, 'a1111/sdm_png_sd-webui.png'))).tuple;
  assert.ok(t);
  assert.equal(t.determinism.rng, 'GPU');
  assert.equal(t.origins['determinism.rng'].isDefault, true);
  assert.equal(t.determinism.ensd, '0');
  assert.equal(t.determinism.clipSkip, 1);
  assert.equal(t.origins['determinism.clipSkip'].isDefault, true);
  // iTXt prompt with non-Latin-1 text and a trailing newline kept exactly
  assert.equal(t.prompt, 'general, masterpiece, best quality, amazing quality, \n1girl, solo, hatsune miku, テスト\n');
});

test('Forge Classic writes RNG: CPU, which is kept as written (not a default)', () => {
  const t = readMetadata(readFileSync(join(CORPUS, 'forge/sdm_png_forge-classic-en.png'))).tuple;
  assert.ok(t);
  assert.equal(t.determinism.rng, 'CPU');
  assert.notEqual(t.origins['determinism.rng'].isDefault, true);
});

test('ADetailer keys become a post-processing step and not the software version', () => {
  const report = readMetadata(readFileSync(join(CORPUS, 'a1111/dtools_f9f3edb2-fdfa-40d8-a9b4-11fed110697d.jpeg')));
  assert.equal(report.format, 'png', 'a PNG named .jpeg is read as PNG');
  const t = report.tuple;
  assert.ok(t);
  const step = t.postprocess.find((p) => p.kind === 'adetailer');
  assert.ok(step);
  assert.equal(step.name, 'face_yolov8n.pt');
  assert.equal(t.software?.version, 'v1.9.4');
  assert.equal(t.determinism.tokenMerging, 0.5);
});

test('no-metadata controls report no generation data and no error', () => {
  for (const name of [
    'cex_controlnet_input_scribble_example.png',
    'dtools_jpeg_nometadata_dog_notAi.jpg',
    'sdm_jpg_gimp.jpg',
    'sdm_png_empty.png',
    'sdm_png_gimp-en.png',
    'sdm_png_gimp.png',
    'sdm_webp_empty.webp',
    'sdm_webp_gimp.webp',
  ]) {
    const report = readMetadata(readFileSync(join(CORPUS, '_no_metadata', name)));
    assert.equal(report.tuple, null, name);
    assert.equal(report.generator, null, name);
    assert.deepEqual(report.warnings, [], name);
  }
});
