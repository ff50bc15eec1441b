// Test fixture: the real `seedscope serve` as a subprocess on an ephemeral port, plus raw HTTP helpers that can
// send any Host/Origin header (fetch refuses to set Host, and the Host check is what we test).
// Also used from source by the Playwright fixtures (e2e/fixtures/seedscope-server.ts), hence the repo root found
// by looking for bin/seedscope.js rather than by a fixed depth below dist/.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

function findRepoRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'bin', 'seedscope.js'))) return dir;
  }
  throw new Error(`no bin/seedscope.js above ${from}`);
}

export const repoRoot = findRepoRoot(__dirname);
/** CI keeps the shared team material beside the repo: ../shared/corpus. SEEDSCOPE_CORPUS overrides it. */
export const corpusRoot = process.env.SEEDSCOPE_CORPUS ?? path.resolve(repoRoot, '..', 'shared', 'corpus');

export interface ServeProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
}

/** Starts `node bin/seedscope.js serve …extra --port 0` and resolves once it prints its URL. */
export function startServe(extra: string[]): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, 'bin', 'seedscope.js'), 'serve', '--port', '0', ...extra],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`seedscope serve did not print its URL within 30 s:\n${out}`));
    }, 30_000);
    const look = () => {
      const match = /Listening on (http:\/\/\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', look);
      const url = match[1];
      resolve({
        url,
        port: Number(new URL(url).port),
        child,
        output: () => out,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            // A server that ignores SIGTERM for 5 s is stuck; the test must not hang on it.
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
            await exited;
            clearTimeout(timer);
          }
          return exited;
        },
      });
    };
    child.stdout?.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`seedscope serve exited with ${code} before listening:\n${out}`));
    });
  });
}

/** Runs `seedscope serve …` expecting it to refuse to start; resolves with exit code and output. */
export function serveRefusal(extra: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, 'bin', 'seedscope.js'), 'serve', '--port', '0', ...extra],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json<T = unknown>(): T;
}

export function rawRequest(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { Host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: <T>() => JSON.parse(body.toString('utf8')) as T,
          });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** POST /api/<name> with JSON args. */
export function callApi(
  port: number,
  name: string,
  args: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return rawRequest(port, {
    method: 'POST',
    path: `/api/${name}`,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(args),
  });
}

export interface EventStream {
  /** Resolves with the first event of this name whose payload passes `match`. */
  next<T = unknown>(event: string, match?: (payload: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): void;
}

/** Opens GET /api/events and collects events as they arrive. */
export function openEvents(port: number, headers: Record<string, string> = {}): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const seen: Array<{ event: string; payload: unknown }> = [];
    const waiters = new Set<() => void>();
    const req = http.get(
      { host: '127.0.0.1', port, path: '/api/events', headers: { Host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`events answered ${res.statusCode}`));
        let buffer = '';
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString('utf8');
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.+)$/m.exec(block)?.[1];
            if (event && data) seen.push({ event, payload: JSON.parse(data) });
          }
          for (const wake of [...waiters]) wake();
        });
        resolve({
          next<T>(event: string, match: (payload: T) => boolean = () => true, timeoutMs = 30_000): Promise<T> {
            return new Promise<T>((done, fail) => {
              const check = () => {
                const hit = seen.find((e) => e.event === event && match(e.payload as T));
                if (!hit) return;
                waiters.delete(check);
                clearTimeout(timer);
                done(hit.payload as T);
              };
              const timer = setTimeout(() => {
                waiters.delete(check);
                fail(
                  new Error(
                    `no ${event} event within ${timeoutMs} ms; saw ${seen.map((e) => e.event).join(', ') || 'nothing'}`,
                  ),
                );
              }, timeoutMs);
              waiters.add(check);
              check();
            });
          },
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
  });
}
