// Page model of the shell: the three views and the keyboard. Written once, usable against web-mode Chromium
// and, where a binary exists, the Electron window (both are a Playwright Page). Page errors, HTTP >= 400 and
// CSP violations are failed by the guarded test in e2e/fixtures/test.ts.
import { expect, type Locator, type Page } from '@playwright/test';

export type ViewName = 'library' | 'history' | 'compare';

export class AppPage {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('app');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.root).toBeVisible();
  }

  async showView(view: ViewName): Promise<void> {
    await this.page.getByTestId(`tab-${view}`).click();
    await expect(this.root).toHaveAttribute('data-view', view);
  }

  /** Presses a key the way a shortcut is used: with no text field focused. */
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }
}
