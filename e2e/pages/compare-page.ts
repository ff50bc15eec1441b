// Page model of the Compare view: real drop events carrying real File objects, then the verdict, the heatmap
// overlay, the culprit list and the highlighted diff row.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
};

export class ComparePage {
  readonly view: Locator;
  readonly verdict: Locator;
  readonly culprits: Locator;
  readonly paramDiff: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('compare-view');
    this.verdict = page.getByTestId('verdict');
    this.culprits = page.getByTestId('culprit');
    this.paramDiff = page.getByTestId('param-diff');
  }

  /**
   * Drags files from "the file manager": builds a DataTransfer holding File objects made from the files'
   * real bytes inside the page, then fires dragenter, dragover and drop on the target, as Chromium does.
   */
  /** `library`: dropped on the Library view, outside any drop zone (the app takes them to Compare). */
  async dropFiles(paths: string[], target: 'a' | 'b' | 'library' = 'a'): Promise<void> {
    const files = paths.map((p) => {
      const name = basename(p);
      const ext = name.split('.').pop()?.toLowerCase() ?? '';
      return { name, type: MIME[ext] ?? 'application/octet-stream', base64: readFileSync(p).toString('base64') };
    });
    const dataTransfer = await this.page.evaluateHandle((list) => {
      const dt = new DataTransfer();
      for (const f of list) {
        const bin = atob(f.base64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i += 1) bytes[i] = bin.charCodeAt(i);
        dt.items.add(new File([bytes], f.name, { type: f.type }));
      }
      return dt;
    }, files);
    const zone =
      target === 'library' ? this.page.getByTestId('library-view') : this.page.getByTestId(`dropzone-${target}`);
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
    await dataTransfer.dispose();
  }

  async waitForResult(timeout = 60_000): Promise<void> {
    await expect(this.view).toHaveAttribute('data-ready', 'true', { timeout });
    await expect(this.verdict).toBeVisible();
  }

  async verdictName(): Promise<string | null> {
    return this.verdict.getAttribute('data-verdict');
  }

  async showHeatmap(): Promise<Locator> {
    await this.page.getByTestId('heatmap-toggle').check();
    const overlay = this.page.getByTestId('heatmap-overlay').first();
    await expect(overlay).toBeVisible();
    // The heatmap PNG really loaded (not a broken image).
    await expect
      .poll(() =>
        overlay.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth),
      )
      .toBeGreaterThan(0);
    return overlay;
  }

  highlightedRows(): Locator {
    return this.paramDiff.locator('tr.culprit-row');
  }
}
