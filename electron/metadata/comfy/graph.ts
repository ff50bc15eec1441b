// The ComfyUI API ("prompt") graph as plain data: node id -> {class_type, inputs}. An input is either a link
// `[node_id, output_slot]` or a literal. Ids are strings and may be "30:3" (subgraphs), "4:4" (group nodes) or
// names ("Sampler", "resource-stack"), so nodes live in a Map, never in an object keyed by id (`__proto__`).
// Seeds reach 2^64 (ComfyUI KSampler.INPUT_TYPES): the lossless JSON parser hands integers above 2^53 over as
// decimal strings, so a literal is kept exactly as that parser gives it.
import { isJsonObject, type JsonValue } from '../lossless-json';

export interface ComfyLink {
  node: string;
  slot: number;
}

export type ComfyLiteral = string | number | boolean | null;

export type ComfyInput =
  | { kind: 'link'; link: ComfyLink }
  | { kind: 'literal'; value: ComfyLiteral }
  /** Lists and objects (rgthree Power Lora Loader rows, widget dicts), kept as plain data. */
  | { kind: 'structure'; value: JsonValue };

export interface ComfyNode {
  id: string;
  classType: string;
  title: string | null;
  inputs: Map<string, ComfyInput>;
}

export interface ComfyGraph {
  nodes: Map<string, ComfyNode>;
  /** Node ids in the order the file lists them. */
  order: string[];
}

export const MAX_NODES = 100_000;

/** A link is a two-element array of a node id (string, or an integer in hand-written graphs) and an integer slot. */
function asLink(value: JsonValue): ComfyLink | null {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [id, slot] = value as [JsonValue, JsonValue];
  if (typeof slot !== 'number' || !Number.isInteger(slot) || slot < 0) return null;
  if (typeof id === 'string') return { node: id, slot };
  if (typeof id === 'number' && Number.isInteger(id)) return { node: String(id), slot };
  return null;
}

function toInput(value: JsonValue): ComfyInput {
  const link = asLink(value);
  if (link) return { kind: 'link', link };
  if (typeof value === 'object' && value !== null) return { kind: 'structure', value };
  return { kind: 'literal', value };
}

/** True when `root` looks like an API graph: an object whose first entries include {class_type, inputs} nodes. */
export function looksLikeApiGraph(root: JsonValue): root is { [key: string]: JsonValue } {
  if (!isJsonObject(root)) return false;
  let seen = 0;
  for (const key of Object.keys(root)) {
    if (++seen > 64) break;
    const node = root[key];
    if (isJsonObject(node) && typeof node['class_type'] === 'string') return true;
  }
  return false;
}

/**
 * Builds the graph from a parsed API graph object. Entries that are not nodes (Civitai's `extra`,
 * `extraMetadata`) are skipped with no warning; malformed nodes are reported.
 */
export function buildComfyGraph(root: JsonValue, warnings: string[]): ComfyGraph | null {
  if (!looksLikeApiGraph(root)) return null;
  const nodes = new Map<string, ComfyNode>();
  const order: string[] = [];
  for (const id of Object.keys(root)) {
    const raw = root[id];
    if (!isJsonObject(raw) || typeof raw['class_type'] !== 'string') continue;
    if (nodes.size >= MAX_NODES) {
      warnings.push(`ComfyUI graph has more than ${MAX_NODES} nodes; the rest were ignored`);
      break;
    }
    const inputs = new Map<string, ComfyInput>();
    const rawInputs = raw['inputs'];
    if (isJsonObject(rawInputs)) {
      for (const name of Object.keys(rawInputs)) inputs.set(name, toInput(rawInputs[name]!));
    } else if (rawInputs !== undefined) {
      warnings.push(`ComfyUI node ${id} (${raw['class_type']}) has inputs that are not an object`);
    }
    const meta = raw['_meta'];
    const title = isJsonObject(meta) && typeof meta['title'] === 'string' ? meta['title'] : null;
    nodes.set(id, { id, classType: raw['class_type'], title, inputs });
    order.push(id);
  }
  return { nodes, order };
}

export function inputLink(node: ComfyNode, name: string): ComfyLink | null {
  const input = node.inputs.get(name);
  return input?.kind === 'link' ? input.link : null;
}

export function linkedNode(graph: ComfyGraph, node: ComfyNode, name: string): ComfyNode | null {
  const link = inputLink(node, name);
  return link ? (graph.nodes.get(link.node) ?? null) : null;
}

/**
 * Walks one input chain upstream from `start` (a sampler's latent, its model): `visit` reads each node and names
 * the link onward, or null to stop. Iterative with a visited set, which bounds the walk by the node count:
 * hostile graphs are 10^4 deep or cyclic (reliability-notes.md). A dangling link or a loop ends the walk with a
 * warning naming the chain.
 */
export function walkUpstream(
  graph: ComfyGraph,
  start: ComfyLink | null,
  chain: string,
  warnings: string[],
  visit: (node: ComfyNode) => ComfyLink | null,
): void {
  const visited = new Set<string>();
  let link = start;
  while (link) {
    const node = graph.nodes.get(link.node);
    if (!node) {
      warnings.push(`ComfyUI ${chain} input links to node ${link.node}, which is not in the graph`);
      return;
    }
    if (visited.has(node.id)) {
      warnings.push(`ComfyUI ${chain} chain loops back to node ${node.id} (${node.classType}); stopped there`);
      return;
    }
    visited.add(node.id);
    link = visit(node);
  }
}
