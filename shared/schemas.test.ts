// Every request's argument check, as the border sees hostile or mistaken input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestNames } from './contract';
import { requestSchemas, validateRequest } from './schemas';

test('every request of the contract has a check', () => {
  assert.deepEqual(Object.keys(requestSchemas).sort(), [...requestNames].sort());
});

test('valid arguments pass and come back as new plain objects', () => {
  const args = { a: { kind: 'indexed', imageId: 3 }, b: { kind: 'upload', uploadId: 'ab'.repeat(16) } };
  const result = validateRequest('compare.run', args);
  assert.ok(result.ok);
  assert.deepEqual(result.value, args);
  assert.notEqual(result.value, args);
  assert.ok(
    validateRequest('library.search', {
      text: 'cat',
      filters: { seed: '18446744073709551615', cfgMin: 4.5, folder: 2 },
      limit: 100,
      cursor: null,
    }).ok,
  );
  assert.ok(validateRequest('library.search', {}).ok);
  assert.ok(validateRequest('app.info', undefined).ok);
  assert.ok(validateRequest('library.rescan', { folderId: null }).ok);
  assert.ok(validateRequest('records.export', { imageIds: [1, 2], format: 'xmp', outDir: null }).ok);
});

const refused: Array<[Parameters<typeof validateRequest>[0], unknown, RegExp]> = [
  ['library.getImage', null, /must be an object, got null/],
  ['library.getImage', [], /must be an object, got an array/],
  ['library.getImage', { imageId: 0 }, /"imageId" must be between 1/],
  ['library.getImage', { imageId: 1.5 }, /"imageId" must be a whole number/],
  ['library.getImage', { imageId: 1, extra: true }, /"extra" is not a known field/],
  ['library.getImage', JSON.parse('{"imageId":1,"__proto__":{"polluted":1}}'), /"__proto__" is not a known field/],
  ['library.addFolder', { path: '', watch: false }, /"path" must not be empty/],
  ['library.addFolder', { path: 'a\u0000b', watch: false }, /NUL/],
  ['library.addFolder', { path: 'x'.repeat(5000), watch: false }, /at most 4096/],
  ['library.search', { filters: { seed: '42; DROP TABLE images' } }, /"filters.seed" must be a decimal seed/],
  ['library.search', { filters: { cfgMin: Number.NaN } }, /"filters.cfgMin" must be a finite number/],
  ['library.search', { limit: 501 }, /"limit" must be between 1 and 500/],
  [
    'library.similar',
    { image: { kind: 'upload', uploadId: '../../etc/passwd' }, limit: 5 },
    /"image.uploadId" must be an upload id/,
  ],
  ['library.similar', { image: { kind: 'indexed' }, limit: 5 }, /"image.imageId" is required/],
  [
    'compare.run',
    { a: { kind: 'url', url: 'http://x' }, b: { kind: 'indexed', imageId: 1 } },
    /"a.kind" must be "indexed", "upload" or "path"/,
  ],
  ['records.export', { imageIds: [], format: 'json', outDir: null }, /"imageIds" must have at least 1/],
  ['records.export', { imageIds: [1], format: 'exe', outDir: null }, /"format" must be one of "json", "xmp", "txt"/],
  ['jobs.cancel', { jobId: '../../x' }, /"jobId" must be a job id/],
];

for (const [name, args, message] of refused) {
  test(`${name} refuses ${JSON.stringify(args)?.slice(0, 60)}`, () => {
    const result = validateRequest(name, args);
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'bad-argument');
    assert.match(result.error.message, message);
    assert.ok(result.error.message.startsWith(`${name}: `), 'the message names the request');
  });
}

test('a deeply nested payload is refused at the first unknown key, without recursion', () => {
  let deep: unknown = {};
  for (let i = 0; i < 100_000; i++) deep = { x: deep };
  const result = validateRequest('library.search', { filters: deep });
  assert.ok(!result.ok);
  assert.match(result.error.message, /"filters.x" is not a known field/);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
