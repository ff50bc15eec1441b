// The thumbnail grid keeps only a window of rows in the DOM and fetches pages by position as it scrolls: with more
// images than one page (200), the scrollbar stands for all of them from the start, and scrolling to the end loads
// the last page while the rendered cells stay a screenful.
import { join } from 'node:path';
import { expect, test } from '../pages/harness';
import { writeGeneratedPng } from '../pages/generated-images';

const COUNT = 260;

test('scrolling a library larger than a page loads every image with a bounded DOM', async ({
  app,
  library,
  server,
}, testInfo) => {
  test.setTimeout(150_000);
  const dir = join(server.dataDir, 'many');
  for (let i = 0; i < COUNT; i += 1) {
    await writeGeneratedPng(
      dir,
      `img-${String(i).padStart(4, '0')}.png`,
      { prompt: `picture number ${i}`, seed: String(i), width: 32, height: 32 },
      i % 5,
    );
  }
  await library.addFolder(dir, { watch: false });
  await library.waitForIndexed(dir, COUNT, 120_000);
  await library.settled();

  const grid = library.grid;
  // The count spans the whole library, though only the first page is loaded.
  await expect(grid).toHaveAttribute('data-count', String(COUNT));
  await expect(library.resultCount).toHaveAttribute('data-more', 'false');
  const rendered = async (): Promise<number> => Number(await grid.getAttribute('data-rendered'));
  const cellsInDom = async (): Promise<number> => library.cells.count();
  expect(await cellsInDom()).toBe(await rendered());
  expect(await cellsInDom()).toBeLessThan(120);

  // Scroll to the end: the last page is fetched by its position.
  await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(grid.locator(`[data-testid="grid-cell"][data-index="${COUNT - 1}"]`)).toBeVisible();
  await expect(grid.locator('[data-index="0"]')).toHaveCount(0);
  expect(await cellsInDom()).toBeLessThan(120);

  // Keyboard selection scrolls the grid to keep the selected image in view.
  await app.press('Home');
  await expect(grid.locator('[data-index="0"]')).toBeVisible();
  await expect(grid.locator(`[data-index="${COUNT - 1}"]`)).toHaveCount(0);
  await app.press('End');
  await expect(grid.locator(`[data-index="${COUNT - 1}"]`)).toHaveAttribute('aria-selected', 'true');
  await expect(grid.locator(`[data-index="${COUNT - 1}"]`)).toBeVisible();
  await app.page.screenshot({ path: testInfo.outputPath('grid.png') });
});
