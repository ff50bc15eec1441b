// The A1111 / Forge API request (POST /sdapi/v1/txt2img, or img2img when the tuple says so): every value that
// decides the pixels, named the way modules/processing.py names it (field list: a1111-api-fields.fixture.ts).
// Prompts go byte-exact; LoRAs travel in the prompt as <lora:name:weight> the way A1111 loads them; the
// checkpoint, VAE, clip skip, ENSD and RNG source go in override_settings, which A1111 restores afterwards.
import type { Recipe } from '../../shared/recipe';
import type { Adapter, GenerationTuple, SamplingPass } from '../../shared/tuple';
import type { RecipeOptions } from './recipe-options';
import { recipeJsonText, seedValue } from './recipe-json';
import { RecipeWarnings, commonWarnings } from './recipe-warnings';
import { a1111Sampler, isA1111Family } from './sampler-names';
import { isImg2Img, noiseDevice } from './tuple-facts';

type Body = Record<string, unknown>;

export function buildA1111Recipe(tuple: GenerationTuple, _options: RecipeOptions = {}): Recipe {
  const warnings = new RecipeWarnings();
  commonWarnings(tuple, warnings);
  const img2img = isImg2Img(tuple);
  const body: Body = {};
  setPromptsAndAdapters(body, tuple, warnings);
  body['seed'] = tuple.seed !== null && /^\d+$/.test(tuple.seed) ? seedValue(tuple.seed) : -1;
  const names = a1111Sampler(tuple);
  for (const u of names.unknown) warnings.add('unknown-sampler', u);
  if (names.sampler) body['sampler_name'] = names.sampler;
  if (names.scheduler) body['scheduler'] = names.scheduler;
  if (tuple.steps !== null) body['steps'] = tuple.steps;
  if (tuple.cfg !== null) body['cfg_scale'] = tuple.cfg;
  if (tuple.width !== null && tuple.height !== null) {
    body['width'] = tuple.width;
    body['height'] = tuple.height;
  }
  if (tuple.determinism.eta !== null) body['eta'] = tuple.determinism.eta;
  const ngms = tuple.determinism.other['NGMS'];
  if (ngms !== undefined && Number.isFinite(Number(ngms))) body['s_min_uncond'] = Number(ngms);
  body['batch_size'] = 1;
  body['n_iter'] = 1;
  // The post-processing the guide's step 4 turns off for a test run; a detailer or upscaler is listed as a warning.
  body['restore_faces'] = false;
  const hires = tuple.passes.find((p) => p.role === 'hires');
  if (hires && !img2img) setHires(body, tuple, hires, warnings);
  setRefiner(body, tuple, warnings);
  const carried = new Set<SamplingPass>(
    [
      tuple.passes[0]!,
      ...(hires && !img2img ? [hires] : []),
      ...tuple.passes.filter((p) => p.role === 'refiner'),
    ].filter(Boolean),
  );
  for (const pass of tuple.passes) {
    if (carried.has(pass)) continue;
    warnings.add(
      'not-expressible',
      `pass ${pass.index + 1} (${pass.role}${pass.node ? `, ${pass.nodeType ?? 'node'} ${pass.node}` : ''}) is not in this body: one A1111 request runs a base pass plus at most a hires pass and a refiner`,
    );
  }
  if (img2img) setImg2Img(body, tuple, warnings);
  const overrides = overrideSettings(tuple, warnings);
  if (Object.keys(overrides).length > 0) {
    body['override_settings'] = overrides;
    body['override_settings_restore_afterwards'] = true;
  }
  postprocessWarnings(tuple, warnings);
  return {
    target: 'a1111',
    format: 'json',
    body,
    text: recipeJsonText(body),
    endpoint: img2img ? '/sdapi/v1/img2img' : '/sdapi/v1/txt2img',
    warnings: warnings.list,
  };
}

/** Name of a LoRA as A1111 looks it up: the file name without folder or extension. */
function networkName(name: string): string {
  return name.replace(/^.*[\\/]/, '').replace(/\.(safetensors|ckpt|pt|pth|bin)$/i, '');
}

function promptHasNetwork(prompt: string, tag: string, name: string): boolean {
  return prompt.includes(`<${tag}:${name}:`) || prompt.includes(`<${tag}:${name}>`);
}

function setPromptsAndAdapters(body: Body, tuple: GenerationTuple, warnings: RecipeWarnings): void {
  let prompt = tuple.prompt ?? '';
  const added: string[] = [];
  for (const a of tuple.adapters) {
    const tag = a.kind === 'lora' || a.kind === 'lycoris' ? 'lora' : a.kind === 'hypernetwork' ? 'hypernet' : null;
    if (tag) {
      const name = networkName(a.name);
      if (promptHasNetwork(prompt, tag, name) || promptHasNetwork(prompt, tag, a.name)) continue;
      const weight = a.weight ?? 1;
      added.push(`<${tag}:${name}:${weight}>`);
      if (a.weights && Object.entries(a.weights).some(([k, v]) => /clip/i.test(k) && v !== weight)) {
        warnings.add(
          'not-expressible',
          `${a.kind} ${a.name}: A1111's <lora:> tag takes one strength; the separate CLIP strength ${JSON.stringify(a.weights)} is not carried`,
        );
      }
      continue;
    }
    adapterWarning(a, prompt, warnings);
  }
  if (added.length > 0) {
    prompt = prompt.length > 0 ? `${prompt} ${added.join(' ')}` : added.join(' ');
    warnings.add(
      'adapted',
      `the source tool loaded ${added.length === 1 ? 'a network' : `${added.length} networks`} outside the prompt; A1111 loads them from prompt tags, so ${added.join(' ')} was appended to the prompt`,
    );
  }
  body['prompt'] = prompt;
  body['negative_prompt'] = tuple.negativePrompt ?? '';
}

