// One sampler node of the API graph read as a sampling pass. KSampler / KSamplerAdvanced hold their settings
// directly; SamplerCustom and SamplerCustomAdvanced spread them over helper nodes (RandomNoise.noise_seed,
// KSamplerSelect.sampler_name, BasicScheduler/SDTurboScheduler steps+scheduler+denoise, CFGGuider.cfg,
// BasicGuider + FluxGuidance). Custom samplers that take sampler_name + steps + cfg are read like KSampler.
import type { ComfyGraph, ComfyLink, ComfyNode } from './graph';
import { inputLink, linkedNode } from './graph';
import { asIntegerText, asNumber, asText, resolveValue, sourceOf, type Resolved } from './values';

export interface Field<T> {
  value: T | null;
  source: string | null;
  computed: boolean;
}

export interface SamplerReading {
  node: ComfyNode;
  seed: Field<string>;
  sampler: Field<string>;
  scheduler: Field<string>;
  steps: Field<number>;
  cfg: Field<number>;
  denoise: Field<number>;
  model: ComfyLink | null;
  positive: ComfyLink | null;
  negative: ComfyLink | null;
  latent: ComfyLink | null;
  settings: Record<string, string | number | boolean | null>;
}

const CORE_SAMPLERS = new Set(['KSampler', 'KSamplerAdvanced', 'SamplerCustom', 'SamplerCustomAdvanced']);
const MAX_SIGMA_HOPS = 64;

export function isSamplerNode(node: ComfyNode): boolean {
  if (CORE_SAMPLERS.has(node.classType)) return true;
  // Savers (comfy-image-saver, SaveImageWithMetadata) repeat sampler_name/steps/cfg as inputs of their own.
  if (/save|preview|metadata|display/i.test(node.classType)) return false;
  if (node.inputs.has('images') || [...node.inputs.keys()].some((k) => k.startsWith('filename'))) return false;
  const has = (k: string): boolean => node.inputs.has(k);
  return (
    (has('sampler_name') && has('steps') && has('cfg')) ||
    (has('noise') && has('guider') && has('sampler') && has('sigmas'))
  );
}

function field<T>(r: Resolved, read: (r: Resolved) => T | null): Field<T> {
  if (r.state === 'computed') return { value: null, source: r.source, computed: true };
  if (r.state === 'missing') return { value: null, source: null, computed: false };
  return { value: read(r), source: r.source, computed: false };
}

const empty = <T>(): Field<T> => ({ value: null, source: null, computed: false });

export function readSampler(graph: ComfyGraph, node: ComfyNode): SamplerReading {
  const reading: SamplerReading = {
    node,
    seed: empty(),
    sampler: empty(),
    scheduler: empty(),
    steps: empty(),
    cfg: empty(),
    denoise: empty(),
    model: inputLink(node, 'model'),
    positive: inputLink(node, 'positive'),
    negative: inputLink(node, 'negative'),
    latent: inputLink(node, 'latent_image') ?? inputLink(node, 'latent') ?? inputLink(node, 'samples'),
    settings: {},
  };
  readSeed(graph, node, reading);
  if (node.inputs.has('sampler_name')) reading.sampler = field(resolveValue(graph, node, 'sampler_name'), asText);
  else readSamplerNode(graph, node, reading);
  if (node.inputs.has('steps')) reading.steps = field(resolveValue(graph, node, 'steps'), asNumber);
  if (node.inputs.has('scheduler')) reading.scheduler = field(resolveValue(graph, node, 'scheduler'), asText);
  if (node.inputs.has('denoise')) reading.denoise = field(resolveValue(graph, node, 'denoise'), asNumber);
  if (!node.inputs.has('steps')) readSigmas(graph, node, reading);
  if (node.inputs.has('cfg')) reading.cfg = field(resolveValue(graph, node, 'cfg'), asNumber);
  else readGuider(graph, node, reading);
  for (const key of ['add_noise', 'start_at_step', 'end_at_step', 'return_with_leftover_noise']) {
    const input = node.inputs.get(key);
    if (input?.kind === 'literal') reading.settings[key] = input.value;
  }
  return reading;
}

