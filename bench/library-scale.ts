// `npm run bench -- library` (after the cold index, rescan and FTS figures of bench/library.ts): the library at a
// million images (bench/synthetic-library.ts), each figure beside a bare baseline measured in the same run:
// 1. first grid page after opening the library, vs a bare ORDER BY timeline DESC LIMIT 200 on a fresh connection;
// 2. full text plus two filters p50/p95, vs the same words alone;
// 3. over HTTP from the real `seedscope serve`: facet counts with filters set, result counts, pages by position at
//    0/25/50/100%, and how much a heavy read delays a page asked for at the same time, vs a trivial request;
// 4. database size per image.
// The unchanged rescan of 1M files and the indexer's peak RSS are in bench/library-scale-files.ts.
// Alone: `node dist/bench/library.js scale [rows] [--keep]` (--keep leaves the library for library-browser).
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SearchFilters } from '../shared/library';
import { SUMMARY_COLUMNS } from '../electron/library/image-row';
import { openLibrary } from '../electron/library/library';
import { LibraryFacets } from '../electron/library/library-facets';
import { type BenchServer, serveLibrary } from './bench-server';
import { indexerRss, rescanFiles, SCALE_DIR } from './library-scale-files';
import { median, p50p95 } from './measure';
import { ensureSyntheticLibrary, type SyntheticProbes } from './synthetic-library';

const PAGE = 200;

export function syntheticPath(rows: number): string {
  return path.join(SCALE_DIR, `synthetic-${rows}.sqlite`);
}

function time<T>(fn: () => T): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

