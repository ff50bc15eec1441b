// Hugging Face Gradio spaces (e.g. the WAI-illustrious demo) write `parameters` as JSON, not A1111 text:
// {prompt, negative_prompt, resolution "1024 x 1024", guidance_scale, num_inference_steps, seed, sampler
// "DPM++ 2M Karras", Model, "Model hash" (64-hex SHA256, upper case)} (metadata-formats.md §2.13).
import { hashTypeOf } from '../a1111/infotext-tuple';
import { isJsonObject, parseLosslessJson } from '../lossless-json';
import { jsonString, KeyedValues, parseInteger, parseSize, TupleBuilder } from '../tuple-builder';
import type { GeneratorReader, MetadataSources, ReaderResult } from '../types';

export const hfSpaceReader: GeneratorReader = {
  id: 'hf-space',
  read(sources: MetadataSources): ReaderResult | null {
    const item = sources.texts.find((t) => t.key === 'parameters' && t.text.trimStart().startsWith('{'));
    if (!item) return null;
    const parsed = parseLosslessJson(item.text);
    if (!parsed.ok || !isJsonObject(parsed.value)) return null;
    const p = parsed.value;
    if (!('num_inference_steps' in p) || !('guidance_scale' in p)) return null;
    const kv = KeyedValues.fromJson(p);
    const take = (k: string) => kv.takeJson(k);
    const b = new TupleBuilder('hf-space', item.source);
    b.set('software', { name: 'Hugging Face Space', version: null });
    b.setCoreFromJson(kv, {
      prompt: 'prompt',
      negativePrompt: 'negative_prompt',
      seed: 'seed',
      steps: 'num_inference_steps',
      cfg: 'guidance_scale',
    });
    const size = parseSize(take('resolution'));
    if (size) b.set('width', size.width).set('height', size.height);
    else b.set('width', parseInteger(take('width'))).set('height', parseInteger(take('height')));
    b.setSampler(jsonString(take('sampler')), null);
    b.set('model', jsonString(take('Model')) ?? jsonString(take('model')));
    const hash = jsonString(take('Model hash'));
    if (hash) b.set('modelHash', hash).set('modelHashType', hashTypeOf(hash));
    b.keepRest(kv);
    return { generator: 'hf-space', tuple: b.build(), warnings: [] };
  },
};
