// The grid over a library larger than anything it loads at once: the scrollbar stands for every match (the count),
// a jump to 50% shows the rows in the middle (fetched by position), End goes to the last image, and a tile whose
// thumbnail file is gone says so, has it rebuilt, and shows it again.
//
// The large library is made without decoding thousands of files: two real corpus images are indexed, the server is
// stopped, and synthetic rows (copies of a real row with their own path and time, pointing at its real thumbnail)
// are inserted straight into the SQLite file before the server starts again on it.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Locator } from '@playwright/test';
import { MAX_SCROLL_HEIGHT } from '../../renderer/library/grid-window';
import { AppPage } from '../pages/app-page';
import { LibraryPage } from '../pages/library-page';
import { copyCorpus, type SeedscopeServer, startSeedscopeServer } from '../fixtures/seedscope-server';
import { expect, test } from '../fixtures/test';

const SYNTHETIC = 3000;
const REAL = ['a1111/metahub_cli_a1111.png', 'a1111/sdm_png_sd-webui.png'];
/** Synthetic rows are newer than the real files (made today), so position p in the grid is row p. */
const NEWEST = Date.UTC(2031, 0, 1);
const TIMELINE_SLOTS = 1024;

const rowName = (position: number): string => `row-${String(position).padStart(5, '0')}.png`;

/** Copies the real row `templateId` SYNTHETIC times with its own path, times and timeline (FTS and counts follow
 *  through the schema's own triggers). They show a copy of its thumbnail, so deleting the real image's own
 *  thumbnail breaks one tile, not three thousand. */
function insertSyntheticRows(
  dbPath: string,
  templateId: number,
  templateThumb: string,
  folder: string,
  count: number,
  withText = true,
): void {
  const thumb = join(dirname(dirname(templateThumb)), 'zz', 'synthetic-rows.jpg');
  mkdirSync(dirname(thumb), { recursive: true });
  copyFileSync(templateThumb, thumb);
  const db = new Database(dbPath);
  try {
    const columns = (db.prepare('PRAGMA table_info(images)').all() as Array<{ name: string }>)
      .map((c) => c.name)
      .filter((c) => !['id', 'path', 'mtime_ms', 'created_at', 'timeline', 'thumb_path'].includes(c));
    // Without text, the search index gets a file name per row instead of a prompt: 240k rows insert in seconds.
    const copied = (c: string): string => (!withText && (c === 'prompt' || c === 'negative_prompt') ? 'NULL' : c);
    const insert = db.prepare(
      `INSERT INTO images (path, mtime_ms, created_at, timeline, thumb_path, ${columns.join(', ')})
       SELECT @path, @created, @created, @timeline, @thumb, ${columns.map(copied).join(', ')} FROM images WHERE id = @templateId`,
    );
    db.transaction(() => {
      for (let p = 0; p < count; p += 1) {
        const created = NEWEST - p * 60_000;
        insert.run({ path: join(folder, rowName(p)), created, timeline: created * TIMELINE_SLOTS, thumb, templateId });
      }
    })();
  } finally {
    db.close();
  }
}

interface LargeLibrary {
  server: SeedscopeServer;
  /** The real images, by file name: id and thumbnail path. */
  real: Map<string, { id: number; thumbnailPath: string; path: string }>;
}

async function openLargeLibrary(dataDir: string, synthetic: number, withText = true): Promise<LargeLibrary> {
  const first = await startSeedscopeServer({ dataDir });
  const folder = copyCorpus(dataDir, 'lib', REAL);
  const real = new Map<string, { id: number; thumbnailPath: string; path: string }>();
  try {
    await first.indexFolder(folder);
    const page = await first.api('library.search', { limit: 10 });
    if (!page.ok) throw new Error(page.error.message);
    for (const item of page.value.items) {
      if (!item.thumbnailPath) throw new Error(`${item.path}: indexed without a thumbnail`);
      real.set(item.path.slice(folder.length + 1), { id: item.id, thumbnailPath: item.thumbnailPath, path: item.path });
    }
  } finally {
    await first.stop();
  }
  const template = real.get('metahub_cli_a1111.png');
  if (!template) throw new Error('metahub_cli_a1111.png was not indexed');
  insertSyntheticRows(
    join(dataDir, 'library.sqlite'),
    template.id,
    template.thumbnailPath,
    folder,
    synthetic,
    withText,
  );
  return { server: await startSeedscopeServer({ dataDir }), real };
}

