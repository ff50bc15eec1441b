// Browsing as someone coming from Image MetaHub or Infinite Image Browsing expects: one click shows the details,
// marking for compare is visible (a checkbox on hover, Ctrl/Cmd-click, Shift-click ranges) and the Compare button
// says why it is disabled; the grid fills while a folder is still being indexed.
import { join } from 'node:path';
import { expect, test } from '../pages/harness';
import { mkdirSync, writeFileSync } from 'node:fs';
import { a1111Infotext, pictureBytes, withParameters, writeGeneratedPng } from '../pages/generated-images';

const COUNT = 300;

test('single click shows details; checkbox, Ctrl-click and Shift-click mark; Compare says why it waits', async ({
  app,
  library,
  server,
}, testInfo) => {
  const dir = join(server.dataDir, 'runs');
  for (let i = 0; i < 4; i += 1)
    await writeGeneratedPng(dir, `run${i}.png`, { prompt: `a lighthouse ${i}`, seed: String(100 + i) }, i);
  await library.addFolder(dir, { watch: false });
  await library.waitForIndexed(dir, 4);
  await library.showsImages(4);
  const page = app.page;
  const compareButton = page.getByTestId('compare-marked');
  const why = page.getByTestId('compare-marked-why');
  await expect(compareButton).toBeDisabled();
  await expect(compareButton).toHaveText('Compare the 2 marked');
  await expect(why).toHaveText('Mark 2 more (tick a box, Ctrl/Cmd-click or x)');

  // One plain click: the details of that image, nothing marked.
  const [a, b, c, d] = [0, 1, 2, 3].map((i) => library.cells.nth(i));
  await a.click();
  await expect(library.detail).toHaveAttribute('data-image-id', (await a.getAttribute('data-image-id')) ?? 'none');
  await expect(library.detail).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('marked-count')).toHaveCount(0);

  // Click A, then Ctrl-click B: both marked.
  await b.click({ modifiers: ['Control'] });
  await expect(page.getByTestId('marked-count')).toHaveText('2 marked');
  await expect(a).toHaveAttribute('aria-checked', 'true');
  await expect(b).toHaveAttribute('aria-checked', 'true');
  await expect(compareButton).toBeEnabled();
  await expect(why).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('marked-two.png') });

  // Ctrl-click toggles B off again; the reason comes back.
  await b.click({ modifiers: ['Control'] });
  await expect(page.getByTestId('marked-count')).toHaveText('1 marked');
  await expect(compareButton).toBeDisabled();
  await expect(why).toHaveText(/Mark 1 more/);

  // The checkbox appears on hover and marks without opening anything else.
  const box = c.getByTestId('cell-mark');
  await expect(box).toHaveCSS('opacity', '0');
  await c.hover();
  await expect(box).toHaveCSS('opacity', '1');
  await page.screenshot({ path: testInfo.outputPath('hover-checkbox.png') });
  await box.check();
  await expect(page.getByTestId('marked-count')).toHaveText('2 marked');
  // The checkbox does not move the selection: the details still show the last clicked image (B).
  await expect(library.detail).toHaveAttribute('data-image-id', (await b.getAttribute('data-image-id')) ?? 'none');

  // Shift-click marks the range from the selection (B) to D: with A, four marked, and the button says compare takes 2.
  await d.click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('marked-count')).toHaveText('4 marked');
  await expect(compareButton).toBeDisabled();
  await expect(why).toHaveText('4 marked: compare takes exactly 2');

  // Unmark two and compare the remaining pair.
  await b.click({ modifiers: ['Control'] });
  await c.getByTestId('cell-mark').uncheck();
  await expect(page.getByTestId('marked-count')).toHaveText('2 marked');
  await compareButton.click();
  await expect(app.root).toHaveAttribute('data-view', 'compare');
  await expect(page.getByTestId('verdict')).toBeVisible({ timeout: 60_000 });
});

test('the grid shows images while the folder is still being indexed', async ({ app, library, server }, testInfo) => {
  test.setTimeout(180_000);
  const dir = join(server.dataDir, 'many');
  // Enough pixels that the pixel pass lasts well beyond the grid's refresh throttle (1.5 s) on two cores.
  mkdirSync(dir, { recursive: true });
  const picture = await pictureBytes(768, 1);
  for (let i = 0; i < COUNT; i += 1) {
    writeFileSync(
      join(dir, `img-${String(i).padStart(4, '0')}.png`),
      withParameters(picture, a1111Infotext({ prompt: `frame ${i}`, seed: String(i), width: 768, height: 768 })),
    );
  }
  await library.addFolder(dir, { watch: false });
  const folder = library.folder(dir);
  // Seen at one moment: cells in the grid while the folder's job is still running.
  await expect
    .poll(
      async () => {
        const [cells, running] = await Promise.all([library.cells.count(), folder.getByTestId('job-progress').count()]);
        return cells > 0 && running > 0;
      },
      { timeout: 60_000, intervals: [100] },
    )
    .toBe(true);
  await app.page.screenshot({ path: testInfo.outputPath('grid-while-indexing.png') });
  await library.waitForIndexed(dir, COUNT, 150_000);
});
