// The diffusers target: a Python script that pins the model file (path + sha256, checked before loading),
// selects the scheduler class and options for the recorded sampler, sets the guide's determinism switches
// (CUBLAS_WORKSPACE_CONFIG before torch loads, deterministic algorithms, cudnn deterministic, no benchmark),
// seeds a torch.Generator on the device the image's noise was drawn on, and runs with post-processing off
// (guide step 4: first reproduce the raw sampler output).
import type { Recipe } from '../../shared/recipe';
import type { GenerationTuple } from '../../shared/tuple';
import { diffusersScheduler } from './diffusers-schedulers';
import { pyKwargs, pyString, pyValue } from './python-literal';
import type { RecipeOptions } from './recipe-options';
import { RecipeWarnings, commonWarnings } from './recipe-warnings';
import { isImg2Img, noiseDevice } from './tuple-facts';

interface Pipeline {
  className: string;
  why: string;
}

/** The tuple does not record the architecture, so the pipeline class is read from the model name and size. */
function pipelineFor(tuple: GenerationTuple): Pipeline {
  const name = `${tuple.model ?? ''}`.toLowerCase();
  if (/flux/.test(name)) return { className: 'FluxPipeline', why: 'the model name says Flux' };
  if (/sd3|stable-diffusion-3/.test(name))
    return { className: 'StableDiffusion3Pipeline', why: 'the model name says SD3' };
  if (/xl|illustrious|pony|noob|sdxl/.test(name) || (tuple.width ?? 0) * (tuple.height ?? 0) >= 1024 * 768) {
    return { className: 'StableDiffusionXLPipeline', why: 'the model name or the generation size says SDXL' };
  }
  return { className: 'StableDiffusionPipeline', why: 'nothing says SDXL, Flux or SD3' };
}

function sha256Of(tuple: GenerationTuple, options: RecipeOptions): string | null {
  if (options.modelSha256) return options.modelSha256.toLowerCase();
  const h = tuple.modelHash?.replace(/^0x/i, '') ?? '';
  return tuple.modelHashType === 'sha256' && /^[0-9a-f]{64}$/i.test(h) ? h.toLowerCase() : null;
}

export function buildDiffusersRecipe(tuple: GenerationTuple, options: RecipeOptions = {}): Recipe {
  const warnings = new RecipeWarnings();
  commonWarnings(tuple, warnings);
  const pipeline = pipelineFor(tuple);
  warnings.add(
    'adapted',
    `pipeline ${pipeline.className}: the image does not record its architecture (${pipeline.why}); change it if that is wrong`,
  );
  const found = diffusersScheduler(tuple);
  const scheduler =
    'unknown' in found ? { className: 'EulerDiscreteScheduler', options: {}, approximation: null } : found;
  if ('unknown' in found) warnings.add('unknown-sampler', found.unknown);
  else if (found.approximation) warnings.add('unknown-sampler', found.approximation);
  const device = noiseDevice(tuple);
  if (!device)
    warnings.add('missing-value', 'the image does not record which device drew its noise; the script uses "cuda"');
  warnings.add(
    'cross-tool',
    "diffusers builds its noise and sigmas its own way; expect a close image from another tool's settings, and bit-identical pixels only against a run of this same script",
  );
  const sha = sha256Of(tuple, options);
  if (!sha)
    warnings.add(
      'missing-value',
      `no full sha256 of the model is recorded${tuple.modelHash ? ` (only ${tuple.modelHashType} ${tuple.modelHash})` : ''}; run \`seedscope models\` on the file and set MODEL_SHA256`,
    );
  if (isImg2Img(tuple))
    warnings.add('missing-value', 'this image was made from another image (img2img); the script runs text-to-image');
  for (const a of tuple.adapters) {
    if (a.kind !== 'lora' && a.kind !== 'lycoris' && a.kind !== 'refiner' && a.kind !== 'vae')
      warnings.add('not-expressible', `${a.kind} ${a.name} is not loaded by this script`);
  }
  if (tuple.passes.some((p) => p.role === 'hires' || p.role === 'refiner'))
    warnings.add(
      'not-expressible',
      'the image had a second pass (hires fix / refiner); the script runs the first pass only, which is what to compare first',
    );
  for (const step of tuple.postprocess)
    warnings.add(
      'not-expressible',
      `${step.kind} ${step.name} is off in this script (guide step 4: test without post-processing)`,
    );
  for (const key of Object.keys(tuple.determinism.other))
    warnings.add('not-expressible', `"${key}: ${tuple.determinism.other[key]}" has no diffusers setting here`);
  const text = script(tuple, options, pipeline, scheduler, device ?? 'cuda', sha);
  return { target: 'diffusers', format: 'python', body: null, text, warnings: warnings.list };
}

/** Flux-dev is guidance-distilled: FluxPipeline's guidance_scale is ComfyUI's FluxGuidance value, not the KSampler CFG (1). */
function guidanceLine(tuple: GenerationTuple, pipeline: Pipeline): string {
  const guidance = Number(tuple.extras['guidance']);
  if (pipeline.className === 'FluxPipeline' && Number.isFinite(guidance))
    return `GUIDANCE_SCALE = ${guidance}  # FluxGuidance (distilled guidance); the sampler CFG was ${tuple.cfg ?? 'not set'}`;
  return `GUIDANCE_SCALE = ${tuple.cfg ?? 7}`;
}

