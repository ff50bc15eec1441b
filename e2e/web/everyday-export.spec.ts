// Web mode as a remote GPU box's browser: export downloads the sidecars to this browser (one file, or a zip of
// several) instead of writing on the server; the XMP in the zip carries the stars set in the library.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../pages/harness';
import { writeGeneratedPng } from '../pages/generated-images';

test('one image downloads its sidecar; two download a zip whose XMP carries the rating', async ({
  app,
  library,
  server,
}, testInfo) => {
  const dir = join(server.dataDir, 'images');
  await writeGeneratedPng(dir, 'one.png', { prompt: 'first', seed: '11' }, 0);
  await writeGeneratedPng(dir, 'two.png', { prompt: 'second', seed: '22' }, 1);
  await library.addFolder(dir, { watch: false });
  await library.waitForIndexed(dir, 2);
  await library.showsImages(2);
  const page = app.page;

  // One image, from its details: the JSON sidecar itself.
  await library.cellNamed('one.png').click();
  await library.detail.getByTestId('rate-5').click();
  await expect(library.detail.getByTestId('marks')).toHaveAttribute('data-rating', '5');
  await library.detail.getByTestId('export-one').click();
  const dialog = page.getByTestId('export-dialog');
  let downloading = page.waitForEvent('download');
  await dialog.getByTestId('export-download').click();
  let download = await downloading;
  expect(download.suggestedFilename()).toBe('one.png.seedscope.json');
  const record = JSON.parse(readFileSync(await download.path(), 'utf8')) as { tuple: { seed: string } };
  expect(record.tuple.seed).toBe('11');
  await expect(dialog.getByTestId('download-summary')).toHaveAttribute('data-files', '1');
  await page.screenshot({ path: testInfo.outputPath('download-one.png') });
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // Two marked: a zip of XMP sidecars, read back with Python's zipfile.
  await library.cellNamed('two.png').click({ modifiers: ['Control'] });
  await expect(page.getByTestId('marked-count')).toHaveText('2 marked');
  await page.getByTestId('export-marked').click();
  await dialog.getByTestId('export-format-xmp').check();
  downloading = page.waitForEvent('download');
  await dialog.getByTestId('export-download').click();
  download = await downloading;
  expect(download.suggestedFilename()).toBe('seedscope-xmp-2-sidecars.zip');
  const zip = testInfo.outputPath('sidecars.zip');
  await download.saveAs(zip);
  const python =
    'import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({n: z.read(n).decode() for n in z.namelist()}))';
  const files = JSON.parse(execFileSync('python3', ['-c', python, zip], { encoding: 'utf8' })) as Record<
    string,
    string
  >;
  expect(Object.keys(files).sort()).toEqual(['one.png.xmp', 'two.png.xmp']);
  expect(files['one.png.xmp']).toContain('<xmp:Rating>5</xmp:Rating>');
  expect(files['two.png.xmp']).toContain('<xmp:Rating>0</xmp:Rating>');
  // Nothing was written beside the originals.
  expect(readdirSync(dir).sort()).toEqual(['one.png', 'two.png']);
});