function readSeed(graph: ComfyGraph, node: ComfyNode, reading: SamplerReading): void {
  const key = ['seed', 'noise_seed'].find((k) => node.inputs.has(k));
  if (key) {
    reading.seed = field(resolveValue(graph, node, key), asIntegerText);
    return;
  }
  const noise = linkedNode(graph, node, 'noise');
  if (!noise) return;
  reading.settings['noise'] = noise.classType;
  const noiseKey = ['noise_seed', 'seed'].find((k) => noise.inputs.has(k));
  if (noiseKey) reading.seed = field(resolveValue(graph, noise, noiseKey), asIntegerText);
  else if (/DisableNoise/i.test(noise.classType)) reading.settings['add_noise'] = false;
}

function readSamplerNode(graph: ComfyGraph, node: ComfyNode, reading: SamplerReading): void {
  const picker = linkedNode(graph, node, 'sampler');
  if (!picker) return;
  const key = ['sampler_name', 'solver', 'sampler'].find((k) => picker.inputs.get(k)?.kind === 'literal');
  // Sampler nodes such as SamplerDPMPP_2M_SDE or SamplerEulerAncestral name the sampler by their class.
  reading.sampler = key
    ? field(resolveValue(graph, picker, key), asText)
    : { value: picker.classType, source: sourceOf(picker, 'class_type'), computed: false };
  for (const [k, input] of picker.inputs) {
    if (k !== key && input.kind === 'literal') reading.settings[`sampler.${k}`] = input.value;
  }
}

/** Follows `sigmas` through SplitSigmas / FlipSigmas and similar to the scheduler node. */
function readSigmas(graph: ComfyGraph, node: ComfyNode, reading: SamplerReading): void {
  let current = linkedNode(graph, node, 'sigmas');
  const seen = new Set<string>();
  for (let hop = 0; current && hop < MAX_SIGMA_HOPS && !seen.has(current.id); hop++) {
    seen.add(current.id);
    if (current.inputs.has('steps')) {
      reading.steps = field(resolveValue(graph, current, 'steps'), asNumber);
      reading.scheduler = current.inputs.has('scheduler')
        ? field(resolveValue(graph, current, 'scheduler'), asText)
        : { value: current.classType, source: sourceOf(current, 'class_type'), computed: false };
      if (current.inputs.has('denoise')) reading.denoise = field(resolveValue(graph, current, 'denoise'), asNumber);
      return;
    }
    const input = current.inputs.get('sigmas');
    if (input?.kind === 'link') {
      reading.settings[`sigmas.${current.classType}`] = true;
      current = graph.nodes.get(input.link.node) ?? null;
    } else {
      reading.scheduler = { value: current.classType, source: sourceOf(current, 'class_type'), computed: false };
      return;
    }
  }
}

/** SamplerCustomAdvanced: CFGGuider (cfg, positive, negative), DualCFGGuider, BasicGuider (conditioning only). */
function readGuider(graph: ComfyGraph, node: ComfyNode, reading: SamplerReading): void {
  const guider = linkedNode(graph, node, 'guider');
  if (!guider) return;
  reading.settings['guider'] = guider.classType;
  const cfgKey = ['cfg', 'cfg_conds'].find((k) => guider.inputs.has(k));
  if (cfgKey) reading.cfg = field(resolveValue(graph, guider, cfgKey), asNumber);
  reading.model ??= inputLink(guider, 'model');
  reading.positive ??= inputLink(guider, 'positive') ?? inputLink(guider, 'conditioning') ?? inputLink(guider, 'cond1');
  reading.negative ??= inputLink(guider, 'negative') ?? inputLink(guider, 'cond2');
}
