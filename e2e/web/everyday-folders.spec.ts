// Adding a folder from a browser on another machine: the server's folders under `serve --root` are offered to
// pick from, one level at a time, and nothing outside them (not even through a symlink) can be listed.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSeedscopeServer } from '../fixtures/seedscope-server';
import { AppPage } from '../pages/app-page';
import { LibraryPage } from '../pages/library-page';
import { writeGeneratedPng } from '../pages/generated-images';
import { expect, test } from '../fixtures/test';

test('the folder picker lists only the --root folders and adds the one picked', async ({ page }, testInfo) => {
  const outside = mkdtempSync(join(tmpdir(), 'seedscope-outside-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'seedscope-picker-'));
  const root = join(dataDir, 'outputs');
  mkdirSync(join(root, '2026-12-01'), { recursive: true });
  mkdirSync(join(root, 'txt2img'), { recursive: true });
  await writeGeneratedPng(join(root, 'txt2img'), 'lighthouse.png', { prompt: 'a lighthouse', seed: '5' }, 0);
  symlinkSync(outside, join(root, 'escape'));
  const server = await startSeedscopeServer({ dataDir: join(dataDir, 'server'), serveArgs: ['--root', root] });
  try {
    const app = new AppPage(page);
    const library = new LibraryPage(page);
    await app.open(server.url + '/');
    await page.getByTestId('folder-browse').click();
    const picker = page.getByTestId('folder-picker');
    await expect(picker.getByTestId('picker-folder')).toHaveText([`▸ ${root}`]);
    await picker.getByTestId('picker-folder').click();
    await expect(picker).toHaveAttribute('data-path', root);
    // Subfolders only; the symlink that leads out of the root is not offered.
    await expect(picker.getByTestId('picker-folder')).toHaveText(['▸ 2026-12-01', '▸ txt2img']);
    await page.screenshot({ path: testInfo.outputPath('folder-picker.png') });
    await picker.getByTestId('picker-folder').filter({ hasText: 'txt2img' }).click();
    await picker.getByTestId('picker-choose').click();
    await expect(page.getByTestId('folder-path-input')).toHaveValue(join(root, 'txt2img'));
    await page.getByTestId('folder-add').click();
    await library.waitForIndexed(join(root, 'txt2img'), 1);

    // The request itself refuses what the picker never offers.
    const escaped = await server.api('library.browseFolders', { path: join(root, 'escape') });
    expect(escaped.ok ? 'listed' : escaped.error.code).toBe('outside-roots');
    const parent = await server.api('library.browseFolders', { path: dataDir });
    expect(parent.ok ? 'listed' : parent.error.code).toBe('outside-roots');
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});

test('without --root the picker says how to turn browsing on', async ({ page }) => {
  const server = await startSeedscopeServer();
  try {
    await new AppPage(page).open(server.url + '/');
    await page.getByTestId('folder-browse').click();
    await expect(page.getByTestId('folder-picker')).toContainText('seedscope serve --root DIR');
  } finally {
    await server.stop();
  }
});
