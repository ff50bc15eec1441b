// The desktop app through Playwright's _electron: where an Electron binary exists it opens the real window and
// checks what the unit tests can only check in code (the live webPreferences, the bridge, the CSP, navigation).
// Where no binary exists (these build machines cannot download one) it is skipped with the reason, never faked.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const repoRoot = resolve(__dirname, '..', '..');

/** The Electron executable, or why there is none. */
function findElectron(): { path: string } | { reason: string } {
  const missing =
    'node_modules/electron has no downloaded binary (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); the web-mode specs cover the app';
  // Electron 40+ downloads its binary the first time require('electron') finds none: look before asking, so a
  // machine without a binary (or a network) skips at once instead of trying a download.
  const pkg = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkg, 'path.txt');
  if (!process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    if (!existsSync(pathFile)) return { reason: `${missing} (no ${pathFile})` };
    const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
    if (!existsSync(binary)) return { reason: `${missing} (no ${binary})` };
  }
  try {
    const binary = require('electron') as unknown;
    if (typeof binary !== 'string') return { reason: 'the electron package did not name a binary' };
    if (!existsSync(binary)) return { reason: `${binary} does not exist` };
    return { path: binary };
  } catch (err) {
    // The reason first, in our words; Electron's own text only as the detail after it.
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { reason: `${missing}. Electron said: ${detail}` };
  }
}

const found = findElectron();
const skipReason = 'reason' in found ? `Skipped: no Electron binary: ${found.reason}` : '';
if (skipReason) console.log(skipReason);
test.skip(skipReason !== '', skipReason);

test('opens one secure window that talks only through the contract', async () => {
  if (!('path' in found)) return;
  // better-sqlite3 rebuilt for Electron's ABI, into a copy (the Node tests keep the Node build).
  const binding = execFileSync(process.execPath, [join(repoRoot, 'scripts', 'start-electron.js'), '--prepare-only'], {
    encoding: 'utf8',
  }).trim();
  const data = mkdtempSync(join(tmpdir(), 'seedscope-electron-'));
  const app = await electron.launch({
    executablePath: found.path,
    args: [repoRoot],
    env: { ...process.env, SEEDSCOPE_DB: join(data, 'library.sqlite'), SEEDSCOPE_SQLITE_BINDING: binding },
  });
  try {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle(/Seedscope/);
    expect(page.url()).toBe('seedscope://app/index.html');

    // Electron no longer reads webPreferences back (getWebPreferences was removed, electron#38451); the options
    // are pinned in code (window-security.test.ts), and here their effect is checked from inside the page.
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);

    const bridge = await page.evaluate(() => {
      const api = (window as unknown as { seedscope: Record<string, unknown> }).seedscope;
      return {
        keys: Object.keys(api).sort(),
        transport: api.transport,
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
      };
    });
    expect(bridge).toEqual({
      keys: ['imageRefForFile', 'mediaUrl', 'request', 'subscribe', 'transport'],
      transport: 'electron',
      require: 'undefined',
      process: 'undefined',
    });

    const info = await page.evaluate(async () => {
      const api = (
        window as unknown as {
          seedscope: { request(name: string, args: unknown): Promise<{ ok: boolean; value?: { mode: string } }> };
        }
      ).seedscope;
      return api.request('app.info', {});
    });
    expect(info.ok).toBe(true);
    expect(info.value?.mode).toBe('desktop');

    const refused = await page.evaluate(async () => {
      const api = (
        window as unknown as {
          seedscope: { request(name: string, args: unknown): Promise<{ ok: boolean; error?: { code: string } }> };
        }
      ).seedscope;
      return api.request('library.getImage', { imageId: '1; DROP TABLE images' });
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad-argument' } });

    // will-navigate is refused in main: no framenavigated event may follow the attempt.
    const navigated = page.waitForEvent('framenavigated', { timeout: 2000 }).then(
      () => true,
      () => false,
    );
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    expect(await navigated).toBe(false);
    expect(page.url()).toBe('seedscope://app/index.html');
    await page.screenshot({ path: test.info().outputPath('desktop-window.png') });
  } finally {
    await app.close();
    rmSync(data, { recursive: true, force: true });
  }
});
