// Every ComfyUI / Civitai-graph / Krea file in the corpus, read through the real container layer and dispatcher,
// against the values in corpus/INDEX.md (all passes for multi-sampler files).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import type { GenerationTuple, SamplingPass } from '../../../shared/tuple';
import { withPngChunks } from '../containers/png-write';
import { readMetadata, reportFromSources } from '../read-metadata';

const CORPUS = process.env['SEEDSCOPE_CORPUS'] ?? path.resolve(__dirname, '../../../../../shared/corpus');

function read(file: string): { generator: string | null; tuple: GenerationTuple; warnings: string[] } {
  const report = readMetadata(readFileSync(path.join(CORPUS, file)), { fileName: file });
  assert.ok(report.tuple, `${file}: no tuple (generator ${report.generator}, warnings ${report.warnings.join('; ')})`);
  return { generator: report.generator, tuple: report.tuple, warnings: report.warnings };
}

type PassExpect = Partial<
  Pick<
    SamplingPass,
    | 'node'
    | 'nodeType'
    | 'seed'
    | 'steps'
    | 'cfg'
    | 'sampler'
    | 'scheduler'
    | 'denoise'
    | 'model'
    | 'width'
    | 'height'
    | 'role'
  >
>;

interface Expect {
  file: string;
  generator?: string;
  seed: string;
  steps: number;
  cfg?: number | null;
  sampler?: string;
  scheduler?: string;
  size?: [number, number] | null;
  model: string;
  loras?: string[];
  passes?: PassExpect[];
}

const K = (
  node: string,
  seed: string,
  steps: number,
  cfg: number,
  sampler: string,
  scheduler: string,
  denoise: number,
  model: string,
  extra: PassExpect = {},
): PassExpect => ({
  node,
  seed,
  steps,
  cfg,
  sampler,
  scheduler,
  denoise,
  model,
  ...extra,
});

const WAI = 'waiIllustriousSDXL_v160.safetensors';
const saver = (file: string, seed: string): Expect => ({
  file,
  seed,
  steps: 20,
  cfg: 5,
  sampler: 'euler_ancestral',
  scheduler: 'karras',
  size: [1024, 1024],
  model: WAI,
});

