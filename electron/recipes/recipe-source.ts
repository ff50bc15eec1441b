// What a recipe is built from, read from one image file: its tuple and, when it has one, the ComfyUI API graph
// it carries (the comfyui recipe is that graph). A file that cannot be read, or that records no generation
// parameters, is a RecipeSourceError naming the file and the problem.
import type { GenerationTuple, GeneratorId, ImageFormat } from '../../shared/tuple';
import { ImageFileError, inspectImageFile } from '../images/inspect-image';
import { readImageMetadataBytes } from '../images/read-image-file';
import { findComfyGraph } from '../metadata/comfy/graph-sources';
import { readContainers } from '../metadata/containers/read-containers';
import { isJsonObject, parseLosslessJson, type JsonObject } from '../metadata/lossless-json';
import { looksLikeApiGraph } from '../metadata/comfy/graph';

export interface RecipeSource {
  file: string;
  format: ImageFormat;
  generator: GeneratorId | null;
  tuple: GenerationTuple;
  /** The image's own ComfyUI API graph, as parsed (big integers as decimal strings), or null. */
  comfyGraph: JsonObject | null;
}

export class RecipeSourceError extends Error {
  constructor(
    readonly code: 'no-tuple' | 'unreadable',
    message: string,
  ) {
    super(message);
    this.name = 'RecipeSourceError';
  }
}

export async function readRecipeSource(file: string): Promise<RecipeSource> {
  let report;
  try {
    // Metadata only first (no pixel decode); stealth parameters (A1111/NovelAI) live in the pixels, so a file
    // with no tuple in its metadata is read again with a decode.
    ({ report } = await inspectImageFile(file, { decode: false }));
    if (!report.tuple) ({ report } = await inspectImageFile(file, { decode: true }));
  } catch (err) {
    if (err instanceof ImageFileError) throw new RecipeSourceError('unreadable', err.message);
    throw err;
  }
  if (!report.tuple) {
    throw new RecipeSourceError(
      'no-tuple',
      `${file}: no generation parameters found in the image or beside it, so there is nothing to build a recipe from`,
    );
  }
  return {
    file,
    format: report.format,
    generator: report.generator,
    tuple: report.tuple,
    comfyGraph: await comfyGraphOf(file),
  };
}

/** The API graph object findComfyGraph located, unwrapped from a saver's {"prompt": ...} envelope. */
async function comfyGraphOf(file: string): Promise<JsonObject | null> {
  const sources = readContainers(await readImageMetadataBytes(file));
  const { found } = findComfyGraph(sources);
  if (!found?.envelope) return null;
  if (looksLikeApiGraph(found.envelope)) return found.envelope;
  const inner = found.envelope['prompt'];
  if (typeof inner === 'string') {
    const parsed = parseLosslessJson(inner);
    return parsed.ok && isJsonObject(parsed.value) && looksLikeApiGraph(parsed.value) ? parsed.value : null;
  }
  return isJsonObject(inner) && looksLikeApiGraph(inner) ? inner : null;
}
