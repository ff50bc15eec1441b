// The desktop app's security decisions as pure functions, so Node tests can check them with tables of hostile
// input without an Electron binary (security.test.ts). No `electron` import here: main.ts, protocol.ts and ipc.ts
// call these and only act on the answers. The web mode sends the same CSP.
import type { MediaKind } from '../../shared/contract';
import { desktopOrigin, mediaKinds } from '../../shared/contract';
import { contentSecurityPolicy } from '../backend/content-security-policy';

export { contentSecurityPolicy };

export const appScheme = 'seedscope';
const appHost = 'app';

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The app's own pages: seedscope://app/… exactly (no other host, no credentials, no port). */
function isAppUrl(url: string): boolean {
  const u = parse(url);
  return (
    u !== null &&
    u.protocol === `${appScheme}:` &&
    u.hostname === appHost &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

/** The window only ever shows the app; every other navigation (a dropped file, a link, a redirect) is refused. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** shell.openExternal gets only web links: file:, smb:, javascript:, custom schemes could run or mount things. */
export function isSafeExternalUrl(url: string): boolean {
  const u = parse(url);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) return false;
  return u.hostname.length > 0 && u.username === '' && u.password === '';
}

export interface SenderFacts {
  /** The URL of the frame that sent the IPC message. */
  url: string;
  /** The frame is its window's main frame (not an iframe). */
  isMainFrame: boolean;
}

/** IPC is answered only for the app's own main frame: an injected iframe or a navigated page gets nothing. */
export function isTrustedSender(sender: SenderFacts | null): boolean {
  return sender !== null && sender.isMainFrame && isAppUrl(sender.url);
}

export type AppProtocolTarget = { kind: 'media'; media: MediaKind; id: string } | { kind: 'file'; urlPath: string };

/**
 * What a seedscope:// request asks for: a media item (by kind and id, resolved by the backend against indexed
 * folders and the cache) or a file of the renderer bundle (resolved by resolveStaticPath). Null = refuse.
 */
export function appProtocolTarget(url: string): AppProtocolTarget | null {
  if (!isAppUrl(url)) return null;
  const u = parse(url);
  if (!u) return null;
  const raw = u.pathname;
  // URL parsing already collapsed literal dot segments; encoded ones and backslashes are refused outright.
  if (/%2e|%2f|%5c|%00|\\/i.test(raw)) return null;
  const media = /^\/media\/([a-z]+)\/([^/]+)$/.exec(raw);
  if (media) {
    const kind = media[1] as MediaKind;
    if (!(mediaKinds as readonly string[]).includes(kind)) return null;
    let id: string;
    try {
      id = decodeURIComponent(media[2]);
    } catch {
      return null;
    }
    return /^[A-Za-z0-9_-]{1,128}$/.test(id) ? { kind: 'media', media: kind, id } : null;
  }
  if (raw.startsWith('/media/')) return null;
  return { kind: 'file', urlPath: raw };
}

export const appEntryUrl = `${desktopOrigin}/index.html`;
