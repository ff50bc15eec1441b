// `npm run bench -- library-browser`: the Library view over a 1M-image library in real Chromium (web mode), printed,
// not asserted. It builds (or reuses) the synthetic library of bench/synthetic-library.ts, starts `seedscope serve`
// on it, opens the page headless in /usr/bin/chromium and prints:
// - time to first tiles after opening the page, and to the real count;
// - steady scrolling: requestAnimationFrame frame times p50/p95 while the grid scrolls by small steps;
// - jumps to 25/50/100% of the scrollbar: time until every cell on screen is a tile of a row near that position;
// - typing a word letter by letter: time from each keystroke to the grid settled on that text.
// The synthetic rows have no image or thumbnail files: the page's thumbnail requests are answered in the browser with
// one real 256² JPEG (as a library whose thumbnails are on disk answers them), so tiles load as they do for a person;
// `--no-thumbnails` leaves them to the server (every tile then shows the missing-thumbnail note after a failed
// rebuild). `--quick`: 100k rows. `--keep`: leave the library for the next run. `--db=PATH`: measure an existing
// library (from `node dist/bench/synthetic-library.js PATH 1000000`; never deleted).
// Alone: `node dist/bench/library-browser.js [rows] [--keep] [--db=PATH] [--screenshots=DIR]` (a PNG after each jump)
// `[--trace=FILE]` (a Chrome trace of the 40 px steady scroll, for chrome://tracing or the Performance panel).
import * as fs from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import sharp from 'sharp';
import { serveLibrary } from './bench-server';
import { p50p95 } from './measure';
import { syntheticPath } from './library-scale';
import { ensureSyntheticLibrary } from './synthetic-library';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const GRID = '[data-testid="thumbnail-grid"]';

// The functions handed to page.evaluate run in Chromium; the bench compiles without the DOM library, so the few
// page globals they use are declared here (module scope: nothing leaks into the rest of the build).
interface HTMLElement {
  dataset: Record<string, string | undefined>;
  scrollTop: number;
  getBoundingClientRect(): { top: number; bottom: number };
  querySelectorAll<T>(selector: string): Iterable<T> & { length: number };
  getAttribute(name: string): string | null;
}
declare const document: { querySelector<T = HTMLElement>(selector: string): T | null };
declare function requestAnimationFrame(callback: (now: number) => void): number;

/** Resolves when the grid shows tiles (not placeholders) for every cell on screen near `target` (any when null). */
function tilesNear(page: Page, target: number | null, timeoutMs = 30_000): Promise<number> {
  return page.evaluate(
    ({ grid, target, timeoutMs }) =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const check = (): void => {
          const el = document.querySelector<HTMLElement>(grid);
          if (el) {
            const view = el.getBoundingClientRect();
            const onScreen = [...el.querySelectorAll<HTMLElement>('[data-index]')].filter((c) => {
              const r = c.getBoundingClientRect();
              return r.bottom > view.top && r.top < view.bottom;
            });
            const near = (c: HTMLElement): boolean =>
              target === null || Math.abs(Number(c.dataset.index) - target) < Math.max(200, onScreen.length * 2);
            if (onScreen.length > 0 && onScreen.every((c) => c.dataset.testid === 'grid-cell' && near(c))) {
              resolve(performance.now() - started);
              return;
            }
          }
          if (performance.now() - started > timeoutMs)
            reject(new Error(`no tiles near ${target} after ${timeoutMs} ms`));
          else requestAnimationFrame(check);
        };
        check();
      }),
    { grid: GRID, target, timeoutMs },
  );
}

async function gridCount(page: Page): Promise<number> {
  return Number(await page.locator(GRID).getAttribute('data-count'));
}

