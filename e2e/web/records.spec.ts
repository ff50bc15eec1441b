// Run records and the reproducibility grade in a real browser: two indexed images with their providers' records
// beside them compare to "the provider rolled the model forward"; the Library shows each image's grade on its
// tile, filters by it, and the detail panel gives the reasons with what to change and the run record itself.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { corpusRoot, expect, test } from '../pages/harness';

const FIXTURES = join(__dirname, '..', '..', 'electron', 'images', 'run-records', 'run-record-fixtures');

test.describe('run records and grades', () => {
  test('two images with Replicate records of different versions: the model rolled forward is a culprit', async ({
    app,
    library,
    compare,
    server,
  }, testInfo) => {
    const dir = join(server.dataDir, 'hosted');
    mkdirSync(dir, { recursive: true });
    // What a hosted API hands back: a bare PNG (re-encoded without metadata), its prediction JSON beside it.
    await sharp(join(corpusRoot, 'a1111/sdm_png_sd-webui.png')).png().toFile(join(dir, 'march.png'));
    await sharp(join(corpusRoot, 'forge/sdm_png_reforge.png')).png().toFile(join(dir, 'april.png'));
    copyFileSync(join(FIXTURES, 'replicate-prediction.json'), join(dir, 'march.json'));
    copyFileSync(join(FIXTURES, 'replicate-prediction-rolled.json'), join(dir, 'april.json'));

    await library.addFolder(dir, { watch: false });
    await library.waitForIndexed(dir, 2);
    await library.showsImages(2);
    await library.cellNamed('march.png').getByTestId('cell-mark').check();
    await library.cellNamed('april.png').getByTestId('cell-mark').check();
    await app.press('c');
    await expect(app.root).toHaveAttribute('data-view', 'compare');
    await compare.waitForResult();

    const rolled = compare.culprits.filter({ hasText: 'rolled the model forward' });
    await expect(rolled).toHaveCount(1);
    await expect(rolled).toHaveAttribute('data-cause', 'model');
    await expect(rolled).toHaveAttribute('data-likelihood', 'high');
    await expect(rolled).toContainText('A ran stability-ai/sdxl version 7762fd07');
    await expect(rolled).toContainText('B ran version 39ed52f2');
    await expect(rolled.getByTestId('culprit-fix-code')).toContainText('"version": "7762fd07');
    // Both requests ran SDXL's refiner: a post-processing suspect with the value that turns it off.
    await expect(compare.culprits.filter({ hasText: 'input.refine' }).first()).toHaveAttribute(
      'data-cause',
      'postprocess',
    );
    await rolled.scrollIntoViewIfNeeded();
    await app.page.screenshot({ path: testInfo.outputPath('records-compare.png'), fullPage: true });
  });

  test('grade badges on the tiles, the grade filter, and the reasons in the detail panel', async ({
    app,
    library,
    server,
  }, testInfo) => {
    const dir = join(server.dataDir, 'graded');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(corpusRoot, 'forge/sdm_png_forge-classic-en.png'), join(dir, 'pinned.png'));
    copyFileSync(join(corpusRoot, 'a1111/dtools_a111_yodayo_test_thancred.jpeg'), join(dir, 'ancestral.jpeg'));
    copyFileSync(join(corpusRoot, '_no_metadata/sdm_png_gimp.png'), join(dir, 'bare.png'));

    await library.addFolder(dir, { watch: false });
    await library.waitForIndexed(dir, 3);
    await library.showsImages(3);
    await expect(library.cellNamed('pinned.png').getByTestId('cell-grade')).toHaveAttribute(
      'data-grade',
      'bit-identical-possible',
    );
    await expect(library.cellNamed('ancestral.jpeg').getByTestId('cell-grade')).toHaveAttribute(
      'data-grade',
      'visually-identical-at-best',
    );
    await expect(library.cellNamed('bare.png').getByTestId('cell-grade')).toHaveAttribute(
      'data-grade',
      'not-reproducible',
    );
    await expect(library.cellNamed('bare.png').getByTestId('cell-grade')).toHaveText('✕ not reproducible');
    await app.page.screenshot({ path: testInfo.outputPath('grade-badges.png') });

    await library.filter('grade', 'visually-identical-at-best');
    await library.showsImages(1);
    await expect(library.cellNamed('ancestral.jpeg')).toHaveCount(1);

    // A single click shows the details (a double click opens the full-screen viewer over them).
    await library.cellNamed('ancestral.jpeg').click();
    await expect(library.detail).toHaveAttribute('data-ready', 'true');
    const section = library.detail.getByTestId('grade-section');
    await expect(section.getByTestId('detail-grade')).toHaveText('visually identical at best');
    const reasons = section.getByTestId('grade-reasons').locator('li');
    await expect(reasons).toHaveCount(2);
    await expect(reasons.nth(0)).toHaveAttribute('data-code', 'sampler-gpu-noise');
    await expect(reasons.nth(0)).toContainText('Change: Use CPU noise');
    await expect(reasons.nth(1)).toHaveAttribute('data-code', 'lossy-container');
    await section.scrollIntoViewIfNeeded();
    await app.page.screenshot({ path: testInfo.outputPath('grade-detail.png') });

    await library.filter('grade', 'bit-identical-possible');
    await library.showsImages(1);
    await expect(library.cellNamed('pinned.png')).toHaveCount(1);
  });
});
