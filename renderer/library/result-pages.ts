// The rows of one search that the renderer holds: pages of PAGE_SIZE aligned to page boundaries, fetched by
// position around where the person is, at most `maxPages` of them (the pages farthest from the view are dropped).
// After the library changes the pages are kept but marked stale: they stay on screen until their refetch answers,
// so a refresh while a folder indexes neither blanks the grid nor throws the person back to the top.
import type { ImageSummary } from '../../shared/library';

export const PAGE_SIZE = 200;

interface CachedPage {
  items: ImageSummary[];
  /** Answered for the library as it is now (false after a change, until refetched). */
  fresh: boolean;
  /** The server said more rows follow this page. */
  more: boolean;
}

export class ResultPages {
  private readonly pages = new Map<number, CachedPage>();

  constructor(
    readonly pageSize = PAGE_SIZE,
    readonly maxPages = 40,
  ) {}

  pageOf(index: number): number {
    return Math.floor(index / this.pageSize);
  }

  /** Page numbers covering positions [start, end). */
  pagesFor(start: number, end: number): number[] {
    if (end <= start) return [];
    const out: number[] = [];
    for (let p = this.pageOf(Math.max(0, start)); p <= this.pageOf(end - 1); p += 1) out.push(p);
    return out;
  }

  /** Keeps a page answered at `offset` (which must be a page boundary; anything else is not ours to place). */
  put(offset: number, items: ImageSummary[], more: boolean): boolean {
    if (offset % this.pageSize !== 0) return false;
    this.pages.set(offset / this.pageSize, { items, fresh: true, more });
    return true;
  }

  at(index: number): ImageSummary | undefined {
    return this.pages.get(this.pageOf(index))?.items[index % this.pageSize];
  }

  isFresh(page: number): boolean {
    return this.pages.get(page)?.fresh === true;
  }

  markStale(): void {
    for (const page of this.pages.values()) page.fresh = false;
  }

  clear(): void {
    this.pages.clear();
  }

  /** Drops the pages farthest from `page` until at most maxPages remain. */
  evictFarFrom(page: number): void {
    if (this.pages.size <= this.maxPages) return;
    const byDistance = [...this.pages.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page));
    for (const p of byDistance.slice(0, this.pages.size - this.maxPages)) this.pages.delete(p);
  }

  /** Where the rows known so far end, plus a page of room when the last one said more follow (used only while
   *  the count has not answered: the grid can still scroll on and ask for the next page). */
  loadedExtent(): number {
    if (this.pages.size === 0) return 0;
    const p = Math.max(...this.pages.keys());
    const page = this.pages.get(p) as CachedPage;
    return p * this.pageSize + page.items.length + (page.more ? this.pageSize : 0);
  }

  loadedCount(): number {
    let n = 0;
    for (const page of this.pages.values()) n += page.items.length;
    return n;
  }

  /** Position of an image among the fresh pages, or -1 (a stale page may hold it at its old position). */
  indexOfId(id: number): number {
    for (const [p, page] of this.pages) {
      if (!page.fresh) continue;
      const at = page.items.findIndex((i) => i.id === id);
      if (at >= 0) return p * this.pageSize + at;
    }
    return -1;
  }
}
