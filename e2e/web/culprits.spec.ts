// The culprit card in a real browser, on pairs people actually drop in, made from a real corpus file: a JPEG copy
// (the card names the lossy side and its quality, with the fix command in its own code block) and a crop (the card
// gives the crop box and the statistics of the aligned overlap) and an upscale (the scale factor).
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { corpusRoot, expect, test } from '../pages/harness';

function evidenceRow(card: import('@playwright/test').Locator, label: string) {
  return card.locator(`.culprit-evidence-row[data-label="${label}"] dd`);
}

test.describe('culprit card', () => {
  test('a PNG and its JPEG copy: encoding, lossy side B, quality 80, fix code as a block', async ({
    app,
    compare,
    server,
  }, testInfo) => {
    const dir = join(server.dataDir, 'encoding');
    mkdirSync(dir, { recursive: true });
    const original = join(dir, 'original.png');
    copyFileSync(join(corpusRoot, 'a1111/sdm_png_sd-webui.png'), original);
    const copy = join(dir, 'shared-copy.jpg');
    await sharp(original).jpeg({ quality: 80 }).toFile(copy);

    await app.showView('compare');
    await compare.dropFiles([original, copy], 'a');
    await compare.waitForResult();

    const top = compare.culprits.first();
    await expect(top).toHaveAttribute('data-cause', 'encoding');
    await expect(top).toHaveAttribute('data-likelihood', 'high');
    await expect(top).toContainText('Lossy copy / re-encoded');
    await expect(evidenceRow(top, 'lossy side')).toHaveText('B');
    await expect(evidenceRow(top, 'JPEG quality (estimated)')).toContainText('80');
    await expect(evidenceRow(top, 'B container / codec')).toHaveText('JPEG, quality 80 (lossy)');
    await expect(top.getByTestId('culprit-explanation')).toContainText('can never be bit-identical');
    await expect(top.getByTestId('culprit-fix-code')).toHaveText('seedscope similar COPY.jpg');
    // The stripped metadata is named too, below the encoding.
    await expect(compare.culprits.nth(1)).toHaveAttribute('data-cause', 'metadata-missing');

    await app.page.screenshot({ path: testInfo.outputPath('culprit-encoding.png'), fullPage: true });
  });

  test('a crop of a corpus image: geometry, the crop box and the overlap statistics', async ({
    app,
    compare,
    server,
  }, testInfo) => {
    const dir = join(server.dataDir, 'geometry');
    mkdirSync(dir, { recursive: true });
    const original = join(dir, 'original.png');
    copyFileSync(join(corpusRoot, 'a1111/sdm_png_sd-webui.png'), original);
    const crop = join(dir, 'cropped.png');
    await sharp(original).extract({ left: 100, top: 150, width: 700, height: 600 }).png().toFile(crop);

    await app.showView('compare');
    await compare.dropFiles([original, crop], 'a');
    await compare.waitForResult();

    const top = compare.culprits.first();
    await expect(top).toHaveAttribute('data-cause', 'geometry');
    await expect(top).toContainText('Cropped or resized after generation');
    await expect(evidenceRow(top, 'crop box (in the larger image)')).toHaveText('x 100, y 150, 700x600 of A');
    await expect(evidenceRow(top, 'SSIM')).toHaveText('1.0000');
    await expect(evidenceRow(top, 'changed pixels')).toHaveText('0 (0.000%)');
    await expect(top.getByTestId('culprit-explanation')).toContainText('B is a crop of A');

    await app.page.screenshot({ path: testInfo.outputPath('culprit-geometry.png'), fullPage: true });
  });

  test('an x2 upscale saved as JPEG: geometry with the scale factor', async ({ app, compare, server }, testInfo) => {
    const dir = join(server.dataDir, 'scale');
    mkdirSync(dir, { recursive: true });
    const original = join(dir, 'original.png');
    copyFileSync(join(corpusRoot, 'a1111/sdm_png_sd-webui.png'), original);
    const upscaled = join(dir, 'upscaled-x2.jpg');
    await sharp(original).resize(2048, 2048).jpeg({ quality: 90 }).toFile(upscaled);

    await app.showView('compare');
    await compare.dropFiles([original, upscaled], 'a');
    await compare.waitForResult();

    const top = compare.culprits.first();
    await expect(top).toHaveAttribute('data-cause', 'geometry');
    await expect(evidenceRow(top, 'scale factor')).toHaveText('x2 (B larger)');
    await expect(evidenceRow(top, 'containers')).toContainText('B JPEG, quality 90 (lossy)');
    await expect(top.getByTestId('culprit-explanation')).toContainText('upscaled after generation');

    await app.page.screenshot({ path: testInfo.outputPath('culprit-scale.png'), fullPage: true });
  });
});
