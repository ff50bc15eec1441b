import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  allowedHostHeaders,
  bindProblem,
  isAllowedHost,
  isLoopbackAddress,
  requestToken,
  tokensMatch,
} from './access-policy';

test('loopback binds accept only loopback Host headers with our port (DNS rebinding, ComfyUI#12860)', () => {
  const allowed = allowedHostHeaders('127.0.0.1', 4377);
  for (const ok of ['127.0.0.1:4377', 'localhost:4377', 'LOCALHOST:4377', '[::1]:4377'])
    assert.ok(isAllowedHost(ok, allowed), ok);
  for (const bad of [
    undefined,
    '',
    '127.0.0.1',
    '127.0.0.1:80',
    'evil.example:4377',
    'localhost.evil.example:4377',
    '127.0.0.1.nip.io:4377',
    '0.0.0.0:4377',
  ]) {
    assert.equal(isAllowedHost(bad, allowed), false, String(bad));
  }
});

test('a wildcard bind also accepts this machine’s own addresses, never arbitrary names', () => {
  const allowed = allowedHostHeaders('0.0.0.0', 8080);
  assert.ok(isAllowedHost('127.0.0.1:8080', allowed));
  assert.equal(isAllowedHost('evil.example:8080', allowed), false);
});

test('binding beyond loopback requires a long enough token', () => {
  assert.equal(bindProblem('127.0.0.1', null), null);
  assert.equal(bindProblem('localhost', null), null);
  assert.match(bindProblem('0.0.0.0', null) ?? '', /--token/);
  assert.match(bindProblem('192.168.1.5', null) ?? '', /--token/);
  assert.match(bindProblem('192.168.1.5', 'short') ?? '', /at least 16/);
  assert.equal(bindProblem('192.168.1.5', 'x'.repeat(32)), null);
  assert.ok(isLoopbackAddress('127.0.0.2'));
  assert.ok(isLoopbackAddress('::1'));
  assert.equal(isLoopbackAddress('127.0.0.1.evil'), false);
});

test('tokens come from a Bearer header or our cookie and compare exactly', () => {
  assert.equal(requestToken({ authorization: 'Bearer abc' }), 'abc');
  assert.equal(requestToken({ cookie: 'other=1; seedscope_token=t%20k; x=2' }), 't k');
  assert.equal(requestToken({ cookie: 'seedscope_tokenx=nope' }), null);
  assert.equal(requestToken({}), null);
  assert.ok(tokensMatch('same-token', 'same-token'));
  assert.equal(tokensMatch('same-tokeN', 'same-token'), false);
  assert.equal(tokensMatch('same', 'same-token'), false);
  assert.equal(tokensMatch(null, 'same-token'), false);
});
