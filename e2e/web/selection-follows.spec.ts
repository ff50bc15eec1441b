// The details panel keeps showing the image the person chose while new images arrive at the top of the grid
// (a watched folder, Verify's outputs): the selection follows the image, not its position.
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../pages/harness';
import { writeGeneratedPng } from '../pages/generated-images';

test('new images indexed above the selection leave the details on the chosen image', async ({
  app,
  library,
  server,
}) => {
  const dir = join(server.dataDir, 'watched');
  const old = Date.now() - 3600_000;
  for (const [i, name] of ['old-a.png', 'old-b.png', 'old-c.png'].entries()) {
    const file = await writeGeneratedPng(dir, name, { prompt: `an old image ${i}`, seed: String(i) }, i);
    utimesSync(file, new Date(old + i * 1000), new Date(old + i * 1000));
  }
  await library.addFolder(dir, { watch: true });
  await library.waitForIndexed(dir, 3);
  await library.showsImages(3);
  await library.openImage('old-b.png');
  await expect(library.detail.getByTestId('detail-path')).toContainText('old-b.png');

  // Newer files appear while the person reads the details: they sort first, above old-b.
  for (const [i, name] of ['new-a.png', 'new-b.png'].entries())
    await writeGeneratedPng(dir, name, { prompt: `a new image ${i}`, seed: String(10 + i) }, 4 + i);
  await library.showsImages(5);
  await expect(library.cells.first()).toContainText(/new-/);
  await expect(library.detail.getByTestId('detail-path')).toContainText('old-b.png');
  await expect(app.root).toHaveAttribute('data-view', 'library');
});
