// Compare, read as a person reads it: the heatmap covers B's pane only (A stays visible as the reference), an
// identical pair's legend says so instead of "Δ 1 … 1", and a share just below 100% never prints as 100.00%.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test } from '../pages/harness';
import { writeGeneratedPng } from '../pages/generated-images';
import { formatPercent } from '../../renderer/components/format-percent';

test('formatPercent never rounds up to 100% or down to 0%', () => {
  expect(formatPercent(0.999998)).toBe('>99.99%');
  expect(formatPercent(0.99994)).toBe('99.99%');
  expect(formatPercent(1)).toBe('100%');
  expect(formatPercent(0.0000004)).toBe('<0.01%');
  expect(formatPercent(0)).toBe('0%');
  expect(formatPercent(0.5)).toBe('50.00%');
});

test("the heatmap overlays only B in side-by-side, and only B's side of the wipe", async ({
  app,
  compare,
  server,
}, testInfo) => {
  const dir = join(server.dataDir, 'pair');
  const a = await writeGeneratedPng(dir, 'a.png', { prompt: 'a lighthouse', seed: '1' }, 0);
  const b = await writeGeneratedPng(dir, 'b.png', { prompt: 'a lighthouse', seed: '2' }, 2);
  await app.showView('compare');
  await compare.dropFiles([a, b], 'a');
  await compare.waitForResult();
  await compare.showHeatmap();
  const stage = app.page.getByTestId('compare-stage');
  const paneA = stage.locator('.stage-pane').filter({ has: app.page.getByTestId('stage-a') });
  const paneB = stage.locator('.stage-pane').filter({ has: app.page.getByTestId('stage-b') });
  await expect(stage.getByTestId('heatmap-overlay')).toHaveCount(1);
  await expect(paneA.getByTestId('heatmap-overlay')).toHaveCount(0);
  await expect(paneB.getByTestId('heatmap-overlay')).toHaveCount(1);
  await expect(paneB).toContainText('heatmap');
  await expect(app.page.getByTestId('heatmap-legend')).toContainText('Δ 1 …');
  await app.page.screenshot({ path: testInfo.outputPath('side-heatmap.png') });

  await app.press('w');
  await expect(stage).toHaveAttribute('data-mode', 'wipe');
  await expect(stage.locator('.stage-clip').getByTestId('heatmap-overlay')).toHaveCount(1);
});

test('an identical pair: the legend says so; 99.9998% changed shows as >99.99%', async ({
  app,
  compare,
  server,
}, testInfo) => {
  const dir = join(server.dataDir, 'same');
  const a = await writeGeneratedPng(dir, 'first.png', { prompt: 'a lighthouse', seed: '7' }, 0);
  const b = await writeGeneratedPng(dir, 'again.png', { prompt: 'a lighthouse', seed: '8' }, 0);
  await app.showView('compare');
  await compare.dropFiles([a, b], 'a');
  await compare.waitForResult();
  expect(await compare.verdictName()).toBe('bit-identical');
  const legend = app.page.getByTestId('heatmap-legend');
  await expect(legend).toHaveAttribute('data-identical', 'true');
  await expect(legend).toContainText('identical pixels');
  await expect(legend).not.toContainText('Δ 1 … 1');
  await app.page.screenshot({ path: testInfo.outputPath('identical-legend.png') });

  // 1000x1000 pixels, all but two changed: 99.9998%.
  const big = join(server.dataDir, 'big');
  mkdirSync(big, { recursive: true });
  const size = 1000;
  const black = Buffer.alloc(size * size * 3, 0);
  const white = Buffer.alloc(size * size * 3, 255);
  white.fill(0, 0, 6);
  await sharp(black, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toFile(join(big, 'black.png'));
  await sharp(white, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toFile(join(big, 'white.png'));
  await app.page.getByTestId('tab-library').click();
  await app.showView('compare');
  await compare.dropFiles([join(big, 'black.png'), join(big, 'white.png')], 'a');
  await expect(compare.verdict).toContainText('999,998 px', { timeout: 60_000 });
  await expect(compare.verdict).toContainText('(>99.99%)');
  await expect(compare.verdict).not.toContainText('100.00%');
});
