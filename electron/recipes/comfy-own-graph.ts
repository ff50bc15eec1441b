// A ComfyUI image's own API graph as its recipe: the graph that ran, with every seed fixed. The API graph
// holds widget values only, but some savers and custom nodes carry the front end's seed controls
// ("control_after_generate": "randomize") as inputs, and a seed can come from a node that draws a new one per
// run; both are replaced by the seed the image records, so queueing the recipe twice gives the same latent.
import type { GenerationTuple } from '../../shared/tuple';
import { isJsonObject, type JsonObject, type JsonValue } from '../metadata/lossless-json';
import { isCoreComfyNode } from '../metadata/comfy/core-nodes';
import type { RecipeWarnings } from './recipe-warnings';
import { seedValue } from './recipe-json';

const SEED_CONTROL = /^control_(after|before)_generate$/;
const SEED_INPUTS = ['seed', 'noise_seed'];

/** Copies the graph's node entries; keys that are not nodes (Civitai's `extra`, `extraMetadata`) are left out. */
function nodesOf(graph: JsonObject, warnings: RecipeWarnings): JsonObject {
  const out: JsonObject = {};
  const dropped: string[] = [];
  for (const id of Object.keys(graph)) {
    const node = graph[id];
    if (isJsonObject(node) && typeof node['class_type'] === 'string') out[id] = structuredClone(node);
    else dropped.push(id);
  }
  if (dropped.length > 0)
    warnings.add(
      'adapted',
      `left out ${dropped.map((k) => `"${k}"`).join(', ')}: not nodes, and ComfyUI's /prompt accepts only nodes`,
    );
  return out;
}

function inputsOf(node: JsonValue | undefined): JsonObject | null {
  return isJsonObject(node) && isJsonObject(node['inputs']) ? node['inputs'] : null;
}

function removeSeedControls(nodes: JsonObject, warnings: RecipeWarnings): void {
  for (const id of Object.keys(nodes)) {
    const inputs = inputsOf(nodes[id]);
    if (!inputs) continue;
    for (const key of Object.keys(inputs)) {
      if (!SEED_CONTROL.test(key)) continue;
      warnings.add(
        'seed-control-removed',
        `node ${id}: removed ${key} = ${JSON.stringify(inputs[key])} so the seed stays fixed`,
      );
      delete inputs[key];
    }
  }
}

/** Where a sampler's seed lives: the sampler itself (KSampler), or the RandomNoise node it links to (SamplerCustomAdvanced). */
function seedHolder(nodes: JsonObject, nodeId: string): { inputs: JsonObject; key: string; id: string } | null {
  const inputs = inputsOf(nodes[nodeId]);
  if (!inputs) return null;
  const key = SEED_INPUTS.find((k) => k in inputs);
  if (key) return { inputs, key, id: nodeId };
  const noise = inputs['noise'];
  if (Array.isArray(noise) && typeof noise[0] === 'string') {
    const noiseInputs = inputsOf(nodes[noise[0]]);
    const noiseKey = noiseInputs ? SEED_INPUTS.find((k) => k in noiseInputs) : undefined;
    if (noiseInputs && noiseKey) return { inputs: noiseInputs, key: noiseKey, id: noise[0] };
  }
  return null;
}

/** Every sampling pass's seed written as a literal on its node: a link to a seed-drawing node becomes the recorded value. */
function fixSeeds(nodes: JsonObject, tuple: GenerationTuple, warnings: RecipeWarnings): void {
  for (const pass of tuple.passes) {
    if (!pass.node) continue;
    const holder = seedHolder(nodes, pass.node);
    if (!holder) continue;
    const current = holder.inputs[holder.key];
    if (!Array.isArray(current)) continue;
    if (pass.seed !== null && /^\d+$/.test(pass.seed)) {
      holder.inputs[holder.key] = seedValue(pass.seed);
      warnings.add(
        'adapted',
        `node ${holder.id}: ${holder.key} came from node ${String(current[0])}; written as the recorded seed ${pass.seed} so it cannot change between runs`,
      );
    } else {
      warnings.add(
        'computed-value',
        `node ${holder.id}: ${holder.key} comes from node ${String(current[0])}, which produces it at run time; the seed that ran is not recorded, so each run may differ`,
      );
    }
  }
}

function customNodeWarnings(nodes: JsonObject, warnings: RecipeWarnings): void {
  const custom = new Map<string, string[]>();
  for (const id of Object.keys(nodes)) {
    const node = nodes[id] as JsonObject;
    const type = node['class_type'] as string;
    if (!isCoreComfyNode(type)) custom.set(type, [...(custom.get(type) ?? []), id]);
  }
  for (const [type, ids] of custom) {
    warnings.add(
      'custom-node',
      `${type} (node ${ids.join(', ')}) is a custom node: install it to run this graph; Seedscope cannot tell how it changes the pixels`,
    );
  }
}

export function ownGraphRecipeBody(graph: JsonObject, tuple: GenerationTuple, warnings: RecipeWarnings): JsonObject {
  const nodes = nodesOf(graph, warnings);
  removeSeedControls(nodes, warnings);
  fixSeeds(nodes, tuple, warnings);
  customNodeWarnings(nodes, warnings);
  return nodes;
}
