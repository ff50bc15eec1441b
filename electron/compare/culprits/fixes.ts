// The seed guide's fix steps (../shared/seed/same-seed-different-image.txt, "Step-by-step fix" and "Verify"),
// written to be followed without the guide at hand: each names what to do in words (a step number alone points at
// a guide the reader has not seen) and keeps its commands and settings in `fixCode`, to copy as they are.
import type { GeneratorId } from '../../../shared/tuple';

export interface FixStep {
  fix: string;
  fixCode: string | null;
}

function step(fix: string, fixCode: string | null = null): FixStep {
  return { fix, fixCode };
}

const PARAMETER_DUMP_DIFF =
  'exiftool -PNG:parameters good.png > good.txt\nexiftool -PNG:parameters bad.png > bad.txt\ndiff good.txt bad.txt';

export const FIX = {
  model: step(
    'Pin the model version and snapshot the weights (the seed guide\'s Steps 2 and 7): hosted APIs take an explicit version id ("model_version"), not just the model ' +
      'name; locally, hash the checkpoint and regenerate with the file whose hash matches the original.',
    'sha256sum sd_xl_base_1.0.safetensors > sd_xl_base_1.0.sha256',
  ),
  samplerScheduler: step(
    'Lock the sampler and the scheduler (the seed guide\'s Step 3): set both explicitly, never "auto", to the original image\'s values. If the UI hides them, use ' +
      'its API or a UI that exposes them (ComfyUI, InvokeAI, AUTOMATIC1111).',
    '{ "sampler": "DPM++ 2M Karras", "scheduler": "karras", "steps": 30, "cfg_scale": 7.0 }',
  ),
  numeric: step(
    "Copy the numeric values (steps, CFG, width x height) from the original's parameter dump, never from a slider: sliders round invisibly. Then diff the two " +
      'parameter dumps to confirm nothing else moved.',
    PARAMETER_DUMP_DIFF,
  ),
  adapters: step(
    'List every LoRA, embedding, ControlNet, IP-Adapter and refiner pass with its exact weight (and refiner switch / denoise), and make the new run ' +
      "use exactly the original's list: a LoRA at 0.6 vs 0.7 or a refiner switch at 0.8 vs 0.75 changes the image.",
  ),
  prompt: step(
    "Treat the prompt as bytes, not text (the seed guide's Step 6): keep it in a file next to the parameter JSON, never retype it or paste it through Notion, " +
      'Google Docs or Slack, and compare the files byte for byte (the first differing byte is named above).',
    'cmp good_prompt.txt new_prompt.txt',
  ),
  postprocess: step(
    "Strip the silent randomness (the seed guide's Step 4): turn off face restorers, upscalers and refiners for the reproducibility test, run the base model only, " +
      'then add each post-process back one at a time and check that each is seedable.',
    '{ "enhance_face": false, "upscale": 1, "refiner": null }',
  ),
  seed: step(
    'Copy the seed from the original\'s metadata as an integer (not the string "42", not -1, which means random) and regenerate with every other parameter as in the original.',
  ),
  metadataMissing: step(
    'Without the parameters nothing can be diffed. Look for a copy that still has them: Seedscope lists near-duplicates in the library by perceptual hash. ' +
      'From now on, save the original image with its full metadata (PNG parameters chunk or the API response JSON) before any new run.',
    'seedscope similar FILE',
  ),
  cachedImage: step(
    'Check that the pipeline responds to its parameters (the seed guide\'s verify step "change one thing on purpose"): change one parameter, e.g. CFG 7.0 → 7.5, ' +
      'and confirm the output changes. If it does not, the pipeline is returning a cached image or ignoring the parameter (a wrong output folder, a stale preview, ' +
      'or a UI that did not apply the setting).',
  ),
  encoding: step(
    'Compare against the lossless original the generator wrote (usually the PNG in its output folder), not a shared, uploaded or converted copy: a lossy copy can ' +
      'never be bit-identical. To find the original among indexed images:',
    'seedscope similar COPY.jpg',
  ),
  geometry: step(
    'Compare the image the generator wrote, before any crop or resize (the output folder copy, not an edited or upscaled one). To judge the rerun itself, ' +
      'regenerate at the recorded size and compare those two files.',
    'seedscope similar EDITED_COPY.png',
  ),
  levels: step(
    'Compare the files the generator wrote, before any editor, viewer export or colour-profile conversion: a levels, gamma or profile change moves every pixel ' +
      'and no generation setting can undo it.',
  ),
  other: step(
    "Diff the full parameter dumps and fix every line that differs before looking further; then look at the heatmap's largest changed region for an edit, a " +
      'custom node or an extension the metadata does not record.',
    PARAMETER_DUMP_DIFF,
  ),
} as const;

/** Generator families that write A1111-style parameters (and omit the RNG key when it is the default, GPU). */
export const A1111_FAMILY: ReadonlySet<GeneratorId> = new Set<GeneratorId>([
  'a1111',
  'forge',
  'reforge',
  'sdnext',
  'civitai',
  'tensorart',
  'stability-matrix',
]);

const GENERATOR_NAME: Partial<Record<GeneratorId, string>> = {
  a1111: 'AUTOMATIC1111',
  forge: 'Forge',
  reforge: 'reForge',
  sdnext: 'SD.Next',
  comfyui: 'ComfyUI',
  invokeai: 'InvokeAI',
  novelai: 'NovelAI',
  fooocus: 'Fooocus',
  swarmui: 'SwarmUI',
  civitai: 'Civitai',
  tensorart: 'Tensor.Art',
  'stability-matrix': 'Stability Matrix',
};

/** The generator's name as people write it, for sentences. */
export function generatorName(generator: GeneratorId): string {
  return GENERATOR_NAME[generator] ?? generator;
}

/** The seed guide's Step 5, worded for the generator that wrote the files (noise source settings differ by tool). */
export function hardwareFix(generator: GeneratorId | null): FixStep {
  const noise =
    generator && A1111_FAMILY.has(generator)
      ? 'draw the noise on the CPU (Settings > Sampler parameters > Random number generator source = CPU)'
      : generator === 'comfyui'
        ? 'keep the noise on the CPU (ComfyUI\'s default; GPU-noise custom samplers and "_gpu" samplers break it)'
        : 'draw the noise on the CPU where the tool allows it';
  return step(
    `Enforce determinism (the seed guide's Step 5): set PyTorch's deterministic switches below before loading the model, use a non-ancestral, non-SDE sampler, ${noise}, ` +
      'turn xformers off and generate at batch size 1. On a different GPU model bit-identical output may be impossible: aim for visually identical.',
    'import os, torch\n' +
      'os.environ["CUBLAS_WORKSPACE_CONFIG"] = ":4096:8"\n' +
      'torch.use_deterministic_algorithms(True, warn_only=True)\n' +
      'torch.backends.cudnn.deterministic = True\n' +
      'torch.backends.cudnn.benchmark = False\n' +
      'generator = torch.Generator(device="cuda").manual_seed(SEED)',
  );
}
