// Reading one widget value out of the API graph. A widget is either a literal, or a link to another node:
// a constant node (rgthree "Seed", "Primitive integer", "String Literal") gives a value we can trust; any node
// that computes (MathExpression|pysssss, ResolutionSelector, StringConcatenate, an LLM TextGenerate) gives a
// value only known at run time, which we report as computed and never as a value (sdm_png_krea2.png).
import type { ComfyGraph, ComfyLiteral, ComfyNode } from './graph';

export type Resolved =
  | { state: 'value'; value: ComfyLiteral; source: string }
  | { state: 'computed'; source: string; by: string }
  | { state: 'missing' };

const VALUE_KEYS = [
  'value',
  'seed',
  'noise_seed',
  'int',
  'float',
  'number',
  'string',
  'text',
  'Text',
  'STRING',
  'INT',
  'FLOAT',
  'boolean',
];
const COMPUTING =
  /math|expression|operation|concat|generate|random|wildcard|llm|gpt|switch|select|resolution|combine|replace|join|format|tipo|florence|caption|ollama|dynamic|calc|eval/i;
const MAX_HOPS = 64;

export function sourceOf(node: ComfyNode, input: string): string {
  return `comfy:prompt#${node.id}.${input}`;
}

/** Follows `input` of `node` through constant nodes to a literal; stops at anything that computes. */
export function resolveValue(graph: ComfyGraph, node: ComfyNode, input: string): Resolved {
  let current = node;
  let name = input;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const value = current.inputs.get(name);
    if (!value) return { state: 'missing' };
    if (value.kind === 'literal') return { state: 'value', value: value.value, source: sourceOf(current, name) };
    if (value.kind === 'structure')
      return { state: 'computed', source: sourceOf(current, name), by: 'structured value' };
    const target = graph.nodes.get(value.link.node);
    if (!target) return { state: 'computed', source: sourceOf(current, name), by: `missing node ${value.link.node}` };
    const next = chosenBranch(graph, target) ?? constantInput(target, value.link.slot);
    if (!next) return { state: 'computed', source: sourceOf(target, '*'), by: target.classType };
    current = target;
    name = next;
  }
  return { state: 'computed', source: sourceOf(current, name), by: 'a chain of constant nodes too long to follow' };
}

/** Which input of a constant-like node carries its output value, or null if the node computes its output. */
function constantInput(node: ComfyNode, slot: number): string | null {
  if (COMPUTING.test(node.classType)) return null;
  const keys = [...node.inputs.keys()];
  const linked = keys.filter((k) => node.inputs.get(k)!.kind === 'link');
  // A pass-through (Reroute, "Anything Everywhere") forwards its one link unchanged.
  if (linked.length === 1 && keys.length === 1) return linked[0]!;
  if (linked.length > 0) return null;
  const candidates = keys.filter((k) => VALUE_KEYS.includes(k));
  if (candidates.length === 0 && keys.length === 1) return keys[0]!;
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1 && slot < keys.length && VALUE_KEYS.includes(keys[slot]!)) return keys[slot]!;
  return candidates[0] ?? null;
}

export function asNumber(r: Resolved): number | null {
  if (r.state !== 'value') return null;
  if (typeof r.value === 'number') return Number.isFinite(r.value) ? r.value : null;
  if (typeof r.value === 'string' && /^-?\d+(\.\d+)?$/.test(r.value.trim())) return Number(r.value);
  return null;
}

/** The decimal text of an integer value (seeds); beyond 2^53 the lossless parser already gave a string. */
export function asIntegerText(r: Resolved): string | null {
  if (r.state !== 'value') return null;
  if (typeof r.value === 'number' && Number.isInteger(r.value)) return String(r.value);
  if (typeof r.value === 'string' && /^-?\d+$/.test(r.value.trim())) return r.value.trim();
  return null;
}

export function asText(r: Resolved): string | null {
  if (r.state !== 'value') return null;
  if (typeof r.value === 'string') return r.value;
  if (typeof r.value === 'number' || typeof r.value === 'boolean') return String(r.value);
  return null;
}

/**
 * A switch node (core ComfySwitchNode, and custom ones shaped like it: `switch`/`boolean` plus `on_true` /
 * `on_false`) forwards one input. When the switch value is a literal we know which; otherwise null.
 */
export function chosenBranch(graph: ComfyGraph, node: ComfyNode): string | null {
  if (!node.inputs.has('on_true') || !node.inputs.has('on_false')) return null;
  const key = ['switch', 'boolean', 'condition', 'select'].find((k) => node.inputs.has(k));
  if (!key) return null;
  const r = resolveValue(graph, node, key);
  if (r.state !== 'value' || typeof r.value !== 'boolean') return null;
  return r.value ? 'on_true' : 'on_false';
}
