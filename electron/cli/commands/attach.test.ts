// `seedscope attach` and `seedscope grade` as subprocesses on copies of corpus images: the record lands in the JSON
// sidecar and the library, `show` prints it, the image is never written, and bad records are named.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runRecordFixture } from '../../images/run-records/run-record-fixtures';

const ROOT = join(__dirname, '../../../..');
const CORPUS = process.env.SEEDSCOPE_CORPUS ?? join(ROOT, '../shared/corpus');
const BIN = join(ROOT, 'bin/seedscope.js');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, SEEDSCOPE_DB: join(work, 'none.db') },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
let work: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'seedscope-attach-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

test('attach keeps a record in the JSON sidecar and the library, never in the image; show prints it with its warnings', () => {
  const folder = join(work, 'lib');
  const image = join(folder, 'a.png');
  spawnSync('mkdir', ['-p', folder]);
  copyFileSync(join(CORPUS, 'a1111/metahub_cli_a1111.png'), image);
  const db = join(work, 'lib.db');
  assert.equal(cli('index', folder, '--db', db).status, 0);
  const before = sha(image);

  const r = cli('attach', image, runRecordFixture('fal-flux-dev.json'), '--db', db);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /run record attached in .*a\.png\.seedscope\.json \(new sidecar\) and the library/);
  assert.equal(sha(image), before, 'the image is never written');
  const sidecar = JSON.parse(readFileSync(`${image}.seedscope.json`, 'utf8'));
  assert.equal(sidecar.schema, 'seedscope.sidecar');
  assert.equal(sidecar.runRecord.fileName, 'fal-flux-dev.json');
  assert.equal(sidecar.runRecord.json.request.endpoint_id, 'fal-ai/flux/dev');

  const shown = cli('show', '--metadata-only', image);
  assert.equal(shown.status, 0, shown.stderr);
  assert.match(shown.stdout, /Run record\s+fal \(fal model API\), attached: fal-flux-dev\.json/);
  assert.match(shown.stdout, /Record seed\s+1234 {2}\(sent as string\)/);
  assert.match(shown.stdout, /warning: run record: no model version pin: fal/);

  // The A1111 PNG alone is bit-identical possible; the attached hosted record caps it (pinned only by the file's model hash).
  const page = JSON.parse(cli('search', '--db', db, '--json', '--grade', 'visually-identical-at-best').stdout) as {
    items: Array<{ path: string; grade: string }>;
  };
  assert.deepEqual(
    page.items.map((i) => [i.path, i.grade]),
    [[image, 'visually-identical-at-best']],
  );
});

test('attach refuses a file that is not a run record and one that is not JSON, naming each; nothing is written', () => {
  const image = join(work, 'b.png');
  copyFileSync(join(CORPUS, 'a1111/sdm_png_sd-webui.png'), image);
  writeFileSync(join(work, 'other.json'), '{"hello": "world"}');
  const notRecord = cli('attach', image, join(work, 'other.json'));
  assert.equal(notRecord.status, 1);
  assert.match(notRecord.stderr, /other\.json: not a run record Seedscope knows/);
  const notJson = cli('attach', image, image);
  assert.equal(notJson.status, 1);
  assert.match(notJson.stderr, /is the image itself, not a run record/);
  assert.equal(existsSync(`${image}.seedscope.json`), false);
});

test('a request/response pair beside the image is read without attaching; grade --json gives the grade and reasons', () => {
  const image = join(work, 'c.png');
  copyFileSync(join(CORPUS, '_no_metadata/sdm_png_empty.png'), image);
  copyFileSync(runRecordFixture('stability-sd35.request.json'), join(work, 'c.png.request.json'));
  copyFileSync(runRecordFixture('stability-sd35.response.json'), join(work, 'c.png.response.json'));
  const r = cli('grade', '--json', image, join(CORPUS, 'forge/sdm_png_forge-classic-en.png'));
  assert.equal(r.status, 0, r.stderr);
  const [c, forge] = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(c.grade, 'not-reproducible');
  assert.deepEqual(
    c.reasons.map((x: { code: string }) => x.code),
    ['hosted-unpinned'],
  );
  assert.equal(forge.grade, 'bit-identical-possible');
  assert.equal(forge.label, 'bit-identical possible');
  const shown = cli('show', '--json', '--metadata-only', image);
  const line = JSON.parse(shown.stdout);
  assert.equal(line.runRecord.provider, 'stability');
  assert.deepEqual(line.runRecord.origin, {
    kind: 'beside',
    files: [join(work, 'c.png.request.json'), join(work, 'c.png.response.json')],
  });
});

test('grade: a missing file is named and exits 2 after grading the rest', () => {
  const r = cli('grade', join(work, 'nope.png'), join(CORPUS, '_no_metadata/sdm_png_gimp.png'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /nope\.png: no such file/);
  assert.match(r.stdout, /Grade\s+not reproducible from what is recorded/);
});
