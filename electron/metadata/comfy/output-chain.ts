// Which samplers made the saved image. A ComfyUI graph often holds several sampling passes and several outputs
// (cex_flux_flux_kontext_example_comic.webp: seven KSamplers, two SaveImage nodes and a SaveAnimatedWEBP), and
// the same graph is written into every file it saves. So the passes are traced back from the node that saved
// THIS file: through the pixels (VAEDecode, upscales, stitches) to the last sampler, then through each sampler's
// latent input to the pass it continues. That is the sampling chain. Samplers that reach the saved image only
// through conditioning (a reference latent, unCLIP) shape it too and are kept as influences; the rest fed
// another output and are not this file's passes.
import type { ImageFormat } from '../../../shared/tuple';
import type { ComfyGraph, ComfyLink, ComfyNode } from './graph';

export interface OutputChain {
  /** The node that saved this file, or null when the graph has none (an API graph, an unknown saver). */
  saver: ComfyNode | null;
  /** Every sampler upstream of the saved image, each after the passes it depends on (inputs in the node's order). */
  order: string[];
  /** Samplers on the sampling chain itself (pixels and latents), as opposed to conditioning-only influences. */
  chain: Set<string>;
  /** For each chain sampler, the chain samplers its latent continues (hires fix, refiner, latent composite). */
  feeders: Map<string, string[]>;
  /** Samplers that do not reach the saved image (another output's branch). */
  unsaved: string[];
}

/** A sampler's own latent: what it denoises. Detailers (FaceDetailer) take the image instead. */
const LATENT_INPUTS = ['latent_image', 'latent', 'samples', 'image'];

/** Conditioning nodes through which a later pass continues an earlier one rather than merely looking at it:
 *  Stable Cascade's stage B decodes stage C's latent (ComfyUI_examples stable_cascade__text_to_image.png). */
const CONTINUATION_INPUTS: Record<string, string[]> = { StableCascade_StageB_Conditioning: ['stage_c'] };

/** Inputs that carry conditioning (CLIPTextEncode's `clip` does not), and how far up them a continuation is looked for. */
const CONDITIONING_INPUT = /conditioning|positive|negative|^cond/i;
const MAX_CONDITIONING_HOPS = 64;
/** Diamonds double the sum at each level; capped so a hostile lattice stays a number. */
const MAX_WEIGHT = 1e9;

/** Walks are bounded by this many node visits in all, so a hostile graph costs time linear in its size. */
const VISIT_BUDGET = 400_000;

const SAVER = /save|preview/i;
const NOT_AN_IMAGE_SAVER = /latent|checkpoint|lora|model|text|audio|mask/i;

export function isSaverNode(node: ComfyNode): boolean {
  if (!SAVER.test(node.classType) || NOT_AN_IMAGE_SAVER.test(node.classType)) return false;
  return ['images', 'image'].some((k) => node.inputs.get(k)?.kind === 'link');
}

/** The format a saver writes: its own format/extension widget, else its class name (SaveAnimatedWEBP), else PNG
 *  for the core SaveImage / PreviewImage. Null when it cannot be told. */
function saverFormat(node: ComfyNode): ImageFormat | null {
  for (const key of ['extension', 'format', 'file_format', 'file_type', 'output_format', 'image_format']) {
    const input = node.inputs.get(key);
    if (input?.kind === 'literal' && typeof input.value === 'string') return formatNamed(input.value);
  }
  return (
    formatNamed(node.classType) ?? (/^(SaveImage|PreviewImage|SaveAnimatedPNG)$/.test(node.classType) ? 'png' : null)
  );
}

function formatNamed(text: string): ImageFormat | null {
  if (/webp/i.test(text)) return 'webp';
  if (/jpe?g/i.test(text)) return 'jpeg';
  if (/avif/i.test(text)) return 'avif';
  if (/tiff?\b/i.test(text)) return 'tiff';
  if (/gif/i.test(text)) return 'gif';
  if (/png/i.test(text)) return 'png';
  return null;
}

class Walker {
  private visits = 0;
  private readonly chainInputCache = new Map<string, ComfyLink[]>();
  private readonly weights = new Map<string, number>();
  exhausted = false;

  constructor(
    readonly graph: ComfyGraph,
    readonly samplers: Set<string>,
  ) {}

