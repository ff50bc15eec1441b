// The library as an image browser: search names the field it matched, facet counts narrow with the filters set,
// favourite / stars / tags are kept and filter the grid, and the full-screen viewer (arrows, Esc, 100%, copy
// prompt / seed / A1111 parameters, download).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../pages/harness';
import { writeGeneratedPng } from '../pages/generated-images';

async function threeImages(dataDir: string): Promise<string> {
  const dir = join(dataDir, 'browse');
  await writeGeneratedPng(dir, 'harbour-dawn.png', { prompt: 'a harbour at dawn', seed: '11', sampler: 'Euler a' }, 0);
  await writeGeneratedPng(dir, 'forest.png', { prompt: 'a quiet forest', seed: '22', sampler: 'DPM++ 2M' }, 1);
  await writeGeneratedPng(
    dir,
    'desert.png',
    { prompt: 'a desert road', negative: 'harbour', seed: '33', sampler: 'DPM++ 2M', width: 192, height: 192 },
    2,
  );
  return dir;
}

test('search names the field each hit matched; facet counts narrow with the other filters', async ({
  app,
  library,
  server,
}, testInfo) => {
  const dir = await threeImages(server.dataDir);
  await library.addFolder(dir, { watch: false });
  await library.waitForIndexed(dir, 3);
  await library.showsImages(3);

  await library.searchFor('harbour');
  await expect(library.cells).toHaveCount(2);
  await expect(library.cellNamed('harbour-dawn.png').getByTestId('cell-match')).toHaveText('prompt · file name');
  await expect(library.cellNamed('desert.png').getByTestId('cell-match')).toHaveText('negative');
  await app.page.screenshot({ path: testInfo.outputPath('search-fields.png') });
  await library.searchFor('');

  const samplerOptions = () => app.page.getByTestId('filter-sampler').locator('option').allTextContents();
  await expect.poll(samplerOptions).toEqual(['any', 'dpmpp_2m (2)', 'euler_ancestral (1)']);
  await library.filter('size', '192x192');
  await expect.poll(() => library.count()).toBe(1);
  await expect.poll(samplerOptions).toEqual(['any', 'dpmpp_2m (1)']);
});

test('favourite, stars and tags in the details; the filters find them', async ({ app, library, server }, testInfo) => {
  const dir = await threeImages(server.dataDir);
  await library.addFolder(dir, { watch: false });
  await library.waitForIndexed(dir, 3);
  await library.showsImages(3);
  await library.cellNamed('forest.png').click();
  const marks = library.detail.getByTestId('marks');
  await marks.getByTestId('favourite-toggle').click();
  await expect(marks).toHaveAttribute('data-favourite', 'true');
  await marks.getByTestId('rate-4').click();
  await expect(marks).toHaveAttribute('data-rating', '4');
  await marks.getByTestId('tag-input').fill('keeper, Print later');
  await marks.getByTestId('tag-input').press('Enter');
  await expect(marks.getByTestId('tag')).toHaveText(['keeper×', 'Print later×']);
  await app.page.screenshot({ path: testInfo.outputPath('marks.png') });

  await app.page.getByTestId('filter-favourite').check();
  await expect.poll(() => library.count()).toBe(1);
  await app.page.getByTestId('filter-favourite').uncheck();
  await library.filter('minRating', '5');
  await expect.poll(() => library.count()).toBe(0);
  await library.filter('minRating', '4');
  await expect.poll(() => library.count()).toBe(1);
  await library.filter('minRating', '');
  await expect
    .poll(() => app.page.getByTestId('filter-tag').locator('option').allTextContents())
    .toContain('keeper (1)');
  await library.filter('tag', 'keeper');
  await expect.poll(() => library.count()).toBe(1);
  await expect(library.cells.first()).toHaveAttribute('aria-label', 'forest.png');
  await library.filter('tag', '');
  await library.searchFor('print');
  await expect(library.cellNamed('forest.png').getByTestId('cell-match')).toHaveText('tag');
});

test('full-screen viewer: arrows, Esc, 100%, copy prompt / seed / parameters, download', async ({
  app,
  library,
  server,
  context,
}, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const dir = await threeImages(server.dataDir);
  await library.addFolder(dir, { watch: false });
  await library.waitForIndexed(dir, 3);
  await library.showsImages(3);
  const page = app.page;
  await library.cellNamed('desert.png').dblclick();
  const viewer = page.getByTestId('viewer');
  await expect(viewer).toBeVisible();
  await expect(viewer).toContainText('desert.png');
  await expect(viewer).toContainText(/\(\d of 3\)/);
  const desert = await viewer.getAttribute('data-image-id');
  // Newest first: desert.png was written last, so it is first; → goes to the next, ← comes back.
  await app.press('ArrowRight');
  await expect(viewer).not.toHaveAttribute('data-image-id', desert ?? '');
  await page.getByTestId('viewer-next').click();
  await expect(viewer).toContainText('(3 of 3)');
  await expect(page.getByTestId('viewer-next')).toBeDisabled();
  await app.press('ArrowLeft');
  await app.press('ArrowLeft');
  await expect(viewer).toHaveAttribute('data-image-id', desert ?? '');

  // 100%: the image is drawn at its pixel size (192 px), not fitted to the screen.
  await app.press('z');
  await expect(viewer).toHaveAttribute('data-zoom', '100');
  await expect
    .poll(() => page.getByTestId('viewer-image').evaluate((img) => img.getBoundingClientRect().width))
    .toBe(192);
  await page.screenshot({ path: testInfo.outputPath('viewer-100.png') });
  await page.getByTestId('viewer-zoom').click();
  await expect(viewer).toHaveAttribute('data-zoom', 'fit');
  await page.screenshot({ path: testInfo.outputPath('viewer-fit.png') });

  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  await page.getByTestId('viewer-copy-seed').click();
  await expect.poll(clipboard).toBe('33');
  await page.getByTestId('viewer-copy-prompt').click();
  await expect.poll(clipboard).toBe('a desert road');
  await page.getByTestId('viewer-copy-params').click();
  await expect
    .poll(clipboard)
    .toMatch(/^a desert road\nNegative prompt: harbour\nSteps: 20, Sampler: DPM\+\+ 2M.*Seed: 33/);

  const downloading = page.waitForEvent('download');
  await page.getByTestId('viewer-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('desert.png');
  expect(readFileSync(await download.path())).toEqual(readFileSync(join(dir, 'desert.png')));

  await app.press('Escape');
  await expect(viewer).toHaveCount(0);
});
