import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_JSON_DEPTH, parseLosslessJson } from './lossless-json';

test('integers beyond 2^53 become exact decimal strings; safe numbers stay numbers', () => {
  const r = parseLosslessJson(
    '{"seed": 18446744073709551615, "fooocus": 6952411511246973023, "steps": 20, "cfg": 7.5, "neg": -9007199254740993, "s": "123456789012345678901"}',
  );
  assert.ok(r.ok);
  assert.deepEqual(r.value, {
    seed: '18446744073709551615',
    fooocus: '6952411511246973023',
    steps: 20,
    cfg: 7.5,
    neg: '-9007199254740993',
    s: '123456789012345678901',
  });
});

test('numbers inside strings are left alone, escapes honoured', () => {
  const r = parseLosslessJson('{"text": "seed \\"18446744073709551615\\" NaN", "n": 9007199254740991}');
  assert.ok(r.ok);
  assert.deepEqual(r.value, { text: 'seed "18446744073709551615" NaN', n: 9007199254740991 });
});

test('NaN and Infinity (Python json.dumps) read as null with a warning', () => {
  const r = parseLosslessJson('{"a": NaN, "b": Infinity, "c": -Infinity, "d": [1, NaN]}');
  assert.ok(r.ok);
  assert.deepEqual(r.value, { a: null, b: null, c: null, d: [1, null] });
  assert.equal(r.warnings.length, 1);
});

test('10^4-deep nesting is refused before parsing, with a clear error', () => {
  const deep = '['.repeat(10_000) + ']'.repeat(10_000);
  const r = parseLosslessJson(deep);
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.error, new RegExp(`deeper than ${MAX_JSON_DEPTH}`));
  assert.ok(parseLosslessJson('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)).ok);
});

test('10^6 nodes parse', () => {
  const wide = `[${Array.from({ length: 1_000_000 }, (_, i) => i).join(',')}]`;
  const r = parseLosslessJson(wide);
  assert.ok(r.ok);
  assert.equal((r.value as number[]).length, 1_000_000);
});

test('__proto__ keys are dropped and pollute nothing, even when the result is copied', () => {
  const r = parseLosslessJson(
    '{"__proto__": {"polluted": true}, "a": {"__proto__": {"polluted": 1}, "b": 2}, "constructor": {"prototype": {"polluted": 2}}}',
  );
  assert.ok(r.ok);
  const copy = Object.assign({}, r.value as object);
  const nested = Object.assign({}, (r.value as Record<string, object>).a);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal((copy as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(nested, { b: 2 });
  assert.equal(Object.hasOwn(r.value as object, '__proto__'), false);
});

test('invalid JSON is an error, never a throw', () => {
  const r = parseLosslessJson('{"a": ');
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.error, /not valid JSON/);
});
