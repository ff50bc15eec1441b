// The renderer bundle (Vite's dist/renderer) served by path. The same resolution serves the web mode and the
// desktop app's seedscope://app protocol, so both refuse the same hostile paths (see static-files.test.ts).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Map a URL path to a file under `root`, or null. Pure: decodes once, refuses NUL, backslashes, dot segments
 * (also percent-encoded), and anything that would resolve outside the root. Paths without an extension are the
 * single-page app's own routes and get index.html.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '.' || s === '..' || s.includes(':'))) return null;
  if (segments.length === 0) return path.join(root, 'index.html');
  const last = segments[segments.length - 1];
  if (!path.extname(last)) return path.join(root, 'index.html');
  const full = path.resolve(root, ...segments);
  const base = path.resolve(root);
  return full.startsWith(base + path.sep) ? full : null;
}

export interface StaticFile {
  path: string;
  contentType: string;
  size: number;
}

/** The file behind a URL path, if it exists as a regular file (a symlink out of the bundle is not followed). */
export async function findStaticFile(root: string, urlPath: string): Promise<StaticFile | null> {
  const full = resolveStaticPath(root, urlPath);
  if (!full) return null;
  const stat = await fs.lstat(full).catch(() => null);
  if (!stat?.isFile()) return null;
  return { path: full, contentType: contentTypeFor(full), size: stat.size };
}

/** dist/renderer, found from this compiled file (dist/electron/backend/static-files.js). */
export function defaultRendererRoot(): string {
  return path.resolve(__dirname, '..', '..', 'renderer');
}
