// Which diffusers scheduler class (and options) runs a given sampler + schedule. Sampler ids are the canonical
// ComfyUI names (shared/samplers.ts); the classes and option names are diffusers' own (diffusers/schedulers/,
// and the A1111 -> diffusers table in the diffusers docs "Schedulers" page: DPM++ 2M Karras =
// DPMSolverMultistepScheduler with use_karras_sigmas=True, Euler a = EulerAncestralDiscreteScheduler, ...).
import { automaticSchedulerId, schedulerIsAutomatic } from './sampler-names';
import type { SamplerSettings } from '../../shared/tuple';

export type PythonValue = string | number | boolean;

export interface DiffusersScheduler {
  className: string;
  options: Record<string, PythonValue>;
  /** Why this is not the same sampler as the source's, when it is only the nearest one. */
  approximation: string | null;
}

interface SamplerRow {
  className: string;
  options?: Record<string, PythonValue>;
  approximation?: string;
}

export const DIFFUSERS_SAMPLERS: Readonly<Record<string, SamplerRow>> = {
  euler: { className: 'EulerDiscreteScheduler' },
  euler_ancestral: { className: 'EulerAncestralDiscreteScheduler' },
  heun: { className: 'HeunDiscreteScheduler' },
  lms: { className: 'LMSDiscreteScheduler' },
  dpm_2: { className: 'KDPM2DiscreteScheduler' },
  dpm_2_ancestral: { className: 'KDPM2AncestralDiscreteScheduler' },
  dpmpp_2m: { className: 'DPMSolverMultistepScheduler', options: { algorithm_type: 'dpmsolver++', solver_order: 2 } },
  dpmpp_2m_sde: {
    className: 'DPMSolverMultistepScheduler',
    options: { algorithm_type: 'sde-dpmsolver++', solver_order: 2 },
  },
  dpmpp_2m_sde_gpu: {
    className: 'DPMSolverMultistepScheduler',
    options: { algorithm_type: 'sde-dpmsolver++', solver_order: 2 },
  },
  dpmpp_2m_sde_heun: {
    className: 'DPMSolverMultistepScheduler',
    options: { algorithm_type: 'sde-dpmsolver++', solver_order: 2, solver_type: 'heun' },
  },
  dpmpp_3m_sde: {
    className: 'DPMSolverMultistepScheduler',
    options: { algorithm_type: 'sde-dpmsolver++', solver_order: 3 },
  },
  dpmpp_3m_sde_gpu: {
    className: 'DPMSolverMultistepScheduler',
    options: { algorithm_type: 'sde-dpmsolver++', solver_order: 3 },
  },
  dpmpp_sde: { className: 'DPMSolverSDEScheduler' },
  dpmpp_sde_gpu: { className: 'DPMSolverSDEScheduler' },
  dpmpp_2s_ancestral: {
    className: 'DPMSolverSinglestepScheduler',
    options: { solver_order: 2 },
    approximation:
      'diffusers has no ancestral DPM++ 2S; DPMSolverSinglestepScheduler(solver_order=2) adds no ancestral noise',
  },
  ddim: { className: 'DDIMScheduler' },
  ddpm: { className: 'DDPMScheduler' },
  plms: { className: 'PNDMScheduler', options: { skip_prk_steps: true } },
  uni_pc: { className: 'UniPCMultistepScheduler', options: { solver_type: 'bh1' } },
  uni_pc_bh2: { className: 'UniPCMultistepScheduler', options: { solver_type: 'bh2' } },
  deis: { className: 'DEISMultistepScheduler' },
  lcm: { className: 'LCMScheduler' },
  tcd: { className: 'TCDScheduler' },
};

/** Schedule id -> the option that selects it, for classes that take sigma-schedule options. */
const SCHEDULE_OPTIONS: Readonly<Record<string, Record<string, PythonValue> | null>> = {
  normal: null,
  uniform: null,
  simple: null,
  karras: { use_karras_sigmas: true },
  exponential: { use_exponential_sigmas: true },
  beta: { use_beta_sigmas: true },
  sgm_uniform: { timestep_spacing: 'trailing' },
};

/** Classes whose constructor takes use_karras_sigmas / use_exponential_sigmas / use_beta_sigmas. */
const SIGMA_OPTION_CLASSES = new Set([
  'EulerDiscreteScheduler',
  'HeunDiscreteScheduler',
  'LMSDiscreteScheduler',
  'KDPM2DiscreteScheduler',
  'KDPM2AncestralDiscreteScheduler',
  'DPMSolverMultistepScheduler',
  'DPMSolverSinglestepScheduler',
  'DPMSolverSDEScheduler',
  'UniPCMultistepScheduler',
  'DEISMultistepScheduler',
]);

/** The scheduler class and options for a sampler + schedule, or null when diffusers has no match at all. */
export function diffusersScheduler(settings: SamplerSettings): DiffusersScheduler | { unknown: string } {
  const samplerId = settings.samplerId;
  const row = samplerId ? DIFFUSERS_SAMPLERS[samplerId] : undefined;
  if (!row)
    return {
      unknown: `sampler "${settings.sampler ?? samplerId ?? 'not recorded'}" has no diffusers scheduler class; the script uses EulerDiscreteScheduler`,
    };
  const options: Record<string, PythonValue> = { ...(row.options ?? {}) };
  const approximations: string[] = row.approximation ? [row.approximation] : [];
  const scheduleId = schedulerIsAutomatic(settings) ? automaticSchedulerId(samplerId) : settings.schedulerId;
  if (scheduleId) {
    const extra = SCHEDULE_OPTIONS[scheduleId];
    if (extra === undefined)
      approximations.push(
        `schedule "${settings.scheduler ?? scheduleId}" has no diffusers option; the class's default spacing is used`,
      );
    else if (extra && 'timestep_spacing' in extra) Object.assign(options, extra);
    else if (extra && SIGMA_OPTION_CLASSES.has(row.className)) Object.assign(options, extra);
    else if (extra)
      approximations.push(
        `${row.className} takes no ${Object.keys(extra)[0]}; the "${scheduleId}" schedule is not applied`,
      );
  }
  return {
    className: row.className,
    options,
    approximation: approximations.length > 0 ? approximations.join('; ') : null,
  };
}
