// The ComfyUI API ("prompt") graph as plain data: node id -> {class_type, inputs}. An input is either a link
// `[node_id, output_slot]` or a literal. Ids are strings and may be "30:3" (subgraphs), "4:4" (group nodes) or
// names ("Sampler", "resource-stack"), so nodes live in a Map, never in an object keyed by id (`__proto__`).
// Numbers keep their exact decimal text: seeds reach 2^64 (ComfyUI KSampler.INPUT_TYPES), above 2^53.

export interface ComfyLink {
  node: string;
  slot: number;
}

export type ComfyLiteral = string | number | boolean | null;

export type ComfyInput =
  | { kind: 'link'; link: ComfyLink }
  | { kind: 'literal'; value: ComfyLiteral; /** exact decimal text of a number */ exact: string | null }
  /** Lists and objects (rgthree Power Lora Loader rows, widget dicts), kept as plain data. */
  | { kind: 'structure'; value: unknown };

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

/** How a parsed JSON value exposes numbers: the parser may hand plain numbers or exact-text wrappers. */
export interface JsonNumberView {
  /** Returns the exact decimal text and the JS number of a JSON number value, or null if `value` is not a number. */
  number(value: unknown): { text: string; value: number } | null;
}

export const plainNumbers: JsonNumberView = {
  number(value) {
    if (typeof value === 'number') return { text: String(value), value };
    if (typeof value === 'bigint') return { text: value.toString(), value: Number(value) };
    return null;
  },
};

export const MAX_NODES = 100_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A link is a two-element array of a node id (string, or an integer in hand-written graphs) and an integer slot. */
function asLink(value: unknown, numbers: JsonNumberView): ComfyLink | null {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [id, slot] = value as [unknown, unknown];
  const slotNum = numbers.number(slot);
  if (!slotNum || !Number.isInteger(slotNum.value) || slotNum.value < 0) return null;
  const idNum = numbers.number(id);
  if (typeof id === 'string') return { node: id, slot: slotNum.value };
  if (idNum && Number.isInteger(idNum.value)) return { node: idNum.text, slot: slotNum.value };
  return null;
}

function toInput(value: unknown, numbers: JsonNumberView): ComfyInput {
  const link = asLink(value, numbers);
  if (link) return { kind: 'link', link };
  const num = numbers.number(value);
  if (num) return { kind: 'literal', value: num.value, exact: num.text };
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) {
    return { kind: 'literal', value, exact: null };
  }
  return { kind: 'structure', value };
}

/** True when `root` looks like an API graph: an object whose entries are mostly {class_type, inputs} nodes. */
export function looksLikeApiGraph(root: unknown): root is Record<string, unknown> {
  if (!isRecord(root)) return false;
  let nodes = 0;
  let seen = 0;
  for (const key of Object.keys(root)) {
    if (++seen > 64) break;
    const node = root[key];
    if (isRecord(node) && typeof node['class_type'] === 'string') nodes++;
  }
  return nodes > 0;
}

/**
 * Builds the graph from a parsed API graph object. Entries that are not nodes (Civitai's `extra`,
 * `extraMetadata`) are skipped with no warning; malformed nodes are reported.
 */
export function buildComfyGraph(root: unknown, numbers: JsonNumberView, warnings: string[]): ComfyGraph | null {
  if (!looksLikeApiGraph(root)) return null;
  const nodes = new Map<string, ComfyNode>();
  const order: string[] = [];
  for (const id of Object.keys(root)) {
    const raw = root[id];
    if (!isRecord(raw) || typeof raw['class_type'] !== 'string') continue;
    if (nodes.size >= MAX_NODES) {
      warnings.push(`ComfyUI graph has more than ${MAX_NODES} nodes; the rest were ignored`);
      break;
    }
    const inputs = new Map<string, ComfyInput>();
    const rawInputs = raw['inputs'];
    if (isRecord(rawInputs)) {
      for (const name of Object.keys(rawInputs)) inputs.set(name, toInput(rawInputs[name], numbers));
    } else if (rawInputs !== undefined) {
      warnings.push(`ComfyUI node ${id} (${raw['class_type']}) has inputs that are not an object`);
    }
    const meta = raw['_meta'];
    const title = isRecord(meta) && typeof meta['title'] === 'string' ? meta['title'] : null;
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