const CASES: Expect[] = [
  {
    file: 'comfyui/cex_2_pass_txt2img_hiresfix_esrgan_workflow.png',
    seed: '251225068430076',
    steps: 12,
    cfg: 8,
    sampler: 'dpmpp_sde',
    scheduler: 'normal',
    size: [768, 768],
    model: 'v2-1_768-ema-pruned.ckpt',
    passes: [
      K('3', '251225068430076', 12, 8, 'dpmpp_sde', 'normal', 1, 'v2-1_768-ema-pruned.ckpt', {
        role: 'base',
        width: 768,
      }),
      K('11', '783745448521451', 14, 8, 'uni_pc_bh2', 'normal', 0.5, 'v2-1_768-ema-pruned.ckpt', { role: 'hires' }),
    ],
  },
  {
    file: 'comfyui/cex_2_pass_txt2img_hiresfix_latent_workflow.png',
    seed: '89848141647836',
    steps: 12,
    cfg: 8,
    sampler: 'dpmpp_sde',
    scheduler: 'normal',
    size: [768, 768],
    model: 'v2-1_768-ema-pruned.ckpt',
    passes: [
      K('3', '89848141647836', 12, 8, 'dpmpp_sde', 'normal', 1, 'v2-1_768-ema-pruned.ckpt'),
      K('11', '469771404043268', 14, 8, 'dpmpp_2m', 'simple', 0.5, 'v2-1_768-ema-pruned.ckpt', {
        width: 1152,
        height: 1152,
        role: 'hires',
      }),
    ],
  },
  {
    file: 'comfyui/cex_controlnet_controlnet_example.png',
    seed: '1002496614778823',
    steps: 16,
    cfg: 6,
    sampler: 'uni_pc',
    scheduler: 'normal',
    size: [512, 512],
    model: 'Anything-V3.0.ckpt',
  },
  {
    file: 'comfyui/cex_controlnet_mixing_controlnets.png',
    seed: '894480165483805',
    steps: 12,
    cfg: 6,
    sampler: 'dpmpp_sde',
    scheduler: 'normal',
    size: [768, 768],
    model: 'AOM3A1.safetensors',
  },
  {
    file: 'comfyui/cex_flux_flux_depth_lora_example.png',
    seed: '91050358797301',
    steps: 20,
    cfg: 1,
    sampler: 'euler',
    scheduler: 'normal',
    model: 'flux1-dev.safetensors',
    loras: ['flux1-depth-dev-lora.safetensors@1'],
  },
  {
    file: 'comfyui/cex_flux_flux_dev_checkpoint_example.png',
    seed: '972054013131368',
    steps: 20,
    cfg: 1,
    sampler: 'euler',
    scheduler: 'simple',
    size: [1024, 1024],
    model: 'flux1-dev-fp8.safetensors',
  },
  {
    file: 'comfyui/cex_flux_flux_dev_example.png',
    seed: '219670278747233',
    steps: 20,
    cfg: null,
    sampler: 'euler',
    scheduler: 'simple',
    size: [1024, 1024],
    model: 'flux1-dev.safetensors',
    passes: [{ node: '13', nodeType: 'SamplerCustomAdvanced', denoise: 1 }],
  },
  // Saved by SaveAnimatedWEBP 171: a grid stitched from six passes from noise (92 … 150), each given 31's output as a
  // reference latent. The last pass of the grid is the headline; 31 is an influence; nothing here is unsaved.
  {
    file: 'comfyui/cex_flux_flux_kontext_example_comic.webp',
    seed: '972054013131423',
    steps: 20,
    cfg: 1,
    sampler: 'euler',
    scheduler: 'simple',
    size: [1024, 1024],
    model: 'flux1-kontext-dev.safetensors',
    passes: [
      K('150', '972054013131423', 20, 1, 'euler', 'simple', 1, 'flux1-kontext-dev.safetensors', { role: 'base' }),
      K('31', '972054013132814', 20, 1, 'euler', 'simple', 1, 'flux1-kontext-dev.safetensors', { role: 'other' }),
      K('92', '972054013131399', 20, 1, 'euler', 'simple', 1, 'flux1-kontext-dev.safetensors'),
      K('108', '972054013131375', 20, 1, 'euler', 'simple', 1, 'flux1-kontext-dev.safetensors'),
      {},
      {},
      { node: '143' },
    ],
  },
  {
    file: 'comfyui/cex_hypernetworks_hypernetwork_example.png',
    seed: '572636856966402',
    steps: 20,
    cfg: 8,
    sampler: 'uni_pc_bh2',
    scheduler: 'normal',
    size: [512, 512],
    model: 'v1-5-pruned-emaonly.ckpt',
  },
  {
    file: 'comfyui/cex_inpaint_inpaint_example.png',
    seed: '1040111309094545',
    steps: 20,
    cfg: 8,
    sampler: 'uni_pc_bh2',
    scheduler: 'normal',
    model: '512-inpainting-ema.safetensors',
  },
  {
    file: 'comfyui/cex_lcm_lcm_basic_example.png',
    seed: '167055194337639',
    steps: 5,
    cfg: 1.8,
    sampler: 'lcm',
    scheduler: 'sgm_uniform',
    size: [1024, 1024],
    model: 'sd_xl_1.0.safetensors',
    loras: ['lcm_lora_sdxl.safetensors@1'],
  },
  {
    file: 'comfyui/cex_lora_lora.png',
    seed: '851616030078638',
    steps: 20,
    cfg: 8,
    sampler: 'euler',
    scheduler: 'normal',
    size: [512, 512],
    model: 'v1-5-pruned-emaonly.ckpt',
    loras: ['epiNoiseoffset_v2.safetensors@1'],
  },
  {
    file: 'comfyui/cex_lora_lora_multiple.png',
    seed: '513173432917412',
    steps: 20,
    cfg: 8,
    sampler: 'euler',
    scheduler: 'normal',
    size: [512, 512],
    model: 'v1-5-pruned-emaonly.ckpt',
    loras: ['epiNoiseoffset_v2.safetensors@1', 'theovercomer8sContrastFix_sd15.safetensors@1'],
  },
  {
    file: 'comfyui/cex_mochi_mochi_simple_checkpoint.webp',
    seed: '93806664037998',
    steps: 30,
    cfg: 4.5,
    sampler: 'euler',
    scheduler: 'simple',
    size: [848, 480],
    model: 'mochi_preview_fp8_scaled.safetensors',
  },
  {
    file: 'comfyui/cex_sd3_sd3.5_large_canny_controlnet_example.png',
    seed: '790192293768778',
    steps: 32,
    cfg: 4.5,
    sampler: 'euler',
    scheduler: 'simple',
    size: [1024, 1024],
    model: 'sd3.5_large_fp8_scaled.safetensors',
  },
  {
    file: 'comfyui/cex_sdturbo_sdxlturbo_example.png',
    seed: '0',
    steps: 1,
    cfg: 1,
    sampler: 'euler_ancestral',
    scheduler: 'SDTurboScheduler',
    size: [512, 512],
    model: 'sd_xl_turbo_1.0_fp16.safetensors',
    passes: [{ node: '13', nodeType: 'SamplerCustom' }],
  },
  {
    file: 'comfyui/cex_sdxl_sdxl_refiner_prompt_example.png',
    seed: '6767725640732',
    steps: 25,
    cfg: 8,
    sampler: 'euler',
    scheduler: 'normal',
    size: [1024, 1024],
    model: 'sd_xl_base_1.0.safetensors',
    passes: [
      {
        node: '10',
        nodeType: 'KSamplerAdvanced',
        seed: '6767725640732',
        steps: 25,
        cfg: 8,
        role: 'base',
        model: 'sd_xl_base_1.0.safetensors',
      },
      {
        node: '11',
        nodeType: 'KSamplerAdvanced',
        seed: '0',
        steps: 25,
        cfg: 8,
        role: 'refiner',
        model: 'sd_xl_refiner_1.0.safetensors',
      },
    ],
  },
  {
    file: 'comfyui/cex_stable_cascade_stable_cascade__text_to_image.png',
    seed: '314307448448003',
    steps: 20,
    cfg: 4,
    sampler: 'euler_ancestral',
    scheduler: 'simple',
    size: [1024, 1024],
    model: 'stable_cascade_stage_c.safetensors',
    passes: [
      K('3', '314307448448003', 20, 4, 'euler_ancestral', 'simple', 1, 'stable_cascade_stage_c.safetensors', {
        width: 1024,
        height: 1024,
      }),
      K('33', '183495397600639', 10, 1.1, 'euler_ancestral', 'simple', 1, 'stable_cascade_stage_b.safetensors', {
        width: 1024,
        height: 1024,
      }),
    ],
  },
  {
    file: 'comfyui/cex_textual_inversion_embeddings_embedding_example.png',
    seed: '193694018275622',
    steps: 20,
    cfg: 8,
    sampler: 'uni_pc_bh2',
    scheduler: 'normal',
    size: [768, 768],
    model: 'v2-1_768-ema-pruned.ckpt',
  },
  {
    file: 'comfyui/cex_upscale_models_esrgan_example.png',
    seed: '833543590226030',
    steps: 20,
    cfg: 8,
    sampler: 'euler',
    scheduler: 'normal',
    size: [512, 512],
    model: 'v1-5-pruned-emaonly.ckpt',
  },
  {
    file: 'comfyui/cex_z_image_z_image_turbo_example.png',
    seed: '47447417949230',
    steps: 9,
    cfg: 1,
    sampler: 'euler',
    scheduler: 'simple',
    size: [1024, 1024],
    model: 'z_image_turbo_bf16.safetensors',
  },
  {
    file: 'comfyui/dtools_ComfyUI_00001_.png',
    seed: '854618197646088',
    steps: 20,
    cfg: 8,
    sampler: 'dpmpp_3m_sde_gpu',
    scheduler: 'sgm_uniform',
    model: 'SDXL\\illustriousBlackMagic_v27CLEAN.safetensors',
    loras: ['SDXL\\SDXLHighDetail_v6-000005.safetensors@1'],
  },
  {
    file: 'comfyui/dtools_ComfyUI_00165_.png',
    seed: '845333371187713',
    steps: 25,
    cfg: null,
    sampler: 'euler',
    scheduler: 'simple',
    model: 'artsyVibe_v1Q80.gguf',
    passes: [{ node: '56', nodeType: 'SamplerCustomAdvanced', denoise: 1 }],
  },
  {
    file: 'comfyui/dtools_ComfyUI_TIPO_.jpeg',
    seed: '8871',
    steps: 15,
    cfg: 3.5,
    scheduler: 'GITSScheduler',
    size: [512, 768],
    model: '2025-03-04_07-24-12-save-580600-200-0.safetensors',
    passes: [
      { node: '1907', nodeType: 'SamplerCustom', seed: '8871', steps: 15, cfg: 3.5, scheduler: 'GITSScheduler' },
      {
        node: '1922',
        nodeType: 'SamplerCustom',
        seed: '942094034636112',
        steps: 6,
        cfg: 3,
        model: 'pixartSigma1024px_1024pxV031.safetensors',
      },
    ],
  },
  {
    file: 'comfyui/dtools_ComfyUI_temp_yfugg_00012_.png',
    seed: '10040',
    steps: 40,
    cfg: 3.5,
    sampler: 'dpmpp_3m_sde_gpu',
    scheduler: 'beta',
    size: [768, 1344],
    model: 'OpenKolors_v2.4_final.safetensors',
  },
  {
    file: 'comfyui/metahub_cli_comfyui.png',
    seed: '156680208700286',
    steps: 20,
    cfg: 8,
    sampler: 'euler',
    scheduler: 'normal',
    size: [1024, 1024],
    model: 'sd_xl_base_1.0.safetensors',
  },
  saver('comfyui/sdm_jpg_comfyui-save-image-extended.jpeg', '813617545434765'),
  saver('comfyui/sdm_jpg_comfyui-saveimage-plus.jpg', '577723948579568'),
  saver('comfyui/sdm_png_comfyui-comfy-image-saver.png', '106744160813738'),
  saver('comfyui/sdm_png_comfyui-save-image-extended.png', '779742380066441'),
  saver('comfyui/sdm_png_comfyui-saveimage-plus.png', '434067965194649'),
  saver('comfyui/sdm_png_comfyui-saveimagewithmetadata.png', '38802053347333'),
  saver('comfyui/sdm_webp_comfyui-save-image-extended.webp', '602057552457611'),
  saver('comfyui/sdm_webp_comfyui-saveimage-plus.webp', '453851843419278'),
  {
    file: 'comfyui/sdparsers_img2img_cropped.png',
    seed: '280823642470253',
    steps: 20,
    cfg: 8,
    sampler: 'sample_dpmpp_2m',
    scheduler: 'normal',
    model: 'v1-5-pruned-emaonly.ckpt',
    passes: [{ denoise: 0.8700000000000001 }],
  },
  {
    file: 'comfyui/sdparsers_night_evening_day_morning_cropped.png',
    seed: '335608130539327',
    steps: 13,
    cfg: 8.5,
    sampler: 'dpmpp_sde',
    scheduler: 'normal',
    size: [704, 1280],
    model: 'Anything-V3.0.ckpt',
    passes: [
      K('3', '335608130539327', 13, 8.5, 'dpmpp_sde', 'normal', 1, 'Anything-V3.0.ckpt', { width: 704, height: 1280 }),
      K('24', '1122440447966177', 14, 7, 'dpmpp_2m', 'simple', 0.5, 'AbyssOrangeMix2_hard.safetensors', {
        width: 1088,
        height: 1920,
      }),
    ],
  },
  {
    file: 'comfyui/sdparsers_unclip_2pass_cropped.png',
    seed: '1106257833005336',
    steps: 26,
    cfg: 8,
    sampler: 'uni_pc_bh2',
    scheduler: 'normal',
    size: [1280, 704],
    model: 'wd-1-5-beta2-aesthetic-unclip-h-fp32.safetensors',
    passes: [
      K('3', '1106257833005336', 26, 8, 'uni_pc_bh2', 'normal', 1, 'wd-1-5-beta2-aesthetic-unclip-h-fp32.safetensors', {
        width: 1280,
        height: 704,
      }),
      K('41', '119080905858220', 8, 9, 'dpmpp_sde', 'normal', 0.5199999999999996, 'cardosAnimated_v20.safetensors', {
        width: 1920,
        height: 1088,
      }),
    ],
  },
  {
    file: 'civitai/dtools_CivitaiComfyui_Test.jpeg',
    generator: 'civitai',
    seed: '1816877408',
    steps: 30,
    cfg: 3.5,
    sampler: 'euler_ancestral',
    scheduler: 'normal',
    size: [832, 1216],
    model: 'urn:air:sdxl:checkpoint:civitai:288584@324619',
    loras: ['urn:air:sdxl:lora:civitai:1141783@1284026@0.8'],
    passes: [
      K('11', '1816877408', 30, 3.5, 'euler_ancestral', 'normal', 1, 'urn:air:sdxl:checkpoint:civitai:288584@324619'),
      K(
        '24',
        '1816877408',
        30,
        3.5,
        'euler_ancestral',
        'normal',
        0.25,
        'urn:air:sdxl:checkpoint:civitai:288584@324619',
      ),
    ],
  },
  {
    file: 'civitai/sdm_jpg_civitai-hires.jpg',
    generator: 'civitai',
    seed: '1311178179',
    steps: 25,
    cfg: 5,
    sampler: 'euler_ancestral',
    scheduler: 'normal',
    size: [1536, 1536],
    model: 'urn:air:sdxl:checkpoint:civitai:827184@2514310',
    passes: [{ denoise: 0.3 }],
  },
  {
    file: 'civitai/sdm_jpg_civitai-upscale.jpg',
    generator: 'civitai',
    seed: '1311178179',
    steps: 25,
    cfg: 5,
    sampler: 'Euler a',
    size: [1024, 1024],
    model: 'Illustrious',
    passes: [],
  },
  {
    file: 'krea/sdm_png_krea2.png',
    seed: '371644226245214',
    steps: 8,
    cfg: 1,
    sampler: 'euler',
    scheduler: 'simple',
    size: null,
    model: 'krea2_turbo_int8_convrot.safetensors',
  },
];

