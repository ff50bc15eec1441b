// The timeline and the sweeps on a real library: a folder built from a corpus A1111 PNG whose pixels are varied
// with sharp and whose parameters text is rewritten per image (one knob at a time), with controlled file times
// (two sessions), indexed by the real indexer into a SQLite file, then read through the CLI as a subprocess too.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { TimelineEntry } from '../../shared/timeline';
import { withPngTextChunks } from '../metadata/containers/png-write';
import { withoutPngTextKeywords } from '../records/embed-parameters';
import { indexFolders } from './indexer';
import { openLibrary, type Library } from './library';
import { assignLines, buildTimeline, changesBetween, promptWords, type TimelineRow } from './timeline';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CORPUS_PNG = path.resolve(REPO, '..', 'shared', 'corpus', 'a1111', 'sdm_png_sd-webui.png');
const BIN = path.join(REPO, 'bin', 'seedscope.js');
const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);
const MIN = 60_000;

interface Params {
  prompt: string;
  seed?: number;
  cfg?: number;
  steps?: number;
  extra?: string;
}

function infotext(p: Params): string {
  return (
    `${p.prompt}\nNegative prompt: blurry, lowres\nSteps: ${p.steps ?? 20}, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: ${p.cfg ?? 7}, ` +
    `Seed: ${p.seed ?? 42}, Size: 1024x1024, Model hash: 45a21ea00a, Model: waiIllustriousSDXL_v160${p.extra ?? ''}, Version: v1.10.1`
  );
}

const P = 'masterpiece, 1girl, hatsune miku, city at night';
const Q = 'a lighthouse on a cliff, stormy sea, dramatic sky';
const L = 'portrait of a knight, ornate armour, <lora:detail_tweaker:0.6>';

/** name, parameters, pixel variant, minutes after T0. */
const FILES: Array<[string, Params, number, number]> = [
  ['s1-01.png', { prompt: P }, 0, 0],
  ['s1-02.png', { prompt: P, cfg: 7.5 }, 1, 1],
  ['s1-03.png', { prompt: P, cfg: 7.5, seed: 43 }, 2, 2],
  ['s1-04.png', { prompt: `${P}, soft light`, cfg: 7.5, seed: 43 }, 3, 3],
  ['s1-05.png', { prompt: `${P}, soft light`, cfg: 7.5, seed: 43 }, 3, 4],
  ['s1-06.png', { prompt: `${P}, soft light`, cfg: 7.5, seed: 43 }, 4, 5],
  // Three hours later: a new session, a cfg sweep of five at seed 100 on another subject.
  ...[5, 6, 7, 8, 9].map((cfg, i): [string, Params, number, number] => [
    `s2-cfg${cfg}.png`,
    { prompt: Q, seed: 100, cfg },
    10 + i,
    180 + i,
  ]),
  ['s2-lora1.png', { prompt: L, seed: 7 }, 20, 190],
  ['s2-lora2.png', { prompt: L.replace('0.6', '0.7'), seed: 7 }, 21, 191],
];

