// Walking a sampler's `latent_image` upstream: an Empty*Latent* node gives the generation size (txt2img), a
// VAEEncode means img2img (the size lives in the input pixels), another sampler's output means this pass
// continues that one (refiner, hires fix), possibly through LatentUpscale / LatentUpscaleBy or, for a pixel-space
// hires fix, VAEDecode -> ImageUpscaleWithModel -> VAEEncode.
import { walkUpstream, type ComfyGraph, type ComfyLink, type ComfyNode } from './graph';
import { asNumber, asText, resolveValue, sourceOf } from './values';

export type LatentOrigin = 'empty' | 'img2img' | 'sampler' | 'unknown';

export interface SizeValue {
  value: number | null;
  source: string | null;
  computed: boolean;
}

export interface LatentTrace {
  origin: LatentOrigin;
  width: SizeValue;
  height: SizeValue;
  /** Set when the latent comes (maybe through upscales) out of another sampler. */
  fromSampler: string | null;
  /** Product of LatentUpscaleBy factors met before any explicit size. */
  scale: number;
  /** Went through pixel space (VAEDecode ... VAEEncode) or a latent upscale on the way. */
  upscaled: boolean;
  /** img2img inputs: LoadImage file names and their is_changed hashes (the img2img parent). */
  inputs: Record<string, string>;
}

// EmptyLatentImageFromPresetsSDXL `preset`, rgthree "SDXL Empty Latent Image" `dimensions` ("1344 x 768 (landscape)").
const PRESET_KEYS = ['preset', 'dimensions', 'resolution'];
// LatentComposite / ImageCompositeMasked: the canvas (`samples_to`, `destination`) sets the size; what is pasted
// onto it is a further base pass (output-chain.ts).
const PIXEL_KEYS = [
  'pixels',
  'image',
  'images',
  'samples',
  'latent',
  'latent_image',
  'samples_to',
  'destination',
  'source',
];

function unset(): SizeValue {
  return { value: null, source: null, computed: false };
}

export function traceLatent(
  graph: ComfyGraph,
  start: ComfyLink | null,
  samplers: Set<string>,
  warnings: string[],
): LatentTrace {
  const out: LatentTrace = {
    origin: 'unknown',
    width: unset(),
    height: unset(),
    fromSampler: null,
    scale: 1,
    upscaled: false,
    inputs: {},
  };
  walkUpstream(graph, start, 'latent', warnings, (node) => {
    if (samplers.has(node.id)) {
      out.origin = out.origin === 'img2img' ? 'img2img' : 'sampler';
      out.fromSampler = node.id;
      return null;
    }
    if (node.classType === 'LoadImage' || node.inputs.get('image')?.kind === 'literal') {
      readLoadImage(node, out);
      out.origin = 'img2img';
      return null;
    }
    if (/VAEEncode|InpaintModelConditioning/i.test(node.classType)) {
      out.origin = 'img2img';
    }
    if (isEmptyLatent(node)) {
      readSize(graph, node, out);
      out.origin = out.origin === 'img2img' ? 'img2img' : 'empty';
      return null;
    }
    readResize(graph, node, out);
    return nextLatentLink(node);
  });
  return out;
}

function isEmptyLatent(node: ComfyNode): boolean {
  if (/Empty.*Latent|Latent.*Empty/i.test(node.classType)) return true;
  const hasSize =
    (node.inputs.has('width') && node.inputs.has('height')) || PRESET_KEYS.some((k) => node.inputs.has(k));
  return hasSize && node.inputs.has('batch_size') && nextLatentLink(node) === null;
}

function nextLatentLink(node: ComfyNode): ComfyLink | null {
  for (const key of PIXEL_KEYS) {
    const input = node.inputs.get(key);
    if (input?.kind === 'link') return input.link;
  }
  return null;
}

function setSize(out: LatentTrace, which: 'width' | 'height', graph: ComfyGraph, node: ComfyNode, key: string): void {
  if (out[which].value !== null || out[which].computed) return;
  const r = resolveValue(graph, node, key);
  if (r.state === 'computed') out[which] = { value: null, source: r.source, computed: true };
  else if (r.state === 'value') {
    const v = asNumber(r);
    out[which] = { value: v === null ? null : Math.round(v * out.scale), source: r.source, computed: false };
  }
}

function readSize(graph: ComfyGraph, node: ComfyNode, out: LatentTrace): void {
  if (node.inputs.has('width') && node.inputs.has('height')) {
    setSize(out, 'width', graph, node, 'width');
    setSize(out, 'height', graph, node, 'height');
    return;
  }
  const key = PRESET_KEYS.find((k) => node.inputs.has(k)) ?? 'preset';
  const r = resolveValue(graph, node, key);
  const match = /(\d+)\s*[x×*]\s*(\d+)/i.exec(asText(r) ?? '');
  const source = sourceOf(node, key);
  if (match && out.width.value === null) {
    out.width = { value: Math.round(Number(match[1]) * out.scale), source, computed: false };
    out.height = { value: Math.round(Number(match[2]) * out.scale), source, computed: false };
  } else if (r.state === 'computed') {
    out.width = { value: null, source, computed: true };
    out.height = { value: null, source, computed: true };
  }
}

function readResize(graph: ComfyGraph, node: ComfyNode, out: LatentTrace): void {
  if (/Upscale|Scale|Resize/i.test(node.classType)) out.upscaled = true;
  if (out.width.value !== null) return;
  const upstream = ['samples', 'image', 'pixels'].some((k) => node.inputs.get(k)?.kind === 'link');
  // LatentUpscale (samples) and ImageScale (image) set the size the next sampler works at.
  if (node.inputs.has('width') && node.inputs.has('height') && upstream) {
    setSize(out, 'width', graph, node, 'width');
    setSize(out, 'height', graph, node, 'height');
    // LatentUpscale with width/height 0 keeps the aspect ratio: the size is then not known from the graph.
    if (out.width.value === 0) out.width = unset();
    if (out.height.value === 0) out.height = unset();
  } else if (node.inputs.has('scale_by') && upstream) {
    const factor = asNumber(resolveValue(graph, node, 'scale_by'));
    if (factor !== null) out.scale *= factor;
  }
}

function readLoadImage(node: ComfyNode, out: LatentTrace): void {
  const image = node.inputs.get('image');
  if (image?.kind === 'literal' && typeof image.value === 'string') out.inputs[`input.${node.id}.image`] = image.value;
  const changed = node.inputs.get('is_changed');
  if (changed?.kind === 'structure' && Array.isArray(changed.value) && typeof changed.value[0] === 'string') {
    out.inputs[`input.${node.id}.sha256`] = changed.value[0];
  } else if (changed?.kind === 'literal' && typeof changed.value === 'string') {
    out.inputs[`input.${node.id}.sha256`] = changed.value;
  }
}
