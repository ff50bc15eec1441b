// The walk against hostile folder trees (reliability-notes.md): FIFOs, symlink loops, crossing links,
// non-UTF-8 names, unreadable folders.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { walkImageFiles } from './folder-walk';

const PNG_SIGNATURE = Buffer.from('89504e470d0a1a0a', 'hex');

describe('folder walk', () => {
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-walk-'));
    fs.mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
    fs.writeFileSync(path.join(root, 'top.png'), PNG_SIGNATURE);
    fs.writeFileSync(path.join(root, 'a', 'one.JPG'), PNG_SIGNATURE);
    fs.writeFileSync(path.join(root, 'a', 'b', 'two.webp'), PNG_SIGNATURE);
    fs.writeFileSync(path.join(root, 'a', 'notes.txt'), 'not an image');
    execFileSync('mkfifo', [path.join(root, 'a', 'x.png')]);
    fs.symlinkSync('..', path.join(root, 'a', 'b', 'up'));
    fs.symlinkSync(path.join(root, 'a'), path.join(root, 'a', 'b', 'cross1'));
    fs.symlinkSync(path.join(root, 'a', 'b'), path.join(root, 'a', 'cross2'));
    fs.symlinkSync(path.join(root, 'top.png'), path.join(root, 'a', 'link.png'));
    fs.writeFileSync(
      Buffer.concat([
        Buffer.from(path.join(root, 'a') + path.sep),
        Buffer.from([0x66, 0xff, 0xfe]),
        Buffer.from('.png'),
      ]),
      PNG_SIGNATURE,
    );
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lists regular image files only: no FIFO, no symlink followed, loops terminate', async () => {
    const result = await walkImageFiles(root);
    const names = result.files.map((f) => path.relative(root, f.path)).sort();
    assert.deepEqual(names, ['a/b/two.webp', 'a/one.JPG', 'top.png']);
    assert.equal(result.files.find((f) => f.path.endsWith('top.png'))?.size, 8);
  });

  it('reports a non-UTF-8 file name and skips it', async () => {
    const result = await walkImageFiles(root);
    const problem = result.problems.find((p) => /UTF-8/.test(p.reason));
    assert.ok(problem, JSON.stringify(result.problems));
    assert.ok(problem.path.startsWith(path.join(root, 'a')));
  });

  it('reports an unreadable folder, lists it as unreachable and walks on', (t) => {
    const canDrop = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status === 0;
    if (!canDrop) {
      t.skip('setpriv cannot drop privileges here (as root, chmod 000 does not deny access)');
      return;
    }
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-walk-perm-'));
    try {
      fs.chmodSync(tree, 0o755);
      fs.mkdirSync(path.join(tree, 'open'));
      fs.mkdirSync(path.join(tree, 'closed'));
      fs.writeFileSync(path.join(tree, 'open', 'ok.png'), PNG_SIGNATURE);
      fs.writeFileSync(path.join(tree, 'closed', 'hidden.png'), PNG_SIGNATURE);
      fs.chmodSync(path.join(tree, 'closed'), 0o000);
      const script =
        `require(${JSON.stringify(path.join(__dirname, 'folder-walk.js'))}).walkImageFiles(${JSON.stringify(tree)})` +
        '.then((r) => process.stdout.write(JSON.stringify(r)))';
      const out = execFileSync(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script],
        { encoding: 'utf8' },
      );
      const result = JSON.parse(out) as Awaited<ReturnType<typeof walkImageFiles>>;
      assert.deepEqual(
        result.files.map((f) => path.basename(f.path)),
        ['ok.png'],
      );
      assert.deepEqual(result.unreadableFolders, [path.join(tree, 'closed')]);
      assert.match(result.problems[0].reason, /permission denied/);
    } finally {
      fs.chmodSync(path.join(tree, 'closed'), 0o755);
      fs.rmSync(tree, { recursive: true, force: true });
    }
  });
});