/** Opening the library (migrations checked, statements prepared) and its first page, newest first. */
function firstPage(dbPath: string): void {
  const library: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < 5; round++) {
    library.push(
      time(() => {
        const lib = openLibrary(dbPath);
        if (lib.search({ limit: PAGE }).items.length !== PAGE) throw new Error('first page is short');
        lib.close();
      }),
    );
    bare.push(
      time(() => {
        const db = new Database(dbPath, { readonly: true });
        db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM images ORDER BY timeline DESC LIMIT ${PAGE}`).all();
        db.close();
      }),
    );
  }
  console.log(
    `first grid page after open (${PAGE} newest): first ${library[0].toFixed(1)} ms, median of 5 ${median(library).toFixed(1)} ms` +
      ` | baseline (fresh connection, bare ORDER BY timeline DESC LIMIT ${PAGE}): first ${bare[0].toFixed(1)} ms, median ${median(bare).toFixed(1)} ms`,
  );
}

function filterSets(p: SyntheticProbes): SearchFilters[] {
  return [
    { model: p.model, sampler: p.sampler },
    { model: p.otherModel, sampler: p.otherSampler },
    { generator: p.generator, model: p.model },
    { lora: p.lora, sampler: p.sampler },
  ];
}

function ftsWithFilters(dbPath: string, rows: number, p: SyntheticProbes): void {
  const lib = openLibrary(dbPath);
  const words = [p.commonWord, p.midWord, p.rareWord, `${p.commonWord} ${p.midWord}`, `${p.midWord.slice(0, 2)}*`];
  const filtered: number[] = [];
  const alone: number[] = [];
  const worst = new Map<string, number>();
  // A common word with a selective filter took over a minute at 1M rows: one round there keeps the suite bearable.
  const rounds = rows >= 500_000 ? 1 : 3;
  for (let round = 0; round < rounds; round++) {
    for (const text of words) {
      alone.push(time(() => lib.search({ text, limit: PAGE })));
      for (const filters of filterSets(p)) {
        const took = time(() => lib.search({ text, filters, limit: PAGE }));
        filtered.push(took);
        const key = `"${text}" + ${Object.values(filters).join(' + ')}`;
        worst.set(key, Math.max(worst.get(key) ?? 0, took));
      }
    }
  }
  lib.close();
  const slowest = [...worst.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([q, t]) => `${q} ${t.toFixed(0)} ms`);
  console.log(
    `full text + two filters, page of ${PAGE}: ${p50p95(filtered)} (${filtered.length} queries) | baseline (the words alone): ${p50p95(alone)}` +
      ` | slowest: ${slowest.join('; ')}`,
  );
}

/** Filter pairs that differ call to call, so no answer is a cached one. */
function facetFilters(p: SyntheticProbes, k: number): SearchFilters {
  const models = [p.model, p.otherModel];
  const samplers = [p.sampler, p.otherSampler];
  const base: SearchFilters = { model: models[k % 2], sampler: samplers[(k >> 1) % 2] };
  if (k % 3 === 1) return { ...base, steps: [20, 25, 28, 30][k % 4] };
  if (k % 3 === 2) return { generator: p.generator, cfgMin: 3 + (k % 5) };
  return base;
}

async function overHttp(dbPath: string, p: SyntheticProbes): Promise<void> {
  const server = await serveLibrary(dbPath);
  try {
    // What the renderer asks at load, all at once: the page, the count, the facets. The page must not wait for
    // the heavy two.
    const [page, count, facets] = await Promise.all([
      server.call('library.search', { limit: PAGE }),
      server.call('library.count', {}),
      server.call('library.facets', { filters: {} }),
    ]);
    const trivial = await server.call('app.info', {});
    console.log(
      `serve: listening ${server.startMs.toFixed(0)} ms after spawn; at load, asked together: first page ${page.ms.toFixed(0)} ms,` +
        ` count ${count.ms.toFixed(0)} ms (${count.value.total} images), facets ${facets.ms.toFixed(0)} ms` +
        ` | baseline (a trivial request, app.info): ${trivial.ms.toFixed(1)} ms`,
    );
    await facetFigures(server, dbPath, p);
    await positionFigures(server, count.value.total);
    await interference(server, p);
  } finally {
    await server.stop();
  }
}

async function facetFigures(server: BenchServer, dbPath: string, p: SyntheticProbes): Promise<void> {
  const facets: number[] = [];
  const counts: number[] = [];
  for (let k = 0; k < 24; k++) {
    facets.push((await server.call('library.facets', { filters: facetFilters(p, k) })).ms);
    const text = k % 2 ? p.midWord : undefined;
    counts.push((await server.call('library.count', { text, filters: facetFilters(p, k + 1) })).ms);
  }
  const bare = time(() => {
    const db = new Database(dbPath, { readonly: true });
    db.prepare('SELECT count(*) FROM images').get();
    db.close();
  });
  console.log(
    `facet counts with filters set (HTTP library.facets, 24 filter sets): ${p50p95(facets)} (target p95 < 100 ms)` +
      ` | result counts (library.count, filters and words): ${p50p95(counts)} | baseline (bare SELECT count(*) FROM images, fresh connection): ${bare.toFixed(1)} ms`,
  );
}

async function positionFigures(server: BenchServer, total: number): Promise<void> {
  const parts: string[] = [];
  for (const share of [0, 0.25, 0.5, 1]) {
    const offset = Math.max(0, Math.min(total - PAGE, Math.round(share * total)));
    const times: number[] = [];
    for (let round = 0; round < 3; round++) {
      const answer = await server.call('library.search', { limit: PAGE, offset });
      if (answer.value.items.length === 0) throw new Error(`page at offset ${offset} is empty`);
      times.push(answer.ms);
    }
    parts.push(`${share * 100}% ${median(times).toFixed(1)} ms`);
  }
  const first = await server.call('library.search', { limit: PAGE });
  const next: number[] = [];
  let cursor = first.value.nextCursor;
  for (let k = 0; k < 5 && cursor; k++) {
    const answer = await server.call('library.search', { limit: PAGE, cursor });
    next.push(answer.ms);
    cursor = answer.value.nextCursor;
  }
  console.log(
    `page of ${PAGE} by position (HTTP library.search {offset}, median of 3): ${parts.join(', ')}` +
      ` | baseline (next page by keyset cursor): median ${median(next).toFixed(1)} ms`,
  );
}

/** A page asked for while facets and a count (new filters each time) are being computed. */
async function interference(server: BenchServer, p: SyntheticProbes): Promise<void> {
  const alone: number[] = [];
  const beside: number[] = [];
  for (let k = 0; k < 10; k++) alone.push((await server.call('library.search', { limit: PAGE })).ms);
  for (let k = 0; k < 10; k++) {
    const heavy = [
      server.call('library.facets', { filters: facetFilters(p, 100 + k) }),
      server.call('library.count', { text: p.commonWord, filters: facetFilters(p, 101 + k) }),
    ];
    await new Promise((resolve) => setTimeout(resolve, 2));
    beside.push((await server.call('library.search', { limit: PAGE })).ms);
    await Promise.all(heavy);
  }
  const delay = beside.map((ms) => ms - median(alone));
  console.log(
    `a page asked for while facets and a count run: ${p50p95(beside)}, worst delay ${Math.max(...delay).toFixed(1)} ms (target <= 50 ms)` +
      ` | baseline (the page alone): ${p50p95(alone)}`,
  );
}

/** The SQL facet counts the request thread ran before the read worker (one call: they took seconds at 1M). */
function sqlFacetsBefore(dbPath: string, p: SyntheticProbes): void {
  const lib = openLibrary(dbPath);
  const took = time(() => new LibraryFacets(lib.db).all({ model: p.model, sampler: p.sampler }));
  lib.close();
  console.log(
    `(before: the SQL facet counts on the request thread, one call with model + sampler set: ${took.toFixed(0)} ms)`,
  );
}

function sizePerImage(dbPath: string, rows: number): void {
  const db = new Database(dbPath);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const bytes = [dbPath, `${dbPath}-wal`].reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
  const probe = new Database(dbPath, { readonly: true });
  let tables = '';
  try {
    const top = probe
      .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 4')
      .all() as Array<{ name: string; bytes: number }>;
    tables = ` (largest: ${top.map((t) => `${t.name} ${(t.bytes / rows).toFixed(0)} B`).join(', ')})`;
  } catch {
    // dbstat is compiled into better-sqlite3's SQLite; without it only the total is printed
  }
  probe.close();
  console.log(
    `database size: ${(bytes / 2 ** 20).toFixed(0)} MiB for ${rows} images, ${(bytes / rows).toFixed(0)} bytes per image${tables}` +
      ' | baseline: the raw metadata and tuple JSON the rows carry, ' +
      `${(rawBytes(dbPath) / rows).toFixed(0)} bytes per image`,
  );
}

function rawBytes(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true });
  const bytes = db
    .prepare('SELECT sum(length(raw_json)) + sum(length(tuple_json)) + sum(length(prompt)) FROM images')
    .pluck()
    .get() as number;
  db.close();
  return bytes;
}

export async function runScale(rows: number, options: { keep?: boolean } = {}): Promise<void> {
  const dbPath = syntheticPath(rows);
  const built = ensureSyntheticLibrary(dbPath, rows);
  console.log(
    built.reused
      ? `(reusing the synthetic library of ${rows} images at ${dbPath})`
      : `(built a synthetic library of ${rows} images in ${built.seconds.toFixed(0)} s)`,
  );
  firstPage(dbPath);
  ftsWithFilters(dbPath, rows, built.probes);
  sqlFacetsBefore(dbPath, built.probes);
  await overHttp(dbPath, built.probes);
  sizePerImage(dbPath, rows);
  if (!options.keep)
    for (const suffix of ['', '-wal', '-shm', '.synthetic.json']) fs.rmSync(dbPath + suffix, { force: true });
}

/** The suite's part of `npm run bench -- library`; `--quick` runs small sizes, `--keep` leaves the library. */
export async function run(argv: string[]): Promise<void> {
  const quick = argv.includes('--quick');
  await runScale(quick ? 100_000 : 1_000_000, { keep: argv.includes('--keep') });
  await rescanFiles(quick ? 10_000 : 1_000_000);
  await indexerRss(quick ? 2_000 : 100_000);
}

/** One figure alone (bench/library.ts's argv): `scale [rows] [--keep]`, `rescan-files [files]`, `rss [images]`. */
export async function runOne(name: string, args: string[]): Promise<void> {
  const n = args.find((a) => !a.startsWith('--'));
  if (name === 'scale') await runScale(Number(n ?? 1_000_000), { keep: args.includes('--keep') });
  else if (name === 'rescan-files') await rescanFiles(Number(n ?? 1_000_000));
  else if (name === 'rss') await indexerRss(Number(n ?? 100_000));
  else throw new Error(`unknown library-scale figure "${name}" (scale, rescan-files, rss)`);
}
