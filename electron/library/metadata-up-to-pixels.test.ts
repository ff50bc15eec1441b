// The metadata pass of a cold index reads a PNG only up to its pixels (its pixel pass reads the whole file next):
// parameters written after the IDATs must still reach the library, from the pixel pass, or, when the pixels cannot
// be decoded, from a whole-file read of the metadata.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { inspectImageMetadata } from '../images/inspect-image';
import { withPngTextChunks } from '../metadata/containers/png-write';
import { indexFolders } from './indexer';
import { openLibrary } from './library';

const PARAMETERS =
  'a lighthouse at dusk\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 424242, Size: 512x512, Model: test';

describe('a cold index reads PNG metadata up to the pixels, and loses nothing after them', () => {
  let dir: string;
  let intact: string;
  let corrupt: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-up-to-pixels-'));
    fs.mkdirSync(path.join(dir, 'images'));
    const noise = Buffer.alloc(512 * 512 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    // sharp writes 8 KB IDAT chunks: the metadata pass used to read such a file whole.
    const png = await sharp(noise, { raw: { width: 512, height: 512, channels: 3 } })
      .png()
      .toBuffer();
    const withText = withPngTextChunks(png, [{ keyword: 'parameters', text: PARAMETERS }], 'after-idat');
    intact = path.join(dir, 'images', 'text-after-pixels.png');
    fs.writeFileSync(intact, withText);
    // A broken zlib header in the first IDAT: the decode fails, the text chunk after the pixels is whole.
    const damaged = Buffer.from(withText);
    damaged.fill(0xff, damaged.indexOf('IDAT') + 4, damaged.indexOf('IDAT') + 6);
    corrupt = path.join(dir, 'images', 'text-after-damaged-pixels.png');
    fs.writeFileSync(corrupt, damaged);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads only up to the first IDAT when asked, the whole metadata otherwise', async () => {
    assert.equal((await inspectImageMetadata(intact, undefined, { upToPixels: true })).tuple, null);
    assert.equal((await inspectImageMetadata(intact)).tuple?.seed, '424242');
    const upTo = await inspectImageMetadata(intact, undefined, { upToPixels: true });
    assert.deepEqual(upTo.warnings, [], 'stopping at the pixels is not reported as a truncated file');
  });

  it('stores the parameters after the pixels, from the pixel pass or from a whole read when decoding fails', async () => {
    const library = openLibrary(path.join(dir, 'library.sqlite'));
    try {
      const summary = await indexFolders(library, [path.join(dir, 'images')]);
      assert.equal(summary.pixelsDone, 1);
      assert.deepEqual(
        summary.failed.map((f) => path.basename(f.path)),
        ['text-after-damaged-pixels.png'],
      );
      const rows = library.db
        .prepare('SELECT path, pixel_state, pixel_error, tuple_json FROM images ORDER BY path')
        .all() as Array<{ path: string; pixel_state: string; pixel_error: string | null; tuple_json: string }>;
      const byName = new Map(rows.map((r) => [path.basename(r.path), r]));
      const good = byName.get('text-after-pixels.png')!;
      const bad = byName.get('text-after-damaged-pixels.png')!;
      assert.equal(good.pixel_state, 'done');
      assert.equal(JSON.parse(good.tuple_json).seed, '424242');
      assert.equal(bad.pixel_state, 'failed');
      assert.match(bad.pixel_error ?? '', /decode|corrupt|truncated/i);
      assert.equal(JSON.parse(bad.tuple_json).seed, '424242', 'the damaged file keeps its parameters');
    } finally {
      library.close();
    }
  });
});