for (const c of CASES) {
  test(`ComfyUI graph: ${c.file}`, () => {
    const { generator, tuple } = read(c.file);
    assert.equal(generator, c.generator ?? 'comfyui');
    assert.equal(tuple.seed, c.seed);
    assert.equal(tuple.steps, c.steps);
    if (c.cfg !== undefined) assert.equal(tuple.cfg, c.cfg);
    if (c.sampler) assert.equal(tuple.sampler, c.sampler);
    if (c.scheduler) assert.equal(tuple.scheduler, c.scheduler);
    if (c.size) assert.deepEqual([tuple.width, tuple.height], c.size);
    if (c.size === null) assert.deepEqual([tuple.width, tuple.height], [null, null]);
    assert.equal(tuple.model, c.model);
    if (c.loras) {
      const loras = tuple.adapters.filter((a) => a.kind === 'lora').map((a) => `${a.name}@${a.weight}`);
      assert.deepEqual(loras, c.loras);
    }
    if (c.passes) {
      assert.equal(tuple.passes.length, c.passes.length, 'one pass per sampler node');
      c.passes.forEach((want, i) => {
        const got = tuple.passes[i]!;
        for (const [key, value] of Object.entries(want))
          assert.deepEqual(got[key as keyof SamplingPass], value, `pass ${i} ${key}`);
      });
    }
  });
}

