// The specs' `test`: a web-mode server on its own temp library, a Chromium page on it, and the page models.
// Each test gets a fresh database and data folder, so tests never see each other's images.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { AppPage } from './app-page';
import { ComparePage } from './compare-page';
import { LibraryPage } from './library-page';

export const repoRoot = resolve(__dirname, '..', '..');
export const corpusRoot = process.env.SEEDSCOPE_CORPUS ?? resolve(repoRoot, '..', 'shared', 'corpus');

export interface WebServer {
  url: string;
  dbPath: string;
  /** A folder of this test's own, for copies of corpus files and generated images. */
  dataDir: string;
}

/** Copies corpus files (never used in place: the originals stay untouched) into dataDir/<folder>. */
export function copyCorpus(server: WebServer, folder: string, files: string[]): string {
  const dir = join(server.dataDir, folder);
  for (const f of files) cpSync(join(corpusRoot, f), join(dir, f.split('/').pop() as string), { recursive: false });
  return dir;
}

function startServer(dbPath: string): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'seedscope.js'), 'serve', '--db', dbPath, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`seedscope serve did not start in 20 s:\n${out}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /Listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveStart({ url: m[1].replace(/\/$/, ''), child });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`seedscope serve exited with ${code}:\n${out}`));
    });
  });
}

interface Fixtures {
  server: WebServer;
  app: AppPage;
  library: LibraryPage;
  compare: ComparePage;
}

export const test = base.extend<Fixtures>({
  server: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'seedscope-e2e-'));
    const dbPath = join(dataDir, 'library.sqlite');
    const { url, child } = await startServer(dbPath);
    await use({ url, dbPath, dataDir });
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    rmSync(dataDir, { recursive: true, force: true });
  },
  app: async ({ page, server }, use) => {
    const app = new AppPage(page);
    await app.open(server.url + '/');
    await use(app);
  },
  library: async ({ page }, use) => {
    await use(new LibraryPage(page));
  },
  compare: async ({ page }, use) => {
    await use(new ComparePage(page));
  },
});

export { expect };
