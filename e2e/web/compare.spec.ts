// Compare in a real browser: files dragged in with real drop events carrying real File objects (uploaded by the
// web mode), then the verdict, the heatmap overlay, the ranked culprits, the highlighted diff row with its fix,
// the byte-level prompt diff, and the stage modes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusRoot, expect, test } from '../pages/harness';
import { writeGeneratedPng } from '../pages/generated-images';

test.describe('compare', () => {
  test('two real corpus files dropped together: verdict, heatmap, culprit highlighted with its fix', async ({
    app,
    compare,
  }, testInfo) => {
    await app.showView('compare');
    // Same model and settings, different seeds (reForge vs Forge Classic samples of enslo/sd-metadata).
    await compare.dropFiles(
      [join(corpusRoot, 'forge/sdm_png_reforge.png'), join(corpusRoot, 'forge/sdm_png_forge-classic-en.png')],
      'a',
    );
    await compare.waitForResult();

    expect(await compare.verdictName()).toBe('different');
    await expect(compare.verdict).toContainText('thresholds');
    await compare.showHeatmap();
    await expect(app.page.getByTestId('heatmap-legend')).toBeVisible();

    await expect(compare.culprits.first()).toHaveAttribute('data-cause', 'seed');
    await expect(compare.culprits.first().getByTestId('culprit-fix-step')).not.toBeEmpty();
    const highlighted = compare.highlightedRows();
    await expect(highlighted.first()).toHaveAttribute('data-field', 'seed');
    await expect(compare.paramDiff.getByTestId('culprit-fix')).toContainText('fix');

    await app.page.screenshot({ path: testInfo.outputPath('compare-corpus.png') });
  });

  test('a pair that differs in the sampler and in prompt bytes: culprit, invisible characters, stage modes', async ({
    app,
    compare,
    server,
  }, testInfo) => {
    const dir = join(server.dataDir, 'pair');
    const a = await writeGeneratedPng(
      dir,
      'good.png',
      { prompt: 'a \u201ccat\u201d on a mat ', sampler: 'Euler a' },
      0,
    );
    const b = await writeGeneratedPng(dir, 'bad.png', { prompt: 'a "cat" on a\u200b mat', sampler: 'DPM++ 2M' }, 1);
    await app.showView('compare');
    await compare.dropFiles([a], 'a');
    await expect(app.page.getByTestId('dropzone-a')).toHaveAttribute('data-status', 'ready');
    await compare.dropFiles([b], 'b');
    await compare.waitForResult();

    expect(await compare.verdictName()).toBe('similar');
    await expect(compare.culprits.first()).toHaveAttribute('data-cause', 'sampler');
    await expect(compare.highlightedRows().filter({ hasText: 'DPM++ 2M' })).toHaveCount(1);
    await expect(compare.paramDiff.getByTestId('culprit-fix')).toContainText('Step 3');

    // The prompt diff shows what the eye cannot: the ZWSP, the trailing space, the curly quotes by code point.
    const prompt = app.page.locator('[data-testid=prompt-diff][data-field=prompt]');
    await expect(prompt.getByTestId('prompt-text-b-prompt')).toContainText('[ZWSP]');
    await expect(prompt.getByTestId('prompt-text-a-prompt')).toContainText('mat\u2423');
    await expect(prompt.getByTestId('prompt-text-a-prompt')).toContainText('U+201C');
    await expect(prompt.getByTestId('prompt-findings')).toContainText('curly');

    const overlay = await compare.showHeatmap();
    await expect(overlay).toHaveAttribute('src', /\/media\/heatmap\//);

    const stage = app.page.getByTestId('compare-stage');
    await app.press('f');
    await expect(stage).toHaveAttribute('data-mode', 'flicker');
    // Flicker alternates A and B in the same place.
    await expect(stage.getByTestId('stage-b')).toBeVisible();
    await expect(stage.getByTestId('stage-a')).toBeVisible();
    await app.press('f');
    await expect(stage).toHaveAttribute('data-mode', 'side');

    await app.press('w');
    await expect(stage).toHaveAttribute('data-mode', 'wipe');
    await app.page.getByTestId('wipe-slider').fill('20');
    await expect(stage.locator('.stage-clip')).toHaveAttribute('style', /inset\(0px 0px 0px 20%\)|inset\(0 0 0 20%\)/);

    // Zoom is shared: a wheel on one side scales both sides the same.
    await app.press('s');
    const sideA = stage.getByTestId('stage-a');
    const before = await sideA.evaluate((el) => getComputedStyle(el).transform);
    await stage.locator('.stage-pane').first().hover();
    await app.page.mouse.wheel(0, -400);
    await expect.poll(() => sideA.evaluate((el) => getComputedStyle(el).transform)).not.toBe(before);
    const transforms = await stage
      .locator('.stage-layer:not(.stage-heatmap)')
      .evaluateAll((els) => els.map((el) => getComputedStyle(el).transform));
    expect(new Set(transforms).size).toBe(1);

    await app.page.screenshot({ path: testInfo.outputPath('compare-generated.png') });
  });

  test('files dropped on the Library view go to Compare instead of replacing the page', async ({
    app,
    compare,
    server,
  }) => {
    const dir = join(server.dataDir, 'dropped');
    const a = await writeGeneratedPng(dir, 'left.png', { prompt: 'a boat', steps: 20 }, 0);
    const b = await writeGeneratedPng(dir, 'right.png', { prompt: 'a boat', steps: 30 }, 3);
    const url = app.page.url();
    await compare.dropFiles([a, b], 'library');
    await expect(app.root).toHaveAttribute('data-view', 'compare');
    await compare.waitForResult();
    await expect(compare.culprits.first()).toHaveAttribute('data-cause', 'steps');
    expect(app.page.url()).toBe(url);
  });

  test('two images marked in the library go to Compare with c', async ({ app, library, compare, server }) => {
    const dir = join(server.dataDir, 'runs');
    await writeGeneratedPng(dir, 'run1.png', { prompt: 'a lighthouse', seed: '7' }, 0);
    await writeGeneratedPng(dir, 'run2.png', { prompt: 'a lighthouse', seed: '8' }, 0);
    await library.addFolder(dir);
    await library.waitForIndexed(dir, 2);
    await library.showsImages(2);
    await app.press('x');
    await app.press('j');
    await app.press('x');
    await expect(app.page.getByTestId('marked-count')).toContainText('2 marked');
    await app.press('c');
    await expect(app.root).toHaveAttribute('data-view', 'compare');
    await compare.waitForResult();
    // Same pixels, different seed in the metadata: bit-identical, and the tuple diff still names the seed.
    expect(await compare.verdictName()).toBe('bit-identical');
    await expect(compare.paramDiff).toContainText('seed');
  });

  test.describe('bad input', () => {
    // The web mode refuses the upload of a file that is not an image with HTTP 400 (bad-argument).
    test.use({ allowedHttpErrors: [/\/api\/upload$/] });

    test('a file that is not an image gets a message naming it, and nothing crashes', async ({
      app,
      compare,
      server,
    }) => {
      const dir = join(server.dataDir, 'junk');
      const good = await writeGeneratedPng(dir, 'good.png', { prompt: 'x' }, 0);
      const junk = join(dir, 'notes.png');
      writeFileSync(junk, 'this is a text file with a .png name\n');
      await app.showView('compare');
      await compare.dropFiles([good, junk], 'a');
      const notice = app.page.getByTestId('error-notice');
      await expect(notice).toBeVisible({ timeout: 30_000 });
      await expect(notice).toContainText('notes.png');
      await expect(app.page.getByTestId('app')).toBeVisible();
    });
  });
});
