import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readContainers } from './read-containers';
import { smallPng } from './crafted-files.fixture';
import { withPngTextChunks } from './png-write';

test("kind 'auto' writes what Pillow writes: tEXt for Latin-1 text, iTXt beyond it; both read back exactly", async () => {
  const png = await smallPng(8, 8);
  const latin1 = 'café au lait\nSteps: 20, Seed: 1';
  const beyond = '猫 on a roof — 🐈\nSteps: 20, Seed: 2';
  for (const [text, chunk] of [
    [latin1, 'tEXt'],
    [beyond, 'iTXt'],
  ] as const) {
    const sources = readContainers(withPngTextChunks(png, [{ keyword: 'parameters', text, kind: 'auto' }]));
    assert.deepEqual(
      sources.texts.map((t) => [t.source, t.text]),
      [[`png:${chunk}:parameters`, text]],
    );
  }
});
