// The a1111 target, checked against the API's own field names (a1111-api-fields.fixture.ts, from A1111's
// modules/api/models.py + modules/processing.py) for a file from every corpus generator.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isJsonObject, parseLosslessJson } from '../metadata/lossless-json';
import {
  A1111_IMG2IMG_FIELDS,
  A1111_OVERRIDE_KEYS,
  A1111_SCHEDULER_LABELS,
  A1111_TXT2IMG_FIELDS,
} from './a1111-api-fields.fixture';
import { corpusSources, folderOf } from './corpus-sources.fixture';
import { buildRecipe } from './index';
import { A1111_SAMPLER_NAMES } from './sampler-names';

const A1111_NAMES = new Set(Object.values(A1111_SAMPLER_NAMES));

test('every corpus generator: the body uses only API field names, names sampler and scheduler explicitly, keeps prompt bytes and the seed as an integer', async () => {
  const sources = await corpusSources();
  const folders = new Set<string>();
  for (const src of sources) {
    folders.add(folderOf(src.file));
    const recipe = buildRecipe(src.tuple, 'a1111', { comfyGraph: src.comfyGraph });
    const where = src.file;
    assert.equal(recipe.format, 'json');
    const fields = recipe.endpoint === '/sdapi/v1/img2img' ? A1111_IMG2IMG_FIELDS : A1111_TXT2IMG_FIELDS;
    assert.ok(recipe.endpoint === '/sdapi/v1/txt2img' || recipe.endpoint === '/sdapi/v1/img2img', where);
    const parsed = parseLosslessJson(recipe.text);
    assert.ok(parsed.ok && isJsonObject(parsed.value), where);
    const body = parsed.value as Record<string, unknown>;
    for (const key of Object.keys(body))
      assert.ok(fields.has(key), `${where}: "${key}" is not an A1111 ${recipe.endpoint} field`);
    for (const key of Object.keys((body['override_settings'] as object | undefined) ?? {}))
      assert.ok(A1111_OVERRIDE_KEYS.has(key), `${where}: override "${key}"`);
    const t = src.tuple;
    if (t.prompt !== null) assert.ok((body['prompt'] as string).startsWith(t.prompt), `${where}: prompt bytes kept`);
    assert.equal(body['negative_prompt'], t.negativePrompt ?? '', where);
    if (t.seed !== null && /^\d+$/.test(t.seed)) {
      assert.match(recipe.text, new RegExp(`"seed": ${t.seed},`), `${where}: seed written as a bare integer`);
      assert.equal(String(body['seed']), t.seed, where);
    } else {
      assert.equal(body['seed'], -1, where);
      assert.ok(
        recipe.warnings.some((w) => w.code === 'missing-value'),
        `${where}: a missing seed is a warning`,
      );
    }
    if (t.samplerId !== null && body['sampler_name'] !== undefined && A1111_NAMES.has(body['sampler_name'] as string)) {
      const known = A1111_SCHEDULER_LABELS.has(body['scheduler'] as string);
      assert.ok(
        known ||
          recipe.warnings.some((w) => w.code === 'unknown-sampler' && w.message.includes(String(body['scheduler']))),
        `${where}: scheduler ${String(body['scheduler'])} is A1111's or warned about`,
      );
      assert.notEqual(body['scheduler'], 'Automatic', where);
    }
    if (t.steps !== null) assert.equal(body['steps'], t.steps, where);
    if (t.cfg !== null) assert.equal(body['cfg_scale'], t.cfg, where);
  }
  for (const folder of [
    'a1111',
    'forge',
    'sdnext',
    'comfyui',
    'comfyui-a1111style',
    'civitai',
    'swarmui',
    'invokeai',
    'novelai',
    'fooocus',
    'stability-matrix',
    'hf-space',
    'midjourney',
    'krea',
    'c2pa-openai',
    'c2pa-google',
    'c2pa-adobe-firefly',
  ]) {
    assert.ok(folders.has(folder), `a recipe was built for a ${folder} file`);
  }
});

/** The body as the tests read it: plain JSON values, override_settings as a record. */
type A1111Body = Record<string, unknown> & { override_settings: Record<string, unknown>; prompt: string };

function recipeFor(name: string) {
  return corpusSources().then((all) => {
    const src = all.find((s) => s.file.endsWith(name));
    assert.ok(src, name);
    const recipe = buildRecipe(src.tuple, 'a1111', { comfyGraph: src.comfyGraph });
    return { src, recipe, body: recipe.body as A1111Body };
  });
}

