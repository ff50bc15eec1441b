// Hostile-input tables for the desktop app's security decisions (pure functions in security.ts), and the CSP
// pinned so that loosening it fails here.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  appProtocolTarget,
  contentSecurityPolicy,
  isAllowedNavigation,
  isSafeExternalUrl,
  isTrustedSender,
} from './security';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

describe('Content-Security-Policy', () => {
  test('is exactly the pinned policy', () => {
    assert.equal(
      contentSecurityPolicy,
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; " +
        "manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; frame-ancestors 'none'",
    );
  });

  const directives = new Map(
    contentSecurityPolicy.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  test('allows no inline or eval’d script, no wildcard and no remote origin anywhere', () => {
    for (const [name, values] of directives) {
      for (const value of values) {
        assert.ok(!value.includes('*'), `${name} has a wildcard`);
        assert.ok(!/^(https?:|wss?:|ftp:|file:)/i.test(value), `${name} allows a remote scheme: ${value}`);
        assert.ok(!/^[a-z0-9.-]+\.[a-z]{2,}/i.test(value), `${name} names a host: ${value}`);
        assert.ok(["'self'", "'none'", 'data:', 'blob:'].includes(value), `${name} has an unexpected source ${value}`);
      }
    }
    const script = directives.get('script-src') ?? [];
    assert.deepEqual(script, ["'self'"]);
    assert.ok(!contentSecurityPolicy.includes('unsafe-'), 'no unsafe-* keyword at all');
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('object-src'), ["'none'"]);
    assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
  });

  test('the renderer page carries the same policy in its meta tag (minus frame-ancestors, which meta cannot set)', (t) => {
    const page = path.join(repoRoot, 'renderer', 'index.html');
    if (!existsSync(page)) return t.skip(`no ${page} yet`);
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync(page, 'utf8'));
    assert.ok(meta, 'renderer/index.html has a CSP meta tag');
    assert.equal(meta[1], contentSecurityPolicy.replace("; frame-ancestors 'none'", ''));
  });
});

describe('navigation', () => {
  const allowed = ['seedscope://app/index.html', 'seedscope://app/', 'seedscope://app/index.html#/compare'];
  const refused = [
    'https://example.com/',
    'http://127.0.0.1:4377/',
    'file:///etc/passwd',
    'file:///C:/Windows/System32/',
    'seedscope://evil/index.html',
    'seedscope://app.evil.example/',
    'seedscope://user:pw@app/index.html',
    'seedscope://app:8080/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'chrome://settings',
    'devtools://devtools/bundled/inspector.html',
    '',
    'not a url',
  ];
  for (const url of allowed) test(`allows ${url}`, () => assert.equal(isAllowedNavigation(url), true));
  for (const url of refused)
    test(`refuses ${JSON.stringify(url)}`, () => assert.equal(isAllowedNavigation(url), false));
});

describe('shell.openExternal', () => {
  const safe = ['https://github.com/comfyanonymous/ComfyUI', 'http://example.com/a?b=c', 'HTTPS://EXAMPLE.COM/'];
  const unsafe = [
    'file:///etc/passwd',
    'file://server/share/x.exe',
    'smb://attacker/share',
    'javascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,hi',
    'ms-msdt:/id PCWDiagnostic',
    'search-ms:query=calc',
    'seedscope://app/index.html',
    'https://user:password@example.com/',
    'http://',
    'mailto:someone@example.com',
    'ssh://host',
    '',
    '//example.com',
  ];
  for (const url of safe) test(`opens ${url}`, () => assert.equal(isSafeExternalUrl(url), true));
  for (const url of unsafe)
    test(`never opens ${JSON.stringify(url)}`, () => assert.equal(isSafeExternalUrl(url), false));
});

describe('IPC sender', () => {
  test('only the app’s own main frame is answered', () => {
    assert.equal(isTrustedSender({ url: 'seedscope://app/index.html', isMainFrame: true }), true);
    assert.equal(isTrustedSender({ url: 'seedscope://app/index.html', isMainFrame: false }), false);
    assert.equal(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true }), false);
    assert.equal(isTrustedSender({ url: 'file:///tmp/x.html', isMainFrame: true }), false);
    assert.equal(isTrustedSender({ url: 'seedscope://evil/index.html', isMainFrame: true }), false);
    assert.equal(isTrustedSender({ url: 'about:blank', isMainFrame: true }), false);
    assert.equal(isTrustedSender(null), false);
  });
});

describe('seedscope:// protocol paths', () => {
  test('app files and media by kind and id', () => {
    assert.deepEqual(appProtocolTarget('seedscope://app/index.html'), { kind: 'file', urlPath: '/index.html' });
    assert.deepEqual(appProtocolTarget('seedscope://app/assets/index-abc.js'), {
      kind: 'file',
      urlPath: '/assets/index-abc.js',
    });
    assert.deepEqual(appProtocolTarget('seedscope://app/media/thumb/42'), { kind: 'media', media: 'thumb', id: '42' });
    assert.deepEqual(appProtocolTarget('seedscope://app/media/heatmap/0123456789abcdef0123456789abcdef'), {
      kind: 'media',
      media: 'heatmap',
      id: '0123456789abcdef0123456789abcdef',
    });
  });

  const hostile = [
    'seedscope://app/media/image/../../../../etc/passwd',
    'seedscope://app/media/image/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'seedscope://app/media/image/1%00',
    'seedscope://app/media/image/1/2',
    'seedscope://app/media/file/1',
    'seedscope://app/media/upload/..%5C..%5Csecret',
    'seedscope://app/media/image/',
    'seedscope://app/media/',
    'seedscope://app/%2e%2e/%2e%2e/package.json',
    'seedscope://app/assets/..%2f..%2fpackage.json',
    'seedscope://app/assets\\..\\..\\package.json',
    'seedscope://other/index.html',
    'seedscope://app:1/index.html',
    'file:///etc/passwd',
    'https://app/index.html',
  ];
  for (const url of hostile) {
    test(`refuses or confines ${url}`, () => {
      const target = appProtocolTarget(url);
      // Literal `..` is folded by URL parsing before we see it: what remains must not climb above the root.
      if (target?.kind === 'file')
        assert.ok(!target.urlPath.includes('..') && !target.urlPath.startsWith('/media/'), JSON.stringify(target));
      else assert.equal(target, null);
    });
  }
});
