// Tensor.Art (metadata-formats.md §2.13): tEXt `generation_data` JSON (the request: seed "-1" when random,
// a trailing NUL, baseModel {modelFileId, hash = full SHA256}) plus the ComfyUI `prompt` graph that actually ran,
// whose KSampler has the real seed and whose ECHOCheckpointLoaderSimple names a hosted alias
// ("EMS-1401459-EMS.safetensors"). The graph wins; the request's differing values become conflicts.
import type { GenerationTuple } from '../../../shared/tuple';
import { hashTypeOf } from '../a1111/infotext-tuple';
import { isJsonObject, parseLosslessJson, type JsonObject } from '../lossless-json';
import { jsonString, parseInteger, TupleBuilder } from '../tuple-builder';
import type { GeneratorReader, MetadataSources, ReaderResult } from '../types';
import { readComfyFile } from './comfyui';

function requestTuple(data: JsonObject, source: string): TupleBuilder {
  const b = new TupleBuilder('tensorart', source);
  b.set('software', { name: 'Tensor.Art', version: null });
  // The request keys are Civitai's (comfy/civitai-extra.ts): both sites take the same web-UI request shape.
  b.setCoreFromJson(data, {
    prompt: 'prompt',
    negativePrompt: 'negativePrompt',
    seed: 'seed',
    steps: 'steps',
    cfg: 'cfgScale',
    width: 'width',
    height: 'height',
  });
  b.setSampler(jsonString(data['samplerName']), jsonString(data['schedule']) ?? jsonString(data['scheduler']));
  b.setDeterminism('clipSkip', parseInteger(data['clipSkip']));
  const base = data['baseModel'];
  if (isJsonObject(base)) {
    b.set('model', jsonString(base['modelName']) ?? jsonString(base['label']) ?? jsonString(base['modelFileId']));
    const hash = jsonString(base['hash']);
    if (hash) b.set('modelHash', hash).set('modelHashType', hashTypeOf(hash));
  }
  return b;
}

const COMPARED: Array<keyof GenerationTuple> = ['seed', 'steps', 'cfg', 'width', 'height'];

export const tensorartReader: GeneratorReader = {
  id: 'tensorart',
  read(sources: MetadataSources): ReaderResult | null {
    const item = sources.texts.find((t) => t.key === 'generation_data');
    if (!item) return null;
    // Tensor.Art ends the JSON with a NUL byte.
    const parsed = parseLosslessJson(item.text.replace(/\0+$/, ''));
    const data = parsed.ok && isJsonObject(parsed.value) ? parsed.value : null;
    const warnings: string[] = parsed.ok ? [] : [`${item.source}: Tensor.Art generation_data is ${parsed.error}`];
    const request = data ? requestTuple(data, item.source) : null;
    const graph = readComfyFile(sources, 'tensorart');
    if (!graph || graph.tuple.seed === null) {
      if (!request) return graph ? { ...graph, warnings: [...graph.warnings, ...warnings] } : null;
      return { generator: 'tensorart', tuple: request.build(), warnings: [...warnings, ...(graph?.warnings ?? [])] };
    }
    const tuple = graph.tuple;
    tuple.software = { name: 'Tensor.Art', version: null };
    if (request) {
      const req = request.tuple;
      for (const field of COMPARED) {
        const a = tuple[field];
        const b = req[field];
        if (a === null || b === null || String(a) === String(b)) continue;
        tuple.conflicts.push({
          field,
          values: [
            { value: String(a), source: tuple.origins[field]?.source ?? 'comfy:prompt' },
            { value: String(b), source: item.source },
          ],
          kept: 'the executed ComfyUI graph wins over the request (generation_data seed -1 means "random")',
        });
      }
      if (tuple.modelHash === null && req.modelHash) {
        tuple.modelHash = req.modelHash;
        tuple.modelHashType = req.modelHashType;
        tuple.origins['modelHash'] = { source: `${item.source}#baseModel.hash` };
      }
      if (req.model) tuple.extras['tensorart.baseModel'] = req.model;
    }
    return { generator: 'tensorart', tuple, warnings: [...graph.warnings, ...warnings] };
  },
};