test('A1111 with hires fix, LoRA in the prompt, clip skip, ENSD, RNG, VAE and checkpoint by name and hash', async () => {
  const { body, recipe } = await recipeFor('a1111/dtools_a111_yodayo_test_thancred.jpeg');
  assert.equal(recipe.endpoint, '/sdapi/v1/txt2img');
  assert.equal(body.seed, 2679052167);
  assert.equal(body.sampler_name, 'Euler a');
  // "Automatic" for Euler a is the model's own discretisation, which A1111 names Uniform.
  assert.equal(body.scheduler, 'Uniform');
  assert.match(body.prompt, /<lora:0c724101-f951-443a-a432-ed908b9735d3:0\.7>$/);
  assert.deepEqual(
    {
      enable_hr: body.enable_hr,
      hr_scale: body.hr_scale,
      hr_upscaler: body.hr_upscaler,
      hr_second_pass_steps: body.hr_second_pass_steps,
      denoising_strength: body.denoising_strength,
    },
    { enable_hr: true, hr_scale: 2, hr_upscaler: 'Lanczos', hr_second_pass_steps: 15, denoising_strength: 0.2 },
  );
  assert.equal(body.s_min_uncond, 1.5, 'NGMS is the s_min_uncond field');
  assert.deepEqual(body.override_settings, {
    sd_model_checkpoint: '7923f665-e1d7-4171-8616-6470e44bc86e [a8da90435b]',
    sd_vae: 'sdxl_vae_fp16_fix.safetensors',
    CLIP_stop_at_last_layers: 2,
    eta_noise_seed_delta: 0,
    randn_source: 'GPU',
    emphasis: 'No norm',
  });
});

test('Forge CPU RNG, DPM++ 2M Karras; ADetailer and pixel-changing settings without an API field become warnings', async () => {
  const forge = await recipeFor('forge/sdm_jpg_forge-classic-hires.jpeg');
  assert.equal(forge.body.override_settings.randn_source, 'CPU');
  assert.equal(forge.body.scheduler, 'Karras');
  assert.equal(forge.body.hr_upscaler, 'ESRGAN-UltraSharp-4x');
  const ad = await recipeFor('a1111/dtools_f9f3edb2-fdfa-40d8-a9b4-11fed110697d.jpeg');
  assert.ok(ad.recipe.warnings.some((w) => w.code === 'extension' && w.message.includes('face_yolov8n.pt')));
  assert.ok(
    ad.recipe.warnings.some((w) => w.code === 'not-expressible' && w.message.includes('Downcast alphas_cumprod')),
  );
  assert.equal(ad.body.override_settings.token_merging_ratio, 0.5);
  // A full sha256 gives A1111's short hash (its first 10 hex digits); the file extension is not part of the alias.
  const sm = await recipeFor('stability-matrix/sdm_png_stability-matrix.png');
  assert.equal(sm.body.override_settings.sd_model_checkpoint, 'waiIllustriousSDXL_v160 [a5f58eb1c3]');
});

test('ComfyUI LoRA loaders become prompt tags; hosted generators and missing values are warned about', async () => {
  const lora = await recipeFor('comfyui/cex_lora_lora_multiple.png');
  assert.match(lora.body.prompt, / <lora:epiNoiseoffset_v2:1> <lora:theovercomer8sContrastFix_sd15:1>$/);
  assert.ok(lora.recipe.warnings.some((w) => w.code === 'adapted'));
  assert.equal(lora.body.override_settings.randn_source, 'CPU', 'ComfyUI draws noise on the CPU');
  const mj = await recipeFor('midjourney/picteus_image-description.png');
  assert.ok(mj.recipe.warnings.some((w) => w.code === 'hosted-generator' && /Midjourney/.test(w.message)));
  assert.ok(mj.recipe.warnings.some((w) => w.code === 'missing-value' && /seed/.test(w.message)));
  assert.equal(mj.body.seed, -1);
  const kontext = await recipeFor('comfyui/cex_flux_flux_kontext_example_comic.webp');
  assert.equal(
    kontext.recipe.warnings.filter((w) => w.code === 'not-expressible' && /^pass \d+ /.test(w.message)).length,
    kontext.src.tuple.passes.length - 1,
    'every pass left out is named',
  );
  const refiner = await recipeFor('comfyui/cex_sdxl_sdxl_refiner_prompt_example.png');
  assert.deepEqual(
    [refiner.body['refiner_checkpoint'], refiner.body['refiner_switch_at']],
    ['sd_xl_refiner_1.0.safetensors', 0.8],
  );
  const civitai = await recipeFor('civitai/sdm_jpg_civitai-hires.jpg');
  assert.ok(
    civitai.recipe.warnings.some(
      (w) => w.code === 'missing-value' && w.message.includes('download checkpoint 827184 version 2514310'),
    ),
  );
});
