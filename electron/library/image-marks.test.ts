// Everyday browsing on a real library: favourites, ratings and tags stored beside the images (files untouched),
// searchable and filterable, written to XMP and read back by exiftool; text search over every field with the
// field named on each hit; facets without parse artefacts, one entry per model hash, counts that narrow.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { exportIndexedSidecars } from '../records/export-sidecars';
import { ImageMarksStore, MarksInputError } from './image-marks';
import { indexFolders } from './indexer';
import { LibraryFacets, mergeModelsByHash } from './library-facets';
import { openLibrary, type Library } from './library';
import { normalizeModelName } from './tuple-key';
import type { SearchFilters } from '../../shared/library';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const FILES = [
  'a1111/sdm_png_sd-webui.png',
  'comfyui/cex_lora_lora.png',
  'civitai/picteus_image-userComment-string.jpg',
  'c2pa-openai/cai_ChatGPT_Image.png',
];

/** A small PNG carrying A1111 parameters (iTXt, as A1111 writes it), so model names and hashes are chosen here. */
async function a1111Png(file: string, parameters: string, shade: number): Promise<void> {
  const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: shade, g: 40, b: 90 } } })
    .png()
    .toBuffer();
  const data = Buffer.concat([Buffer.from('parameters\0\0\0\0\0', 'latin1'), Buffer.from(parameters, 'utf8')]);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write('iTXt', 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  const iend = png.length - 12;
  fs.writeFileSync(file, Buffer.concat([png.subarray(0, iend), head, data, crc, png.subarray(iend)]));
}

