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

/**
 * Underscore ids that are not ComfyUI's own, after any `k_` / `sample_` prefix is dropped: InvokeAI (diffusers)
 * scheduler names, NovelAI / InvokeAI 2.x `k_` names, A1111's internal aliases (modules/sd_samplers_kdiffusion.py:
 * `k_euler_a`, `k_dpm_2_a`, `k_dpmpp_2s_a`, `k_dpm_ad`) and Easy Diffusion's ids (`dpm2`, `dpm2_a`, `dpmpp_2s_a`).
 */
const ID_ALIASES: Record<string, string> = {
  euler_a: 'euler_ancestral',
  kdpm_2: 'dpm_2',
  kdpm_2_a: 'dpm_2_ancestral',
  dpm2: 'dpm_2',
  dpm2_a: 'dpm_2_ancestral',
  dpm_2_a: 'dpm_2_ancestral',
  dpmpp_2s_a: 'dpmpp_2s_ancestral',
  dpm_ad: 'dpm_adaptive',
  unipc: 'uni_pc',
  pndm: 'plms',
  dpm_2_ancestral: 'dpm_2_ancestral',
  ddim_v3: 'ddim',
};

/**
 * ComfyUI's sampler and scheduler NODES name their choice by class (comfy_extras/nodes_custom_sampler.py): a graph with
 * SamplerDPMPP_SDE or GITSScheduler records no sampler_name/scheduler input, so the class name is the value read.
 */
const COMFY_SAMPLER_CLASSES: Record<string, string> = {
  samplereulerancestral: 'euler_ancestral',
  samplereulerancestralcfgpp: 'euler_ancestral_cfg_pp',
  samplerlms: 'lms',
  samplerdpmpp_2m_sde: 'dpmpp_2m_sde',
  samplerdpmpp_3m_sde: 'dpmpp_3m_sde',
  samplerdpmpp_sde: 'dpmpp_sde',
  samplerdpmpp_2s_ancestral: 'dpmpp_2s_ancestral',
  samplerdpmadaptative: 'dpm_adaptive',
  samplerer_sde: 'er_sde',
  samplerseeds2: 'seeds_2',
  samplersasolver: 'sa_solver',
};

const COMFY_SCHEDULER_CLASSES: Record<string, string> = {
  karrasscheduler: 'karras',
  exponentialscheduler: 'exponential',
  polyexponentialscheduler: 'polyexponential',
  laplacescheduler: 'laplace',
  vpscheduler: 'vp',
  betasamplingscheduler: 'beta',
  sdturboscheduler: 'sd_turbo',
  alignyourstepsscheduler: 'align_your_steps',
  gitsscheduler: 'gits',
  optimalstepsscheduler: 'optimal_steps',
};

/** The samplers ComfyUI's KSampler accepts (comfy/samplers.py KSAMPLER_NAMES + SAMPLER_NAMES). */
export const COMFY_KSAMPLER_NAMES: ReadonlySet<string> = new Set([
  'euler',
  'euler_cfg_pp',
  'euler_ancestral',
  'euler_ancestral_cfg_pp',
  'heun',
  'heunpp2',
  'dpm_2',
  'dpm_2_ancestral',
  'lms',
  'dpm_fast',
  'dpm_adaptive',
  'dpmpp_2s_ancestral',
  'dpmpp_2s_ancestral_cfg_pp',
  'dpmpp_sde',
  'dpmpp_sde_gpu',
  'dpmpp_2m',
  'dpmpp_2m_cfg_pp',
  'dpmpp_2m_sde',
  'dpmpp_2m_sde_gpu',
  'dpmpp_3m_sde',
  'dpmpp_3m_sde_gpu',
  'ddpm',
  'lcm',
  'ipndm',
  'ipndm_v',
  'deis',
  'res_multistep',
  'res_multistep_cfg_pp',
  'res_multistep_ancestral',
  'gradient_estimation',
  'er_sde',
  'seeds_2',
  'seeds_3',
  'sa_solver',
  'ddim',
  'uni_pc',
  'uni_pc_bh2',
]);

/** Sampler ids as ComfyUI and Fooocus write them (Fooocus adds a few of its own). */
const COMFY_SAMPLERS = new Set([...COMFY_KSAMPLER_NAMES, 'dpmpp_2m_sde_heun', 'restart', 'plms', 'tcd']);

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
  // Draw Things appends the schedule to the sampler's name: "DPM++ 2M AYS", "Euler A Trailing".
  ays: 'align_your_steps',
  trailing: 'trailing',
};