/** Scrolls the grid by `step` px every frame for `frames` frames; returns the frame-to-frame times. */
function steadyScroll(page: Page, step: number, frames: number): Promise<{ frames: number[]; placeholders: number }> {
  return page.evaluate(
    ({ grid, step, frames }) =>
      new Promise<{ frames: number[]; placeholders: number }>((resolve) => {
        const el = document.querySelector<HTMLElement>(grid) as HTMLElement;
        const times: number[] = [];
        let last = performance.now();
        let placeholders = 0;
        const tick = (now: number): void => {
          times.push(now - last);
          last = now;
          placeholders += el.querySelectorAll('[data-testid="grid-placeholder"]').length;
          if (times.length >= frames) {
            resolve({ frames: times.slice(1), placeholders });
            return;
          }
          el.scrollTop += step;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { grid: GRID, step, frames },
  );
}

async function jump(page: Page, fraction: number, total: number): Promise<{ ms: number; landed: number }> {
  const target = Math.round((total - 1) * fraction);
  await page.locator(GRID).evaluate((el, fraction) => {
    el.scrollTop = (el.scrollHeight - el.clientHeight) * fraction;
  }, fraction);
  const ms = await tilesNear(page, target);
  const landed = Number(await page.locator(`${GRID} [data-testid="grid-cell"]`).first().getAttribute('data-index'));
  return { ms, landed };
}

/** Types `word` one key at a time; after each, the time until the grid shows the first page for the text typed so
 *  far (`rows`), and until its count has arrived too (`counted`). */
async function typeWord(page: Page, word: string): Promise<{ rows: number[]; counted: number[] }> {
  const input = page.getByTestId('search-input');
  await input.fill('');
  await page.waitForSelector('[data-testid="library-view"][data-ready="true"]');
  const rows: number[] = [];
  const counted: number[] = [];
  const settledOn = (text: string, attribute: string) =>
    page.waitForFunction(
      ({ text, attribute }) => {
        const view = document.querySelector('[data-testid="library-view"]');
        return view?.getAttribute(attribute) === 'true' && view.getAttribute('data-query') === text;
      },
      { text, attribute },
      { polling: 'raf', timeout: 60_000 },
    );
  for (let k = 1; k <= word.length; k++) {
    const text = word.slice(0, k);
    const started = performance.now();
    await input.press(word[k - 1]);
    await settledOn(text, 'data-rows-ready');
    rows.push(performance.now() - started);
    await settledOn(text, 'data-ready');
    counted.push(performance.now() - started);
  }
  return { rows, counted };
}

interface BrowserOptions {
  keep?: boolean;
  screenshots?: string;
  trace?: string;
  db?: string;
  thumbnails?: boolean;
}

export async function runBrowser(rows: number, options: BrowserOptions = {}): Promise<void> {
  const dbPath = options.db ?? syntheticPath(rows);
  const built = ensureSyntheticLibrary(dbPath, rows);
  console.log(
    built.reused
      ? `(reusing the synthetic library of ${rows} images)`
      : `(built a synthetic library of ${rows} images in ${built.seconds.toFixed(0)} s)`,
  );
  const server = await serveLibrary(dbPath);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    if (options.thumbnails !== false) {
      const thumbnail = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#6a8caf' } })
        .jpeg({ quality: 82 })
        .toBuffer();
      await page.route('**/media/thumb/**', (route) =>
        route.fulfill({ status: 200, contentType: 'image/jpeg', body: thumbnail }),
      );
    }
    const started = performance.now();
    await page.goto(`${server.url}/`);
    await tilesNear(page, null, 120_000);
    const firstTiles = performance.now() - started;
    await page.waitForSelector('[data-testid="result-count"][data-counted="true"]', { timeout: 120_000 });
    const counted = performance.now() - started;
    const total = await gridCount(page);
    console.log(
      `browser: first tiles ${firstTiles.toFixed(0)} ms after navigation, the real count (${total} images) after ${counted.toFixed(0)} ms` +
        ` | baseline: the server's first page over HTTP ${(await server.call('library.search', { limit: 200 })).ms.toFixed(0)} ms`,
    );

    const idle = await steadyScroll(page, 0, 120);
    if (options.trace) await browser.startTracing(page, { path: options.trace, screenshots: false });
    const steady = await steadyScroll(page, 40, 300);
    if (options.trace) await browser.stopTracing();
    const fast = await steadyScroll(page, 400, 150);
    console.log(
      `steady scroll, 40 px a frame: frames ${p50p95(steady.frames)}, placeholder cells seen ${steady.placeholders}; 400 px a frame: ${p50p95(fast.frames)},` +
        ` placeholders ${fast.placeholders} | baseline (no scrolling): frames ${p50p95(idle.frames)}`,
    );

    const jumps: string[] = [];
    for (const fraction of [0.25, 0.5, 1, 0]) {
      const { ms, landed } = await jump(page, fraction, total);
      jumps.push(`${fraction * 100}%: ${ms.toFixed(0)} ms (first tile #${landed})`);
      if (options.screenshots) await page.screenshot({ path: `${options.screenshots}/jump-${fraction * 100}.png` });
    }
    console.log(
      `jumps, time until the cells on screen are tiles near the position (target 200 ms): ${jumps.join(', ')}`,
    );

    const { probes } = built;
    for (const word of [probes.midWord, probes.commonWord]) {
      const { rows, counted } = await typeWord(page, word);
      const ms = (times: number[]): string => times.map((t) => t.toFixed(0)).join(' / ');
      console.log(
        `typing "${word}": keystroke to its results ${ms(rows)} ms (target < 100 ms each); to its count too ${ms(counted)} ms` +
          ` (${await gridCount(page)} results for the word)`,
      );
    }
  } finally {
    await browser.close();
    await server.stop();
    if (!options.keep && !options.db)
      for (const suffix of ['', '-wal', '-shm', '.synthetic.json']) fs.rmSync(dbPath + suffix, { force: true });
  }
}

function optionsOf(argv: string[]): BrowserOptions {
  const value = (name: string): string | undefined =>
    argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return {
    keep: argv.includes('--keep'),
    screenshots: value('screenshots'),
    trace: value('trace'),
    db: value('db'),
    thumbnails: !argv.includes('--no-thumbnails'),
  };
}

export async function run(argv: string[]): Promise<void> {
  await runBrowser(argv.includes('--quick') ? 100_000 : 1_000_000, optionsOf(argv));
}

if (require.main === module) {
  const rows = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 1_000_000);
  runBrowser(rows, optionsOf(process.argv)).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
