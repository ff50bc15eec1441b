// The comfyui target, parsed back through this project's own graph reader: a ComfyUI image's recipe must read
// as the same tuple; a graph built for another tool's image must read back its core values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GenerationTuple, ImageFormat } from '../../shared/tuple';
import type { JsonObject } from '../metadata/lossless-json';
import { readComfyFile } from '../metadata/readers/comfyui';
import type { MetadataSources } from '../metadata/types';
import { corpusSources } from './corpus-sources.fixture';
import { buildRecipe } from './index';

/** Reads a recipe back the way a file's graph is read: as the `prompt` text ComfyUI's saver writes, through the ComfyUI reader. */
function readBack(text: string, generator: GenerationTuple['generator'], format: ImageFormat = 'png'): GenerationTuple {
  const sources: MetadataSources = {
    format,
    texts: [{ source: 'png:tEXt:prompt', key: 'prompt', text }],
    xmp: null,
    c2paJumbf: null,
    stealth: null,
    warnings: [],
  };
  const read = readComfyFile(sources, generator);
  assert.ok(read, 'the recipe is an API graph the ComfyUI reader recognises');
  assert.ok(read.tuple.passes.length > 0, 'the recipe graph has a sampler');
  return read.tuple;
}

const CORE: Array<keyof GenerationTuple> = [
  'seed',
  'samplerId',
  'schedulerId',
  'steps',
  'cfg',
  'width',
  'height',
  'model',
  'prompt',
  'negativePrompt',
];

function passesOf(t: GenerationTuple) {
  return t.passes.map((p) => ({
    role: p.role,
    node: p.node,
    seed: p.seed,
    samplerId: p.samplerId,
    schedulerId: p.schedulerId,
    steps: p.steps,
    cfg: p.cfg,
    denoise: p.denoise,
  }));
}

test("a ComfyUI image's recipe is its own graph and reads back as the same tuple (every file with a graph)", async () => {
  const sources = (await corpusSources()).filter((s) => s.comfyGraph && s.tuple.passes.length > 0);
  assert.ok(sources.length >= 35, `graphs found: ${sources.length}`);
  for (const src of sources) {
    const recipe = buildRecipe(src.tuple, 'comfyui', { comfyGraph: src.comfyGraph });
    assert.equal(recipe.endpoint, '/prompt');
    assert.doesNotMatch(recipe.text, /control_(after|before)_generate/, src.file);
    const back = readBack(recipe.text, src.tuple.generator, src.format);
    for (const field of CORE) assert.deepEqual(back[field], src.tuple[field], `${src.file}: ${field}`);
    assert.deepEqual(passesOf(back), passesOf(src.tuple), `${src.file}: passes`);
    assert.deepEqual(
      back.adapters.map((a) => [a.kind, a.name, a.weight]),
      src.tuple.adapters.map((a) => [a.kind, a.name, a.weight]),
      `${src.file}: adapters`,
    );
    assert.deepEqual(back.determinism.clipSkip, src.tuple.determinism.clipSkip, src.file);
    assert.deepEqual(back.determinism.vae, src.tuple.determinism.vae, src.file);
    for (const pass of src.tuple.passes) {
      if (pass.seed && BigInt(pass.seed) > BigInt(Number.MAX_SAFE_INTEGER))
        assert.match(recipe.text, new RegExp(`": ${pass.seed}\\b`), 'big seeds written as bare integers');
    }
  }
});

