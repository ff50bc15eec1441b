// Indexing stores each image's reproducibility grade and the run record found beside it; the grade filter finds
// them; rows from before migration 0200 get their grade back from the stored tuple at open.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runRecordFixture } from '../images/run-records/run-record-fixtures';
import { indexFolders } from './indexer';
import { openLibrary, type Library } from './library';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');

describe('run records and grades in the library', {
  skip: fs.existsSync(CORPUS) ? false : `corpus not found at ${CORPUS}`,
}, () => {
  let work: string;
  let root: string;
  let library: Library;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-grade-'));
    root = path.join(work, 'images');
    fs.mkdirSync(root);
    fs.copyFileSync(path.join(CORPUS, 'forge/sdm_png_forge-classic-en.png'), path.join(root, 'pinned.png'));
    fs.copyFileSync(path.join(CORPUS, 'forge/sdm_jpg_forge-neo.jpeg'), path.join(root, 'lossy.jpeg'));
    fs.copyFileSync(path.join(CORPUS, '_no_metadata/sdm_png_gimp.png'), path.join(root, 'bare.png'));
    fs.copyFileSync(path.join(CORPUS, '_no_metadata/sdm_png_empty.png'), path.join(root, 'hosted.png'));
    fs.copyFileSync(runRecordFixture('replicate-prediction.json'), path.join(root, 'hosted.json'));
    library = openLibrary(path.join(work, 'library.db'));
    await indexFolders(library, [root]);
  });

  after(() => {
    library.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  function gradeOf(name: string): string | null {
    return library.db.prepare('SELECT grade FROM images WHERE path = ?').pluck().get(path.join(root, name)) as
      | string
      | null;
  }

  it('stores a grade for every image at index time', () => {
    assert.equal(gradeOf('pinned.png'), 'bit-identical-possible');
    assert.equal(gradeOf('lossy.jpeg'), 'visually-identical-at-best');
    assert.equal(gradeOf('bare.png'), 'not-reproducible');
    assert.equal(gradeOf('hosted.png'), 'visually-identical-at-best');
  });

  it('keeps the run record found beside the image and the grade reasons in the detail', () => {
    const id = library.db
      .prepare('SELECT id FROM images WHERE path = ?')
      .pluck()
      .get(path.join(root, 'hosted.png')) as number;
    const detail = library.image(id);
    assert.ok(detail);
    assert.equal(detail.report.runRecord?.provider, 'replicate');
    assert.equal(
      detail.report.runRecord?.versionPin,
      '7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc',
    );
    assert.deepEqual(detail.report.runRecord?.origin.files, [path.join(root, 'hosted.json')]);
    assert.equal(detail.grade, 'visually-identical-at-best');
    assert.deepEqual(
      detail.gradeReasons.map((r) => r.code),
      ['hosted-hardware'],
    );
  });

  it('filters the history by grade', () => {
    const names = (grade: 'bit-identical-possible' | 'visually-identical-at-best' | 'not-reproducible') =>
      library
        .search({ filters: { grade } })
        .items.map((i) => path.basename(i.path))
        .sort();
    assert.deepEqual(names('bit-identical-possible'), ['pinned.png']);
    assert.deepEqual(names('visually-identical-at-best'), ['hosted.png', 'lossy.jpeg']);
    assert.deepEqual(names('not-reproducible'), ['bare.png']);
    assert.equal(library.search({}).items.find((i) => i.path.endsWith('pinned.png'))?.grade, 'bit-identical-possible');
  });

  it('grades rows that have none (indexed before migration 0200) from what the row stores, at open', () => {
    library.db.exec('UPDATE images SET grade = NULL, grade_json = NULL');
    const dbPath = library.dbPath;
    library.close();
    library = openLibrary(dbPath);
    assert.equal(gradeOf('pinned.png'), 'bit-identical-possible');
    assert.equal(gradeOf('hosted.png'), 'visually-identical-at-best');
    assert.equal(gradeOf('bare.png'), 'not-reproducible');
  });
});
