// Civitai's on-site generator stores, beside the graph nodes, `extraMetadata`: a JSON string with the request
// as the user made it (prompt, negativePrompt, cfgScale, sampler "Euler a", steps, seed, width, height,
// baseModel, clipSkip, transformations). An upscale-only job (sdm_jpg_civitai-upscale.jpg) has a graph with no
// sampler at all; the request is then the only record of how the upscaled image was generated.
import type { GeneratorId } from '../../../shared/tuple';
import { isJsonObject, parseLosslessJson, type JsonValue } from '../lossless-json';
import { parseInteger, parseNumber, parseSeed, TupleBuilder } from '../tuple-builder';
import type { FoundGraph } from './graph-sources';

function str(v: JsonValue | undefined): string | null {
  return typeof v === 'string' ? v : null;
}

export function civitaiExtraMetadata(found: FoundGraph, generator: GeneratorId): TupleBuilder | null {
  const raw = found.envelope?.['extraMetadata'];
  if (typeof raw !== 'string') return null;
  const parsed = parseLosslessJson(raw);
  if (!parsed.ok || !isJsonObject(parsed.value)) return null;
  const meta = parsed.value;
  const source = `${found.source}#extraMetadata`;
  const b = new TupleBuilder(generator, source);
  b.set('prompt', str(meta['prompt']));
  b.set('negativePrompt', str(meta['negativePrompt']));
  b.set('seed', parseSeed(meta['seed']));
  b.set('steps', parseInteger(meta['steps']));
  b.set('cfg', parseNumber(meta['cfgScale']));
  b.set('width', parseInteger(meta['width']));
  b.set('height', parseInteger(meta['height']));
  b.set('model', str(meta['baseModel']));
  b.setSampler(str(meta['sampler']), null);
  b.setDeterminism('clipSkip', parseInteger(meta['clipSkip']));
  const used = new Set(['prompt', 'negativePrompt', 'seed', 'steps', 'cfgScale', 'width', 'height', 'baseModel', 'sampler', 'clipSkip']);
  for (const [key, value] of Object.entries(meta)) {
    if (!used.has(key)) b.extra(`civitai.${key}`, typeof value === 'string' ? value : JSON.stringify(value));
  }
  for (const node of found.graph.nodes.values()) {
    const name = node.inputs.get('model_name');
    if (node.classType === 'UpscaleModelLoader' && name?.kind === 'literal' && typeof name.value === 'string') {
      b.addPostprocess({ kind: 'upscale', name: name.value, settings: { node: node.id } });
    }
  }
  return b;
}
