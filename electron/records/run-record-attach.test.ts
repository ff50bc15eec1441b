// Attaching a run record: into an existing sidecar (everything else kept) or a new one, read back by the
// inspection, kept through a re-export of the sidecar, and an unusable sidecar refused rather than replaced.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { inspectImageFile } from '../images/inspect-image';
import { exportSidecars } from './export-sidecars';
import { attachRunRecord } from './run-record-attach';
import { runRecordFixture } from '../images/run-records/run-record-fixtures';

const CORPUS = process.env.SEEDSCOPE_CORPUS ?? join(__dirname, '../../../../shared/corpus');
let work: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'seedscope-runrecord-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

test('attaching to an image with a sidecar keeps its contents; the inspection reads the record as attached', async () => {
  const image = join(work, 'a.png');
  copyFileSync(join(CORPUS, 'a1111/metahub_cli_a1111.png'), image);
  const [exported] = await exportSidecars(image, ['json']);
  assert.ok(exported?.ok);
  const beforeAttach = JSON.parse(readFileSync(`${image}.seedscope.json`, 'utf8'));
  const result = await attachRunRecord(
    image,
    [runRecordFixture('stability-sd35.request.json'), runRecordFixture('stability-sd35.response.json')],
    { now: new Date('2026-01-02T03:04:05Z') },
  );
  assert.equal(result.createdSidecar, false);
  const after = JSON.parse(readFileSync(`${image}.seedscope.json`, 'utf8'));
  assert.deepEqual({ ...after, runRecord: undefined }, { ...beforeAttach, runRecord: undefined });
  assert.deepEqual(after.runRecord.fileName, 'stability-sd35.request.json + stability-sd35.response.json');
  assert.equal(after.runRecord.attachedAt, '2026-01-02T03:04:05.000Z');
  const { report } = await inspectImageFile(image, { decode: false });
  assert.equal(report.runRecord?.provider, 'stability');
  assert.equal(report.runRecord?.origin.kind, 'attached');
  assert.equal(report.tuple?.seed, '2895438046', "the image's own parameters are unchanged");
});

test('re-exporting the JSON sidecar over one with an attached record keeps the record', async () => {
  const image = join(work, 'b.png');
  copyFileSync(join(CORPUS, 'a1111/sdm_png_sd-webui.png'), image);
  await attachRunRecord(image, [runRecordFixture('a1111-sysinfo.json')]);
  const [outcome] = await exportSidecars(image, ['json'], { overwrite: true });
  assert.ok(outcome?.ok);
  const sidecar = JSON.parse(readFileSync(`${image}.seedscope.json`, 'utf8'));
  assert.equal(sidecar.runRecord.fileName, 'a1111-sysinfo.json');
});

test('an existing sidecar that is not valid is named and left alone', async () => {
  const image = join(work, 'c.png');
  copyFileSync(join(CORPUS, 'a1111/sdm_png_sd-webui.png'), image);
  writeFileSync(`${image}.seedscope.json`, '{"schema": "something-else"}');
  await assert.rejects(
    attachRunRecord(image, [runRecordFixture('midjourney-job.json')]),
    /c\.png\.seedscope\.json: not a valid Seedscope sidecar/,
  );
  assert.equal(readFileSync(`${image}.seedscope.json`, 'utf8'), '{"schema": "something-else"}');
});

test('a .json beside the image that is our own sidecar exported under that name is not taken for a record', async () => {
  const image = join(work, 'd.png');
  copyFileSync(join(CORPUS, 'a1111/sdm_png_sd-webui.png'), image);
  await exportSidecars(image, ['json'], { outDir: join(work, 'out') });
  copyFileSync(join(work, 'out', 'd.png.seedscope.json'), join(work, 'd.json'));
  const { report } = await inspectImageFile(image, { decode: false });
  assert.equal(report.runRecord, null);
  assert.deepEqual(report.warnings, []);
});
