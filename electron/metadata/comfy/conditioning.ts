// Walking a sampler's `positive` / `negative` input upstream to the text encoders. Conditioning passes through
// ConditioningCombine/SetArea/Concat, ControlNetApply(Advanced), FluxGuidance, InpaintModelConditioning and the
// like; nodes that output (positive, negative) pairs are entered on the side the link's slot names. Text may be
// a literal, a link to a constant string node (a value), or a link to anything that computes it (LLM, concat,
// wildcard: reported as computed). "embedding:name" inside the text is an embedding (ComfyUI's syntax).
import type { Adapter } from '../../../shared/tuple';
import type { ComfyGraph, ComfyLink, ComfyNode } from './graph';
import { asNumber, asText, resolveValue, sourceOf } from './values';

export interface TracedText {
  text: string;
  source: string;
}

export interface ConditioningTrace {
  texts: TracedText[];
  /** Sources of text inputs whose value is computed at run time. */
  computed: string[];
  /** SDXL second text (CLIPTextEncodeSDXL text_l when it differs from text_g), Flux clip_l, etc. */
  secondary: Record<string, string>;
  controlNets: Adapter[];
  guidance: number | null;
  /** Conditioning zeroed (ConditioningZeroOut): there is no text on this side at all. */
  zeroed: boolean;
}

const PRIMARY_TEXT_KEYS = ['text', 'text_g', 't5xxl', 'prompt', 'positive_prompt', 'text_positive', 'wildcard_text'];
const SECONDARY_TEXT_KEYS = ['text_l', 'clip_l'];
const CONDITIONING_KEYS = [
  'conditioning',
  'conditioning_1',
  'conditioning_2',
  'conditioning_to',
  'conditioning_from',
  'cond',
  'cond1',
  'cond2',
];
const MAX_VISITS = 100_000;

export function traceConditioning(graph: ComfyGraph, start: ComfyLink | null, warnings: string[]): ConditioningTrace {
  const out: ConditioningTrace = {
    texts: [],
    computed: [],
    secondary: {},
    controlNets: [],
    guidance: null,
    zeroed: false,
  };
  const stack: ComfyLink[] = start ? [start] : [];
  const visited = new Set<string>();
  let visits = 0;
  while (stack.length > 0) {
    if (++visits > MAX_VISITS) {
      warnings.push('ComfyUI conditioning graph too large to follow; prompt text may be incomplete');
      break;
    }
    const link = stack.pop()!;
    const key = `${link.node}#${link.slot}`;
    if (visited.has(key)) continue;
    visited.add(key);
    const node = graph.nodes.get(link.node);
    if (!node) {
      warnings.push(`ComfyUI conditioning links to node ${link.node}, which is not in the graph`);
      continue;
    }
    const next = visitNode(graph, node, link.slot, out);
    // Reverse so the first input is walked first (the stack is last-in, first-out).
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
  return out;
}

function links(node: ComfyNode, keys: string[]): ComfyLink[] {
  const found: ComfyLink[] = [];
  for (const key of keys) {
    const input = node.inputs.get(key);
    if (input?.kind === 'link') found.push(input.link);
  }
  return found;
}

/** Reads what `node` contributes and returns the upstream conditioning links to follow. */
function visitNode(graph: ComfyGraph, node: ComfyNode, slot: number, out: ConditioningTrace): ComfyLink[] {
  if (/ZeroOut/i.test(node.classType)) {
    out.zeroed = true;
    return [];
  }
  readControlNet(graph, node, out);
  if (node.inputs.has('guidance') && out.guidance === null)
    out.guidance = asNumber(resolveValue(graph, node, 'guidance'));
  // Nodes with (positive, negative) outputs: output slot 0 is positive, slot 1 negative.
  if (node.inputs.get('positive')?.kind === 'link' && node.inputs.get('negative')?.kind === 'link') {
    return links(node, [slot === 1 ? 'negative' : 'positive']);
  }
  const upstream = links(node, CONDITIONING_KEYS);
  if (upstream.length > 0) return upstream;
  readText(graph, node, out);
  return [];
}

function readText(graph: ComfyGraph, node: ComfyNode, out: ConditioningTrace): void {
  const primary = PRIMARY_TEXT_KEYS.find((k) => node.inputs.has(k));
  if (!primary) {
    out.computed.push(sourceOf(node, '*'));
    return;
  }
  const r = resolveValue(graph, node, primary);
  if (r.state === 'computed') out.computed.push(r.source);
  const text = asText(r);
  if (text !== null) out.texts.push({ text, source: r.state === 'value' ? r.source : sourceOf(node, primary) });
  for (const key of SECONDARY_TEXT_KEYS) {
    if (!node.inputs.has(key)) continue;
    const second = asText(resolveValue(graph, node, key));
    if (second && second !== text) out.secondary[key] = second;
  }
}

function readControlNet(graph: ComfyGraph, node: ComfyNode, out: ConditioningTrace): void {
  const input = node.inputs.get('control_net');
  if (input?.kind !== 'link') return;
  const loader = graph.nodes.get(input.link.node);
  const nameKey = loader ? ['control_net_name', 'cnet', 'model_name'].find((k) => loader.inputs.has(k)) : undefined;
  const name = loader && nameKey ? asText(resolveValue(graph, loader, nameKey)) : null;
  const weights: Record<string, number> = {};
  for (const key of ['start_percent', 'end_percent']) {
    const v = asNumber(resolveValue(graph, node, key));
    if (v !== null) weights[key] = v;
  }
  out.controlNets.push({
    kind: 'controlnet',
    name: name ?? loader?.classType ?? `node ${input.link.node}`,
    weight: asNumber(resolveValue(graph, node, 'strength')),
    ...(Object.keys(weights).length ? { weights } : {}),
    hash: null,
    hashType: null,
    source: loader && nameKey ? sourceOf(loader, nameKey) : sourceOf(node, 'control_net'),
  });
}

const EMBEDDING = /embedding:(urn:air:[\w.:@-]+|[^\s,()[\]<>:]+)/gi;

/** `embedding:name` inside prompt text (ComfyUI's textual-inversion syntax; Civitai uses AIR URNs there). */
export function embeddingsIn(text: string, source: string): Adapter[] {
  const found: Adapter[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(EMBEDDING)) {
    const name = match[1]!.replace(/[.:]+$/, '');
    if (seen.has(name)) continue;
    seen.add(name);
    found.push({ kind: 'embedding', name, weight: null, hash: null, hashType: null, source });
  }
  return found;
}
