// SwarmUI corpus files (JPEG + WebP UserComment, UTF-16LE decoded by the container layer) against INDEX.md,
// plus a crafted PNG `parameters` record with LoRAs, a refiner and string-typed numbers (Swarm's docs allow them).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readMetadata } from '../read-metadata';
import type { MetadataSources } from '../types';
import { swarmuiReader } from './swarmui';

const CORPUS = join(__dirname, '../../../../../shared/corpus');

for (const [file, seed] of [
  ['sdm_jpg_swarmui.jpg', '697543491'],
  ['sdm_webp_swarmui.webp', '830680752'],
] as const) {
  test(`SwarmUI ${file}`, () => {
    const report = readMetadata(readFileSync(join(CORPUS, 'swarmui', file)));
    const t = report.tuple!;
    assert.equal(report.generator, 'swarmui');
    assert.deepEqual(
      [t.seed, t.steps, t.sampler, t.scheduler, t.cfg, t.width, t.height, t.model],
      [seed, 20, 'euler_ancestral', 'karras', 7, 1024, 1024, 'waiIllustriousSDXL_v160'],
    );
    assert.equal(t.modelHash, '0x22d8cb95b807b0c242576b676a12b07ae6b782b57ae4fe07a07254801b2d5d61');
    assert.equal(t.modelHashType, 'autov3');
    assert.equal(t.software?.version, '0.9.7.4');
  });
}

test('SwarmUI PNG parameters with a ComfyUI-backend graph: Swarm record wins; LoRAs and refiner read', () => {
  const record = {
    sui_image_params: {
      prompt: 'cat',
      model: 'base',
      seed: '5',
      steps: '25',
      cfgscale: '6.5',
      width: 896,
      height: 1152,
      loras: 'a,b',
      loraweights: '0.5,1',
      refinermodel: 'ref',
      refinermethod: 'StepSwap',
      refinersteps: 10,
      clipstopatlayer: -2,
    },
    sui_models: [
      { name: 'base.safetensors', param: 'model', hash: '0x' + 'ab'.repeat(32) },
      { name: 'a.safetensors', param: 'loras', hash: '0x' + 'cd'.repeat(32) },
    ],
  };
  const sources: MetadataSources = {
    format: 'png',
    texts: [
      { source: 'png:tEXt:parameters', key: 'parameters', text: JSON.stringify(record) },
      {
        source: 'png:tEXt:prompt',
        key: 'prompt',
        text: '{"1": {"class_type": "KSamplerAdvanced", "inputs": {"noise_seed": 5, "steps": 25, "cfg": 6.5, "sampler_name": "euler", "scheduler": "normal"}}}',
      },
    ],
    xmp: null,
    c2paJumbf: null,
    stealth: null,
    warnings: [],
  };
  const t = swarmuiReader.read(sources)!.tuple;
  assert.deepEqual([t.seed, t.steps, t.cfg, t.width, t.determinism.clipSkip], ['5', 25, 6.5, 896, 2]);
  assert.deepEqual(
    t.adapters.map((a) => `${a.name}@${a.weight}:${a.hashType}`),
    ['a@0.5:autov3', 'b@1:null'],
  );
  assert.equal(t.passes[0]?.role, 'refiner');
  assert.equal(t.passes[0]?.model, 'ref');
});
