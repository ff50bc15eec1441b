// Issue #18, item 5: a window restored maximized was shown before its content (main.ts called maximize() on the
// hidden window, which shows it at once on Windows and Linux). No Electron binary here: revealWhenReady is driven
// with a stand-in that records calls, and main.ts is read to check it is the only way windows are shown.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { revealWhenReady } from './window';

function standIn(): { calls: string[]; fire: (event: string) => void; window: Parameters<typeof revealWhenReady>[0] } {
  const calls: string[] = [];
  const listeners = new Map<string, () => void>();
  const window = {
    once: (event: string, listener: () => void) => {
      listeners.set(event, listener);
      return window;
    },
    maximize: () => void calls.push('maximize'),
    show: () => void calls.push('show'),
  } as unknown as Parameters<typeof revealWhenReady>[0];
  return { calls, window, fire: (event) => listeners.get(event)?.() };
}

test('a maximized window is maximized and shown only when its content is ready', () => {
  const { calls, window, fire } = standIn();
  revealWhenReady(window, true);
  assert.deepEqual(calls, [], 'nothing shows before ready-to-show');
  fire('ready-to-show');
  assert.deepEqual(calls, ['maximize', 'show']);
});

test('a normal window is shown on ready-to-show and never maximized', () => {
  const { calls, window, fire } = standIn();
  revealWhenReady(window, false);
  fire('ready-to-show');
  assert.deepEqual(calls, ['show']);
});

test('main.ts neither maximizes nor shows a window outside revealWhenReady', () => {
  const source = readFileSync(path.resolve(__dirname, '..', '..', '..', 'electron', 'app', 'main.ts'), 'utf8');
  assert.doesNotMatch(source, /\.maximize\(\)/);
  assert.doesNotMatch(source, /\.show\(\)/);
  assert.match(source, /revealWhenReady\(window, state\?\.maximized === true\)/);
});