function adapterWarning(a: Adapter, prompt: string, warnings: RecipeWarnings): void {
  if (a.kind === 'embedding') {
    if (!prompt.includes(networkName(a.name)))
      warnings.add(
        'not-expressible',
        `embedding ${a.name} is not named in the prompt text; put it in the prompt or negative prompt where it was used`,
      );
    return;
  }
  if (a.kind === 'vae') return;
  if (a.kind === 'refiner') return;
  if (a.kind === 'controlnet' || a.kind === 'ip-adapter' || a.kind === 't2i-adapter') {
    warnings.add(
      'extension',
      `${a.kind} ${a.name}${a.weight !== null ? ` (weight ${a.weight})` : ''} needs the ControlNet extension and its input image; this body does not carry them (add them under alwayson_scripts)`,
    );
    return;
  }
  warnings.add('not-expressible', `${a.kind} ${a.name} has no field in the A1111 API; load it yourself`);
}

function setting(pass: SamplingPass, key: string): string | null {
  const v = pass.settings[key];
  return v === undefined || v === null ? null : String(v);
}

function setHires(body: Body, tuple: GenerationTuple, pass: SamplingPass, warnings: RecipeWarnings): void {
  body['enable_hr'] = true;
  const scale = Number(setting(pass, 'Hires upscale'));
  const resize = /^(\d+)x(\d+)$/.exec(setting(pass, 'Hires resize') ?? '');
  if (resize) {
    body['hr_resize_x'] = Number(resize[1]);
    body['hr_resize_y'] = Number(resize[2]);
  } else if (Number.isFinite(scale) && scale > 0) body['hr_scale'] = scale;
  else if (pass.width && tuple.width) body['hr_scale'] = Math.round((pass.width / tuple.width) * 1000) / 1000;
  const upscaler = setting(pass, 'Hires upscaler');
  if (upscaler) body['hr_upscaler'] = upscaler;
  else {
    body['hr_upscaler'] = 'Latent';
    warnings.add(
      'not-expressible',
      `the second pass (${pass.nodeType ?? 'hires'}${pass.node ? ` node ${pass.node}` : ''}) records no A1111 upscaler; the recipe uses "Latent", which resizes differently from the source tool`,
    );
  }
  body['hr_second_pass_steps'] = Number(setting(pass, 'Hires steps') ?? pass.steps ?? 0) || 0;
  if (pass.denoise !== null) body['denoising_strength'] = pass.denoise;
  const names = a1111Sampler(pass);
  for (const u of names.unknown) warnings.add('unknown-sampler', `hires pass: ${u}`);
  if (names.sampler) body['hr_sampler_name'] = names.sampler;
  if (names.scheduler) body['hr_scheduler'] = names.scheduler;
  if (pass.cfg !== null && tuple.cfg !== null && pass.cfg !== tuple.cfg)
    warnings.add(
      'not-expressible',
      `the hires pass ran at CFG ${pass.cfg} (base ${tuple.cfg}); A1111's API has no separate hires CFG`,
    );
  if (pass.model && tuple.model && pass.model !== tuple.model) body['hr_checkpoint_name'] = pass.model;
  if (pass.seed !== null && tuple.seed !== null && pass.seed !== tuple.seed)
    warnings.add('not-expressible', `the hires pass used its own seed ${pass.seed}; A1111 reuses the base seed`);
}

function setRefiner(body: Body, tuple: GenerationTuple, warnings: RecipeWarnings): void {
  const refiner = tuple.adapters.find((a) => a.kind === 'refiner');
  const name = refiner?.name ?? tuple.extras['Refiner'] ?? tuple.determinism.other['Refiner'] ?? null;
  if (!name) return;
  body['refiner_checkpoint'] = name;
  const switchAt = Number(tuple.extras['Refiner switch at'] ?? tuple.determinism.other['Refiner switch at']);
  if (Number.isFinite(switchAt) && switchAt > 0) {
    body['refiner_switch_at'] = switchAt;
    return;
  }
  const pass = tuple.passes.find((p) => p.role === 'refiner');
  const start = pass ? Number(pass.settings['start_at_step']) : NaN;
  const total = pass?.steps ?? tuple.steps;
  if (Number.isFinite(start) && total) body['refiner_switch_at'] = Math.round((start / total) * 1000) / 1000;
  else warnings.add('missing-value', `refiner ${name}: the switch point is not recorded; set refiner_switch_at`);
}

