// The million-image grid's pure pieces, pinned without a browser: the page cache that holds rows by position
// around the view, the short reason a broken thumbnail shows, and the scaled scrollbar (a grid taller than any
// browser lays out still maps 50% of its track to the middle row).
import { expect, test } from '@playwright/test';
import type { ImageSummary } from '../../shared/library';
import { shortReason } from '../../renderer/library/thumb-reason';
import { gridWindow, MAX_SCROLL_HEIGHT } from '../../renderer/library/grid-window';
import { ResultPages } from '../../renderer/library/result-pages';

function rows(from: number, n: number): ImageSummary[] {
  return Array.from(
    { length: n },
    (_, k) => ({ id: 1000 + from + k, path: `/lib/row-${from + k}.png` }) as ImageSummary,
  );
}

test.describe('result pages', () => {
  test('rows are found at their position in the whole result set, and nowhere else', () => {
    const pages = new ResultPages(200, 10);
    expect(pages.put(499_800, rows(499_800, 200), true)).toBe(true);
    expect(pages.at(499_999)?.path).toBe('/lib/row-499999.png');
    expect(pages.at(499_799)).toBeUndefined();
    expect(pages.at(0)).toBeUndefined();
    expect(pages.pagesFor(399, 801)).toEqual([1, 2, 3, 4]);
  });

  test('an answer that does not start on a page boundary is not placed', () => {
    const pages = new ResultPages(200, 10);
    expect(pages.put(150, rows(150, 200), true)).toBe(false);
    expect(pages.loadedCount()).toBe(0);
  });

  test('the cache is bounded: the pages farthest from the view are dropped', () => {
    const pages = new ResultPages(200, 3);
    for (const p of [0, 1, 2, 50, 51]) pages.put(p * 200, rows(p * 200, 200), true);
    pages.evictFarFrom(50);
    expect(pages.loadedCount()).toBe(600);
    expect(pages.at(50 * 200)).toBeDefined();
    expect(pages.at(51 * 200)).toBeDefined();
    expect(pages.at(2 * 200)).toBeDefined();
    expect(pages.at(0)).toBeUndefined();
  });

  test('after a library change the rows stay shown but an id is only looked up among refetched pages', () => {
    const pages = new ResultPages(200, 10);
    pages.put(0, rows(0, 200), true);
    expect(pages.indexOfId(1005)).toBe(5);
    pages.markStale();
    expect(pages.at(5)?.id).toBe(1005);
    expect(pages.isFresh(0)).toBe(false);
    expect(pages.indexOfId(1005)).toBe(-1);
    // Two new images arrived at the top: the refetched page shows the same image two places later.
    pages.put(
      0,
      [{ id: 1, path: '/new-a.png' } as ImageSummary, { id: 2, path: '/new-b.png' } as ImageSummary, ...rows(0, 198)],
      true,
    );
    expect(pages.indexOfId(1005)).toBe(7);
  });

  test('until the count answers, the grid reaches one page past the last page that said more follow', () => {
    const pages = new ResultPages(200, 10);
    pages.put(0, rows(0, 200), true);
    expect(pages.loadedExtent()).toBe(400);
    pages.put(200, rows(200, 37), false);
    expect(pages.loadedExtent()).toBe(237);
  });
});

test.describe('broken thumbnail reasons', () => {
  test('the path is cut from the backend message and the reason kept short', () => {
    expect(shortReason('/pics/a.png: the file is gone or offline; rescan its folder.', '/pics/a.png')).toBe(
      'the file is gone or offline',
    );
    expect(shortReason('/pics/a.png: not decodable (truncated PNG)', '/pics/a.png')).toBe('not decodable');
    expect(
      shortReason(
        'The thumbnail cannot be made again: /pics/a.png: the file is gone or its drive is not mounted; rescan.',
        '/pics/a.png',
      ),
    ).toBe('the file is gone or its drive is not mounted');
    expect(shortReason('x'.repeat(200), '/pics/a.png').length).toBeLessThanOrEqual(48);
  });
});

test.describe('a grid taller than the browser lays out', () => {
  const base = { width: 1000, height: 700, cell: 156, rowHeight: 174, gap: 6, overscan: 3 };

  test('a million images keep the scroll area under the cap and the window a screenful', () => {
    const w = gridWindow({ ...base, scrollTop: 0, count: 1_000_000 });
    expect(w.columns).toBe(6);
    expect(w.totalHeight).toBe(MAX_SCROLL_HEIGHT);
    expect(w.scale).toBeGreaterThan(2);
    expect(w.start).toBe(0);
    expect(w.end - w.start).toBeLessThanOrEqual(6 * 8);
  });

  test('50% of the scrollbar shows the rows around the middle, and the end shows the last image', () => {
    const w0 = gridWindow({ ...base, scrollTop: 0, count: 1_000_000 });
    const half = gridWindow({ ...base, scrollTop: (w0.totalHeight - base.height) / 2, count: 1_000_000 });
    expect(Math.abs(half.start - 500_000)).toBeLessThan(100);
    // The rows drawn are placed inside the visible part of the scroll area.
    const firstVisibleTop = Math.ceil(half.start / half.columns + 3) * 180 + half.offsetY;
    const viewTop = (w0.totalHeight - base.height) / 2;
    expect(firstVisibleTop).toBeGreaterThanOrEqual(viewTop - 180);
    expect(firstVisibleTop).toBeLessThanOrEqual(viewTop + base.height);
    const end = gridWindow({ ...base, scrollTop: w0.totalHeight - base.height, count: 1_000_000 });
    expect(end.end).toBe(1_000_000);
    const lastTop = Math.floor(999_999 / end.columns) * 180 + end.offsetY;
    expect(lastTop + 174).toBeLessThanOrEqual(w0.totalHeight + 1);
  });

  test('below the cap nothing is scaled', () => {
    const w = gridWindow({ ...base, scrollTop: 1234, count: 100_000 });
    expect(w.scale).toBe(1);
    expect(w.offsetY).toBe(0);
  });
});
