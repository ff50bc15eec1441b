import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { loadWindowState, parseWindowState, saveWindowState } from './window-state';

const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }];
const dir = mkdtempSync(path.join(os.tmpdir(), 'seedscope-winstate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a saved state loads back, written as a whole file with no temp left behind', async () => {
  const file = path.join(dir, 'nested', 'window-state.json');
  await saveWindowState(file, { bounds: { x: 100, y: 50, width: 1200, height: 800 }, maximized: true });
  assert.deepEqual(loadWindowState(file, displays), {
    bounds: { x: 100, y: 50, width: 1200, height: 800 },
    maximized: true,
  });
  await saveWindowState(file, { bounds: { x: 10, y: 10, width: 1000, height: 700 }, maximized: false });
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).bounds, { x: 10, y: 10, width: 1000, height: 700 });
  assert.deepEqual(readdirSync(path.dirname(file)), ['window-state.json']);
});

test('a window left on a monitor that is gone keeps its size but not its position', () => {
  assert.deepEqual(
    parseWindowState(
      JSON.stringify({ bounds: { x: 4000, y: 200, width: 1200, height: 800 }, maximized: false }),
      displays,
    ),
    {
      bounds: { width: 1200, height: 800 },
      maximized: false,
    },
  );
});

test('garbage, torn or absurd files are ignored', () => {
  for (const text of [
    '',
    '{',
    'null',
    '[]',
    '{"bounds":{"width":10,"height":10}}',
    '{"bounds":{"width":1e9,"height":800}}',
    '{"bounds":{"width":"800","height":600}}',
  ]) {
    assert.equal(parseWindowState(text, displays), null, text);
  }
  const file = path.join(dir, 'torn.json');
  writeFileSync(file, '{"bounds":{"x":1');
  assert.equal(loadWindowState(file, displays), null);
  assert.equal(loadWindowState(path.join(dir, 'missing.json'), displays), null);
});
