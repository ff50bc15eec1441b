// Test fixtures from real ComfyUI graphs: the API graph of a corpus file as plain JSON to edit, and new files
// carrying an edited graph the way ComfyUI writes it (PNG tEXt `prompt`) or the way XMP savers do.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { withPngTextChunks } from '../containers/png-write';
import { readContainers } from '../containers/read-containers';

export const CORPUS = process.env['SEEDSCOPE_CORPUS'] ?? path.resolve(__dirname, '../../../../../shared/corpus');

export type ApiGraph = Record<
  string,
  { class_type: string; inputs: Record<string, unknown>; _meta?: { title: string } }
>;

/** The `prompt` graph a corpus file carries, parsed (the corpus graphs' seeds all fit in a double). */
export function corpusGraph(file: string): ApiGraph {
  const sources = readContainers(readFileSync(path.join(CORPUS, file)));
  const item = sources.texts.find((t) => t.key === 'prompt');
  if (!item) throw new Error(`${file}: no ComfyUI prompt graph`);
  return JSON.parse(item.text) as ApiGraph;
}

/** The same graph with node ids renamed (links follow), keys in the order of `order` when given. */
export function renamedNodes(graph: ApiGraph, rename: Record<string, string>, order?: string[]): ApiGraph {
  const to = (id: string): string => rename[id] ?? id;
  const out: ApiGraph = {};
  const ids = order ?? Object.keys(graph);
  for (const id of ids) {
    const node = graph[id]!;
    const inputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node.inputs))
      inputs[k] = Array.isArray(v) && v.length === 2 && typeof v[1] === 'number' ? [to(String(v[0])), v[1]] : v;
    out[to(id)] = { ...node, inputs };
  }
  return out;
}

export const REFINER = 'comfyui/cex_sdxl_sdxl_refiner_prompt_example.png';

/** The refiner graph turned into a noisy latent composition (ComfyUI_examples "noisy latent composition"): a
 *  background and a subject pass from noise, LatentComposite, then one pass that finishes the composite. */
export function noisyLatentComposite(): ApiGraph {
  const g = corpusGraph(REFINER);
  const base = g['10']!;
  return {
    bg: { class_type: 'KSamplerAdvanced', inputs: { ...base.inputs, noise_seed: 111, model: ['4', 0] } },
    ...g,
    subject_text: { class_type: 'CLIPTextEncode', inputs: { text: 'a red fox', clip: ['4', 1] } },
    subject_latent: { class_type: 'EmptyLatentImage', inputs: { width: 512, height: 512, batch_size: 1 } },
    subject: {
      class_type: 'KSamplerAdvanced',
      inputs: {
        ...base.inputs,
        noise_seed: 222,
        steps: 25,
        positive: ['subject_text', 0],
        latent_image: ['subject_latent', 0],
      },
    },
    composite: {
      class_type: 'LatentComposite',
      inputs: { x: 256, y: 256, feather: 0, samples_to: ['bg', 0], samples_from: ['subject', 0] },
    },
    '11': { ...g['11']!, inputs: { ...g['11']!.inputs, latent_image: ['composite', 0] } },
    '10': { ...base, inputs: { ...base.inputs, latent_image: ['5', 0] } },
  };
}

/** A small PNG (flat colour) carrying `graph` as ComfyUI's SaveImage writes it: tEXt `prompt`. */
export async function pngWithGraph(graph: ApiGraph): Promise<Buffer> {
  const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#3a6ea5' } })
    .png()
    .toBuffer();
  return withPngTextChunks(png, [{ keyword: 'prompt', text: JSON.stringify(graph) }]);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An XMP packet as the ComfyUI frontend expects it: `comfy:prompt` an attribute, `comfy:workflow` an element. */
export function comfyXmpPacket(
  prompt: string,
  workflow: string,
  namespace = 'https://github.com/Comfy-Org/ComfyUI',
  prefix = 'comfy',
): string {
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    `  <rdf:Description rdf:about="" xmlns:${prefix}="${namespace}" ${prefix}:prompt="${escapeXml(prompt)}">`,
    `   <${prefix}:workflow>${escapeXml(workflow)}</${prefix}:workflow>`,
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}
