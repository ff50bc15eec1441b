// Hostile API graphs (reliability-notes.md): deep nesting, cycles, huge node counts, links to nodes that do
// not exist and prototype keys. Each must give warnings and a usable answer, never a crash or a hang.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { withPngChunks, withPngTextChunks } from '../containers/png-write';
import { readMetadata } from '../read-metadata';
import { readComfyFile } from '../readers/comfyui';
import { MAX_NODES } from './graph';
import type { MetadataSources } from '../types';

function sources(prompt: string): MetadataSources {
  return {
    format: 'png',
    texts: [{ source: 'png:tEXt:prompt', key: 'prompt', text: prompt }],
    xmp: null,
    c2paJumbf: null,
    stealth: null,
    warnings: [],
  };
}

const SAMPLER = (model: unknown, latent: unknown = ['L', 0]): Record<string, unknown> => ({
  class_type: 'KSampler',
  inputs: {
    seed: 7,
    steps: 20,
    cfg: 7,
    sampler_name: 'euler',
    scheduler: 'normal',
    denoise: 1,
    model,
    positive: ['P', 0],
    negative: ['N', 0],
    latent_image: latent,
  },
});
const BASE = {
  P: { class_type: 'CLIPTextEncode', inputs: { text: 'a cat', clip: ['C', 1] } },
  N: { class_type: 'CLIPTextEncode', inputs: { text: 'blurry', clip: ['C', 1] } },
  L: { class_type: 'EmptyLatentImage', inputs: { width: 512, height: 512, batch_size: 1 } },
  C: { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'model.safetensors' } },
};

test('JSON nested 10^4 deep is refused with a warning naming the item, not a stack overflow', () => {
  const deep = `{"1": {"class_type": "KSampler", "inputs": {"seed": ${'['.repeat(10_000)}${']'.repeat(10_000)}}}}`;
  const result = readComfyFile(sources(deep));
  assert.ok(result, 'a broken prompt chunk is still reported as ComfyUI');
  assert.equal(result.tuple.seed, null);
  assert.ok(
    result.warnings.some((w) => w.includes('png:tEXt:prompt') && /deeper than/.test(w)),
    result.warnings.join('; '),
  );
});

test('cycles in the model, latent and conditioning chains stop with a warning', () => {
  const graph = {
    S: SAMPLER(['A', 0], ['S', 0]),
    A: {
      class_type: 'LoraLoader',
      inputs: { lora_name: 'a.safetensors', strength_model: 0.5, strength_clip: 1, model: ['B', 0], clip: ['C', 1] },
    },
    B: { class_type: 'ModelSamplingDiscrete', inputs: { sampling: 'eps', zsnr: false, model: ['A', 0] } },
    P: { class_type: 'ConditioningCombine', inputs: { conditioning_1: ['P', 0], conditioning_2: ['Q', 0] } },
    Q: { class_type: 'CLIPTextEncode', inputs: { text: 'a cat', clip: ['C', 1] } },
    N: BASE.N,
    C: BASE.C,
  };
  const result = readComfyFile(sources(JSON.stringify(graph)))!;
  assert.equal(result.tuple.seed, '7');
  assert.equal(result.tuple.prompt, 'a cat');
  assert.equal(result.tuple.model, null);
  assert.deepEqual(
    result.tuple.adapters.map((a) => a.name),
    ['a.safetensors'],
  );
  assert.ok(
    result.warnings.some((w) => /model chain loops back to node A/.test(w)),
    result.warnings.join('; '),
  );
  assert.equal(result.tuple.passes.length, 1);
});

test('a 5·10^4-long LoRA chain is walked iteratively to its checkpoint', () => {
  const graph: Record<string, unknown> = { ...BASE, S: SAMPLER(['lora0', 0]) };
  const n = 50_000;
  for (let i = 0; i < n; i++) {
    graph[`lora${i}`] = {
      class_type: 'LoraLoaderModelOnly',
      inputs: { lora_name: `l${i}.safetensors`, strength_model: 1, model: [i === n - 1 ? 'C' : `lora${i + 1}`, 0] },
    };
  }
  const result = readComfyFile(sources(JSON.stringify(graph)))!;
  assert.equal(result.tuple.model, 'model.safetensors');
  assert.equal(result.tuple.adapters.length, n);
});

test('more nodes than the cap: the graph is cut with a warning and what was read is still used', () => {
  const parts: string[] = ['"S":' + JSON.stringify(SAMPLER(['m0', 0]))];
  for (const [id, node] of Object.entries(BASE)) parts.push(`${JSON.stringify(id)}:${JSON.stringify(node)}`);
  for (let i = 0; i < MAX_NODES + 10; i++)
    parts.push(`"m${i}":{"class_type":"ModelPatch","inputs":{"model":["m${i + 1}",0]}}`);
  const result = readComfyFile(sources(`{${parts.join(',')}}`))!;
  assert.equal(result.tuple.seed, '7');
  assert.equal(result.tuple.prompt, 'a cat');
  assert.ok(
    result.warnings.some((w) => w.includes(`more than ${MAX_NODES} nodes`)),
    result.warnings.join('; '),
  );
  assert.ok(result.warnings.some((w) => /not in the graph/.test(w)));
});

