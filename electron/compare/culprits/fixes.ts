// The seed guide's fix steps (../shared/seed/same-seed-different-image.txt, "Step-by-step fix" and "Verify"),
// quoted with their concrete commands and settings so a culprit's fix can be followed without the guide at hand.

export const FIX = {
  model:
    'Step 2 + Step 7: pin the model version explicitly (hosted APIs: pass the version id, e.g. "model_version": "39ed52f2-…", not just the model name) ' +
    'and snapshot the weights: `sha256sum sd_xl_base_1.0.safetensors > sd_xl_base_1.0.sha256`, then regenerate with the file whose hash matches the original.',
  samplerScheduler:
    'Step 3: lock the sampler and the scheduler explicitly, never "auto": e.g. { "sampler": "DPM++ 2M Karras", "scheduler": "karras", "steps": 30, "cfg_scale": 7.0 }, ' +
    "using the original image's values. If the UI hides them, use the API or a UI that exposes them (ComfyUI, InvokeAI, AUTOMATIC1111).",
  numeric:
    "Step 1: copy the numeric values (steps, CFG, width x height) from the original's parameter dump, never from a slider: sliders round invisibly. " +
    'Check with `exiftool -PNG:parameters good.png > good.txt; exiftool -PNG:parameters bad.png > bad.txt; diff good.txt bad.txt`.',
  adapters:
    'List every LoRA, embedding, ControlNet, IP-Adapter and refiner pass with its exact weight (and refiner switch / denoise), and make the new run ' +
    "use exactly the original's list: a LoRA at 0.6 vs 0.7 or a refiner switch at 0.8 vs 0.75 changes the image.",
  hardware:
    'Step 5: enforce torch determinism: os.environ["CUBLAS_WORKSPACE_CONFIG"] = ":4096:8"; torch.use_deterministic_algorithms(True, warn_only=True); ' +
    'torch.backends.cudnn.deterministic = True; torch.backends.cudnn.benchmark = False; generator = torch.Generator(device="cuda").manual_seed(SEED). ' +
    'Use a deterministic (non-ancestral, non-SDE) sampler and CPU noise (A1111: Settings > Sampler parameters > Random number generator source = CPU), ' +
    'disable xformers, and generate at batch size 1. On a different GPU model, bit-identical output may be impossible: aim for visually identical.',
  prompt:
    'Step 6: treat the prompt as bytes, not text: store it in a file next to the parameter JSON, never retype or paste it through Notion, Google Docs or Slack, ' +
    'and compare with `cmp good_prompt.txt new_prompt.txt` (the first differing byte is named above).',
  postprocess:
    'Step 4: strip silent randomness: disable face restorers, upscalers and refiners for the reproducibility test ({ "enhance_face": false, "upscale": 1, "refiner": null }), ' +
    'run the base model only, then re-add each post-process one at a time and check that each is seedable.',
  seed:
    'Copy the seed from the original\'s metadata as an integer (not the string "42", not -1 = random) and regenerate; keep every other parameter as in the original.',
  metadataMissing:
    'Without the parameters nothing can be diffed. Look for a copy that still has them: `seedscope similar FILE` lists near-duplicates in the library by ' +
    'perceptual hash. From now on, save the original image with its full metadata (PNG parameters chunk or the API response JSON) before any new run.',
  cachedImage:
    'Verify step 3: change one parameter on purpose (e.g. cfg 7.0 → 7.5) and confirm the output changes; if it does not, the pipeline is returning a cached ' +
    'image or ignoring the parameter (a wrong output folder, a stale preview, or a UI that did not apply the setting).',
  other:
    'Step 1: diff the full parameter dumps (`exiftool -PNG:parameters good.png > good.txt; exiftool -PNG:parameters bad.png > bad.txt; diff good.txt bad.txt`) ' +
    'and fix every line that differs before looking further.',
} as const;
