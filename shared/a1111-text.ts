// The tuple as AUTOMATIC1111 "infotext": the text every generator UI can paste (A1111/Forge "PNG Info" ->
// "Send to txt2img", Civitai, SwarmUI import). Pure: the renderer's "copy as A1111 text" uses it too.
//
// Layout and quoting follow A1111 (metadata-formats.md §2.1): `prompt\nNegative prompt: neg\nk: v, k: v`, the
// negative line left out when empty, and a value JSON-quoted when it holds `,`, `\n` or `:` (infotext_utils.quote),
// so A1111's own parse_generation_parameters reads every value back whole.
import type { Adapter, GenerationTuple } from './tuple';

/** Generators whose tuple extras are A1111 keys as written, so they can be echoed back verbatim. */
const A1111_FAMILY = new Set(['a1111', 'forge', 'reforge', 'sdnext', 'civitai', 'stability-matrix', 'seedscope']);

/** Keys this formatter writes from tuple fields; the same keys in `extras` are not written twice. */
const OWN_KEYS = new Set([
  'Steps',
  'Sampler',
  'Schedule type',
  'CFG scale',
  'Seed',
  'Size',
  'Model hash',
  'Model',
  'VAE hash',
  'VAE',
  'Clip skip',
  'ENSD',
  'RNG',
  'Eta',
  'Token merging ratio',
  'Lora hashes',
  'TI hashes',
  'Version',
  // Parsed into prompt fields, never parameter keys.
  'Prompt',
  'Negative prompt',
]);

/** A1111 `infotext_utils.quote`, plus a leading `"` (A1111 would otherwise unquote a value that merely starts with one). */
export function quoteA1111Value(value: string): string {
  if (!/[,\n:]/.test(value) && !value.startsWith('"')) return value;
  return JSON.stringify(value);
}

/** ComfyUI sampler ids (the tuple's samplerId) -> the names A1111/Forge show and accept when pasted. */
const A1111_SAMPLER_NAMES: Record<string, string> = {
  euler: 'Euler',
  euler_ancestral: 'Euler a',
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
  plms: 'PLMS',
  uni_pc: 'UniPC',
  lcm: 'LCM',
  deis: 'DEIS',
  ipndm: 'iPNDM',
  ipndm_v: 'iPNDM_v',
  heunpp2: 'HeunPP2',
  euler_cfg_pp: 'Euler CFG++',
  euler_ancestral_cfg_pp: 'Euler a CFG++',
  dpmpp_2m_cfg_pp: 'DPM++ 2M CFG++',
  ddim_cfg_pp: 'DDIM CFG++',
};

/** ComfyUI scheduler ids -> A1111 "Schedule type" names. */
const A1111_SCHEDULE_NAMES: Record<string, string> = {
  normal: 'Normal',
  karras: 'Karras',
  exponential: 'Exponential',
  sgm_uniform: 'SGM Uniform',
  simple: 'Simple',
  ddim_uniform: 'DDIM',
  beta: 'Beta',
  kl_optimal: 'KL Optimal',
  polyexponential: 'Polyexponential',
  align_your_steps: 'Align Your Steps',
  uniform: 'Uniform',
};

function formatNumber(n: number): string {
  // A1111 writes CFG 7 (not 7.0) and 5.5; JS number formatting matches Python's for these.
  return String(n);
}

function hashList(adapters: Adapter[], kind: Adapter['kind']): string | null {
  const entries = adapters
    .filter((a) => a.kind === kind && a.hash)
    // A1111 strips `:` and `,` from the names it writes into Lora hashes (sd_forge_lora/extra_networks_lora.py).
    .map((a) => `${a.name.replace(/[:,]/g, '')}: ${a.hash}`);
  return entries.length ? entries.join(', ') : null;
}

/** A value the reader filled in as the tool's default is left out, as the tool itself leaves it out. */
function stated<T>(tuple: GenerationTuple, field: string, value: T): T | null {
  return tuple.origins[field]?.isDefault ? null : value;
}

