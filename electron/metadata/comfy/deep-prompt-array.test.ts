// Issue #18, item 6: a PNG `prompt` chunk holding a 10^6-deep JSON array was dropped without a warning (only a
// chunk starting with `{` was looked at). Now it is named; plain prompt text starting with `[` still passes quietly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { withPngTextChunks } from '../containers/png-write';
import { readMetadata } from '../read-metadata';

async function pngWithPrompt(text: string): Promise<Buffer> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  return withPngTextChunks(png, [{ keyword: 'prompt', text, kind: 'zTXt' }]);
}

test('a 10^6-deep prompt array is reported, not dropped in silence', async () => {
  const report = readMetadata(await pngWithPrompt(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`));
  assert.ok(
    report.warnings.some((w) => /prompt: ComfyUI graph is JSON nests deeper than 500 levels; refused/.test(w)),
    JSON.stringify(report.warnings),
  );
});

test('a shallow JSON array in the prompt chunk is named; prompt text that starts with [ is not', async () => {
  const array = readMetadata(await pngWithPrompt('[1, 2, 3]'));
  assert.ok(
    array.warnings.some((w) => /holds a JSON array, not a ComfyUI graph/.test(w)),
    JSON.stringify(array.warnings),
  );
  const text = readMetadata(await pngWithPrompt('[cat:dog:0.5] on a sofa'));
  assert.deepEqual(
    text.warnings.filter((w) => /prompt/.test(w)),
    [],
  );
});
