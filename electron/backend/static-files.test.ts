// The renderer bundle is served by path to the browser (web mode) and to seedscope://app (desktop): a table of
// hostile paths that must never leave the bundle folder.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { findStaticFile, resolveStaticPath } from './static-files';

const root = mkdtempSync(path.join(os.tmpdir(), 'seedscope-static-'));
const bundle = path.join(root, 'renderer');
mkdirSync(path.join(bundle, 'assets'), { recursive: true });
writeFileSync(path.join(bundle, 'index.html'), '<!doctype html>');
writeFileSync(path.join(bundle, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(path.join(root, 'secret.txt'), 'secret');
symlinkSync(path.join(root, 'secret.txt'), path.join(bundle, 'assets', 'link.js'));
after(() => rmSync(root, { recursive: true, force: true }));

test('bundle files and app routes resolve inside the bundle', () => {
  assert.equal(resolveStaticPath(bundle, '/'), path.join(bundle, 'index.html'));
  assert.equal(resolveStaticPath(bundle, '/assets/app.js'), path.join(bundle, 'assets', 'app.js'));
  assert.equal(resolveStaticPath(bundle, '/assets/app.js?v=1'), path.join(bundle, 'assets', 'app.js'));
  assert.equal(resolveStaticPath(bundle, '/compare'), path.join(bundle, 'index.html'));
});

const hostile = [
  '/../secret.txt',
  '/assets/../../secret.txt',
  '/%2e%2e/secret.txt',
  '/assets/%2e%2e/%2e%2e/secret.txt',
  '/..%2fsecret.txt',
  '/assets/..%5c..%5csecret.txt',
  '/assets\\..\\..\\secret.txt',
  '/assets/app.js%00.png',
  '/C:/Windows/win.ini',
  '/%E0%A4%A',
  'assets/app.js',
  '//etc/passwd.txt',
];

for (const p of hostile) {
  test(`refuses ${JSON.stringify(p)}`, async () => {
    const resolved = resolveStaticPath(bundle, p);
    assert.ok(resolved === null || resolved.startsWith(bundle + path.sep), `${p} resolved to ${resolved}`);
    const file = await findStaticFile(bundle, p);
    assert.ok(file === null || file.path.startsWith(bundle + path.sep));
  });
}

test('a symlink inside the bundle that points out is not served', async () => {
  assert.equal(await findStaticFile(bundle, '/assets/link.js'), null);
  assert.equal((await findStaticFile(bundle, '/assets/app.js'))?.contentType, 'text/javascript; charset=utf-8');
});
