// Sampler and scheduler names as each target spells them, from the canonical ids (ComfyUI's names, see
// shared/samplers.ts). A recipe always names both explicitly: "Automatic" means a different schedule per
// sampler and per UI version, which is exactly the ambiguity a recipe must remove.
import { COMFY_KSAMPLER_NAMES, canonicalScheduler } from '../../shared/samplers';
import type { GenerationTuple, SamplerSettings } from '../../shared/tuple';

/** Canonical sampler id -> A1111/Forge sampler name (A1111 modules/sd_samplers_kdiffusion.py samplers_k_diffusion labels). */
export const A1111_SAMPLER_NAMES: Readonly<Record<string, string>> = {
  euler_ancestral: 'Euler a',
  euler: 'Euler',
  lms: 'LMS',
  heun: 'Heun',
  dpm_2: 'DPM2',
  dpm_2_ancestral: 'DPM2 a',
  dpmpp_2s_ancestral: 'DPM++ 2S a',
  dpmpp_2m: 'DPM++ 2M',
  dpmpp_sde: 'DPM++ SDE',
  dpmpp_2m_sde: 'DPM++ 2M SDE',
  dpmpp_2m_sde_heun: 'DPM++ 2M SDE Heun',
  dpmpp_3m_sde: 'DPM++ 3M SDE',
  dpm_fast: 'DPM fast',
  dpm_adaptive: 'DPM adaptive',
  restart: 'Restart',
  ddim: 'DDIM',
  ddim_cfg_pp: 'DDIM CFG++',
  plms: 'PLMS',
  uni_pc: 'UniPC',
  lcm: 'LCM',
};

/** ComfyUI's `_gpu` samplers draw their Brownian noise on the GPU; A1111 has one name for both. */
const SAME_IN_A1111: Readonly<Record<string, string>> = {
  dpmpp_sde_gpu: 'dpmpp_sde',
  dpmpp_2m_sde_gpu: 'dpmpp_2m_sde',
  dpmpp_3m_sde_gpu: 'dpmpp_3m_sde',
};

/** Canonical scheduler id -> A1111 scheduler label (modules/sd_schedulers.py). */
export const A1111_SCHEDULER_NAMES: Readonly<Record<string, string>> = {
  uniform: 'Uniform',
  karras: 'Karras',
  exponential: 'Exponential',
  polyexponential: 'Polyexponential',
  sgm_uniform: 'SGM Uniform',
  kl_optimal: 'KL Optimal',
  align_your_steps: 'Align Your Steps',
  simple: 'Simple',
  normal: 'Normal',
  ddim_uniform: 'DDIM',
  beta: 'Beta',
};

/** Schedulers ComfyUI's KSampler accepts (comfy/samplers.py SCHEDULER_NAMES). */
export const COMFY_SCHEDULERS: ReadonlySet<string> = new Set([
  'simple',
  'sgm_uniform',
  'karras',
  'exponential',
  'ddim_uniform',
  'beta',
  'normal',
  'linear_quadratic',
  'kl_optimal',
]);

const AUTOMATIC = /^\s*automatic\s*$/i;

/** True when the tool left the schedule to the sampler's default: "Automatic", or no scheduler written at all. */
export function schedulerIsAutomatic(settings: Pick<SamplerSettings, 'scheduler' | 'schedulerId'>): boolean {
  return settings.scheduler === null ? settings.schedulerId === null : AUTOMATIC.test(settings.scheduler);
}

/**
 * The explicit schedule "Automatic" stood for in A1111 >= 1.9: the sampler's own default (Karras for DPM++ 2M,
 * Exponential for the 2M/3M SDE family), else the model's own discretisation, which A1111 names "Uniform"
 * (sd_schedulers.uniform = inner_model.get_sigmas, what Automatic calls when the sampler has no default).
 */
export function automaticSchedulerId(samplerId: string | null): string {
  const id = canonicalScheduler('automatic', samplerId);
  return id === null || id === 'normal' ? 'uniform' : id;
}

export interface TargetSampler {
  sampler: string | null;
  scheduler: string | null;
  /** Set when a name had no equivalent in the target and the raw name was passed through. */
  unknown: string[];
}

/** The A1111 sampler and scheduler names for one pass (or the tuple's top level). */
export function a1111Sampler(settings: SamplerSettings): TargetSampler {
  const unknown: string[] = [];
  const id = settings.samplerId ? (SAME_IN_A1111[settings.samplerId] ?? settings.samplerId) : null;
  let sampler: string | null = id ? (A1111_SAMPLER_NAMES[id] ?? null) : null;
  if (id && !sampler) {
    sampler = settings.sampler;
    unknown.push(`sampler "${settings.sampler ?? id}" has no A1111 name; passed through as written`);
  }
  let schedulerId = settings.schedulerId;
  if (schedulerIsAutomatic(settings)) schedulerId = id ? automaticSchedulerId(id) : null;
  let scheduler: string | null = schedulerId ? (A1111_SCHEDULER_NAMES[schedulerId] ?? null) : null;
  if (schedulerId && !scheduler) {
    scheduler = settings.scheduler;
    unknown.push(`scheduler "${settings.scheduler ?? schedulerId}" has no A1111 name; passed through as written`);
  }
  return { sampler, scheduler, unknown };
}

/** The ComfyUI sampler_name and scheduler for one pass. */
export function comfySampler(settings: SamplerSettings): TargetSampler {
  const unknown: string[] = [];
  const sampler = settings.samplerId;
  if (sampler && !COMFY_KSAMPLER_NAMES.has(sampler))
    unknown.push(
      `sampler "${settings.sampler ?? sampler}" is not one of ComfyUI's KSampler samplers; passed through as "${sampler}"`,
    );
  let scheduler = settings.schedulerId;
  if (schedulerIsAutomatic(settings)) scheduler = sampler ? automaticSchedulerId(sampler) : null;
  // ComfyUI's "normal" is the model's own discretisation: A1111's Uniform.
  if (scheduler === 'uniform') scheduler = 'normal';
  if (scheduler && !COMFY_SCHEDULERS.has(scheduler))
    unknown.push(
      `scheduler "${settings.scheduler ?? scheduler}" is not one of ComfyUI's schedulers; passed through as "${scheduler}"`,
    );
  return { sampler, scheduler, unknown };
}

const A1111_FAMILY = new Set(['a1111', 'forge', 'reforge', 'sdnext']);

export function isA1111Family(tuple: GenerationTuple): boolean {
  return A1111_FAMILY.has(tuple.generator);
}
