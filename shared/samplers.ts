// Canonical sampler and scheduler ids across tools, using ComfyUI's names (metadata-formats.md §5): the same
// run reads "DPM++ 2M" + "Karras" in A1111 ≥1.9, "DPM++ 2M Karras" before 1.9, dpmpp_2m + karras in ComfyUI,
// "dpmpp_2m_k" in InvokeAI, "euler_ancestral_karras" in a Comfy saver's A1111 text, k_euler_ancestral in NovelAI.
// Pure functions; the original spelling stays in the tuple beside the id.

export interface CanonicalSampler {
  samplerId: string | null;
  schedulerId: string | null;
}

/** A1111 / Forge / SD.Next display names → ComfyUI sampler names. */
const A1111_SAMPLERS: Record<string, string> = {
  'euler a': 'euler_ancestral',
  'euler ancestral': 'euler_ancestral',
  euler: 'euler',
  lms: 'lms',
  heun: 'heun',
  dpm2: 'dpm_2',
  'dpm2 a': 'dpm_2_ancestral',
  'dpm++ 2s a': 'dpmpp_2s_ancestral',
  'dpm++ 2m': 'dpmpp_2m',
  'dpm++ sde': 'dpmpp_sde',
  'dpm++ 2m sde': 'dpmpp_2m_sde',
  // ComfyUI has no separate name: its dpmpp_2m_sde takes solver_type=heun; kept distinct so it never equals midpoint.
  'dpm++ 2m sde heun': 'dpmpp_2m_sde_heun',
  'dpm++ 3m sde': 'dpmpp_3m_sde',
  'dpm fast': 'dpm_fast',
  'dpm adaptive': 'dpm_adaptive',
  restart: 'restart',
  ddim: 'ddim',
  'ddim cfg++': 'ddim_cfg_pp',
  plms: 'plms',
  unipc: 'uni_pc',
  lcm: 'lcm',
  'euler cfg++': 'euler_cfg_pp',
  'euler a cfg++': 'euler_ancestral_cfg_pp',
  'dpm++ 2m cfg++': 'dpmpp_2m_cfg_pp',
  'dpm++ 2s a cfg++': 'dpmpp_2s_ancestral_cfg_pp',
  deis: 'deis',
  ipndm: 'ipndm',
  ipndm_v: 'ipndm_v',
  heunpp2: 'heunpp2',
  'dpm sde': 'dpmpp_sde',
};

/** InvokeAI (diffusers) scheduler names; a `_k` suffix means Karras sigmas. NovelAI / InvokeAI 2.x use `k_` prefixes. */
const DIFFUSERS_SAMPLERS: Record<string, string> = {
  euler_a: 'euler_ancestral',
  kdpm_2: 'dpm_2',
  kdpm_2_a: 'dpm_2_ancestral',
  unipc: 'uni_pc',
  pndm: 'plms',
  dpm_2_ancestral: 'dpm_2_ancestral',
  ddim_v3: 'ddim',
};

/** Sampler names ComfyUI itself uses (comfy/samplers.py KSAMPLER_NAMES + SAMPLER_NAMES), plus Fooocus's. */
const COMFY_SAMPLERS = new Set([
  'euler', 'euler_cfg_pp', 'euler_ancestral', 'euler_ancestral_cfg_pp', 'heun', 'heunpp2', 'dpm_2', 'dpm_2_ancestral',
  'lms', 'dpm_fast', 'dpm_adaptive', 'dpmpp_2s_ancestral', 'dpmpp_2s_ancestral_cfg_pp', 'dpmpp_sde', 'dpmpp_sde_gpu',
  'dpmpp_2m', 'dpmpp_2m_cfg_pp', 'dpmpp_2m_sde', 'dpmpp_2m_sde_gpu', 'dpmpp_3m_sde', 'dpmpp_3m_sde_gpu', 'ddpm', 'lcm',
  'ipndm', 'ipndm_v', 'deis', 'res_multistep', 'res_multistep_cfg_pp', 'res_multistep_ancestral', 'gradient_estimation',
  'er_sde', 'seeds_2', 'seeds_3', 'sa_solver', 'ddim', 'uni_pc', 'uni_pc_bh2', 'dpmpp_2m_sde_heun', 'restart', 'plms', 'tcd',
]);

const SCHEDULERS: Record<string, string> = {
  karras: 'karras',
  exponential: 'exponential',
  polyexponential: 'polyexponential',
  normal: 'normal',
  simple: 'simple',
  'sgm uniform': 'sgm_uniform',
  sgm_uniform: 'sgm_uniform',
  beta: 'beta',
  ddim: 'ddim_uniform',
  ddim_uniform: 'ddim_uniform',
  'kl optimal': 'kl_optimal',
  kl_optimal: 'kl_optimal',
  'align your steps': 'align_your_steps',
  align_your_steps: 'align_your_steps',
  'align your steps gits': 'gits',
  'linear quadratic': 'linear_quadratic',
  linear_quadratic: 'linear_quadratic',
  uniform: 'uniform',
  native: 'native',
};

