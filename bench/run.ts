// `npm run bench`: every figure is printed beside a floor measured in the same run (machines here are noisy,
// so only ratios within one run mean anything). Each suite is one module exporting `run()`.
import { performance } from 'node:perf_hooks';

interface Suite {
  name: string;
  load: () => Promise<{ run: (argv: string[]) => Promise<void> }>;
  /** Runs only when named (`npm run bench -- NAME`): too long for every `npm run bench`. */
  onlyWhenNamed?: boolean;
}

// Each suite registers here with one line.
const suites: Suite[] = [
  { name: 'compare', load: () => import('./compare.js') },
  { name: 'library', load: () => import('./library.js') },
  { name: 'library-browser', load: () => import('./library-browser.js'), onlyWhenNamed: true },
  { name: 'metadata', load: () => import('./metadata.js') },
  { name: 'records', load: () => import('./records.js') },
  { name: 'timeline', load: () => import('./timeline.js') },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  for (const suite of suites) {
    if (only.length ? !only.includes(suite.name) : suite.onlyWhenNamed) continue;
    const started = performance.now();
    console.log(`\n=== ${suite.name}`);
    const mod = await suite.load();
    await mod.run(process.argv.slice(2));
    console.log(`(${suite.name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
