// Electron's security checklist as code checks that run without an Electron binary: the window options pinned by
// exact equality, and the CODE of electron/app parsed with the TypeScript compiler so that a window created any
// other way, a weakened webPreference, a preload that leaks more than the contract, or an `electron` import
// outside electron/app fails the build.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { bridgeGlobalName } from '../../shared/contract';
import { eventChannel, requestChannelPrefix } from './ipc-channels';
import { secureWindowOptions } from './window';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const appDir = path.join(repoRoot, 'electron', 'app');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function parse(file: string, text = readFileSync(file, 'utf8')): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

const WINDOW_CLASSES = new Set(['BrowserWindow', 'BrowserView', 'WebContentsView']);
const UNSAFE_PREFERENCES: Record<string, 'true' | 'false'> = {
  contextIsolation: 'false',
  sandbox: 'false',
  nodeIntegration: 'true',
  nodeIntegrationInWorker: 'true',
  nodeIntegrationInSubFrames: 'true',
  webSecurity: 'false',
  allowRunningInsecureContent: 'true',
  webviewTag: 'true',
  experimentalFeatures: 'true',
};

/** Every problem in one file: a window not built from secureWindowOptions(), or a weakened preference anywhere. */
function auditWindowCode(source: ts.SourceFile): string[] {
  const problems: string[] = [];
  const where = (node: ts.Node) =>
    `${path.basename(source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  walk(source, (node) => {
    if (ts.isNewExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : '';
      if (WINDOW_CLASSES.has(name)) {
        const arg = node.arguments?.[0];
        const viaSecureOptions =
          arg !== undefined &&
          ts.isCallExpression(arg) &&
          ts.isIdentifier(arg.expression) &&
          arg.expression.text === 'secureWindowOptions';
        if (!viaSecureOptions || (node.arguments?.length ?? 0) !== 1)
          problems.push(`${where(node)}: new ${name}(…) must be new ${name}(secureWindowOptions(…))`);
      }
    }
    if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) {
      const unsafe = UNSAFE_PREFERENCES[node.name.text];
      const value =
        node.initializer.kind === ts.SyntaxKind.TrueKeyword
          ? 'true'
          : node.initializer.kind === ts.SyntaxKind.FalseKeyword
            ? 'false'
            : null;
      if (unsafe && value === unsafe) problems.push(`${where(node)}: ${node.name.text}: ${value} weakens the window`);
      if (unsafe && value === null && node.name.text in UNSAFE_PREFERENCES)
        problems.push(`${where(node)}: ${node.name.text} must be a literal true/false`);
    }
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'openExternal'
    ) {
      const guarded = findEnclosingIf(node, (cond) => cond.includes('isSafeExternalUrl('));
      if (!guarded) problems.push(`${where(node)}: shell.openExternal must sit under if (isSafeExternalUrl(url))`);
    }
  });
  return problems;
}

function findEnclosingIf(node: ts.Node, test: (conditionText: string) => boolean): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isIfStatement(at) && test(at.expression.getText())) return true;
  }
  return false;
}

function runtimeImports(source: ts.SourceFile): string[] {
  const modules: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const typeOnly =
        clause?.isTypeOnly ||
        (clause?.namedBindings &&
          ts.isNamedImports(clause.namedBindings) &&
          !clause.name &&
          clause.namedBindings.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) modules.push(statement.moduleSpecifier.text);
    }
  }
  walk(source, (node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'require' &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      modules.push(node.arguments[0].text);
    }
  });
  return modules;
}

describe('secureWindowOptions', () => {
  test('is pinned by exact equality', () => {
    assert.deepEqual(
      secureWindowOptions({ preloadPath: '/app/preload.js', bounds: { x: 10, y: 20, width: 1200, height: 800 } }),
      {
        x: 10,
        y: 20,
        width: 1200,
        height: 800,
        minWidth: 960,
        minHeight: 600,
        title: 'Seedscope',
        backgroundColor: '#15171c',
        show: false,
        webPreferences: {
          preload: '/app/preload.js',
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          nodeIntegrationInWorker: false,
          nodeIntegrationInSubFrames: false,
          webSecurity: true,
          allowRunningInsecureContent: false,
          webviewTag: false,
          experimentalFeatures: false,
          navigateOnDragDrop: false,
          safeDialogs: true,
          spellcheck: false,
        },
      },
    );
  });
});

describe('the code of electron/app', () => {
  const files = sourceFiles(appDir).filter((f) => !f.endsWith('.test.ts'));

  test('creates every window through secureWindowOptions() and never weakens a preference', () => {
    const windowsCreated = files.flatMap((f) => {
      const found: string[] = [];
      walk(parse(f), (n) => {
        if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'BrowserWindow')
          found.push(f);
      });
      return found;
    });
    assert.ok(windowsCreated.length >= 1, 'the audit sees the main window being created');
    assert.deepEqual(
      files.flatMap((f) => auditWindowCode(parse(f))),
      [],
    );
  });

  test('the audit catches the mistakes it exists for', () => {
    const bad = parse(
      'bad.ts',
      `const a = new BrowserWindow({ webPreferences: { contextIsolation: false } });
       const b = new electron.BrowserWindow(secureWindowOptions(x), extra);
       const c = new BrowserWindow({ ...secureWindowOptions(x), webPreferences: { sandbox: false, nodeIntegration: true, webSecurity: false } });
       const d = new WebContentsView({ webPreferences: { webviewTag: true } });
       const e = { webPreferences: { contextIsolation: flag } };
       shell.openExternal(url);`,
    );
    const problems = auditWindowCode(bad).join('\n');
    for (const expected of [
      'bad.ts:1: new BrowserWindow(…) must be',
      'bad.ts:1: contextIsolation: false',
      'bad.ts:2: new BrowserWindow(…) must be',
      'bad.ts:3: sandbox: false',
      'bad.ts:3: nodeIntegration: true',
      'bad.ts:3: webSecurity: false',
      'bad.ts:4: new WebContentsView(…) must be',
      'bad.ts:4: webviewTag: true',
      'bad.ts:5: contextIsolation must be a literal',
      'bad.ts:6: shell.openExternal must sit under',
    ]) {
      assert.ok(problems.includes(expected), `missing: ${expected}\n${problems}`);
    }
    assert.deepEqual(
      auditWindowCode(parse('good.ts', 'const w = new BrowserWindow(secureWindowOptions({ preloadPath }));')),
      [],
    );
  });

  test('only electron/app imports electron at run time', () => {
    const offenders: string[] = [];
    for (const dir of ['electron', 'shared']) {
      for (const file of sourceFiles(path.join(repoRoot, dir))) {
        if (file.startsWith(appDir + path.sep)) continue;
        if (runtimeImports(parse(file)).some((m) => m === 'electron' || m.startsWith('electron/')))
          offenders.push(path.relative(repoRoot, file));
      }
    }
    assert.deepEqual(offenders, []);
  });
});

describe('the preload', () => {
  const source = parse(path.join(appDir, 'preload.ts'));
  const text = source.getFullText();

  test('requires nothing but electron at run time (a sandboxed preload cannot)', () => {
    assert.deepEqual(runtimeImports(source), ['electron']);
  });

  test('exposes exactly one object, the typed SeedscopeApi, under the contract’s global name', () => {
    const exposures: ts.CallExpression[] = [];
    walk(source, (n) => {
      if (
        ts.isCallExpression(n) &&
        ts.isPropertyAccessExpression(n.expression) &&
        n.expression.name.text === 'exposeInMainWorld'
      )
        exposures.push(n);
    });
    assert.equal(exposures.length, 1);
    const [name, value] = exposures[0].arguments;
    assert.ok(ts.isStringLiteral(name) && name.text === bridgeGlobalName);
    assert.ok(ts.isIdentifier(value), 'the exposed value is a named, typed constant');
    let declaredType = '';
    walk(source, (n) => {
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === value.text)
        declaredType = n.type?.getText() ?? '';
    });
    assert.equal(declaredType, 'SeedscopeApi');
    assert.ok(!/\bapi\s*:\s*unknown\b/.test(text), 'no api: unknown');
  });

  test('never hands ipcRenderer or an IPC event to the page', () => {
    walk(source, (n) => {
      if (ts.isPropertyAssignment(n) || ts.isShorthandPropertyAssignment(n)) {
        const valueText = ts.isPropertyAssignment(n) ? n.initializer.getText() : n.name.getText();
        assert.ok(!/^ipcRenderer$|^ipcRenderer\.(invoke|on|send)$/.test(valueText), `exposes ${valueText}`);
      }
    });
    assert.match(text, /listener\(message\.payload/);
  });

  test('uses the same channel names as main', () => {
    assert.match(text, new RegExp(`const REQUEST_CHANNEL_PREFIX = '${requestChannelPrefix}';`));
    assert.match(text, new RegExp(`const EVENT_CHANNEL = '${eventChannel}';`));
  });
});

describe('the IPC registration', () => {
  test('ipcMain.handle is called in one place, for each name of the contract’s requestNames', () => {
    const calls: Array<{ file: string; loop: string | null }> = [];
    for (const file of sourceFiles(path.join(repoRoot, 'electron'))) {
      if (file.endsWith('.test.ts')) continue;
      walk(parse(file), (n) => {
        if (!ts.isCallExpression(n) || !ts.isPropertyAccessExpression(n.expression)) return;
        const target = n.expression.expression.getText();
        const method = n.expression.name.text;
        if (target !== 'ipcMain' || !['handle', 'handleOnce', 'on', 'once'].includes(method)) return;
        let loop: string | null = null;
        for (let at: ts.Node | undefined = n.parent; at; at = at.parent) {
          if (ts.isForOfStatement(at)) {
            loop = at.expression.getText();
            break;
          }
        }
        calls.push({ file: path.relative(repoRoot, file), loop: method === 'handle' ? loop : `ipcMain.${method}` });
      });
    }
    assert.deepEqual(calls, [{ file: path.join('electron', 'app', 'ipc.ts'), loop: 'requestNames' }]);
  });
});