async function writeImage(
  dir: string,
  base: Buffer,
  [name, params, variant, minutes]: (typeof FILES)[number],
): Promise<string> {
  // A brightness step per variant: real pixels, different per variant, identical for the same variant.
  const png = await sharp(base)
    .modulate({ brightness: 1 + variant * 0.01 })
    .png()
    .toBuffer();
  const file = path.join(dir, name);
  fs.writeFileSync(file, withPngTextChunks(png, [{ keyword: 'parameters', text: infotext(params), kind: 'auto' }]));
  const at = new Date(T0 + minutes * MIN);
  fs.utimesSync(file, at, at);
  return file;
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, TZ: 'UTC' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('timeline over an indexed folder', () => {
  let dir: string;
  let images: string;
  let dbPath: string;
  let library: Library;
  let entries: Map<string, TimelineEntry>;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-timeline-'));
    images = path.join(dir, 'images');
    fs.mkdirSync(images);
    const small = await sharp(fs.readFileSync(CORPUS_PNG)).resize(96, 96).png().toBuffer();
    const base = withoutPngTextKeywords(small, new Set(['parameters']));
    for (const file of FILES) await writeImage(images, base, file);
    // An image whose metadata records when it was made (Civitai's "Created Date"): its file time says 2026, the
    // metadata says 2020, and the timeline must believe the metadata.
    await writeImage(images, base, [
      'recorded.png',
      { prompt: 'an old postcard', extra: ', Created Date: 2020-01-02T03:04:05.1716636Z' },
      30,
      500,
    ]);
    dbPath = path.join(dir, 'lib.sqlite');
    library = openLibrary(dbPath);
    const summary = await indexFolders(library, [images]);
    assert.equal(summary.failed.length, 0, JSON.stringify(summary.failed));
    const page = library.timeline.page({ limit: 500 });
    entries = new Map(page.items.map((e) => [path.basename(e.image.path), e]));
  });

  after(() => {
    library.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const changeTexts = (name: string): string[] => entries.get(name)!.changes.map((c) => c.text);

  it('orders newest first and cuts sessions at the idle gap', () => {
    const page = library.timeline.page({ limit: 500 });
    assert.equal(page.total, FILES.length + 1);
    const times = page.items.map((e) => e.generatedAt);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    // 2020 (recorded), the first session (6 images), the second (7 images).
    assert.deepEqual(
      page.sessions.map((s) => s.count),
      [7, 6, 1],
    );
    assert.equal(entries.get('s1-01.png')!.sessionId, entries.get('s1-06.png')!.sessionId);
    assert.notEqual(entries.get('s1-06.png')!.sessionId, entries.get('s2-cfg5.png')!.sessionId);
  });

  it('names the one knob that changed since the previous image of the line', () => {
    assert.equal(entries.get('s1-01.png')!.previousId, null);
    assert.deepEqual(changeTexts('s1-02.png'), ['cfg 7 → 7.5']);
    assert.deepEqual(changeTexts('s1-03.png'), ['seed 42 → 43']);
    assert.deepEqual(changeTexts('s1-04.png'), ["prompt: +'soft light'"]);
    assert.deepEqual(changeTexts('s2-cfg6.png'), ['cfg 5 → 6']);
    assert.deepEqual(changeTexts('s2-lora2.png'), ['LoRA detail_tweaker 0.6 → 0.7']);
  });

  it('says whether an unchanged rerun reproduced its pixels', () => {
    const agree = entries.get('s1-05.png')!;
    assert.equal(agree.sameParameters, true);
    assert.equal(agree.pixelsAgree, true);
    const differ = entries.get('s1-06.png')!;
    assert.equal(differ.sameParameters, true);
    assert.equal(differ.pixelsAgree, false);
  });

  it('starts a new line of work for a new subject', () => {
    assert.notEqual(entries.get('s2-cfg5.png')!.lineId, entries.get('s1-06.png')!.lineId);
    assert.equal(entries.get('s2-cfg5.png')!.previousId, null);
    assert.equal(entries.get('s1-04.png')!.lineId, entries.get('s1-01.png')!.lineId);
  });

  it('takes the time the metadata records over the file time', () => {
    const recorded = entries.get('recorded.png')!;
    assert.equal(recorded.recordedTime, true);
    assert.equal(recorded.generatedAt, Date.UTC(2020, 0, 2, 3, 4, 5, 171));
    assert.equal(entries.get('s1-01.png')!.recordedTime, false);
  });

  it('filters by session, date range and the knob that changed', () => {
    const first = entries.get('s1-01.png')!.sessionId;
    assert.equal(library.timeline.page({ sessionId: first }).total, 6);
    const cfgChanges = library.timeline
      .page({ changed: 'cfg', limit: 500 })
      .items.map((e) => path.basename(e.image.path))
      .sort();
    assert.deepEqual(cfgChanges, ['s1-02.png', 's2-cfg6.png', 's2-cfg7.png', 's2-cfg8.png', 's2-cfg9.png']);
    assert.equal(library.timeline.page({ since: T0 + 60 * MIN }).total, 7);
    assert.equal(library.timeline.page({ until: T0 }).total, 1);
    const paged = library.timeline.page({ offset: 10, limit: 5 });
    assert.equal(paged.items.length, FILES.length + 1 - 10);
  });

  it('finds the cfg sweep of five, ordered by value, with neighbour distances', () => {
    const sweeps = library.timeline.sweeps({ param: 'cfg' });
    const five = sweeps.find((s) => s.values.length === 5);
    assert.ok(five, JSON.stringify(sweeps.map((s) => s.values)));
    assert.deepEqual(five.values, ['5', '6', '7', '8', '9']);
    assert.deepEqual(
      five.images.map((i) => path.basename(i.path)),
      ['s2-cfg5.png', 's2-cfg6.png', 's2-cfg7.png', 's2-cfg8.png', 's2-cfg9.png'],
    );
    assert.equal(five.distances.length, 4);
    for (const d of five.distances) assert.equal(typeof d, 'number');
    assert.match(five.fixed, /seed 100/);
    // Two values are not a sweep: the first session's cfg 7 → 7.5 is a change, not a sweep.
    assert.equal(
      sweeps.some((s) => s.values.includes('7.5')),
      false,
    );
  });

  it('prints the timeline in the terminal like git log --oneline', () => {
    const r = cli(['log', '--db', dbPath]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /library .*lib\.sqlite/);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0], /^── session 3: 2026-03-01 13:00:00 – 13:11:00, 7 image\(s\) ──$/);
    assert.ok(
      lines.some((l) => /s1-02\.png {2}cfg 7 → 7\.5$/.test(l)),
      r.stdout,
    );
    assert.ok(
      lines.some((l) => /s1-06\.png {2}same parameters, pixels differ$/.test(l)),
      r.stdout,
    );
    assert.equal(lines[lines.length - 1], `${FILES.length + 1} image(s)`);
    const since = JSON.parse(cli(['log', images, '--db', dbPath, '--since', '2026-03-01T12:00Z', '--json']).stdout) as {
      total: number;
    };
    assert.equal(since.total, 7);
  });

  it('refuses bad log and sweeps options with exit 2', () => {
    const bad = cli(['log', '--db', dbPath, '--changed', 'colour']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--changed must be one of/);
    assert.equal(cli(['log', '--db', dbPath, '--since', 'yesterday-ish']).status, 2);
    assert.equal(cli(['log', path.join(dir, 'not-indexed'), '--db', dbPath]).status, 2);
    assert.equal(cli(['sweeps', '--db', dbPath, '--param', 'prompt']).status, 2);
  });

  it('lists sweeps from the command line', () => {
    const r = cli(['sweeps', '--db', dbPath, '--param', 'cfg']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /cfg sweep, 5 values: 5 → 6 → 7 → 8 → 9/);
    const json = JSON.parse(cli(['sweeps', '--db', dbPath, '--json']).stdout) as Array<{ param: string }>;
    assert.ok(json.some((s) => s.param === 'cfg'));
  });
});

