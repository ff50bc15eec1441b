// HTTP to a generator: where it is, how to authenticate, and failures turned into sentences. Node 20's fetch
// refuses URLs with credentials in them, so `http://user:pass@host` becomes a Basic header here; a token becomes
// `Authorization: Bearer` (what a reverse proxy in front of a remote GPU box usually wants).
import { VerifyError, type GeneratorKind } from './generator-client';

export interface GeneratorEndpoint {
  kind: GeneratorKind;
  url: string;
  /** Bearer token. */
  token?: string;
  /** `user:password` for Basic auth (A1111 --api-auth). */
  basicAuth?: string;
  /** Longest wait for one image, ms (default 10 minutes: a big SDXL image on a slow card). */
  timeoutMs?: number;
}

export interface ResolvedEndpoint {
  kind: GeneratorKind;
  /** Origin + path prefix, no trailing slash, no credentials. */
  base: string;
  authorization: string | null;
  loopback: boolean;
  timeoutMs: number;
}

export const DEFAULT_GENERATION_TIMEOUT_MS = 10 * 60 * 1000;
/** Checks and read-backs are quick on any server that is up. */
const QUICK_TIMEOUT_MS = 30_000;

export const generatorLabel = (kind: GeneratorKind) => (kind === 'a1111' ? 'A1111' : 'ComfyUI');

function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export function resolveEndpoint(endpoint: GeneratorEndpoint): ResolvedEndpoint {
  let url: URL;
  try {
    url = new URL(endpoint.url);
  } catch {
    throw new VerifyError(
      'bad-argument',
      `${endpoint.url}: not a URL. Give the server's address, e.g. http://127.0.0.1:${endpoint.kind === 'a1111' ? 7860 : 8188}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new VerifyError(
      'bad-argument',
      `${endpoint.url}: only http:// and https:// generator addresses are supported`,
    );
  let authorization: string | null = null;
  if (endpoint.token) authorization = `Bearer ${endpoint.token}`;
  else if (endpoint.basicAuth) authorization = `Basic ${Buffer.from(endpoint.basicAuth).toString('base64')}`;
  else if (url.username)
    authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  url.username = '';
  url.password = '';
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return {
    kind: endpoint.kind,
    base,
    authorization,
    loopback: isLoopbackHost(url.hostname),
    timeoutMs: endpoint.timeoutMs ?? DEFAULT_GENERATION_TIMEOUT_MS,
  };
}

export interface CallOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  /** The body as JSON text already (recipe text writes seeds above 2^53 as bare integers). */
  bodyText?: string;
  signal?: AbortSignal;
  /** Default: the quick timeout; generation calls pass the endpoint's. */
  timeoutMs?: number;
}

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused (nothing listens there)';
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET') return 'the connection was dropped';
  if (cause?.code === 'EHOSTUNREACH' || cause?.code === 'ENETUNREACH') return 'no route to the host';
  return cause?.message ?? (err instanceof Error ? err.message : String(err));
}

/** One request; answers the Response for the caller to read, or throws a VerifyError that names the server. */
export async function callGenerator(
  endpoint: ResolvedEndpoint,
  path: string,
  options: CallOptions = {},
): Promise<Response> {
  const timeoutMs = options.timeoutMs ?? QUICK_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const headers: Record<string, string> = {};
  if (endpoint.authorization) headers.Authorization = endpoint.authorization;
  const body = options.bodyText ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const label = `${generatorLabel(endpoint.kind)} server at ${endpoint.base}`;
  let response: Response;
  try {
    response = await fetch(`${endpoint.base}${path}`, { method: options.method ?? 'GET', headers, body, signal });
  } catch (err) {
    if (options.signal?.aborted) throw new VerifyError('cancelled', 'Verify was cancelled.');
    if (timeout.aborted)
      throw new VerifyError(
        'timeout',
        `The ${label} did not answer ${path} within ${Math.round(timeoutMs / 1000)} s. Check it is not stuck (its console), or raise the timeout.`,
      );
    throw new VerifyError(
      'unreachable',
      `Cannot reach the ${label}: ${networkReason(err)}. Check it is running${endpoint.kind === 'a1111' ? ' with --api' : ''} and the address and port are right.`,
    );
  }
  if (response.status === 401 || response.status === 403) {
    throw new VerifyError(
      'unauthorized',
      `The ${label} refused the request (HTTP ${response.status}). Give its credentials: --token T, or --user NAME:PASSWORD for A1111's --api-auth.`,
    );
  }
  return response;
}

/** The body as JSON, or a VerifyError saying the server answered something else. */
export async function readJson<T>(endpoint: ResolvedEndpoint, path: string, response: Response): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new VerifyError(
      'bad-answer',
      `The ${generatorLabel(endpoint.kind)} server at ${endpoint.base} answered ${path} with something other than JSON (HTTP ${response.status}: ${text.slice(0, 120)}). Is this the right address for a ${generatorLabel(endpoint.kind)} server?`,
    );
  }
}
