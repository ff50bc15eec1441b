// `seedscope serve --open` where no browser can be opened (no display, as on a remote GPU box over ssh) says so
// and prints the URL to open by hand, instead of staying silent.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'seedscope-open-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('serve --open without a display names the reason and the URL', {
  skip: process.platform !== 'linux' ? 'the display check is Linux-only' : false,
}, async () => {
  const env = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const child = spawn(
    process.execPath,
    [
      path.join(REPO, 'bin', 'seedscope.js'),
      'serve',
      '--db',
      path.join(dir, 'library.sqlite'),
      '--port',
      '0',
      '--open',
    ],
    { env },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message within 30 s:\n${stdout}\n${stderr}`)), 30_000);
      const check = (): void => {
        if (/could not open a browser/.test(stderr) && /Listening on/.test(stdout)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      child.on('exit', () => reject(new Error(`serve exited:\n${stdout}\n${stderr}`)));
    });
    const url = /Listening on (\S+)/.exec(stdout)?.[1];
    assert.ok(url);
    assert.match(
      stderr,
      new RegExp(
        `could not open a browser \\(no graphical display: DISPLAY and WAYLAND_DISPLAY are unset\\); open ${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} yourself`,
      ),
    );
  } finally {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  }
});
