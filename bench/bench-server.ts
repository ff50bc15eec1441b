// The real `seedscope serve --db <db>` as a child for the benches (the same start-up the web tests use), with a timed
// call of the typed contract over HTTP: what a browser's request costs, request thread and read worker included.
import { performance } from 'node:perf_hooks';
import type { RequestArgs, RequestName, RequestResult } from '../shared/contract';
import type { Result } from '../shared/result';
import { startServe } from '../electron/server/serve-process.fixture';

export interface TimedAnswer<T> {
  ms: number;
  value: T;
}

export interface BenchServer {
  url: string;
  /** Milliseconds from spawning the process to its "Listening on" line. */
  startMs: number;
  call<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<TimedAnswer<RequestResult<N>>>;
  stop(): Promise<void>;
}

export async function serveLibrary(dbPath: string): Promise<BenchServer> {
  const started = performance.now();
  const serve = await startServe(['--db', dbPath]);
  const startMs = performance.now() - started;
  const url = serve.url.replace(/\/$/, '');
  return {
    url,
    startMs,
    async call(name, args) {
      const began = performance.now();
      const response = await fetch(`${url}/api/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(args),
      });
      const result = (await response.json()) as Result<RequestResult<typeof name>>;
      const ms = performance.now() - began;
      if (!result.ok) throw new Error(`${name} ${JSON.stringify(args)}: ${result.error.message}`);
      return { ms, value: result.value };
    },
    async stop() {
      await serve.stop();
    },
  };
}
