// History: re-runs of one tuple grouped, the groups whose pixels disagree first, a group sent to Compare, and the
// near-duplicates of an image.
import { join } from 'node:path';
import { expect, test } from '../pages/harness';
import { writeGeneratedPng } from '../pages/generated-images';

test('reproducibility groups put disagreeing pixels first and compare them; near-duplicates are listed', async ({
  app,
  library,
  compare,
  server,
}, testInfo) => {
  const dir = join(server.dataDir, 'reruns');
  const lighthouse = { prompt: 'a lighthouse at dusk, oil painting', seed: '1234' };
  const fox = { prompt: 'a red fox in snow', seed: '99', sampler: 'DPM++ 2M' };
  // Three runs of one tuple, the third with different pixels; two runs of another that agree.
  await writeGeneratedPng(dir, 'lighthouse-1.png', lighthouse, 0);
  await writeGeneratedPng(dir, 'lighthouse-2.png', lighthouse, 0);
  await writeGeneratedPng(dir, 'lighthouse-3.png', lighthouse, 1);
  await writeGeneratedPng(dir, 'fox-1.png', fox, 2);
  await writeGeneratedPng(dir, 'fox-2.png', fox, 2);
  await library.addFolder(dir);
  await library.waitForIndexed(dir, 5);

  await app.press('2');
  await app.page.getByTestId('history-tab-groups').click();
  const view = app.page.getByTestId('groups-panel');
  await expect(view).toHaveAttribute('data-ready', 'true');
  const groups = app.page.getByTestId('repro-group');
  await expect(groups).toHaveCount(2);
  await expect(groups.first()).toHaveAttribute('data-agree', 'false');
  await expect(groups.first()).toContainText('3 images');
  await expect(groups.nth(1)).toHaveAttribute('data-agree', 'true');

  await app.page.getByTestId('only-disagreeing').check();
  await expect(groups).toHaveCount(1);
  await app.page.screenshot({ path: testInfo.outputPath('history.png') });

  // The group's Compare picks a pair whose pixels differ.
  await groups.first().getByTestId('group-compare').click();
  await expect(app.root).toHaveAttribute('data-view', 'compare');
  await compare.waitForResult();
  expect(await compare.verdictName()).not.toBe('bit-identical');
  await expect(compare.culprits.first()).toBeVisible();

  // Near-duplicates of one image: its re-runs come first, the identical one at distance 0.
  await app.press('1');
  await library.openImage('lighthouse-1.png');
  await library.detail.getByTestId('show-similar').click();
  const near = app.page.getByTestId('near-duplicates');
  await expect(near).toHaveAttribute('data-ready', 'true');
  await expect(near.getByTestId('similar-hit').first()).toContainText('same pixels');
});
