// Stability Matrix (Inference tab, ComfyUI backend), metadata-formats.md §2.13: tEXt `prompt` (the executed
// ComfyUI graph, named node ids such as "Sampler"), `parameters` (A1111 text: CRLF, combined sampler "Euler
// Ancestral Karras", 64-hex upper-case SHA256 Model hash, Size = final size), `parameters-json` and `smproj`
// (the project). The graph is what ran; parameters-json adds the model's full SHA256, which the graph lacks.
import { hashTypeOf } from '../a1111/infotext-tuple';
import { isJsonObject, parseLosslessJson } from '../lossless-json';
import type { GeneratorReader, MetadataSources, ReaderResult } from '../types';
import { readComfyFile } from './comfyui';

export const stabilityMatrixReader: GeneratorReader = {
  id: 'stability-matrix',
  read(sources: MetadataSources): ReaderResult | null {
    const json = sources.texts.find((t) => t.key === 'parameters-json');
    if (!json && !sources.texts.some((t) => t.key === 'smproj')) return null;
    const result = readComfyFile(sources, 'stability-matrix');
    if (!result) return null;
    const tuple = result.tuple;
    tuple.software = { name: 'Stability Matrix', version: null };
    const parsed = json ? parseLosslessJson(json.text) : null;
    if (parsed?.ok && isJsonObject(parsed.value)) {
      const hash = parsed.value['ModelHash'];
      if (typeof hash === 'string' && tuple.modelHash === null) {
        tuple.modelHash = hash;
        tuple.modelHashType = hashTypeOf(hash);
        tuple.origins['modelHash'] = { source: `${json!.source}#ModelHash` };
        tuple.origins['modelHashType'] = { source: `${json!.source}#ModelHash` };
      }
    } else if (json && parsed && !parsed.ok) result.warnings.push(`${json.source}: ${parsed.error}`);
    return { ...result, generator: 'stability-matrix' };
  },
};
