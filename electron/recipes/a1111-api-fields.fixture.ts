// The A1111 / Forge API's request field names, for checking recipe bodies. Where they come from:
// AUTOMATIC1111/stable-diffusion-webui `modules/api/models.py` builds StableDiffusionTxt2ImgProcessingAPI and
// StableDiffusionImg2ImgProcessingAPI from the __init__ parameters of the processing dataclasses in
// `modules/processing.py` (every field with init=True, minus API_NOT_ALLOWED), plus the `additional_fields`
// listed there. Copied by hand from the v1.9/v1.10 sources (the dataclass that has `scheduler: str = None` and
// `hr_scheduler: str = None`). Fields declared without a type annotation (`token_merging_ratio = 0`) are
// class attributes, not dataclass fields, so the API does not take them: token merging goes in override_settings.

/** StableDiffusionProcessing fields, minus API_NOT_ALLOWED (sd_model, outpath_*, sampler_index, extra_generation_params,
 * overlay_images, do_not_reload_embeddings, seed_enable_extras, prompt_for_display, ddim_discretize). */
const COMMON = [
  'prompt',
  'negative_prompt',
  'styles',
  'seed',
  'subseed',
  'subseed_strength',
  'seed_resize_from_h',
  'seed_resize_from_w',
  'sampler_name',
  'scheduler',
  'batch_size',
  'n_iter',
  'steps',
  'cfg_scale',
  'width',
  'height',
  'restore_faces',
  'tiling',
  'do_not_save_samples',
  'do_not_save_grid',
  'eta',
  'denoising_strength',
  's_min_uncond',
  's_churn',
  's_tmax',
  's_tmin',
  's_noise',
  'override_settings',
  'override_settings_restore_afterwards',
  'refiner_checkpoint',
  'refiner_switch_at',
  'disable_extra_networks',
  'firstpass_image',
  'comments',
];

/** models.py additional_fields for both endpoints (sampler_index is re-added there as a string). */
const ADDITIONAL = [
  'sampler_index',
  'script_name',
  'script_args',
  'send_images',
  'save_images',
  'alwayson_scripts',
  'force_task_id',
  'infotext',
];

/** StableDiffusionProcessingTxt2Img's own fields. */
const TXT2IMG_OWN = [
  'enable_hr',
  'firstphase_width',
  'firstphase_height',
  'hr_scale',
  'hr_upscaler',
  'hr_second_pass_steps',
  'hr_resize_x',
  'hr_resize_y',
  'hr_checkpoint_name',
  'hr_sampler_name',
  'hr_scheduler',
  'hr_prompt',
  'hr_negative_prompt',
  'force_task_id',
];

/** StableDiffusionProcessingImg2Img's own fields, plus img2img's additional `mask` / `include_init_images`. */
const IMG2IMG_OWN = [
  'init_images',
  'resize_mode',
  'image_cfg_scale',
  'mask',
  'mask_blur_x',
  'mask_blur_y',
  'mask_blur',
  'mask_round',
  'inpainting_fill',
  'inpaint_full_res',
  'inpaint_full_res_padding',
  'inpainting_mask_invert',
  'initial_noise_multiplier',
  'latent_mask',
  'include_init_images',
];

export const A1111_TXT2IMG_FIELDS: ReadonlySet<string> = new Set([...COMMON, ...ADDITIONAL, ...TXT2IMG_OWN]);
export const A1111_IMG2IMG_FIELDS: ReadonlySet<string> = new Set([...COMMON, ...ADDITIONAL, ...IMG2IMG_OWN]);

/** `override_settings` keys the recipes use, from `modules/shared_options.py` (OptionInfo keys; infotext label in brackets). */
export const A1111_OVERRIDE_KEYS: ReadonlySet<string> = new Set([
  'sd_model_checkpoint', // [Model / Model hash]
  'sd_vae', // [VAE]
  'CLIP_stop_at_last_layers', // [Clip skip]
  'eta_noise_seed_delta', // [ENSD]
  'randn_source', // [RNG]: GPU | CPU | NV
  'emphasis', // [Emphasis]
  'token_merging_ratio', // [Token merging ratio]
]);

/** Scheduler names and labels A1111 accepts (`modules/sd_schedulers.py`: schedulers_map takes either). */
export const A1111_SCHEDULER_LABELS: ReadonlySet<string> = new Set([
  'Automatic',
  'Uniform',
  'Karras',
  'Exponential',
  'Polyexponential',
  'SGM Uniform',
  'KL Optimal',
  'Align Your Steps',
  'Simple',
  'Normal',
  'DDIM',
  'Beta',
]);
