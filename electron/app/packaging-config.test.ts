// Issue #18, item 5: packaging checks that run without an Electron binary.
// - electron-builder itself, on the real electron-builder.yml and package.json, for the Linux targets (deb,
//   AppImage): `prepackaged` skips unpacking Electron, and `effectiveOptionComputed` stops each target after it
//   has validated the configuration and computed its metadata, before fpm/appimagetool would run. `npm run dist`
//   failed here for the deb: no `homepage`, no author email.
// - the afterPack hook that sets Electron's fuses, run on a stand-in binary that carries Electron's fuse sentinel.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const work = mkdtempSync(path.join(os.tmpdir(), 'seedscope-packaging-'));
after(() => rmSync(work, { recursive: true, force: true }));

interface BuilderModule {
  build(options: Record<string, unknown>): Promise<string[]>;
  Platform: { LINUX: { createTarget(types: string[], arch: number): unknown } };
  Arch: { x64: number };
}

test('electron-builder accepts the configuration and computes the deb and AppImage metadata', async () => {
  const builder = require(path.join(repoRoot, 'node_modules', 'electron-builder')) as BuilderModule;
  const computed: unknown[] = [];
  const prepackaged = mkdtempSync(path.join(work, 'unpacked-'));
  await builder.build({
    projectDir: repoRoot,
    targets: builder.Platform.LINUX.createTarget(['deb', 'AppImage'], builder.Arch.x64),
    prepackaged,
    publish: 'never',
    config: { directories: { output: path.join(work, 'release') } },
    effectiveOptionComputed: async (options: unknown) => {
      computed.push(options);
      return true;
    },
  });
  const text = JSON.stringify(computed);
  assert.equal(computed.length, 2, 'both Linux targets got as far as their packaging step');
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    homepage: string;
    author: { name: string; email: string };
  };
  assert.ok(
    text.includes(`"--maintainer","${pkg.author.name} <${pkg.author.email}>"`),
    'the deb names its maintainer with an email',
  );
  assert.ok(text.includes(`"--url","${pkg.homepage}"`), 'the deb names the homepage');
  assert.match(text, /\[Desktop Entry\][^"]*Name=Seedscope/, 'the AppImage desktop entry');
});

test('the electron-builder configuration pins the installed Electron and runs the fuses hook', () => {
  const yml = readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8');
  const installed = (
    JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  assert.match(yml, new RegExp(`^electronVersion: ${installed.replace(/\./g, '\\.')}$`, 'm'));
  assert.match(yml, /^afterPack: scripts\/electron-fuses\.js$/m);
  // Electron supports its latest three majors; 45 was the newest on 2026-12-05 (releases every 8 weeks).
  assert.ok(Number(installed.split('.')[0]) >= 43, `Electron ${installed} is inside the support window`);
});

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron 45's default fuse wire: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, ... */
const DEFAULT_WIRE = '10110001';

test('the afterPack hook flips the fuses in the packaged executable', async () => {
  const appOutDir = mkdtempSync(path.join(work, 'linux-unpacked-'));
  const executable = path.join(appOutDir, 'seedscope');
  writeFileSync(
    executable,
    Buffer.concat([
      Buffer.from('\x7fELF...'),
      Buffer.from(SENTINEL),
      Buffer.from([1, DEFAULT_WIRE.length]),
      Buffer.from(DEFAULT_WIRE),
      Buffer.from('...rest'),
    ]),
  );
  const hook = require(path.join(repoRoot, 'scripts', 'electron-fuses.js')) as (context: unknown) => Promise<void>;
  await hook({
    appOutDir,
    electronPlatformName: 'linux',
    arch: 1,
    packager: { executableName: 'seedscope', appInfo: { productFilename: 'Seedscope' } },
  });
  const bytes = readFileSync(executable);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length + 2;
  const wire = bytes.subarray(at, at + DEFAULT_WIRE.length).toString('latin1');
  // RunAsNode 0, cookie encryption 1, NODE_OPTIONS 0, inspect 0, ASAR integrity 1, only ASAR 1; the rest untouched.
  assert.equal(wire, '01001101');
});
