// The attack list of issue #18 ("Hardening: what an attack on the current build broke"): every group the attack
// broke, and the test that now pins each fix. This index fails when a named test is renamed or removed, so the
// list stays true; the tests themselves run where they sit, beside their modules.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

interface Attack {
  group: string;
  attack: string;
  /** Source test file, from the repository root, and the title of the test that pins the fix. */
  file: string;
  title: string;
}

const ATTACKS: readonly Attack[] = [
  {
    group: '1. memory under parallel compares (web mode)',
    attack: 'eight 4096² compares at once against `seedscope serve`',
    file: 'electron/server/compare-memory.test.ts',
    title: 'eight 4096² compares at once: a bounded queue, a clear busy answer, and a bounded peak RSS',
  },
  {
    group: '2. terminal injection through the CLI',
    attack: 'OSC/CSI/C1/bidi sequences in a prompt and a file name',
    file: 'electron/cli/terminal-text.test.ts',
    title: 'show prints a hostile prompt and file name escaped, and --json keeps the exact bytes',
  },
  {
    group: '2. terminal injection through the CLI',
    attack: 'a hostile file name in an error message',
    file: 'electron/cli/terminal-text.test.ts',
    title: 'an error naming a hostile file is escaped on stderr',
  },
  {
    group: '3. writing into an indexed folder through a symlink',
    attack: 'records.export into a symlink that points into an indexed folder',
    file: 'electron/backend/sidecar-export.test.ts',
    title: 'records.export refuses an export folder that is a symlink into an indexed folder, and writes nothing there',
  },
  {
    group: '3. writing into an indexed folder through a symlink',
    attack: 'a library row whose path points outside every indexed folder',
    file: 'electron/backend/sidecar-export.test.ts',
    title: 'a library row pointing outside every indexed folder is not read by records.export',
  },
  {
    group: '4. orphaned indexer',
    attack: 'kill -9 of `seedscope index --watch` (the malloc-tuned child ran on)',
    file: 'electron/cli/commands/index-orphan.test.ts',
    title: 'the re-spawned indexer exits when its parent is killed with -9',
  },
  {
    group: '4. orphaned indexer',
    attack: 'SIGTERM to the parent alone',
    file: 'electron/cli/commands/index-orphan.test.ts',
    title: 'a SIGTERM sent to the parent alone stops the child cleanly, and the parent reports its exit',
  },
  {
    group: '5. Electron',
    attack: '`npm run dist` deb without homepage / author email; the builder configuration',
    file: 'electron/app/packaging-config.test.ts',
    title: 'electron-builder accepts the configuration and computes the deb and AppImage metadata',
  },
  {
    group: '5. Electron',
    attack: 'RunAsNode, NODE_OPTIONS, --inspect, cookie encryption, ASAR integrity, only-ASAR fuses',
    file: 'electron/app/packaging-config.test.ts',
    title: 'the afterPack hook flips the fuses in the packaged executable',
  },
  {
    group: '5. Electron',
    attack: 'an Electron major out of support',
    file: 'electron/app/packaging-config.test.ts',
    title: 'the electron-builder configuration pins the installed Electron and runs the fuses hook',
  },
  {
    group: '5. Electron',
    attack: 'the start-up error lost behind "stopped while starting"',
    file: 'electron/app/backend-fatal.test.ts',
    title: 'the real start-up error reaches main even when the exit would travel faster',
  },
  {
    group: '5. Electron',
    attack: 'a window restored maximized shown before its content',
    file: 'electron/app/window-reveal.test.ts',
    title: 'a maximized window is maximized and shown only when its content is ready',
  },
  {
    group: '6. smaller holes',
    attack: 'TIFF/GIF/SVG through libvips loaders outside the supported list',
    file: 'electron/pixels/decode-loaders.test.ts',
    title: 'TIFF, GIF and SVG inputs are refused by name, before any pixel is decoded',
  },
  {
    group: '6. smaller holes',
    attack: 'a 10^6-deep `prompt` array',
    file: 'electron/metadata/comfy/deep-prompt-array.test.ts',
    title: 'a 10^6-deep prompt array is reported, not dropped in silence',
  },
  {
    group: '6. smaller holes',
    attack: 'heatmaps piling up until restart',
    file: 'electron/backend/cache-bounds.test.ts',
    title: 'a compare sweeps heatmaps past their age while the server runs, not only at start-up',
  },
  {
    group: '6. smaller holes',
    attack: 'uploads without a total cap',
    file: 'electron/backend/cache-bounds.test.ts',
    title: 'uploads are capped in total: the oldest upload makes room for a new one',
  },
  {
    group: '6. smaller holes',
    attack: '`--token` visible in `ps`',
    file: 'electron/cli/commands/serve-token.test.ts',
    title: 'SEEDSCOPE_TOKEN guards the server and never appears in its command line',
  },
  {
    group: '6. smaller holes',
    attack: 'addFolder("/proc/self") in loopback mode',
    file: 'electron/backend/pseudo-filesystems.test.ts',
    title: 'addFolder refuses /proc/self, /sys and /dev folders and says why',
  },
];

test('the attack list covers every group of issue #18', () => {
  const groups = new Set(ATTACKS.map((a) => a.group.split('.')[0]));
  assert.deepEqual([...groups].sort(), ['1', '2', '3', '4', '5', '6']);
});

test('every attack names a test that exists', () => {
  // Electronegativity's triage is the one check that is a script, not a test: npm test runs it.
  assert.ok(existsSync(path.join(repoRoot, 'docs', 'electronegativity-triage.json')));
  for (const attack of ATTACKS) {
    const file = path.join(repoRoot, attack.file);
    assert.ok(existsSync(file), `${attack.file} (${attack.attack})`);
    assert.ok(
      readFileSync(file, 'utf8').includes(`'${attack.title}'`),
      `${attack.file} has no test titled "${attack.title}"`,
    );
  }
});
