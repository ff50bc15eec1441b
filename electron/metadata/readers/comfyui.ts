// ComfyUI (and Civitai's on-site generator, which saves a ComfyUI API graph). The executed API graph is the
// truth; when the file also carries A1111 text from a saver node (comfy-image-saver, SaveImageWithMetadata),
// that text can describe stale widget inputs (sdm_png_comfyui-comfy-image-saver.png: seed 0 vs 106744160813738),
// so the graph wins and every disagreement is recorded in tuple.conflicts.
import { emptyTuple, type GenerationTuple, type GeneratorId } from '../../../shared/tuple';
import { tupleFromA1111Infotext } from '../a1111/infotext-tuple';
import { parseA1111Infotext } from '../a1111/parse-infotext';
import { civitaiExtraMetadata } from '../comfy/civitai-extra';
import { findComfyGraph, type FoundGraph } from '../comfy/graph-sources';
import { readComfyGraph } from '../comfy/graph-tuple';
import type { TupleBuilder } from '../tuple-builder';
import type { GeneratorReader, MetadataSources, ReaderResult, TextItem } from '../types';

function generatorOf(sources: MetadataSources, found: FoundGraph): GeneratorId {
  // Civitai marks on-site images with IFD0 Artist "ai" (civitai isMadeOnSite) and names models by AIR URN.
  if (sources.texts.some((t) => t.key === 'Artist' && t.text.trim() === 'ai')) return 'civitai';
  for (const node of found.graph.nodes.values()) {
    const name = node.inputs.get('ckpt_name');
    if (name?.kind === 'literal' && typeof name.value === 'string' && name.value.startsWith('urn:air:'))
      return 'civitai';
  }
  return 'comfyui';
}

/** Reads the graph of any file that has one; Stability Matrix and Tensor.Art readers build on it too. */
export function readComfyFile(sources: MetadataSources, generator?: GeneratorId): ReaderResult | null {
  const { found, warnings } = findComfyGraph(sources);
  if (!found) {
    if (warnings.length === 0 || sources.texts.some((t) => t.key === 'parameters')) return null;
    // A `prompt` item that is not readable still says "ComfyUI": report it rather than fall through silently.
    return { generator: 'comfyui', tuple: emptyTuple('comfyui'), warnings };
  }
  const id = generator ?? generatorOf(sources, found);
  const reading = readComfyGraph(found.graph, id, found.source, sources.format);
  if (!reading) {
    const fallback = civitaiExtraMetadata(found, id);
    if (fallback) return { generator: id, tuple: fallback.build(), warnings };
    // A saver's A1111 text is then the only record of the settings: leave the file to the A1111 reader.
    if (saverText(sources)) return null;
    warnings.push(`${found.source}: the ComfyUI graph has no sampler node, so it holds no generation settings`);
    return { generator: id, tuple: emptyTuple(id), warnings };
  }
  warnings.push(...reading.warnings);
  compareSaverText(sources, reading.builder);
  return { generator: id, tuple: reading.builder.build(), warnings };
}

const COMPARED: Array<keyof GenerationTuple> = [
  'seed',
  'steps',
  'cfg',
  'samplerId',
  'width',
  'height',
  'model',
  'prompt',
  'negativePrompt',
];

function comparable(field: keyof GenerationTuple, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  // Savers write the model name without its extension ("waiIllustriousSDXL_v160" for …_v160.safetensors).
  if (field === 'model') return text.replace(/\.(safetensors|ckpt|pt|pth|bin|gguf)$/i, '').replace(/^.*[\\/]/, '');
  if (field === 'prompt' || field === 'negativePrompt') return text.trim();
  return text;
}

/** Saver A1111 text in the same file (PNG `parameters`, or an EXIF UserComment that is not JSON). */
function saverText(sources: MetadataSources): TextItem | undefined {
  return sources.texts.find(
    (t) => (t.key === 'parameters' || t.key === 'UserComment') && !t.text.trimStart().startsWith('{'),
  );
}

function compareSaverText(sources: MetadataSources, builder: TupleBuilder): void {
  const item = saverText(sources);
  if (!item) return;
  const info = parseA1111Infotext(item.text);
  if (!info) return;
  const saver = tupleFromA1111Infotext(info, item.source).tuple;
  const graph = builder.tuple;
  for (const field of COMPARED) {
    const a = comparable(field, graph[field]);
    const b = comparable(field, saver[field]);
    if (a === null || b === null || a === b) continue;
    builder.conflict(
      field,
      [
        { value: String(graph[field]), source: graph.origins[field]?.source ?? builder.source },
        { value: String(saver[field]), source: item.source },
      ],
      'the executed ComfyUI graph wins over the saver node text, which can hold stale inputs',
    );
  }
  builder.extra('saverText.source', item.source);
}

export const comfyuiReader: GeneratorReader = {
  id: 'comfyui',
  read: (sources) => readComfyFile(sources),
};
