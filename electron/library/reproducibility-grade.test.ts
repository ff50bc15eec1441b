// The grade of every corpus file, pinned, and the reasons for several: a grade that moves is a decision to review.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ReproducibilityGradeId } from '../../shared/reproducibility-grade';
import { inspectImageFile } from '../images/inspect-image';
import { runRecordFixture } from '../images/run-records/run-record-fixtures';
import { parseRunRecordJson } from '../images/run-records/run-record-parse';
import { gradeReproducibility } from './reproducibility-grade';

const CORPUS = process.env.SEEDSCOPE_CORPUS ?? join(__dirname, '../../../../shared/corpus');
const BIT: ReproducibilityGradeId = 'bit-identical-possible';
const VIS: ReproducibilityGradeId = 'visually-identical-at-best';
const NOT: ReproducibilityGradeId = 'not-reproducible';

// Stealth-only files keep their parameters in the pixels: graded from a decode, as the indexer's pixel pass does.
const NEEDS_DECODE = new Set(['a1111/sdparsers_automatic1111_stealth.png']);

const EXPECTED: Array<[string, ReproducibilityGradeId]> = [
  ['_c2pa_non_ai/cai_car-es-Ps-Cr.jpg', NOT],
  ['_no_metadata/cex_controlnet_input_scribble_example.png', NOT],
  ['_no_metadata/dtools_jpeg_nometadata_dog_notAi.jpg', NOT],
  ['_no_metadata/sdm_jpg_gimp.jpg', NOT],
  ['_no_metadata/sdm_png_empty.png', NOT],
  ['_no_metadata/sdm_png_gimp-en.png', NOT],
  ['_no_metadata/sdm_png_gimp.png', NOT],
  ['_no_metadata/sdm_webp_empty.webp', NOT],
  ['_no_metadata/sdm_webp_gimp.webp', NOT],
  ['a1111/dtools_a111_yodayo_test_thancred.jpeg', VIS],
  ['a1111/dtools_f9f3edb2-fdfa-40d8-a9b4-11fed110697d.jpeg', BIT],
  ['a1111/metahub_cli_a1111.png', BIT],
  ['a1111/sdm_png_sd-webui.png', BIT],
  ['a1111/sdm_webp_sd-webui.webp', VIS],
  ['a1111/sdparsers_automatic1111_cropped.jpg', VIS],
  ['a1111/sdparsers_automatic1111_stealth.png', BIT],
  ['c2pa-adobe-firefly/cai_Firefly_tabby_cat.jpg', NOT],
  ['c2pa-google/sdm_png_gemini_3.1pro.png', NOT],
  ['c2pa-google/sdm_png_gemini_unknown.png', NOT],
  ['c2pa-openai/cai_ChatGPT_Image.png', NOT],
  ['c2pa-openai/sdm_png_chatgpt-image2.png', NOT],
  ['civitai/dtools_CivitaiComfyui_Test.jpeg', VIS],
  ['civitai/picteus_image-userComment-string.jpg', VIS],
  ['civitai/sdm_jpg_civitai-hires.jpg', VIS],
  ['civitai/sdm_jpg_civitai-upscale.jpg', NOT],
  ['civitai/sdm_jpg_civitai.jpeg', VIS],
  ['comfyui-a1111style/dtools_ComfyUI_01803_.jpeg', VIS],
  ['comfyui-a1111style/metahub_a5af4555-8227-48c8-9f5d-d70e12f5e421.jpeg', BIT],
  ['comfyui/cex_2_pass_txt2img_hiresfix_esrgan_workflow.png', VIS],
  ['comfyui/cex_2_pass_txt2img_hiresfix_latent_workflow.png', VIS],
  ['comfyui/cex_controlnet_controlnet_example.png', VIS],
  ['comfyui/cex_controlnet_mixing_controlnets.png', VIS],
  ['comfyui/cex_flux_flux_depth_lora_example.png', VIS],
  ['comfyui/cex_flux_flux_dev_checkpoint_example.png', VIS],
  ['comfyui/cex_flux_flux_dev_example.png', VIS],
  ['comfyui/cex_flux_flux_kontext_example_comic.webp', VIS],
  ['comfyui/cex_hypernetworks_hypernetwork_example.png', VIS],
  ['comfyui/cex_inpaint_inpaint_example.png', VIS],
  ['comfyui/cex_lcm_lcm_basic_example.png', VIS],
  ['comfyui/cex_lora_lora.png', VIS],
  ['comfyui/cex_lora_lora_multiple.png', VIS],
  ['comfyui/cex_mochi_mochi_simple_checkpoint.webp', VIS],
  ['comfyui/cex_sd3_sd3.5_large_canny_controlnet_example.png', VIS],
  ['comfyui/cex_sdturbo_sdxlturbo_example.png', VIS],
  ['comfyui/cex_sdxl_sdxl_refiner_prompt_example.png', VIS],
  ['comfyui/cex_stable_cascade_stable_cascade__text_to_image.png', VIS],
  ['comfyui/cex_textual_inversion_embeddings_embedding_example.png', VIS],
  ['comfyui/cex_upscale_models_esrgan_example.png', VIS],
  ['comfyui/cex_z_image_z_image_turbo_example.png', VIS],
  ['comfyui/dtools_ComfyUI_00001_.png', VIS],
  ['comfyui/dtools_ComfyUI_00165_.png', VIS],
  ['comfyui/dtools_ComfyUI_TIPO_.jpeg', VIS],
  ['comfyui/dtools_ComfyUI_temp_yfugg_00012_.png', VIS],
  ['comfyui/metahub_cli_comfyui.png', VIS],
  ['comfyui/sdm_jpg_comfyui-comfy-image-saver.jpeg', VIS],
  ['comfyui/sdm_jpg_comfyui-save-image-extended.jpeg', VIS],
  ['comfyui/sdm_jpg_comfyui-saveimage-plus.jpg', VIS],
  ['comfyui/sdm_jpg_comfyui-saveimagewithmetadata.jpeg', VIS],
  ['comfyui/sdm_png_comfyui-comfy-image-saver.png', VIS],
  ['comfyui/sdm_png_comfyui-save-image-extended.png', VIS],
  ['comfyui/sdm_png_comfyui-saveimage-plus.png', VIS],
  ['comfyui/sdm_png_comfyui-saveimagewithmetadata.png', VIS],
  ['comfyui/sdm_webp_comfyui-comfy-image-saver.webp', VIS],
  ['comfyui/sdm_webp_comfyui-save-image-extended.webp', VIS],
  ['comfyui/sdm_webp_comfyui-saveimage-plus.webp', VIS],
  ['comfyui/sdm_webp_comfyui-saveimagewithmetadata.webp', VIS],
  ['comfyui/sdparsers_img2img_cropped.png', VIS],
  ['comfyui/sdparsers_night_evening_day_morning_cropped.png', VIS],
  ['comfyui/sdparsers_unclip_2pass_cropped.png', VIS],
  ['fooocus/sdm_png_ruined-fooocus.png', VIS],
  ['fooocus/sdparsers_fooocus1_cropped.png', VIS],
  ['forge/sdm_jpg_forge-classic-hires.jpeg', VIS],
  ['forge/sdm_jpg_forge-neo.jpeg', VIS],
  ['forge/sdm_jpg_reforge-hires.jpeg', VIS],
  ['forge/sdm_jpg_reforge.jpeg', VIS],
  ['forge/sdm_png_forge-classic-en.png', BIT],
  ['forge/sdm_png_reforge.png', BIT],
  ['forge/sdm_webp_forge-classic-hires.webp', VIS],
  ['hf-space/sdm_png_huggingface-space.png', VIS],
  ['invokeai/sdm_png_invokeai.png', BIT],
  ['invokeai/sdparsers_invokeai_sdmeta1.png', VIS],
  ['krea/sdm_png_krea2.png', VIS],
  ['midjourney/picteus_image-description.png', NOT],
  ['novelai/llmkira_augment-image.png', NOT],
  ['novelai/llmkira_sample-0316-out.png', VIS],
  ['novelai/llmkira_sample-0316.png', VIS],
  ['novelai/llmkira_sample-0317.png', VIS],
  ['novelai/sdm_png_novelai-curated.png', VIS],
  ['novelai/sdm_png_novelai-full.png', VIS],
  ['novelai/sdm_webp_novelai-curated.webp', VIS],
  ['sdnext/sdm_jpg_sd-next.jpg', VIS],
  ['sdnext/sdm_png_sd-next-en.png', BIT],
  ['sdnext/sdm_webp_sd-next.webp', VIS],
  ['stability-matrix/sdm_png_stability-matrix.png', VIS],
  ['swarmui/sdm_jpg_swarmui.jpg', VIS],
  ['swarmui/sdm_webp_swarmui.webp', VIS],
];