test('the seed keeps its digits and the prompt hash is over the exact text', () => {
  const { tuple } = read('comfyui/cex_lora_lora.png');
  assert.equal(tuple.prompt, 'masterpiece best quality girl');
  assert.equal(tuple.negativePrompt, 'bad hands');
  assert.equal(tuple.promptSha256, createHash('sha256').update('masterpiece best quality girl', 'utf8').digest('hex'));
  assert.equal(tuple.origins['seed']?.source, 'comfy:prompt#3.seed');
  assert.equal(tuple.origins['model']?.source, 'comfy:prompt#4.ckpt_name');
  assert.equal(tuple.adapters[0]?.weights?.['clip'], 1);
});

test('Krea subgraph: size from ResolutionSelector and LLM-written prompt are computed, never values', () => {
  const { tuple } = read('krea/sdm_png_krea2.png');
  assert.equal(tuple.origins['width']?.computed, true);
  assert.equal(tuple.origins['height']?.computed, true);
  assert.equal(tuple.prompt, null);
  assert.equal(tuple.origins['prompt']?.computed, true);
  assert.equal(tuple.passes[0]?.node, '30:3');
});

test('comfy-image-saver: the graph wins over the stale A1111 saver text, and each disagreement is recorded', () => {
  const { tuple } = read('comfyui/sdm_png_comfyui-comfy-image-saver.png');
  const fields = tuple.conflicts.map((c) => c.field);
  for (const f of ['seed', 'width', 'height', 'model']) assert.ok(fields.includes(f), `conflict on ${f}`);
  const seed = tuple.conflicts.find((c) => c.field === 'seed')!;
  assert.deepEqual(
    seed.values.map((v) => v.value),
    ['106744160813738', '0'],
  );
  assert.equal(seed.values[1]!.source, 'png:tEXt:parameters');
});