/** Combined names carry the scheduler as a suffix: "DPM++ 2M Karras", "euler_ancestral_karras". */
const SPACE_SUFFIXES = ['sgm uniform', 'kl optimal', 'align your steps', 'karras', 'exponential', 'polyexponential', 'uniform', 'simple', 'normal', 'beta'];
const UNDERSCORE_SUFFIXES = ['sgm_uniform', 'ddim_uniform', 'kl_optimal', 'linear_quadratic', 'karras', 'exponential', 'simple', 'normal', 'beta'];

/**
 * A1111 ≥1.9 "Automatic" is the sampler's own default (A1111 modules/sd_samplers_kdiffusion.py options):
 * DPM++ 2M and DPM++ SDE default to Karras (so "DPM++ 2M" + Automatic equals pre-1.9 "DPM++ 2M Karras"),
 * the SDE samplers of the 2M/3M family to Exponential, everything else to the model's own (ComfyUI "normal").
 */
const AUTOMATIC_DEFAULTS: Record<string, string> = {
  dpmpp_2m: 'karras',
  dpmpp_sde: 'karras',
  dpm_2: 'karras',
  dpm_2_ancestral: 'karras',
  dpmpp_2s_ancestral: 'karras',
  restart: 'karras',
  dpmpp_2m_sde: 'exponential',
  dpmpp_2m_sde_heun: 'exponential',
  dpmpp_3m_sde: 'exponential',
};

function slug(name: string): string {
  return name.trim().toLowerCase().replace(/\+/g, 'p').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/** Sampler name alone (no scheduler inside) → canonical id, or null when empty. */
function samplerIdOf(name: string): string | null {
  const lower = name.trim().toLowerCase();
  if (!lower) return null;
  if (A1111_SAMPLERS[lower]) return A1111_SAMPLERS[lower];
  if (COMFY_SAMPLERS.has(lower)) return lower;
  const unprefixed = lower.startsWith('k_') ? lower.slice(2) : lower;
  if (DIFFUSERS_SAMPLERS[unprefixed]) return DIFFUSERS_SAMPLERS[unprefixed];
  if (COMFY_SAMPLERS.has(unprefixed)) return unprefixed;
  if (unprefixed.startsWith('sample_') && COMFY_SAMPLERS.has(unprefixed.slice(7))) return unprefixed.slice(7);
  return slug(unprefixed);
}

/** Scheduler name → canonical id; "Automatic" resolves against the sampler's default. */
export function canonicalScheduler(name: string | null | undefined, samplerId: string | null = null): string | null {
  if (name == null) return null;
  const lower = name.trim().toLowerCase();
  if (!lower) return null;
  if (lower === 'automatic') return samplerId ? (AUTOMATIC_DEFAULTS[samplerId] ?? 'normal') : null;
  return SCHEDULERS[lower] ?? slug(lower);
}

function splitCombined(lower: string): { sampler: string; scheduler: string } | null {
  for (const suffix of SPACE_SUFFIXES) {
    if (lower.endsWith(` ${suffix}`)) {
      const sampler = lower.slice(0, -suffix.length - 1);
      if (A1111_SAMPLERS[sampler]) return { sampler, scheduler: suffix };
    }
  }
  for (const suffix of UNDERSCORE_SUFFIXES) {
    if (lower.endsWith(`_${suffix}`)) {
      const sampler = lower.slice(0, -suffix.length - 1);
      if (COMFY_SAMPLERS.has(sampler)) return { sampler, scheduler: suffix };
    }
  }
  // InvokeAI: dpmpp_2m_k, euler_k, kdpm_2_a_k …
  if (lower.endsWith('_k') && !lower.startsWith('k_')) {
    const sampler = lower.slice(0, -2);
    if (DIFFUSERS_SAMPLERS[sampler] || COMFY_SAMPLERS.has(sampler)) return { sampler, scheduler: 'karras' };
  }
  return null;
}

/**
 * Canonical ids for a sampler as a tool wrote it, with its scheduler when the tool writes one separately.
 * A scheduler embedded in the name ("DPM++ 2M Karras") is used when no separate one is given.
 */
export function canonicalSampler(name: string, scheduler?: string | null): CanonicalSampler {
  const lower = name.trim().toLowerCase();
  if (!lower) return { samplerId: null, schedulerId: canonicalScheduler(scheduler ?? null) };
  const combined = A1111_SAMPLERS[lower] || COMFY_SAMPLERS.has(lower) ? null : splitCombined(lower);
  const samplerId = samplerIdOf(combined ? combined.sampler : lower);
  const explicit = scheduler != null && scheduler.trim() !== '' ? scheduler : null;
  // A combined name wins over "Automatic": Stability Matrix writes "Euler Ancestral Karras" with no schedule key.
  const schedulerName = explicit && !(combined && explicit.trim().toLowerCase() === 'automatic') ? explicit : combined?.scheduler ?? null;
  return { samplerId, schedulerId: canonicalScheduler(schedulerName, samplerId) };
}
