// The whole API graph read as one tuple: every sampler becomes a pass (ordered upstream first: base, then
// refiner / hires passes that continue its latent), and the tuple's top-level values come from the primary
// pass, the first whose latent is an Empty*Latent* (Civitai's rule), else the first pass. A value that is
// produced at run time is never shown as a value: its origin says `computed`.
import type { Adapter, GeneratorId, PassRole, ValueOrigin } from '../../../shared/tuple';
import { TupleBuilder, type ScalarField } from '../tuple-builder';
import { embeddingsIn, traceConditioning, type ConditioningTrace } from './conditioning';
import type { ComfyGraph, ComfyNode } from './graph';
import { traceLatent, type LatentTrace } from './latent';
import { traceModel, type ModelChain } from './model-chain';
import { isSamplerNode, readSampler, type Field, type SamplerReading } from './sampler-pass';
import { asNumber, asText, resolveValue, sourceOf } from './values';

interface Pass {
  reading: SamplerReading;
  latent: LatentTrace;
  chain: ModelChain;
  positive: ConditioningTrace;
  negative: ConditioningTrace;
  order: number;
  depth: number;
  width: number | null;
  height: number | null;
  role: PassRole;
}

export interface GraphReading {
  builder: TupleBuilder;
  warnings: string[];
}

/** Reads the graph into a tuple builder; null when the graph has no sampler node at all. */
export function readComfyGraph(graph: ComfyGraph, generator: GeneratorId, graphSource: string): GraphReading | null {
  const warnings: string[] = [];
  const samplerNodes = graph.order.map((id) => graph.nodes.get(id)!).filter(isSamplerNode);
  if (samplerNodes.length === 0) return null;
  const ids = new Set(samplerNodes.map((n) => n.id));
  const passes: Pass[] = samplerNodes.map((node, order) => {
    const reading = readSampler(graph, node);
    return {
      reading,
      latent: traceLatent(graph, reading.latent, ids, warnings),
      chain: traceModel(graph, reading.model, warnings),
      positive: traceConditioning(graph, reading.positive, warnings),
      negative: traceConditioning(graph, reading.negative, warnings),
      order,
      depth: 0,
      width: null,
      height: null,
      role: 'other',
    };
  });
  orderPasses(passes);
  const primary = passes.find((p) => p.latent.origin === 'empty') ?? passes[0]!;
  assignRoles(passes, primary);
  const builder = new TupleBuilder(generator, graphSource);
  builder.set('software', { name: 'ComfyUI', version: null });
  setPrimary(builder, primary);
  addAdapters(builder, passes, primary);
  for (const pass of passes) addPass(builder, pass);
  readGraphWide(graph, builder);
  builder.extra('comfy.samplers', String(passes.length));
  for (const [key, value] of Object.entries(primary.latent.inputs)) builder.extra(key, value);
  return { builder, warnings };
}

/** Upstream passes first: a pass whose latent continues another's comes after it; ties keep file order. */
function orderPasses(passes: Pass[]): void {
  const byId = new Map(passes.map((p) => [p.reading.node.id, p]));
  for (const pass of passes) {
    let depth = 0;
    const seen = new Set<string>([pass.reading.node.id]);
    for (let from = pass.latent.fromSampler; from && !seen.has(from); from = byId.get(from)?.latent.fromSampler ?? null) {
      seen.add(from);
      depth++;
    }
    pass.depth = depth;
  }
  passes.sort((a, b) => a.depth - b.depth || a.order - b.order);
  for (const pass of passes) {
    pass.width = pass.latent.width.value;
    pass.height = pass.latent.height.value;
    const source = pass.latent.fromSampler ? byId.get(pass.latent.fromSampler) : undefined;
    // A latent that continues another pass without leaving latent space keeps its size (times any scale_by).
    if (source && pass.latent.origin === 'sampler' && pass.width === null && !pass.latent.width.computed) {
      pass.width = source.width === null ? null : Math.round(source.width * pass.latent.scale);
      pass.height = source.height === null ? null : Math.round(source.height * pass.latent.scale);
    }
  }
}

function assignRoles(passes: Pass[], primary: Pass): void {
  for (const pass of passes) {
    const start = pass.reading.settings['start_at_step'];
    if (pass === primary) pass.role = 'base';
    else if (!pass.latent.fromSampler) pass.role = 'other';
    else if (typeof start === 'number' && start > 0 && !pass.latent.upscaled) pass.role = 'refiner';
    else if (pass.latent.upscaled || pass.latent.origin === 'img2img') pass.role = 'hires';
    else pass.role = 'other';
  }
}

function origin<T>(f: Field<T>): ValueOrigin {
  return f.computed ? { source: f.source ?? 'comfy:prompt', computed: true } : { source: f.source ?? 'comfy:prompt' };
}

function setField<K extends ScalarField>(builder: TupleBuilder, name: K, f: Field<unknown>, value: unknown): void {
  if (f.computed) builder.tuple.origins[name] = origin(f);
  else if (value !== null && value !== undefined) builder.set(name, value as never, origin(f));
}