test('adapters: ControlNets, hypernetwork, embeddings and upscalers are listed', () => {
  const mixing = read('comfyui/cex_controlnet_mixing_controlnets.png').tuple;
  assert.deepEqual(
    mixing.adapters.filter((a) => a.kind === 'controlnet').map((a) => a.name),
    ['control_scribble.safetensors', 'control_openpose.safetensors'],
  );
  const hyper = read('comfyui/cex_hypernetworks_hypernetwork_example.png').tuple;
  assert.deepEqual(
    hyper.adapters.map((a) => `${a.kind}:${a.name}`),
    ['hypernetwork:dantionMarbleStatues_10.pt'],
  );
  const ti = read('comfyui/cex_textual_inversion_embeddings_embedding_example.png').tuple;
  assert.deepEqual(
    ti.adapters.map((a) => `${a.kind}:${a.name}`),
    ['embedding:SDA768.pt'],
  );
  const civitai = read('civitai/dtools_CivitaiComfyui_Test.jpeg').tuple;
  assert.ok(
    civitai.adapters.some((a) => a.kind === 'embedding' && a.name === 'urn:air:sdxl:embedding:civitai:384756@563234'),
  );
  const esrgan = read('comfyui/cex_upscale_models_esrgan_example.png').tuple;
  assert.deepEqual(
    esrgan.postprocess.map((p) => `${p.kind}:${p.name}`),
    ['upscale:RealESRGAN_x2.pth'],
  );
  const refiner = read('comfyui/cex_sdxl_sdxl_refiner_prompt_example.png').tuple;
  assert.ok(refiner.adapters.some((a) => a.kind === 'refiner' && a.name === 'sd_xl_refiner_1.0.safetensors'));
});