function setImg2Img(body: Body, tuple: GenerationTuple, warnings: RecipeWarnings): void {
  body['init_images'] = ['<base64 of the source image>'];
  const base = tuple.passes[0];
  const denoise = base?.denoise ?? Number(tuple.extras['strength'] ?? tuple.extras['Denoising strength'] ?? NaN);
  if (Number.isFinite(denoise)) body['denoising_strength'] = denoise;
  warnings.add(
    'missing-value',
    'this image was made from another image (img2img): put that image, base64-encoded, in init_images',
  );
}

function overrideSettings(tuple: GenerationTuple, warnings: RecipeWarnings): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (tuple.model) {
    // A1111 registers "<name> [<first 10 hex of the sha256>]" as an alias of every checkpoint (sd_models.CheckpointInfo
    // ids), so name and AutoV2 hash together pick one file even when two share a name.
    const shortHash = a1111ShortHash(tuple);
    o['sd_model_checkpoint'] = shortHash
      ? `${tuple.model.replace(/\.(safetensors|ckpt)$/i, '')} [${shortHash}]`
      : tuple.model;
    if (!shortHash)
      warnings.add(
        'missing-value',
        `the checkpoint is named${tuple.modelHash ? ` with a hash of type ${tuple.modelHashType ?? 'unknown'} that A1111 does not match on` : ' without a hash'}; A1111 picks the first file called ${tuple.model}, which may not be the same weights`,
      );
  }
  const d = tuple.determinism;
  if (d.vae && !/^(default|automatic|none)/i.test(d.vae)) o['sd_vae'] = d.vae;
  if (d.clipSkip !== null) o['CLIP_stop_at_last_layers'] = d.clipSkip;
  if (d.ensd !== null && Number.isFinite(Number(d.ensd))) o['eta_noise_seed_delta'] = Number(d.ensd);
  const rng = rngSource(d.rng);
  if (rng) o['randn_source'] = rng;
  else if (d.rng) warnings.add('not-expressible', `RNG source "${d.rng}" has no A1111 equivalent`);
  else if (noiseDevice(tuple) === 'cpu') {
    // ComfyUI and its front ends draw the initial noise on the CPU; A1111's CPU source is the nearest.
    o['randn_source'] = 'CPU';
    warnings.add(
      'adapted',
      `${tuple.generator} draws its noise on the CPU, so the recipe sets A1111's RNG source to CPU`,
    );
  }
  if (!isA1111Family(tuple)) {
    warnings.add(
      'cross-tool',
      `this image was made by ${tuple.software?.name ?? tuple.generator}; A1111 builds noise, prompt weights and schedules its own way, so expect a similar image, not the same pixels`,
    );
  }
  if (d.other['Emphasis']) o['emphasis'] = d.other['Emphasis'];
  if (d.tokenMerging !== null) o['token_merging_ratio'] = d.tokenMerging;
  for (const key of Object.keys(d.other)) {
    if (key === 'Emphasis' || key === 'NGMS') continue;
    warnings.add(
      'not-expressible',
      `"${key}: ${d.other[key]}" changes pixels but has no API field; set it in the UI's settings before running`,
    );
  }
  if (d.precision)
    warnings.add(
      'not-expressible',
      `precision "${d.precision}" is a launch/setting choice, not a request field; set it the same way`,
    );
  return o;
}

/** A1111's short hash (AutoV2) is the first 10 hex digits of the file's sha256, so a full sha256 gives it too. */
function a1111ShortHash(tuple: GenerationTuple): string | null {
  const hash = tuple.modelHash?.trim().toLowerCase() ?? '';
  if (tuple.modelHashType === 'autov2' && /^[0-9a-f]{10}$/.test(hash)) return hash;
  if (tuple.modelHashType === 'sha256' && /^[0-9a-f]{64}$/.test(hash)) return hash.slice(0, 10);
  return null;
}

/** A1111's randn_source choices: GPU | CPU | NV. InvokeAI writes rand_device cpu/cuda. */
function rngSource(rng: string | null): string | null {
  if (!rng) return null;
  const r = rng.trim().toLowerCase();
  if (r === 'gpu' || r === 'cuda') return 'GPU';
  if (r === 'cpu') return 'CPU';
  if (r === 'nv') return 'NV';
  return null;
}

function postprocessWarnings(tuple: GenerationTuple, warnings: RecipeWarnings): void {
  for (const step of tuple.postprocess) {
    if (step.kind === 'hires-fix' || step.kind === 'refiner') continue;
    if (step.kind === 'adetailer')
      warnings.add(
        'extension',
        `${step.name}: a detailer (ADetailer / FaceDetailer) ran after sampling; the body does not run it. Compare without it first, then add it under alwayson_scripts`,
      );
    else if (step.kind === 'prompt-expansion')
      warnings.add(
        'not-expressible',
        `${step.name} rewrote the prompt before sampling; the prompt here is the one recorded, which may be the text before expansion`,
      );
    else
      warnings.add(
        'not-expressible',
        `${step.kind} ${step.name} ran after sampling; the txt2img body does not run it (guide step 4: test without it)`,
      );
  }
}
