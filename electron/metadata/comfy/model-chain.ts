// Walking a sampler's `model` input upstream to the loader, collecting the LoRAs and model patches on the way
// (LoraLoader, LoraLoaderModelOnly, rgthree Power Lora Loader, HypernetworkLoader, ModelSampling*). Iterative
// with a visited set: hostile graphs can be 10^4 deep or cyclic (reliability-notes.md).
import type { Adapter } from '../../../shared/tuple';
import { inputLink, walkUpstream, type ComfyGraph, type ComfyLink, type ComfyNode } from './graph';
import { asNumber, asText, chosenBranch, resolveValue, sourceOf, type Resolved } from './values';

export interface ModelChain {
  model: string | null;
  modelSource: string | null;
  /** The loader's name input is a link to a node that picks it at run time. */
  modelComputed: boolean;
  loaderType: string | null;
  adapters: Adapter[];
  /** Literal settings of the patch nodes on the path, keyed `Class.input` (ModelSamplingSD3.shift). */
  settings: Record<string, string | number | boolean | null>;
}

const LOADER_KEYS = ['ckpt_name', 'unet_name', 'model_name', 'gguf_name', 'model_path'];
const NEXT_MODEL_KEYS = ['model', 'base_model', 'model1', 'unet', 'diffusion_model'];

export function traceModel(graph: ComfyGraph, start: ComfyLink | null, warnings: string[]): ModelChain {
  const chain: ModelChain = {
    model: null,
    modelSource: null,
    modelComputed: false,
    loaderType: null,
    adapters: [],
    settings: {},
  };
  walkUpstream(graph, start, 'model', warnings, (node) => {
    if (readLoader(graph, node, chain)) return null;
    readPatch(graph, node, chain);
    const branch = chosenBranch(graph, node);
    const link = branch ? inputLink(node, branch) : nextModelLink(node);
    if (!link) {
      warnings.push(`ComfyUI model chain ends at node ${node.id} (${node.classType}) without a checkpoint loader`);
    }
    return link;
  });
  return chain;
}

function nextModelLink(node: ComfyNode): ComfyLink | null {
  for (const key of NEXT_MODEL_KEYS) {
    const input = node.inputs.get(key);
    if (input?.kind === 'link') return input.link;
  }
  for (const [key, input] of node.inputs) {
    if (input.kind === 'link' && /^model/i.test(key)) return input.link;
  }
  return null;
}

/** A node whose name input is not a link to another model: a checkpoint / UNet / GGUF loader. */
function readLoader(graph: ComfyGraph, node: ComfyNode, chain: ModelChain): boolean {
  if (nextModelLink(node) || chosenBranch(graph, node) || /lora|hypernetwork/i.test(node.classType)) return false;
  const key = LOADER_KEYS.find((k) => node.inputs.has(k));
  if (!key) return false;
  const r = resolveValue(graph, node, key);
  chain.loaderType = node.classType;
  if (r.state === 'computed') {
    chain.modelComputed = true;
    chain.modelSource = r.source;
  } else if (r.state === 'value') {
    chain.model = asText(r);
    chain.modelSource = r.source;
  }
  return true;
}

function num(r: Resolved): number | null {
  return asNumber(r);
}

function readPatch(graph: ComfyGraph, node: ComfyNode, chain: ModelChain): void {
  if (node.inputs.has('lora_name')) {
    const name = asText(resolveValue(graph, node, 'lora_name'));
    if (!name || name === 'None') return;
    const clip = node.inputs.has('strength_clip') ? num(resolveValue(graph, node, 'strength_clip')) : null;
    chain.adapters.push({
      kind: 'lora',
      name,
      weight: num(resolveValue(graph, node, 'strength_model')) ?? num(resolveValue(graph, node, 'strength')),
      ...(clip !== null ? { weights: { clip } } : {}),
      hash: null,
      hashType: null,
      source: sourceOf(node, 'lora_name'),
    });
    return;
  }
  if (/power lora loader/i.test(node.classType)) {
    readPowerLoras(node, chain);
    return;
  }
  if (node.inputs.has('hypernetwork_name')) {
    const name = asText(resolveValue(graph, node, 'hypernetwork_name'));
    if (name) {
      chain.adapters.push({
        kind: 'hypernetwork',
        name,
        weight: num(resolveValue(graph, node, 'strength')),
        hash: null,
        hashType: null,
        source: sourceOf(node, 'hypernetwork_name'),
      });
    }
    return;
  }
  for (const [key, input] of node.inputs) {
    if (input.kind === 'literal') chain.settings[`${node.classType}.${key}`] = input.value;
  }
}

/** rgthree's Power Lora Loader keeps one `lora_N` object per row: {on, lora, strength, strengthTwo}. */
function readPowerLoras(node: ComfyNode, chain: ModelChain): void {
  for (const [key, input] of node.inputs) {
    if (!/^lora_\d+$/.test(key) || input.kind !== 'structure') continue;
    const row = input.value;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) continue;
    const r = row as Record<string, unknown>;
    if (r['on'] === false || typeof r['lora'] !== 'string' || r['lora'] === 'None') continue;
    const strength = typeof r['strength'] === 'number' ? r['strength'] : null;
    const two = typeof r['strengthTwo'] === 'number' ? r['strengthTwo'] : null;
    chain.adapters.push({
      kind: 'lora',
      name: r['lora'],
      weight: strength,
      ...(two !== null ? { weights: { clip: two } } : {}),
      hash: null,
      hashType: null,
      source: sourceOf(node, key),
    });
  }
}
