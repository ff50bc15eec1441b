// Page model of the shell: the three views, the shortcuts overlay, and the checks every spec wants (no page
// errors, no failed HTTP responses). Written once, usable against web-mode Chromium and, where a binary
// exists, the Electron window (both are a Playwright Page).
import { expect, type Locator, type Page } from '@playwright/test';

export type ViewName = 'library' | 'history' | 'compare';

export class AppPage {
  readonly root: Locator;
  readonly problems: string[] = [];

  constructor(readonly page: Page) {
    this.root = page.getByTestId('app');
    page.on('pageerror', (err) => this.problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      // A CSP violation is reported on the console only: count it as a failure.
      if (msg.type() === 'error') this.problems.push(`console error: ${msg.text()}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400) this.problems.push(`HTTP ${res.status()} ${res.url()}`);
    });
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.root).toBeVisible();
  }

  async showView(view: ViewName): Promise<void> {
    await this.page.getByTestId(`tab-${view}`).click();
    await expect(this.root).toHaveAttribute('data-view', view);
  }

  /** Presses a key with focus on the page body, the way a shortcut is used. */
  async press(key: string): Promise<void> {
    await this.page.locator('body').press(key);
  }

  expectNoProblems(): void {
    expect(this.problems, 'page errors, console errors or HTTP >= 400 during the spec').toEqual([]);
  }
}
