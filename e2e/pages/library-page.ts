// Page model of the Library view: folders with live progress, search, filters, the grid and the detail panel.
import { expect, type Locator, type Page } from '@playwright/test';

export class LibraryPage {
  readonly view: Locator;
  readonly grid: Locator;
  readonly cells: Locator;
  readonly search: Locator;
  readonly resultCount: Locator;
  readonly detail: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('library-view');
    this.grid = page.getByTestId('thumbnail-grid');
    this.cells = page.getByTestId('grid-cell');
    this.search = page.getByTestId('search-input');
    this.resultCount = page.getByTestId('result-count');
    this.detail = page.getByTestId('detail-panel');
  }

  async addFolder(path: string, opts: { watch?: boolean } = {}): Promise<void> {
    if (opts.watch === false) await this.page.getByLabel('watch for new images').uncheck();
    await this.page.getByTestId('folder-path-input').fill(path);
    await this.page.getByTestId('folder-add').click();
    await expect(this.page.getByTestId('folder').filter({ hasText: path })).toBeVisible();
  }

  folder(path: string): Locator {
    return this.page.getByTestId('folder').filter({ hasText: path });
  }

  /** Waits until the folder shows at least `count` images and no job is running for it. */
  async waitForIndexed(path: string, count: number, timeout = 90_000): Promise<void> {
    const folder = this.folder(path);
    await expect
      .poll(async () => Number.parseInt((await folder.getByTestId('folder-count').textContent()) ?? '0', 10), {
        timeout,
      })
      .toBeGreaterThanOrEqual(count);
    await expect(folder.getByTestId('job-progress')).toHaveCount(0, { timeout });
  }

  /** Waits for the view to settle after a query: the count shows a number, not "searching…". */
  async settled(): Promise<void> {
    await expect(this.view).toHaveAttribute('data-ready', 'true');
  }

  /** Waits until the grid shows `count` images: the refresh after an index run is throttled, so a query can
   *  settle on the old (empty) list first, and keys pressed then act on nothing. */
  async showsImages(count: number): Promise<void> {
    await this.settled();
    await expect(this.cells).toHaveCount(count);
  }

  async count(): Promise<number> {
    await this.settled();
    return Number(await this.resultCount.getAttribute('data-count'));
  }

  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
    await this.search.press('Enter');
    await expect(this.view).toHaveAttribute('data-ready', 'true');
    await expect.poll(() => this.search.inputValue()).toBe(text);
  }

  async filter(field: string, value: string): Promise<void> {
    const control = this.page.getByTestId(`filter-${field}`);
    const tag = await control.evaluate((el) => el.tagName.toLowerCase());
    if (tag === 'select') await control.selectOption(value);
    else await control.fill(value);
  }

  cellNamed(fileName: string): Locator {
    return this.cells.filter({ has: this.page.locator(`.caption[title$="${fileName.replace(/"/g, '\\"')}"]`) });
  }

  /** Shows the image's details: a single click (a double-click opens the full-screen viewer over them). */
  async openImage(fileName: string): Promise<void> {
    await this.cellNamed(fileName).first().click();
    await expect(this.detail).toHaveAttribute('data-ready', 'true');
  }
}