function loraLines(tuple: GenerationTuple): string[] {
  const loras = tuple.adapters.filter((a) => a.kind === 'lora' || a.kind === 'lycoris');
  if (loras.length === 0) return [];
  const lines = ['# LoRAs as recorded (name, strength); point each path at your copy of the file.', 'LORAS = ['];
  loras.forEach((a) => lines.push(`    (${pyString(a.name)}, ${pyValue(a.weight ?? 1)}),`));
  lines.push(
    ']',
    'for index, (path, _) in enumerate(LORAS):',
    '    pipe.load_lora_weights(path, adapter_name=f"lora{index}")',
    'pipe.set_adapters([f"lora{i}" for i in range(len(LORAS))], adapter_weights=[w for _, w in LORAS])',
    '',
  );
  return lines;
}

function script(
  tuple: GenerationTuple,
  options: RecipeOptions,
  pipeline: Pipeline,
  scheduler: { className: string; options: Record<string, string | number | boolean> },
  device: string,
  sha: string | null,
): string {
  const clipSkip =
    tuple.determinism.clipSkip !== null && tuple.determinism.clipSkip > 1 ? tuple.determinism.clipSkip - 1 : null;
  const seed = tuple.seed !== null && /^\d+$/.test(tuple.seed) ? tuple.seed : '0';
  const modelPath =
    options.modelPath ??
    `${tuple.model ?? 'model'}${/\.(safetensors|ckpt)$/i.test(tuple.model ?? '') ? '' : '.safetensors'}`;
  const sdxl = pipeline.className === 'StableDiffusionXLPipeline';
  const lines = [
    `# Seedscope recipe (diffusers) for a ${tuple.generator} image. Guide steps 3 to 5: pin, determinism, no post-processing.`,
    '# Run: python3 this_file.py  (needs torch and diffusers; writes recipe-output.png beside it)',
    'import hashlib',
    'import os',
    '',
    '# cuBLAS reads this when CUDA initialises, so it is set before torch is imported.',
    'os.environ["CUBLAS_WORKSPACE_CONFIG"] = ":4096:8"',
    '',
    'import torch',
    `from diffusers import ${pipeline.className}, ${scheduler.className}`,
    '',
    `MODEL_PATH = ${pyString(modelPath)}`,
    `MODEL_SHA256 = ${sha ? pyString(sha) : 'None'}  # full sha256 of the file; \`seedscope models FILE\` prints it`,
    `MODEL_SHORT_HASH = ${tuple.modelHash ? pyString(tuple.modelHash) : 'None'}  # ${tuple.modelHashType ?? 'no hash recorded'}`,
    `PROMPT = ${pyString(tuple.prompt ?? '')}`,
    `NEGATIVE_PROMPT = ${pyString(tuple.negativePrompt ?? '')}`,
    `SEED = ${seed}`,
    `STEPS = ${tuple.steps ?? 20}`,
    guidanceLine(tuple, pipeline),
    `WIDTH = ${tuple.width ?? (sdxl ? 1024 : 512)}`,
    `HEIGHT = ${tuple.height ?? (sdxl ? 1024 : 512)}`,
    `CLIP_SKIP = ${clipSkip ?? 'None'}  # diffusers counts skipped layers: A1111 "Clip skip 2" is clip_skip=1`,
    `GENERATOR_DEVICE = ${pyString(device)}  # where the image's noise was drawn`,
    `SCHEDULER_OPTIONS = dict(${pyKwargs(scheduler.options)})`,
    '',
    '',
    'def sha256_of(path):',
    '    digest = hashlib.sha256()',
    '    with open(path, "rb") as f:',
    '        for block in iter(lambda: f.read(1 << 20), b""):',
    '            digest.update(block)',
    '    return digest.hexdigest()',
    '',
    '',
    'actual = sha256_of(MODEL_PATH)',
    'if MODEL_SHA256 is not None and actual != MODEL_SHA256:',
    '    raise SystemExit(f"{MODEL_PATH}: sha256 {actual} is not the pinned {MODEL_SHA256}: different weights")',
    'if MODEL_SHA256 is None and MODEL_SHORT_HASH is not None and not actual.startswith(MODEL_SHORT_HASH.lower()):',
    '    print(f"warning: {MODEL_PATH} sha256 {actual} does not start with the recorded hash {MODEL_SHORT_HASH} (only AutoV2 hashes are sha256 prefixes)")',
    '',
    'torch.use_deterministic_algorithms(True)',
    'torch.backends.cudnn.deterministic = True',
    'torch.backends.cudnn.benchmark = False',
    '',
    `pipe = ${pipeline.className}.from_single_file(MODEL_PATH, torch_dtype=torch.float16${sdxl ? ', add_watermarker=False' : ''})`,
    `pipe.scheduler = ${scheduler.className}.from_config(pipe.scheduler.config, **SCHEDULER_OPTIONS)`,
    'pipe = pipe.to("cuda")',
    ...(pipeline.className === 'StableDiffusionPipeline'
      ? ['pipe.safety_checker = None  # post-processing off: the safety checker can black out an image', '']
      : ['']),
    ...loraLines(tuple),
    'generator = torch.Generator(device=GENERATOR_DEVICE).manual_seed(SEED)',
    'image = pipe(',
    '    prompt=PROMPT,',
    ...(pipeline.className === 'FluxPipeline' ? [] : ['    negative_prompt=NEGATIVE_PROMPT,']),
    '    num_inference_steps=STEPS,',
    '    guidance_scale=GUIDANCE_SCALE,',
    '    width=WIDTH,',
    '    height=HEIGHT,',
    ...(pipeline.className === 'FluxPipeline' ? [] : ['    clip_skip=CLIP_SKIP,']),
    '    generator=generator,',
    ').images[0]',
    '# No hires fix, upscaler, face restore, detailer or watermark: compare this raw output first (guide step 4).',
    'image.save("recipe-output.png")',
    '',
  ];
  return lines.join('\n');
}
