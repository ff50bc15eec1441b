// Civitai's on-site generator stores, beside the graph nodes, `extraMetadata`: a JSON string with the request
// as the user made it (prompt, negativePrompt, cfgScale, sampler "Euler a", steps, seed, width, height,
// baseModel, clipSkip, transformations). An upscale-only job (sdm_jpg_civitai-upscale.jpg) has a graph with no
// sampler at all; the request is then the only record of how the upscaled image was generated.
import type { GeneratorId } from '../../../shared/tuple';
import { isJsonObject, parseLosslessJson } from '../lossless-json';
import { jsonString, jsonText, parseInteger, TupleBuilder } from '../tuple-builder';
import type { FoundGraph } from './graph-sources';

export function civitaiExtraMetadata(found: FoundGraph, generator: GeneratorId): TupleBuilder | null {
  const raw = found.envelope?.['extraMetadata'];
  if (typeof raw !== 'string') return null;
  const parsed = parseLosslessJson(raw);
  if (!parsed.ok || !isJsonObject(parsed.value)) return null;
  const meta = parsed.value;
  const source = `${found.source}#extraMetadata`;
  const b = new TupleBuilder(generator, source);
  b.setCoreFromJson(meta, {
    prompt: 'prompt',
    negativePrompt: 'negativePrompt',
    seed: 'seed',
    steps: 'steps',
    cfg: 'cfgScale',
    width: 'width',
    height: 'height',
  });
  b.set('model', jsonString(meta['baseModel']));
  b.setSampler(jsonString(meta['sampler']), null);
  b.setDeterminism('clipSkip', parseInteger(meta['clipSkip']));
  const used = new Set([
    'prompt',
    'negativePrompt',
    'seed',
    'steps',
    'cfgScale',
    'width',
    'height',
    'baseModel',
    'sampler',
    'clipSkip',
  ]);
  for (const [key, value] of Object.entries(meta)) {
    if (!used.has(key)) b.extra(`civitai.${key}`, jsonText(value));
  }
  for (const node of found.graph.nodes.values()) {
    const name = node.inputs.get('model_name');
    if (node.classType === 'UpscaleModelLoader' && name?.kind === 'literal' && typeof name.value === 'string') {
      b.addPostprocess({ kind: 'upscale', name: name.value, settings: { node: node.id } });
    }
  }
  return b;
}
