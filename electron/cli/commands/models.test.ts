// `seedscope models` as a subprocess: hashes checked against coreutils, progress on stderr, the size+mtime cache,
// a file whose bytes changed flagged, and library images linked to the model file their hash names.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const BIN = path.join(REPO, 'bin', 'seedscope.js');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');
const dir = mkdtempSync(path.join(tmpdir(), 'seedscope-models-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function sha256sum(file: string, skip = 0): string {
  return execFileSync('sh', ['-c', `tail -c +${skip + 1} "$0" | sha256sum`, file], { encoding: 'utf8' }).split(' ')[0];
}

interface Row {
  name: string;
  status: string;
  sha256: string;
  autov1: string;
  autov2: string;
  autov3: string | null;
  swarmTensorHash: string | null;
  previous: { sha256: string } | null;
  images: number;
  imagesWithEarlierBytes: number;
}

test('models: JSON hashes match coreutils, second run is cached, changed bytes are flagged, images link to their model', () => {
  const models = path.join(dir, 'models');
  mkdirSync(path.join(models, 'Lora'), { recursive: true });
  const checkpoint = path.join(models, 'base.ckpt');
  writeFileSync(checkpoint, Buffer.alloc(1_200_000, 5));
  const header = Buffer.from('{"__metadata__":{"ss_network_dim":"8"}}');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  const lora = path.join(models, 'Lora', 'style.safetensors');
  writeFileSync(lora, Buffer.concat([length, header, Buffer.alloc(4096, 3)]));
  const db = path.join(dir, 'library.sqlite');

  const first = run('models', models, '--db', db, '--json');
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /\[1\/2\] .*base\.ckpt 100%/, 'progress on stderr');
  const rows = (JSON.parse(first.stdout) as { files: Row[] }).files;
  const ckpt = rows.find((r) => r.name === 'base.ckpt') as Row;
  const st = rows.find((r) => r.name === 'style.safetensors') as Row;
  assert.equal(ckpt.sha256, sha256sum(checkpoint));
  assert.equal(ckpt.autov2, sha256sum(checkpoint).slice(0, 10));
  assert.equal(
    ckpt.autov1,
    execFileSync('sh', ['-c', `tail -c +1048577 "$0" | head -c 65536 | sha256sum`, checkpoint], {
      encoding: 'utf8',
    }).slice(0, 8),
  );
  assert.equal(ckpt.autov3, null);
  assert.equal(st.autov3, sha256sum(lora, 8 + header.length).slice(0, 12));
  assert.equal(st.swarmTensorHash, `0x${sha256sum(lora, 8 + header.length)}`);
  assert.deepEqual(
    rows.map((r) => r.status),
    ['new', 'new'],
  );

  // Index an A1111 image into the same library, then point its stated model hash at our checkpoint's AutoV2.
  const images = path.join(dir, 'images');
  mkdirSync(images);
  copyFileSync(path.join(CORPUS, 'a1111', 'metahub_cli_a1111.png'), path.join(images, 'a.png'));
  assert.equal(run('index', images, '--db', db).status, 0);
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  const handle = new Database(db);
  handle
    .prepare(
      `UPDATE images SET model_hash = ?, tuple_json = json_set(tuple_json, '$.modelHash', ?, '$.modelHashType', 'autov2')`,
    )
    .run(ckpt.autov2, ckpt.autov2);
  handle.close();

  const second = run('models', models, '--db', db, '--json');
  assert.equal(second.status, 0, second.stderr);
  const cached = (JSON.parse(second.stdout) as { files: Row[] }).files;
  assert.deepEqual(
    cached.map((r) => r.status),
    ['cached', 'cached'],
  );
  assert.equal(cached.find((r) => r.name === 'base.ckpt')?.images, 1, 'the image names this checkpoint by AutoV2');

  // The checkpoint is replaced by other weights under the same name: "model rolled forward".
  writeFileSync(checkpoint, Buffer.alloc(1_200_000, 6));
  utimesSync(checkpoint, new Date(), new Date(Date.now() + 10_000));
  const third = run('models', models, '--db', db);
  assert.equal(third.status, 0, third.stderr);
  assert.match(third.stdout, /base\.ckpt .*\[changed\]/);
  assert.match(third.stdout, new RegExp(`CHANGED: .*sha256 was ${ckpt.sha256}`));
  assert.match(third.stdout, /Model rolled forward/);
  assert.match(third.stdout, /used by 0 library image\(s\), and 1 made with its EARLIER bytes/);
  assert.match(third.stdout, /2 model file\(s\), 1 from cache, 1 changed, 0 problem\(s\)/);
});

test('models: an unreadable folder entry is reported by name and the rest still listed (exit 2 for the missing folder)', () => {
  const models = path.join(dir, 'mixed');
  mkdirSync(models);
  writeFileSync(path.join(models, 'ok.gguf'), 'GGUF tiny');
  execFileSync('ln', ['-s', path.join(dir, 'gone.safetensors'), path.join(models, 'dangling.safetensors')]);
  const r = run('models', models, path.join(dir, 'no-such-folder'), '--db', path.join(dir, 'other.sqlite'));
  assert.equal(r.status, 2, 'a missing folder is exit 2, as for every command');
  assert.match(r.stderr, /dangling\.safetensors: no such file/);
  assert.match(r.stderr, /no-such-folder: cannot list folder: no such file/);
  assert.match(r.stdout, /ok\.gguf .*\[new\]/);
  assert.equal(run('models').status, 2);
});