test('Flux: FluxGuidance is kept with the pass, CLIP skip and the VAE are read graph-wide', () => {
  const flux = read('comfyui/cex_flux_flux_dev_example.png').tuple;
  assert.equal(flux.passes[0]?.settings['guidance'], 3.5);
  assert.equal(flux.passes[0]?.settings['guider'], 'BasicGuider');
  const night = read('comfyui/sdparsers_night_evening_day_morning_cropped.png').tuple;
  assert.equal(night.determinism.clipSkip, 2);
  assert.equal(night.determinism.vae, 'vae-ft-mse-840000-ema-pruned.safetensors');
});

test('animated PNG: the graph in the private `comf` chunk after IDAT is found', async () => {
  const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000000' } })
    .png()
    .toBuffer();
  const graph = {
    '1': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'anim.safetensors' } },
    '2': { class_type: 'EmptyLatentImage', inputs: { width: 512, height: 288, batch_size: 16 } },
    '3': {
      class_type: 'KSampler',
      inputs: {
        // biome-ignore lint/correctness/noPrecisionLoss: a graph object as JSON.parse gives it for 2^64-1 (the reader must read the seed from the text instead)
        seed: 18446744073709551615,
        steps: 8,
        cfg: 2,
        sampler_name: 'lcm',
        scheduler: 'sgm_uniform',
        denoise: 1,
        model: ['1', 0],
        positive: ['1', 0],
        negative: ['1', 0],
        latent_image: ['2', 0],
      },
    },
  };
  // JSON.stringify would round the seed; write the digits the way ComfyUI's json.dumps does.
  const text = JSON.stringify(graph).replace('18446744073709552000', '18446744073709551615');
  const data = Buffer.concat([Buffer.from('prompt\0', 'latin1'), Buffer.from(text, 'latin1')]);
  const report = readMetadata(withPngChunks(png, [{ type: 'comf', data }], 'after-idat'));
  assert.equal(report.generator, 'comfyui');
  assert.equal(report.tuple?.seed, '18446744073709551615');
  assert.deepEqual([report.tuple?.model, report.tuple?.width, report.tuple?.height], ['anim.safetensors', 512, 288]);
});