function setPrimary(builder: TupleBuilder, pass: Pass): void {
  const r = pass.reading;
  setField(builder, 'seed', r.seed, r.seed.value);
  if (r.sampler.computed) builder.tuple.origins['sampler'] = origin(r.sampler);
  if (r.scheduler.computed) builder.tuple.origins['scheduler'] = origin(r.scheduler);
  builder.setSampler(r.sampler.value, r.scheduler.value, origin(r.sampler), origin(r.scheduler));
  setField(builder, 'steps', r.steps, r.steps.value);
  setField(builder, 'cfg', r.cfg, r.cfg.value);
  const w = pass.latent.width;
  const h = pass.latent.height;
  setField(builder, 'width', { value: pass.width, source: w.source, computed: w.computed }, pass.width);
  setField(builder, 'height', { value: pass.height, source: h.source, computed: h.computed }, pass.height);
  if (pass.chain.modelComputed) builder.tuple.origins['model'] = { source: pass.chain.modelSource ?? 'comfy:prompt', computed: true };
  else builder.set('model', pass.chain.model, pass.chain.modelSource ?? builder.source);
  setText(builder, 'prompt', pass.positive);
  setText(builder, 'negativePrompt', pass.negative);
  if (pass.latent.origin === 'img2img') builder.extra('comfy.latent', 'img2img (VAEEncode): the generation size is the input image size');
  const guidance = pass.positive.guidance;
  if (guidance !== null) builder.extra('guidance', String(guidance));
}

/** Several encoders joined by ConditioningCombine become one text, one per line, in input order. */
function setText(builder: TupleBuilder, field: 'prompt' | 'negativePrompt', trace: ConditioningTrace): void {
  const key = field === 'prompt' ? 'prompt' : 'negative';
  for (const [name, text] of Object.entries(trace.secondary)) builder.extra(`${key}.${name}`, text);
  if (trace.computed.length > 0) {
    builder.tuple.origins[field] = { source: trace.computed[0]!, computed: true };
    if (trace.texts.length > 0) builder.extra(`${key}.literalParts`, trace.texts.map((t) => t.text).join('\n'));
    return;
  }
  if (trace.texts.length === 0) {
    if (trace.zeroed) builder.extra(key, '(conditioning zeroed: ConditioningZeroOut)');
    return;
  }
  builder.set(field, trace.texts.map((t) => t.text).join('\n'), trace.texts[0]!.source);
}

function addAdapters(builder: TupleBuilder, passes: Pass[], primary: Pass): void {
  const seen = new Set<string>();
  const add = (a: Adapter): void => {
    const key = `${a.kind}|${a.source}|${a.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    builder.addAdapter(a);
  };
  for (const pass of [primary, ...passes.filter((p) => p !== primary)]) {
    pass.chain.adapters.forEach(add);
    pass.positive.controlNets.forEach(add);
    pass.negative.controlNets.forEach(add);
    for (const t of [...pass.positive.texts, ...pass.negative.texts]) embeddingsIn(t.text, t.source).forEach(add);
    if (pass !== primary && pass.role === 'refiner' && pass.chain.model && pass.chain.model !== primary.chain.model) {
      add({ kind: 'refiner', name: pass.chain.model, weight: null, hash: null, hashType: null, source: pass.chain.modelSource ?? builder.source });
    }
  }
}

function addPass(builder: TupleBuilder, pass: Pass): void {
  const r = pass.reading;
  const settings: Record<string, string | number | boolean | null> = { ...r.settings, latent: pass.latent.origin };
  // The node's title tells a person which pass is which ("KSampler (Refiner)") when ids are bare numbers.
  if (r.node.title) settings['title'] = r.node.title;
  for (const [k, v] of Object.entries(pass.chain.settings)) settings[`model.${k}`] = v;
  if (pass.positive.guidance !== null) settings['guidance'] = pass.positive.guidance;
  for (const [name, f] of Object.entries({ seed: r.seed, sampler: r.sampler, scheduler: r.scheduler, steps: r.steps, cfg: r.cfg, denoise: r.denoise })) {
    if (f.computed) settings[`${name}.computed`] = f.source;
  }
  if (pass.chain.modelComputed) settings['model.computed'] = pass.chain.modelSource;
  if (pass.latent.width.computed) settings['size.computed'] = pass.latent.width.source;
  builder.addPass({
    role: pass.role,
    node: r.node.id,
    nodeType: r.node.classType,
    model: pass.chain.model,
    sampler: r.sampler.value,
    scheduler: r.scheduler.value,
    steps: r.steps.value,
    cfg: r.cfg.value,
    seed: r.seed.value,
    denoise: r.denoise.value,
    width: pass.width,
    height: pass.height,
    settings,
  });
}

/** Graph-wide settings: VAE override, CLIP skip, upscale models (post-processing). */
function readGraphWide(graph: ComfyGraph, builder: TupleBuilder): void {
  const vaes: ComfyNode[] = [];
  for (const id of graph.order) {
    const node = graph.nodes.get(id)!;
    if (node.classType === 'VAELoader') vaes.push(node);
    else if (node.classType === 'CLIPSetLastLayer') {
      const layer = asNumber(resolveValue(graph, node, 'stop_at_clip_layer'));
      if (layer !== null) builder.setDeterminism('clipSkip', Math.abs(layer), sourceOf(node, 'stop_at_clip_layer'));
    } else if (node.classType === 'UpscaleModelLoader') {
      const name = asText(resolveValue(graph, node, 'model_name'));
      if (name) builder.addPostprocess({ kind: 'upscale', name, settings: { node: node.id } });
    } else if (/FaceDetailer|ADetailer|FaceRestore/i.test(node.classType)) {
      builder.addPostprocess({ kind: /Restore/i.test(node.classType) ? 'face-restore' : 'adetailer', name: node.classType, settings: { node: node.id } });
    }
  }
  if (vaes.length === 1) {
    const name = asText(resolveValue(graph, vaes[0]!, 'vae_name'));
    if (name) builder.setDeterminism('vae', name, sourceOf(vaes[0]!, 'vae_name'));
  }
}