function fileHash(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

describe('marks, search fields and facets', {
  skip: fs.existsSync(CORPUS) ? false : `corpus not found at ${CORPUS}`,
}, () => {
  let work: string;
  let images: string;
  let library: Library;
  const idOf = (name: string): number => {
    const hit = library.search({ limit: 500 }).items.find((i) => path.basename(i.path) === name);
    assert.ok(hit, `${name} is indexed`);
    return hit.id;
  };

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-marks-'));
    images = path.join(work, 'images');
    fs.mkdirSync(images);
    for (const f of FILES) fs.copyFileSync(path.join(CORPUS, f), path.join(images, path.basename(f)));
    const params = (model: string, sampler: string) =>
      `a red lantern\nNegative prompt: fog\nSteps: 20, Sampler: ${sampler}, CFG scale: 7, Seed: 5, Size: 32x32, Model hash: abcdef1234, Model: ${model}`;
    await a1111Png(path.join(images, 'lantern-1.png'), params('MyModel_v1', 'Euler a'), 10);
    await a1111Png(path.join(images, 'lantern-2.png'), params('mymodel-v1.0', 'DPM++ 2M'), 20);
    library = openLibrary(path.join(work, 'library.sqlite'));
    const summary = await indexFolders(library, [images]);
    assert.equal(summary.failed.length, 0, JSON.stringify(summary.failed));
  });

  after(() => {
    library?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('stores favourite, rating and tags in the library, never in the image file', () => {
    const store = new ImageMarksStore(library.db);
    const id = idOf('sdm_png_sd-webui.png');
    const before = fileHash(path.join(images, 'sdm_png_sd-webui.png'));
    assert.deepEqual(store.get(id), { favourite: false, rating: 0, tags: [] });
    assert.deepEqual(store.set(id, { favourite: true, rating: 4, tags: ['  Keeper ', 'keeper', 'miku  blue'] }), {
      favourite: true,
      rating: 4,
      tags: ['Keeper', 'miku blue'],
    });
    assert.deepEqual(
      store.set(id, { rating: 3 }),
      { favourite: true, rating: 3, tags: ['Keeper', 'miku blue'] },
      'fields left out stay',
    );
    assert.throws(() => store.set(id, { rating: 6 }), MarksInputError);
    assert.throws(() => store.set(id, { tags: ['bad\u0007tag'] }), /control character/);
    assert.equal(store.set(999_999, { rating: 1 }), null);
    assert.equal(fileHash(path.join(images, 'sdm_png_sd-webui.png')), before, 'the image file is untouched');
    store.set(idOf('cex_lora_lora.png'), { rating: 1, tags: ['draft'] });

    const names = (filters: SearchFilters) =>
      library
        .search({ filters, limit: 500 })
        .items.map((i) => path.basename(i.path))
        .sort();
    assert.deepEqual(names({ favourite: true }), ['sdm_png_sd-webui.png']);
    assert.deepEqual(names({ minRating: 1 }), ['cex_lora_lora.png', 'sdm_png_sd-webui.png']);
    assert.deepEqual(names({ minRating: 3 }), ['sdm_png_sd-webui.png']);
    assert.deepEqual(names({ tag: 'KEEPER' }), ['sdm_png_sd-webui.png'], 'tags match without case');
    const summary = library.search({ filters: { tag: 'keeper' } }).items[0];
    assert.deepEqual([summary.favourite, summary.rating, summary.tags], [true, 3, ['Keeper', 'miku blue']]);
  });

  it('text search covers tags, file name, LoRA and model names, C2PA claims and the negative prompt, naming the field', () => {
    const hits = (text: string) =>
      library.search({ text, limit: 50 }).items.map((i) => ({ name: path.basename(i.path), in: i.matchedIn }));
    assert.deepEqual(hits('keeper'), [{ name: 'sdm_png_sd-webui.png', in: ['tags'] }]);
    assert.deepEqual(
      hits('lantern').map((h) => h.in),
      [
        ['prompt', 'fileName'],
        ['prompt', 'fileName'],
      ],
    );
    assert.deepEqual(hits('epiNoiseoffset_v2'), [{ name: 'cex_lora_lora.png', in: ['models'] }]);
    assert.deepEqual(
      hits('Polyhedron_all').map((h) => h.in),
      [['models']],
    );
    assert.deepEqual(hits('chatgpt'), [{ name: 'cai_ChatGPT_Image.png', in: ['fileName', 'c2pa'] }]);
    assert.deepEqual(
      hits('fog').map((h) => h.in),
      [['negativePrompt'], ['negativePrompt']],
    );
    // Words may come from different fields: all must appear somewhere.
    assert.deepEqual(hits('lantern fog').length, 2);
    assert.deepEqual(hits('lantern hatsune'), []);
  });

  it('facets: no "f) v1.0" artefact, one model entry per agreeing hash, counts narrow with the other filters', () => {
    assert.equal(
      normalizeModelName('Polyhedron_all SDXL 1.0 / skin, hands, eyes (m/f) v1.0'),
      'polyhedron_all sdxl 1.0 / skin, hands, eyes (m/f) v1.0',
    );
    assert.equal(
      normalizeModelName('SDXL\\illustriousBlackMagic_v27CLEAN.safetensors'),
      'illustriousblackmagic_v27clean',
    );
    assert.equal(normalizeModelName('loras/detail_tweaker'), 'detail_tweaker');
    const facets = new LibraryFacets(library.db);
    const all = facets.all();
    assert.ok(!all.loras.some((l) => l.value === 'f) v1.0'), JSON.stringify(all.loras));
    assert.ok(all.loras.some((l) => l.value.startsWith('polyhedron_all sdxl 1.0 / skin')));
    const merged = all.models.find((m) => m.hash === 'abcdef1234');
    assert.deepEqual(merged, {
      value: 'hash:abcdef1234',
      label: 'mymodel_v1 = mymodel-v1.0',
      count: 2,
      hash: 'abcdef1234',
    });
    assert.equal(
      library.search({ filters: { model: merged.value } }).items.length,
      2,
      'the filter accepts what the facet shows',
    );

    const narrowed = facets.all({ model: 'hash:abcdef1234' });
    assert.deepEqual(
      narrowed.samplers.map((s) => s.count).reduce((a, b) => a + b, 0),
      2,
      'sampler counts narrow to the chosen model',
    );
    assert.equal(narrowed.models.length, all.models.length, 'the model facet ignores its own filter');
    const tags = facets.all({ minRating: 3 }).tags;
    assert.deepEqual(tags.map((t) => t.value).sort(), ['Keeper', 'miku blue']);

    assert.deepEqual(
      mergeModelsByHash([
        { name: 'a', hash: null, count: 2 },
        { name: 'a', hash: 'h1', count: 3 },
      ]),
      [{ value: 'a', count: 5, hash: 'h1' }],
    );
  });

  it('XMP sidecars carry xmp:Rating and dc:subject, as exiftool reads them', async () => {
    const image = library.image(idOf('sdm_png_sd-webui.png'));
    assert.ok(image);
    const out = path.join(work, 'export');
    const outcomes = await exportIndexedSidecars(image, ['xmp'], {
      outDir: out,
      marks: { favourite: image.favourite, rating: image.rating, tags: image.tags },
    });
    assert.ok(outcomes[0].ok, JSON.stringify(outcomes));
    const read = JSON.parse(
      execFileSync('exiftool', ['-j', '-struct', '-XMP-xmp:Rating', '-XMP-dc:Subject', outcomes[0].path], {
        encoding: 'utf8',
      }),
    ) as Array<Record<string, unknown>>;
    assert.equal(read[0].Rating, 3);
    assert.deepEqual(read[0].Subject, ['Keeper', 'miku blue']);
  });
});