/** Combined names carry the scheduler as a suffix: "DPM++ 2M Karras", "euler_ancestral_karras". */
const SPACE_SUFFIXES = [
  'sgm uniform',
  'kl optimal',
  'align your steps',
  'karras',
  'exponential',
  'polyexponential',
  'uniform',
  'simple',
  'normal',
  'beta',
  'ays',
  'trailing',
];
const UNDERSCORE_SUFFIXES = [
  'sgm_uniform',
  'ddim_uniform',
  'kl_optimal',
  'linear_quadratic',
  'karras',
  'exponential',
  'simple',
  'normal',
  'beta',
];

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
  return name
    .trim()
    .toLowerCase()
    .replace(/\+/g, 'p')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Drops the prefixes that name the same sampler function: `k_` (NovelAI, InvokeAI 2.x, A1111 aliases) and
 *  `sample_` (k-diffusion's function names, which old ComfyUI and A1111's internals wrote: sample_dpmpp_2m). */
function unprefixed(lower: string): string {
  let name = lower;
  if (name.startsWith('k_')) name = name.slice(2);
  if (name.startsWith('sample_')) name = name.slice(7);
  return name;
}

/** Sampler name alone (no scheduler inside) → canonical id, or null when empty. */
function samplerIdOf(name: string): string | null {
  const lower = name.trim().toLowerCase();
  if (!lower) return null;
  if (A1111_SAMPLERS[lower]) return A1111_SAMPLERS[lower];
  if (COMFY_SAMPLERS.has(lower)) return lower;
  if (COMFY_SAMPLER_CLASSES[lower]) return COMFY_SAMPLER_CLASSES[lower];
  const bare = unprefixed(lower);
  if (ID_ALIASES[bare]) return ID_ALIASES[bare];
  if (COMFY_SAMPLERS.has(bare)) return bare;
  return slug(bare);
}

/** Scheduler name → canonical id; "Automatic" resolves against the sampler's default. */
export function canonicalScheduler(name: string | null | undefined, samplerId: string | null = null): string | null {
  if (name == null) return null;
  const lower = name.trim().toLowerCase();
  if (!lower) return null;
  if (lower === 'automatic') return samplerId ? (AUTOMATIC_DEFAULTS[samplerId] ?? 'normal') : null;
  return SCHEDULERS[lower] ?? COMFY_SCHEDULER_CLASSES[lower] ?? slug(lower);
}

function isKnownId(name: string): boolean {
  return Boolean(ID_ALIASES[name]) || COMFY_SAMPLERS.has(name);
}

/** A1111's pre-1.6 aliases end in the schedule: k_dpmpp_2m_ka (Karras), k_dpmpp_2m_sde_exp (Exponential). */
const ALIAS_SUFFIXES: Array<[string, string]> = [
  ['_ka', 'karras'],
  ['_exp', 'exponential'],
  ['_k', 'karras'],
];

function splitCombined(lower: string): { sampler: string; scheduler: string } | null {
  for (const suffix of SPACE_SUFFIXES) {
    if (lower.endsWith(` ${suffix}`)) {
      const sampler = lower.slice(0, -suffix.length - 1);
      if (A1111_SAMPLERS[sampler]) return { sampler, scheduler: suffix };
    }
  }
  const bare = unprefixed(lower);
  for (const suffix of UNDERSCORE_SUFFIXES) {
    if (bare.endsWith(`_${suffix}`)) {
      const sampler = bare.slice(0, -suffix.length - 1);
      if (COMFY_SAMPLERS.has(sampler)) return { sampler, scheduler: suffix };
    }
  }
  // InvokeAI: dpmpp_2m_k, euler_k, kdpm_2_a_k …; A1111 aliases: k_dpmpp_2m_ka, k_dpmpp_3m_sde_exp.
  for (const [suffix, scheduler] of ALIAS_SUFFIXES) {
    if (bare.endsWith(suffix) && isKnownId(bare.slice(0, -suffix.length)))
      return { sampler: bare.slice(0, -suffix.length), scheduler };
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
  const combined = A1111_SAMPLERS[lower] || isKnownId(unprefixed(lower)) ? null : splitCombined(lower);
  const samplerId = samplerIdOf(combined ? combined.sampler : lower);
  const explicit = scheduler != null && scheduler.trim() !== '' ? scheduler : null;
  // A combined name wins over "Automatic": Stability Matrix writes "Euler Ancestral Karras" with no schedule key.
  const schedulerName =
    explicit && !(combined && explicit.trim().toLowerCase() === 'automatic') ? explicit : (combined?.scheduler ?? null);
  return { samplerId, schedulerId: canonicalScheduler(schedulerName, samplerId) };
}