/** The parameter line's entries in A1111's own key order (processing.py:create_infotext). */
function parameterEntries(tuple: GenerationTuple): Array<[string, string]> {
  const family = A1111_FAMILY.has(tuple.generator);
  // Another tool's names (ComfyUI "dpmpp_2m" + "karras") would not select anything when pasted into A1111.
  const sampler = family ? tuple.sampler : (tuple.samplerId && A1111_SAMPLER_NAMES[tuple.samplerId]) || tuple.sampler;
  const schedule = family
    ? tuple.scheduler
    : (tuple.schedulerId && A1111_SCHEDULE_NAMES[tuple.schedulerId]) || tuple.scheduler;
  const entries: Array<[string, string | number | null]> = [
    ['Steps', tuple.steps],
    ['Sampler', sampler],
    ['Schedule type', stated(tuple, 'scheduler', schedule)],
    ['CFG scale', tuple.cfg === null ? null : formatNumber(tuple.cfg)],
    ['Seed', tuple.seed],
    ['Size', tuple.width !== null && tuple.height !== null ? `${tuple.width}x${tuple.height}` : null],
    ['Model hash', tuple.modelHash],
    ['Model', tuple.model],
    ['VAE hash', tuple.determinism.vaeHash],
    ['VAE', tuple.determinism.vae],
    ['Clip skip', stated(tuple, 'determinism.clipSkip', tuple.determinism.clipSkip)],
    ['ENSD', stated(tuple, 'determinism.ensd', tuple.determinism.ensd)],
    ['RNG', stated(tuple, 'determinism.rng', tuple.determinism.rng)],
    ['Eta', tuple.determinism.eta],
    ['Token merging ratio', tuple.determinism.tokenMerging],
  ];
  for (const [key, value] of Object.entries(tuple.determinism.other)) {
    if (!OWN_KEYS.has(key)) entries.push([key, value]);
  }
  if (family) {
    // The A1111 reader keeps hires fix / ADetailer / face restoration keys as written in the step's settings.
    for (const step of tuple.postprocess) {
      for (const [key, value] of Object.entries(step.settings)) {
        if (!OWN_KEYS.has(key) && isA1111Key(key)) entries.push([key, value === null ? null : String(value)]);
      }
    }
    for (const [key, value] of Object.entries(tuple.extras)) {
      if (!OWN_KEYS.has(key) && !tuple.determinism.other[key] && isA1111Key(key)) entries.push([key, value]);
    }
  }
  entries.push(['Lora hashes', hashList(tuple.adapters, 'lora')]);
  entries.push(['TI hashes', hashList(tuple.adapters, 'embedding')]);
  if (tuple.software?.version) entries.push(['Version', tuple.software.version]);
  const written: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const [key, value] of entries) {
    if (value === null || value === '' || seen.has(key)) continue;
    seen.add(key);
    written.push([key, quoteA1111Value(String(value))]);
  }
  return written;
}

/** A key A1111's parameter regex accepts: `\w[\w \-/]+` (a key outside that would break the whole line). */
function isA1111Key(key: string): boolean {
  return /^\w[\w \-/]+$/.test(key);
}

/**
 * A1111 applies a LoRA only through a `<lora:name:weight>` tag in the prompt. A1111-family prompts already hold
 * theirs; for other tools (ComfyUI LoraLoader nodes) the tags are appended, or a paste would silently drop them.
 */
function promptWithLoraTags(tuple: GenerationTuple): string {
  const prompt = tuple.prompt ?? '';
  if (A1111_FAMILY.has(tuple.generator)) return prompt;
  const tags = tuple.adapters
    .filter((a) => a.kind === 'lora' || a.kind === 'lycoris')
    .map((a) => `<lora:${a.name.replace(/\.(safetensors|ckpt|pt|pth)$/i, '')}:${a.weight ?? 1}>`)
    .filter((tag) => !prompt.includes(tag));
  return tags.length ? `${prompt}${prompt ? ' ' : ''}${tags.join(' ')}` : prompt;
}

/**
 * Format a tuple as A1111 infotext. An A1111-family prompt and every negative prompt are written byte for byte, so
 * a paste reproduces the exact prompt bytes; other tools' prompts get their LoRA tags appended (see above).
 */
export function formatA1111Infotext(tuple: GenerationTuple): string {
  const lines: string[] = [promptWithLoraTags(tuple)];
  if (tuple.negativePrompt) lines.push(`Negative prompt: ${tuple.negativePrompt}`);
  const parameters = parameterEntries(tuple)
    .map(([key, value]) => `${key}: ${value}`)
    .join(', ');
  if (parameters) lines.push(parameters);
  return lines.join('\n');
}
