// InvokeAI corpus files (6.x invokeai_metadata, 2.x sd-metadata + Dream) against corpus/INDEX.md, and the
// 2.x Dream CLI string on its own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readMetadata } from '../read-metadata';
import type { MetadataSources } from '../types';
import { invokeaiReader, splitLegacyPrompt } from './invokeai';

const CORPUS = join(__dirname, '../../../../../shared/corpus');

test('InvokeAI 6.x invokeai_metadata: blake3 model hash, scheduler as sampler, rand_device', () => {
  const report = readMetadata(readFileSync(join(CORPUS, 'invokeai/sdm_png_invokeai.png')));
  const t = report.tuple!;
  assert.equal(report.generator, 'invokeai');
  assert.deepEqual(
    [t.seed, t.steps, t.cfg, t.sampler, t.samplerId, t.width, t.height, t.model],
    ['3951921344', 24, 6, 'euler_a', 'euler_ancestral', 1024, 1024, 'waiIllustriousSDXL_v160'],
  );
  assert.equal(t.modelHash, 'blake3:7c1631b481e1566448f49db7e3b67a8a9d04742fa3c7d4548a0c81b619160c56');
  assert.equal(t.modelHashType, 'blake3');
  assert.equal(t.determinism.rng, 'cpu');
  assert.deepEqual(t.software, { name: 'InvokeAI', version: '6.10.0' });
  assert.equal(t.origins['seed']?.source, 'png:iTXt:invokeai_metadata');
  assert.equal(t.prompt, 'general, masterpiece, best quality, amazing quality, \n1girl, solo, hatsune miku, #テスト\n');
});

test('InvokeAI 2.x sd-metadata: sha256 model hash, [negative] inside the prompt, post-processing', () => {
  const t = readMetadata(readFileSync(join(CORPUS, 'invokeai/sdparsers_invokeai_sdmeta1.png'))).tuple!;
  assert.deepEqual(
    [t.seed, t.steps, t.cfg, t.sampler, t.width, t.height, t.model],
    ['2980747362', 50, 5, 'k_lms', 512, 768, 'deliberateForInvoke_v08'],
  );
  assert.equal(t.modelHash, '56d1442a0feefd64836a19ac8e3527ec71c884fc962e246ddf67b03e42921272');
  assert.equal(t.modelHashType, 'sha256');
  assert.equal(t.software?.version, '2.3.0');
  assert.equal(t.negativePrompt, 'rendering, glowing eyes, skinny');
  assert.ok(t.prompt?.endsWith('low contrast'));
  assert.deepEqual(
    t.postprocess.map((p) => `${p.kind}:${p.name}`),
    ['face-restore:codeformer', 'upscale:esrgan'],
  );
});

test('InvokeAI 2.x Dream string alone', () => {
  const sources: MetadataSources = {
    format: 'png',
    texts: [
      {
        source: 'png:tEXt:Dream',
        key: 'Dream',
        text: '"a castle [fog, blur]" -s 30 -S 42 -W 640 -H 512 -C 7.5 -A k_euler_a -U 2 0.8',
      },
    ],
    xmp: null,
    c2paJumbf: null,
    stealth: null,
    warnings: [],
  };
  const t = invokeaiReader.read(sources)!.tuple;
  assert.deepEqual(
    [t.prompt, t.negativePrompt, t.steps, t.seed, t.width, t.height, t.cfg, t.sampler],
    ['a castle', 'fog, blur', 30, '42', 640, 512, 7.5, 'k_euler_a'],
  );
  assert.deepEqual(t.postprocess[0]?.settings, { scale: 2, strength: 0.8 });
  assert.deepEqual(splitLegacyPrompt('no negative'), { prompt: 'no negative', negative: null });
});

test('corrupt invokeai_metadata gives a warning naming the chunk', () => {
  const sources: MetadataSources = {
    format: 'png',
    texts: [{ source: 'png:iTXt:invokeai_metadata', key: 'invokeai_metadata', text: '{"seed": 1,' }],
    xmp: null,
    c2paJumbf: null,
    stealth: null,
    warnings: [],
  };
  const result = invokeaiReader.read(sources)!;
  assert.equal(result.generator, 'invokeai');
  assert.ok(
    result.warnings.some((w) => w.startsWith('png:iTXt:invokeai_metadata: InvokeAI metadata is not valid JSON')),
  );
});
