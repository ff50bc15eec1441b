// The heavy library reads at scale, through the backend's real request path (the read worker on its own
// connection): facet counts with filters set (p50/p95, beside the SQL facet counts on the request thread that they
// replace), the result count, a page by position at 0/25/50/100%, and the worst delay a search on the request thread
// suffered while the worker was busy (its first snapshot, then facet counts), and the count and a page at 50% asked
// while the first snapshot is read (answered from SQL meanwhile).
//
// Usage: node dist/bench/library-reads.js <db built by synthetic-library.js> [--sql-rounds N]
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { SearchFilters } from '../shared/library';
import { AppBackend } from '../electron/backend/app-backend';
import { LibraryFacets } from '../electron/library/library-facets';
import { quantile } from './measure';
import type { SyntheticProbes } from './synthetic-library';

const ms = (t: number): string => `${t.toFixed(1)} ms`;

function quantiles(times: number[]): string {
  return `p50 ${ms(quantile(times, 0.5))}, p95 ${ms(quantile(times, 0.95))}, max ${ms(Math.max(...times))} (${times.length} calls)`;
}

function filterSets(p: SyntheticProbes): SearchFilters[] {
  return [
    {},
    { model: p.model },
    { sampler: p.sampler },
    { generator: p.generator, sampler: p.otherSampler },
    { model: p.otherModel, lora: p.lora },
    { lora: p.lora },
    { tag: p.tag },
    { includeOffline: false, generator: p.generator },
    { width: 1024, height: 1024, model: p.model },
    { favourite: true },
    { minRating: 3, sampler: p.sampler },
  ];
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

/** Searches on the request thread, back to back, while `busy` runs; the longest gap between two answers. */
async function worstSearchDelay(backend: AppBackend, busy: Promise<unknown>, text: string): Promise<string> {
  let done = false;
  void busy.finally(() => {
    done = true;
  });
  const gaps: number[] = [];
  let last = performance.now();
  while (!done) {
    await backend.request('library.search', { text, limit: 100 });
    await new Promise((resolve) => setImmediate(resolve));
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  }
  return gaps.length ? `${gaps.length} searches answered meanwhile, ${quantiles(gaps)} apart` : 'no search ran';
}

async function main(): Promise<void> {
  const dbPath = process.argv[2];
  if (!dbPath) throw new Error('usage: node dist/bench/library-reads.js <db> [--sql-rounds N]');
  const probes = (JSON.parse(fs.readFileSync(`${dbPath}.synthetic.json`, 'utf8')) as { probes: SyntheticProbes })
    .probes;
  const sqlRounds = Number(process.argv[process.argv.indexOf('--sql-rounds') + 1] || 0);
  const backend = await AppBackend.open({ dbPath, mode: 'web', version: 'bench' });
  const sets = filterSets(probes);

  // The baseline: the same searches back to back with the worker idle (its snapshot is not read yet).
  const idle = new Promise((resolve) => setTimeout(resolve, 3000));
  console.log(`baseline, nothing else running: ${await worstSearchDelay(backend, idle, probes.midWord)}`);
  // The first read builds the snapshot: searches on the request thread meanwhile.
  const first = timed(() => backend.request('library.facets', {}));
  // Counts and positions do not wait for it: the worker answers them from SQL until the snapshot is in.
  const early: string[] = [];
  for (const [label, args] of [
    ['no filter', {}],
    ['sampler filter', { filters: { sampler: probes.sampler } }],
    ['mid word + model', { text: probes.midWord, filters: { model: probes.model } }],
  ] as Array<[string, { text?: string; filters?: SearchFilters }]>) {
    const count = await timed(() => backend.request('library.count', args));
    const total = count.value.ok ? count.value.value.total : 0;
    const page = await timed(() =>
      backend.request('library.search', { ...args, offset: Math.floor(total / 2), limit: 100 }),
    );
    early.push(`${label}: count ${total} ${ms(count.ms)}, page at 50% ${ms(page.ms)}`);
  }
  console.log(`before the first snapshot is in (SQL answers): ${early.join('; ')}`);
  console.log(`while the first snapshot is read: ${await worstSearchDelay(backend, first, probes.midWord)}`);
  console.log(`first facets after open (worker start + snapshot): ${ms((await first).ms)}`);

  const facetTimes: number[] = [];
  for (let round = 0; round < 5; round++)
    for (const filters of sets) facetTimes.push((await timed(() => backend.request('library.facets', { filters }))).ms);
  console.log(`facet counts with filters set (snapshot, worker): ${quantiles(facetTimes)}`);

  console.log(
    `baseline for the common word: ${await worstSearchDelay(backend, new Promise((r) => setTimeout(r, 3000)), probes.commonWord)}`,
  );
  const busy = (async () => {
    for (const filters of sets) await backend.request('library.facets', { filters });
  })();
  console.log(`searches while facet counts run: ${await worstSearchDelay(backend, busy, probes.commonWord)}`);

  for (const [label, args] of [
    ['no filter', {}],
    ['common word', { text: probes.commonWord }],
    ['sampler filter', { filters: { sampler: probes.sampler } }],
    ['mid word + model', { text: probes.midWord, filters: { model: probes.model } }],
  ] as Array<[string, { text?: string; filters?: SearchFilters }]>) {
    const count = await timed(() => backend.request('library.count', args));
    const total = count.value.ok ? count.value.value.total : 0;
    const again = await timed(() => backend.request('library.count', args));
    const pages: string[] = [];
    for (const share of [0, 0.25, 0.5, 1]) {
      const offset = Math.max(0, Math.min(total - 1, Math.floor(total * share)));
      const page = await timed(() => backend.request('library.search', { ...args, offset, limit: 100 }));
      pages.push(`${share * 100}% ${ms(page.ms)}`);
    }
    console.log(
      `${label}: count ${total} in ${ms(count.ms)} (first; again ${ms(again.ms)}); page of 100 by position: ${pages.join(', ')}`,
    );
  }

  // A change: the next answer comes from the last snapshot at once, the rebuild runs behind it.
  const id = backend.library.search({ limit: 1 }).items[0].id;
  await backend.request('library.setMarks', { imageId: id, change: { favourite: true } });
  const afterChange = await timed(() => backend.request('library.facets', { filters: { favourite: true } }));
  const rebuild = new Promise<void>((resolve) => {
    const stop = backend.events.subscribe((message) => {
      if (message.event !== 'library.changed' || message.payload.reason !== 'counts') return;
      stop();
      resolve();
    });
  });
  const rebuildStarted = performance.now();
  const fresh = rebuild.then(() => performance.now() - rebuildStarted);
  const during = await worstSearchDelay(backend, rebuild, probes.midWord);
  console.log(
    `after a change: facets in ${ms(afterChange.ms)} (stale), fresh ${ms(await fresh)} later; searches meanwhile: ${during}`,
  );

  if (sqlRounds > 0) {
    // The SQL facet counts as they ran before, on this thread: the figure they replace.
    const sql = new LibraryFacets(backend.library.db);
    const times: number[] = [];
    for (let round = 0; round < sqlRounds; round++)
      for (const filters of sets.slice(0, 4)) {
        const started = performance.now();
        sql.all(filters);
        times.push(performance.now() - started);
      }
    console.log(`before: SQL facet counts on the request thread: ${quantiles(times)}`);
  }
  await backend.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
