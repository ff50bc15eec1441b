// The zip writer read back by the tools people use: `unzip -l` / `unzip -p` and Python's zipfile (CRC checked).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { storedZip } from './stored-zip';

const dir = mkdtempSync(path.join(tmpdir(), 'seedscope-zip-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('unzip and Python zipfile list and read every entry byte for byte, UTF-8 names included', () => {
  const entries = [
    { name: 'cat.png.xmp', data: Buffer.from('<x:xmpmeta/>\n') },
    { name: 'day 2/ミク テスト.png.seedscope.json', data: Buffer.from('{"seed":"42"}\n') },
    { name: 'empty.txt', data: Buffer.alloc(0) },
  ];
  const file = path.join(dir, 'sidecars.zip');
  writeFileSync(file, storedZip(entries));
  const listing = execFileSync('unzip', ['-l', file], { encoding: 'utf8' });
  // unzip prints non-ASCII names according to the locale; Python below checks the UTF-8 names exactly.
  assert.ok(listing.includes('cat.png.xmp') && listing.includes('empty.txt') && /\b3 files\b/.test(listing), listing);
  assert.equal(execFileSync('unzip', ['-p', file, 'cat.png.xmp'], { encoding: 'utf8' }), '<x:xmpmeta/>\n');
  const python = `import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(json.dumps({i.filename: z.read(i).decode() for i in z.infolist()}))`;
  const read = JSON.parse(execFileSync('python3', ['-c', python, file], { encoding: 'utf8' })) as Record<
    string,
    string
  >;
  assert.deepEqual(read, Object.fromEntries(entries.map((e) => [e.name, e.data.toString()])));
});

test('refuses names that would escape the folder it is unpacked into, and duplicates', () => {
  for (const name of ['../evil', '/etc/passwd', 'a/../../b', 'a\\b', '']) {
    assert.throws(() => storedZip([{ name, data: Buffer.from('x') }]), /not a plain relative path/, name);
  }
  assert.throws(
    () =>
      storedZip([
        { name: 'a', data: Buffer.alloc(0) },
        { name: 'a', data: Buffer.alloc(0) },
      ]),
    /twice/,
  );
});
