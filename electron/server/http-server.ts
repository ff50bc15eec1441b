// The web mode: the renderer bundle, the contract over HTTP, Server-Sent Events, uploads and media, on
// 127.0.0.1 by default. The routes are documented in shared/contract.ts beside the client they serve.
import { createReadStream } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  apiPrefix,
  eventsPath,
  isRequestName,
  mediaKinds,
  uploadFileNameHeader,
  uploadPath,
} from '../../shared/contract';
import type { MediaKind } from '../../shared/contract';
import type { AppError, Result } from '../../shared/result';
import { fail } from '../../shared/result';
import { contentSecurityPolicy } from '../backend/content-security-policy';
import { allowedHostHeaders, isAllowedHost, requestToken, TOKEN_COOKIE, tokensMatch } from './access-policy';
import type { AppBackend } from '../backend/app-backend';
import { findStaticFile } from '../backend/static-files';

/** Arguments are small JSON objects; 1 MiB leaves room for 10,000 image ids and refuses a memory attack. */
const MAX_JSON_BODY = 1024 * 1024;
const MAX_DRAINED_BODY = 16 * MAX_JSON_BODY;
/** Comment lines keep idle SSE streams open through proxies and let us notice closed sockets. */
const SSE_HEARTBEAT_MS = 15_000;

export interface WebServerOptions {
  backend: AppBackend;
  host: string;
  port: number;
  token: string | null;
  rendererRoot: string;
}

export interface RunningWebServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, fail(code, message));
}

/** HTTP status for a request's answer: the Result carries domain failures; only a malformed call is a 4xx. */
function statusForResult(result: Result<unknown>): number {
  if (result.ok) return 200;
  return result.error.code === 'bad-argument' ? 400 : 200;
}

async function readJsonBody(
  req: http.IncomingMessage,
): Promise<{ ok: true; value: unknown } | { ok: false; error: AppError; status: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Past the cap the rest is read and dropped, so the client gets its 413 instead of a reset connection;
    // a body far past it is not a mistake but an attack, and the socket is cut.
    if (size > MAX_DRAINED_BODY) {
      req.destroy();
      break;
    }
    if (size <= MAX_JSON_BODY) chunks.push(chunk as Buffer);
  }
  if (size > MAX_JSON_BODY)
    return {
      ok: false,
      status: 413,
      error: {
        code: 'too-large',
        message: `Request body over ${MAX_JSON_BODY} bytes: send fewer image ids per request.`,
      },
    };
  if (size === 0) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return { ok: false, status: 400, error: { code: 'bad-argument', message: 'The request body is not valid JSON.' } };
  }
}

