// One ComfyUI run writes the same picture through several output nodes (cex_flux_flux_kontext_example_comic.webp
// has SaveImage 160 and SaveAnimatedWEBP 171 on one stitched grid). The run's PNG and WebP name different savers
// but hold one tuple: which node wrote a file is bookkeeping, never a parameter difference.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { withPngTextChunks } from '../metadata/containers/png-write';
import { readContainers } from '../metadata/containers/read-containers';
import { compareImageFiles } from './compare-files';

const CORPUS = process.env['SEEDSCOPE_CORPUS'] ?? join(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const dir = mkdtempSync(join(tmpdir(), 'seedscope-comfy-outputs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test("one run's WebP (SaveAnimatedWEBP) and PNG (SaveImage) of the same grid: same headline, no culprit", async () => {
  const original = join(CORPUS, 'comfyui/cex_flux_flux_kontext_example_comic.webp');
  const a = join(dir, 'ComfyUI_00001_.webp');
  copyFileSync(original, a);
  // ComfyUI's SaveImage writes the graph as tEXt `prompt` and `workflow`; the WebP saver wrote them into EXIF.
  const texts = readContainers(readFileSync(original)).texts;
  const prompt = texts.find((t) => t.key === 'Model')!.text.replace(/^prompt:/, '');
  const workflow = texts.find((t) => t.key === 'Make')!.text.replace(/^workflow:/, '');
  const b = join(dir, 'ComfyUI_00001_.png');
  writeFileSync(
    b,
    withPngTextChunks(await sharp(original).png().toBuffer(), [
      { keyword: 'prompt', text: prompt },
      { keyword: 'workflow', text: workflow },
    ]),
  );

  const r = await compareImageFiles(a, b);
  const savedBy = r.tupleDiff.find((row) => row.field === 'extras[comfy.savedBy]')!;
  assert.deepEqual([savedBy.a, savedBy.b], ['171 (SaveAnimatedWEBP)', '160 (SaveImage)']);
  assert.deepEqual([r.a.seed, r.b.seed], ['972054013131423', '972054013131423']);
  assert.deepEqual(
    r.tupleDiff.filter((row) => !row.same).map((row) => row.field),
    ['extras[comfy.savedBy]'],
  );
  assert.deepEqual(
    r.culprits.map((c) => c.cause),
    [],
  );
});

test('a sampler branch added to the workflow that does not reach the saved file is not a parameter difference', async () => {
  const original = join(CORPUS, 'comfyui/cex_flux_flux_kontext_example_comic.webp');
  const prompt = readContainers(readFileSync(original))
    .texts.find((t) => t.key === 'Model')!
    .text.replace(/^prompt:/, '');
  const graph = JSON.parse(prompt) as Record<string, unknown>;
  const withBranch = {
    ...graph,
    side: {
      class_type: 'KSampler',
      inputs: {
        seed: 1,
        steps: 4,
        cfg: 1,
        sampler_name: 'euler',
        scheduler: 'simple',
        denoise: 1,
        model: ['37', 0],
        positive: ['35', 0],
        negative: ['33', 0],
        latent_image: ['27', 0],
      },
    },
    side_decode: { class_type: 'VAEDecode', inputs: { samples: ['side', 0], vae: ['39', 0] } },
    side_preview: { class_type: 'PreviewImage', inputs: { images: ['side_decode', 0] } },
  };
  const png = await sharp(original).png().toBuffer();
  const a = join(dir, 'run-1.png');
  const b = join(dir, 'run-2-with-side-branch.png');
  writeFileSync(a, withPngTextChunks(png, [{ keyword: 'prompt', text: prompt }]));
  writeFileSync(b, withPngTextChunks(png, [{ keyword: 'prompt', text: JSON.stringify(withBranch) }]));

  const r = await compareImageFiles(a, b);
  const other = r.tupleDiff.find((row) => row.field === 'extras[comfy.otherOutputs]')!;
  assert.deepEqual([other.a, other.b, other.same], [null, 'side', false]);
  assert.deepEqual(
    r.culprits.map((c) => c.cause),
    [],
  );
});