/** Sets the grid's scrollbar to `fraction` of its track and times, in the page, the frames until every cell on
 *  screen is a tile (no placeholder left) of a row near that position. Printed, not asserted. */
function timeJump(grid: Locator, fraction: number, total: number): Promise<number> {
  return grid.evaluate(
    (el, { fraction, target }) =>
      new Promise<number>((resolve) => {
        const started = performance.now();
        el.scrollTop = (el.scrollHeight - el.clientHeight) * fraction;
        const view = el.getBoundingClientRect();
        const check = (): void => {
          const onScreen = [...el.querySelectorAll<HTMLElement>('[data-index]')].filter((c) => {
            const r = c.getBoundingClientRect();
            return r.bottom > view.top && r.top < view.bottom;
          });
          const ready =
            onScreen.length > 0 &&
            onScreen.every((c) => c.dataset.testid === 'grid-cell' && Math.abs(Number(c.dataset.index) - target) < 200);
          if (ready) resolve(performance.now() - started);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    { fraction, target: Math.round((total - 1) * fraction) },
  );
}

test.describe('a library larger than the grid loads', () => {
  let dataDir: string;
  let large: LargeLibrary;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    dataDir = mkdtempSync(join(tmpdir(), 'seedscope-large-'));
    large = await openLargeLibrary(dataDir, SYNTHETIC);
  });

  test.afterAll(async () => {
    await large?.server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the count is the real total; 50% of the scrollbar shows the middle rows; End goes to the last image', async ({
    page,
  }) => {
    const total = SYNTHETIC + REAL.length;
    const app = new AppPage(page);
    const library = new LibraryPage(page);
    await app.open(`${large.server.url}/`);
    await library.settled();
    await expect(library.resultCount).toHaveText(`${total.toLocaleString('en-US')} images`);
    await expect(library.resultCount).toHaveAttribute('data-count', String(total));
    await expect(library.grid).toHaveAttribute('data-count', String(total));
    await expect(library.cells.first()).toHaveAttribute('aria-label', rowName(0));

    // A jump to the middle of the scrollbar shows the rows at those positions.
    const jumpMs = await timeJump(library.grid, 0.5, total);
    console.log(`jump to 50% of ${total} images: tiles of the middle rows on screen after ${jumpMs.toFixed(0)} ms`);
    const middle = library.grid.locator('[data-testid="grid-cell"][data-index]');
    const shown = await middle.evaluateAll((cells) =>
      cells.map((c) => ({ index: Number(c.getAttribute('data-index')), name: c.getAttribute('aria-label') })),
    );
    for (const { index, name } of shown) expect(name).toBe(rowName(index));
    expect(shown.length).toBeLessThan(120);
    await page.screenshot({ path: '/tmp/grid-large-50pct.png' });
    const jumps: string[] = [];
    for (const at of [0.25, 0.75, 1, 0.5])
      jumps.push(`${at * 100}%: ${(await timeJump(library.grid, at, total)).toFixed(0)} ms`);
    console.log(`then jumps to ${jumps.join(', ')} (the last one's rows are still cached)`);

    // End selects the last image: a real one, older than every synthetic row.
    await app.press('End');
    const last = library.grid.locator(`[data-index="${total - 1}"]`);
    await expect(last).toHaveAttribute('aria-selected', 'true');
    await expect(last).toBeVisible();
    await expect(last).toHaveAttribute('data-testid', 'grid-cell');
    expect(REAL.map((f) => f.split('/')[1])).toContain(await last.getAttribute('aria-label'));
    await app.press('Home');
    await expect(library.grid.locator('[data-index="0"]')).toHaveAttribute('aria-selected', 'true');
    await expect(library.grid.locator(`[data-index="${total - 1}"]`)).toHaveCount(0);

    // Typing: each keystroke's results (the view settled on the text typed so far), timed in the page from the
    // key's keydown to the frame where the view is ready on that text.
    await library.search.click();
    await page.evaluate(() => {
      window.addEventListener(
        'keydown',
        () => document.body.setAttribute('data-key-at', String(performance.now())),
        true,
      );
    });
    const perKey: string[] = [];
    let typed = '';
    for (const ch of 'hatsune') {
      typed += ch;
      await page.keyboard.type(ch);
      const took = await page.waitForFunction(
        (text) => {
          const view = document.querySelector<HTMLElement>('[data-testid="library-view"]');
          if (view?.dataset.ready !== 'true' || view.dataset.query !== text) return false;
          return performance.now() - Number(document.body.getAttribute('data-key-at'));
        },
        typed,
        { polling: 'raf' },
      );
      perKey.push(`${ch} ${Number(await took.jsonValue()).toFixed(0)} ms`);
    }
    console.log(`typing "hatsune", key press to its results: ${perKey.join(', ')}`);
    await expect(library.resultCount).toHaveText('1 image');
    await expect(library.cells).toHaveCount(1);
  });

  test('a folder indexed meanwhile refreshes the count and the rows in view where the person is', async ({ page }) => {
    const app = new AppPage(page);
    const library = new LibraryPage(page);
    await app.open(`${large.server.url}/`);
    await library.settled();
    const before = Number(await library.resultCount.getAttribute('data-count'));
    await timeJump(library.grid, 0.5, before);
    const scrolled = await library.grid.evaluate((el) => el.scrollTop);

    // One more image, older than every synthetic row: it sorts after them, so the middle rows keep their positions.
    await large.server.indexFolder(copyCorpus(dataDir, 'more', ['a1111/sdm_webp_sd-webui.webp']));
    await expect(library.resultCount).toHaveText(`${(before + 1).toLocaleString('en-US')} images`);
    await library.settled();
    expect(await library.grid.evaluate((el) => el.scrollTop)).toBe(scrolled);
    const shown = await library.cells.evaluateAll((cells) =>
      cells.map((c) => ({ index: Number(c.getAttribute('data-index')), name: c.getAttribute('aria-label') })),
    );
    expect(shown.length).toBeGreaterThan(0);
    for (const { index, name } of shown) {
      expect(Math.abs(index - before / 2)).toBeLessThan(200);
      expect(name).toBe(rowName(index));
    }
  });

  test.describe('thumbnail gone', () => {
    // One pattern: Playwright reads a two-element array given to test.use as [value, fixture options].
    test.use({ allowedHttpErrors: [/\/media\/thumb\/|\/api\/library\.rebuildThumbnail$/] });

    test('a deleted thumbnail shows the placeholder, is rebuilt, and shows again; one that cannot be says why', async ({
      page,
    }) => {
      const app = new AppPage(page);
      const library = new LibraryPage(page);
      const good = large.real.get('metahub_cli_a1111.png');
      const gone = large.real.get('sdm_png_sd-webui.png');
      if (!good || !gone) throw new Error('the real images were not indexed');
      // The second image loses its thumbnail and its file: its rebuild must fail, with the reason on the tile.
      unlinkSync(gone.thumbnailPath);
      unlinkSync(gone.path);

      // Each rebuild's answer is held until the placeholder has been seen (a rebuild takes a few ms).
      let release: () => void = () => undefined;
      let held = Promise.resolve();
      const hold = (): void => {
        held = new Promise<void>((resolve) => {
          release = resolve;
        });
      };
      hold();
      await page.route('**/api/library.rebuildThumbnail', async (route) => {
        await held;
        await route.continue();
      });

      await app.open(`${large.server.url}/`);
      await library.searchFor('hatsune');
      const tile = library.cellNamed('sdm_png_sd-webui.png');
      await expect(tile.getByTestId('thumb-rebuilding')).toHaveText('thumbnail missing, rebuilding…');
      await tile.screenshot({ path: '/tmp/grid-thumb-rebuilding.png' });
      release();
      const failed = tile.getByTestId('thumb-failed');
      await expect(failed).toBeVisible();
      await expect(failed).toHaveAttribute('title', /sdm_png_sd-webui\.png/);
      console.log(
        `rebuild of a thumbnail whose image is gone: "${await failed.textContent()}" (title: ${await failed.getAttribute('title')})`,
      );
      await tile.screenshot({ path: '/tmp/grid-thumb-failed.png' });

      // The first image's thumbnail goes; its file is still there, so the rebuild brings the picture back.
      unlinkSync(good.thumbnailPath);
      hold();
      await page.reload();
      await library.settled();
      await library.grid.evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      const restored = library.cellNamed('metahub_cli_a1111.png');
      await expect(restored.getByTestId('thumb-rebuilding')).toBeVisible();
      await restored.screenshot({ path: '/tmp/grid-thumb-rebuilding-2.png' });
      release();
      const rebuilt = restored.locator('img');
      await expect(rebuilt).toHaveAttribute('src', /\?v=\d+/);
      await expect
        .poll(() => rebuilt.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(0);
      await restored.screenshot({ path: '/tmp/grid-thumb-rebuilt.png' });
    });
  });
});

// 240,000 rows in a narrow window (three columns: the search bar keeps the middle column that wide) are 14.4M px
// of rows: past MAX_SCROLL_HEIGHT, so the track is scaled, as it is for a million images in a wide window.
test.describe('a grid taller than the browser lays out', () => {
  const TALL = 240_000;
  let dataDir: string;
  let large: LargeLibrary;
  test.use({ viewport: { width: 520, height: 800 } });

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    dataDir = mkdtempSync(join(tmpdir(), 'seedscope-tall-'));
    large = await openLargeLibrary(dataDir, TALL, false);
  });

  test.afterAll(async () => {
    await large?.server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the scaled scrollbar still maps 50% to the middle row and its end to the last image; the wheel moves by rows', async ({
    page,
  }) => {
    const total = TALL + REAL.length;
    const app = new AppPage(page);
    const library = new LibraryPage(page);
    await app.open(`${large.server.url}/`);
    await library.settled();
    await expect(library.grid).toHaveAttribute('data-count', String(total));
    const height = await library.grid.evaluate((el) => el.scrollHeight);
    expect(height).toBeLessThanOrEqual(MAX_SCROLL_HEIGHT + 20);
    expect(height).toBeGreaterThan(MAX_SCROLL_HEIGHT - 1000);

    const jumpMs = await timeJump(library.grid, 0.5, total);
    console.log(`scaled track (${total} rows): jump to 50% shows its rows after ${jumpMs.toFixed(0)} ms`);
    const shown = await library.cells.evaluateAll((cells) =>
      cells.map((c) => ({ index: Number(c.getAttribute('data-index')), name: c.getAttribute('aria-label') })),
    );
    expect(shown.length).toBeGreaterThan(0);
    for (const { index, name } of shown) expect(name).toBe(rowName(index));
    await page.screenshot({ path: '/tmp/grid-tall-50pct.png' });

    // The wheel moves through rows at their own size (180 px a row), not scale x faster.
    const firstRowShown = async (): Promise<number> =>
      library.grid.evaluate((el) => {
        const top = el.getBoundingClientRect().top;
        const cells = [...el.querySelectorAll<HTMLElement>('[data-testid="grid-cell"]')];
        const visible = cells.filter((c) => c.getBoundingClientRect().bottom > top + 1);
        const firstTop = Math.min(...visible.map((c) => c.getBoundingClientRect().top));
        const columns = visible.filter((c) => c.getBoundingClientRect().top === firstTop).length;
        return Math.floor(Math.min(...visible.map((c) => Number(c.dataset.index))) / columns);
      });
    const before = await firstRowShown();
    await library.grid.hover();
    await page.mouse.wheel(0, 1800);
    await expect.poll(firstRowShown).toBeGreaterThan(before + 8);
    expect(await firstRowShown()).toBeLessThan(before + 12);

    await library.grid.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    const last = library.grid.locator(`[data-testid="grid-cell"][data-index="${total - 1}"]`);
    await expect(last).toBeVisible();
    expect(REAL.map((f) => f.split('/')[1])).toContain(await last.getAttribute('aria-label'));
  });
});