export function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const { backend, token } = options;
  let allowedHosts = new Set<string>();
  const sseClients = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    route(req, res).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent)
        sendError(res, 500, 'internal', `The server failed on ${req.method} ${req.url}: ${message}`);
      else res.destroy();
    });
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!isAllowedHost(req.headers.host, allowedHosts)) {
      return sendError(
        res,
        403,
        'host-not-allowed',
        `Host "${req.headers.host ?? ''}" is not this server. Open the URL seedscope serve printed.`,
      );
    }
    // Another site's page may not read our media or drive our API, even from the person's own browser.
    if (req.headers['sec-fetch-site'] === 'cross-site') {
      return sendError(res, 403, 'cross-site', 'Requests from other sites are refused.');
    }
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (token !== null) {
      const fromQuery = url.searchParams.get('token');
      if (req.method === 'GET' && fromQuery !== null && tokensMatch(fromQuery, token)) {
        url.searchParams.delete('token');
        res.writeHead(303, {
          'Set-Cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
          Location: url.pathname + url.search,
        });
        return void res.end();
      }
      if (!tokensMatch(requestToken(req.headers), token)) {
        return sendError(
          res,
          401,
          'token-required',
          'This server needs its token: open the full URL seedscope serve printed (it ends in ?token=…).',
        );
      }
    }
    const origin = req.headers.origin;
    if (req.method === 'POST' && origin !== undefined && !isAllowedHost(originHost(origin), allowedHosts)) {
      return sendError(res, 403, 'cross-origin', `Requests from ${origin} are refused.`);
    }

    const pathname = url.pathname;
    if (pathname === eventsPath && req.method === 'GET') return openEventStream(req, res);
    if (pathname === uploadPath && req.method === 'POST') return receiveUpload(req, res);
    if (pathname.startsWith(apiPrefix)) return answerRequest(req, res, pathname.slice(apiPrefix.length));
    if (pathname.startsWith('/media/')) return sendMedia(req, res, pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendError(res, 405, 'method-not-allowed', `${req.method} is not served here.`);
    return sendStatic(req, res, pathname);
  }

  async function answerRequest(req: http.IncomingMessage, res: http.ServerResponse, name: string): Promise<void> {
    if (!isRequestName(name)) return sendError(res, 404, 'unknown-request', `"${name}" is not a Seedscope request.`);
    if (req.method !== 'POST')
      return sendError(res, 405, 'method-not-allowed', `Use POST /api/${name} with JSON arguments.`);
    // A JSON content type cannot be sent by a plain cross-site form, so this also closes the CSRF route.
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      return sendError(res, 415, 'bad-content-type', 'Send the arguments as JSON (Content-Type: application/json).');
    }
    const body = await readJsonBody(req);
    if (!body.ok) return sendJson(res, body.status, { ok: false, error: body.error });
    const result = await backend.request(name, body.value);
    sendJson(res, statusForResult(result), result);
  }

  async function receiveUpload(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawName = req.headers[uploadFileNameHeader.toLowerCase()];
    if (typeof rawName !== 'string')
      return sendError(res, 400, 'bad-argument', `Send the file name in the ${uploadFileNameHeader} header.`);
    let fileName: string;
    try {
      fileName = decodeURIComponent(rawName)
        .replace(/[\u0000-\u001f/\\]/g, '_')
        .slice(0, 255);
    } catch {
      return sendError(
        res,
        400,
        'bad-argument',
        `The ${uploadFileNameHeader} header must be encodeURIComponent(file name).`,
      );
    }
    const length = req.headers['content-length'] ? Number(req.headers['content-length']) : null;
    const result = await backend.uploads.save(req, fileName, Number.isFinite(length) ? length : null);
    sendJson(res, result.ok ? 200 : result.error.code === 'too-large' ? 413 : 400, result);
  }

  async function sendMedia(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    const match = /^\/media\/([a-z]+)\/([A-Za-z0-9_-]{1,128})$/.exec(pathname);
    if (!match || !(mediaKinds as readonly string[]).includes(match[1])) {
      return sendError(res, 404, 'not-found', `No media at ${pathname}.`);
    }
    const found = await backend.mediaFile(match[1] as MediaKind, match[2]);
    if (!found.ok)
      return sendJson(
        res,
        found.error.code === 'not-found' || found.error.code === 'thumbnail-missing' ? 404 : 403,
        found,
      );
    const name = found.value.downloadName;
    res.writeHead(200, {
      'Content-Type': found.value.contentType,
      'Content-Length': found.value.size,
      'Cache-Control': name ? 'no-store' : 'private, max-age=60',
      // A sidecar download is saved, not shown: its name in ASCII for old clients and UTF-8 per RFC 6266.
      ...(name
        ? {
            'Content-Disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
          }
        : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(found.value.path)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  async function sendStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    const file = await findStaticFile(options.rendererRoot, pathname);
    if (!file) {
      if (pathname === '/' || pathname === '/index.html') {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
        return void res.end(
          `The renderer is not built (${options.rendererRoot} has no index.html). Run \`npm run build\` in the repo, then reload.\n`,
        );
      }
      return sendError(res, 404, 'not-found', `No file at ${pathname}.`);
    }
    // Hashed asset names change with their content; index.html must always be fresh.
    const cache = file.path.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600';
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.size, 'Cache-Control': cache });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file.path)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  function openEventStream(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    sseClients.add(res);
    const unsubscribe = backend.events.subscribe((message) => {
      res.write(`event: ${message.event}\ndata: ${JSON.stringify(message.payload)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), SSE_HEARTBEAT_MS);
    heartbeat.unref();
    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
      sseClients.delete(res);
    };
    req.on('close', close);
    res.on('error', close);
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      allowedHosts = allowedHostHeaders(options.host, port);
      const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
      const url = `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${port}/${token !== null ? `?token=${encodeURIComponent(token)}` : ''}`;
      resolve({
        url,
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const client of sseClients) client.end();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
