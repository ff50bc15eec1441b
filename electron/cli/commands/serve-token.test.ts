// Issue #18, item 6: `--token` sat in the command line, readable by every local user in `ps`. The token now comes
// from SEEDSCOPE_TOKEN or --token-file; the real `seedscope serve` is started and its /proc cmdline read.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { callApi, serveRefusal, startServe } from '../../server/serve-process.fixture';

const work = mkdtempSync(path.join(os.tmpdir(), 'seedscope-serve-token-'));
after(() => rmSync(work, { recursive: true, force: true }));
const TOKEN = 'f3a9c1d7e5b2a8c4f6e0d9b3a7c1e5f2';

function commandLine(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
}

async function assertGuardedBy(port: number, token: string): Promise<void> {
  assert.equal((await callApi(port, 'app.info', {})).status, 401);
  assert.equal((await callApi(port, 'app.info', {}, { Authorization: `Bearer ${token}` })).status, 200);
}

test('SEEDSCOPE_TOKEN guards the server and never appears in its command line', {
  skip: process.platform !== 'linux' && 'reads /proc',
}, async () => {
  process.env.SEEDSCOPE_TOKEN = TOKEN;
  const server = await startServe(['--db', path.join(work, 'env.sqlite')]).finally(
    () => delete process.env.SEEDSCOPE_TOKEN,
  );
  try {
    assert.doesNotMatch(commandLine(server.child.pid as number), new RegExp(TOKEN));
    await assertGuardedBy(server.port, TOKEN);
  } finally {
    await server.stop();
  }
});

test('--token-file reads the token (a trailing newline is not part of it)', {
  skip: process.platform !== 'linux' && 'reads /proc',
}, async () => {
  const file = path.join(work, 'token');
  writeFileSync(file, `${TOKEN}\n`, { mode: 0o600 });
  const server = await startServe(['--db', path.join(work, 'file.sqlite'), '--token-file', file]);
  try {
    assert.doesNotMatch(commandLine(server.child.pid as number), new RegExp(TOKEN));
    await assertGuardedBy(server.port, TOKEN);
  } finally {
    await server.stop();
  }
});

test('an unreadable or empty token file is a usage error naming the file; --token still works, with a warning', async () => {
  const missing = await serveRefusal(['--db', path.join(work, 'x.sqlite'), '--token-file', path.join(work, 'nope')]);
  assert.equal(missing.code, 2);
  assert.match(missing.output, /--token-file .*nope: cannot read it \(ENOENT\)/);
  writeFileSync(path.join(work, 'empty'), '');
  const empty = await serveRefusal(['--db', path.join(work, 'x.sqlite'), '--token-file', path.join(work, 'empty')]);
  assert.match(empty.output, /the file is empty/);
  const server = await startServe(['--db', path.join(work, 'cli.sqlite'), '--token', TOKEN]);
  try {
    assert.match(server.output(), /--token is visible to every user of this machine in `ps`/);
    await assertGuardedBy(server.port, TOKEN);
  } finally {
    await server.stop();
  }
});
