// Issue #18, item 4: `seedscope index --watch` re-spawns itself with malloc tuning; killing the parent with -9
// left the child watching forever. The real CLI as a subprocess, its child found through /proc.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { wantsTunedMalloc } from '../../library/malloc-tuning';

const ROOT = path.join(__dirname, '../../../..');
const BIN = path.join(ROOT, 'bin/seedscope.js');
const CORPUS = process.env.SEEDSCOPE_CORPUS ?? path.join(ROOT, '../shared/corpus');
const work = mkdtempSync(path.join(os.tmpdir(), 'seedscope-orphan-'));
const images = path.join(work, 'images');
mkdirSync(images);
copyFileSync(path.join(CORPUS, 'a1111', 'metahub_cli_a1111.png'), path.join(images, 'a.png'));
const started: number[] = [];
after(() => {
  for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  // A zombie has exited; only its parent has not reaped it yet.
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until<T>(what: string, probe: () => T | null | undefined | false, limitMs = 30_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${limitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function indexerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SEEDSCOPE_MALLOC_TUNING: '1' };
  delete env.GLIBC_TUNABLES;
  return env;
}

async function watchingIndexer(db: string): Promise<{ parent: ChildProcess; child: number; output: () => string }> {
  // Output to a log file, the way a backgrounded `seedscope index --watch >log 2>&1 &` runs.
  const log = path.join(work, `${db}.log`);
  const fd = openSync(log, 'w');
  const parent = spawn(process.execPath, [BIN, 'index', images, '--watch', '--db', path.join(work, db)], {
    stdio: ['ignore', fd, fd],
    env: indexerEnv(),
  });
  closeSync(fd);
  const out = (): string => readFileSync(log, 'utf8');
  started.push(parent.pid as number);
  await until('the indexer watching', () => out().includes('watching 1 folder'));
  const [child] = await until(
    'the tuned child',
    () => childrenOf(parent.pid as number).length === 1 && childrenOf(parent.pid as number),
  );
  started.push(child);
  return { parent, child, output: out };
}

const skip =
  process.platform !== 'linux'
    ? 'reads /proc'
    : !wantsTunedMalloc(indexerEnv())
      ? 'no glibc: the indexer is not re-spawned'
      : false;

test('the re-spawned indexer exits when its parent is killed with -9', { skip }, async () => {
  const { parent, child } = await watchingIndexer('kill9.sqlite');
  parent.kill('SIGKILL');
  await until('the orphaned child exiting', () => !alive(child));
});

test('a SIGTERM sent to the parent alone stops the child cleanly, and the parent reports its exit', {
  skip,
}, async () => {
  const { parent, child, output } = await watchingIndexer('term.sqlite');
  const exited = new Promise<number | null>((resolve) => parent.once('exit', (code) => resolve(code)));
  process.kill(parent.pid as number, 'SIGTERM');
  assert.equal(await exited, 0, output());
  await until('the child exiting', () => !alive(child));
});
