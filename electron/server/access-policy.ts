// Who may talk to the web mode. Bound to loopback it still faces every web page the person has open: a page on
// evil.example whose DNS is rebound to 127.0.0.1 reaches us with `Host: evil.example` (this hit ComfyUI's local
// server, Comfy-Org/ComfyUI#12860), so the Host header must name us. Bound to another address, anyone on the
// network can connect, so a token is required; it travels once in the URL and then as an HttpOnly cookie.
import { timingSafeEqual } from 'node:crypto';
import * as os from 'node:os';

export const TOKEN_COOKIE = 'seedscope_token';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

export function isLoopbackAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

function bracketed(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

/** Every `Host` header value that names this server: loopback names, the bound address, and, for a wildcard
 *  bind, this machine's own interface addresses and host name. */
export function allowedHostHeaders(bindHost: string, port: number): Set<string> {
  const names = new Set<string>(LOOPBACK_NAMES);
  const wildcard = bindHost === '0.0.0.0' || bindHost === '::' || bindHost === '[::]';
  if (!wildcard) names.add(bracketed(bindHost).toLowerCase());
  if (wildcard) {
    for (const list of Object.values(os.networkInterfaces())) {
      for (const entry of list ?? []) names.add(bracketed(entry.address).toLowerCase());
    }
    const hostname = os.hostname().toLowerCase();
    names.add(hostname);
    names.add(`${hostname}.local`);
  }
  const out = new Set<string>();
  for (const name of names) out.add(`${name}:${port}`);
  return out;
}

export function isAllowedHost(hostHeader: string | undefined, allowed: ReadonlySet<string>): boolean {
  return typeof hostHeader === 'string' && allowed.has(hostHeader.trim().toLowerCase());
}

export function tokensMatch(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request carries: `Authorization: Bearer …`, else the cookie set by the first page load. */
export function requestToken(headers: { authorization?: string; cookie?: string }): string | null {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === TOKEN_COOKIE) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** A token short enough to type from a phone is too short to resist guessing over a LAN. */
const MIN_TOKEN_LENGTH = 16;

/** Why the server refuses to start with these options, or null when they are safe. */
export function bindProblem(host: string, token: string | null): string | null {
  if (token !== null && token.length < MIN_TOKEN_LENGTH)
    return `--token must be at least ${MIN_TOKEN_LENGTH} characters (try: openssl rand -hex 16).`;
  if (!isLoopbackAddress(host) && token === null) {
    return `binding ${host} exposes your library to the network; pass --token <secret> (at least ${MIN_TOKEN_LENGTH} characters) as well, or leave --host out to stay on 127.0.0.1.`;
  }
  return null;
}