test('10^6 nodes in a real PNG: the oversized chunk is cut by the container and reported, nothing crashes', async () => {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  // 10^6 node entries (ids repeat; JSON keeps the last), about 50 MB: built as bytes, the way a file holds them.
  const node = Buffer.from('"1":{"class_type":"KSampler","inputs":{"seed":1}},', 'latin1');
  const body = Buffer.alloc(node.length * 1_000_000);
  for (let i = 0; i < 1_000_000; i++) node.copy(body, i * node.length);
  body[0] = 0x7b; // '{' replaces the first quote; the result is cut by the container long before it would end
  const file = withPngChunks(png, [{ type: 'tEXt', data: Buffer.concat([Buffer.from('prompt\0', 'latin1'), body]) }]);
  const report = readMetadata(file, { fileName: 'million.png' });
  assert.equal(report.generator, 'comfyui');
  assert.ok(
    report.warnings.some((w) => w.includes('png:tEXt:prompt') && /not valid JSON/.test(w)),
    report.warnings.join('; '),
  );
});

test('links to missing nodes and __proto__ / constructor ids give warnings, and no prototype is polluted', () => {
  const text = `{"__proto__": {"polluted": "yes", "class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "evil"}},
    "constructor": {"class_type": "CLIPTextEncode", "inputs": {"text": "ctor text", "clip": ["C", 1]}},
    "S": ${JSON.stringify({ class_type: 'KSampler', inputs: { ...(SAMPLER(null)['inputs'] as object), model: ['__proto__', 0], latent_image: ['gone', 0], positive: ['constructor', 0] } })},
    "N": ${JSON.stringify(BASE.N)}}`;
  const result = readComfyFile(sources(text))!;
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  assert.equal(result.tuple.model, null);
  assert.equal(result.tuple.prompt, 'ctor text');
  assert.ok(
    result.warnings.some((w) => /node __proto__, which is not in the graph/.test(w)),
    result.warnings.join('; '),
  );
  assert.ok(result.warnings.some((w) => /node gone, which is not in the graph/.test(w)));
});

test('a graph with no sampler and a prompt chunk that is not JSON are reported, not thrown', () => {
  const noSampler = readComfyFile(sources(JSON.stringify({ C: BASE.C })))!;
  assert.equal(noSampler.generator, 'comfyui');
  assert.ok(noSampler.warnings.some((w) => /no sampler node/.test(w)));
  const broken = readComfyFile(sources('{"3": {"class_type": "KSampler", "inputs": {"seed": 1,'))!;
  assert.ok(broken.warnings.some((w) => w.startsWith('png:tEXt:prompt: ComfyUI graph is not valid JSON')));
});

test('a real PNG with a hostile prompt chunk goes through readMetadata with a warning', async () => {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  const cyclic = { S: SAMPLER(['S', 0], ['S', 0]), ...BASE };
  const file = withPngTextChunks(png, [{ keyword: 'prompt', text: JSON.stringify(cyclic) }]);
  const report = readMetadata(file, { fileName: 'cyclic.png' });
  assert.equal(report.generator, 'comfyui');
  assert.equal(report.tuple?.seed, '7');
  assert.ok(
    report.warnings.some((w) => /model chain loops back to node S|without a checkpoint loader/.test(w)),
    report.warnings.join('; '),
  );
});

test('a saver after each of 2,000 chained passes and a 5,000-node LoRA chain: the whole chain is traced, within the walk budget', () => {
  const graph: Record<string, unknown> = { ...BASE };
  let model = 'C';
  for (let i = 0; i < 5000; i++) {
    graph[`lora${i}`] = {
      class_type: 'LoraLoader',
      inputs: {
        lora_name: `l${i}.safetensors`,
        strength_model: 1,
        strength_clip: 1,
        model: [model, 0],
        clip: [model, 1],
      },
    };
    model = `lora${i}`;
  }
  let latent = 'L';
  for (let i = 0; i < 2000; i++) {
    graph[`s${i}`] = {
      ...SAMPLER([model, 0], [latent, 0]),
      inputs: { ...(SAMPLER([model, 0], [latent, 0])['inputs'] as object), seed: i, denoise: i === 0 ? 1 : 0.5 },
    };
    graph[`d${i}`] = { class_type: 'VAEDecode', inputs: { samples: [`s${i}`, 0], vae: ['C', 2] } };
    graph[`save${i}`] = { class_type: 'SaveImage', inputs: { filename_prefix: 'x', images: [`d${i}`, 0] } };
    latent = `s${i}`;
  }
  const result = readComfyFile(sources(JSON.stringify(graph)))!;
  assert.ok(!result.warnings.some((w) => /too large to trace/.test(w)), result.warnings.join('; '));
  assert.equal(result.tuple.extras['comfy.savedBy'], 'save1999 (SaveImage)');
  assert.equal(result.tuple.passes.length, 2000);
  assert.equal(result.tuple.seed, '0');
});
