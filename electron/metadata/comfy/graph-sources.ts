// Where ComfyUI graphs sit in a file (metadata-formats.md §2.2):
// - PNG text `prompt` (core SaveImage; Stability Matrix; Tensor.Art), private `comf` chunk (animated PNG);
// - WebP/JPEG EXIF Model/Make `prompt:{json}` (core WebP saver) or `Prompt: {json}` (Save Image Extended);
// - EXIF UserComment holding a JSON envelope {"prompt": …, "workflow": …} (SaveImage Plus, a TIPO saver) or the
//   graph itself (Civitai on-site, with non-node keys `extra` and `extraMetadata`);
// - XMP (AVIF/WebP/JPEG) `comfy:prompt` beside `comfy:workflow`, namespace https://github.com/Comfy-Org/ComfyUI:
//   the ComfyUI frontend's AVIF loader reads the prompt as an attribute of rdf:Description and the workflow as an
//   element; third-party savers bind the prefix to their own namespace URIs, so any prefix whose URI names comfy.
import type { JsonValue } from '../lossless-json';
import { isJsonObject, parseLosslessJson } from '../lossless-json';
import type { MetadataSources, TextItem } from '../types';
import { xmpProperty } from '../xmp-property';
import { buildComfyGraph, looksLikeApiGraph, type ComfyGraph } from './graph';

export interface FoundGraph {
  graph: ComfyGraph;
  /** Where the graph text was found, e.g. `png:tEXt:prompt`, `exif:Model`, `exif:UserComment`. */
  source: string;
  /** The whole parsed JSON the graph came from (Civitai keeps `extraMetadata` beside the nodes). */
  envelope: { [key: string]: JsonValue } | null;
}

const LABEL = /^\s*prompt:\s*/i;

/** The `prompt` graph text of an XMP packet, under the `comfy` prefix or any prefix bound to a comfy namespace. */
export function xmpComfyPrompt(xmp: string): TextItem | null {
  const prefixes = new Set(['comfy']);
  for (const m of xmp.matchAll(/xmlns:([A-Za-z_][\w.-]*)\s*=\s*["'][^"']*comfy[^"']*["']/gi)) prefixes.add(m[1]!);
  for (const prefix of prefixes) {
    for (const name of [`${prefix}:prompt`, `${prefix}:Prompt`]) {
      const text = xmpProperty(xmp, name);
      if (text !== null && text.trim() !== '') return { source: `xmp:${name}`, key: 'prompt', text };
    }
  }
  return null;
}

function candidates(sources: MetadataSources): Array<{ item: TextItem; json: string }> {
  const out: Array<{ item: TextItem; json: string }> = [];
  const fromXmp = sources.xmp ? xmpComfyPrompt(sources.xmp) : null;
  for (const item of sources.texts) {
    if (item.key === 'prompt') out.push({ item, json: item.text });
    else if (/^exif:/.test(item.source) && item.key !== 'UserComment' && LABEL.test(item.text)) {
      out.push({ item, json: item.text.replace(LABEL, '') });
    } else if (item.key === 'UserComment' && item.text.trimStart().startsWith('{')) out.push({ item, json: item.text });
  }
  if (fromXmp) out.push({ item: fromXmp, json: fromXmp.text });
  return out;
}

/**
 * The first ComfyUI API graph in the file. `warnings` names every candidate item that could not be read (a
 * corrupt or 10^4-deep graph), whether or not a later candidate held a graph.
 */
export function findComfyGraph(sources: MetadataSources): { found: FoundGraph | null; warnings: string[] } {
  const warnings: string[] = [];
  for (const { item, json } of candidates(sources)) {
    if (!json.trimStart().startsWith('{')) {
      // A JSON array where the graph belongs (a 10^6-deep one was dropped without a word, issue #18) is named;
      // plain prompt text that happens to start with `[` (A1111 prompt editing) still passes quietly.
      if (json.trimStart().startsWith('[')) {
        const asArray = parseLosslessJson(json);
        if (asArray.ok)
          warnings.push(`${item.source}: holds a JSON array, not a ComfyUI graph (an object of nodes); ignored`);
        else if (/deeper/.test(asArray.error)) warnings.push(`${item.source}: ComfyUI graph is ${asArray.error}`);
      }
      continue;
    }
    const parsed = parseLosslessJson(json);
    if (!parsed.ok) {
      warnings.push(`${item.source}: ComfyUI graph is ${parsed.error}`);
      continue;
    }
    warnings.push(...parsed.warnings.map((w) => `${item.source}: ${w}`));
    let root: JsonValue = parsed.value;
    const envelope = isJsonObject(root) ? root : null;
    if (envelope && !looksLikeApiGraph(envelope) && envelope['prompt'] !== undefined) {
      const inner = envelope['prompt'];
      // SaveImage Plus nests the graph as an object; other savers nest it as a JSON string.
      if (typeof inner === 'string') {
        const reparsed = parseLosslessJson(inner);
        if (reparsed.ok) root = reparsed.value;
        else warnings.push(`${item.source}: the "prompt" graph inside is ${reparsed.error}`);
      } else root = inner;
    }
    const graph = buildComfyGraph(root, warnings);
    if (graph) return { found: { graph, source: item.source, envelope }, warnings };
  }
  return { found: null, warnings };
}
