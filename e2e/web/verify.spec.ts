// Verify from the UI against the A1111 stand-in (started here, on 127.0.0.1): open an image, run Verify with the
// stand-in's address, watch the progress, and read the three verdicts; the run is then in the image's earlier
// verifications and in History > Verifications. Cancel from the UI stops a slow run. Compare offers Verify for A.
import { join } from 'node:path';
import { copyCorpus, corpusRoot, expect, test } from '../pages/harness';
import { startA1111StandIn, type A1111StandIn } from '../../electron/verify/stand-ins/a1111-stand-in';

let standIn: A1111StandIn;
test.beforeAll(async () => {
  standIn = await startA1111StandIn({ stepDelayMs: 25 });
});
test.afterAll(async () => {
  await standIn.close();
});

test.describe('verify', () => {
  test('run Verify on an image against the A1111 stand-in and see the three verdicts', async ({
    app,
    library,
    server,
  }, testInfo) => {
    const dir = copyCorpus(server, 'verify', ['a1111/metahub_cli_a1111.png']);
    await library.addFolder(dir);
    await library.waitForIndexed(dir, 1);
    // Only this folder in the grid: the outputs, indexed into the library as they arrive, would otherwise take the
    // first cell and the grid's index-based selection with it (the detail would switch to nudged-cfg.png).
    await library.page.getByTestId('filter-folder').selectOption({ label: dir });
    await library.cellNamed('metahub_cli_a1111.png').first().click(); // one click shows the details
    await expect(library.detail).toHaveAttribute('data-ready', 'true');

    const panel = library.detail.getByTestId('verify-panel');
    await panel.scrollIntoViewIfNeeded();
    await panel.getByTestId('verify-open').click();
    await panel.getByTestId('verify-url').fill(standIn.url);
    await expect(panel.getByTestId('verify-remote')).toHaveCount(0);
    await panel.getByTestId('verify-run').click();
    await expect(panel).toHaveAttribute('data-state', 'running');
    await expect(panel.getByTestId('verify-progress')).toContainText(
      /Rerun \d of 2|Nudged run|Checking|Comparing|Indexing|Starting/,
    );
    await expect(panel).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

    await expect(panel.getByTestId('verify-check-deterministic')).toHaveAttribute('data-grade', 'pass');
    await expect(panel.getByTestId('verify-check-deterministic')).toContainText('Deterministic: yes');
    // The stand-in draws a gradient, not the astronaut: the original does not reproduce, and the culprits say why.
    await expect(panel.getByTestId('verify-check-reproduces')).toHaveAttribute('data-grade', 'fail');
    await expect(panel.getByTestId('verify-check-reproduces')).toContainText('Reproduces: no');
    await expect(panel.getByTestId('verify-check-responsive')).toHaveAttribute('data-grade', 'pass');
    await expect(panel.getByTestId('verify-check-responsive')).toContainText('Responsive: yes. cfg 7 -> 7.5');
    await expect(panel.getByTestId('verify-grade')).toContainText('Grade: fail (reproduces)');
    await expect(panel.getByTestId('verify-history-item')).toHaveCount(1);
    await expect(panel.getByTestId('verify-generator-line')).toContainText(
      `A1111 v1.10.1 at ${standIn.url}: 3 outputs kept`,
    );
    await expect(panel.getByTestId('verify-history')).toContainText(`A1111 v1.10.1 at ${standIn.url}`);
    await panel.screenshot({ path: testInfo.outputPath('verify-panel.png') });
    await app.page.screenshot({ path: testInfo.outputPath('verify-page.png') });
    expect(standIn.generations.length).toBe(3);

    await app.showView('history');
    await app.page.getByTestId('history-tab-verifications').click();
    const list = app.page.getByTestId('verifications');
    await expect(list.getByTestId('verifications-item')).toHaveCount(1);
    await expect(list).toContainText('metahub_cli_a1111.png');
    await expect(list).toContainText('Responsive: yes');
  });

  test('a remote address is named before sending, and Cancel stops a slow run', async ({
    app,
    library,
    server,
  }, testInfo) => {
    const dir = copyCorpus(server, 'verify-cancel', ['a1111/metahub_cli_a1111.png']);
    await library.addFolder(dir);
    await library.waitForIndexed(dir, 1);
    // Only this folder in the grid: the outputs, indexed into the library as they arrive, would otherwise take the
    // first cell and the grid's index-based selection with it (the detail would switch to nudged-cfg.png).
    await library.page.getByTestId('filter-folder').selectOption({ label: dir });
    await library.cellNamed('metahub_cli_a1111.png').first().click(); // one click shows the details
    await expect(library.detail).toHaveAttribute('data-ready', 'true');
    const panel = library.detail.getByTestId('verify-panel');
    await panel.scrollIntoViewIfNeeded();
    await panel.getByTestId('verify-open').click();
    await panel.getByTestId('verify-url').fill('http://gpu-box.example:7860');
    await expect(panel.getByTestId('verify-remote')).toContainText('Remote server gpu-box.example');
    standIn.options.stepDelayMs = 200;
    try {
      await panel.getByTestId('verify-url').fill(standIn.url);
      await panel.getByTestId('verify-run').click();
      await expect(panel.getByTestId('verify-progress')).toContainText(/step \d+\/28/, { timeout: 30_000 });
      await panel.getByTestId('verify-cancel').click();
      await expect(panel).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 });
      await expect(panel.getByTestId('verify-cancelled')).toContainText('no outputs were kept');
      await expect(panel.getByTestId('verify-history-item')).toHaveAttribute('data-outcome', 'cancelled');
      await app.page.screenshot({ path: testInfo.outputPath('verify-cancelled.png') });
    } finally {
      standIn.options.stepDelayMs = 25;
    }
  });

  test('Compare offers Verify for image A (an upload in web mode)', async ({ app, compare }) => {
    await app.showView('compare');
    await compare.dropFiles(
      [join(corpusRoot, 'a1111/metahub_cli_a1111.png'), join(corpusRoot, 'forge/sdm_png_reforge.png')],
      'a',
    );
    await compare.waitForResult();
    const panel = app.page.getByTestId('compare-verify');
    await panel.scrollIntoViewIfNeeded();
    await expect(panel.getByRole('heading', { name: 'Verify A on a generator' })).toBeVisible();
    await panel.getByTestId('verify-open').click();
    await panel.getByTestId('verify-url').fill(standIn.url);
    await panel.getByTestId('verify-run').click();
    await expect(panel).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(panel.getByTestId('verify-check-deterministic')).toHaveAttribute('data-grade', 'pass');
    await expect(panel.getByTestId('verify-check-responsive')).toHaveAttribute('data-grade', 'pass');
  });
});
