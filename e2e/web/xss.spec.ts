// Metadata is hostile input: a prompt holding markup must reach the screen as text, in the detail panel, in the
// diff2html parameter diff and in the prompt byte diff. No element is created from it and no script runs.
import { join } from 'node:path';
import { expect, test } from '../pages/harness';
import { writeGeneratedPng } from '../pages/generated-images';

const HOSTILE = '<img src=x onerror=alert(1)> a cat';
const HOSTILE_NEG = '<script>alert(2)</script><b>bold</b>';

test('a prompt with markup renders as text everywhere', async ({ app, library, compare, server }, testInfo) => {
  const dialogs: string[] = [];
  app.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const dir = join(server.dataDir, 'hostile');
  await writeGeneratedPng(dir, 'hostile.png', { prompt: HOSTILE, negative: HOSTILE_NEG }, 0);
  const other = await writeGeneratedPng(
    join(server.dataDir, 'other'),
    'other.png',
    { prompt: `${HOSTILE} `, negative: HOSTILE_NEG, cfg: 6 },
    0,
  );

  await library.addFolder(dir);
  await library.waitForIndexed(dir, 1);
  await library.openImage('hostile.png');
  await expect(library.detail.getByTestId('tuple-prompt')).toHaveText(HOSTILE);
  await expect(library.detail.getByTestId('tuple-negative')).toHaveText(HOSTILE_NEG);
  await expect(library.cells.first()).toBeVisible();

  // Compare it with a copy whose prompt gained a trailing space: the prompt goes through diff2html too.
  await app.showView('compare');
  await compare.dropFiles([join(dir, 'hostile.png'), other], 'a');
  await compare.waitForResult();
  await expect(compare.paramDiff).toContainText('prompt: <img src=x onerror=alert(1)> a cat');
  await expect(compare.paramDiff).toContainText('<script>alert(2)</script>');
  await expect(app.page.locator('[data-testid=prompt-text-a-prompt]')).toContainText('<img src=x onerror=alert(1)>');

  // Nothing the metadata said became an element.
  expect(await app.page.locator('img[src="x"]').count()).toBe(0);
  expect(await app.page.locator('#root script, #root b').count()).toBe(0);
  expect(dialogs).toEqual([]);
  await app.page.screenshot({ path: testInfo.outputPath('xss.png') });
});