  /** Post-order over everything upstream of `roots` (iterative: hostile graphs are 10^4 deep). `inputsOf` names
   *  the links to follow from a node; samplers are returned after all their inputs, in input order. */
  postOrder(roots: ComfyLink[], inputsOf: (node: ComfyNode) => ComfyLink[]): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const stack: Array<{ node: ComfyNode; next: ComfyLink[] }> = [];
    const push = (link: ComfyLink): void => {
      const node = this.graph.nodes.get(link.node);
      if (!node || seen.has(node.id) || !this.spend()) return;
      seen.add(node.id);
      stack.push({ node, next: inputsOf(node).slice().reverse() });
    };
    for (const root of roots) {
      push(root);
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const link = top.next.pop();
        if (link) push(link);
        else {
          stack.pop();
          if (this.samplers.has(top.node.id)) out.push(top.node.id);
        }
      }
    }
    return out;
  }

  /** The first samplers met upstream of `roots`, not looking past them, in the order met. */
  nearestSamplers(roots: ComfyLink[], inputsOf: (node: ComfyNode) => ComfyLink[]): string[] {
    const found: string[] = [];
    const seen = new Set<string>();
    const queue = [...roots];
    for (let head = 0; head < queue.length; head++) {
      const node = this.graph.nodes.get(queue[head]!.node);
      if (!node || seen.has(node.id) || !this.spend()) continue;
      seen.add(node.id);
      if (this.samplers.has(node.id)) found.push(node.id);
      else queue.push(...inputsOf(node));
    }
    return found;
  }

  /** The links along which a sampler continues earlier passes: its latent, and continuation conditioning found up
   *  its conditioning inputs only (never the CLIP or model chains, which can be thousands of LoRA nodes long). */
  chainInputs(node: ComfyNode): ComfyLink[] {
    const cached = this.chainInputCache.get(node.id);
    if (cached) return cached;
    const latentKey = LATENT_INPUTS.find((k) => node.inputs.get(k)?.kind === 'link');
    const out: ComfyLink[] = latentKey ? [linkOf(node, latentKey)!] : [];
    const queue = ['positive', 'negative', 'guider'].flatMap((k) => linkOf(node, k) ?? []);
    const seen = new Set<string>([node.id]);
    for (let head = 0; head < queue.length && head < MAX_CONDITIONING_HOPS; head++) {
      const current = this.graph.nodes.get(queue[head]!.node);
      if (!current || seen.has(current.id) || this.samplers.has(current.id)) continue;
      seen.add(current.id);
      for (const key of CONTINUATION_INPUTS[current.classType] ?? []) {
        const link = linkOf(current, key);
        if (link) out.push(link);
      }
      for (const [key, input] of current.inputs)
        if (input.kind === 'link' && CONDITIONING_INPUT.test(key)) queue.push(input.link);
    }
    this.chainInputCache.set(node.id, out);
    return out;
  }

  /** How many passes lie behind `root` along the chain: the sum over its inputs (a pass reached along two paths
   *  counts twice, which ranks outputs well enough), memoised over the whole graph so that ranking many savers
   *  (one per pass in some workflows) stays linear in the graph's size. */
  chainWeight(root: ComfyLink): number {
    const frames: Array<{ id: string; next: ComfyLink[]; sum: number }> = [];
    const open = new Set<string>();
    const enter = (id: string): void => {
      const node = this.graph.nodes.get(id);
      if (!node || this.weights.has(id) || open.has(id) || !this.spend()) return;
      open.add(id);
      frames.push({ id, next: this.alongChain(node).slice().reverse(), sum: 0 });
    };
    enter(root.node);
    while (frames.length > 0) {
      const top = frames[frames.length - 1]!;
      const link = top.next.pop();
      if (link) {
        const known = this.weights.get(link.node);
        if (known !== undefined) top.sum = Math.min(MAX_WEIGHT, top.sum + known);
        else enter(link.node);
        continue;
      }
      frames.pop();
      open.delete(top.id);
      const weight = Math.min(MAX_WEIGHT, top.sum + (this.samplers.has(top.id) ? 1 : 0));
      this.weights.set(top.id, weight);
      const parent = frames[frames.length - 1];
      if (parent) parent.sum = Math.min(MAX_WEIGHT, parent.sum + weight);
    }
    return this.weights.get(root.node) ?? 0;
  }

  /** From a sampler only its chain inputs; from any other node (VAEDecode, upscale, stitch, composite) every link. */
  readonly alongChain = (node: ComfyNode): ComfyLink[] =>
    this.samplers.has(node.id) ? this.chainInputs(node) : links(node);

  private spend(): boolean {
    if (++this.visits <= VISIT_BUDGET) return true;
    this.exhausted = true;
    return false;
  }
}

