// Issue #18, item 2: a prompt carrying ANSI/OSC sequences must not drive the person's terminal. The CLI runs as a
// subprocess, the way a person runs it, on a real PNG whose A1111 parameters and file name are hostile.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { withPngTextChunks } from '../metadata/containers/png-write';
import { terminalText, terminalWrite } from './terminal-text';

const ROOT = join(__dirname, '../../..');
const BIN = join(ROOT, 'bin/seedscope.js');
const work = mkdtempSync(join(os.tmpdir(), 'seedscope-terminal-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Sets the window title (OSC 0), clears the screen (CSI 2J), a C1 CSI, and a right-to-left override. */
const HOSTILE_PROMPT = 'a cat\u001b]0;pwned\u0007\u001b[2J\u009b31m in \u202eevil';

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, SEEDSCOPE_MALLOC_TUNING: '0' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('terminalText shows C0, C1 and bidi controls visibly and keeps tab, newline and ordinary text', () => {
  assert.equal(terminalText('a\u001b[2Jb'), 'a<U+001B>[2Jb');
  assert.equal(terminalText('\u009b\u202e\u2066\u007f\r'), '<U+009B><U+202E><U+2066><U+007F><U+000D>');
  assert.equal(terminalText('tab\tline\nnaïve 猫 😀'), 'tab\tline\nnaïve 猫 😀');
  assert.equal(terminalWrite('\r[###] 3/4'), '\r[###] 3/4', 'a progress line may redraw itself');
  assert.equal(terminalWrite('x\ry'), 'x<U+000D>y');
});

test('show prints a hostile prompt and file name escaped, and --json keeps the exact bytes', async () => {
  const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
  const parameters = `${HOSTILE_PROMPT}\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 16x16, Model: m`;
  const file = join(work, 'x\u001b[2J\u202e.png');
  writeFileSync(file, withPngTextChunks(png, [{ kind: 'auto', keyword: 'parameters', text: parameters }]));

  const human = run('show', file);
  assert.equal(human.status, 0, human.stderr);
  assert.doesNotMatch(human.stdout, RAW_CONTROL, 'no control character reaches the terminal');
  assert.doesNotMatch(human.stderr, RAW_CONTROL);
  assert.match(human.stdout, /a cat<U\+001B>\]0;pwned<U\+0007><U\+001B>\[2J<U\+009B>31m in <U\+202E>evil/);
  assert.match(human.stdout, /x<U\+001B>\[2J<U\+202E>\.png/, 'the file name is escaped too');

  const json = run('show', '--json', file);
  assert.equal(json.status, 0, json.stderr);
  const report = JSON.parse(json.stdout) as { file: string; tuple: { prompt: string } };
  assert.equal(report.tuple.prompt, HOSTILE_PROMPT, '--json stays exact');
  assert.equal(report.file, file);
});

test('an error naming a hostile file is escaped on stderr', () => {
  const missing = join(work, 'gone\u001b]0;title\u0007.png');
  const r = run('show', missing);
  assert.equal(r.status, 2);
  assert.doesNotMatch(r.stderr, RAW_CONTROL);
  assert.match(r.stderr, /gone<U\+001B>\]0;title<U\+0007>\.png/);
});