async function grade(file: string) {
  const { report } = await inspectImageFile(join(CORPUS, file), { decode: NEEDS_DECODE.has(file) });
  return gradeReproducibility(report);
}

test('every corpus file has its pinned grade', async () => {
  const wrong: string[] = [];
  for (const [file, expected] of EXPECTED) {
    const { grade: got, reasons } = await grade(file);
    if (got !== expected)
      wrong.push(`${file}: ${got} (${reasons.map((r) => r.code).join(', ')}), expected ${expected}`);
  }
  assert.deepEqual(wrong, []);
});

test('a fully recorded local PNG (hash, seed, DPM++ 2M, CPU noise) is bit-identical possible with no reasons', async () => {
  assert.deepEqual(await grade('forge/sdm_png_forge-classic-en.png'), { grade: BIT, reasons: [] });
});

test('ancestral sampling on GPU noise and a JPEG container hold an A1111 image at visually identical', async () => {
  const g = await grade('a1111/dtools_a111_yodayo_test_thancred.jpeg');
  assert.deepEqual(
    g.reasons.map((r) => r.code),
    ['sampler-gpu-noise', 'lossy-container'],
  );
  assert.match(g.reasons[0]!.text, /euler_ancestral draws new noise at every step/);
  assert.match(g.reasons[0]!.change, /RNG source = CPU/);
});

