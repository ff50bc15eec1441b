// The HTTP plumbing both stand-in generators share: a node:http server on 127.0.0.1 with an ephemeral port, a
// bounded JSON body reader, JSON answers, an optional required Authorization header, and a close that also drops
// requests left hanging on purpose (the "timeout" failure mode).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseLosslessJson } from '../../metadata/lossless-json';

/** Largest request body a stand-in reads (img2img carries base64 images). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface StandInServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  close(): Promise<void>;
}

export type Route = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void> | void;

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export async function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  // Python's json keeps integers past 2^53 (ComfyUI seeds reach 2^64 - 1); so does this reader, as decimal strings.
  const parsed = parseLosslessJson(text);
  if (!parsed.ok) throw new Error(`request body is not JSON: ${parsed.error}`);
  return parsed.value;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Listens on 127.0.0.1 (tests only ever talk to loopback) on a port the OS picks. `authorization`, when set, is
 * the exact Authorization header every request must carry (a reverse proxy's token or A1111's --api-auth).
 */
export async function listenOnLoopback(
  route: Route,
  options: { authorization?: string; onUpgrade?: (server: http.Server) => void } = {},
): Promise<StandInServer & { server: http.Server }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (options.authorization && req.headers.authorization !== options.authorization) {
      // A1111's api.auth answers this shape (HTTPException 401 with WWW-Authenticate: Basic).
      res.setHeader('WWW-Authenticate', 'Basic');
      sendJson(res, 401, { detail: 'Incorrect username or password' });
      return;
    }
    Promise.resolve()
      .then(() => route(req, res, url))
      .catch((err: unknown) =>
        sendJson(res, 500, { error: 'StandInError', detail: err instanceof Error ? err.message : String(err) }),
      );
  });
  options.onUpgrade?.(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
