// The whole API graph read as one tuple. The passes are the samplers behind the node that saved this file
// (output-chain.ts), and the tuple's top-level values come from the headline pass: on the sampling chain, the
// pass that started from noise (an Empty*Latent*, full denoise, noise added); where the chain merges several
// such passes (latent composite, image stitch), the last of them in execution order. Later passes that continue
// it are listed as A1111 writes them: hires (an upscaled or re-encoded latent, with its denoise and upscale
// factor), refiner (a KSamplerAdvanced resuming at a step, with its switch). A value that is produced at run
// time is never shown as a value: its origin says `computed`.
import type { Adapter, GeneratorId, ImageFormat, PassRole, ValueOrigin } from '../../../shared/tuple';
import { TupleBuilder, type ScalarField } from '../tuple-builder';
import { embeddingsIn, traceConditioning, type ConditioningTrace } from './conditioning';
import type { ComfyGraph, ComfyLink, ComfyNode } from './graph';
import { traceLatent, type LatentTrace } from './latent';
import { traceModel, type ModelChain } from './model-chain';
import { traceOutputChain, type OutputChain } from './output-chain';
import { isSamplerNode, readSampler, type Field, type SamplerReading } from './sampler-pass';
import { asNumber, asText, resolveValue, sourceOf } from './values';

interface Pass {
  reading: SamplerReading;
  latent: LatentTrace;
  chain: ModelChain;
  positive: ConditioningTrace;
  negative: ConditioningTrace;
  /** Chain passes whose latent this one continues. */
  feeders: Pass[];
  onChain: boolean;
  width: number | null;
  height: number | null;
  role: PassRole;
}

export interface GraphReading {
  builder: TupleBuilder;
  warnings: string[];
}

/** Reads the graph into a tuple builder; null when the graph has no sampler node at all. */
export function readComfyGraph(
  graph: ComfyGraph,
  generator: GeneratorId,
  graphSource: string,
  format: ImageFormat = 'unknown',
): GraphReading | null {
  const warnings: string[] = [];
  const samplerNodes = graph.order.map((id) => graph.nodes.get(id)!).filter(isSamplerNode);
  if (samplerNodes.length === 0) return null;
  const ids = new Set(samplerNodes.map((n) => n.id));
  const output = traceOutputChain(
    graph,
    samplerNodes.map((n) => n.id),
    format,
    warnings,
  );
  const traces = new Traces(graph, warnings);
  const passes = output.order.map((id) => readPass(graph, graph.nodes.get(id)!, ids, output, traces, warnings));
  const byId = new Map(passes.map((p) => [p.reading.node.id, p]));
  for (const pass of passes)
    pass.feeders = (output.feeders.get(pass.reading.node.id) ?? []).flatMap((id) => byId.get(id) ?? []);
  sizePasses(passes);
  const primary = headline(passes);
  assignRoles(passes, primary);
  const builder = new TupleBuilder(generator, graphSource);
  builder.set('software', { name: 'ComfyUI', version: null });
  setPrimary(builder, primary);
  const listed = [primary, ...passes.filter((p) => p !== primary)];
  addAdapters(builder, listed, primary);
  for (const pass of listed) addPass(builder, pass);
  readGraphWide(graph, builder);
  if (output.saver) builder.extra('comfy.savedBy', `${output.saver.id} (${output.saver.classType})`);
  // Another output's samplers do not decide this file's pixels; named so nothing read is hidden (passes plus these
  // are every sampler of the graph).
  if (output.unsaved.length > 0) builder.extra('comfy.otherOutputs', output.unsaved.join(', '));
  for (const [key, value] of Object.entries(primary.latent.inputs)) builder.extra(key, value);
  return { builder, warnings };
}

/** Passes usually share one model chain and one pair of prompts: each is traced once, however many passes use it
 *  (a hostile graph chains thousands of passes behind thousands of LoRA loaders). */
class Traces {
  private readonly models = new Map<string, ModelChain>();
  private readonly conditionings = new Map<string, ConditioningTrace>();

  constructor(
    private readonly graph: ComfyGraph,
    private readonly warnings: string[],
  ) {}

  model(link: ComfyLink | null): ModelChain {
    const key = link ? `${link.node}:${link.slot}` : '';
    let chain = this.models.get(key);
    if (!chain) this.models.set(key, (chain = traceModel(this.graph, link, this.warnings)));
    return chain;
  }

  conditioning(link: ComfyLink | null): ConditioningTrace {
    const key = link ? `${link.node}:${link.slot}` : '';
    let trace = this.conditionings.get(key);
    if (!trace) this.conditionings.set(key, (trace = traceConditioning(this.graph, link, this.warnings)));
    return trace;
  }
}

function readPass(
  graph: ComfyGraph,
  node: ComfyNode,
  samplers: Set<string>,
  output: OutputChain,
  traces: Traces,
  warnings: string[],
): Pass {
  const reading = readSampler(graph, node);
  return {
    reading,
    latent: traceLatent(graph, reading.latent, samplers, warnings),
    chain: traces.model(reading.model),
    positive: traces.conditioning(reading.positive),
    negative: traces.conditioning(reading.negative),
    feeders: [],
    onChain: output.chain.has(node.id),
    width: null,
    height: null,
    role: 'other',
  };
}

