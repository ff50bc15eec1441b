// Export: JSON sidecars for a selection, written to a folder of the person's choosing, never beside the originals.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../pages/harness';
import { writeGeneratedPng } from '../pages/generated-images';

test('exports JSON sidecars for two marked images', async ({ app, library, server }) => {
  const dir = join(server.dataDir, 'images');
  await writeGeneratedPng(dir, 'one.png', { prompt: 'first', seed: '11' }, 0);
  await writeGeneratedPng(dir, 'two.png', { prompt: 'second', seed: '22' }, 1);
  await writeGeneratedPng(dir, 'three.png', { prompt: 'third', seed: '33' }, 2);
  await library.addFolder(dir);
  await library.waitForIndexed(dir, 3);
  await library.settled();

  await library.cellNamed('one.png').click({ modifiers: ['Control'] });
  await library.cellNamed('two.png').click({ modifiers: ['Control'] });
  await expect(app.page.getByTestId('marked-count')).toContainText('2 marked');
  await app.press('e');
  const dialog = app.page.getByTestId('export-dialog');
  await expect(dialog).toContainText('2 images');
  const out = join(server.dataDir, 'sidecars');
  await dialog.getByTestId('export-format-json').check();
  await dialog.getByTestId('export-outdir').fill(out);
  await dialog.getByTestId('export-run').click();
  const summary = dialog.getByTestId('export-summary');
  await expect(summary).toHaveAttribute('data-written', '2');
  await expect(summary).toHaveAttribute('data-failed', '0');

  const written = readdirSync(out, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.json'));
  expect(written).toHaveLength(2);
  const seeds = written
    .map((f) => (JSON.parse(readFileSync(join(out, f), 'utf8')) as { tuple: { seed: string } }).tuple.seed)
    .sort();
  expect(seeds).toEqual(['11', '22']);
  // Originals' folder holds only the originals.
  expect(readdirSync(dir).sort()).toEqual(['one.png', 'three.png', 'two.png']);
  expect(existsSync(join(dir, 'one.png.seedscope.json'))).toBe(false);
});
