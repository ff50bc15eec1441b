// The Library view in a real browser on the web mode: index copies of corpus folders, search, filter, open an
// image and read its tuple, keyboard moves, copy as A1111 text, and the messages bad input gets.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyCorpus, expect, test } from '../pages/harness';
import { writeGeneratedPng } from '../pages/generated-images';

const A1111 = [
  'a1111/sdm_png_sd-webui.png',
  'a1111/sdm_webp_sd-webui.webp',
  'a1111/metahub_cli_a1111.png',
  'a1111/dtools_a111_yodayo_test_thancred.jpeg',
];
const COMFY = [
  'comfyui/metahub_cli_comfyui.png',
  'comfyui/cex_lora_lora.png',
  'comfyui/sdm_png_comfyui-saveimage-plus.png',
];

test.describe('library', () => {
  test('indexes corpus folders, then searches prompts and filters by parameters', async ({
    app,
    library,
    server,
  }, testInfo) => {
    const a1111 = copyCorpus(server, 'a1111', A1111);
    const comfy = copyCorpus(server, 'comfyui', COMFY);
    await library.addFolder(a1111);
    await library.addFolder(comfy);
    await library.waitForIndexed(a1111, A1111.length);
    await library.waitForIndexed(comfy, COMFY.length);
    await expect(app.page.getByTestId('job-summary').first()).toContainText('new/changed');
    await expect.poll(() => library.count()).toBe(A1111.length + COMFY.length);

    // Full-text search over prompts: "hatsune" is in the sd-webui sample's prompt only.
    await library.searchFor('hatsune');
    await expect(library.cellNamed('sdm_png_sd-webui.png')).toBeVisible();
    expect(await library.count()).toBeLessThan(A1111.length + COMFY.length);
    await library.searchFor('');

    // A seed beyond 2^32 (ComfyUI) is matched exactly, as a decimal string.
    await library.filter('seed', '156680208700286');
    await expect.poll(() => library.count()).toBe(1);
    await expect(library.cells.first()).toHaveAttribute('aria-label', 'metahub_cli_comfyui.png');
    await library.filter('seed', '');

    // Facet dropdowns list what the library holds; choosing the ComfyUI generator leaves only ComfyUI images.
    await library.filter('generator', 'comfyui');
    await expect.poll(() => library.count()).toBe(COMFY.length);
    await library.filter('generator', '');

    await library.filter('cfgMin', '6');
    await library.filter('cfgMax', '7');
    const inRange = await library.count();
    expect(inRange).toBeGreaterThan(0);
    expect(inRange).toBeLessThan(A1111.length + COMFY.length);
    await app.page.getByTestId('filters-clear').click();
    await expect.poll(() => library.count()).toBe(A1111.length + COMFY.length);

    await app.page.screenshot({ path: testInfo.outputPath('library.png') });
  });

  test('opens an image: the full tuple with origins and filled-in defaults, raw metadata, copy as A1111 text', async ({
    app,
    library,
    server,
    context,
  }, testInfo) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const dir = copyCorpus(server, 'a1111', A1111);
    await library.addFolder(dir);
    await library.waitForIndexed(dir, A1111.length);
    await library.openImage('sdm_png_sd-webui.png');

    const detail = library.detail;
    await expect(detail.getByTestId('tuple-seed')).toContainText('3782896554');
    await expect(detail.getByTestId('tuple-sampler')).toContainText('DPM++ 2M');
    await expect(detail.getByTestId('tuple-steps')).toContainText('20');
    await expect(detail.getByTestId('tuple-cfg')).toContainText('7');
    await expect(detail.getByTestId('tuple-model')).toContainText('waiIllustriousSDXL_v160');
    // Where each value was read is shown beside it.
    await expect(detail.getByTestId('tuple-seed')).toContainText('parameters');
    // A1111 leaves out RNG when it is the default (GPU): Seedscope fills it in and says so.
    await expect(detail.getByTestId('default-tag').first()).toBeVisible();
    await expect(detail.getByTestId('raw-entry').first()).toContainText('parameters');

    await detail.getByTestId('copy-a1111').click();
    await expect(app.page.getByTestId('toast')).toContainText('copied');
    const copied = await app.page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('Seed: 3782896554');
    expect(copied).toContain('Sampler: DPM++ 2M');

    await detail.getByTestId('copy-json').click();
    const json = JSON.parse(await app.page.evaluate(() => navigator.clipboard.readText())) as {
      tuple: { seed: string };
    };
    expect(json.tuple.seed).toBe('3782896554');

    await app.page.screenshot({ path: testInfo.outputPath('detail.png') });
  });

  test('keyboard: / focuses search, j/k move, Enter opens, Esc closes, ? lists the shortcuts, 1/2/3 switch views', async ({
    app,
    library,
    server,
  }) => {
    const dir = copyCorpus(server, 'a1111', A1111);
    await library.addFolder(dir);
    await library.waitForIndexed(dir, A1111.length);
    await library.showsImages(A1111.length);

    await app.press('/');
    await expect(library.search).toBeFocused();
    await app.press('Escape');
    await expect(library.search).not.toBeFocused();

    const selected = app.page.locator('[data-testid=grid-cell][aria-selected=true]');
    await expect(selected).toHaveAttribute('data-index', '0');
    await app.press('j');
    await expect(selected).toHaveAttribute('data-index', '1');
    await app.press('k');
    await expect(selected).toHaveAttribute('data-index', '0');
    await app.press('Enter');
    await expect(library.detail).toHaveAttribute('data-ready', 'true');
    const openedId = await selected.getAttribute('data-image-id');
    await expect(library.detail).toHaveAttribute('data-image-id', openedId ?? '');
    await app.press('Escape');
    await expect(library.detail).toHaveCount(0);

    await app.press('?');
    await expect(app.page.getByTestId('help-overlay')).toContainText('Focus the search box');
    await app.press('Escape');
    await expect(app.page.getByTestId('help-overlay')).toHaveCount(0);

    await app.press('2');
    await expect(app.root).toHaveAttribute('data-view', 'history');
    await app.press('3');
    await expect(app.root).toHaveAttribute('data-view', 'compare');
    await app.press('1');
    await expect(app.root).toHaveAttribute('data-view', 'library');
  });

  test('a watched folder: new images appear by themselves, and the watch setting survives a reload', async ({
    app,
    library,
    server,
  }) => {
    const dir = join(server.dataDir, 'watched');
    await writeGeneratedPng(dir, 'first.png', { prompt: 'first image' }, 0);
    await library.addFolder(dir);
    await library.waitForIndexed(dir, 1);
    const watch = library.folder(dir).getByRole('checkbox', { name: 'watch' });
    await expect(watch).toBeChecked();

    await writeGeneratedPng(dir, 'second.png', { prompt: 'second image' }, 1);
    await expect(library.cellNamed('second.png')).toBeVisible({ timeout: 30_000 });

    await Promise.all([app.page.waitForResponse(/\/api\/library\.setWatch$/), watch.uncheck()]);
    await app.page.reload();
    await expect(library.folder(dir).getByRole('checkbox', { name: 'watch' })).not.toBeChecked();
  });

  test('bad input: a missing folder and a truncated image are named, and the other files still index', async ({
    app,
    library,
    server,
  }) => {
    const missing = join(server.dataDir, 'no-such-folder');
    await app.page.getByTestId('folder-path-input').fill(missing);
    await app.page.getByTestId('folder-add').click();
    const notice = app.page.getByTestId('error-notice');
    await expect(notice).toContainText('Adding the folder');
    await expect(notice).toContainText('no-such-folder');

    const dir = copyCorpus(server, 'mixed', ['a1111/metahub_cli_a1111.png']);
    // A PNG cut in the middle of its IDAT: the signature is right, the pixels are not there.
    writeFileSync(
      join(dir, 'truncated.png'),
      Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61000000', 'hex'),
    );
    await library.addFolder(dir);
    await expect(app.page.getByTestId('job-summary')).toBeVisible({ timeout: 60_000 });
    await expect(library.cellNamed('metahub_cli_a1111.png')).toBeVisible();
    const summary = app.page.getByTestId('job-summary');
    await summary.locator('summary').click();
    await expect(summary).toContainText('truncated.png');
  });
});