/** Passes come in execution order, so a feeder's size is known before the pass that continues it. */
function sizePasses(passes: Pass[]): void {
  for (const pass of passes) {
    pass.width = pass.latent.width.value;
    pass.height = pass.latent.height.value;
    const source = pass.feeders[0];
    // A latent that continues another pass without leaving latent space keeps its size (times any scale_by).
    if (source && pass.latent.origin === 'sampler' && pass.width === null && !pass.latent.width.computed) {
      pass.width = source.width === null ? null : Math.round(source.width * pass.latent.scale);
      pass.height = source.height === null ? null : Math.round(source.height * pass.latent.scale);
    }
  }
}

/** Started from noise: an empty latent, the whole schedule (denoise 1, from step 0) and noise added. */
function startsFromNoise(pass: Pass): boolean {
  const s = pass.reading.settings;
  const noise = s['add_noise'] !== false && s['add_noise'] !== 'disable';
  const start = s['start_at_step'];
  const denoise = pass.reading.denoise.value;
  return (
    pass.latent.origin === 'empty' &&
    noise &&
    (typeof start !== 'number' || start === 0) &&
    (denoise === null || denoise >= 0.999)
  );
}

/** The last chain pass that started from noise and continues no other; else the first chain pass; else the first. */
function headline(passes: Pass[]): Pass {
  const chain = passes.filter((p) => p.onChain);
  const bases = chain.filter((p) => p.feeders.length === 0 && startsFromNoise(p));
  return bases[bases.length - 1] ?? chain.find((p) => p.latent.origin === 'empty') ?? chain[0] ?? passes[0]!;
}

function assignRoles(passes: Pass[], primary: Pass): void {
  for (const pass of passes) {
    const start = pass.reading.settings['start_at_step'];
    if (pass === primary) pass.role = 'base';
    else if (!pass.onChain || pass.feeders.length === 0) pass.role = 'other';
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
  if (pass.chain.modelComputed)
    builder.tuple.origins['model'] = { source: pass.chain.modelSource ?? 'comfy:prompt', computed: true };
  else builder.set('model', pass.chain.model, pass.chain.modelSource ?? builder.source);
  setText(builder, 'prompt', pass.positive);
  setText(builder, 'negativePrompt', pass.negative);
  if (pass.latent.origin === 'img2img')
    builder.extra('comfy.latent', 'img2img (VAEEncode): the generation size is the input image size');
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
  // Shared traces (Traces) are listed once: the same LoRA stack behind every pass adds its adapters once.
  const done = new Set<object>();
  const once = <T extends object>(trace: T): T | null => {
    if (done.has(trace)) return null;
    done.add(trace);
    return trace;
  };
  for (const pass of [primary, ...passes.filter((p) => p !== primary)]) {
    once(pass.chain)?.adapters.forEach(add);
    const positive = once(pass.positive);
    const negative = once(pass.negative);
    positive?.controlNets.forEach(add);
    negative?.controlNets.forEach(add);
    for (const t of [...(positive?.texts ?? []), ...(negative?.texts ?? [])])
      embeddingsIn(t.text, t.source).forEach(add);
    if (pass !== primary && pass.role === 'refiner' && pass.chain.model && pass.chain.model !== primary.chain.model) {
      add({
        kind: 'refiner',
        name: pass.chain.model,
        weight: null,
        hash: null,
        hashType: null,
        source: pass.chain.modelSource ?? builder.source,
      });
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
  for (const [name, f] of Object.entries({
    seed: r.seed,
    sampler: r.sampler,
    scheduler: r.scheduler,
    steps: r.steps,
    cfg: r.cfg,
    denoise: r.denoise,
  })) {
    if (f.computed) settings[`${name}.computed`] = f.source;
  }
  if (pass.chain.modelComputed) settings['model.computed'] = pass.chain.modelSource;
  if (pass.latent.width.computed) settings['size.computed'] = pass.latent.width.source;
  Object.assign(settings, chainSettings(pass));
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

/** How a pass sits on the chain, in A1111's terms where they exist (Hires upscale, Refiner switch at). */
function chainSettings(pass: Pass): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  if (!pass.onChain) out['influence'] = 'conditioning';
  if (pass.feeders.length > 0) out['continues'] = pass.feeders.map((f) => f.reading.node.id).join(', ');
  // Another pass from noise merged into the same picture (latent composite, stitched grid): not the headline.
  else if (pass.onChain && pass.role === 'other') out['merged'] = true;
  const source = pass.feeders[0];
  if (pass.role === 'hires' && source?.width && pass.width)
    out['upscale'] = Math.round((pass.width / source.width) * 1000) / 1000;
  const start = pass.reading.settings['start_at_step'];
  const steps = pass.reading.steps.value;
  if (pass.role === 'refiner' && typeof start === 'number' && steps)
    out['switch'] = Math.round((start / steps) * 1000) / 1000;
  return out;
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
      builder.addPostprocess({
        kind: /Restore/i.test(node.classType) ? 'face-restore' : 'adetailer',
        name: node.classType,
        settings: { node: node.id },
      });
    }
  }
  if (vaes.length === 1) {
    const name = asText(resolveValue(graph, vaes[0]!, 'vae_name'));
    if (name) builder.setDeterminism('vae', name, sourceOf(vaes[0]!, 'vae_name'));
  }
}