test("a graph built from another tool's tuple reads back its seed, sampler, schedule, steps, CFG, size, model and LoRAs", async () => {
  const sources = (await corpusSources()).filter(
    (s) => !s.comfyGraph && s.tuple.seed !== null && s.tuple.samplerId !== null,
  );
  assert.ok(sources.length >= 25, `tuples without a graph: ${sources.length}`);
  for (const src of sources) {
    const t = src.tuple;
    const recipe = buildRecipe(t, 'comfyui');
    const back = readBack(recipe.text, 'comfyui');
    assert.equal(back.seed, t.seed, src.file);
    assert.equal(back.samplerId, t.samplerId, src.file);
    assert.equal(back.steps, t.steps, src.file);
    assert.equal(back.cfg, t.cfg, src.file);
    if (t.width !== null) assert.deepEqual([back.width, back.height], [t.width, t.height], src.file);
    assert.equal(back.model?.replace(/\.safetensors$/, ''), t.model?.replace(/\.safetensors$/, ''), src.file);
    assert.doesNotMatch(back.prompt ?? '', /<lora:/, `${src.file}: A1111 network tags are loader nodes, not words`);
    assert.equal(back.negativePrompt ?? '', t.negativePrompt ?? '', src.file);
    const loras = (x: GenerationTuple) =>
      x.adapters
        .filter((a) => a.kind === 'lora')
        .map((a) => [a.name.replace(/\.safetensors$/, ''), a.weight ?? 1])
        .sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    assert.deepEqual(loras(back), loras(t), `${src.file}: LoRAs with their weights`);
    if (t.determinism.clipSkip && t.determinism.clipSkip > 1)
      assert.equal(back.determinism.clipSkip, t.determinism.clipSkip, src.file);
    assert.notEqual(back.schedulerId, null, `${src.file}: scheduler named explicitly`);
  }
});

test('A1111 "Automatic" becomes the explicit schedule, and GPU noise is a cross-tool warning', async () => {
  const src = (await corpusSources()).find((s) => s.file.endsWith('a1111/metahub_cli_a1111.png'))!;
  const recipe = buildRecipe(src.tuple, 'comfyui');
  const back = readBack(recipe.text, 'comfyui');
  assert.deepEqual([back.samplerId, back.schedulerId], ['dpmpp_2m', 'karras']);
  assert.ok(recipe.warnings.some((w) => w.code === 'cross-tool' && /GPU/.test(w.message)));
});

test('custom nodes are kept and named in a warning', async () => {
  const sources = await corpusSources();
  const withCustom = sources.filter(
    (s) =>
      s.comfyGraph &&
      buildRecipe(s.tuple, 'comfyui', { comfyGraph: s.comfyGraph }).warnings.some((w) => w.code === 'custom-node'),
  );
  assert.ok(withCustom.length > 0, 'the corpus has graphs with custom nodes');
  const src = sources.find((s) => s.file.endsWith('comfyui/cex_lora_lora.png'))!;
  assert.deepEqual(
    buildRecipe(src.tuple, 'comfyui', { comfyGraph: src.comfyGraph }).warnings.filter((w) => w.code === 'custom-node'),
    [],
    'a core-only graph has none',
  );
});

test('seed controls are removed and a seed drawn at run time is written as the recorded value', async () => {
  const src = (await corpusSources()).find((s) => s.file.endsWith('comfyui/cex_lora_lora.png'))!;
  const graph = structuredClone(src.comfyGraph) as JsonObject;
  const sampler = graph['3'] as { inputs: Record<string, unknown> };
  sampler.inputs['control_after_generate'] = 'randomize';
  sampler.inputs['seed'] = ['99', 0];
  graph['99'] = { class_type: 'Seed Generator (random)', inputs: { seed: 5 } };
  const tuple = { ...src.tuple, passes: src.tuple.passes.map((p) => ({ ...p })) };
  const recipe = buildRecipe(tuple, 'comfyui', { comfyGraph: graph });
  const body = recipe.body as Record<string, { inputs: Record<string, unknown> }>;
  assert.equal(body['3']!.inputs['control_after_generate'], undefined);
  assert.equal(body['3']!.inputs['seed'], 851616030078638);
  assert.ok(recipe.warnings.some((w) => w.code === 'seed-control-removed'));
  assert.ok(recipe.warnings.some((w) => w.code === 'custom-node' && w.message.includes('Seed Generator (random)')));
  assert.equal(
    (src.comfyGraph!['3'] as { inputs: Record<string, unknown> }).inputs['control_after_generate'],
    undefined,
    'the source graph is not modified',
  );
});