test('the same ancestral sampler on CPU noise is no reason (Forge Neo writes RNG: CPU)', async () => {
  const g = await grade('forge/sdm_jpg_forge-neo.jpeg');
  assert.deepEqual(
    g.reasons.map((r) => r.code),
    ['lossy-container'],
  );
});

test('ComfyUI: no model hash, and custom nodes named', async () => {
  const g = await grade('comfyui/dtools_ComfyUI_00165_.png');
  assert.equal(g.grade, VIS);
  assert.deepEqual(
    g.reasons.map((r) => r.code),
    ['no-model-hash', 'custom-nodes'],
  );
  assert.match(g.reasons[1]!.text, /UnetLoaderGGUF/);
});

test('InvokeAI 2.x face restoration and upscaling are unseeded post-processing', async () => {
  const g = await grade('invokeai/sdparsers_invokeai_sdmeta1.png');
  assert.deepEqual(
    g.reasons.map((r) => r.code),
    ['postprocess-unseeded'],
  );
  assert.match(g.reasons[0]!.text, /face-restore codeformer, upscale esrgan/);
});

test('hosted images without a seed or a version pin are not reproducible from what is recorded', async () => {
  const g = await grade('c2pa-google/sdm_png_gemini_3.1pro.png');
  assert.equal(g.grade, NOT);
  assert.deepEqual(
    g.reasons.map((r) => r.code),
    ['seed-missing', 'hosted-unpinned'],
  );
});

test('a file without parameters is not reproducible, and says where to look', async () => {
  const g = await grade('_no_metadata/sdm_png_gimp.png');
  assert.deepEqual(
    g.reasons.map((r) => r.code),
    ['no-parameters'],
  );
  assert.match(g.reasons[0]!.change, /seedscope similar FILE/);
});

function record(name: string, mutate?: (json: Record<string, unknown>) => void) {
  const json = JSON.parse(readFileSync(runRecordFixture(name), 'utf8')) as Record<string, unknown>;
  mutate?.(json);
  const parsed = parseRunRecordJson(json, { kind: 'beside', files: [name] });
  assert.ok(parsed.ok);
  return parsed.record;
}

test('a run record decides the hosted reasons: a Replicate version pin caps at visually identical, none blocks', () => {
  const pinned = gradeReproducibility({
    format: 'png',
    generator: null,
    tuple: null,
    raw: [],
    runRecord: record('replicate-prediction.json'),
  });
  assert.equal(pinned.grade, VIS);
  assert.deepEqual(
    pinned.reasons.map((r) => r.code),
    ['hosted-hardware'],
  );
  assert.match(pinned.reasons[0]!.text, /version 7762fd07/);
  const unpinned = gradeReproducibility({
    format: 'png',
    generator: null,
    tuple: null,
    raw: [],
    runRecord: record('replicate-prediction.json', (j) => delete j.version),
  });
  assert.equal(unpinned.grade, NOT);
  assert.deepEqual(
    unpinned.reasons.map((r) => r.code),
    ['hosted-unpinned'],
  );
});

test('post-processing switched on in the request is named with the value that turns it off', () => {
  const g = gradeReproducibility({
    format: 'jpeg',
    generator: null,
    tuple: null,
    raw: [],
    runRecord: record('bfl-flux-pro.json'),
  });
  const reason = g.reasons.find((r) => r.code === 'postprocess-unseeded');
  assert.ok(reason);
  assert.match(reason.text, /prompt_upsampling = true/);
  assert.match(reason.change, /"prompt_upsampling": false/);
});

test('OpenAI Images records no seed: not reproducible', () => {
  const g = gradeReproducibility({
    format: 'png',
    generator: 'openai',
    tuple: null,
    raw: [],
    runRecord: record('openai-images.json'),
  });
  assert.equal(g.grade, NOT);
  assert.equal(g.reasons[0]!.code, 'seed-missing');
});
