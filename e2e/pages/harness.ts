// The specs' `test`: U1's guarded test (fails on page errors, HTTP >= 400 and CSP violations; screenshot at the
// end) with a fresh web-mode server per test, the page opened on it, and the page models.
import { copyCorpus as copyCorpusInto, corpusRoot, type SeedscopeServer } from '../fixtures/seedscope-server';
import { expect, test as guarded } from '../fixtures/test';
import { AppPage } from './app-page';
import { ComparePage } from './compare-page';
import { LibraryPage } from './library-page';

export { corpusRoot, expect };

/** Copies corpus files (never indexed in place: the originals stay untouched) into the server's own folder. */
export function copyCorpus(server: SeedscopeServer, folder: string, files: string[]): string {
  return copyCorpusInto(server.dataDir, folder, files);
}

interface Fixtures {
  /** An empty library of this test's own, on its own port. */
  server: SeedscopeServer;
  app: AppPage;
  library: LibraryPage;
  compare: ComparePage;
}

export const test = guarded.extend<Fixtures>({
  server: async ({ freshServer }, use) => {
    await use(freshServer);
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
