// The Stability Matrix file of the corpus. INDEX.md has no expected row for it, so the values below were read
// by hand from its four text chunks (prompt graph, parameters, parameters-json, smproj).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readMetadata } from '../read-metadata';

const CORPUS = join(__dirname, '../../../../../shared/corpus');

test('Stability Matrix: the graph with named node ids, SHA256 from parameters-json, prompt conflict recorded', () => {
  const report = readMetadata(readFileSync(join(CORPUS, 'stability-matrix/sdm_png_stability-matrix.png')));
  const t = report.tuple!;
  assert.equal(report.generator, 'stability-matrix');
  assert.deepEqual(
    [t.seed, t.steps, t.sampler, t.scheduler, t.cfg, t.width, t.height, t.model],
    ['395309383', 20, 'euler_ancestral', 'karras', 5, 1024, 1024, 'waiIllustriousSDXL_v160.safetensors'],
  );
  assert.equal(t.modelHash, 'A5F58EB1C33616C4F06BCA55AF39876A7B817913CD829CAA8ACB111B770C85CC');
  assert.equal(t.modelHashType, 'sha256');
  assert.equal(t.determinism.clipSkip, 2);
  assert.equal(t.passes[0]?.node, 'Sampler');
  // The graph's prompt ends "hatsune miku, " while the A1111 text adds "#テスト": the graph is what ran.
  const prompt = t.conflicts.find((c) => c.field === 'prompt');
  assert.ok(prompt, 'prompt conflict');
  assert.equal(prompt.values[1]?.source, 'png:tEXt:parameters');
  assert.equal(t.prompt, 'general, masterpiece, best quality, amazing quality, \r\n1girl, solo, hatsune miku, ');
});