function linkOf(node: ComfyNode, key: string): ComfyLink | null {
  const input = node.inputs.get(key);
  return input?.kind === 'link' ? input.link : null;
}

function links(node: ComfyNode): ComfyLink[] {
  const out: ComfyLink[] = [];
  for (const input of node.inputs.values()) if (input.kind === 'link') out.push(input.link);
  return out;
}

function imageInput(node: ComfyNode): ComfyLink {
  return (linkOf(node, 'images') ?? linkOf(node, 'image'))!;
}

function ranksAbove(a: number[], b: number[]): boolean {
  const i = a.findIndex((v, k) => v !== b[k]);
  return i >= 0 && a[i]! > b[i]!;
}

/**
 * Picks the saver of this file among the graph's savers: one that writes this file's format, a saver over a
 * preview (PreviewImage writes to temp/), then the one with the most passes behind it (an intermediate preview
 * of the base pass has fewer), then file order.
 */
function chooseSaver(walker: Walker, savers: ComfyNode[], format: ImageFormat): ComfyNode | null {
  let best: { saver: ComfyNode; score: number[] } | null = null;
  for (const saver of savers) {
    const weight = walker.chainWeight(imageInput(saver));
    if (weight === 0) continue;
    const written = saverFormat(saver);
    const score = [written === format ? 2 : written === null ? 1 : 0, /preview/i.test(saver.classType) ? 0 : 1, weight];
    if (!best || ranksAbove(score, best.score)) best = { saver, score };
  }
  return best?.saver ?? null;
}

/** Without a saver (an API graph, an unknown saver): of the samplers no other pass continues, the one with the most
 *  passes behind it stands for the output, as chooseSaver would pick; file order breaks ties. */
function chooseSink(walker: Walker, samplerIds: string[]): string | null {
  const fed = new Set(
    samplerIds.flatMap((id) => walker.nearestSamplers(walker.chainInputs(walker.graph.nodes.get(id)!), links)),
  );
  let best: { id: string; weight: number } | null = null;
  for (const id of samplerIds) {
    if (fed.has(id)) continue;
    const weight = walker.chainWeight({ node: id, slot: 0 });
    if (!best || weight > best.weight) best = { id, weight };
  }
  return best?.id ?? null;
}

export function traceOutputChain(
  graph: ComfyGraph,
  samplerIds: string[],
  format: ImageFormat,
  warnings: string[],
): OutputChain {
  const samplers = new Set(samplerIds);
  const walker = new Walker(graph, samplers);
  const savers = graph.order.map((id) => graph.nodes.get(id)!).filter(isSaverNode);
  const saver = chooseSaver(walker, savers, format);
  const sink = saver ? null : chooseSink(walker, samplerIds);
  // Samplers that all continue one another (a cycle) leave no sink: keep them all, in file order.
  const roots: ComfyLink[] = saver
    ? [imageInput(saver)]
    : sink
      ? [{ node: sink, slot: 0 }]
      : samplerIds.map((node) => ({ node, slot: 0 }));
  const order = saver || sink ? walker.postOrder(roots, links) : [...samplerIds];
  const chain = new Set(walker.postOrder(roots, walker.alongChain));
  const feeders = new Map<string, string[]>();
  for (const id of chain)
    feeders.set(
      id,
      walker.nearestSamplers(walker.chainInputs(graph.nodes.get(id)!), links).filter((f) => chain.has(f)),
    );
  if (walker.exhausted)
    warnings.push(`ComfyUI graph is too large to trace past ${VISIT_BUDGET} node visits; the passes may be incomplete`);
  const upstream = new Set(order);
  return { saver, order, chain, feeders, unsaved: samplerIds.filter((id) => !upstream.has(id)) };
}