function row(id: number, at: number, overrides: Partial<TimelineRow>): TimelineRow {
  return {
    id,
    folderId: 1,
    generatedAt: at,
    recordedTime: false,
    modelNorm: 'sdxl',
    seed: '1',
    cfg: 7,
    steps: 20,
    sampler: 'euler',
    scheduler: 'karras',
    width: 1024,
    height: 1024,
    prompt: 'a red fox in snow',
    negative: null,
    tupleKey: null,
    pixelSha256: null,
    phashHi: null,
    phashLo: null,
    loras: new Map(),
    ...overrides,
  };
}

describe('timeline rules on plain rows', () => {
  it('keeps a prompt family across small edits and splits on a new subject or model', () => {
    const rows = [
      row(1, 0, { prompt: 'a red fox in snow, morning' }),
      row(2, 1, { prompt: 'a red fox in snow, evening light' }),
      row(3, 2, { prompt: 'a sailing ship at sea' }),
      row(4, 3, { prompt: 'a red fox in snow, evening light', modelNorm: 'flux' }),
      row(5, 4, { prompt: 'a red fox in snow, evening light, bokeh' }),
    ];
    const lines = assignLines(rows);
    assert.equal(lines[1].previous?.id, 1);
    assert.equal(lines[2].previous, null);
    assert.equal(lines[3].previous, null);
    // Back to the first line after two other lines in between.
    assert.equal(lines[4].previous?.id, 2);
  });

  it('ignores LoRA tags and case when comparing prompt families', () => {
    assert.deepEqual([...promptWords('A Fox <lora:detail:0.6>, SNOW')], ['a', 'fox', 'snow']);
  });

  it('describes prompt edits by phrase and LoRA additions and removals', () => {
    const a = row(1, 0, {
      prompt: 'fox, snow, morning',
      loras: new Map([['detail', { name: 'detail', weight: 0.6 }]]),
    });
    const b = row(2, 1, { prompt: 'fox, snow, evening', loras: new Map([['film', { name: 'Film', weight: 1 }]]) });
    assert.deepEqual(
      changesBetween(a, b).map((c) => c.text),
      ['LoRA detail removed (was 0.6)', 'LoRA Film added (1)', "prompt: +'evening' -'morning'"],
    );
    const spaced = row(3, 2, { prompt: 'fox,  snow, evening', loras: b.loras });
    assert.deepEqual(
      changesBetween(b, spaced).map((c) => c.text),
      ['prompt: same words, bytes differ (spacing, punctuation or order)'],
    );
  });

  it('starts a session after a gap longer than the set minutes', () => {
    const rows = [row(1, 0, {}), row(2, 29 * MIN, {}), row(3, 61 * MIN, {})];
    assert.deepEqual(
      buildTimeline(rows, 30).links.map((l) => l.sessionId),
      [1, 1, 2],
    );
    assert.deepEqual(
      buildTimeline(rows, 45).links.map((l) => l.sessionId),
      [1, 1, 1],
    );
  });
});