test('a graph without any sampler node next to saver A1111 text: the text is read instead', () => {
  const graph = JSON.stringify({
    '1': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'm.safetensors' } },
    '2': { class_type: 'MysterySampler', inputs: { model: ['1', 0] } },
  });
  const sources = {
    format: 'png' as const,
    texts: [
      {
        source: 'png:tEXt:parameters',
        key: 'parameters',
        text: 'a cat\nNegative prompt: dog\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 42, Size: 512x512, Model: m, Version: ComfyUI',
      },
      { source: 'png:tEXt:prompt', key: 'prompt', text: graph },
    ],
    xmp: null,
    c2paJumbf: null,
    stealth: null,
    warnings: [],
  };
  const report = reportFromSources(sources);
  assert.equal(report.tuple?.seed, '42');
  assert.equal(report.tuple?.origins['seed']?.source, 'png:tEXt:parameters');
});

test('ControlNetApplyAdvanced: slot 1 leads to the negative side (here zeroed), the ControlNet keeps its range', () => {
  const { tuple } = read('comfyui/cex_sd3_sd3.5_large_canny_controlnet_example.png');
  assert.equal(tuple.negativePrompt, null);
  assert.match(tuple.extras['negative'] ?? '', /ConditioningZeroOut/);
  assert.ok(tuple.prompt?.startsWith('happy cute anime fox girl'));
  const cn = tuple.adapters.filter((a) => a.kind === 'controlnet');
  assert.equal(cn.length, 1, 'listed once although both sides pass through it');
  assert.deepEqual(
    [cn[0]!.name, cn[0]!.weight, cn[0]!.weights],
    ['sd3.5_large_controlnet_canny.safetensors', 0.66, { start_percent: 0, end_percent: 1 }],
  );
});
