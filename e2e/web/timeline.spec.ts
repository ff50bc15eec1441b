// History as a timeline: sessions cut at idle gaps, one change line per image, a rerun's pixel check, the
// "only where X changed" filter, and a cfg sweep whose neighbours open in Compare.
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../pages/harness';
import { type A1111Params, writeGeneratedPng } from '../pages/generated-images';

const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);

test('the timeline shows sessions and change lines; a sweep strip opens a pair in Compare', async ({
  app,
  library,
  compare,
  server,
}, testInfo) => {
  const dir = join(server.dataDir, 'timeline');
  const fox: A1111Params = { prompt: 'a red fox in snow, morning light', seed: '42', cfg: 7 };
  const ship: A1111Params = { prompt: 'a sailing ship in a storm, oil painting', seed: '100' };
  // name, parameters, pixel variant, minutes after T0: one session of fox edits, then (3 h later) a cfg sweep.
  const files: Array<[string, A1111Params, number, number]> = [
    ['fox-1.png', fox, 0, 0],
    ['fox-2.png', { ...fox, cfg: 7.5 }, 1, 1],
    ['fox-3.png', { ...fox, cfg: 7.5, seed: '43' }, 2, 2],
    ['fox-4.png', { ...fox, cfg: 7.5, seed: '43' }, 2, 3],
    ...[5, 6, 7, 8].map((cfg, i): [string, A1111Params, number, number] => [
      `ship-cfg${cfg}.png`,
      { ...ship, cfg },
      3 + i,
      180 + i,
    ]),
  ];
  for (const [name, params, variant, minutes] of files) {
    const file = await writeGeneratedPng(dir, name, params, variant);
    const at = new Date(T0 + minutes * 60_000);
    utimesSync(file, at, at);
  }
  await library.addFolder(dir);
  await library.waitForIndexed(dir, files.length);
  await library.showsImages(files.length);

  await app.press('2');
  const timeline = app.page.getByTestId('timeline');
  await expect(timeline).toHaveAttribute('data-ready', 'true');
  await expect(timeline).toHaveAttribute('data-total', String(files.length));
  const rows = app.page.getByTestId('timeline-row');
  await expect(rows).toHaveCount(files.length);
  // Newest first: the sweep's session, then the fox session, each marked where it starts.
  await expect(app.page.getByTestId('session-label')).toHaveCount(2);
  await expect(app.page.getByTestId('session-label').first()).toContainText('4 image(s)');
  const row = (name: string) => rows.filter({ hasText: name });
  await expect(row('fox-2.png').getByTestId('change-line')).toHaveText(/cfg 7 → 7\.5/);
  await expect(row('fox-3.png').getByTestId('change-line')).toHaveText(/seed 42 → 43/);
  await expect(row('fox-4.png').getByTestId('change-line')).toHaveText(/same parameters, pixels agree/);
  await expect(row('ship-cfg6.png').getByTestId('change-line')).toHaveText(/cfg 5 → 6/);
  await app.page.screenshot({ path: testInfo.outputPath('timeline.png') });

  // Only the runs where cfg changed.
  await app.page.getByTestId('timeline-changed').selectOption('cfg');
  await expect(timeline).toHaveAttribute('data-total', '4');
  await expect(rows).toHaveCount(4);

  // Sweeps: the cfg ladder of four, ordered by value; a neighbour pair opens in Compare.
  await app.page.getByTestId('history-tab-sweeps').click();
  const sweep = app.page.getByTestId('sweep').filter({ hasText: 'cfg sweep' });
  await expect(sweep).toHaveCount(1);
  await expect(sweep).toContainText('cfg sweep, 4 values');
  await expect(sweep.getByTestId('sweep-image')).toHaveText(['5', '6', '7', '8']);
  await app.page.screenshot({ path: testInfo.outputPath('sweeps.png') });
  await sweep.getByTestId('sweep-compare').nth(1).click();
  await expect(app.root).toHaveAttribute('data-view', 'compare');
  await compare.waitForResult();
  await expect(compare.culprits.first()).toContainText(/cfg/i);
});
